import { DuckDBInstance } from '@duckdb/node-api';

interface Entry {
  readonly instance: Promise<DuckDBInstance>;
  refs: number;
}

const entries = new Map<string, Entry>();

/** Options every Meshwork DuckDB instance is opened with: never download extensions at run time. */
export const DUCKDB_OPTIONS: Readonly<Record<string, string>> = {
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
};

let memoryCount = 0;

/** A registry key for a new private in-memory database (each `:memory:` open is its own database). */
export function newMemoryKey(): string {
  memoryCount += 1;
  return `:memory:${memoryCount}`;
}

/**
 * Returns the process's one instance for a database file, opening it on first use.
 * DuckDB must not open the same file twice in one process: two instances would not see each other's writes.
 */
export async function acquireInstance(path: string): Promise<DuckDBInstance> {
  let entry = entries.get(path);
  if (!entry) {
    const instance = DuckDBInstance.create(path.startsWith(':memory:') ? ':memory:' : path, { ...DUCKDB_OPTIONS });
    entry = { instance, refs: 0 };
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

/** Gives back an instance; the last holder closes it. */
export async function releaseInstance(path: string): Promise<void> {
  const entry = entries.get(path);
  if (!entry) return;
  entry.refs -= 1;
  if (entry.refs > 0) return;
  entries.delete(path);
  (await entry.instance).closeSync();
}
