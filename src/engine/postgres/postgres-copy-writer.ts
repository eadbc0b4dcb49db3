import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { FieldType } from '../../core/field-type.ts';
import { postgresDialect } from './postgres-dialect.ts';

/** Text handed to the COPY stream at a time. */
const CHUNK_CHARS = 256 * 1024;

/**
 * One value as a CSV field of `COPY … (FORMAT csv)`: NULL as an empty unquoted field, everything else quoted (so an
 * empty string stays an empty string), numbers in JavaScript's shortest round-trip form, booleans as true/false, and
 * dates and timestamps in the normalized text the platform validated.
 */
function csvField(value: unknown, type: FieldType | undefined): string {
  if (value === null || value === undefined) return '';
  if (type === 'integer' || type === 'number') {
    const n = value as number;
    if (Number.isFinite(n)) return String(n);
    return n > 0 ? 'Infinity' : n < 0 ? '-Infinity' : 'NaN';
  }
  if (type === 'boolean') return value ? 'true' : 'false';
  const text = String(value);
  return `"${text.replaceAll('"', '""')}"`;
}

/** The CSV lines of the rows, in chunks of about {@link CHUNK_CHARS} characters. */
function* csvChunks(
  rows: readonly (readonly unknown[])[],
  types: readonly FieldType[],
  prefix: ((index: number) => string) | undefined,
): Generator<string> {
  let chunk = '';
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as readonly unknown[];
    let line = prefix === undefined ? '' : prefix(i);
    for (let c = 0; c < types.length; c++) {
      if (c > 0 || prefix !== undefined) line += ',';
      line += csvField(row[c], types[c]);
    }
    chunk += `${line}\n`;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/** Options for {@link copyRows}. */
export interface CopyRowsOptions {
  /** Also write each row's position (0-based) into this first column, before the row's own columns. */
  readonly rowNumberColumn?: string;
}

/**
 * Writes rows into a table with one `COPY … FROM STDIN (FORMAT csv)`, streamed in chunks, on the caller's connection
 * and so inside the caller's transaction: the batch lands whole or not at all. `columns` names the table's columns
 * the row values go to, in row order.
 * @throws the driver's error (the caller wraps it) when PostgreSQL refuses a value or the connection fails.
 */
export async function copyRows(
  client: PoolClient,
  table: string,
  columns: readonly { readonly name: string; readonly type: FieldType }[],
  rows: readonly (readonly unknown[])[],
  options: CopyRowsOptions = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const q = postgresDialect.quoteIdent;
  const numbered = options.rowNumberColumn;
  const names = [...(numbered === undefined ? [] : [numbered]), ...columns.map((c) => c.name)].map(q);
  const stream = client.query(copyFrom(`COPY ${q(table)} (${names.join(', ')}) FROM STDIN (FORMAT csv)`));
  const prefix = numbered === undefined ? undefined : (i: number) => String(i);
  await pipeline(
    Readable.from(
      csvChunks(
        rows,
        columns.map((c) => c.type),
        prefix,
      ),
    ),
    stream,
  );
  return stream.rowCount;
}
