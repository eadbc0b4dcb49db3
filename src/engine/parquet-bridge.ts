import type { FieldType } from '../core/field-type.ts';
import { duckDbDialect } from './duckdb/duckdb-dialect.ts';
import type { EngineSession, OrderTerm, Row, TableSpec } from './engine.ts';

/** Rows moved per step between an engine and the bridge's in-memory store. */
const BATCH_ROWS = 10_000;

/** Options of the Parquet bridge. */
export interface ParquetBridgeOptions {
  /** Rows per batch (default 10,000). */
  readonly batchRows?: number;
}

/** A total order over every column, so that LIMIT/OFFSET pages of one snapshot never skip or repeat a row. */
function orderByEveryColumn(spec: TableSpec): OrderTerm[] {
  return spec.columns.map((c) => ({ column: c.name, direction: 'asc' }));
}

function toValues(spec: TableSpec, row: Row): unknown[] {
  return spec.columns.map((c) => row[c.name] ?? null);
}

/** Opens a throwaway in-memory DuckDB store (extension auto-install off, as every DuckDB instance here). */
async function openBridgeStore(): Promise<import('./engine.ts').Engine> {
  // Loaded on demand: the native binding is only needed when an engine cannot write Parquet itself.
  const { openDuckDbEngine } = await import('./duckdb/duckdb-engine.ts');
  return openDuckDbEngine({ path: ':memory:' });
}

/**
 * Writes a product table's rows, read from any engine session (paged, in one total order), to a Parquet file with
 * the column types of `spec`, through an in-memory DuckDB store; returns how many rows it wrote. For engines without
 * `capabilities.parquet`; one that has it writes the file itself with `exportTo`.
 */
export async function writeParquetFrom(
  source: EngineSession,
  spec: TableSpec,
  path: string,
  options: ParquetBridgeOptions = {},
): Promise<number> {
  const batch = options.batchRows ?? BATCH_ROWS;
  const bridge = await openBridgeStore();
  try {
    await bridge.createTable(spec);
    const orderBy = orderByEveryColumn(spec);
    for (let offset = 0; ; offset += batch) {
      const rows = await source.select(spec.name, { columns: spec.columns, orderBy, limit: batch, offset });
      if (rows.length > 0) {
        await bridge.insertRows(
          spec,
          rows.map((r) => toValues(spec, r)),
          { assumeNew: true },
        );
      }
      if (rows.length < batch) break;
    }
    return await bridge.exportTo(spec.name, { columns: spec.columns }, path, 'parquet');
  } finally {
    await bridge.close();
  }
}

/**
 * Reads a Parquet file written for `spec` back in batches of row values (in `spec.columns` order, as
 * {@link EngineSession.insertRows} takes them), through an in-memory DuckDB store.
 */
export async function* readParquetBatches(
  path: string,
  spec: TableSpec,
  options: ParquetBridgeOptions = {},
): AsyncGenerator<unknown[][], void, undefined> {
  const batch = options.batchRows ?? BATCH_ROWS;
  const bridge = await openBridgeStore();
  try {
    await bridge.createTable(spec);
    const quoted = spec.columns.map((c) => `"${c.name.replaceAll('"', '""')}"`).join(', ');
    // read_parquet takes the file name as a literal: quote it, doubling any single quote.
    await bridge.execute(
      `INSERT INTO "${spec.name.replaceAll('"', '""')}" (${quoted}) SELECT ${quoted} FROM read_parquet('${path.replaceAll("'", "''")}')`,
    );
    const orderBy = orderByEveryColumn(spec);
    for (let offset = 0; ; offset += batch) {
      const rows = await bridge.select(spec.name, { columns: spec.columns, orderBy, limit: batch, offset });
      if (rows.length > 0) yield rows.map((r) => toValues(spec, r));
      if (rows.length < batch) break;
    }
  } finally {
    await bridge.close();
  }
}

/**
 * Converts an NDJSON file (one object per line, dates and timestamps as ISO text) into a Parquet file whose columns
 * have the given types, through an in-memory DuckDB store; for engines that export NDJSON themselves but no Parquet.
 */
export async function convertNdjsonToParquet(
  ndjsonPath: string,
  columns: readonly { readonly name: string; readonly type: FieldType }[],
  parquetPath: string,
): Promise<void> {
  const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;
  const types = columns
    .map((c) => `${literal(c.name)}: ${literal(duckDbDialect.columnType(c.type))}`)
    .join(', ');
  const names = columns.map((c) => duckDbDialect.quoteIdent(c.name)).join(', ');
  const bridge = await openBridgeStore();
  try {
    // File names and column names travel as quoted literals (COPY and read_json take no parameters for them).
    await bridge.execute(
      `COPY (SELECT ${names} FROM read_json(${literal(ndjsonPath)}, format = 'newline_delimited', columns = {${types}})) TO ${literal(parquetPath)} (FORMAT parquet)`,
    );
  } finally {
    await bridge.close();
  }
}
