/**
 * PostgreSQL for tests, with no mocks: `MESHWORK_TEST_PG_URL` when it is set, otherwise ONE throwaway cluster per test
 * run, started on first need with the system's `initdb`/`pg_ctl` on a free loopback port. The run's globalSetup
 * (postgres-setup.ts) hands every worker the same base folder; the first worker that needs PostgreSQL starts the
 * cluster there (an atomic `mkdir` decides which), the others wait for its URL, and the globalSetup's teardown stops
 * and removes it. Each caller of {@link freshPostgresDatabase} gets a database of its own.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { paths, startCluster } from './postgres-server.ts';

/** The environment variable naming an existing server (a superuser URL) to use instead of a throwaway cluster. */
export const TEST_PG_URL_ENV_VAR = 'MESHWORK_TEST_PG_URL';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's folder for the throwaway PostgreSQL cluster (see postgres-cluster.ts). */
    meshworkPostgresBase: string;
    /** The run's id, in every test database's name (see postgres-setup.ts). */
    meshworkPostgresRun: string;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let adminUrl: Promise<string> | undefined;

/** The superuser URL of the run's server: MESHWORK_TEST_PG_URL, or the throwaway cluster (started on first need). */
export function postgresAdminUrl(): Promise<string> {
  adminUrl ??= resolveAdminUrl();
  return adminUrl;
}

async function resolveAdminUrl(): Promise<string> {
  const fromEnv = process.env[TEST_PG_URL_ENV_VAR];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const base = inject('meshworkPostgresBase');
  const p = paths(base);
  let starter = false;
  try {
    mkdirSync(p.lock);
    starter = true;
  } catch {
    // Another worker starts it.
  }
  if (starter) {
    try {
      const url = await startCluster(base);
      writeFileSync(p.url, url);
      return url;
    } catch (error) {
      const message = `could not start a throwaway PostgreSQL cluster for the tests: ${error instanceof Error ? error.message : String(error)}`;
      writeFileSync(p.error, message);
      throw new Error(message, { cause: error });
    }
  }
  for (let waited = 0; waited < 60_000; waited += 50) {
    if (existsSync(p.error)) throw new Error(readFileSync(p.error, 'utf8'));
    if (existsSync(p.url)) return readFileSync(p.url, 'utf8');
    await sleep(50);
  }
  throw new Error(`timed out waiting for another test worker to start PostgreSQL in ${base}`);
}

/** The run's id for database names (see postgres-setup.ts); `local` outside a vitest run. */
export function postgresRunId(): string {
  try {
    return inject('meshworkPostgresRun') ?? 'local';
  } catch {
    return 'local';
  }
}

let databases = 0;
const created: string[] = [];

/** Replaces the database of a URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Creates an empty database of its own (`CREATE DATABASE`) on the run's server and returns its URL, so that tests
 * never see each other's tables. {@link dropFreshPostgresDatabases} drops it, unless `keep` (a template database
 * that later test files of the worker clone, which lives as long as the run's server).
 * @throws Error, saying how to install PostgreSQL, when there is neither MESHWORK_TEST_PG_URL nor initdb.
 */
export async function freshPostgresDatabase(options: { keep?: boolean } = {}): Promise<string> {
  const admin = await postgresAdminUrl();
  databases += 1;
  const name = `mw_test_r${postgresRunId()}_${process.pid}_${databases}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    // Copying template0's files is the quickest way to an empty database (PostgreSQL 15 logs it to WAL by default).
    const version = Number((await client.query('SHOW server_version_num')).rows[0]?.server_version_num);
    await client.query(
      `CREATE DATABASE "${name}" TEMPLATE template0${version >= 150000 ? ' STRATEGY FILE_COPY' : ''}`,
    );
  } finally {
    await client.end();
  }
  if (!options.keep) created.push(name);
  return withDatabase(admin, name);
}

/** Drops the databases {@link freshPostgresDatabase} created in this worker (for a shared MESHWORK_TEST_PG_URL server). */
export async function dropFreshPostgresDatabases(): Promise<void> {
  if (created.length === 0) return;
  const client = new pg.Client({ connectionString: await postgresAdminUrl() });
  await client.connect();
  try {
    for (const name of created.splice(0))
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
