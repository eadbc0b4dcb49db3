/**
 * The store a test writes to, on the engine the run's project tests: a DuckDB file in the test's temp folder, or a
 * database of its own on the run's PostgreSQL server (`MESHWORK_TEST_ENGINE=postgres`, set by the `postgres` project
 * of vitest.config.ts, which runs the SDK suites a second time). Tests that go through these helpers run unchanged
 * on both engines; that is how the product, governance and catalog suites are parametrized, not copied.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { freshPostgresDatabase, postgresAdminUrl, postgresRunId, withDatabase } from './postgres-cluster.ts';

/** The environment variable choosing the engine the SDK suites run on. */
export const TEST_ENGINE_ENV_VAR = 'MESHWORK_TEST_ENGINE';

/** The engines a test store can be on. */
export type TestEngine = 'duckdb' | 'postgres';

/** The engine this test run's project stores its test stores on (DuckDB unless the project says PostgreSQL). */
export const TEST_ENGINE: TestEngine =
  process.env[TEST_ENGINE_ENV_VAR] === 'postgres' ? 'postgres' : 'duckdb';

/**
 * A new, empty store location for a test: `file` (a path in the test's temp folder) on DuckDB, or the URL of a
 * fresh database on PostgreSQL.
 */
export async function newTestStore(file: string): Promise<string> {
  return TEST_ENGINE === 'postgres' ? freshPostgresDatabase() : file;
}

const templates = new Map<string, Promise<string>>();

/**
 * A PostgreSQL database that `build` would have made, cloned from this worker's template database `key` (built by
 * `build` on first use; `CREATE DATABASE … TEMPLATE` copies its files, much faster than building again), with a
 * masking secret of its own as every real store has. `build` must close the store it writes.
 */
export async function postgresStoreFromTemplate(
  key: string,
  build: (store: string) => Promise<void>,
): Promise<string> {
  let template = templates.get(key);
  if (template === undefined) {
    template = (async () => {
      const url = await freshPostgresDatabase({ keep: true });
      await build(url);
      return new URL(url).pathname.slice(1);
    })();
    templates.set(key, template);
  }
  const source = await template;
  const admin = await postgresAdminUrl();
  const name = `mw_copy_r${postgresRunId()}_${process.pid}_${randomBytes(5).toString('hex')}`;
  await withClient(admin, (c) =>
    c.query(`CREATE DATABASE "${name}" TEMPLATE "${source}" STRATEGY FILE_COPY`),
  );
  const url = withDatabase(admin, name);
  await withClient(url, (c) =>
    c.query("UPDATE mw_secrets SET value = $1 WHERE name = 'masking'", [randomBytes(32).toString('hex')]),
  );
  return url;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
