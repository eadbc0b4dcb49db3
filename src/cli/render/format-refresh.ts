import type { DerivedStatus, RefreshResult } from '../../product/derived/refresh-derived-product.ts';
import type { SourceStatus } from '../../product/source-status.ts';

/** Renders what a refresh of a derived product did. */
export function formatRefresh(r: RefreshResult): string {
  const inputs = r.inputs.map(
    (i) => `  from ${i.id} ${i.version}: ${i.records} record(s), last written ${i.lastWriteAt ?? 'never'}\n`,
  );
  return `${r.productId} ${r.version} refreshed at ${r.refreshedAt}: ${r.records} record(s) (before: ${r.previousRecords})\n${inputs.join('')}`;
}

/** Renders whether a derived product is behind its inputs. */
export function formatDerivedStatus(s: DerivedStatus): string {
  const state =
    s.refreshedAt === null
      ? 'never refreshed'
      : s.stale
        ? `stale: ${s.changedInputs.join(', ')} changed since`
        : 'up to date';
  const inputs = s.inputs.map(
    (i) => `  ${i.id} ${i.version}: ${i.records} record(s), last written ${i.lastWriteAt ?? 'never'}\n`,
  );
  return `${s.productId}: ${state} (last refresh ${s.refreshedAt ?? 'never'})\n${inputs.join('')}`;
}

/** Renders how current a connector-fed product is: source, last pull, data age against the SLA freshness. */
export function formatSourceStatus(s: SourceStatus): string {
  const age = s.ageMinutes === null ? null : `${Math.round(s.ageMinutes)} min old`;
  const window = s.freshnessMinutes === null ? 'no freshness SLA' : `SLA freshness ${s.freshnessMinutes} min`;
  const state =
    s.dataAsOf === null ? 'stale: never pulled' : `${s.stale ? 'stale' : 'fresh'}: data ${age} (${window})`;
  const pull =
    s.lastPullAt === null
      ? 'never'
      : `${s.lastPullAt} (${s.lastOutcome ?? 'unknown'}${s.lastMessage ? `: ${s.lastMessage}` : ''})`;
  return `${s.productId}: ${state}\n  source: ${s.connector} (${s.upstream.join(', ') || 'no upstream recorded'})\n  last pull: ${pull}\n  data as of: ${s.dataAsOf ?? 'never'}\n  settings: ${JSON.stringify(s.settings)}\n`;
}
