import type { Scalar } from '../../core/schema.ts';
import type { AnalyticsResult, BreakdownResult } from '../../product/analytics/analytics-result.ts';
import { renderPairs, renderTable } from './table.ts';

function value(v: Scalar): string {
  if (v === null) return '-';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : (Math.round(v * 100) / 100).toFixed(2);
  return String(v);
}

/** Renders one breakdown as a titled table. */
export function formatBreakdown(b: BreakdownResult): string {
  const order = `${b.orderBy.by} ${b.orderBy.direction}`;
  const top = b.top === undefined ? '' : `, top ${b.top}`;
  const by = b.bucket === undefined ? b.by : `${b.by} per ${b.bucket}`;
  const title = `${b.name} (by ${by}, ${order}${top})${b.description ? ` — ${b.description}` : ''}`;
  return `${title}\n${renderTable(b.rows, [b.key, ...b.measures])}`;
}

/** Renders a product's declared analytics: the measures as a card, then each breakdown as a table. */
export function formatAnalytics(a: AnalyticsResult): string {
  const scope = [a.segment === undefined ? undefined : `segment ${a.segment}`, a.filter ?? undefined].filter(
    (x) => x !== undefined,
  );
  const header = `analytics of ${a.productId} ${a.version}${scope.length > 0 ? ` (${scope.join(': ')})` : ' (all records)'}, data as of ${a.lastWriteAt ?? 'never written'}\n`;
  if (a.measures.length === 0 && a.breakdowns.length === 0) {
    return `${header}(no analytics declared; add an analytics section to the product descriptor)\n`;
  }
  const parts = [header];
  if (a.measures.length > 0) parts.push(renderPairs(a.measures.map((m) => [m.name, value(m.value)])));
  for (const b of a.breakdowns) parts.push(`\n${formatBreakdown(b)}`);
  return parts.join('');
}
