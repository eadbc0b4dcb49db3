/**
 * Carry-over benchmark: how long publishing a new major takes when it carries N stored rows over (one INSERT … SELECT
 * in the engine, plus the count and listing of the rows left behind). Rows are generated inside the engine.
 * Usage: node --import tsx bench/carry-over.ts [-- --records 1000000]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { openDuckDbEngine } from '../src/engine/duckdb/duckdb-engine.ts';
import { Mesh } from '../src/product/mesh.ts';

const args = process.argv.slice(2);
const at = args.indexOf('--records');
const records = at >= 0 ? Number(args[at + 1]) : 1_000_000;
const dir = mkdtempSync(join(tmpdir(), 'meshwork-carry-over-'));
try {
  const engine = await openDuckDbEngine({ path: join(dir, 'mesh.duckdb') });
  const mesh = await Mesh.open({ engine });
  const { analytics: _a, ...spec } = parse(readFileSync('examples/sales/product.yaml', 'utf8')) as Record<
    string,
    unknown
  > & { schema: { fields: { name: string }[] } };
  const product = await mesh.createProduct(spec);
  await product.publish();
  // Every 100th row breaks the new minimum, so the listing of rejects has work to do.
  await engine.execute(
    `INSERT INTO data_sales__transactions__v1
     SELECT 'T' || i, 'P' || (i % 500), 'C' || (i % 20000), CASE WHEN i % 100 = 0 THEN 0.5 ELSE 10 + i % 990 END,
            DATE '2025-01-01' + CAST(i % 365 AS INTEGER), 'Books', 'Europe'
     FROM range(${records}) t(i)`,
  );
  const next = {
    ...spec,
    version: '2.0.0',
    schema: {
      ...spec.schema,
      fields: [
        ...spec.schema.fields
          .filter((f) => f.name !== 'product_category')
          .map((f) => (f.name === 'amount' ? { ...f, minimum: 1 } : f)),
        { name: 'channel', type: 'string', required: false, description: 'Where.' },
      ],
    },
  };
  const started = performance.now();
  const outcome = await mesh.publishSpec(next);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `| ${records} | ${outcome.storage?.carried} | ${outcome.storage?.rejected} | ${seconds.toFixed(2)} s |\n`,
  );
  await mesh.close();
  await engine.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
