import type { FieldType } from '../core/field-type.ts';
import type { Filter, FilterFunction } from '../core/filter/ast.ts';
import type { Scalar } from '../core/schema.ts';
import type { QueryShape } from './query-shape.ts';

/** Options for {@link EngineSession.createTable}. */
export interface CreateTableOptions {
  /** Refuse (`already_exists`) when a table of that name exists, rather than keep it. */
  readonly exclusive?: boolean;
}

/** A column of a product table, derived from a contract field. */
export interface TableColumn {
  readonly name: string;
  readonly type: FieldType;
  readonly notNull: boolean;
}

/** Everything an engine needs to create a product's table. */
export interface TableSpec {
  /** Table name; built by the platform from validated product ids, never from user text. */
  readonly name: string;
  readonly columns: readonly TableColumn[];
  readonly primaryKey: readonly string[];
  readonly indexes: readonly (readonly string[])[];
}

/** One ORDER BY term. */
export interface OrderTerm {
  readonly column: string;
  readonly direction: 'asc' | 'desc';
}

/** A read of rows from a product table. The filter must already be bound to the table's schema. */
export interface SelectSpec {
  /** Columns to return, in order. */
  readonly columns: readonly TableColumn[];
  readonly where?: Filter;
  readonly orderBy?: readonly OrderTerm[];
  readonly limit?: number;
  readonly offset?: number;
  /** Keyset pagination: only rows strictly after these values of the order columns (all in one direction). */
  readonly after?: readonly Scalar[];
}

/** File formats an engine writes exports in. */
export const EXPORT_FORMATS = ['csv', 'ndjson', 'parquet'] as const;
/** An export file format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * How an export hides a column's non-null values: a fixed text, or the first `length` hex digits of the HMAC-SHA256
 * of the value's text (UTF-8) keyed with `key` (at most 64 bytes; a secret, bound as a parameter and never logged).
 */
export type ExportMask =
  | { readonly kind: 'replace'; readonly text: string }
  | { readonly kind: 'hmac'; readonly key: Uint8Array; readonly length: number };

/** What an export writes: columns in order, an optional filter (already bound), an order and masked columns. */
export interface ExportSpec {
  readonly columns: readonly TableColumn[];
  readonly where?: Filter;
  readonly orderBy?: readonly OrderTerm[];
  /** Columns written masked (as text), by name. */
  readonly masks?: ReadonlyMap<string, ExportMask>;
  /**
   * Prefix `'` to the text cells (of `string` columns not masked) that start with a spreadsheet formula trigger
   * (`=`, `+`, `-`, `@`, tab, carriage return; see core/csv-formula.ts), as CSV for spreadsheets needs.
   */
  readonly escapeFormulas?: boolean;
}

/** Aggregate functions an engine computes. */
export const AGGREGATE_FUNCTIONS = ['count', 'sum', 'avg', 'min', 'max', 'count_distinct'] as const;
/** An aggregate function name. */
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

/** One measure of an aggregate query; `column` is omitted for `count(*)`. */
export interface Measure {
  readonly fn: AggregateFunction;
  readonly column?: TableColumn;
  readonly as: string;
}

/** A group key computed from a column by a filter function, e.g. the year or the month of a date. */
export interface GroupCall {
  readonly fn: FilterFunction;
  readonly column: TableColumn;
  /** The key's name in the result rows (and in `orderBy`). */
  readonly as: string;
}

/** A group-by query over a product table. */
export interface AggregateSpec {
  readonly groupBy: readonly TableColumn[];
  /** Computed group keys, after the `groupBy` columns. */
  readonly groupByCalls?: readonly GroupCall[];
  readonly measures: readonly Measure[];
  readonly where?: Filter;
  readonly orderBy?: readonly OrderTerm[];
  readonly limit?: number;
}

/** A row read back from an engine: JSON-friendly scalars keyed by column name. */
export type Row = Record<string, Scalar>;

/** Options for {@link EngineSession.insertRows}. */
export interface InsertOptions {
  /** Skip the look-up of stored keys; a duplicate key fails the whole call with `conflict`. */
  readonly assumeNew?: boolean;
  /**
   * Rows whose key is stored replace the stored row (deleted by key, then written, in the caller's transaction);
   * none is reported as a duplicate. A key repeated in `rows` still fails the call with `conflict`.
   */
  readonly replaceStored?: boolean;
}

/** The outcome of a bulk insert. */
export interface InsertResult {
  /** Rows written, replacements included. */
  readonly inserted: number;
  /** Indexes (into the given rows) that were not written because their primary key is already stored. */
  readonly duplicateIndexes: readonly number[];
  /** Stored rows replaced (with `replaceStored`); 0 otherwise. */
  readonly replaced?: number;
}

/** One column of a carry-over: the target column and the source column it is filled from (none: left empty). */
export interface CarryOverColumn {
  readonly target: TableColumn;
  readonly source: TableColumn | null;
}

/** A condition every carried row must meet (over the target columns), and why a row that does not is left behind. */
export interface CarryOverCheck {
  readonly reason: string;
  /** Must hold for the row; a row where it is unknown (NULL) passes, as with a SQL CHECK. */
  readonly holds: Filter;
}

/** Copies the rows of one product table into another inside the engine, converting and checking them. */
export interface CarryOverSpec {
  readonly from: string;
  readonly to: string;
  readonly columns: readonly CarryOverColumn[];
  /** Conditions beyond the built-in ones (required columns filled, values that convert to the target type). */
  readonly checks: readonly CarryOverCheck[];
  /** Source columns that identify a row in the reject list (the old primary key). */
  readonly keyColumns: readonly TableColumn[];
  /** At most this many rejected rows are listed (all are counted). */
  readonly rejectLimit: number;
}

/** One row a carry-over left behind, named by its old key, with every reason. */
export interface CarryOverReject {
  readonly key: Row;
  readonly reasons: readonly string[];
}

/** What a carry-over moved and what it left behind. */
export interface CarryOverResult {
  readonly copied: number;
  readonly rejected: number;
  /** Up to `rejectLimit` of the rejected rows. */
  readonly rejects: readonly CarryOverReject[];
}

/** Optional abilities an engine may have; shared code reads these instead of checking the engine's kind. */
export interface EngineCapabilities {
  /** Several processes may use the same store at once. */
  readonly multiProcess: boolean;
  /** The engine can write and read Parquet files itself. */
  readonly parquet: boolean;
  /** The engine can open isolated stores ({@link IsolatingEngine.openIsolated}) to run user SQL in. */
  readonly isolatedStores: boolean;
  /**
   * The store is one file on this machine, at the engine's `location`: a process may keep disposable caches of it
   * in files beside it (such as the search index snapshot, `<location>.search`).
   */
  readonly localFile: boolean;
  /** Text values may hold the NUL character (U+0000); PostgreSQL's text cannot, and refuses it with `invalid_input`. */
  readonly nulInText: boolean;
  /**
   * A transaction from {@link Engine.begin} may append rows while an earlier one commits, and of two that appended one
   * key the later commit is refused (DuckDB). PostgreSQL instead makes the earlier commit wait for the later writer
   * to end, which would wait for the earlier commit in turn: there, a writer appends only after the commit before it.
   */
  readonly overlappingAppends: boolean;
}

/** The part of a session that parses user SQL without running it: what the user-SQL guard needs. */
export type QueryDescriber = Pick<EngineSession, 'describeQuery'>;

/** Operations available inside and outside a transaction. */
export interface EngineSession {
  /** Runs a platform statement (catalog SQL with `$1` placeholders) and returns the number of rows changed. */
  execute(sql: string, params?: readonly Scalar[]): Promise<number>;
  /** Runs a platform query and returns its rows. BIGINT values come back as numbers. */
  query(sql: string, params?: readonly Scalar[]): Promise<Row[]>;
  tableExists(name: string): Promise<boolean>;
  /**
   * Creates a product's table and its indexes; a table of that name that exists already is kept as it is, unless
   * `options.exclusive`, which refuses it (`already_exists`) without looking the name up in the engine's catalog first
   * (a look-up that grows with the number of tables).
   */
  createTable(spec: TableSpec, options?: CreateTableOptions): Promise<void>;
  dropTable(name: string): Promise<void>;
  /** Adds a nullable column (and any missing indexes) so that a table matches a newer minor version of its spec. */
  addColumn(table: string, column: TableColumn): Promise<void>;
  /**
   * Writes rows (values in `spec.columns` order, already validated) in bulk; rows whose key is stored are skipped and
   * reported. With `assumeNew`, stored keys are not looked for first (the fast path for bulk loads): a row whose key
   * is stored, or repeated in `rows`, then fails the call with `conflict`, and the transaction must be rolled back.
   */
  insertRows(
    spec: TableSpec,
    rows: readonly (readonly unknown[])[],
    options?: InsertOptions,
  ): Promise<InsertResult>;
  select(table: string, spec: SelectSpec): Promise<Row[]>;
  count(table: string, where?: Filter): Promise<number>;
  /** Counts all rows and the rows matching each filter, in one scan of the table (counts in the filters' order). */
  countEach(table: string, filters: readonly Filter[]): Promise<{ total: number; counts: number[] }>;
  /** Sets columns to values on the rows matching `where`; returns how many changed. */
  update(
    table: string,
    where: Filter,
    changes: readonly { column: TableColumn; value: Scalar }[],
  ): Promise<number>;
  /** Deletes the rows matching `where`; returns how many were deleted. */
  delete(table: string, where: Filter): Promise<number>;
  aggregate(table: string, spec: AggregateSpec): Promise<Row[]>;
  /**
   * Writes the rows matching `spec` to a file (replacing it) in one of the export formats, streaming inside the
   * engine; returns how many rows were written. An engine without `capabilities.parquet` writes Parquet through the
   * engine layer's bridge (parquet-bridge.ts).
   */
  exportTo(table: string, spec: ExportSpec, path: string, format: ExportFormat): Promise<number>;
  /**
   * Parses SQL with the engine's own parser, without running or planning it, and says what it reads and calls:
   * statements, relations, functions, CTEs and select-list items. Text the parser refuses comes back with `error`.
   */
  describeQuery(sql: string): Promise<QueryShape>;
  /**
   * Copies the rows of `spec.from` that fit `spec.to` (converted with a cast that yields NULL on failure, and
   * passing every check) with one set-based INSERT … SELECT, and lists the rows that do not with their reasons.
   */
  carryOver(spec: CarryOverSpec): Promise<CarryOverResult>;
}

/**
 * A transaction begun on a connection of its own ({@link Engine.begin}) and finished by the caller, so that one
 * write can be prepared while an earlier one commits. Each must end with `commit` or `rollback`.
 */
export interface OpenTransaction {
  /** Statements run inside the transaction. */
  readonly session: EngineSession;
  /** Commits; on failure the transaction is rolled back and the error thrown. */
  commit(): Promise<void>;
  /** Rolls back; never throws, and does nothing once the transaction is finished (committed or rolled back). */
  rollback(): Promise<void>;
}

/** A storage engine: the port every backend (DuckDB, PostgreSQL) implements. */
export interface Engine extends EngineSession {
  /** Short engine name for messages, e.g. `duckdb`. */
  readonly kind: string;
  /** Where the data lives (file path or redacted URL). */
  readonly location: string;
  readonly capabilities: EngineCapabilities;
  /** The handle was opened read-only: reads work, and every write is refused with `storage_unavailable`. */
  readonly readOnly: boolean;
  /**
   * Runs `fn` in one transaction: everything it writes lands together or not at all. With `options.signal`, an engine
   * that can interrupt statements stops the one running when the signal aborts and rolls the transaction back,
   * failing with `storage_unavailable` (`details.reason: 'interrupted'`); one that cannot ignores the signal.
   */
  transaction<T>(fn: (tx: EngineSession) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Begins a transaction on a connection of its own, running alongside this handle's other operations rather than
   * after them. Meant for bulk appends (the ingest pipeline fills one batch's transaction while the previous batch
   * commits); statements in it must not update rows other transactions may update, or the store may refuse them.
   * Its reads must see one snapshot from its first statement on (DuckDB's MVCC does; PostgreSQL needs REPEATABLE
   * READ): a backup (`Mesh.snapshot`) reads every table in one such transaction and rolls it back.
   */
  begin(): Promise<OpenTransaction>;
  close(): Promise<void>;
}

/** Options of {@link Engine.transaction}. */
export interface TransactionOptions {
  /** Stops the transaction's running statement and rolls it back when it aborts (a deadline for user-written SQL). */
  readonly signal?: AbortSignal;
  /**
   * The transaction only reads (user-written SQL): PostgreSQL runs it `READ ONLY`, so any write in it fails, on a
   * connection of its own that takes no turn among the store's write transactions (it may run while one of the same
   * handle is open). DuckDB has no read-only transactions and ignores this: user SQL runs there in an isolated store
   * or in a transaction that is rolled back.
   */
  readonly readOnly?: boolean;
}

/**
 * An engine that can open an isolated store: a throwaway store of the same engine that cannot reach files, the
 * network or this store. User SQL (already allowed by the user-SQL guard) runs there over copies of the tables it may
 * read, so that even SQL the guard wrongly let through sees nothing else.
 */
export interface IsolatingEngine extends Engine {
  /** Opens a new, empty isolated store; close it when done. */
  openIsolated(): Promise<Engine>;
}

/** Tells whether an engine can open isolated stores (see {@link EngineCapabilities.isolatedStores}). */
export function canIsolate(engine: Engine): engine is IsolatingEngine {
  return engine.capabilities.isolatedStores && 'openIsolated' in engine;
}

/**
 * An engine whose product reads can be bound to an abort signal, so that a caller with a deadline (the HTTP server's
 * query timeout) can stop a read that runs too long without closing the store.
 */
export interface InterruptibleEngine extends Engine {
  /**
   * Returns a view of this engine whose product reads (`select`, `count`, `aggregate`, `exportTo`) are refused once
   * `signal` has aborted and interrupted when it aborts while they run, failing with `storage_unavailable`; every other
   * operation, and the store itself, are this engine's (closing the view closes nothing).
   */
  withReadSignal(signal: AbortSignal): Engine;
}

/** Tells whether an engine can bind its reads to an abort signal (see {@link InterruptibleEngine}). */
export function canInterrupt(engine: Engine): engine is InterruptibleEngine {
  return 'withReadSignal' in engine;
}
