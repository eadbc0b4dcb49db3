import type { DerivedStatus, RefreshResult } from '../../product/derived/refresh-derived-product.ts';

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
