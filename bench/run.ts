/**
 * Ingest + query benchmark: validated ingest through the Meshwork runtime versus DuckDB's raw appender load
 * of the same records into the same table layout, at 100k and 1M records. Prints a Markdown table.
 * Usage: npm run bench [-- --sizes 100000,1000000]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'yaml';
import { Mesh } from '../src/product/mesh.ts';
import { generateSales, type SaleRecord } from './generate-sales.ts';

const args = process.argv.slice(2);
const sizesArg = args[args.indexOf('--sizes') + 1];
const sizes = args.includes('--sizes') && sizesArg ? sizesArg.split(',').map(Number) : [100_000, 1_000_000];
const spec = parse(readFileSync(new URL('../examples/sales/product.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;

async function rawLoad(dir: string, records: readonly SaleRecord[]): Promise<number> {
  const instance = await DuckDBInstance.create(join(dir, 'raw.duckdb'), {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const conn = await instance.connect();
  await conn.run(
    'CREATE TABLE sales (transaction_id VARCHAR PRIMARY KEY, product_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, amount DOUBLE NOT NULL, date DATE NOT NULL, product_category VARCHAR NOT NULL, region VARCHAR NOT NULL)',
  );
  const t0 = performance.now();
  const appender = await conn.createAppender('sales');
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
  conn.closeSync();
  instance.closeSync();
  return ms;
}

interface Row {
  size: number;
  rawMs: number;
  ingestMs: number;
  queryMs: number;
  aggregateMs: number;
}

async function runSize(size: number): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'meshwork-bench-'));
  try {
    const records = [...generateSales(size)];
    const rawMs = await rawLoad(dir, records);
    const mesh = await Mesh.open({ store: join(dir, 'mesh.duckdb') });
    const product = await mesh.createProduct(spec);
    const t0 = performance.now();
    const result = await product.ingest(records);
    const ingestMs = performance.now() - t0;
    if (result.accepted !== size) throw new Error(`expected ${size} accepted, got ${result.accepted}`);
    const t1 = performance.now();
    const q = await product.query("region = 'Europe' and amount > 500", { limit: 100, orderBy: 'amount desc' });
    const queryMs = performance.now() - t1;
    if (q.rows.length === 0) throw new Error('query returned nothing');
    const t2 = performance.now();
    const n = await product.count("product_category = 'Books' and date >= '2025-01-01'");
    const aggregateMs = performance.now() - t2;
    if (n === 0) throw new Error('count returned nothing');
    await mesh.close();
    return { size, rawMs, ingestMs, queryMs, aggregateMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
for (const size of sizes) rows.push(await runSize(size));
console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
console.log(`Date: ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| records | raw appender load | validated ingest | records/s | ratio to raw | filtered query (limit 100) | filtered count |');
console.log('|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.size.toLocaleString('en')} | ${(r.rawMs / 1000).toFixed(2)} s | ${(r.ingestMs / 1000).toFixed(2)} s | ${Math.round(r.size / (r.ingestMs / 1000)).toLocaleString('en')} | ${(r.ingestMs / r.rawMs).toFixed(2)}× | ${r.queryMs.toFixed(1)} ms | ${r.aggregateMs.toFixed(1)} ms |`,
  );
}
