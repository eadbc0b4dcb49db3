import { basename } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { MeshError } from '../../core/errors.ts';
import type { FieldType } from '../../core/field-type.ts';
import { type RecordSource, recordsOf, type SourceRecord } from './record-source.ts';

/** The contract's field types by field name, used to type the text values a file holds. */
export type FieldTypes = Readonly<Record<string, FieldType>>;

/** Options every Meshwork DuckDB instance is opened with: never download extensions at run time. */
const READER_OPTIONS: Readonly<Record<string, string>> = {
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
};

const BOOLEANS: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  t: true,
  f: false,
  yes: true,
  no: false,
  y: true,
  n: false,
  '1': true,
  '0': false,
};

/**
 * Types a value read from a file to its contract field: text holding a number, an integer or a boolean becomes one;
 * anything that does not convert is kept as it is, so that validation rejects it with the usual message.
 */
export function toFieldValue(value: unknown, type: FieldType | undefined): unknown {
  if (typeof value === 'bigint') {
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  }
  if (typeof value !== 'string' || type === undefined) return value;
  switch (type) {
    case 'integer':
    case 'number': {
      const text = value.trim();
      if (text === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return value;
      const n = Number(text);
      return Number.isFinite(n) ? n : value;
    }
    case 'boolean': {
      const b = BOOLEANS[value.trim().toLowerCase()];
      return b === undefined ? value : b;
    }
    case 'date': {
      // A timestamp at midnight (how spreadsheets and Parquet writers often store days) is that day.
      const m = /^(\d{4}-\d{2}-\d{2})[ T]00:00(:00(\.0+)?)?$/.exec(value);
      return m ? m[1] : value;
    }
    default:
      return value;
  }
}

/** Reads the record a row of the file makes: null cells are left out (absent), values typed to the contract. */
function toRecord(row: Record<string, DuckDBValue>, types: FieldTypes): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) {
    if (value === null) continue;
    out[name] = toFieldValue(value, types[name]);
  }
  return out;
}

/** DuckDB column types JavaScript receives as plain numbers, booleans, text or bigints. */
const PLAIN_TYPES =
  /^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|FLOAT|DOUBLE|VARCHAR)$/;
/** Numeric column types read as DOUBLE (decimals and the very wide integers). */
const NUMERIC_TYPES = /^(DECIMAL|NUMERIC|HUGEINT|UHUGEINT|UBIGINT)/;

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The select list reading every column as a plain JavaScript value: odd types cast to DOUBLE or text. */
async function castList(conn: DuckDBConnection, from: string, path: string): Promise<string> {
  const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`, [path]);
  return described
    .getRowObjects()
    .map((r) => {
      const q = quoteIdent(String(r.column_name));
      const type = String(r.column_type);
      if (PLAIN_TYPES.test(type)) return q;
      return `CAST(${q} AS ${NUMERIC_TYPES.test(type) ? 'DOUBLE' : 'VARCHAR'}) AS ${q}`;
    })
    .join(', ');
}

interface FileScan {
  /** Label for messages, e.g. `CSV`. */
  readonly kind: string;
  /** The table function reading the file, with `$1` for its path. */
  readonly from: string;
  /** Whether every column is read as text already (CSV), so that no column needs a cast. */
  readonly allText: boolean;
  /** Whether lines that are not valid CSV land in DuckDB's rejects table, to be reported after the scan. */
  readonly rejects: boolean;
}

function unreadable(path: string, kind: string, error: unknown): MeshError {
  const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  return new MeshError(
    'invalid_input',
    `${path} cannot be read as a ${kind} file: ${first}; check the file and its format`,
    {
      cause: error,
      details: { file: path },
    },
  );
}

function openScan(path: string, totalBytes: number, types: FieldTypes, scan: FileScan): RecordSource {
  let read = 0;
  let totalRows = 0;
  return {
    description: `${basename(path)} (${scan.kind.toLowerCase()})`,
    progress: () => ({
      bytesRead: totalRows === 0 ? 0 : Math.min(totalBytes, Math.round((read / totalRows) * totalBytes)),
      totalBytes,
    }),
    [Symbol.asyncIterator](): AsyncIterator<SourceRecord> {
      return recordsOf(this.chunks());
    },
    async *chunks(): AsyncGenerator<readonly SourceRecord[]> {
      const instance = await (
        await import('../../engine/duckdb/duckdb-api.ts')
      ).duckdbApi.DuckDBInstance.create(':memory:', {
        ...READER_OPTIONS,
      });
      let conn: DuckDBConnection | undefined;
      try {
        conn = await instance.connect();
        let select = '*';
        try {
          if (!scan.allText) select = await castList(conn, scan.from, path);
          // The count only drives the progress bar; CSV needs a pass over the file, Parquet reads its footer.
          const counted = await conn.runAndReadAll(`SELECT COUNT(*) AS n FROM ${scan.from}`, [path]);
          totalRows = Number(counted.getRowObjects()[0]?.n ?? 0);
        } catch (error) {
          throw unreadable(path, scan.kind, error);
        }
        const result = await conn
          .stream(`SELECT ${select} FROM ${scan.from}`, [path])
          .catch((error: unknown) => {
            throw unreadable(path, scan.kind, error);
          });
        const names = result.columnNames();
        for (;;) {
          const chunk = await result.fetchChunk().catch((error: unknown) => {
            throw unreadable(path, scan.kind, error);
          });
          if (!chunk || chunk.rowCount === 0) break;
          const block = chunk.getRowObjects(names).map((row) => ({ value: toRecord(row, types) }));
          read += block.length;
          yield block;
        }
        if (scan.rejects) {
          // The rows of the last scan only (the count scanned too); one per line (DuckDB lists a line missing columns
          // once per missing column), the first problem first.
          const rejected = await conn.runAndReadAll(
            `SELECT line, arg_min(error_message, column_idx) AS message, arg_min(error_type, column_idx) AS kind,
               arg_min(byte_position, column_idx) AS at
             FROM reject_errors
             WHERE scan_id = (SELECT MAX(scan_id) FROM reject_errors) GROUP BY line ORDER BY line`,
          );
          // The rejects table also holds the raw line, which may be personal data: report where and why only.
          const block = rejected.getRowObjects().map((r): SourceRecord => {
            const line = Number(r.line);
            return {
              value: undefined,
              line,
              error:
                String(r.kind) === 'INVALID ENCODING'
                  ? `line ${line} is not valid UTF-8 (in the cell starting at byte offset ${String(r.at)} of the file); save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)`
                  : `line ${line} is not valid CSV (${String(r.message)}); give every line the header's columns`,
            };
          });
          if (block.length > 0) yield block;
        }
      } finally {
        conn?.closeSync();
        instance.closeSync();
      }
    },
  };
}

/**
 * Reads the column names of a CSV file's header line, as the record scan will see them: the same options, since
 * without `store_rejects` one malformed line makes the sniffer take the whole header for one column.
 * @throws MeshError `invalid_input` when the file cannot be read as CSV.
 */
export async function csvColumns(path: string): Promise<string[]> {
  const instance = await (await import('../../engine/duckdb/duckdb-api.ts')).duckdbApi.DuckDBInstance.create(
    ':memory:',
    {
      ...READER_OPTIONS,
    },
  );
  try {
    const conn = await instance.connect();
    try {
      const described = await conn.runAndReadAll(
        'DESCRIBE SELECT * FROM read_csv($1, header = true, all_varchar = true, store_rejects = true)',
        [path],
      );
      return described.getRowObjects().map((r) => String(r.column_name));
    } catch (error) {
      throw unreadable(path, 'CSV', error);
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/**
 * Opens a CSV file (with a header line) as a stream of records, read through an embedded DuckDB in chunks so that
 * memory stays bounded. Cells are read as text and typed to the contract; empty cells are absent. Lines that are not
 * valid CSV (too many or too few columns) are reported as records with an error, after the valid ones.
 */
export function openCsvFile(path: string, totalBytes: number, types: FieldTypes): RecordSource {
  return openScan(path, totalBytes, types, {
    kind: 'CSV',
    from: 'read_csv($1, header = true, all_varchar = true, store_rejects = true)',
    allText: true,
    rejects: true,
  });
}

/**
 * Opens a Parquet file as a stream of records, read through an embedded DuckDB in chunks. Dates and timestamps come
 * as text, decimals as numbers, and text values are typed to the contract.
 */
export function openParquetFile(path: string, totalBytes: number, types: FieldTypes): RecordSource {
  return openScan(path, totalBytes, types, {
    kind: 'Parquet',
    from: 'read_parquet($1)',
    allText: false,
    rejects: false,
  });
}
