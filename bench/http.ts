/**
 * HTTP benchmark: filtered 10-row reads over loopback with 64 connections (autocannon), against `meshwork serve` on a
 * product of 100,000 customer profiles, as a consumer principal holding a grant without PII (so authentication, the
 * rate limiter, policies, masking and the audit record all run on every request), and against a bare Hono route on
 * @hono/node-server answering the same JSON body, in the same run. Each server runs in a process of its own (the real
 * `meshwork serve` from the sources, logging at info to /dev/null); autocannon runs in this one.
 * Before the server starts (it holds the file), the SQL statement the request runs is also run directly on the store
 * with DuckDB's Node API by as many clients over as many connections as the server's read pool (bench/http-raw-duckdb.ts):
 * the engine's own limit for this request on this machine, with no HTTP and no governance.
 * Prints a Markdown table (requests/s, p50, p99, and Meshwork's share of bare Hono's throughput) for BENCHMARKS.md.
 * Usage: npm run bench:http [-- --duration 20 --connections 64 --rows 100000]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { READ_CONNECTIONS } from '../src/engine/duckdb/duckdb-engine.ts';
import { setUpHttpStore } from './http-store.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? Number(args[at + 1]) : fallback;
};
const DURATION = option('duration', 20);
const CONNECTIONS = option('connections', 64);
const ROWS = option('rows', 100_000);
const WARMUP = 3;
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PATH = '/products/customer.profiles/rows?tier=gold&filter=lifetime_value%20%3E%20100&limit=10';

/** Spawns a server process and resolves with its URL once it says where it listens. */
function start(command: readonly string[], pattern: RegExp): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, command, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let said = '';
    const listen = (data: Buffer): void => {
      said += data.toString();
      const m = pattern.exec(said);
      if (m?.[1]) resolve({ child, url: m[1] });
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', listen);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${said}`)));
  });
}

interface Figures {
  readonly requests: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
}

async function load(url: string, token: string, seconds: number): Promise<Figures> {
  const result = await autocannon({
    url: `${url}${PATH}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    requests: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Runs the request's SQL statement directly on the store in a process of its own (see bench/http-raw-duckdb.ts). */
function rawEngine(store: string): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'bench/http-raw-duckdb.ts'),
        store,
        String(DURATION),
        String(CONNECTIONS),
        String(READ_CONNECTIONS),
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let said = '';
    child.stdout?.on('data', (data: Buffer) => {
      said += data.toString();
    });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`the raw DuckDB run exited with ${code}`));
      const r = JSON.parse(said) as { perSecond: number; p50: number; p99: number };
      resolve({ requests: r.perSecond, p50: r.p50, p99: r.p99, non2xx: 0, errors: 0 });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'meshwork-bench-http-'));
const children: ChildProcess[] = [];
try {
  const store = join(dir, 'mesh.duckdb');
  const token = await setUpHttpStore(store, ROWS);
  const raw = await rawEngine(store);
  const meshwork = await start(
    [
      join(ROOT, 'test/support/meshwork-from-source.js'),
      'serve',
      '--store',
      store,
      '--port',
      '0',
      '--rate-limit',
      '10000000',
    ],
    /serving .* at (http:\/\/\S+) /,
  );
  children.push(meshwork.child);
  // Logs go nowhere, as to a file nobody reads; reading them here would load this process, which runs autocannon.
  meshwork.child.stdout?.removeAllListeners('data');
  meshwork.child.stdout?.resume();
  const sample = await fetch(`${meshwork.url}${PATH}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await sample.text();
  const body = JSON.parse(text) as { rows: Record<string, unknown>[] };
  if (sample.status !== 200 || body.rows.length !== 10 || body.rows[0]?.email === undefined) {
    throw new Error(`the sample request failed: ${sample.status} ${text.slice(0, 300)}`);
  }
  if (String(body.rows[0]?.email).includes('@'))
    throw new Error('PII came back unmasked: the scenario is wrong');
  const bodyFile = join(dir, 'body.json');
  writeFileSync(bodyFile, text);
  const bare = await start(
    ['--import', 'tsx', join(ROOT, 'bench/http-bare-hono.ts'), bodyFile],
    /listening (\S+)/,
  );
  children.push(bare.child);

  await load(meshwork.url, token, WARMUP);
  await load(bare.url, token, WARMUP);
  const mw = await load(meshwork.url, token, DURATION);
  const hono = await load(bare.url, token, DURATION);

  const out = process.stdout;
  out.write(
    `HTTP reads, ${CONNECTIONS} connections, ${DURATION} s each after ${WARMUP} s of warm-up, ${new Date().toISOString()}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  out.write(`GET ${PATH} as a consumer without PII grant; ${ROWS} rows; body ${text.length} bytes\n\n`);
  out.write('| server | requests/s | p50 | p99 | non-2xx | errors |\n|---|---:|---:|---:|---:|---:|\n');
  for (const [name, f] of [
    ['meshwork serve', mw],
    ['bare Hono (same body)', hono],
    [`DuckDB alone, the same SQL (${READ_CONNECTIONS} connections, no HTTP; run before the servers)`, raw],
  ] as const) {
    out.write(
      `| ${name} | ${f.requests.toFixed(0)} | ${f.p50} ms | ${f.p99} ms | ${f.non2xx} | ${f.errors} |\n`,
    );
  }
  out.write(
    `\nmeshwork serve reaches ${((mw.requests / hono.requests) * 100).toFixed(1)}% of bare Hono's requests/s and ${((mw.requests / raw.requests) * 100).toFixed(0)}% of the statement's own rate on DuckDB; goal ≥ 3000 requests/s with p99 ≤ 50 ms: ${mw.requests >= 3000 && mw.p99 <= 50 ? 'met' : 'not met'}\n`,
  );
} finally {
  for (const child of children) child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 500));
  rmSync(dir, { recursive: true, force: true });
}
