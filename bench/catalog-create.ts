/**
 * Catalog at scale (issue 18): creates products through the SDK (`mesh.createProduct`: catalog entry, version, search
 * entry, domain, access-log and audit entries, and the product's table with its primary key), one call each, and
 * reports the median cost of a creation per window of 100 as the catalog grows, beside raw DuckDB doing the same DDL
 * (CREATE TABLE with a primary key + one catalog row + COMMIT per product) in the same run. Then, each in a fresh
 * process: opening the store (beside a raw DuckDB open of the same file), the first search after the open (without
 * and with the index snapshot), search p95 over several queries, and `show` of one product.
 *
 * Usage: npm run bench:catalog [-- --products 10000] [--quick] [--store /tmp/catalog-10k.duckdb]
 *   --quick       1,000 products instead of 10,000
 *   --store PATH  keep the store there; when it exists already, reuse it (creation times come from PATH.times.json)
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { DUCKDB_OPTIONS } from '../src/engine/duckdb/duckdb-instance-registry.ts';
import { Mesh } from '../src/product/mesh.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const out = process.stdout;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function stats(xs: readonly number[]): { median: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return { median: at(0.5), p95: at(0.95) };
}

const spec = (i: number) => ({
  id: `d${i % 20}.product_${i}`,
  domain: `d${i % 20}`,
  owner: 'bench',
  description: `Generated product ${i} for the catalog benchmark.`,
  version: '1.0.0',
  schema: {
    primaryKey: ['id'],
    fields: [
      { name: 'id', type: 'string', description: 'Key.' },
      { name: 'value', type: 'number', description: 'A value.' },
    ],
  },
});

/** What one fresh process measures on an existing store (printed as one JSON line). */
interface Measured {
  rawOpenMs: number;
  rawFirstQueryMs: number;
  rawShow: { median: number; p95: number };
  rawSearch: { median: number; p95: number };
  openMs: number;
  firstSearchMs: number;
  firstSearchSource: string;
  search: { label: string; text: string; hits: number; median: number; p95: number }[];
  searchAll: { median: number; p95: number };
  show: { median: number; p95: number };
  showCard: { median: number; p95: number };
  load: string;
}

async function measure(store: string, products: number): Promise<Measured> {
  const RUNS = 50;
  const target = spec(Math.floor(products / 2)).id;
  // Raw DuckDB on the same file first (one instance per process: it is closed before the mesh opens it).
  let t = performance.now();
  const instance = await DuckDBInstance.create(store, DUCKDB_OPTIONS);
  const conn = await instance.connect();
  const rawOpenMs = performance.now() - t;
  t = performance.now();
  await conn.run('SELECT descriptor FROM mw_products WHERE id = $1', [target]);
  const rawFirstQueryMs = performance.now() - t;
  const rawShowTimes: number[] = [];
  const rawSearchTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t = performance.now();
    const reader = await conn.runAndReadAll('SELECT descriptor FROM mw_products WHERE id = $1', [target]);
    JSON.parse(String(reader.getRowObjects()[0]?.descriptor));
    rawShowTimes.push(performance.now() - t);
    t = performance.now();
    await conn.runAndReadAll(
      'SELECT product_id FROM mw_search_docs WHERE contains(terms, $1) ORDER BY product_id LIMIT 20',
      ['generated'],
    );
    rawSearchTimes.push(performance.now() - t);
  }
  conn.closeSync();
  instance.closeSync();

  const snapshotBefore = existsSync(`${store}.search`) ? statSync(`${store}.search`).mtimeMs : undefined;
  t = performance.now();
  const mesh = await Mesh.open({ store });
  const openMs = performance.now() - t;
  t = performance.now();
  await mesh.search('product');
  const firstSearchMs = performance.now() - t;
  // Read from the snapshot when the file was there and the search did not write it again.
  const snapshotAfter = existsSync(`${store}.search`) ? statSync(`${store}.search`).mtimeMs : undefined;
  const firstSearchSource =
    snapshotBefore !== undefined && snapshotAfter === snapshotBefore
      ? 'read from the snapshot'
      : 'built from the entries';
  const queries = [
    { label: 'a common word', text: 'product' },
    { label: 'a prefix', text: 'gen' },
    { label: 'an exact id', text: target },
    { label: 'two words', text: 'generated key' },
    { label: 'a rare word', text: `product_${Math.floor(products / 3)}` },
    { label: 'no match', text: 'zyzzyva' },
  ];
  const search: Measured['search'] = [];
  const all: number[] = [];
  for (const q of queries) {
    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < RUNS + 5; i++) {
      t = performance.now();
      hits = (await mesh.search(q.text)).length;
      if (i >= 5) times.push(performance.now() - t);
    }
    all.push(...times);
    search.push({ ...q, hits, ...stats(times) });
  }
  const showTimes: number[] = [];
  const cardTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t = performance.now();
    await (await mesh.product(target)).descriptor();
    showTimes.push(performance.now() - t);
    t = performance.now();
    // What `meshwork show` reads for its card (src/cli/commands/show.ts).
    const product = await mesh.product(target);
    await product.qualityHistory(1);
    await product.descriptor();
    await mesh.listDomains();
    if (await product.mayRead()) await product.metrics();
    await product.lineage();
    await product.versions();
    await product.outputPorts();
    await product.deprecation();
    await product.slaStatus();
    cardTimes.push(performance.now() - t);
  }
  await mesh.close();
  return {
    rawOpenMs,
    rawFirstQueryMs,
    rawShow: stats(rawShowTimes),
    rawSearch: stats(rawSearchTimes),
    openMs,
    firstSearchMs,
    firstSearchSource,
    search,
    searchAll: stats(all),
    show: stats(showTimes),
    showCard: stats(cardTimes),
    load: load(),
  };
}

/** Creates N tables in raw DuckDB the way createProduct's DDL does, one transaction each; per-creation times. */
async function rawCreation(file: string, products: number): Promise<{ times: number[]; openMs: number }> {
  const instance = await DuckDBInstance.create(file, DUCKDB_OPTIONS);
  const conn = await instance.connect();
  await conn.run('CREATE TABLE cat (id VARCHAR PRIMARY KEY, table_name VARCHAR, descriptor VARCHAR)');
  const times: number[] = [];
  const doc = 'x'.repeat(600);
  for (let i = 0; i < products; i++) {
    const t = performance.now();
    await conn.run('BEGIN TRANSACTION');
    await conn.run(`CREATE TABLE p_${i} (id VARCHAR PRIMARY KEY, value DOUBLE)`);
    await conn.run('INSERT INTO cat VALUES ($1, $2, $3)', [`d.p_${i}`, `p_${i}`, doc]);
    await conn.run('COMMIT');
    times.push(performance.now() - t);
  }
  conn.closeSync();
  instance.closeSync();
  const t = performance.now();
  const reopened = await DuckDBInstance.create(file, DUCKDB_OPTIONS);
  const openMs = performance.now() - t;
  reopened.closeSync();
  return { times, openMs };
}

/**
 * The cost of a creation at the big catalog's size against a small catalog's, measured at the same moments: a copy
 * of the big store and a fresh store seeded with 100 products take turns, one creation each, so that a change of the
 * machine's load hits both sides alike. The same for raw DuckDB (a copy of the raw file against a fresh one).
 */
async function interleaved(
  bigStore: string,
  bigRaw: string,
  work: string,
  products: number,
  turns: number,
): Promise<{ small: number; big: number; rawSmall: number; rawBig: number }> {
  const bigCopy = join(work, 'big-copy.duckdb');
  copyFileSync(bigStore, bigCopy);
  const big = await Mesh.open({ store: bigCopy });
  const small = await Mesh.open({ store: join(work, 'small.duckdb') });
  for (let i = 0; i < 100; i++) await small.createProduct(spec(i));
  const smallTimes: number[] = [];
  const bigTimes: number[] = [];
  for (let k = 0; k < turns; k++) {
    for (const [mesh, times, i] of [
      [small, smallTimes, 100 + k],
      [big, bigTimes, products + k],
    ] as const) {
      const t = performance.now();
      await mesh.createProduct(spec(i));
      times.push(performance.now() - t);
    }
  }
  await big.close();
  await small.close();
  const rawCopy = join(work, 'raw-big-copy.duckdb');
  copyFileSync(bigRaw, rawCopy);
  const rawBig = await (await DuckDBInstance.create(rawCopy, DUCKDB_OPTIONS)).connect();
  const rawSmall = await (
    await DuckDBInstance.create(join(work, 'raw-small.duckdb'), DUCKDB_OPTIONS)
  ).connect();
  await rawSmall.run('CREATE TABLE cat (id VARCHAR PRIMARY KEY, table_name VARCHAR, descriptor VARCHAR)');
  const rawTimes: [number[], number[]] = [[], []];
  const doc = 'x'.repeat(600);
  for (let k = -100; k < turns; k++) {
    for (const [side, conn, i] of [
      [0, rawSmall, 100 + k],
      [1, rawBig, products + k],
    ] as const) {
      if (side === 1 && k < 0) continue;
      const t = performance.now();
      await conn.run('BEGIN TRANSACTION');
      await conn.run(`CREATE TABLE p_${i + 100} (id VARCHAR PRIMARY KEY, value DOUBLE)`);
      await conn.run('INSERT INTO cat VALUES ($1, $2, $3)', [`d.p_${i + 100}`, `p_${i + 100}`, doc]);
      await conn.run('COMMIT');
      if (k >= 0) rawTimes[side].push(performance.now() - t);
    }
  }
  rawBig.closeSync();
  rawSmall.closeSync();
  return {
    small: stats(smallTimes).median,
    big: stats(bigTimes).median,
    rawSmall: stats(rawTimes[0]).median,
    rawBig: stats(rawTimes[1]).median,
  };
}

if (args[0] === '--measure') {
  const store = args[1] ?? '';
  out.write(`${JSON.stringify(await measure(store, Number(args[2])))}\n`);
  process.exit(0);
}

const PRODUCTS = args.includes('--quick') ? 1000 : Number(option('--products') ?? 10_000);
const kept = option('--store');
const dir = mkdtempSync(join(tmpdir(), 'meshwork-bench-catalog-'));
const store = kept ?? join(dir, 'catalog.duckdb');
const snapshot = `${store}.search`;
const self = fileURLToPath(import.meta.url);
const child = (): Measured => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', self, '--measure', store, String(PRODUCTS)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0) throw new Error(`measuring process failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as Measured;
};

try {
  const startedAt = new Date().toISOString();
  const loadBefore = load();
  let times: number[];
  if (kept !== undefined && existsSync(kept)) {
    times = JSON.parse(readFileSync(`${kept}.times.json`, 'utf8')) as number[];
  } else {
    const mesh = await Mesh.open({ store });
    times = [];
    for (let i = 0; i < PRODUCTS; i += 1) {
      const started = performance.now();
      await mesh.createProduct(spec(i));
      times.push(performance.now() - started);
    }
    await mesh.close();
    if (kept !== undefined) writeFileSync(`${kept}.times.json`, JSON.stringify(times));
  }
  const loadAfterCreate = load();
  const raw = await rawCreation(join(dir, 'raw.duckdb'), PRODUCTS);
  const turns = await interleaved(store, join(dir, 'raw.duckdb'), dir, PRODUCTS, 200);

  // A fresh process without a snapshot (it builds the index and writes one), then one that reads it.
  rmSync(snapshot, { force: true });
  const cold = child();
  const warm = child();

  out.write(
    `Catalog at scale, ${PRODUCTS.toLocaleString('en')} products through mesh.createProduct, started ${startedAt}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average (1/5/15 min) at start ${loadBefore}, after creating ${loadAfterCreate}, at the end ${load()}\n\n`,
  );
  out.write(
    '| products already in the catalog | createProduct (median) | × first 100 | raw DuckDB DDL + commit (median) | × first 100 |\n|---|---:|---:|---:|---:|\n',
  );
  const first = stats(times.slice(0, 100)).median;
  const rawFirst = stats(raw.times.slice(0, 100)).median;
  const windows = [0, Math.floor(PRODUCTS / 10), Math.floor(PRODUCTS / 2) - 50, PRODUCTS - 100];
  for (const from of [...new Set(windows)]) {
    const m = stats(times.slice(from, from + 100)).median;
    const r = stats(raw.times.slice(from, from + 100)).median;
    out.write(
      `| ${from.toLocaleString('en')}–${(from + 99).toLocaleString('en')} | ${m.toFixed(1)} ms | ${(m / first).toFixed(2)}× | ${r.toFixed(2)} ms | ${(r / rawFirst).toFixed(2)}× |\n`,
    );
  }
  const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
  out.write(
    `\nTaking turns (200 creations each, alternating, so both sides see the same load): createProduct into a store of 100 products ${ms(turns.small)}, into a copy of the store of ${PRODUCTS.toLocaleString('en')} ${ms(turns.big)} (${(turns.big / turns.small).toFixed(2)}×); raw DuckDB DDL + commit ${turns.rawSmall.toFixed(2)} ms against ${turns.rawBig.toFixed(2)} ms (${(turns.rawBig / turns.rawSmall).toFixed(2)}×)\n`,
  );
  out.write(
    `\n| step (fresh process) | Meshwork | raw DuckDB, same file | target |\n|---|---:|---:|---:|\n` +
      `| open the store | ${ms(warm.openMs)} (${ms(cold.openMs)} in the first process) | ${ms(warm.rawOpenMs)} (${ms(cold.rawOpenMs)}); raw-only file of ${PRODUCTS.toLocaleString('en')} tables: ${ms(raw.openMs)} | ≤ 100 ms |\n` +
      `| first search, no snapshot (${cold.firstSearchSource}) | ${ms(cold.firstSearchMs)} | first query ${ms(cold.rawFirstQueryMs)} | ≤ 50 ms |\n` +
      `| first search, with the snapshot (${warm.firstSearchSource}) | ${ms(warm.firstSearchMs)} | first query ${ms(warm.rawFirstQueryMs)} | ≤ 50 ms |\n` +
      `| search, all queries below | median ${ms(warm.searchAll.median)}, p95 ${ms(warm.searchAll.p95)} | \`contains(terms, …)\` scan: median ${ms(warm.rawSearch.median)}, p95 ${ms(warm.rawSearch.p95)} | p95 ≤ 20 ms |\n` +
      `| show: \`mesh.product(id).descriptor()\` | median ${ms(warm.show.median)}, p95 ${ms(warm.show.p95)} | SELECT descriptor by id: median ${ms(warm.rawShow.median)}, p95 ${ms(warm.rawShow.p95)} | ≤ 10 ms |\n` +
      `| show card: everything \`meshwork show\` reads | median ${ms(warm.showCard.median)}, p95 ${ms(warm.showCard.p95)} | | |\n`,
  );
  out.write('\n| query | text | hits | median | p95 |\n|---|---|---:|---:|---:|\n');
  for (const q of warm.search)
    out.write(`| ${q.label} | \`${q.text}\` | ${q.hits} | ${ms(q.median)} | ${ms(q.p95)} |\n`);
  out.write(`\nload average during the measuring processes: ${cold.load} / ${warm.load}\n`);
} finally {
  rmSync(join(dir), { recursive: true, force: true });
}
