import type { Engine } from './engine.ts';
import type { parseMemoryLimit } from './memory-limit.ts';

/** Where a store lives when nothing else says: a DuckDB file under the working folder. */
export const DEFAULT_STORE = './.meshwork/mesh.duckdb';

/** The environment variable naming the store. */
export const STORE_ENV_VAR = 'MESHWORK_STORE';

/** Picks the store location: an explicit value, then `MESHWORK_STORE`, then the default file. */
export function resolveStoreLocation(
  explicit?: string,
  env: Readonly<Record<string, string | undefined>> = {},
): string {
  if (explicit !== undefined && explicit !== '') return explicit;
  const fromEnv = env[STORE_ENV_VAR];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return DEFAULT_STORE;
}

/**
 * What `--store` accepts today, for help texts: it names only the engines {@link openEngine} can open, so the help
 * changes in the same commit as the engines do.
 */
export const STORE_LOCATION_HELP =
  'store: a DuckDB file path, or a PostgreSQL URL (postgres://user:password@host:port/database)';

/** Tells whether a store location is a PostgreSQL connection URL. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** How {@link openEngine} opens a store. */
export interface OpenEngineOptions {
  /** Open read-only: nothing is written, a missing store is refused, several readers may share it. Default false. */
  readonly readOnly?: boolean;
  /** Create a missing store. Default true; false refuses it with `not_found`. */
  readonly create?: boolean;
  /**
   * The most memory, in bytes, the engine may use for its buffers: sorts, joins, aggregations and intermediate
   * results, beyond which a statement fails with `storage_unavailable` (reason `memory_limit`). Default: the engine's
   * own (DuckDB: 80% of the machine's memory). See {@link parseMemoryLimit}.
   */
  readonly memoryLimitBytes?: number;
}

/**
 * Opens the engine for a store location: a DuckDB file path (or `:memory:`), or a PostgreSQL URL.
 * @throws MeshError `storage_unavailable` when the store cannot be opened; `not_found` when it is missing and may not
 * be created; `invalid_input` when the file is empty or not a store.
 */
export async function openEngine(location: string, options: OpenEngineOptions = {}): Promise<Engine> {
  if (isPostgresUrl(location)) {
    // Loaded on demand like DuckDB's: importing Meshwork loads neither pg nor a native binding.
    const { openPostgresEngine } = await import('./postgres/postgres-engine.ts');
    return openPostgresEngine({ url: location, ...options });
  }
  // Loaded here, not at the top: importing Meshwork (or starting the CLI) loads no native binding until a store is opened.
  const { openDuckDbEngine } = await import('./duckdb/duckdb-engine.ts');
  return openDuckDbEngine({ path: location, ...options });
}
