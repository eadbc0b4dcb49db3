/**
 * A throwaway PostgreSQL cluster started with the system's `initdb`/`pg_ctl` on a free loopback port, and stopped and
 * removed again: for the tests (postgres-cluster.ts, one per run) and the PostgreSQL benchmark. No vitest here.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What to tell someone whose machine has no PostgreSQL. */
export const HOW_TO_INSTALL =
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
export function paths(base: string) {
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

/**
 * Initialises and starts a cluster in `base` and returns its superuser URL (about 1.3 s). `durable: false` (the
 * tests') turns off fsync and synchronous commit; a benchmark keeps PostgreSQL's defaults.
 */
export async function startCluster(base: string, options: { durable?: boolean } = {}): Promise<string> {
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
  await startServer(bin, base, port, options);
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

async function startServer(
  bin: string,
  base: string,
  port: number,
  options: { durable?: boolean },
): Promise<void> {
  const p = paths(base);
  await runAs(join(bin, 'pg_ctl'), [
    '-w',
    '-D',
    p.data,
    '-l',
    p.log,
    '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${p.sockets} -c max_connections=200${options.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off'}`,
    'start',
  ]);
}

/**
 * Crashes the cluster's server the way a power cut would look to it: an immediate shutdown (every server process
 * quits at once, no checkpoint, every connection cut), after which the next start replays the write-ahead log.
 */
export async function crashCluster(base: string): Promise<void> {
  const bin = findPostgresBin();
  if (bin === undefined) throw new Error(`no pg_ctl found. ${HOW_TO_INSTALL}`);
  await runAs(join(bin, 'pg_ctl'), ['-D', paths(base).data, '-m', 'immediate', '-w', 'stop']);
}

/** Starts a cluster crashed or stopped before on the port of its URL again (recovering from its log first). */
export async function restartCluster(
  base: string,
  url: string,
  options: { durable?: boolean } = {},
): Promise<void> {
  const bin = findPostgresBin();
  if (bin === undefined) throw new Error(`no pg_ctl found. ${HOW_TO_INSTALL}`);
  await startServer(bin, base, Number(new URL(url).port), options);
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
