import type { DuckDBInstance } from '@duckdb/node-api';
import { duckdbApi } from './duckdb-api.ts';
import { MeshError } from '../../core/errors.ts';

/** The tail of the chain of operations running on one instance, one at a time. */
export interface OperationQueue {
  tail: Promise<unknown>;
}

interface Entry {
  readonly instance: Promise<DuckDBInstance>;
  /** Opened with `access_mode: READ_ONLY`: other processes may read the file at the same time, nobody here writes. */
  readonly readOnly: boolean;
  readonly queue: OperationQueue;
  refs: number;
}

const entries = new Map<string, Entry>();

/**
 * Options every Meshwork DuckDB instance is opened with: never download extensions at run time, and checkpoint
 * once the write-ahead log holds 128 MB instead of DuckDB's default 16 MB. Each checkpoint writes every ART index
 * of a changed table out whole, so at 16 MB a 1M-row load into an indexed table checkpoints (and rewrites its
 * indexes) several times. A committed batch is durable in the log either way; the price is memory, since DuckDB
 * keeps what the log holds in memory until the checkpoint, and closing a store checkpoints it (BENCHMARKS.md).
 */
export const DUCKDB_OPTIONS: Readonly<Record<string, string>> = {
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  checkpoint_threshold: '128MB',
};

/**
 * Options of an isolated in-memory instance (see `openIsolated`): no file system at all, and its configuration locked
 * so that no statement can turn it back on. DuckDB applies `enable_external_access` to a whole instance and cannot
 * turn it on again once off, which is why the store's own instance (which also exports and ingests files) keeps it.
 */
export const ISOLATED_OPTIONS: Readonly<Record<string, string>> = {
  enable_external_access: 'false',
  lock_configuration: 'true',
};

let memoryCount = 0;

/** A registry key for a new private in-memory database (each `:memory:` open is its own database). */
export function newMemoryKey(): string {
  memoryCount += 1;
  return `:memory:${memoryCount}`;
}

/**
 * Returns the process's one instance for a database file, opening it on first use (read-only when `readOnly`).
 * DuckDB must not open the same file twice in one process: two instances would not see each other's writes. A
 * read-write instance serves read-only callers too; a read-only one cannot serve a writer.
 * @throws MeshError `storage_unavailable` when a writer asks for a file this process holds read-only.
 */
export async function acquireInstance(
  path: string,
  readOnly = false,
  extraOptions: Readonly<Record<string, string>> = {},
): Promise<DuckDBInstance> {
  let entry = entries.get(path);
  if (entry?.readOnly && !readOnly) {
    throw new MeshError(
      'storage_unavailable',
      `the store ${path} is open read-only in this process; close those handles before opening it to write`,
    );
  }
  if (!entry) {
    const instance = duckdbApi.DuckDBInstance.create(path.startsWith(':memory:') ? ':memory:' : path, {
      ...DUCKDB_OPTIONS,
      ...(readOnly ? { access_mode: 'READ_ONLY' } : {}),
      ...extraOptions,
    });
    entry = { instance, readOnly, queue: { tail: Promise.resolve() }, refs: 0 };
    entries.set(path, entry);
    instance.catch(() => entries.delete(path));
  }
  entry.refs += 1;
  try {
    return await entry.instance;
  } catch (error) {
    entry.refs -= 1;
    throw error;
  }
}

/**
 * The queue every handle on an instance runs its operations through. Handles have their own connections, and
 * DuckDB fails a transaction that writes a row another connection's open transaction wrote ("Conflict on
 * update"); taking turns across handles keeps two meshes on one file from tripping over each other.
 * @throws Error when the instance was not acquired first.
 */
export function instanceQueue(path: string): OperationQueue {
  const entry = entries.get(path);
  if (!entry) throw new Error(`no DuckDB instance is open for ${path}; acquire it first`);
  return entry.queue;
}

/**
 * Tells whether this process holds (or is opening) an instance for a file: its file is then DuckDB's own, possibly
 * still being created (empty for a moment), and needs no check before another handle joins it.
 */
export function hasInstance(path: string): boolean {
  return entries.has(path);
}

/** Tells whether the process's instance for a file was opened read-only (false when none is open). */
export function isReadOnlyInstance(path: string): boolean {
  return entries.get(path)?.readOnly ?? false;
}

/** Gives back an instance; the last holder closes it. */
export async function releaseInstance(path: string): Promise<void> {
  const entry = entries.get(path);
  if (!entry) return;
  entry.refs -= 1;
  if (entry.refs > 0) return;
  entries.delete(path);
  (await entry.instance).closeSync();
}
