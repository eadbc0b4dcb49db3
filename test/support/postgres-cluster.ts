/**
 * PostgreSQL for tests, with no mocks: `MESHWORK_TEST_PG_URL` when it is set, otherwise ONE throwaway cluster per test
 * run, started on first need with the system's `initdb`/`pg_ctl` on a free loopback port. The run's globalSetup
 * (postgres-setup.ts) hands every worker the same base folder; the first worker that needs PostgreSQL starts the
 * cluster there (an atomic `mkdir` decides which), the others wait for its URL, and the globalSetup's teardown stops
 * and removes it. Each caller of {@link freshPostgresDatabase} gets a database of its own.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { inject } from 'vitest';

const run = promisify(execFile);

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The environment variable naming an existing server (a superuser URL) to use instead of a throwaway cluster. */
export const TEST_PG_URL_ENV_VAR = 'MESHWORK_TEST_PG_URL';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's folder for the throwaway PostgreSQL cluster (see postgres-cluster.ts). */
    meshworkPostgresBase: string;
  }
}

const HOW_TO_INSTALL =
  'PostgreSQL tests need a server: set MESHWORK_TEST_PG_URL=postgres://user:password@host:port/postgres (a role that may CREATE DATABASE), or install the server binaries (Debian/Ubuntu: `apt-get install -y postgresql`, which puts initdb and pg_ctl under /usr/lib/postgresql/<version>/bin; .ci/run does this when initdb is missing)';

/** Finds the folder holding `initdb` and `pg_ctl`: on the PATH, or Debian's /usr/lib/postgresql/<version>/bin. */
export function findPostgresBin(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir !== '' && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

/** Runs a server binary, as the `postgres` user when this process is root (initdb refuses to run as root). */
async function runAs(bin: string, args: readonly string[]): Promise<void> {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, [...args]];
  await run(cmd, argv, { timeout: 60_000 });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** Paths of the cluster's files inside the run's base folder. */
function paths(base: string) {
  return {
    lock: join(base, 'starting'),
    data: join(base, 'data'),
    sockets: join(base, 'sockets'),
    url: join(base, 'url'),
    error: join(base, 'error'),
    log: join(base, 'server.log'),
  };
}

/** Where a fresh data folder made by this server version's initdb is kept, so later runs copy it instead. */
function initdbCache(bin: string): string {
  const stamp = `${bin}:${statSync(join(bin, 'initdb')).mtimeMs}:${process.getuid?.() ?? ''}`;
  const key = createHash('sha256').update(stamp).digest('hex').slice(0, 12);
  return join(ROOT, 'node_modules', '.cache', 'meshwork-postgres', `data-${key}`);
}

/** Initialises and starts the cluster in `base` and returns its superuser URL (about 1.3 s). */
async function startCluster(base: string): Promise<string> {
  const bin = findPostgresBin();
  if (bin === undefined)
    throw new Error(`no initdb found on the PATH or under /usr/lib/postgresql. ${HOW_TO_INSTALL}`);
  const p = paths(base);
  mkdirSync(p.sockets, { recursive: true });
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    for (const dir of [base, p.sockets]) chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  // initdb takes a second or two; its output is the same every time, so it is kept (per server version) and copied.
  const cached = initdbCache(bin);
  if (existsSync(join(cached, 'PG_VERSION'))) await run('cp', ['-a', cached, p.data]);
  else {
    await runAs(join(bin, 'initdb'), [
      '--no-sync',
      '--no-instructions',
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--no-locale',
      '-D',
      p.data,
    ]);
    const partial = `${cached}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(cached), { recursive: true });
      await run('cp', ['-a', p.data, partial]);
      renameSync(partial, cached);
    } catch {
      // Another run filled the cache meanwhile, or it cannot be written: the next run runs initdb again.
      rmSync(partial, { recursive: true, force: true });
    }
  }
  const port = await freePort();
  await runAs(join(bin, 'pg_ctl'), [
    '-w',
    '-D',
    p.data,
    '-l',
    p.log,
    '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${p.sockets} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
    'start',
  ]);
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
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

/** Stops and removes a cluster started in `base` (by the globalSetup's teardown); does nothing when none was. */
export async function stopCluster(base: string): Promise<void> {
  const p = paths(base);
  const bin = findPostgresBin();
  if (bin !== undefined && existsSync(join(p.data, 'postmaster.pid'))) {
    try {
      await runAs(join(bin, 'pg_ctl'), ['-D', p.data, '-m', 'fast', '-w', 'stop']);
    } catch {
      // Removing the folder below is what matters; a server that would not stop is gone with its data.
    }
  }
  rmSync(base, { recursive: true, force: true });
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
  const name = `mw_test_${process.pid}_${databases}_${Math.random().toString(36).slice(2, 8)}`;
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
