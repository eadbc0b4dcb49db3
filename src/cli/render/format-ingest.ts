import { formatPath } from '../../core/errors.ts';
import type { IngestResult } from '../../product/ingest-result.ts';

/**
 * Renders an ingest result for people: counts, then each rejected record with its reasons; a file without records
 * says so instead of printing zero counts that look like success.
 */
export function formatIngestResult(
  productId: string,
  result: IngestResult,
  maxShown = 20,
  file?: string,
): string {
  if (result.total === 0)
    return `${productId}: ${file === undefined ? 'the input' : `the file ${file}`} holds no records; nothing was written\n`;
  const extra = [
    result.updated > 0 ? `${result.updated} of the accepted replaced a stored record` : undefined,
    result.skipped > 0 ? `${result.skipped} skipped (key already stored)` : undefined,
  ].filter((x) => x !== undefined);
  const lines = [
    `${productId}: ${result.accepted} accepted, ${result.rejectedCount} rejected of ${result.total} record(s)${extra.length > 0 ? `; ${extra.join(', ')}` : ''}`,
  ];
  for (const r of result.rejected.slice(0, maxShown)) {
    const where = r.line === undefined ? `record ${r.index}` : `record ${r.index} (line ${r.line})`;
    for (const issue of r.issues) {
      const path = formatPath(issue.path.slice(1));
      lines.push(`  rejected ${where}${path ? ` ${path}` : ''}: ${issue.message}`);
    }
  }
  if (result.rejectedCount > maxShown) {
    lines.push(
      `  … ${result.rejectedCount - maxShown} more rejected record(s); use --rejects <file> to keep them all`,
    );
  }
  return `${lines.join('\n')}\n`;
}
