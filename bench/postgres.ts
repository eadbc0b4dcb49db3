/**
 * PostgreSQL benchmark: Meshwork's validated ingest of generated sales records (bench/generate-sales.ts) into a
 * PostgreSQL store beside a raw `COPY … FROM STDIN` of the same rows into the same table layout on the same server in
 * the same run; then a point query by primary key and a filtered 100-row query through the SDK beside the same SQL
 * as prepared statements on a plain `pg` connection, interleaved round by round. Two layouts, as bench/run.ts: the
 * `sales.transactions` contract as shipped (primary key + 3 secondary indexes) and its primary key only.
 * The server: `MESHWORK_BENCH_PG_URL` (a role that may CREATE DATABASE) or else a throwaway cluster started with the
 * system's initdb on loopback, with PostgreSQL's default durability (fsync on), and removed at the end.
 * Prints Markdown tables for BENCHMARKS.md ("PostgreSQL").
 * Usage: npm run bench:postgres [-- --sizes 100000,1000000 --layouts key --runs 50]
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { parse } from 'yaml';
import { productTableName } from '../src/catalog/product-registry.ts';
import { Mesh } from '../src/product/mesh.ts';
import { startCluster, stopCluster } from '../test/support/postgres-server.ts';
import { generateSales, type SaleRecord } from './generate-sales.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const sizes = (option('--sizes') ?? '100000,1000000').split(',').map(Number);
type Layout = 'indexed' | 'key';
const layouts = (option('--layouts') ?? 'indexed,key').split(',') as Layout[];
const RUNS = Number(option('--runs') ?? 50);
const LAYOUT_NAMES: Record<Layout, string> = { indexed: 'key + 3 indexes (as shipped)', key: 'key only' };

const spec = parse(
  readFileSync(new URL('../examples/sales/product.yaml', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const specFor = (layout: Layout): Record<string, unknown> =>
  layout === 'indexed'
    ? spec
    : { ...spec, schema: { ...(spec.schema as Record<string, unknown>), indexes: [] } };

const TABLE = `CREATE TABLE sales (transaction_id VARCHAR PRIMARY KEY, product_id VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL, amount DOUBLE PRECISION NOT NULL, date DATE NOT NULL,
  product_category VARCHAR NOT NULL, region VARCHAR NOT NULL)`;
const INDEXES = [
  'CREATE INDEX i_product ON sales (product_id)',
  'CREATE INDEX i_customer ON sales (customer_id)',
  'CREATE INDEX i_date ON sales (date)',
];

/** A new database on the server, and its URL. */
async function database(admin: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}"`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

const csvText = (v: string): string => `"${v.replaceAll('"', '""')}"`;

/** DuckDB-free raw load: the records as CSV through one `COPY … FROM STDIN`, in chunks, in one transaction. */
async function rawCopy(url: string, records: readonly SaleRecord[], layout: Layout): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(TABLE);
    if (layout === 'indexed') for (const statement of INDEXES) await client.query(statement);
    const t0 = performance.now();
    await client.query('BEGIN');
    const stream = client.query(
      copyFrom(
        'COPY sales (transaction_id, product_id, customer_id, amount, date, product_category, region) FROM STDIN (FORMAT csv)',
      ),
    );
    const done = new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    });
    let chunk = '';
    for (const r of records) {
      chunk += `${csvText(r.transaction_id)},${csvText(r.product_id)},${csvText(r.customer_id)},${r.amount},${r.date},${csvText(r.product_category)},${csvText(r.region)}\n`;
      if (chunk.length >= 1 << 16) {
        if (!stream.write(chunk)) await new Promise<void>((ok) => stream.once('drain', () => ok()));
        chunk = '';
      }
    }
    stream.end(chunk);
    await done;
    await client.query('COMMIT');
    return performance.now() - t0;
  } finally {
    await client.end();
  }
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};
const p95 = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? Number.NaN;
};

interface Result {
  readonly size: number;
  readonly layout: Layout;
  readonly copyMs: number;
  readonly ingestMs: number;
  readonly point: { sdk: number[]; raw: number[] };
  readonly filtered: { sdk: number[]; raw: number[] };
}

async function runSize(admin: string, size: number, layout: Layout): Promise<Result> {
  const records = [...generateSales(size)];
  const copyMs = await rawCopy(await database(admin, `bench_raw_${layout}_${size}`), records, layout);
  const store = await database(admin, `bench_mesh_${layout}_${size}`);
  const mesh = await Mesh.open({ store });
  try {
    const product = await mesh.createProduct(specFor(layout));
    const t0 = performance.now();
    const result = await product.ingest(records);
    const ingestMs = performance.now() - t0;
    if (result.accepted !== size) throw new Error(`expected ${size} accepted, got ${result.accepted}`);

    const table = productTableName(String(spec.id), String(spec.version));
    const raw = new pg.Client({ connectionString: store });
    await raw.connect();
    const point = { sdk: [] as number[], raw: [] as number[] };
    const filtered = { sdk: [] as number[], raw: [] as number[] };
    try {
      const filterSql = `SELECT * FROM "${table}" WHERE region = $1 AND amount > $2 ORDER BY amount DESC LIMIT 100`;
      for (let run = -3; run < RUNS; run++) {
        const key = records[(run * 7919 + 104_729) % size]?.transaction_id ?? '';
        let t = performance.now();
        const sdkRows = await product.query({ transaction_id: key });
        const sdkPoint = performance.now() - t;
        t = performance.now();
        const rawRows = await raw.query({
          name: 'point',
          text: `SELECT * FROM "${table}" WHERE transaction_id = $1`,
          values: [key],
        });
        const rawPoint = performance.now() - t;
        if (sdkRows.rows.length !== 1 || rawRows.rows.length !== 1)
          throw new Error(`key ${key} not found once`);
        t = performance.now();
        const sdkPage = await product.query("region = 'Europe' and amount > 500", {
          limit: 100,
          orderBy: 'amount desc',
        });
        const sdkFiltered = performance.now() - t;
        t = performance.now();
        const rawPage = await raw.query({ name: 'filtered', text: filterSql, values: ['Europe', 500] });
        const rawFiltered = performance.now() - t;
        if (sdkPage.rows.length !== rawPage.rows.length) throw new Error('the filtered queries disagree');
        if (run < 0) continue; // warm-up rounds
        point.sdk.push(sdkPoint);
        point.raw.push(rawPoint);
        filtered.sdk.push(sdkFiltered);
        filtered.raw.push(rawFiltered);
      }
    } finally {
      await raw.end();
    }
    return { size, layout, copyMs, ingestMs, point, filtered };
  } finally {
    await mesh.close();
  }
}

const provided = process.env.MESHWORK_BENCH_PG_URL;
const base = provided ? undefined : mkdtempSync(join(tmpdir(), 'meshwork-bench-pg-'));
const admin = provided ?? (await startCluster(base as string, { durable: true }));
try {
  const server = new pg.Client({ connectionString: admin });
  await server.connect();
  const version = String((await server.query('SHOW server_version')).rows[0]?.server_version);
  await server.end();
  const results: Result[] = [];
  for (const layout of layouts) for (const size of sizes) results.push(await runSize(admin, size, layout));
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  console.log(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${version}${provided ? '' : ' (throwaway local cluster, default durability)'}`,
  );
  console.log(`Date: ${new Date().toISOString().slice(0, 10)}, ${RUNS} query rounds\n`);
  console.log(
    '| layout | records | raw COPY | Meshwork ingest | records/s | × raw COPY | point query: SDK median (p95) | raw | × | filtered 100 rows: SDK median (p95) | raw | × |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const pm = median(r.point.sdk);
    const pr = median(r.point.raw);
    const fm = median(r.filtered.sdk);
    const fr = median(r.filtered.raw);
    console.log(
      `| ${LAYOUT_NAMES[r.layout]} | ${r.size.toLocaleString('en')} | ${s(r.copyMs)} | ${s(r.ingestMs)} | ${Math.round(r.size / (r.ingestMs / 1000)).toLocaleString('en')} | ${(r.ingestMs / r.copyMs).toFixed(2)}× | ${ms(pm)} (${ms(p95(r.point.sdk))}) | ${ms(pr)} | ${(pm / pr).toFixed(1)}× | ${ms(fm)} (${ms(p95(r.filtered.sdk))}) | ${ms(fr)} | ${(fm / fr).toFixed(1)}× |`,
    );
  }
} finally {
  if (base !== undefined) await stopCluster(base);
}
