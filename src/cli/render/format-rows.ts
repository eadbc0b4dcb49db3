import { escapeFormulaText } from '../../core/csv-formula.ts';
import type { Scalar } from '../../core/schema.ts';
import { renderTable } from './table.ts';

/** Output formats for rows. */
export const ROW_FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
/** A row output format. */
export type RowFormat = (typeof ROW_FORMATS)[number];

/** Options for {@link formatRows}. */
export interface FormatRowsOptions {
  /** CSV: prefix `'` to text cells a spreadsheet would run as a formula (default true); numbers are never changed. */
  readonly formulaEscape?: boolean;
}

function csvCell(value: Scalar | undefined, formulaEscape: boolean): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'string' && formulaEscape ? escapeFormulaText(value) : String(value);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Renders rows in one of the row formats. */
export function formatRows(
  rows: readonly Readonly<Record<string, Scalar>>[],
  columns: readonly string[],
  format: RowFormat,
  nextCursor: string | null,
  options: FormatRowsOptions = {},
): string {
  const escapeFormulas = options.formulaEscape !== false;
  switch (format) {
    case 'table':
      return renderTable(rows, columns);
    case 'json':
      return `${JSON.stringify({ rows, nextCursor }, null, 2)}\n`;
    case 'ndjson':
      return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
    case 'csv':
      return `${[columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c], escapeFormulas)).join(','))].join('\n')}\n`;
  }
}
