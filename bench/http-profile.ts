/**
 * Per-step profile of one HTTP read (the request of `npm run bench:http`), in-process through `app.request`: each
 * request is sent alone, and its time is split into the steps the server runs (token check, `mesh.as`, the product
 * look-up, the field types of the filter, the governed query and inside it the read decision, the engine read, the
 * read-trail entry), the engine statements it ran (by verb and table, timed at DuckDB's connection) and the rest
 * (Hono, zod, middleware, masking, JSON). A second pass sends `--concurrent` requests at once to show how many engine
 * statements a request costs under load, when group commits and shared catalog syncs can combine work.
 * Prints Markdown for BENCHMARKS.md ("HTTP reads", per step).
 * With `--cpu`, the concurrent pass also runs under V8's CPU profiler and the functions taking the most CPU time
 * (self time, by function and file) are listed.
 * Usage: node --import tsx bench/http-profile.ts [-- --rows 100000 --runs 200 --concurrent 64 --cpu]
 */
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { duckdbApi } from '../src/engine/duckdb/duckdb-api.ts';
import { Governance } from '../src/governance/governance.ts';
import { DataProduct } from '../src/product/data-product.ts';
import { Mesh } from '../src/product/mesh.ts';
import { ProductGuard } from '../src/product/product-guard.ts';
import { createMeshServer } from '../src/server/create-mesh-server.ts';
import { setUpHttpStore } from './http-store.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? Number(args[at + 1]) : fallback;
};
const ROWS = option('rows', 100_000);
const RUNS = option('runs', 200);
const CONCURRENT = option('concurrent', 64);
const PATH = '/products/customer.profiles/rows?tier=gold&filter=lifetime_value%20%3E%20100&limit=10';

interface Step {
  n: number;
  ms: number;
}
let steps = new Map<string, Step>();
const add = (name: string, ms: number): void => {
  const step = steps.get(name) ?? { n: 0, ms: 0 };
  step.n += 1;
  step.ms += ms;
  steps.set(name, step);
};

function statementLabel(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  const verb = (/^(\w+)/.exec(s)?.[1] ?? '').toUpperCase();
  if (/"data_\w+"/.test(s)) return `${verb} (product table)`;
  const table = /(?:FROM|INTO|UPDATE)\s+"?(\w+)/i.exec(s)?.[1] ?? '';
  return `sql: ${verb} ${table}`.trim();
}

/**
 * Times every statement at DuckDB's connection (what the engine really runs, whichever connection runs it).
 * `runAndReadAll` calls `run` itself: a statement is counted once, at the outer call.
 */
function instrumentConnections(): void {
  const proto = duckdbApi.DuckDBConnection.prototype as unknown as Record<string, unknown>;
  const reading = new WeakSet<object>();
  for (const name of ['run', 'runAndReadAll']) {
    const original = proto[name] as (this: object, sql: string, ...rest: unknown[]) => Promise<unknown>;
    proto[name] = async function (this: object, sql: string, ...rest: unknown[]) {
      if (name === 'run' && reading.has(this)) return original.call(this, sql, ...rest);
      if (name === 'runAndReadAll') reading.add(this);
      const started = performance.now();
      try {
        return await original.call(this, sql, ...rest);
      } finally {
        if (name === 'runAndReadAll') reading.delete(this);
        add(statementLabel(sql), performance.now() - started);
      }
    };
  }
}

/** Times a public method of a class under a step name. */
function timeMethod(proto: object, method: string, name: string): void {
  const p = proto as Record<string, unknown>;
  const original = p[method] as (this: unknown, ...a: unknown[]) => Promise<unknown>;
  p[method] = async function (this: unknown, ...a: unknown[]) {
    const started = performance.now();
    try {
      return await original.apply(this, a);
    } finally {
      add(name, performance.now() - started);
    }
  };
}

function report(title: string, requests: number, totalMs: number): void {
  const out = process.stdout;
  out.write(`\n**${title}**: ${(totalMs / requests).toFixed(2)} ms per request (${requests} requests)\n\n`);
  out.write('| step | calls per request | ms per request |\n|---|---:|---:|\n');
  const rows = [...steps.entries()].sort((a, b) => b[1].ms - a[1].ms);
  for (const [name, s] of rows) {
    out.write(`| ${name} | ${(s.n / requests).toFixed(2)} | ${(s.ms / requests).toFixed(3)} |\n`);
  }
  const statements = rows.filter(([n]) => n.startsWith('sql:') || n.includes('(product table)'));
  const count = statements.reduce((a, [, s]) => a + s.n, 0);
  out.write(`\nengine statements per request: ${(count / requests).toFixed(2)}\n`);
}

interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  }[];
  readonly samples?: readonly number[] | undefined;
  readonly timeDeltas?: readonly number[] | undefined;
}

/** Lists the functions with the most self time in a V8 CPU profile, and the share of the main thread left idle. */
function cpuReport(profile: CpuProfile, wallMs: number): void {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  samples.forEach((id, i) => {
    const frame = byNode.get(id);
    const ms = (deltas[i] ?? 0) / 1000;
    total += ms;
    const file = (frame?.url ?? '').replace(/^.*node_modules\//, '').replace(/^.*wt-httpperf\//, '');
    const key = `${frame?.functionName || '(anonymous)'} ${file}${file === '' ? '' : `:${(frame?.lineNumber ?? 0) + 1}`}`;
    self.set(key, (self.get(key) ?? 0) + ms);
  });
  const out = process.stdout;
  out.write(
    `\nCPU profile of the main thread over ${wallMs.toFixed(0)} ms (${total.toFixed(0)} ms sampled), top self time:\n\n`,
  );
  out.write('| function | self ms | share |\n|---|---:|---:|\n');
  for (const [key, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    out.write(`| ${key.replaceAll('|', '/')} | ${ms.toFixed(0)} | ${((ms / total) * 100).toFixed(1)}% |\n`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'meshwork-bench-http-profile-'));
try {
  const store = join(dir, 'mesh.duckdb');
  const token = await setUpHttpStore(store, ROWS);
  instrumentConnections();
  timeMethod(Governance.prototype, 'authenticate', 'token check (governance.authenticate)');
  timeMethod(Mesh.prototype, 'as', 'mesh.as(principal)');
  timeMethod(Mesh.prototype, 'product', 'mesh.product(id)');
  timeMethod(DataProduct.prototype, 'descriptor', 'descriptor (field types of field=value)');
  timeMethod(DataProduct.prototype, 'query', 'product.query (all of it)');
  timeMethod(ProductGuard.prototype, 'read', '  query: read decision (grants, policies, masking plan)');
  timeMethod(ProductGuard.prototype, 'pinnedMajor', '  query: pinned major (grant look-up)');
  const mesh = await Mesh.open({ store });
  const logger = pino({ level: 'info' }, pino.destination(openSync('/dev/null', 'w')));
  const { app } = createMeshServer({ mesh, logger, limits: { rateLimit: 10_000_000 } });
  const headers = { authorization: `Bearer ${token}` };
  const once = async (): Promise<void> => {
    const res = await app.request(PATH, { headers });
    const body = (await res.json()) as { rows: unknown[] };
    if (res.status !== 200 || body.rows.length !== 10) throw new Error(`request failed: ${res.status}`);
  };
  for (let i = 0; i < 30; i += 1) await once();
  steps = new Map();
  let started = performance.now();
  for (let i = 0; i < RUNS; i += 1) {
    const t = performance.now();
    await once();
    add('whole request (app.request, body read)', performance.now() - t);
  }
  const sequentialMs = performance.now() - started;
  process.stdout.write(
    `HTTP read profile, ${new Date().toISOString()}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\nGET ${PATH}; ${ROWS} rows\n`,
  );
  report('One request at a time', RUNS, sequentialMs);
  steps = new Map();
  const rounds = Math.max(1, Math.round(RUNS / CONCURRENT) * 4);
  const inspector = args.includes('--cpu') ? new Session() : undefined;
  if (inspector !== undefined) {
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
  }
  started = performance.now();
  for (let r = 0; r < rounds; r += 1) await Promise.all(Array.from({ length: CONCURRENT }, once));
  const concurrentMs = performance.now() - started;
  if (inspector !== undefined) {
    const { profile } = await inspector.post('Profiler.stop');
    inspector.disconnect();
    cpuReport(profile, concurrentMs);
  }
  report(
    `${CONCURRENT} requests at once, ${rounds} rounds (${((rounds * CONCURRENT * 1000) / concurrentMs).toFixed(0)} requests/s in-process)`,
    rounds * CONCURRENT,
    concurrentMs,
  );
  await mesh.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
