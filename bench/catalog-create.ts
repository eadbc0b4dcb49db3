/**
 * Catalog at scale: creates products through the SDK (`mesh.createProduct`: catalog entry, version, search entry and
 * the product's table with its indexes), one call each, and reports the median cost of a creation per window of 100
 * as the catalog grows, then opening the store and the first search after the open.
 * Usage: npm run bench:catalog [-- --products 3000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Mesh } from '../src/product/mesh.ts';

const args = process.argv.slice(2);
const at = args.indexOf('--products');
const PRODUCTS = at >= 0 && args[at + 1] ? Number(args[at + 1]) : 3000;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

const dir = mkdtempSync(join(tmpdir(), 'meshwork-bench-catalog-'));
const store = join(dir, 'catalog.duckdb');
const out = process.stdout;
try {
  const mesh = await Mesh.open({ store });
  const times: number[] = [];
  for (let i = 0; i < PRODUCTS; i += 1) {
    const started = performance.now();
    await mesh.createProduct({
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
    times.push(performance.now() - started);
  }
  await mesh.close();
  let started = performance.now();
  const reopened = await Mesh.open({ store });
  const openMs = performance.now() - started;
  started = performance.now();
  await reopened.search('product');
  const searchMs = performance.now() - started;
  await reopened.close();
  out.write(
    `Catalog creation, ${PRODUCTS.toLocaleString('en')} products through mesh.createProduct, ${new Date().toISOString()}, ${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n\n| products already in the catalog | median per creation |\n|---|---:|\n`,
  );
  const first = median(times.slice(0, 100));
  for (const from of [0, Math.floor(PRODUCTS / 2) - 50, PRODUCTS - 100]) {
    const m = median(times.slice(from, from + 100));
    out.write(
      `| ${from.toLocaleString('en')}–${(from + 99).toLocaleString('en')} | ${m.toFixed(1)} ms (${(m / first).toFixed(2)}× the first 100) |\n`,
    );
  }
  out.write(
    `\nopen of the store: ${openMs.toFixed(0)} ms; first search after the open: ${searchMs.toFixed(0)} ms\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
