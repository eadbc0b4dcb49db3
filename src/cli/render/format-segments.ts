import type { SegmentStatistic, SegmentStatistics } from '../../product/segments/product-segments.ts';
import { renderTable } from './table.ts';

function share(n: number): string {
  return `${Math.round(n * 100) / 100}%`;
}

/** Renders every segment of a product with its current count and share. */
export function formatSegmentStatistics(s: SegmentStatistics): string {
  if (s.segments.length === 0) {
    return `${s.productId} has no segments; create one with \`meshwork segments create ${s.productId} <name> --where "<filter>"\`\n`;
  }
  const table = renderTable(
    s.segments.map((x) => ({
      segment: x.name,
      records: x.count ?? 'withheld',
      share: x.share === null ? '-' : share(x.share),
      source: x.source,
      where: x.where,
    })),
  );
  const withheld = s.segments.flatMap((x) => (x.count === null ? [`  ${x.name}: ${x.withheld}\n`] : []));
  return `segments of ${s.productId} (${s.total} record(s) in all, counted at ${s.computedAt})\n${table}${withheld.length > 0 ? `sizes withheld:\n${withheld.join('')}` : ''}`;
}

/** Renders one segment's definition and current size. */
export function formatSegmentStatistic(s: SegmentStatistic): string {
  const by =
    s.source === 'catalog' && s.createdBy !== undefined
      ? `, created by ${s.createdBy} at ${s.createdAt ?? ''}`
      : '';
  return `segment ${s.name} of ${s.productId} (${s.source}${by}): ${s.count} record(s), ${share(s.share)} of all\n  where ${s.where}\n${s.description ? `  ${s.description}\n` : ''}`;
}
