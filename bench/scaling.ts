/**
 * Issue #18's targets in one run, each beside the same work done directly on DuckDB in the same run:
 * - the scaling table: SDK ingest (against DuckDB's appender + commit of the same rows into the same layout), a
 *   point query by key, a filtered 100-row page and `analytics()` at 10k, 100k, 1M and 10M rows, each query against
 *   the very statements the SDK sent (captured at DuckDB's connection during one untimed SDK call, then run as
 *   prepared statements on a raw connection of the same instance); plus analytics' aggregations merged into one
 *   GROUPING SETS scan, raw, to show what one scan would save;
 * - small writes: `ingest` of 100 and of 1,000 records per call into the loaded 1M-row store against the appender
 *   plus one COMMIT of the same rows into the raw table loaded with the same rows;
 * - `publish` of a product with 50 policies that apply to publishing, against the default policies alone.
 * Layout: the shipped `sales.transactions` contract with its primary key only (no secondary indexes), so that 10M
 * rows load in about a minute; reads go through `bob`, a consumer holding a grant without PII.
 * Writes `bench/results/scaling.json` and `bench/results/scaling.svg`, and replaces the generated part of
 * BENCHMARKS.md ("Scaling (generated)"); `--quick` (10k and 100k rows, fewer runs) prints only.
 * Usage: npm run bench:scale [-- --quick] [--sizes 10000,100000] [--write | --no-write]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type DuckDBAppender,
  DuckDBConnection,
  DuckDBInstance,
  type DuckDBPreparedStatement,
  type DuckDBValue,
} from '@duckdb/node-api';
import { parse } from 'yaml';
import { productTableName } from '../src/catalog/product-registry.ts';
import {
  acquireInstance,
  DUCKDB_OPTIONS,
  releaseInstance,
} from '../src/engine/duckdb/duckdb-instance-registry.ts';
import type { DataProduct } from '../src/product/data-product.ts';
import { Mesh } from '../src/product/mesh.ts';
import { generateSales, type SaleRecord } from './generate-sales.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const sizesArg = args[args.indexOf('--sizes') + 1];
const SIZES =
  args.includes('--sizes') && sizesArg !== undefined
    ? sizesArg.split(',').map(Number)
    : QUICK
      ? [10_000, 100_000]
      : [10_000, 100_000, 1_000_000, 10_000_000];
const WRITE = args.includes('--write') || (!QUICK && !args.includes('--no-write'));
/** The size whose stores take the small writes: the largest up to 1M. */
const WRITE_SIZE = Math.max(...SIZES.filter((n) => n <= 1_000_000));

/** Timed runs per size: more for cheap reads, fewer where one call scans 10M rows. */
function runsFor(rows: number): { point: number; filtered: number; analytics: number } {
  if (QUICK) return { point: 60, filtered: 15, analytics: 5 };
  if (rows >= 10_000_000) return { point: 200, filtered: 10, analytics: 3 };
  if (rows >= 1_000_000) return { point: 300, filtered: 30, analytics: 10 };
  return { point: 300, filtered: 50, analytics: 20 };
}
const WRITE_RUNS = QUICK ? 8 : 20;
const PUBLISH_RUNS = QUICK ? 5 : 15;

// ---- capture of the statements the SDK sends (bench only: wraps DuckDB's connection class) ----
interface Captured {
  readonly sql: string;
  readonly params: readonly unknown[];
}
let capturing: Captured[] | undefined;
{
  const proto = DuckDBConnection.prototype as unknown as {
    runAndReadAll: (
      this: DuckDBConnection,
      sql: string,
      values?: unknown,
      types?: unknown,
    ) => Promise<unknown>;
  };
  const original = proto.runAndReadAll;
  proto.runAndReadAll = function (this: DuckDBConnection, sql, values, types) {
    capturing?.push({ sql, params: Array.isArray(values) ? [...(values as unknown[])] : [] });
    return original.call(this, sql, values, types);
  };
}

// ---- statistics ----
const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);
function median(xs: readonly number[]): number {
  const s = sorted(xs);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}
function quantile(xs: readonly number[], q: number): number {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}
interface Stat {
  readonly median: number;
  readonly p95: number;
  readonly p99: number;
  readonly runs: number;
}
const stat = (xs: readonly number[]): Stat => ({
  median: median(xs),
  p95: quantile(xs, 0.95),
  p99: quantile(xs, 0.99),
  runs: xs.length,
});

// ---- raw DuckDB side ----
const TABLE = `CREATE TABLE sales (transaction_id VARCHAR PRIMARY KEY, product_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL,
  amount DOUBLE NOT NULL, date DATE NOT NULL, product_category VARCHAR NOT NULL, region VARCHAR NOT NULL)`;

function appendSale(a: DuckDBAppender, r: SaleRecord): void {
  a.appendVarchar(r.transaction_id);
  a.appendVarchar(r.product_id);
  a.appendVarchar(r.customer_id);
  a.appendDouble(r.amount);
  a.appendVarchar(r.date);
  a.appendVarchar(r.product_category);
  a.appendVarchar(r.region);
  a.endRow();
}

/** DuckDB's appender, in one transaction committed at the end: the raw load of the same rows. */
async function rawAppend(conn: DuckDBConnection, rows: Iterable<SaleRecord>): Promise<number> {
  const started = performance.now();
  await conn.run('BEGIN TRANSACTION');
  const appender = await conn.createAppender('sales');
  for (const r of rows) appendSale(appender, r);
  appender.flushSync();
  appender.closeSync();
  await conn.run('COMMIT');
  return performance.now() - started;
}

/** The captured statements as prepared statements on a raw connection, run one after another like the SDK's. */
async function prepareAll(
  conn: DuckDBConnection,
  statements: readonly Captured[],
): Promise<{ run: () => Promise<void>; destroy: () => void }> {
  const prepared: DuckDBPreparedStatement[] = [];
  for (const st of statements) {
    const p = await conn.prepare(st.sql);
    p.bind(st.params as DuckDBValue[]);
    prepared.push(p);
  }
  return {
    run: async () => {
      for (const p of prepared) (await p.runAndReadAll()).getRowObjects();
    },
    destroy: () => {
      for (const p of prepared) p.destroySync();
    },
  };
}

function salesSpec(): Record<string, unknown> {
  const spec = parse(readFileSync(join(ROOT, 'examples/sales/product.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  return { ...spec, schema: { ...(spec.schema as Record<string, unknown>), indexes: [] } };
}

async function* asAsync<T>(items: Iterable<T>): AsyncIterable<T> {
  yield* items;
}

/** Fresh records for small writes: keys of their own (`W<call>_<i>`), values from the generator. */
function writeBatch(call: string, count: number, seed: number): SaleRecord[] {
  return [...generateSales(count, seed)].map((r, i) => ({ ...r, transaction_id: `W${call}_${i}` }));
}

interface SizeResult {
  readonly rows: number;
  readonly ingest: { readonly sdkMs: number; readonly rawMs: number; readonly ratio: number };
  readonly point: { readonly sdk: Stat; readonly raw: Stat; readonly ratio: number };
  readonly filtered: {
    readonly sdk: Stat;
    readonly raw: Stat;
    readonly ratio: number;
    readonly rowsReturned: number;
  };
  readonly analytics: {
    readonly sdk: Stat;
    readonly raw: Stat;
    readonly ratio: number;
    readonly statements: number;
    /** None past 1M rows (see measureSize). */
    readonly groupingSets: Stat | null;
  };
  readonly load: readonly number[];
}
interface WriteResult {
  readonly records: number;
  readonly intoRows: number;
  readonly sdk: Stat;
  readonly raw: Stat;
  readonly ratio: number;
}
interface PublishResult {
  readonly policies: number;
  readonly sdk: Stat;
  readonly defaultsOnly: Stat;
}

const out = process.stdout;
const dir = mkdtempSync(join(tmpdir(), 'meshwork-bench-scale-'));
const started = new Date();
const loadAtStart = loadavg();
const sizes: SizeResult[] = [];
const writes: WriteResult[] = [];
let publish: PublishResult | undefined;

/** Times `sdk` and `raw` alternately, `runs` times each after `warm` untimed rounds. */
async function interleave(
  runs: number,
  warm: number,
  sdk: (i: number) => Promise<unknown>,
  raw: (i: number) => Promise<unknown>,
): Promise<{ sdk: number[]; raw: number[] }> {
  const s: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < warm + runs; i += 1) {
    let t = performance.now();
    await raw(i);
    const rawMs = performance.now() - t;
    t = performance.now();
    await sdk(i);
    const sdkMs = performance.now() - t;
    if (i >= warm) {
      r.push(rawMs);
      s.push(sdkMs);
    }
  }
  return { sdk: s, raw: r };
}

async function captureOnce(table: string, call: () => Promise<unknown>): Promise<Captured[]> {
  capturing = [];
  await call();
  const got = capturing.filter((c) => c.sql.includes(`"${table}"`));
  capturing = undefined;
  return got;
}

async function measureSize(rows: number): Promise<void> {
  const runs = runsFor(rows);
  const store = join(dir, `sdk-${rows}.duckdb`);
  const rawStore = join(dir, `raw-${rows}.duckdb`);
  out.write(`\n${rows.toLocaleString('en')} rows (load ${loadavg()[0]?.toFixed(2)})\n`);

  // Loads: raw appender + commit, then the SDK, same records from the generator.
  const rawDb = await DuckDBInstance.create(rawStore, { ...DUCKDB_OPTIONS });
  const rawConn = await rawDb.connect();
  await rawConn.run(TABLE);
  const rawLoadMs = await rawAppend(rawConn, generateSales(rows));

  const mesh = await Mesh.open({ store });
  const sales = await mesh.createProduct(salesSpec());
  let t = performance.now();
  const ingested = await sales.ingest(asAsync(generateSales(rows)));
  const sdkLoadMs = performance.now() - t;
  if (ingested.accepted !== rows) throw new Error(`ingest accepted ${ingested.accepted} of ${rows}`);
  await sales.publish();
  await mesh.governance.addPrincipal({ id: 'bob', roles: ['consumer'] });
  const bobMesh = await mesh.as('bob');
  const request = await bobMesh.governance.requestAccess({ product: 'sales.transactions', purpose: 'bench' });
  await mesh.governance.approve(request.id, { comment: 'bench' });
  const bob = await bobMesh.product('sales.transactions');
  out.write(
    `  ingest: SDK ${(sdkLoadMs / 1000).toFixed(2)} s, raw appender + commit ${(rawLoadMs / 1000).toFixed(2)} s\n`,
  );

  // Reads: the SDK's own statements, captured once, then run prepared on a raw connection of the same instance.
  const table = productTableName('sales.transactions', '1.0.0');
  const instance = await acquireInstance(store);
  const conn = await instance.connect();
  let key = 0;
  const nextKey = (): string => {
    key = (key * 7919 + 104_729) % rows;
    return `TXN${String(key).padStart(9, '0')}`;
  };
  // Point: prepared once, bound with a new key each run (as the SDK binds its parameter).
  const [pointSt] = await captureOnce(table, () => bob.query({ transaction_id: nextKey() }));
  if (pointSt === undefined) throw new Error('no point statement captured');
  const pointRaw = await conn.prepare(pointSt.sql);
  const point = await interleave(
    runs.point,
    20,
    () => bob.query({ transaction_id: nextKey() }),
    async () => {
      pointRaw.clearBindings();
      pointRaw.bind([nextKey()]);
      (await pointRaw.runAndReadAll()).getRowObjects();
    },
  );
  pointRaw.destroySync();

  const filter = "region = 'Europe' and amount > 500";
  const filteredSt = await captureOnce(table, () => bob.query(filter, { limit: 100 }));
  const filteredRaw = await prepareAll(conn, filteredSt);
  const rowsReturned = (await bob.query(filter, { limit: 100 })).rows.length;
  const filtered = await interleave(
    runs.filtered,
    3,
    () => bob.query(filter, { limit: 100 }),
    () => filteredRaw.run(),
  );
  filteredRaw.destroy();

  const analyticsSt = await captureOnce(table, () => bob.analytics());
  const analyticsRaw = await prepareAll(conn, analyticsSt);
  const grouping = await conn.prepare(
    `SELECT product_category, region, customer_id, date, year(date) AS y, month(date) AS m, grouping_id(product_category, region, customer_id, date, year(date), month(date)) AS g,
       sum(amount) AS total, count(*) AS n, avg(amount) AS average, count(DISTINCT customer_id) AS customers, max(date) AS last
     FROM "${table}"
     GROUP BY GROUPING SETS ((), (product_category), (region), (customer_id), (date), (year(date), month(date)))`,
  );
  const analytics = await interleave(
    runs.analytics,
    2,
    () => bob.analytics(),
    () => analyticsRaw.run(),
  );
  // The one-scan variant is far slower than the six statements (1.9 s against 0.14 s at 100k rows), so it runs
  // three times, and not at all past 1M rows, where one call would take minutes.
  const groupingTimes: number[] = [];
  for (let i = 0; i < (rows <= 1_000_000 ? 3 : 0); i += 1) {
    t = performance.now();
    (await grouping.runAndReadAll()).getRowObjects();
    groupingTimes.push(performance.now() - t);
  }
  grouping.destroySync();
  analyticsRaw.destroy();

  const result: SizeResult = {
    rows,
    ingest: { sdkMs: sdkLoadMs, rawMs: rawLoadMs, ratio: sdkLoadMs / rawLoadMs },
    point: { sdk: stat(point.sdk), raw: stat(point.raw), ratio: median(point.sdk) / median(point.raw) },
    filtered: {
      sdk: stat(filtered.sdk),
      raw: stat(filtered.raw),
      ratio: median(filtered.sdk) / median(filtered.raw),
      rowsReturned,
    },
    analytics: {
      sdk: stat(analytics.sdk),
      raw: stat(analytics.raw),
      ratio: median(analytics.sdk) / median(analytics.raw),
      statements: analyticsSt.length,
      groupingSets: groupingTimes.length === 0 ? null : stat(groupingTimes),
    },
    load: loadavg(),
  };
  sizes.push(result);
  out.write(
    `  point ${result.point.sdk.median.toFixed(2)} / ${result.point.raw.median.toFixed(2)} ms (${result.point.ratio.toFixed(2)}×), filtered ${result.filtered.sdk.median.toFixed(2)} / ${result.filtered.raw.median.toFixed(2)} ms (${result.filtered.ratio.toFixed(2)}×), analytics ${result.analytics.sdk.median.toFixed(1)} / ${result.analytics.raw.median.toFixed(1)} ms (${result.analytics.ratio.toFixed(2)}×; ${analyticsSt.length} statements; one GROUPING SETS scan ${result.analytics.groupingSets === null ? 'not run' : `${result.analytics.groupingSets.median.toFixed(1)} ms`})\n`,
  );

  if (rows === WRITE_SIZE) {
    // Small writes into the loaded stores, as the owner (the admin): each SDK call validates, stores and audits its
    // batch in its own transactions; the raw side appends the same rows and commits once.
    for (const count of [100, 1000]) {
      const batches = Array.from({ length: WRITE_RUNS + 2 }, (_, i) =>
        writeBatch(`${count}_${i}`, count, i + 1),
      );
      const w = await interleave(
        WRITE_RUNS,
        2,
        async (i) => {
          const r = await sales.ingest(batches[i] ?? []);
          if (r.accepted !== count) throw new Error(`small write accepted ${r.accepted} of ${count}`);
        },
        (i) => rawAppend(rawConn, batches[i] ?? []),
      );
      const entry: WriteResult = {
        records: count,
        intoRows: rows,
        sdk: stat(w.sdk),
        raw: stat(w.raw),
        ratio: median(w.sdk) / median(w.raw),
      };
      writes.push(entry);
      out.write(
        `  ingest of ${count} records: SDK ${entry.sdk.median.toFixed(2)} ms, raw appender + commit ${entry.raw.median.toFixed(2)} ms (${entry.ratio.toFixed(2)}×)\n`,
      );
    }
  }

  conn.closeSync();
  await releaseInstance(store);
  await mesh.close();
  rawConn.closeSync();
  rawDb.closeSync();
  rmSync(store, { force: true });
  rmSync(`${store}.wal`, { force: true });
  rmSync(rawStore, { force: true });
  rmSync(`${rawStore}.wal`, { force: true });
}

/** Publish of a fresh draft with `extra` policies applying to publishing (besides the defaults), `runs` times. */
async function publishTimes(extra: number, runs: number): Promise<number[]> {
  const mesh = await Mesh.open({ store: join(dir, `publish-${extra}.duckdb`) });
  if (extra > 0) {
    await mesh.governance.applyPolicies(
      Array.from({ length: extra }, (_, i) => ({
        id: `bench-policy-${i}`,
        description: `bench policy ${i}: the product names an owner and fields with types`,
        severity: i % 2 === 0 ? 'blocking' : 'warning',
        scope: 'global',
        events: ['publish'],
        expression: `product.owner != 'nobody-${i}' && product.schema.fields.all(f, f.name != 'forbidden_${i}')`,
      })),
    );
  }
  const spec = salesSpec();
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i += 1) {
    const p: DataProduct = await mesh.createProduct({ ...spec, id: `sales.bench_${i}` });
    const t = performance.now();
    const r = await p.publish();
    const ms = performance.now() - t;
    if (!r.ok) throw new Error(`publish refused: ${JSON.stringify(r)}`);
    if (i >= 2) times.push(ms);
  }
  await mesh.close();
  return times;
}

// ---- output ----
const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const n = (x: number): string => x.toLocaleString('en');

function markdown(): string {
  const load = loadavg();
  const lines: string[] = [];
  lines.push(
    `Generated by \`npm run bench:scale\` (\`bench/scaling.ts\`) on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${cpus().length} × ${cpus()[0]?.model.trim() ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} at the start, ${load.map((l) => l.toFixed(2)).join(' ')} at the end. The \`sales.transactions\` contract with its primary key only; reads by a consumer with a grant (no PII). "raw" is the same work on DuckDB directly in the same run: the appender + COMMIT of the same rows into the same layout, and for reads the very statements the SDK sent, prepared on a raw connection of the same instance. Raw figures in \`bench/results/scaling.json\`.`,
    '',
    '| rows | ingest: SDK | × raw appender | point query: SDK median (p95, p99) | raw | × raw | filtered 100 rows: SDK median (p95) | raw | × raw | analytics: SDK median (p95) | raw (statements) | × raw | one GROUPING SETS scan, raw |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const s of sizes) {
    lines.push(
      `| ${n(s.rows)} | ${(s.ingest.sdkMs / 1000).toFixed(2)} s | ${s.ingest.ratio.toFixed(2)}× | ${ms(s.point.sdk.median)} ms (${ms(s.point.sdk.p95)}, ${ms(s.point.sdk.p99)}) | ${ms(s.point.raw.median)} ms | ${s.point.ratio.toFixed(2)}× | ${ms(s.filtered.sdk.median)} ms (${ms(s.filtered.sdk.p95)}) | ${ms(s.filtered.raw.median)} ms | ${s.filtered.ratio.toFixed(2)}× | ${ms(s.analytics.sdk.median)} ms (${ms(s.analytics.sdk.p95)}) | ${ms(s.analytics.raw.median)} ms (${s.analytics.statements}) | ${s.analytics.ratio.toFixed(2)}× | ${s.analytics.groupingSets === null ? 'not run' : `${ms(s.analytics.groupingSets.median)} ms`} |`,
    );
  }
  lines.push('', '![Scaling: SDK time against rows, log-log](bench/results/scaling.svg)', '');
  if (writes.length > 0) {
    lines.push(
      '| small write | into | SDK `ingest` median (p95) | raw appender + one COMMIT | × raw |',
      '|---|---:|---:|---:|---:|',
    );
    for (const w of writes) {
      lines.push(
        `| ${n(w.records)} records per call | ${n(w.intoRows)} rows | ${ms(w.sdk.median)} ms (${ms(w.sdk.p95)}) | ${ms(w.raw.median)} ms | ${w.ratio.toFixed(2)}× |`,
      );
    }
    lines.push('');
  }
  if (publish !== undefined) {
    lines.push(
      '| publish of a draft | median | p95 |',
      '|---|---:|---:|',
      `| with ${publish.policies} policies for publishing besides the defaults | ${ms(publish.sdk.median)} ms | ${ms(publish.sdk.p95)} ms |`,
      `| with the default policies only | ${ms(publish.defaultsOnly.median)} ms | ${ms(publish.defaultsOnly.p95)} ms |`,
      '',
    );
  }
  return lines.join('\n');
}

/** A log-log chart of the SDK's median times against rows, one line per operation, and the raw ones dashed. */
function svg(): string {
  const W = 640;
  const H = 360;
  const pad = { l: 70, r: 170, t: 30, b: 45 };
  const series = [
    {
      name: 'ingest',
      color: '#1f77b4',
      sdk: sizes.map((s) => s.ingest.sdkMs),
      raw: sizes.map((s) => s.ingest.rawMs),
    },
    {
      name: 'point query',
      color: '#2ca02c',
      sdk: sizes.map((s) => s.point.sdk.median),
      raw: sizes.map((s) => s.point.raw.median),
    },
    {
      name: 'filtered 100 rows',
      color: '#ff7f0e',
      sdk: sizes.map((s) => s.filtered.sdk.median),
      raw: sizes.map((s) => s.filtered.raw.median),
    },
    {
      name: 'analytics',
      color: '#d62728',
      sdk: sizes.map((s) => s.analytics.sdk.median),
      raw: sizes.map((s) => s.analytics.raw.median),
    },
  ];
  const xs = sizes.map((s) => Math.log10(s.rows));
  const all = series.flatMap((s) => [...s.sdk, ...s.raw]).filter((v) => v > 0);
  const yMin = Math.floor(Math.log10(Math.min(...all)));
  const yMax = Math.ceil(Math.log10(Math.max(...all)));
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const px = (x: number) => pad.l + ((x - xMin) / Math.max(xMax - xMin, 1e-9)) * (W - pad.l - pad.r);
  const py = (v: number) =>
    H - pad.b - ((Math.log10(v) - yMin) / Math.max(yMax - yMin, 1e-9)) * (H - pad.t - pad.b);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    '<title>Meshwork scaling: median time of ingest, point query, filtered query and analytics against rows, SDK and raw DuckDB</title>',
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${pad.l}" y="18" font-size="13">Median time against rows (log-log); solid: SDK, dashed: raw DuckDB, dotted: linear growth</text>`,
  ];
  for (let e = yMin; e <= yMax; e += 1) {
    const y = py(10 ** e);
    parts.push(
      `<line x1="${pad.l}" x2="${W - pad.r}" y1="${y}" y2="${y}" stroke="#ddd"/><text x="${pad.l - 6}" y="${y + 4}" text-anchor="end">${10 ** e >= 1000 ? `${10 ** (e - 3)} s` : `${10 ** e} ms`}</text>`,
    );
  }
  for (const s of sizes) {
    const x = px(Math.log10(s.rows));
    parts.push(
      `<line x1="${x}" x2="${x}" y1="${pad.t}" y2="${H - pad.b}" stroke="#eee"/><text x="${x}" y="${H - pad.b + 16}" text-anchor="middle">${s.rows >= 1e6 ? `${s.rows / 1e6}M` : `${s.rows / 1e3}k`}</text>`,
    );
  }
  parts.push(`<text x="${(pad.l + W - pad.r) / 2}" y="${H - 8}" text-anchor="middle">rows</text>`);
  series.forEach((s, i) => {
    const line = (vals: number[], dash: string) =>
      `<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${vals.map((v, j) => `${px(xs[j] ?? 0).toFixed(1)},${py(Math.max(v, 10 ** yMin)).toFixed(1)}`).join(' ')}"/>`;
    parts.push(line(s.sdk, ''), line(s.raw, ' stroke-dasharray="5,4"'));
    // Linear growth from the first SDK point: a line of slope 1 on log-log axes.
    const first = s.sdk[0] ?? 1;
    const linear = sizes.map((z) => first * (z.rows / (sizes[0]?.rows ?? 1)));
    parts.push(
      `<polyline fill="none" stroke="${s.color}" stroke-width="1" stroke-dasharray="1,3" opacity="0.6" points="${linear.map((v, j) => `${px(xs[j] ?? 0).toFixed(1)},${py(Math.min(Math.max(v, 10 ** yMin), 10 ** yMax)).toFixed(1)}`).join(' ')}"/>`,
    );
    const ly = pad.t + 14 + i * 18;
    parts.push(
      `<line x1="${W - pad.r + 12}" x2="${W - pad.r + 36}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"/><text x="${W - pad.r + 42}" y="${ly}">${s.name}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

const START = '<!-- generated by bench/scaling.ts: start -->';
const END = '<!-- generated by bench/scaling.ts: end -->';

try {
  for (const rows of SIZES) await measureSize(rows);
  const withPolicies = await publishTimes(50, PUBLISH_RUNS);
  const defaultsOnly = await publishTimes(0, PUBLISH_RUNS);
  publish = { policies: 50, sdk: stat(withPolicies), defaultsOnly: stat(defaultsOnly) };
  out.write(
    `\npublish with 50 policies: median ${ms(publish.sdk.median)} ms (p95 ${ms(publish.sdk.p95)}); defaults only ${ms(publish.defaultsOnly.median)} ms\n\n`,
  );
  const text = markdown();
  out.write(`${text}\n`);
  if (WRITE) {
    const results = join(ROOT, 'bench/results');
    mkdirSync(results, { recursive: true });
    writeFileSync(
      join(results, 'scaling.json'),
      `${JSON.stringify(
        {
          date: started.toISOString(),
          machine: {
            cpus: cpus().length,
            model: cpus()[0]?.model.trim(),
            memoryGiB: Math.round(totalmem() / 2 ** 30),
            node: process.version,
          },
          loadAtStart,
          loadAtEnd: loadavg(),
          quick: QUICK,
          sizes,
          writes,
          publish,
        },
        null,
        2,
      )}\n`,
    );
    writeFileSync(join(results, 'scaling.svg'), svg());
    const file = join(ROOT, 'BENCHMARKS.md');
    const doc = readFileSync(file, 'utf8');
    const from = doc.indexOf(START);
    const to = doc.indexOf(END);
    if (from < 0 || to < from) throw new Error(`BENCHMARKS.md lacks the markers ${START} … ${END}`);
    writeFileSync(file, `${doc.slice(0, from + START.length)}\n${text}\n${doc.slice(to)}`);
    out.write('wrote bench/results/scaling.json, bench/results/scaling.svg and BENCHMARKS.md\n');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
