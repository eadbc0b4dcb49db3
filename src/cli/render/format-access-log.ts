import type { AccessLogEntry } from '../../catalog/access-log.ts';
import { renderTable } from './table.ts';

function summarize(parameters: Readonly<Record<string, unknown>>): string {
  const text = Object.entries(parameters)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return text.length > 70 ? `${text.slice(0, 69)}…` : text;
}

/** Renders access log entries as a table. */
export function formatAccessLog(entries: readonly AccessLogEntry[]): string {
  return renderTable(
    entries.map((e) => ({
      time: e.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
      actor: e.actor,
      operation: e.operation,
      product: `${e.productId}@${e.productVersion}`,
      rows: e.rowsAffected,
      parameters: summarize(e.parameters),
    })),
    ['time', 'actor', 'operation', 'product', 'rows', 'parameters'],
  );
}
