/**
 * Ingest + query benchmark at 100k and 1M generated sales records (bench/generate-sales.ts), all in one run, for two
 * table layouts: the `sales.transactions` contract as shipped (primary key + 3 secondary indexes) and the same
 * contract with its primary key only. For each size and layout:
 * - DuckDB's own raw loads into the same table layout, no validation: the NDJSON file through `read_json`, and the
 *   records through the appender;
 * - Meshwork's validated ingest of the same records from memory (`product.ingest`) and of the NDJSON file
 *   (`product.ingestFile`, streamed);
 * - the checkpoint that follows each load (DuckDB's `CHECKPOINT` after the raw appender load, `mesh.close()` after
 *   Meshwork's ingest), timed on its own: a committed load is durable in the write-ahead log, and the checkpoint
 *   that writes it into the database file runs later (at close, or once the log reaches `checkpoint_threshold`);
 * - a filtered query and a filtered count on the loaded product.
 * Raw loads run with the same DuckDB options as Meshwork's stores (DUCKDB_OPTIONS).
 * Prints a Markdown table for BENCHMARKS.md. Usage: npm run bench:ingest [-- --sizes 100000,1000000 --layouts key]
 * (`npm run bench` runs it with the defaults, then the other benchmarks).
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'yaml';
import { DUCKDB_OPTIONS } from '../src/engine/duckdb/duckdb-instance-registry.ts';
import { Mesh } from '../src/product/mesh.ts';
import { generateSales, type SaleRecord } from './generate-sales.ts';

const args = process.argv.slice(2);
const sizesArg = args[args.indexOf('--sizes') + 1];
const sizes = args.includes('--sizes') && sizesArg ? sizesArg.split(',').map(Number) : [100_000, 1_000_000];
const layoutsArg = args[args.indexOf('--layouts') + 1];
const layouts: Layout[] =
  args.includes('--layouts') && layoutsArg ? (layoutsArg.split(',') as Layout[]) : ['indexed', 'key'];
const spec = parse(
  readFileSync(new URL('../examples/sales/product.yaml', import.meta.url), 'utf8'),
) as Record<string, unknown>;

/** `indexed`: the contract as shipped (primary key + 3 secondary indexes); `key`: its primary key only. */
type Layout = 'indexed' | 'key';
const LAYOUT_NAMES: Record<Layout, string> = {
  indexed: 'key + 3 indexes (as shipped)',
  key: 'key only',
};

function specFor(layout: Layout): Record<string, unknown> {
  if (layout === 'indexed') return spec;
  return { ...spec, schema: { ...(spec.schema as Record<string, unknown>), indexes: [] } };
}

const TABLE = `CREATE TABLE sales (transaction_id VARCHAR PRIMARY KEY, product_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL,
  amount DOUBLE NOT NULL, date DATE NOT NULL, product_category VARCHAR NOT NULL, region VARCHAR NOT NULL);`;
const INDEXES = `CREATE INDEX i_product ON sales (product_id); CREATE INDEX i_customer ON sales (customer_id); CREATE INDEX i_date ON sales (date);`;

async function rawDb(path: string, layout: Layout) {
  const instance = await DuckDBInstance.create(path, { ...DUCKDB_OPTIONS });
  const conn = await instance.connect();
  await conn.run(layout === 'indexed' ? TABLE + INDEXES : TABLE);
  return {
    conn,
    close: () => {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

async function rawJsonLoad(dir: string, file: string, layout: Layout): Promise<number> {
  const db = await rawDb(join(dir, `raw-json-${layout}.duckdb`), layout);
  const t0 = performance.now();
  await db.conn.run(
    `INSERT INTO sales SELECT * FROM read_json('${file}', format = 'newline_delimited', columns = {transaction_id: 'VARCHAR', product_id: 'VARCHAR', customer_id: 'VARCHAR', amount: 'DOUBLE', date: 'DATE', product_category: 'VARCHAR', region: 'VARCHAR'})`,
  );
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

async function rawAppenderLoad(
  dir: string,
  records: readonly SaleRecord[],
  layout: Layout,
): Promise<{ ms: number; checkpointMs: number }> {
  const db = await rawDb(join(dir, `raw-appender-${layout}.duckdb`), layout);
  const t0 = performance.now();
  const appender = await db.conn.createAppender('sales');
  for (const r of records) {
    appender.appendVarchar(r.transaction_id);
    appender.appendVarchar(r.product_id);
    appender.appendVarchar(r.customer_id);
    appender.appendDouble(r.amount);
    appender.appendVarchar(r.date);
    appender.appendVarchar(r.product_category);
    appender.appendVarchar(r.region);
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
  const ms = performance.now() - t0;
  const t1 = performance.now();
  await db.conn.run('CHECKPOINT');
  const checkpointMs = performance.now() - t1;
  db.close();
  return { ms, checkpointMs };
}

async function writeNdjson(file: string, records: readonly SaleRecord[]): Promise<void> {
  const out = createWriteStream(file);
  for (const r of records)
    if (!out.write(`${JSON.stringify(r)}\n`)) await new Promise<void>((ok) => out.once('drain', () => ok()));
  await new Promise<void>((ok) => out.end(ok));
}

interface Result {
  size: number;
  layout: Layout;
  rawJsonMs: number;
  rawAppenderMs: number;
  rawCheckpointMs: number;
  ingestMs: number;
  closeMs: number;
  fileMs: number;
  queryMs: number;
  countMs: number;
}

async function runSize(size: number, layout: Layout): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'meshwork-bench-'));
  try {
    const records = [...generateSales(size)];
    const file = join(dir, 'sales.ndjson');
    await writeNdjson(file, records);
    const rawJsonMs = await rawJsonLoad(dir, file, layout);
    const raw = await rawAppenderLoad(dir, records, layout);
    const layoutSpec = specFor(layout);

    const store = join(dir, 'mesh.duckdb');
    const loading = await Mesh.open({ store });
    const loadingProduct = await loading.createProduct(layoutSpec);
    const t0 = performance.now();
    const result = await loadingProduct.ingest(records);
    const ingestMs = performance.now() - t0;
    if (result.accepted !== size) throw new Error(`expected ${size} accepted, got ${result.accepted}`);
    const tc = performance.now();
    await loading.close();
    const closeMs = performance.now() - tc;

    const mesh = await Mesh.open({ store });
    const product = await mesh.product(layoutSpec.id as string);
    const fromFile = await mesh.createProduct({ ...layoutSpec, id: 'sales.from_file' });
    const t1 = performance.now();
    const fileResult = await fromFile.ingestFile(file);
    const fileMs = performance.now() - t1;
    if (fileResult.accepted !== size)
      throw new Error(`expected ${size} accepted from the file, got ${fileResult.accepted}`);

    const t2 = performance.now();
    const q = await product.query("region = 'Europe' and amount > 500", {
      limit: 100,
      orderBy: 'amount desc',
    });
    const queryMs = performance.now() - t2;
    if (q.rows.length === 0) throw new Error('query returned nothing');
    const t3 = performance.now();
    const n = await product.count("product_category = 'Books' and date >= '2025-01-01'");
    const countMs = performance.now() - t3;
    if (n === 0) throw new Error('count returned nothing');
    await mesh.close();
    return {
      size,
      layout,
      rawJsonMs,
      rawAppenderMs: raw.ms,
      rawCheckpointMs: raw.checkpointMs,
      ingestMs,
      closeMs,
      fileMs,
      queryMs,
      countMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: Result[] = [];
for (const layout of layouts) for (const size of sizes) results.push(await runSize(size, layout));
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en');
console.log(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);
console.log(`Date: ${new Date().toISOString().slice(0, 10)}\n`);
console.log(
  '| layout | records | DuckDB read_json (raw) | DuckDB appender (raw) | then CHECKPOINT | Meshwork ingest (memory) | records/s | × raw appender | then close (checkpoint) | Meshwork ingestFile (NDJSON) | records/s | × raw read_json | filtered query | filtered count |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(
    `| ${LAYOUT_NAMES[r.layout]} | ${r.size.toLocaleString('en')} | ${s(r.rawJsonMs)} | ${s(r.rawAppenderMs)} | ${s(r.rawCheckpointMs)} | ${s(r.ingestMs)} | ${rate(r.size, r.ingestMs)} | ${(r.ingestMs / r.rawAppenderMs).toFixed(2)}× | ${s(r.closeMs)} | ${s(r.fileMs)} | ${rate(r.size, r.fileMs)} | ${(r.fileMs / r.rawJsonMs).toFixed(2)}× | ${r.queryMs.toFixed(1)} ms | ${r.countMs.toFixed(1)} ms |`,
  );
}
