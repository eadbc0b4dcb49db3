import type { Domain } from '../../catalog/domain-registry.ts';
import type { OutputPort } from '../../catalog/output-ports.ts';
import type { ProductVersionEntry } from '../../catalog/product-registry.ts';
import type { QualityRunSummary } from '../../catalog/quality-run-store.ts';
import type { IngestRun } from '../../catalog/write-journal.ts';
import type { ProductDescriptor } from '../../core/descriptor.ts';
import type { Lineage, LineageNode } from '../../core/lineage.ts';
import type { DeprecationNotice } from '../../product/data-product.ts';
import type { SlaStatus } from '../../product/quality/quality-report.ts';
import { renderPairs, renderTable } from './table.ts';

/** Everything a product card shows. */
export interface ProductCard {
  readonly descriptor: ProductDescriptor;
  /**
   * Ingest runs cut short, newest first; null when the reader may not read the product's data. The card holds catalog
   * facts only: the live record count and usage are `meshwork metrics` (an audited read of the data).
   */
  readonly interruptedIngests: readonly IngestRun[] | null;
  /** The latest quality run, or null when the product was never checked. */
  readonly quality: QualityRunSummary | null;
  readonly lineage: Lineage;
  /** The product's domain as the catalog describes it, or null when it was never registered. */
  readonly domain: Domain | null;
  /** Every recorded version, oldest first. */
  readonly versions: readonly ProductVersionEntry[];
  readonly outputPorts: readonly OutputPort[];
  /** What `deprecate` recorded (sunset and reason), or null when the product is not deprecated. */
  readonly deprecation: DeprecationNotice | null;
  /** The SLA measured now (see `measureSla`): `unknown` while a declared target cannot be measured. */
  readonly slaStatus: SlaStatus;
}

function slaStatusText(s: SlaStatus): string {
  if (s.declaredTargets === 0) return 'no targets declared';
  const unmeasured = [
    s.freshness.targetMinutes !== null && s.freshness.met === null ? 'freshness' : undefined,
    s.completeness.target !== null && s.completeness.met === null ? 'completeness' : undefined,
    s.accuracy.target !== null && s.accuracy.met === null ? 'accuracy' : undefined,
    s.availability.target !== null && s.availability.met === null ? 'availability' : undefined,
  ].filter((x) => x !== undefined);
  return `${s.verdict} (${s.measuredTargets} of ${s.declaredTargets} declared target(s) measured${unmeasured.length > 0 ? `; not measured: ${unmeasured.join(', ')}` : ''})`;
}

function domainText(card: ProductCard): string {
  const d = card.domain;
  if (d === null) return card.descriptor.domain;
  const about = [d.description, d.ownerTeam === null ? null : `owner team ${d.ownerTeam}`].filter(
    (x) => x !== null,
  );
  return about.length > 0 ? `${d.name} — ${about.join('; ')}` : d.name;
}

function portText(p: OutputPort): string {
  const read =
    p.readAs === undefined ? 'query, export' : `query --version ${p.readAs}, export --version ${p.readAs}`;
  return `${p.name}: version ${p.version} in table ${p.table}; ${read} ${p.exportFormats.join('/')}`;
}

function pct(n: number | null): string {
  return n === null ? 'n/a' : `${Math.round(n * 100) / 100}%`;
}

function sla(d: ProductDescriptor): string {
  const s = d.sla;
  const parts = [
    s.availability === undefined ? undefined : `availability ${s.availability}%`,
    s.freshnessMinutes === undefined ? undefined : `freshness ${s.freshnessMinutes} min`,
    s.completeness === undefined ? undefined : `completeness ${s.completeness}%`,
    s.accuracy === undefined ? undefined : `accuracy ${s.accuracy}%`,
  ].filter((x) => x !== undefined);
  return parts.length > 0 ? parts.join(', ') : 'none declared';
}

function node(n: LineageNode): string {
  if (n.kind === 'external') return `${n.id} (external)`;
  return `${n.id}${n.status ? ` (${n.status})` : ''}`;
}

/** What the catalog knows of the record count: the last quality run's, and whether writes came after it. */
function recordsText(card: ProductCard): string {
  const q = card.quality;
  const lastWrite = card.slaStatus.freshness.lastWriteAt;
  const writes = lastWrite === null ? 'never written' : `last write ${lastWrite}`;
  if (q === null) return `not counted by a quality run yet; ${writes}`;
  const since = lastWrite !== null && lastWrite > q.checkedAt ? 'written since' : 'no write since';
  return `${q.totalRecords} when quality run ${q.runId} counted them (${q.checkedAt}); ${since}, ${writes}`;
}

/** Renders a product card: identity, ownership, state, SLA, quality, usage, the schema with badges, and lineage. */
export function formatProductCard(card: ProductCard): string {
  const d = card.descriptor;
  const q = card.quality;
  const quality =
    q === null
      ? `${d.qualityLevel} declared; not measured yet (run \`meshwork quality ${d.id}\`)`
      : q.verdict === 'no_data'
        ? // A run on no records measured nothing (publish runs one, often before any ingest): say so, not a level.
          `${d.qualityLevel} declared; not measured yet: run ${q.runId} at ${q.checkedAt} found no records (run \`meshwork quality ${d.id}\`)`
        : `${d.qualityLevel} declared; measured ${q.derivedLevel} (run ${q.runId} at ${q.checkedAt}: ${q.verdict.toUpperCase()}, completeness ${pct(q.completeness)}, validity ${pct(q.validity)}, uniqueness ${pct(q.uniqueness)})`;
  const header = `${d.id} — ${d.name}\n${d.description ? `${d.description}\n` : ''}\n`;
  const pairs = renderPairs([
    ['id', d.id],
    ['name', d.name],
    ['owner', d.owner],
    ['domain', domainText(card)],
    ['status', d.status],
    ...((card.deprecation === null
      ? []
      : [
          [
            'deprecated',
            `since ${card.deprecation.at.slice(0, 10)}; sunset ${card.deprecation.sunset ?? 'not given'}; reason: ${card.deprecation.reason ?? 'not given'}`,
          ],
        ]) as [string, string][]),
    ['version', d.version],
    [
      'versions',
      card.versions.map((v) => `${v.version} (${v.status}, ${v.recordedAt.slice(0, 10)})`).join(', ') ||
        d.version,
    ],
    ['output ports', card.outputPorts.map(portText).join('; ') || 'none'],
    ['quality level', quality],
    ['tags', d.tags.length > 0 ? d.tags.join(', ') : '-'],
    ['SLA', sla(d)],
    ['SLA status', slaStatusText(card.slaStatus)],
    ['records', recordsText(card)],
    [
      'usage',
      card.interruptedIngests === null
        ? `live record count and usage are for readers: meshwork access request ${d.id} --purpose "…"`
        : `live record count and usage: meshwork metrics ${d.id}`,
    ],
    ...(card.interruptedIngests ?? []).map((r): [string, string] => [
      'interrupted ingest',
      `run ${r.runId} by ${r.actor}, started ${r.startedAt}, did not finish: ${r.rowsCommitted} row(s) in ${r.batches} batch(es) committed (each audited as ingest_batch)`,
    ]),
    ['created', d.createdAt],
    ['updated', d.updatedAt],
  ]);
  const key = new Set(d.schema.primaryKey);
  const schema = renderTable(
    d.schema.fields.map((f) => ({
      field: f.name,
      type: f.type,
      required: f.required ? 'yes' : 'no',
      key: key.has(f.name) ? 'PK' : '',
      pii: f.pii ? `PII${f.masking ? ` (${f.masking})` : ''}` : '',
      description: f.description ?? '',
    })),
    ['field', 'type', 'required', 'key', 'pii', 'description'],
  );
  const rules =
    d.schema.rules.length === 0
      ? ''
      : `rules:\n${d.schema.rules.map((r) => `  ${r.name}: ${r.check}${r.description ? ` — ${r.description}` : ''}\n`).join('')}`;
  const up = card.lineage.upstream;
  const down = card.lineage.downstream;
  const lineage = `lineage:\n  upstream:   ${up.length === 0 ? 'none' : up.map(node).join(', ')}\n  downstream: ${down.length === 0 ? 'none' : down.map(node).join(', ')}\n`;
  const keyText = d.schema.primaryKey.length > 0 ? `key ${d.schema.primaryKey.join(', ')}` : 'no key';
  return `${header}${pairs}\nschema (${d.schema.fields.length} field(s), ${keyText}):\n${schema}${rules}\n${lineage}`;
}
