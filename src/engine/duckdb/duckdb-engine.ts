import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DuckDBInstance, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { MeshError } from '../../core/errors.ts';
import type { FieldType } from '../../core/field-type.ts';
import type { Filter } from '../../core/filter/ast.ts';
import type { Scalar } from '../../core/schema.ts';
import type {
  CarryOverResult,
  CarryOverSpec,
  CreateTableOptions,
  AggregateSpec,
  Engine,
  EngineCapabilities,
  InterruptibleEngine,
  EngineSession,
  ExportFormat,
  ExportSpec,
  InsertOptions,
  InsertResult,
  OpenTransaction,
  Row,
  SelectSpec,
  TableColumn,
  TableSpec,
  TransactionOptions,
} from '../engine.ts';
import type { QueryShape } from '../query-shape.ts';
import { SqlBuilder } from '../sql/sql-builder.ts';
import { duckdbApi } from './duckdb-api.ts';
import { type ChunkColumnKind, ChunkWriter } from './duckdb-chunk-writer.ts';
import { duckDbDialect } from './duckdb-dialect.ts';
import { GuardedConnection } from './duckdb-guarded-connection.ts';
import { toQueryShape } from './duckdb-query-shape.ts';
import {
  acquireInstance,
  hasInstance,
  ISOLATED_OPTIONS,
  instanceQueue,
  isReadOnlyInstance,
  newMemoryKey,
  type OperationQueue,
  releaseInstance,
} from './duckdb-instance-registry.ts';

/** Options for {@link openDuckDbEngine}. */
export interface DuckDbEngineOptions {
  /** Database file, or `:memory:` for a throwaway in-memory store. */
  readonly path: string;
  /**
   * Open the file with DuckDB's `access_mode: READ_ONLY`: nothing is written (not even a checkpoint), and several
   * processes may read the same file at once. Implies `create: false`. Default false.
   */
  readonly readOnly?: boolean;
  /** Create the file (and its folder) when it does not exist. Default true; false refuses a missing file (`not_found`). */
  readonly create?: boolean;
  /**
   * DuckDB's `memory_limit` in bytes. It is a setting of the process's one instance of the file, so the last handle
   * opened with a limit sets it for every handle of that file. Default: DuckDB's (80% of the machine's memory).
   */
  readonly memoryLimitBytes?: number;
}

/** The bytes a DuckDB database file holds at offset 8 (its header's magic). */
const DUCKDB_MAGIC = 'DUCK';

/**
 * Refuses a path that is not a DuckDB store before DuckDB reads it: a missing file when it must exist, an empty
 * file, and a file of another kind, each with one line naming the path and what to do.
 * @throws MeshError `not_found` for a missing file that may not be created; `invalid_input` for an empty or foreign file.
 */
function assertDuckDbFile(location: string, mayCreate: boolean): void {
  if (!existsSync(location)) {
    if (mayCreate) return;
    throw new MeshError(
      'not_found',
      `no store at ${location}: check --store (or $MESHWORK_STORE); \`meshwork create <product.yaml>\`, \`meshwork publish <folder>\` or \`meshwork demo\` create one`,
      { details: { store: location } },
    );
  }
  const stat = statSync(location);
  if (stat.isDirectory()) {
    throw new MeshError(
      'invalid_input',
      `the store ${location} is a folder, not a DuckDB file: point --store at the file, e.g. ${location}/mesh.duckdb`,
      { details: { store: location } },
    );
  }
  if (stat.size === 0) {
    throw new MeshError(
      'invalid_input',
      `the store ${location} is an empty file (0 bytes), not a DuckDB database: point --store at a Meshwork store, or delete the file and let a command that writes create it`,
      { details: { store: location } },
    );
  }
  const header = Buffer.alloc(12);
  const fd = openSync(location, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (read < header.length || header.toString('latin1', 8, 12) !== DUCKDB_MAGIC) {
    throw new MeshError(
      'invalid_input',
      `the store ${location} is not a DuckDB database (its header lacks DuckDB's magic bytes): point --store at a Meshwork store file`,
      { details: { store: location } },
    );
  }
}

/**
 * How a validated value of each field type travels to DuckDB in a chunk; the appender casts it to the column's
 * type (integers arrive as JS numbers, dates and timestamps as their normalized text).
 */
const CHUNK_KINDS: Readonly<Record<FieldType, ChunkColumnKind>> = {
  string: 'varchar',
  integer: 'double',
  number: 'double',
  boolean: 'boolean',
  date: 'varchar',
  timestamp: 'varchar',
};

/** Column types of the temporary key stage, matching {@link CHUNK_KINDS}. */
const STAGE_SQL_TYPES: Readonly<Record<FieldType, string>> = {
  string: 'VARCHAR',
  integer: 'DOUBLE',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'VARCHAR',
  timestamp: 'VARCHAR',
};

/** DuckDB's COPY options per export format; `json` writes one object per line (NDJSON). */
const COPY_OPTIONS: Readonly<Record<ExportFormat, string>> = {
  csv: 'FORMAT csv, HEADER true',
  ndjson: 'FORMAT json',
  parquet: 'FORMAT parquet',
};

function toScalar(value: DuckDBValue): Scalar {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    return value;
  }
  if (typeof value === 'bigint') return Number(value);
  return String(value);
}

function toRows(objects: Record<string, DuckDBValue>[]): Row[] {
  return objects.map((o) => {
    const row: Row = {};
    for (const [k, v] of Object.entries(o)) row[k] = toScalar(v);
    return row;
  });
}

/**
 * The types to bind parameters with, where DuckDB's own guess fails: it binds a whole JavaScript number as BIGINT,
 * so a whole number beyond the int64 range (say -9.2e18 or 1e300, both plain doubles) would fail to bind; those go
 * as DOUBLE. Undefined when every guess holds (the usual case).
 */
function paramTypes(params: readonly Scalar[]): DuckDBType[] | undefined {
  if (!params.some((p) => typeof p === 'number' && Number.isInteger(p) && !Number.isSafeInteger(p)))
    return undefined;
  return params.map((p) =>
    typeof p === 'number' && Number.isInteger(p) && !Number.isSafeInteger(p) ? duckdbApi.DOUBLE : undefined,
  ) as DuckDBType[];
}

/** Turns a DuckDB failure into a MeshError that says what happened without leaking internals. */
function wrapError(error: unknown, what: string): MeshError {
  if (error instanceof MeshError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/Could not set lock|Conflicting lock/i.test(message)) {
    const holder = /\(PID (\d+)\)/.exec(message)?.[1];
    const by = holder === undefined ? 'another process' : `process ${holder}`;
    return new MeshError(
      'storage_unavailable',
      `${what}: the store is in use by ${by}; to share it, run \`meshwork serve\` on it and point the other commands at the server with --server (or close that process, or point --store at another file)`,
      { cause: error },
    );
  }
  const engineMessage = message.split('\n')[0] ?? message;
  if (/read-only mode|read only mode/i.test(message)) {
    return new MeshError(
      'storage_unavailable',
      `${what}: the store was opened read-only, and this operation writes; run it with a command that opens the store to write`,
      { cause: error },
    );
  }
  if (/constraint|duplicate key/i.test(message)) {
    // Which constraint, so that a writer can tell a stored key (skip or report it) from a value the table refuses.
    const constraint = /NOT NULL/i.test(message)
      ? 'not_null'
      : /CHECK constraint/i.test(message)
        ? 'check'
        : /duplicate key|PRIMARY KEY|UNIQUE/i.test(message)
          ? 'key'
          : 'other';
    return new MeshError('conflict', `${what}: ${engineMessage}`, {
      cause: error,
      details: { constraint, engineMessage },
    });
  }
  if (/Out of Memory Error/i.test(message)) {
    return new MeshError(
      'storage_unavailable',
      `${what}: the statement needed more memory than the engine may use (${engineMessage.replace(/^Out of Memory Error:\s*/i, '')}); narrow it (a filter, fewer columns or groups), or raise the memory limit (\`meshwork serve --memory-limit\`, the \`memoryLimit\` option of Mesh.open)`,
      { cause: error, details: { reason: 'memory_limit', engineMessage } },
    );
  }
  if (
    /IO Error|Permission denied|No such file|database has been invalidated|connection.*closed|closed connection|out of memory|No space left/i.test(
      message,
    )
  ) {
    return new MeshError('storage_unavailable', `${what}: ${engineMessage}`, {
      cause: error,
      details: { engineMessage },
    });
  }
  return new MeshError('internal', `${what}: ${engineMessage}`, { cause: error, details: { engineMessage } });
}

/** Rolls back the session's transaction, if it still has one: DuckDB aborts it itself on some errors. */
async function rollbackQuietly(session: DuckDbSession): Promise<void> {
  try {
    await session.execute('ROLLBACK');
  } catch {
    // The transaction is already gone; the error that led here is the one to report.
  }
}

function columnMap(columns: readonly TableColumn[]): Map<string, TableColumn> {
  return new Map(columns.map((c) => [c.name, c]));
}

class DuckDbSession implements EngineSession {
  readonly #conn: GuardedConnection;
  readonly #sql = new SqlBuilder(duckDbDialect);
  /** Column types of product tables, learnt from DDL or the information schema. */
  readonly #tables: Map<string, Map<string, TableColumn>>;

  constructor(conn: GuardedConnection, tables: Map<string, Map<string, TableColumn>>) {
    this.#conn = conn;
    this.#tables = tables;
  }

  async execute(sql: string, params: readonly Scalar[] = []): Promise<number> {
    try {
      // A COMMIT is left to finish when the store closes meanwhile: the batch is then stored whole or not at all.
      const result = await this.#conn.use((c) => c.run(sql, [...params], paramTypes(params)), {
        uninterruptible: /^\s*COMMIT\b/i.test(sql),
      });
      return result.rowsChanged;
    } catch (error) {
      throw wrapError(error, 'running a statement');
    }
  }

  async query(sql: string, params: readonly Scalar[] = []): Promise<Row[]> {
    try {
      const reader = await this.#conn.use((c) => c.runAndReadAll(sql, [...params], paramTypes(params)));
      return toRows(reader.getRowObjects());
    } catch (error) {
      throw wrapError(error, 'running a query');
    }
  }

  async describeQuery(sql: string): Promise<QueryShape> {
    let json: unknown;
    try {
      // json_serialize_sql only parses: nothing in the text is bound, planned or run.
      const reader = await this.#conn.use((c) =>
        c.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS tree', [sql]),
      );
      const tree = reader.getRowObjects()[0]?.tree;
      json = JSON.parse(typeof tree === 'string' ? tree : 'null');
    } catch (error) {
      throw wrapError(error, 'parsing a query');
    }
    return toQueryShape(json);
  }

  async tableExists(name: string): Promise<boolean> {
    const rows = await this.query(
      "SELECT 1 AS one FROM information_schema.tables WHERE table_name = $1 AND table_schema = 'main'",
      [name],
    );
    return rows.length > 0;
  }

  async createTable(spec: TableSpec, options: CreateTableOptions = {}): Promise<void> {
    const exclusive = options.exclusive === true;
    for (const statement of this.#sql.createTable(spec, exclusive)) {
      try {
        await this.execute(statement);
      } catch (error) {
        const engineMessage = (error as MeshError).details?.engineMessage;
        if (exclusive && typeof engineMessage === 'string' && /already exists/i.test(engineMessage)) {
          throw new MeshError('already_exists', `the store already has a table ${spec.name}`, {
            cause: error,
            details: { table: spec.name },
          });
        }
        throw error;
      }
    }
    this.#tables.set(spec.name, columnMap(spec.columns));
  }

  async addColumn(table: string, column: TableColumn): Promise<void> {
    const q = duckDbDialect.quoteIdent;
    await this.execute(
      `ALTER TABLE ${q(table)} ADD COLUMN IF NOT EXISTS ${q(column.name)} ${duckDbDialect.columnType(column.type)}`,
    );
    this.#tables.delete(table);
  }

  async dropTable(name: string): Promise<void> {
    await this.execute(`DROP TABLE IF EXISTS ${duckDbDialect.quoteIdent(name)}`);
    this.#tables.delete(name);
  }

  async #columns(table: string): Promise<Map<string, TableColumn>> {
    const known = this.#tables.get(table);
    if (known) return known;
    // PRAGMA table_info looks the one table up by name (0.7 ms whatever the number of tables); the information
    // schema builds every table's columns first (19 ms at 2,000 tables, growing with the catalog; BENCHMARKS.md,
    // "Scaling, small writes and publish"). It takes the name as a literal only.
    let rows: Row[];
    try {
      rows = await this.query(`PRAGMA table_info('${table.replaceAll("'", "''")}')`);
    } catch (error) {
      const engineMessage = error instanceof MeshError ? error.details?.engineMessage : undefined;
      if (typeof engineMessage === 'string' && /does not exist/i.test(engineMessage))
        throw new MeshError('not_found', `table ${table} does not exist in the store`, { cause: error });
      throw error;
    }
    if (rows.length === 0) throw new MeshError('not_found', `table ${table} does not exist in the store`);
    const types: Record<string, FieldType> = {
      VARCHAR: 'string',
      BIGINT: 'integer',
      DOUBLE: 'number',
      BOOLEAN: 'boolean',
      DATE: 'date',
      TIMESTAMP: 'timestamp',
    };
    const map = new Map<string, TableColumn>();
    for (const r of [...rows].sort((a, b) => Number(a.cid) - Number(b.cid))) {
      const name = String(r.name);
      map.set(name, { name, type: types[String(r.type)] ?? 'string', notNull: r.notnull === true });
    }
    this.#tables.set(table, map);
    return map;
  }

  /**
   * Writes rows straight into the product table through DuckDB's appender, inside the caller's transaction, so
   * a failure anywhere rolls the whole batch back. Rows whose primary key is already stored are left out and
   * reported; keys repeated inside `rows` are the caller's to catch (the ingest pipeline does).
   */
  async insertRows(
    spec: TableSpec,
    rows: readonly (readonly unknown[])[],
    options: InsertOptions = {},
  ): Promise<InsertResult> {
    if (rows.length === 0) return { inserted: 0, duplicateIndexes: [] };
    let duplicateIndexes: number[] = [];
    let toWrite = rows;
    if (options.replaceStored === true && spec.primaryKey.length > 0) {
      // Delete the stored rows of the incoming keys, then append every row, in the caller's transaction.
      const replaced = (await this.#isEmpty(spec.name)) ? 0 : await this.#deleteStoredKeys(spec, rows);
      await this.#append(spec.name, spec.columns, rows, 'main', await this.#tableOrder(spec));
      return { inserted: rows.length, duplicateIndexes: [], replaced };
    }
    if (spec.primaryKey.length > 0 && options.assumeNew !== true && !(await this.#isEmpty(spec.name))) {
      duplicateIndexes = await this.#storedKeyIndexes(spec, rows);
      if (duplicateIndexes.length > 0) {
        const skip = new Set(duplicateIndexes);
        toWrite = rows.filter((_, i) => !skip.has(i));
      }
    }
    await this.#append(spec.name, spec.columns, toWrite, 'main', await this.#tableOrder(spec));
    return { inserted: toWrite.length, duplicateIndexes };
  }

  /** Where each column of the stored table takes its value from in a row of `spec.columns` (-1: none). */
  async #tableOrder(spec: TableSpec): Promise<number[]> {
    const stored = [...(await this.#columns(spec.name)).keys()];
    const positions = new Map(spec.columns.map((c, i) => [c.name, i]));
    return stored.map((name) => positions.get(name) ?? -1);
  }

  async #isEmpty(table: string): Promise<boolean> {
    const rows = await this.query(`SELECT 1 AS one FROM ${duckDbDialect.quoteIdent(table)} LIMIT 1`);
    return rows.length === 0;
  }

  /** Positions of rows whose key is stored. */
  async #storedKeyIndexes(spec: TableSpec, rows: readonly (readonly unknown[])[]): Promise<number[]> {
    return this.#withKeyStage(spec, rows, async (stage, match) => {
      const found = await this.query(
        `SELECT CAST(s.mw_row AS INTEGER) AS i FROM ${stage} s JOIN ${duckDbDialect.quoteIdent(spec.name)} t ON ${match} ORDER BY 1`,
      );
      return found.map((r) => Number(r.i));
    });
  }

  /** Deletes the stored rows whose key is one of the rows' keys (one set-based DELETE); returns how many. */
  async #deleteStoredKeys(spec: TableSpec, rows: readonly (readonly unknown[])[]): Promise<number> {
    return this.#withKeyStage(spec, rows, (stage, match) =>
      this.execute(`DELETE FROM ${duckDbDialect.quoteIdent(spec.name)} t USING ${stage} s WHERE ${match}`),
    );
  }

  /** Stages only the batch's keys in a temporary table and runs `use` with its name and the join condition. */
  async #withKeyStage<T>(
    spec: TableSpec,
    rows: readonly (readonly unknown[])[],
    use: (stage: string, match: string) => Promise<T>,
  ): Promise<T> {
    const q = duckDbDialect.quoteIdent;
    const byName = columnMap(spec.columns);
    const keyColumns = spec.primaryKey.map((k) => {
      const column = byName.get(k);
      if (!column)
        throw new MeshError('internal', `primary key ${k} of ${spec.name} is not one of its columns`);
      return column;
    });
    const positions = keyColumns.map((c) => spec.columns.indexOf(c));
    const stage = `mw_keys__${spec.name}`;
    const stageColumns: TableColumn[] = [{ name: 'mw_row', type: 'integer', notNull: true }, ...keyColumns];
    await this.execute(
      `CREATE OR REPLACE TEMP TABLE ${q(stage)} (${stageColumns.map((c) => `${q(c.name)} ${STAGE_SQL_TYPES[c.type]}`).join(', ')})`,
    );
    try {
      const keyRows = rows.map((row, i) => [i, ...positions.map((p) => row[p])]);
      await this.#append(stage, stageColumns, keyRows, 'temp');
      const match = spec.primaryKey.map((k) => `t.${q(k)} = s.${q(k)}`).join(' AND ');
      return await use(q(stage), match);
    } finally {
      await this.execute(`DROP TABLE IF EXISTS ${q(stage)}`);
    }
  }

  /**
   * Appends rows through one DuckDB appender, a chunk at a time ({@link ChunkWriter}). Dates and timestamps go in
   * as their normalized text and DuckDB casts them; `order` maps each stored column to a row position when the
   * table's column order differs.
   */
  async #append(
    table: string,
    columns: readonly TableColumn[],
    rows: readonly (readonly unknown[])[],
    schema: 'main' | 'temp',
    order?: readonly number[],
  ): Promise<void> {
    if (rows.length === 0) return;
    try {
      // One guarded call from creating the appender to closing it: the connection never closes under it.
      await this.#conn.use(async (conn) => {
        const appender =
          schema === 'temp'
            ? await conn.createAppender(table, 'main', 'temp')
            : await conn.createAppender(table);
        const positions = order ?? columns.map((_, i) => i);
        const kinds = positions.map((p) => {
          const column = columns[p];
          return column ? CHUNK_KINDS[column.type] : null;
        });
        let done = false;
        try {
          new ChunkWriter(kinds, positions).append(appender, rows);
          appender.flushSync();
          done = true;
        } finally {
          if (done) appender.closeSync();
          else {
            // Drop what the appender still buffers; the caller's transaction rolls back the rest. Closing may fail
            // too (DuckDB aborts the transaction on a constraint violation), and the first error is the one to report.
            try {
              appender.clear();
              appender.closeSync();
            } catch {}
          }
        }
      });
    } catch (error) {
      throw wrapError(error, `writing rows to ${table}`);
    }
  }

  async select(table: string, spec: SelectSpec): Promise<Row[]> {
    const st = this.#sql.select(table, spec, await this.#columns(table));
    return this.query(st.sql, st.params);
  }

  async carryOver(spec: CarryOverSpec): Promise<CarryOverResult> {
    const st = this.#sql.carryOver(spec);
    const copied = await this.execute(st.insert.sql, st.insert.params);
    const rejected = Number((await this.query(st.countRejected.sql, st.countRejected.params))[0]?.n ?? 0);
    const rows = rejected === 0 ? [] : await this.query(st.rejects.sql, st.rejects.params);
    const rejects = rows.map((r) => ({
      key: Object.fromEntries(spec.keyColumns.map((k, i) => [k.name, r[`__mw_key_${i}`] ?? null])),
      reasons: String(r.__mw_reasons ?? '')
        .split('; ')
        .filter((x) => x !== ''),
    }));
    return { copied, rejected, rejects };
  }

  async count(table: string, where?: Filter): Promise<number> {
    const st = this.#sql.count(table, where, await this.#columns(table));
    const rows = await this.query(st.sql, st.params);
    return Number(rows[0]?.n ?? 0);
  }

  async countEach(table: string, filters: readonly Filter[]): Promise<{ total: number; counts: number[] }> {
    const st = this.#sql.countEach(table, filters, await this.#columns(table));
    const row = (await this.query(st.sql, st.params))[0] ?? {};
    return { total: Number(row.n ?? 0), counts: filters.map((_, i) => Number(row[`n${i}`] ?? 0)) };
  }

  async update(
    table: string,
    where: Filter,
    changes: readonly { column: TableColumn; value: Scalar }[],
  ): Promise<number> {
    if (changes.length === 0) return 0;
    const st = this.#sql.update(table, where, changes, await this.#columns(table));
    return this.execute(st.sql, st.params);
  }

  async delete(table: string, where: Filter): Promise<number> {
    const st = this.#sql.delete(table, where, await this.#columns(table));
    return this.execute(st.sql, st.params);
  }

  async aggregate(table: string, spec: AggregateSpec): Promise<Row[]> {
    const st = this.#sql.aggregate(table, spec, await this.#columns(table));
    return this.query(st.sql, st.params);
  }

  async exportTo(table: string, spec: ExportSpec, path: string, format: ExportFormat): Promise<number> {
    const st = this.#sql.exportSelect(table, spec, await this.#columns(table));
    // COPY takes the file name as a literal, never as a parameter: quote it, doubling any single quote.
    const target = `'${path.replaceAll("'", "''")}'`;
    try {
      const result = await this.#conn.use((c) =>
        c.run(`COPY (${st.sql}) TO ${target} (${COPY_OPTIONS[format]})`, [...st.params]),
      );
      return result.rowsChanged;
    } catch (error) {
      throw wrapError(error, `exporting ${table} to ${path}`);
    }
  }
}

/** Most connections a handle opens for its reads outside transactions (see {@link DuckDbEngine}). */
export const READ_CONNECTIONS = 4;

/**
 * The embedded default engine: one DuckDB database file, one connection per handle, and writes and transactions of
 * every handle on the same file run one at a time. Reads outside a transaction (`select`, `count`, `countEach`,
 * `aggregate`, `query`) run on a small pool of further connections of the same instance ({@link READ_CONNECTIONS}),
 * beside each other and beside that turn-taking: each sees what was committed when it started (DuckDB's snapshot
 * isolation), never a transaction still open. Transactions from {@link DuckDbEngine.begin} run on extra connections
 * of the handle's, outside that turn-taking.
 */
class DuckDbEngine implements InterruptibleEngine {
  readonly kind = 'duckdb';
  readonly location: string;
  readonly capabilities: EngineCapabilities;
  readonly #instance: DuckDBInstance;
  readonly #conn: GuardedConnection;
  /** Column types of product tables, shared by every connection of this handle. */
  readonly #tables = new Map<string, Map<string, TableColumn>>();
  readonly #session: DuckDbSession;
  /** Shared with every other handle on the same instance. */
  readonly #queue: OperationQueue;
  /** Every connection opened for {@link begin}, and those of them not in use now. */
  readonly #lanes = new Set<GuardedConnection>();
  readonly #idle: GuardedConnection[] = [];
  /** The read connections opened so far, those not in use now, and the reads waiting for one. */
  readonly #readers: GuardedConnection[] = [];
  #readerCount = 0;
  readonly #idleReaders: GuardedConnection[] = [];
  readonly #readerWaits: ((conn: GuardedConnection) => void)[] = [];
  /** A session per read connection (they share the column types of {@link #tables}). */
  readonly #readerSessions = new WeakMap<GuardedConnection, DuckDbSession>();
  /** Reads under way (waiting for a connection or running), awaited by {@link close}. */
  readonly #reading = new Set<Promise<unknown>>();
  #closed = false;
  /** The store's memory limit in bytes, also given to its isolated stores; undefined: DuckDB's default. */
  readonly #memoryLimitBytes: number | undefined;
  /** The close under way, shared by every caller of {@link close}. */
  #closing: Promise<void> | undefined;

  readonly readOnly: boolean;

  constructor(
    location: string,
    instance: DuckDBInstance,
    conn: GuardedConnection,
    queue: OperationQueue,
    readOnly: boolean,
    isolated = false,
    memoryLimitBytes?: number,
  ) {
    this.#memoryLimitBytes = memoryLimitBytes;
    this.location = location;
    this.readOnly = readOnly;
    // An isolated store cannot open another one: it has no file access to give up.
    this.capabilities = {
      multiProcess: false,
      parquet: !isolated,
      isolatedStores: !isolated,
      localFile: !isolated && !location.startsWith(':memory:'),
      nulInText: true,
      overlappingAppends: true,
    };
    this.#instance = instance;
    this.#conn = conn;
    this.#session = new DuckDbSession(conn, this.#tables);
    this.#queue = queue;
  }

  async begin(): Promise<OpenTransaction> {
    if (this.#closed) throw this.#conn.closedError();
    let conn = this.#idle.pop();
    if (!conn) {
      conn = await this.#connect();
      this.#lanes.add(conn);
    }
    const lane = conn;
    const session = new DuckDbSession(lane, this.#tables);
    try {
      await session.execute('BEGIN TRANSACTION');
    } catch (error) {
      this.#idle.push(lane);
      throw error;
    }
    let finished = false;
    const finish = async (statement: 'COMMIT' | 'ROLLBACK'): Promise<void> => {
      if (finished) {
        if (statement === 'ROLLBACK') return;
        throw new MeshError('internal', 'this transaction is already finished');
      }
      finished = true;
      try {
        await session.execute(statement);
      } catch (error) {
        await rollbackQuietly(session);
        if (statement === 'COMMIT') throw error;
      } finally {
        if (!this.#closed) this.#idle.push(lane);
      }
    };
    return { session, commit: () => finish('COMMIT'), rollback: () => finish('ROLLBACK') };
  }

  /**
   * Opens a further connection of the instance; one opened while the handle closed is closed again.
   * @throws MeshError `storage_unavailable` when DuckDB cannot open it or the handle closed meanwhile.
   */
  async #connect(): Promise<GuardedConnection> {
    let raw: Awaited<ReturnType<DuckDBInstance['connect']>>;
    try {
      raw = await this.#instance.connect();
    } catch (error) {
      throw wrapError(error, 'opening a connection');
    }
    if (this.#closed) {
      raw.closeSync();
      throw this.#conn.closedError();
    }
    return new GuardedConnection(raw, this.location);
  }

  #exclusive<T>(fn: (s: DuckDbSession) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.#closed) return Promise.reject(this.#conn.closedError());
    const run = this.#queue.tail.then(() =>
      signal === undefined ? fn(this.#session) : this.#interruptible(fn, signal),
    );
    this.#queue.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs a read in its turn unless the signal has aborted, and interrupts it if the signal aborts meanwhile. Only this
   * read is on the handle's connection while it runs (operations take turns), so the interrupt stops nothing else;
   * DuckDB clears the interrupt when the connection's next statement starts, so the store stays usable.
   */
  async #interruptible<T>(
    fn: (s: DuckDbSession) => Promise<T>,
    signal: AbortSignal,
    conn: GuardedConnection = this.#conn,
    session: DuckDbSession = this.#session,
  ): Promise<T> {
    const interrupted = (cause?: unknown): MeshError =>
      new MeshError(
        'storage_unavailable',
        `the statement was stopped at its deadline (${signal.reason instanceof Error ? signal.reason.message : 'aborted'})`,
        { cause, details: { reason: 'interrupted' } },
      );
    if (signal.aborted) throw interrupted();
    const interrupt = (): void => conn.interrupt();
    signal.addEventListener('abort', interrupt, { once: true });
    try {
      return await fn(session);
    } catch (error) {
      throw signal.aborted ? interrupted(error) : error;
    } finally {
      signal.removeEventListener('abort', interrupt);
    }
  }

  /**
   * Runs a read outside any transaction on a read connection of its own (opened on first need, at most
   * {@link READ_CONNECTIONS}; a read waits for a free one beyond that), so reads run beside each other and beside the
   * writes and transactions taking turns on the handle's connection. Nothing is prepared or kept per read: DuckDB
   * starts each statement in a transaction of its own, which sees everything committed before it started.
   */
  #read<T>(fn: (s: DuckDbSession) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.#closed) return Promise.reject(this.#conn.closedError());
    const run = (async () => {
      const conn = await this.#takeReader();
      try {
        let session = this.#readerSessions.get(conn);
        if (session === undefined) {
          session = new DuckDbSession(conn, this.#tables);
          this.#readerSessions.set(conn, session);
        }
        return signal === undefined
          ? await fn(session)
          : await this.#interruptible(fn, signal, conn, session);
      } finally {
        this.#releaseReader(conn);
      }
    })();
    this.#reading.add(run);
    const forget = (): void => {
      this.#reading.delete(run);
    };
    run.then(forget, forget);
    return run;
  }

  async #takeReader(): Promise<GuardedConnection> {
    const idle = this.#idleReaders.pop();
    if (idle !== undefined) return idle;
    if (this.#readerCount < READ_CONNECTIONS) {
      // Counted before the connection exists, so that reads arriving meanwhile do not open more than the limit.
      this.#readerCount += 1;
      try {
        const conn = await this.#connect();
        this.#readers.push(conn);
        return conn;
      } catch (error) {
        this.#readerCount -= 1;
        throw error;
      }
    }
    return new Promise((resolve) => this.#readerWaits.push(resolve));
  }

  #releaseReader(conn: GuardedConnection): void {
    const next = this.#readerWaits.shift();
    if (next !== undefined) next(conn);
    else this.#idleReaders.push(conn);
  }

  withReadSignal(signal: AbortSignal): Engine {
    const view: Engine & { openIsolated(): Promise<Engine> } = {
      kind: this.kind,
      location: this.location,
      capabilities: this.capabilities,
      readOnly: this.readOnly,
      select: (table, spec) => this.#read((s) => s.select(table, spec), signal),
      count: (table, where) => this.#read((s) => s.count(table, where), signal),
      countEach: (table, filters) => this.#read((s) => s.countEach(table, filters), signal),
      aggregate: (table, spec) => this.#read((s) => s.aggregate(table, spec), signal),
      exportTo: (table, spec, path, format) =>
        this.#exclusive((s) => s.exportTo(table, spec, path, format), signal),
      execute: (sql, params) => this.execute(sql, params),
      query: (sql, params) => this.query(sql, params),
      tableExists: (name) => this.tableExists(name),
      createTable: (spec, options) => this.createTable(spec, options),
      dropTable: (name) => this.dropTable(name),
      addColumn: (table, column) => this.addColumn(table, column),
      insertRows: (spec, rows, options) => this.insertRows(spec, rows, options),
      carryOver: (spec) => this.carryOver(spec),
      update: (table, where, changes) => this.update(table, where, changes),
      delete: (table, where) => this.delete(table, where),
      describeQuery: (sql) => this.describeQuery(sql),
      transaction: (fn, options) => this.transaction(fn, options),
      begin: () => this.begin(),
      openIsolated: () => this.openIsolated(),
      close: async () => undefined,
    };
    return view;
  }

  transaction<T>(fn: (tx: EngineSession) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.#exclusive(async (s) => {
      await s.execute('BEGIN TRANSACTION');
      try {
        const result = await fn(s);
        await s.execute('COMMIT');
        return result;
      } catch (error) {
        await rollbackQuietly(s);
        throw error;
      }
    }, options.signal);
  }

  execute(sql: string, params?: readonly Scalar[]): Promise<number> {
    return this.#exclusive((s) => s.execute(sql, params));
  }
  query(sql: string, params?: readonly Scalar[]): Promise<Row[]> {
    return this.#read((s) => s.query(sql, params));
  }
  tableExists(name: string): Promise<boolean> {
    return this.#exclusive((s) => s.tableExists(name));
  }
  createTable(spec: TableSpec, options?: CreateTableOptions): Promise<void> {
    return this.#exclusive((s) => s.createTable(spec, options));
  }
  dropTable(name: string): Promise<void> {
    return this.#exclusive((s) => s.dropTable(name));
  }
  addColumn(table: string, column: TableColumn): Promise<void> {
    return this.#exclusive((s) => s.addColumn(table, column));
  }
  insertRows(
    spec: TableSpec,
    rows: readonly (readonly unknown[])[],
    options?: InsertOptions,
  ): Promise<InsertResult> {
    return this.transaction((s) => s.insertRows(spec, rows, options));
  }
  select(table: string, spec: SelectSpec): Promise<Row[]> {
    return this.#read((s) => s.select(table, spec));
  }
  carryOver(spec: CarryOverSpec): Promise<CarryOverResult> {
    return this.#exclusive((s) => s.carryOver(spec));
  }
  count(table: string, where?: Filter): Promise<number> {
    return this.#read((s) => s.count(table, where));
  }
  countEach(table: string, filters: readonly Filter[]): Promise<{ total: number; counts: number[] }> {
    return this.#read((s) => s.countEach(table, filters));
  }
  update(
    table: string,
    where: Filter,
    changes: readonly { column: TableColumn; value: Scalar }[],
  ): Promise<number> {
    return this.#exclusive((s) => s.update(table, where, changes));
  }
  delete(table: string, where: Filter): Promise<number> {
    return this.#exclusive((s) => s.delete(table, where));
  }
  aggregate(table: string, spec: AggregateSpec): Promise<Row[]> {
    return this.#read((s) => s.aggregate(table, spec));
  }
  exportTo(table: string, spec: ExportSpec, path: string, format: ExportFormat): Promise<number> {
    return this.#exclusive((s) => s.exportTo(table, spec, path, format));
  }
  describeQuery(sql: string): Promise<QueryShape> {
    return this.#exclusive((s) => s.describeQuery(sql));
  }

  /**
   * Opens an in-memory DuckDB instance with external access off and its configuration locked: it reads and writes no
   * file, loads no extension and cannot see this store. DuckDB cannot shut file access per connection, and not
   * reversibly per instance, so user SQL gets an instance of its own.
   * @throws MeshError `storage_unavailable` when DuckDB cannot open it.
   */
  async openIsolated(): Promise<Engine> {
    const location = newMemoryKey();
    try {
      // The store's memory limit holds for its isolated stores too: user SQL runs there.
      const limit = this.#memoryLimitBytes;
      const instance = await acquireInstance(location, false, {
        ...ISOLATED_OPTIONS,
        ...(limit === undefined ? {} : { memory_limit: `${limit} bytes` }),
      });
      const conn = new GuardedConnection(await instance.connect(), location);
      return new DuckDbEngine(location, instance, conn, instanceQueue(location), false, true, limit);
    } catch (error) {
      throw wrapError(error, 'opening an isolated store');
    }
  }

  /**
   * Closes the handle: reads under way finish, a checkpoint runs in turn, then every connection closes, none with a
   * statement still running on it (DuckDB would crash or hang). A transaction from {@link begin} still open is cut
   * short: its running statement is interrupted and waited for (a COMMIT under way is left to finish), its next
   * statement fails with `storage_unavailable`, and closing its connection rolls it back. Calls meanwhile share one
   * close.
   */
  close(): Promise<void> {
    this.#closing ??= this.#closeNow();
    return this.#closing;
  }

  async #closeNow(): Promise<void> {
    // Reads under way finish first (they may be part of what a caller awaits before closing).
    await Promise.allSettled([...this.#reading]);
    // Checkpoint in turn, after everything already queued, so no other handle's transaction is open meanwhile.
    await this.#exclusive(async () => {
      // A read-only instance cannot checkpoint, and a read-only open must leave the file as it found it.
      if (this.readOnly) return;
      try {
        await this.#conn.use((c) => c.run('CHECKPOINT'));
      } catch {
        // A checkpoint is an optimisation; the WAL keeps the data safe without it.
      }
    });
    this.#closed = true;
    // Reads that started while the checkpoint ran end before their connections close.
    await Promise.allSettled([...this.#reading]);
    await Promise.all(this.#readers.map((conn) => conn.close()));
    this.#readers.length = 0;
    this.#idleReaders.length = 0;
    await Promise.all([...this.#lanes].map((conn) => conn.close({ interrupt: true })));
    this.#lanes.clear();
    this.#idle.length = 0;
    // An operation queued behind the checkpoint may be running on the handle's connection: it finishes first.
    await this.#conn.close();
    await releaseInstance(this.location);
  }
}

/**
 * Opens a DuckDB store file with extension downloads turned off: creating it if needed, or read-only.
 * @throws MeshError `storage_unavailable` when the file cannot be opened or another process holds it; `not_found`
 * for a missing file that may not be created; `invalid_input` for an empty or non-DuckDB file.
 */
export async function openDuckDbEngine(options: DuckDbEngineOptions): Promise<Engine> {
  const location = options.path === ':memory:' ? newMemoryKey() : resolve(options.path);
  const readOnly = options.readOnly === true && !location.startsWith(':memory:');
  const limit = options.memoryLimitBytes;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit <= 0)) {
    throw new MeshError('invalid_input', `memoryLimitBytes must be a positive whole number, got ${limit}`);
  }
  // A file this process already has an instance for is DuckDB's own, and may still be empty while that instance
  // creates it (two opens of a new store at once); only a file nobody here has opened is checked.
  if (!location.startsWith(':memory:') && !hasInstance(location)) {
    assertDuckDbFile(location, options.create !== false && !readOnly);
  }
  if (!location.startsWith(':memory:') && !readOnly) {
    try {
      mkdirSync(dirname(location), { recursive: true });
    } catch (error) {
      throw new MeshError('storage_unavailable', `cannot create the folder for the store ${location}`, {
        cause: error,
      });
    }
  }
  try {
    const instance = await acquireInstance(location, readOnly);
    const conn = new GuardedConnection(await instance.connect(), location);
    if (limit !== undefined) {
      // A checked whole number, not text: SET takes no parameters.
      await conn.use((c) => c.run(`SET memory_limit = '${limit} bytes'`));
    }
    return new DuckDbEngine(
      location,
      instance,
      conn,
      instanceQueue(location),
      isReadOnlyInstance(location),
      false,
      limit,
    );
  } catch (error) {
    throw wrapError(error, `opening the store ${location}`);
  }
}
