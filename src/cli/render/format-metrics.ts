import type { ProductMetrics } from '../../product/product-metrics.ts';
import { renderPairs } from './table.ts';

/** Renders a product's metrics as a readable card. */
export function formatMetrics(m: ProductMetrics): string {
  const sla = m.sla;
  const f = m.freshness;
  const ops = Object.entries(m.accessesByOperation)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const reads = m.byDay.reduce((n, d) => n + d.reads, 0);
  const writes = m.byDay.reduce((n, d) => n + d.writes, 0);
  const active = m.byDay.filter((d) => d.reads + d.writes > 0).length;
  return renderPairs([
    ['product', `${m.productId} ${m.version}`],
    ['status', m.status],
    ['quality level', m.qualityLevel],
    ['records', String(m.totalRecords)],
    ['accesses', `${m.totalAccesses}${ops ? ` (${ops})` : ''}`],
    [
      `last ${m.byDay.length} days`,
      `${reads} reads, ${writes} writes on ${active} day${active === 1 ? '' : 's'} (--json: byDay)`,
    ],
    ['last write', f.lastWriteAt ?? 'never'],
    [
      'freshness',
      f.maxMinutes === null
        ? 'no SLA target'
        : `${f.ageMinutes === null ? 'never written' : `${f.ageMinutes} min old`}, target ${f.maxMinutes} min: ${f.stale ? 'STALE' : 'fresh'}`,
    ],
    [
      'SLA',
      `availability ${sla.availability ?? '-'}%, freshness ${sla.freshnessMinutes ?? '-'} min, completeness ${sla.completeness ?? '-'}%, accuracy ${sla.accuracy ?? '-'}%`,
    ],
  ]);
}
