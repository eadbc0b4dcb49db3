import { once } from 'node:events';
import { createWriteStream, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { PoolClient, QueryResult } from 'pg';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { MeshError } from '../../core/errors.ts';
import { type Filter, filterFields } from '../../core/filter/ast.ts';
import type { Scalar } from '../../core/schema.ts';
import type {
  AggregateSpec,
  CarryOverResult,
  CarryOverSpec,
  CreateTableOptions,
  Engine,
  EngineCapabilities,
  EngineSession,
  ExportFormat,
  ExportSpec,
  InsertOptions,
  InsertResult,
  InterruptibleEngine,
  OpenTransaction,
  Row,
  SelectSpec,
  TableColumn,
  TableSpec,
  TransactionOptions,
} from '../engine.ts';
import { convertNdjsonToParquet } from '../parquet-bridge.ts';
import type { QueryShape } from '../query-shape.ts';
import { SqlBuilder } from '../sql/sql-builder.ts';
import { copyRows } from './postgres-copy-writer.ts';
import {
  createTryCastFunctions,
  FIELD_TYPES_BY_PG_TYPE,
  postgresDialect,
  storedIdentifier,
} from './postgres-dialect.ts';
import { wrapPostgresError } from './postgres-errors.ts';
import { mapPlaceholders } from './postgres-placeholders.ts';
import { describePostgresQuery } from './postgres-query-shape.ts';
import { redactPostgresUrl } from './postgres-url.ts';

/** Options for {@link openPostgresEngine}. */
export interface PostgresEngineOptions {
  /** A `postgres://` or `postgresql://` connection URL (its password is never shown: see {@link redactPostgresUrl}). */
  readonly url: string;
  /** Open read-only sessions: reads work, every write is refused with `storage_unavailable`. Default false. */
  readonly readOnly?: boolean;
  /** Create the database when it does not exist. Default true; false refuses a missing database (`not_found`). */
  readonly create?: boolean;
  /** Ignored: PostgreSQL's memory is the server's to set (`work_mem`, `shared_buffers`). */
  readonly memoryLimitBytes?: number;
  /** Most connections the handle's pool opens. Default 10. */
  readonly maxConnections?: number;
}

/** PostgreSQL type ids whose text the driver would otherwise turn into strings or Date objects. */
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const DATE_OID = 1082;
const TIMESTAMP_OID = 1114;
const TIMESTAMPTZ_OID = 1184;

const asText = (value: string): string => value;

/**
 * The pool's own type parsers (never pg's global ones, which other code in the process may rely on): BIGINT and
 * NUMERIC as JS numbers, as the port promises; dates and timestamps as the server's ISO text, as DuckDB gives them.
 */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID || oid === NUMERIC_OID) return Number;
    if (oid === DATE_OID || oid === TIMESTAMP_OID || oid === TIMESTAMPTZ_OID) return asText;
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

/** Settings of every session: ISO dates (read back exactly as DuckDB writes them) and shortest exact doubles. */
const SESSION_SETTINGS = '-c DateStyle=ISO,MDY -c IntervalStyle=postgres -c extra_float_digits=1';

/** Names of temporary stage tables, unique in the process. */
let stages = 0;

/** A value the driver returned, as a JSON-friendly scalar. */
function toScalar(value: unknown): Scalar {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    return value;
  }
  if (value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function toRows(result: QueryResult): Row[] {
  return result.rows.map((o: Record<string, unknown>) => {
    const row: Row = {};
    for (const [k, v] of Object.entries(o)) row[k] = toScalar(v);
    return row;
  });
}

/**
 * The statement to send: a number PostgreSQL could not read as the type it infers for an untyped `$n` (a fraction,
 * or a whole number beyond the int64 range, both plain doubles in JS) is cast to DOUBLE PRECISION, as DuckDB binds it.
 */
function toStatement(sql: string, params: readonly Scalar[]): { text: string; values: Scalar[] } {
  const values = [...params];
  const wide = values.some((p) => typeof p === 'number' && !Number.isSafeInteger(p));
  if (!wide) return { text: sql, values };
  // Only placeholders not already cast: a typed one is read as its cast's type.
  const text = mapPlaceholders(sql, (n, before) => {
    const p = values[n - 1];
    const widen = typeof p === 'number' && !Number.isSafeInteger(p) && !/CAST\(\s*$/i.test(before);
    return widen ? `CAST($${n} AS DOUBLE PRECISION)` : `$${n}`;
  });
  return { text, values };
}

/** Gives result columns whose names PostgreSQL cut short (see {@link storedIdentifier}) their names back. */
function restoreNames(rows: Row[], names: readonly string[]): Row[] {
  const long = new Map(names.filter((n) => storedIdentifier(n) !== n).map((n) => [storedIdentifier(n), n]));
  if (long.size === 0) return rows;
  return rows.map((row) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(row)) out[long.get(k) ?? k] = v;
    return out;
  });
}

/** How a session reaches a connection: the same one throughout a transaction, or one from the pool per call. */
type UseClient = <T>(fn: (client: PoolClient) => Promise<T>) => Promise<T>;

function columnMap(columns: readonly TableColumn[]): Map<string, TableColumn> {
  return new Map(columns.map((c) => [c.name, c]));
}

/** A key of a row as one string, to find keys repeated within a batch. */
function keyOf(row: readonly unknown[], positions: readonly number[]): string {
  return positions.map((p) => `${typeof row[p]}:${String(row[p])}`).join('\u0000');
}

class PostgresSession implements EngineSession {
  readonly #use: UseClient;
  readonly #location: string;
  /** Whether statements run inside a transaction the caller began (else each statement commits on its own). */
  readonly #inTransaction: boolean;
  readonly #sql = new SqlBuilder(postgresDialect);
  /** Column types of product tables, learnt from DDL or the information schema; shared by the handle's sessions. */
  readonly #tables: Map<string, Map<string, TableColumn>>;

  constructor(
    use: UseClient,
    tables: Map<string, Map<string, TableColumn>>,
    location: string,
    inTransaction: boolean,
  ) {
    this.#use = use;
    this.#tables = tables;
    this.#location = location;
    this.#inTransaction = inTransaction;
  }

  async #run(client: PoolClient, sql: string, params: readonly Scalar[], what: string): Promise<QueryResult> {
    try {
      return await client.query(toStatement(sql, params));
    } catch (error) {
      throw wrapPostgresError(error, what, this.#location);
    }
  }

  async execute(sql: string, params: readonly Scalar[] = []): Promise<number> {
    const result = await this.#use((c) => this.#run(c, sql, params, 'running a statement'));
    // A text of several statements (no parameters) gives one result each; the last one counts.
    const last = Array.isArray(result) ? (result as QueryResult[]).at(-1) : result;
    return last?.rowCount ?? 0;
  }

  async query(sql: string, params: readonly Scalar[] = []): Promise<Row[]> {
    const result = await this.#use((c) => this.#run(c, sql, params, 'running a query'));
    return toRows(Array.isArray(result) ? ((result as QueryResult[]).at(-1) as QueryResult) : result);
  }

  describeQuery(sql: string): Promise<QueryShape> {
    return describePostgresQuery(sql);
  }

  async tableExists(name: string): Promise<boolean> {
    const cut = storedIdentifier(name);
    if (cut !== name) {
      // A name cut short exists only as the table marked with it (see createTable), not as another one cut alike.
      const owner = await this.#use((client) => this.#longNameOwner(client, cut, name));
      return owner === name;
    }
    const rows = await this.query(
      'SELECT 1 AS one FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1',
      [cut],
    );
    return rows.length > 0;
  }

  async createTable(spec: TableSpec, options: CreateTableOptions = {}): Promise<void> {
    const exclusive = options.exclusive === true;
    const statements = this.#sql.createTable(spec, exclusive);
    const cut = storedIdentifier(spec.name);
    await this.#use(async (client) => {
      // A name PostgreSQL cuts short is marked with its full name, so that another long name cut to the same 63 bytes
      // (a longer product id, or the next major of a long one) is refused instead of sharing the table.
      const owner = cut === spec.name ? null : await this.#longNameOwner(client, cut, spec.name);
      if (owner !== null && owner !== spec.name) {
        throw new MeshError(
          'conflict',
          `the table name ${spec.name} is longer than PostgreSQL's 63 bytes, and cut to 63 bytes it names the table of ${owner}; use a shorter product id (the table name is data_<domain>__<name>__v<major>)`,
          { details: { table: spec.name, storedAs: cut, takenBy: owner } },
        );
      }
      for (const statement of statements) {
        try {
          await this.#run(client, statement, [], `creating the table ${spec.name}`);
        } catch (error) {
          const sqlState = (error as MeshError).details?.sqlState;
          if (exclusive && sqlState === '42P07') {
            throw new MeshError('already_exists', `the store already has a table ${spec.name}`, {
              cause: error,
              details: { table: spec.name },
            });
          }
          throw error;
        }
      }
      if (owner === null && cut !== spec.name) {
        // COMMENT takes no parameters; table names come from contracts, and quotes are doubled all the same.
        await this.#run(
          client,
          `COMMENT ON TABLE ${postgresDialect.quoteIdent(spec.name)} IS '${spec.name.replaceAll("'", "''")}'`,
          [],
          `creating the table ${spec.name}`,
        );
      }
    });
    this.#tables.set(spec.name, columnMap(spec.columns));
  }

  /**
   * The full name recorded on the table PostgreSQL stores as `cut` (see {@link createTable}); `name` for a table made
   * before names were recorded, and null when there is no such table.
   */
  async #longNameOwner(client: PoolClient, cut: string, name: string): Promise<string | null> {
    const result = await this.#run(
      client,
      `SELECT obj_description(c.oid, 'pg_class') AS owner FROM pg_class c
       WHERE c.relname = $1 AND c.relnamespace = to_regnamespace(current_schema()) AND c.relkind = 'r'`,
      [cut],
      `creating the table ${name}`,
    );
    const row = result.rows[0] as { owner: string | null } | undefined;
    if (row === undefined) return null;
    return row.owner ?? name;
  }

  async addColumn(table: string, column: TableColumn): Promise<void> {
    const q = postgresDialect.quoteIdent;
    await this.execute(
      `ALTER TABLE ${q(table)} ADD COLUMN IF NOT EXISTS ${q(column.name)} ${postgresDialect.columnType(column.type)}`,
    );
    this.#tables.delete(table);
  }

  async dropTable(name: string): Promise<void> {
    await this.execute(`DROP TABLE IF EXISTS ${postgresDialect.quoteIdent(name)}`);
    this.#tables.delete(name);
  }

  /**
   * The table's columns, cached per handle. A cached list that lacks a column the operation names (`where`'s fields,
   * `names`) is read again: another process (a server replica) may have added it since, with a new minor version.
   */
  async #columns(
    table: string,
    where?: Filter | readonly Filter[],
    names: readonly string[] = [],
  ): Promise<Map<string, TableColumn>> {
    const known = this.#tables.get(table);
    if (known) {
      const filters: readonly Filter[] =
        where === undefined ? [] : Array.isArray(where) ? where : [where as Filter];
      if ([...names, ...filters.flatMap(filterFields)].every((n) => known.has(n))) return known;
      this.#tables.delete(table);
    }
    const rows = await this.query(
      'SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position',
      [storedIdentifier(table)],
    );
    if (rows.length === 0) throw new MeshError('not_found', `table ${table} does not exist in the store`);
    const map = new Map<string, TableColumn>();
    for (const r of rows) {
      const name = String(r.column_name);
      map.set(name, {
        name,
        type: FIELD_TYPES_BY_PG_TYPE[String(r.data_type)] ?? 'string',
        notNull: r.is_nullable === 'NO',
      });
    }
    this.#tables.set(table, map);
    return map;
  }

  /**
   * Writes rows with COPY inside the caller's transaction. Keys repeated within `rows` are refused first
   * (`conflict`). With `assumeNew` (or no primary key) the rows go straight into the table; otherwise they are
   * staged in a temporary table, and one INSERT … SELECT writes those whose key is not stored (an anti-join),
   * after the stored ones are listed (or, with `replaceStored`, deleted). The primary key is checked at commit
   * (DEFERRABLE INITIALLY DEFERRED, as DuckDB checks it), so that concurrent transactions appending one key do not
   * wait for each other: a key stored meanwhile, or one `assumeNew` did not look for, fails the COMMIT with
   * `conflict`.
   */
  async insertRows(
    spec: TableSpec,
    rows: readonly (readonly unknown[])[],
    options: InsertOptions = {},
  ): Promise<InsertResult> {
    if (rows.length === 0) return { inserted: 0, duplicateIndexes: [] };
    if (!this.#inTransaction) {
      throw new Error('insertRows runs inside a transaction (the engine wraps its own call in one)');
    }
    const byName = columnMap(spec.columns);
    const keyPositions = spec.primaryKey.map((k) => {
      const c = byName.get(k);
      if (!c) throw new MeshError('internal', `primary key ${k} of ${spec.name} is not one of its columns`);
      return spec.columns.indexOf(c);
    });
    if (keyPositions.length > 0) this.#refuseRepeatedKeys(spec, rows, keyPositions);
    const q = postgresDialect.quoteIdent;
    return this.#use(async (client) => {
      const what = `writing rows to ${spec.name}`;
      if (keyPositions.length === 0 || (options.assumeNew === true && options.replaceStored !== true)) {
        await this.#copy(client, spec.name, spec.columns, rows, what);
        return { inserted: rows.length, duplicateIndexes: [] };
      }
      stages += 1;
      const stage = q(`mw_stage_${stages}`);
      const rowColumn = '__mw_row';
      const defs = spec.columns.map((c) => `${q(c.name)} ${postgresDialect.columnType(c.type)}`);
      await this.#run(
        client,
        `CREATE TEMP TABLE ${stage} (${q(rowColumn)} BIGINT, ${defs.join(', ')}) ON COMMIT DROP`,
        [],
        what,
      );
      await this.#copy(client, `mw_stage_${stages}`, spec.columns, rows, what, rowColumn);
      const match = spec.primaryKey.map((k) => `t.${q(k)} = s.${q(k)}`).join(' AND ');
      const names = spec.columns.map((c) => q(c.name)).join(', ');
      const picked = spec.columns.map((c) => `s.${q(c.name)}`).join(', ');
      const target = q(spec.name);
      let result: InsertResult;
      if (options.replaceStored === true) {
        const deleted = await this.#run(
          client,
          `DELETE FROM ${target} t USING ${stage} s WHERE ${match}`,
          [],
          what,
        );
        await this.#run(
          client,
          `INSERT INTO ${target} (${names}) SELECT ${picked} FROM ${stage} s ORDER BY s.${q(rowColumn)}`,
          [],
          what,
        );
        result = { inserted: rows.length, duplicateIndexes: [], replaced: deleted.rowCount ?? 0 };
      } else {
        const found = await this.#run(
          client,
          `SELECT s.${q(rowColumn)} AS i FROM ${stage} s JOIN ${target} t ON ${match} ORDER BY 1`,
          [],
          what,
        );
        const duplicateIndexes = found.rows.map((r: { i: unknown }) => Number(r.i));
        const written = await this.#run(
          client,
          `INSERT INTO ${target} (${names}) SELECT ${picked} FROM ${stage} s WHERE NOT EXISTS (SELECT 1 FROM ${target} t WHERE ${match}) ORDER BY s.${q(rowColumn)}`,
          [],
          what,
        );
        result = { inserted: written.rowCount ?? 0, duplicateIndexes };
      }
      await this.#run(client, `DROP TABLE ${stage}`, [], what);
      return result;
    });
  }

  /** Refuses a batch in which a primary key appears twice, as the port asks, naming the first repeated row. */
  #refuseRepeatedKeys(
    spec: TableSpec,
    rows: readonly (readonly unknown[])[],
    positions: readonly number[],
  ): void {
    const seen = new Map<string, number>();
    for (let i = 0; i < rows.length; i++) {
      const key = keyOf(rows[i] as readonly unknown[], positions);
      const first = seen.get(key);
      if (first !== undefined) {
        const engineMessage = `the batch holds the primary key (${spec.primaryKey.join(', ')}) of row ${first} again at row ${i}`;
        throw new MeshError('conflict', `writing rows to ${spec.name}: ${engineMessage}`, {
          details: { constraint: 'key', engineMessage },
        });
      }
      seen.set(key, i);
    }
  }

  async #copy(
    client: PoolClient,
    table: string,
    columns: readonly TableColumn[],
    rows: readonly (readonly unknown[])[],
    what: string,
    rowColumn?: string,
  ): Promise<void> {
    try {
      await copyRows(
        client,
        table,
        columns,
        rows,
        rowColumn === undefined ? {} : { rowNumberColumn: rowColumn },
      );
    } catch (error) {
      throw wrapPostgresError(error, what, this.#location);
    }
  }

  async select(table: string, spec: SelectSpec): Promise<Row[]> {
    const st = this.#sql.select(
      table,
      spec,
      await this.#columns(table, spec.where, [
        ...spec.columns.map((c) => c.name),
        ...(spec.orderBy ?? []).map((o) => o.column),
      ]),
    );
    return restoreNames(
      await this.query(st.sql, st.params),
      spec.columns.map((c) => c.name),
    );
  }

  async carryOver(spec: CarryOverSpec): Promise<CarryOverResult> {
    const st = this.#sql.carryOver(spec);
    const pairs = spec.columns.flatMap(({ source, target }) =>
      source !== null && source.type !== target.type ? [{ from: source.type, to: target.type }] : [],
    );
    const what = `carrying rows over from ${spec.from} to ${spec.to}`;
    return this.#use(async (client) => {
      if (pairs.length > 0) await this.#run(client, createTryCastFunctions(pairs), [], what);
      const copied = (await this.#run(client, st.insert.sql, st.insert.params, what)).rowCount ?? 0;
      const counted = await this.#run(client, st.countRejected.sql, st.countRejected.params, what);
      const rejected = Number((counted.rows[0] as { n?: unknown } | undefined)?.n ?? 0);
      const rows =
        rejected === 0 ? [] : toRows(await this.#run(client, st.rejects.sql, st.rejects.params, what));
      const rejects = rows.map((r) => ({
        key: Object.fromEntries(spec.keyColumns.map((k, i) => [k.name, r[`__mw_key_${i}`] ?? null])),
        reasons: String(r.__mw_reasons ?? '')
          .split('; ')
          .filter((x) => x !== ''),
      }));
      return { copied, rejected, rejects };
    });
  }

  async count(table: string, where?: Filter): Promise<number> {
    const st = this.#sql.count(table, where, await this.#columns(table, where));
    const rows = await this.query(st.sql, st.params);
    return Number(rows[0]?.n ?? 0);
  }

  async countEach(table: string, filters: readonly Filter[]): Promise<{ total: number; counts: number[] }> {
    const st = this.#sql.countEach(table, filters, await this.#columns(table, filters));
    const row = (await this.query(st.sql, st.params))[0] ?? {};
    return { total: Number(row.n ?? 0), counts: filters.map((_, i) => Number(row[`n${i}`] ?? 0)) };
  }

  async update(
    table: string,
    where: Filter,
    changes: readonly { column: TableColumn; value: Scalar }[],
  ): Promise<number> {
    if (changes.length === 0) return 0;
    const st = this.#sql.update(
      table,
      where,
      changes,
      await this.#columns(
        table,
        where,
        changes.map((c) => c.column.name),
      ),
    );
    return this.execute(st.sql, st.params);
  }

  async delete(table: string, where: Filter): Promise<number> {
    const st = this.#sql.delete(table, where, await this.#columns(table, where));
    return this.execute(st.sql, st.params);
  }

  async aggregate(table: string, spec: AggregateSpec): Promise<Row[]> {
    const st = this.#sql.aggregate(
      table,
      spec,
      await this.#columns(
        table,
        spec.where,
        spec.groupBy.map((c) => c.name),
      ),
    );
    const names = [
      ...spec.groupBy.map((c) => c.name),
      ...(spec.groupByCalls ?? []).map((g) => g.as),
      ...spec.measures.map((m) => m.as),
    ];
    return restoreNames(await this.query(st.sql, st.params), names);
  }

  /**
   * Streams `COPY (SELECT …) TO STDOUT` into the file. COPY takes no bind parameters, so each value travels as a
   * bind parameter of a `set_config` local to the export's transaction and the SELECT reads it back with
   * `current_setting` (never spliced into the SQL text, which the server may log: masking keys stay out of it).
   * Cells are written as DuckDB's export writes them: doubles with a decimal point, booleans as true/false,
   * dates and timestamps as ISO text (also in NDJSON).
   */
  /**
   * Parquet, which PostgreSQL cannot write: the rows go out as NDJSON (filter, order and masks applied by the server
   * as for any export) into a file beside the target, and the engine layer's Parquet bridge converts that file with
   * the columns' types (masked columns as text).
   */
  async #exportParquet(table: string, spec: ExportSpec, path: string): Promise<number> {
    const staging = `${path}.${process.pid}.${Date.now()}.ndjson`;
    try {
      const rows = await this.exportTo(table, spec, staging, 'ndjson');
      const masked = spec.masks ?? new Map();
      await convertNdjsonToParquet(
        staging,
        spec.columns.map((c) => ({ name: c.name, type: masked.has(c.name) ? 'string' : c.type })),
        path,
      );
      return rows;
    } finally {
      rmSync(staging, { force: true });
    }
  }

  async exportTo(table: string, spec: ExportSpec, path: string, format: ExportFormat): Promise<number> {
    if (format === 'parquet') return this.#exportParquet(table, spec, path);
    const all = await this.#columns(
      table,
      spec.where,
      spec.columns.map((c) => c.name),
    );
    const st = this.#sql.exportSelect(table, spec, all);
    const setting = (n: number) => `mw.export_p${n}`;
    const params = st.params;
    const inner = mapPlaceholders(st.sql, (n) =>
      params[n - 1] === null || params[n - 1] === undefined ? 'NULL' : `current_setting('${setting(n)}')`,
    );
    const q = postgresDialect.quoteIdent;
    const masked = spec.masks ?? new Map();
    const cell = (c: TableColumn): string => {
      const ref = `e.${q(c.name)}`;
      if (masked.has(c.name)) return ref;
      switch (c.type) {
        case 'number':
          return format === 'csv'
            ? `CASE WHEN CAST(${ref} AS TEXT) ~ '^-?[0-9]+$' THEN CAST(${ref} AS TEXT) || '.0' ELSE CAST(${ref} AS TEXT) END`
            : ref;
        case 'boolean':
          return format === 'csv' ? `CAST(${ref} AS TEXT)` : ref;
        case 'date':
        case 'timestamp':
          return `CAST(${ref} AS TEXT)`;
        default:
          return ref;
      }
    };
    const list = spec.columns.map((c) => `${cell(c)} AS ${q(c.name)}`).join(', ');
    const select = `SELECT ${list} FROM (${inner}) AS e`;
    const copy =
      format === 'csv'
        ? `COPY (${select}) TO STDOUT (FORMAT csv, HEADER true)`
        : // JSON text has no raw newline and no control character, so a CSV with quote and delimiter characters it
          // never holds writes each object verbatim, one per line (text format would escape its backslashes).
          `COPY (SELECT row_to_json(r) FROM (${select}) AS r) TO STDOUT (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')`;
    const what = `exporting ${table} to ${path}`;
    const settings = params.flatMap((p, i) =>
      p === null || p === undefined ? [] : [{ name: setting(i + 1), value: String(p) }],
    );
    const out = createWriteStream(path);
    try {
      await once(out, 'open');
    } catch (error) {
      throw new MeshError(
        'storage_unavailable',
        `${what}: cannot write the file (${(error as Error).message})`,
        {
          cause: error,
        },
      );
    }
    try {
      return await this.#use(async (client) => {
        const own = !this.#inTransaction;
        if (own) await this.#run(client, 'BEGIN READ ONLY', [], what);
        try {
          if (settings.length > 0) {
            await this.#run(
              client,
              `SELECT ${settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`,
              settings.flatMap((s) => [s.name, s.value]),
              what,
            );
          }
          const stream = client.query(copyTo(copy));
          try {
            await pipeline(stream, out);
          } catch (error) {
            throw wrapPostgresError(error, what, this.#location);
          }
          if (own) await this.#run(client, 'COMMIT', [], what);
          return stream.rowCount;
        } catch (error) {
          if (own) await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
    } catch (error) {
      out.destroy();
      rmSync(path, { force: true });
      throw error;
    }
  }
}

/** The error of a statement stopped because its abort signal fired. */
function interruptedError(signal: AbortSignal, cause?: unknown): MeshError {
  return new MeshError(
    'storage_unavailable',
    `the statement was stopped at its deadline (${signal.reason instanceof Error ? signal.reason.message : 'aborted'})`,
    { ...(cause === undefined ? {} : { cause }), details: { reason: 'interrupted' } },
  );
}

/**
 * The advisory lock every {@link PostgresEngine.transaction} holds until it ends, in every process on the database:
 * transactions run one at a time, as DuckDB runs them, so that the platform's read-then-write steps (the audit chain's
 * head, event sequence numbers, counters) see each other's commits instead of racing. Reads, single statements and
 * the bulk-append transactions of {@link PostgresEngine.begin} do not take it.
 */
const TRANSACTION_LOCK = 0x6d657368; // 'mesh'

/** Most connections a handle opens for the transactions of {@link PostgresEngine.begin}. */
const MAX_LANES = 64;

/** Most connections a handle opens by default. */
export const DEFAULT_MAX_CONNECTIONS = 10;

/**
 * The PostgreSQL engine: a pool of connections to one database, shared by any number of processes. Each operation
 * outside a transaction takes a connection from the pool for its statements; a transaction (and each {@link begin})
 * holds one connection until it ends. Transactions take turns across processes ({@link TRANSACTION_LOCK}), as
 * DuckDB's do within one. Statements are parameterized (`$1` …) and identifiers quoted by the dialect.
 */

/** Clients that already have a listener for the socket errors a connection emits between statements. */
const listening = new WeakSet<object>();

/**
 * Gives a client a listener for `error` events: when the server dies (or cuts the connection) while a client is
 * checked out between two statements, pg emits the socket error on the client, and without a listener Node ends the
 * process. The error is not lost: the client's next statement fails with it, and that statement's caller gets it.
 */
function listened<C extends pg.ClientBase>(client: C): C {
  if (!listening.has(client)) {
    listening.add(client);
    client.on('error', () => undefined);
  }
  return client;
}

class PostgresEngine implements InterruptibleEngine {
  readonly kind = 'postgres';
  readonly location: string;
  readonly readOnly: boolean;
  readonly capabilities: EngineCapabilities = {
    multiProcess: true,
    parquet: false,
    isolatedStores: false,
    localFile: false,
    nulInText: false,
    overlappingAppends: false,
  };
  readonly #pool: pg.Pool;
  /**
   * The connections of {@link begin}'s transactions, apart from {@link #pool}: an ingest holds one while it asks for
   * the next (and for a transaction), so sharing one bounded pool would let concurrent ingests take every connection
   * and wait for each other. Like DuckDB's lanes it opens as many as are asked for, up to {@link MAX_LANES}.
   */
  readonly #lanes: pg.Pool;
  /** The end of the queue of this handle's transactions (see {@link transaction}). */
  #turns: Promise<void> = Promise.resolve();
  readonly #config: pg.ClientConfig;
  readonly #tables = new Map<string, Map<string, TableColumn>>();
  readonly #session: PostgresSession;
  /** Connections held by transactions from {@link begin}, cut short by {@link close}. */
  readonly #open = new Set<{ abandon(): void }>();
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(pool: pg.Pool, config: pg.ClientConfig, location: string, readOnly: boolean) {
    this.#pool = pool;
    this.#lanes = new pg.Pool({ ...config, max: MAX_LANES });
    this.#lanes.on('error', () => undefined);
    this.#config = config;
    this.location = location;
    this.readOnly = readOnly;
    this.#session = new PostgresSession((fn) => this.#withClient(fn), this.#tables, location, false);
  }

  #closedError(): MeshError {
    return new MeshError(
      'storage_unavailable',
      `the store ${this.location} is closed: the operation was refused or stopped; open the store again to retry it`,
      { details: { store: this.location, reason: 'closed' } },
    );
  }

  async #connect(pool: pg.Pool = this.#pool): Promise<PoolClient> {
    if (this.#closed) throw this.#closedError();
    try {
      return listened(await pool.connect());
    } catch (error) {
      throw this.#closed ? this.#closedError() : wrapPostgresError(error, 'connecting', this.location);
    }
  }

  /** Asks the server, from a connection of its own, to cancel what the client's backend runs now. */
  async #cancel(client: PoolClient): Promise<void> {
    const pid = (client as unknown as { processID?: number }).processID;
    if (pid === undefined) return;
    const canceller = listened(new pg.Client(this.#config));
    try {
      await canceller.connect();
      await canceller.query('SELECT pg_cancel_backend($1)', [pid]);
    } catch {
      // The connection is dropped below all the same, which stops the statement too.
    } finally {
      await canceller.end().catch(() => undefined);
    }
  }

  /**
   * Runs `fn` on a connection of the pool. When `signal` aborts meanwhile, the running statement is cancelled and
   * the connection dropped rather than returned (a late cancel must not hit the pool's next user).
   */
  async #withClient<T>(fn: (client: PoolClient) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw interruptedError(signal);
    const client = await this.#connect();
    let cancelling: Promise<void> | undefined;
    let broken = false;
    const onAbort = (): void => {
      cancelling ??= this.#cancel(client);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await fn(client);
    } catch (error) {
      broken = error instanceof MeshError && error.code === 'storage_unavailable';
      if (signal?.aborted) throw interruptedError(signal, error);
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (cancelling !== undefined) {
        await cancelling;
        broken = true;
      }
      client.release(broken ? true : undefined);
    }
  }

  /**
   * A session bound to one connection for the length of a transaction: statements fail once the transaction is
   * finished, once the handle closed, or once `signal` aborted.
   */
  #transactionSession(
    client: PoolClient,
    state: { finished: boolean },
    signal?: AbortSignal,
  ): PostgresSession {
    const use: UseClient = (fn) => {
      if (this.#closed) return Promise.reject(this.#closedError());
      if (state.finished)
        return Promise.reject(new MeshError('internal', 'this transaction is already finished'));
      if (signal?.aborted) return Promise.reject(interruptedError(signal));
      return fn(client);
    };
    return new PostgresSession(use, this.#tables, this.location, true);
  }

  /**
   * Waits for this handle's earlier transactions to end, and returns the function ending this one's turn. A transaction
   * takes a connection only in its turn, so transactions queued behind the lock do not hold every connection of the
   * pool while the one running needs another (a read outside it, as on DuckDB).
   */
  async #takeTurn(): Promise<() => void> {
    let release = (): void => undefined;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const before = this.#turns;
    this.#turns = before.then(() => mine);
    await before;
    return release;
  }

  async transaction<T>(fn: (tx: EngineSession) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (options.readOnly === true) return this.#readOnlyTransaction(fn, options.signal);
    const release = await this.#takeTurn();
    try {
      return await this.#transactionNow(fn, options);
    } finally {
      release();
    }
  }

  /** A `READ ONLY` transaction beside the write transactions: it writes nothing, so it needs neither turn nor lock. */
  #readOnlyTransaction<T>(fn: (tx: EngineSession) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.#withClient(async (client) => {
      const state = { finished: false };
      const session = this.#transactionSession(client, state, signal);
      await runOn(client, 'BEGIN READ ONLY', this.location);
      try {
        const result = await fn(session);
        state.finished = true;
        await runOn(client, 'COMMIT', this.location);
        return result;
      } catch (error) {
        state.finished = true;
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    }, signal);
  }

  #transactionNow<T>(fn: (tx: EngineSession) => Promise<T>, options: TransactionOptions): Promise<T> {
    const { signal } = options;
    return this.#withClient(async (client) => {
      const state = { finished: false };
      const session = this.#transactionSession(client, state, signal);
      await runOn(client, 'BEGIN', this.location);
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [TRANSACTION_LOCK]);
        // Product keys are deferrable for the overlapping appends of begin(); in a transaction() a duplicate key must
        // fail its statement, as on DuckDB, so the caller (carry-over, derived refresh) can name it and roll back.
        await client.query('SET CONSTRAINTS ALL IMMEDIATE');
      } catch (error) {
        state.finished = true;
        await client.query('ROLLBACK').catch(() => undefined);
        throw wrapPostgresError(error, 'waiting for the store’s other transactions', this.location);
      }
      let result: T;
      try {
        result = await fn(session);
      } catch (error) {
        state.finished = true;
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      state.finished = true;
      // A failed COMMIT (a key another transaction stored meanwhile) leaves nothing behind: PostgreSQL rolled it back.
      await runOn(client, 'COMMIT', this.location);
      return result;
    }, signal);
  }

  async begin(): Promise<OpenTransaction> {
    const client = await this.#connect(this.#lanes);
    try {
      await runOn(client, 'BEGIN', this.location);
    } catch (error) {
      client.release(true);
      throw error;
    }
    const state = { finished: false };
    const session = this.#transactionSession(client, state);
    const entry = {
      abandon: (): void => {
        if (state.finished) return;
        state.finished = true;
        // Dropping the connection rolls the transaction back on the server.
        client.release(true);
      },
    };
    this.#open.add(entry);
    const finish = async (statement: 'COMMIT' | 'ROLLBACK'): Promise<void> => {
      if (state.finished) {
        if (statement === 'ROLLBACK') return;
        if (this.#closed) throw this.#closedError();
        throw new MeshError('internal', 'this transaction is already finished');
      }
      state.finished = true;
      this.#open.delete(entry);
      let broken = false;
      try {
        await runOn(client, statement, this.location);
      } catch (error) {
        broken = true;
        if (statement === 'COMMIT') throw error;
      } finally {
        client.release(broken ? true : undefined);
      }
    };
    return { session, commit: () => finish('COMMIT'), rollback: () => finish('ROLLBACK') };
  }

  withReadSignal(signal: AbortSignal): Engine {
    const read = <T>(fn: (s: PostgresSession) => Promise<T>): Promise<T> =>
      this.#withClient(
        (client) =>
          fn(
            new PostgresSession(
              (inner) => {
                if (signal.aborted) return Promise.reject(interruptedError(signal));
                return inner(client);
              },
              this.#tables,
              this.location,
              false,
            ),
          ),
        signal,
      );
    return {
      kind: this.kind,
      location: this.location,
      capabilities: this.capabilities,
      readOnly: this.readOnly,
      select: (table, spec) => read((s) => s.select(table, spec)),
      count: (table, where) => read((s) => s.count(table, where)),
      countEach: (table, filters) => read((s) => s.countEach(table, filters)),
      aggregate: (table, spec) => read((s) => s.aggregate(table, spec)),
      exportTo: (table, spec, path, format) => read((s) => s.exportTo(table, spec, path, format)),
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
      close: async () => undefined,
    };
  }

  execute(sql: string, params?: readonly Scalar[]): Promise<number> {
    return this.#session.execute(sql, params);
  }
  query(sql: string, params?: readonly Scalar[]): Promise<Row[]> {
    return this.#session.query(sql, params);
  }
  describeQuery(sql: string): Promise<QueryShape> {
    return this.#session.describeQuery(sql);
  }
  tableExists(name: string): Promise<boolean> {
    return this.#session.tableExists(name);
  }
  createTable(spec: TableSpec, options?: CreateTableOptions): Promise<void> {
    return this.transaction((s) => s.createTable(spec, options));
  }
  dropTable(name: string): Promise<void> {
    return this.#session.dropTable(name);
  }
  addColumn(table: string, column: TableColumn): Promise<void> {
    return this.#session.addColumn(table, column);
  }
  insertRows(
    spec: TableSpec,
    rows: readonly (readonly unknown[])[],
    options?: InsertOptions,
  ): Promise<InsertResult> {
    return this.transaction((s) => s.insertRows(spec, rows, options));
  }
  select(table: string, spec: SelectSpec): Promise<Row[]> {
    return this.#session.select(table, spec);
  }
  carryOver(spec: CarryOverSpec): Promise<CarryOverResult> {
    return this.transaction((s) => s.carryOver(spec));
  }
  count(table: string, where?: Filter): Promise<number> {
    return this.#session.count(table, where);
  }
  countEach(table: string, filters: readonly Filter[]): Promise<{ total: number; counts: number[] }> {
    return this.#session.countEach(table, filters);
  }
  update(
    table: string,
    where: Filter,
    changes: readonly { column: TableColumn; value: Scalar }[],
  ): Promise<number> {
    return this.#session.update(table, where, changes);
  }
  delete(table: string, where: Filter): Promise<number> {
    return this.#session.delete(table, where);
  }
  aggregate(table: string, spec: AggregateSpec): Promise<Row[]> {
    return this.#session.aggregate(table, spec);
  }
  exportTo(table: string, spec: ExportSpec, path: string, format: ExportFormat): Promise<number> {
    return this.#session.exportTo(table, spec, path, format);
  }

  /**
   * Closes the pool: operations under way finish, transactions from {@link begin} still open are rolled back (their
   * connections dropped; their next statement fails with `storage_unavailable`). Calls meanwhile share one close.
   */
  close(): Promise<void> {
    this.#closing ??= this.#closeNow();
    return this.#closing;
  }

  async #closeNow(): Promise<void> {
    this.#closed = true;
    for (const entry of this.#open) entry.abandon();
    this.#open.clear();
    await Promise.all([this.#pool.end(), this.#lanes.end()]);
  }
}

/** Runs one statement on a connection, its failure as a MeshError. */
async function runOn(client: PoolClient, sql: string, location: string): Promise<void> {
  try {
    await client.query(sql);
  } catch (error) {
    throw wrapPostgresError(error, `running ${sql}`, location);
  }
}

/** The database a URL names (the user's name when it names none, as libpq does). */
function databaseOf(url: URL): string {
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return name !== '' ? name : decodeURIComponent(url.username) || 'postgres';
}

/** Creates the URL's database through the server's `postgres` maintenance database. */
async function createDatabase(url: URL, location: string): Promise<void> {
  const admin = new URL(url.toString());
  admin.pathname = '/postgres';
  const client = listened(new pg.Client({ connectionString: admin.toString() }));
  try {
    await client.connect();
    await client.query(`CREATE DATABASE ${postgresDialect.quoteIdent(databaseOf(url))}`);
  } catch (error) {
    // Another process created it meanwhile.
    if ((error as { code?: unknown }).code === '42P04') return;
    throw wrapPostgresError(error, `creating the database of ${location}`, location);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Opens a PostgreSQL database as a store through a connection pool, creating the database if needed (unless
 * `create: false` or `readOnly`), and checks the server can be reached and logged into.
 * @throws MeshError `storage_unavailable` when the server refuses the connection or the login (the message names
 * the URL with its password hidden); `not_found` for a missing database that may not be created; `invalid_input`
 * for a URL that does not parse.
 */
export async function openPostgresEngine(options: PostgresEngineOptions): Promise<Engine> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch (error) {
    throw new MeshError(
      'invalid_input',
      'the PostgreSQL store URL does not parse: write it as postgres://user:password@host:port/database',
      {
        cause: error,
      },
    );
  }
  const location = redactPostgresUrl(options.url);
  const readOnly = options.readOnly === true;
  const config: pg.ClientConfig = {
    connectionString: options.url,
    types: TYPES,
    options: `${SESSION_SETTINGS}${readOnly ? ' -c default_transaction_read_only=on' : ''}`,
    application_name: 'meshwork',
    connectionTimeoutMillis: 15_000,
  };
  const mayCreate = options.create !== false && !readOnly;
  for (let attempt = 0; ; attempt++) {
    const pool = new pg.Pool({ ...config, max: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS });
    // An idle connection the server drops must not bring the process down; the next checkout reconnects.
    pool.on('error', () => undefined);
    try {
      const version = await pool.query('SHOW server_version_num');
      const number = Number(
        (version.rows[0] as { server_version_num?: unknown } | undefined)?.server_version_num,
      );
      if (number < 110000) {
        throw new MeshError(
          'storage_unavailable',
          `the PostgreSQL server at ${location} is older than version 11, which Meshwork needs (sha256 in SQL)`,
        );
      }
      return new PostgresEngine(pool, config, location, readOnly);
    } catch (error) {
      await pool.end().catch(() => undefined);
      if ((error as { code?: unknown }).code === '3D000') {
        if (mayCreate && attempt === 0) {
          await createDatabase(url, location);
          continue;
        }
        throw new MeshError(
          'not_found',
          `no database ${databaseOf(url)} at ${location}: create it (createdb ${databaseOf(url)}), or let a command that writes create it`,
          { cause: error, details: { store: location } },
        );
      }
      throw wrapPostgresError(error, `opening the store ${location}`, location);
    }
  }
}
