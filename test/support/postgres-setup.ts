/**
 * Vitest globalSetup for the PostgreSQL tests: hands every worker one base folder for the run's throwaway cluster,
 * which the first worker needing PostgreSQL starts (postgres-cluster.ts), and stops and removes it at the end; and a
 * run id that every test database's name carries, so that on a server of one's own (MESHWORK_TEST_PG_URL) the run's
 * databases, template copies included, are dropped at the end. A run without PostgreSQL tests starts nothing.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { TEST_PG_URL_ENV_VAR } from './postgres-cluster.ts';
import { stopCluster } from './postgres-server.ts';

/** Drops every database of this run on the given server (names carry `_r<run id>_`). */
async function dropRunDatabases(url: string, runId: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'mw\\_%' AND position($1 in datname) > 0",
      [`_r${runId}_`],
    );
    for (const { datname } of rows) {
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
        datname,
      ]);
      await client.query(`DROP DATABASE IF EXISTS "${datname.replaceAll('"', '""')}"`);
    }
  } finally {
    await client.end();
  }
}

export default function setup(project: TestProject): () => Promise<void> {
  const base = mkdtempSync(join(tmpdir(), 'meshwork-pg-'));
  const runId = randomBytes(4).toString('hex');
  project.provide('meshworkPostgresBase', base);
  project.provide('meshworkPostgresRun', runId);
  return async () => {
    const shared = process.env[TEST_PG_URL_ENV_VAR];
    if (shared !== undefined && shared !== '') await dropRunDatabases(shared, runId).catch(() => undefined);
    await stopCluster(base);
  };
}
