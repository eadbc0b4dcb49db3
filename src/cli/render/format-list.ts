import type { Scalar } from '../../core/schema.ts';
import { formatRows, type RowFormat } from './format-rows.ts';

/** How the items of a list become the flat rows of its CSV output. */
export interface FlatColumns<T> {
  readonly columns: readonly string[];
  readonly row: (item: T) => Readonly<Record<string, Scalar>>;
}

/**
 * Renders a list as `--format` asks: `json` (one array) and `ndjson` (one item a line) carry the items whole, `csv`
 * their flat columns, and `table` the command's own rendering for people.
 */
export function formatList<T>(
  items: readonly T[],
  format: RowFormat,
  flat: FlatColumns<T>,
  table: (items: readonly T[]) => string,
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(items, null, 2)}\n`;
    case 'ndjson':
      return items.map((item) => `${JSON.stringify(item)}\n`).join('');
    case 'csv':
      return formatRows(items.map(flat.row), flat.columns, 'csv', null);
    case 'table':
      return table(items);
  }
}
