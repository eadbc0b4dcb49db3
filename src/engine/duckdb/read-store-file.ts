import { duckdbApi } from './duckdb-api.ts';
import { DUCKDB_OPTIONS } from './duckdb-instance-registry.ts';

/**
 * Runs one query on an existing DuckDB store file opened read-only, for look-ups that must stay cheap and leave the
 * file as it is (shell completion): no set-up, no migration, no write, and the file is closed before it returns.
 * @throws Error from DuckDB when the file is missing, is no DuckDB file, or a writer holds it.
 * @example const rows = await queryStoreFileReadOnly('.meshwork/mesh.duckdb', 'SELECT id FROM mw_products');
 */
export async function queryStoreFileReadOnly(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await duckdbApi.DuckDBInstance.create(path, {
    ...DUCKDB_OPTIONS,
    access_mode: 'READ_ONLY',
  });
  try {
    const connection = await instance.connect();
    try {
      return (await connection.runAndReadAll(sql)).getRowObjectsJson();
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
