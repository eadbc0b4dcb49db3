/**
 * Search benchmark: registers 10,000 generated products in a fresh store's catalog, then measures `mesh.search` —
 * the first search of a process (which builds the in-memory index from the stored entries), searches after that,
 * and the first search after a catalog change. Prints Markdown tables.
 * Usage: npm run bench:search [-- --products 10000 --runs 50 --warmup 5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { ensureCatalogTables } from '../src/catalog/catalog-tables.ts';
import { DomainRegistry } from '../src/catalog/domain-registry.ts';
import { ProductRegistry, productTableName } from '../src/catalog/product-registry.ts';
import type { SearchFilters, SearchHit } from '../src/catalog/search/search-query.ts';
import type { ProductDescriptor } from '../src/core/descriptor.ts';
import { openDuckDbEngine } from '../src/engine/duckdb/duckdb-engine.ts';
import { Mesh } from '../src/product/mesh.ts';
import { generateProducts } from './generate-products.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? Number(args[at + 1]) : fallback;
};
const PRODUCTS = option('--products', 10_000);
const RUNS = option('--runs', 50);
/** Runs per query before timing starts, so that the JIT has compiled the search code for that kind of query. */
const WARMUP = option('--warmup', 5);
const gc = (globalThis as { gc?: () => void }).gc;

function stats(times: number[]): { median: number; p95: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { median: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0 };
}

const dir = mkdtempSync(join(tmpdir(), 'meshwork-search-bench-'));
const store = join(dir, 'mesh.duckdb');
try {
  // The catalog side of createProduct (descriptor, version, search entry, domain) in transactions of 500. Product
  // tables are left out: creating 10,000 of them measures DuckDB's DDL, not search (see BENCHMARKS.md).
  await (await Mesh.open({ store })).close();
  const engine = await openDuckDbEngine({ path: store });
  const registry = new ProductRegistry();
  const domains = new DomainRegistry();
  const specs = [...generateProducts(PRODUCTS)];
  const at = new Date().toISOString();
  const t0 = performance.now();
  for (let i = 0; i < specs.length; i += 500) {
    await engine.transaction(async (tx) => {
      await ensureCatalogTables(tx);
      for (const [k, spec] of specs.slice(i, i + 500).entries()) {
        const status = (i + k) % 7 === 0 ? 'draft' : 'published';
        const d: ProductDescriptor = { ...spec, status, createdAt: at, updatedAt: at };
        await registry.insert(tx, d, productTableName(d.id, d.version));
        await domains.ensure(tx, d.domain, at);
      }
    });
  }
  const registerMs = performance.now() - t0;
  await engine.close();

  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const t1 = performance.now();
  const mesh = await Mesh.open({ store });
  const openMs = performance.now() - t1;
  const t2 = performance.now();
  await mesh.search('revenue');
  const firstMs = performance.now() - t2;
  gc?.();
  const heapAfter = process.memoryUsage().heapUsed;

  const middle = specs[Math.floor(specs.length / 2)]?.id ?? '';
  const queries: { label: string; text: string; filters?: SearchFilters }[] = [
    { label: 'one common word', text: 'revenue' },
    { label: 'a prefix', text: 'ord' },
    { label: 'two words', text: 'customer email' },
    { label: 'three words', text: 'weekly refunds finance' },
    { label: 'an exact id', text: middle },
    { label: 'a field name', text: 'discount_rate' },
    { label: 'a tag', text: 'gdpr' },
    {
      label: 'a word and 3 filters',
      text: 'revenue',
      filters: { domain: 'sales', pii: true, qualityLevel: 'gold' },
    },
    { label: 'filters only', text: '', filters: { domain: 'finance', status: 'published' } },
    { label: 'no match', text: 'zyzzyva' },
  ];
  const rows: {
    label: string;
    text: string;
    hits: number;
    top: string;
    median: number;
    p95: number;
    max: number;
  }[] = [];
  for (const q of queries) {
    const times: number[] = [];
    let hits: readonly SearchHit[] = [];
    for (let i = 0; i < WARMUP; i++) await mesh.search(q.text, q.filters ?? {});
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      hits = await mesh.search(q.text, q.filters ?? {});
      times.push(performance.now() - t);
    }
    rows.push({
      label: q.label,
      text: q.text,
      hits: hits.length,
      top: hits[0]?.productId ?? '-',
      ...stats(times),
    });
  }
  if (hits(rows, 'an exact id') !== middle) throw new Error(`the exact id ${middle} did not rank first`);

  // A change made by another handle bumps the stored generation; the next search rebuilds the index.
  const other = await Mesh.open({ store });
  const [extra] = [...generateProducts(1, 99)];
  if (extra) await other.createProduct({ ...extra, id: `${extra.domain}.added_later` });
  await other.close();
  const t3 = performance.now();
  await mesh.search('revenue');
  const afterChangeMs = performance.now() - t3;
  await mesh.close();

  console.log(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  console.log(
    `Date: ${new Date().toISOString().slice(0, 10)}; ${PRODUCTS.toLocaleString('en')} products, ${RUNS} timed runs per query after ${WARMUP} untimed\n`,
  );
  console.log('| step | time |');
  console.log('|---|---:|');
  console.log(
    `| register ${PRODUCTS.toLocaleString('en')} products (catalog + search entries, 500 per transaction) | ${(registerMs / 1000).toFixed(1)} s (${(registerMs / PRODUCTS).toFixed(2)} ms each) |`,
  );
  console.log(`| open the store | ${openMs.toFixed(0)} ms |`);
  console.log(
    `| first search of a process (loads the entries, builds the index) | ${firstMs.toFixed(0)} ms |`,
  );
  console.log(
    `| first search after another handle changed the catalog (rebuild) | ${afterChangeMs.toFixed(0)} ms |`,
  );
  if (gc)
    console.log(`| JS heap held by the index | ${((heapAfter - heapBefore) / 2 ** 20).toFixed(1)} MB |`);
  console.log('\n| query | text | results | top hit | median | p95 | max |');
  console.log('|---|---|---:|---|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.label} | \`${r.text}\` | ${r.hits} | ${r.top} | ${r.median.toFixed(2)} ms | ${r.p95.toFixed(2)} ms | ${r.max.toFixed(2)} ms |`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function hits(rows: readonly { label: string; top: string }[], label: string): string | undefined {
  return rows.find((r) => r.label === label)?.top;
}
