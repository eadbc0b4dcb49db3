/**
 * Audit benchmark: what governance and the hash-chained audit log cost on every read, and how fast the chain takes
 * appends and verifies.
 * - Query latency on a product of generated sales records (bench/generate-sales.ts), for a point lookup by key and a
 *   filtered page, read five ways: the engine alone (no checks, nothing logged); the local admin and a consumer with a
 *   grant, each with the access log only (the governance decision, no audit entry) and as shipped (access log and
 *   audit entry in one transaction). The audit entry's cost is the difference of each pair.
 * - The governance decision alone (`readAccess`: grant lookup and `access` policies, nothing read or logged).
 * - Audit append throughput: one entry per transaction (as a read appends it) on a short and on a long chain, and
 *   many entries in one transaction; then `verify` over the whole chain.
 * Prints Markdown tables for BENCHMARKS.md.
 * Usage: npm run bench:audit [-- --records 100000 --runs 200 --warmup 20 --appends 2000]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { AccessLog } from '../src/catalog/access-log.ts';
import { DomainRegistry } from '../src/catalog/domain-registry.ts';
import { LineageStore } from '../src/catalog/lineage-store.ts';
import { ProductRegistry, productTableName } from '../src/catalog/product-registry.ts';
import { SourceRegistry } from '../src/catalog/source-registry.ts';
import { bindFilter } from '../src/core/filter/bind-filter.ts';
import { toFilter } from '../src/core/filter/to-filter.ts';
import { parseProductSpec } from '../src/core/parse-product-spec.ts';
import { openDuckDbEngine } from '../src/engine/duckdb/duckdb-engine.ts';
import type { Engine } from '../src/engine/engine.ts';
import { AuditLog, type NewAuditEntry } from '../src/governance/audit-log.ts';
import { resolvePrincipal } from '../src/governance/identity-service.ts';
import { LOCAL_ADMIN, type Principal } from '../src/governance/principal.ts';
import { DataProduct } from '../src/product/data-product.ts';
import { Mesh } from '../src/product/mesh.ts';
import type { MeshContext } from '../src/product/mesh-context.ts';
import type { QueryOptions } from '../src/product/query-options.ts';
import { toTableSpec } from '../src/product/table-spec.ts';
import { generateSales } from './generate-sales.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? Number(args[at + 1]) : fallback;
};
const RECORDS = option('--records', 100_000);
const RUNS = option('--runs', 200);
const WARMUP = option('--warmup', 20);
const APPENDS = option('--appends', 2_000);
const PRODUCT = 'sales.transactions';

const spec = parseProductSpec(
  parse(readFileSync(new URL('../examples/sales/product.yaml', import.meta.url), 'utf8')),
);

function stats(times: readonly number[]): { median: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { median: at(0.5), p95: at(0.95) };
}

/**
 * Times several ways of doing the same read, interleaved (one run of each per round) so that a machine whose load
 * changes during the benchmark affects them alike.
 */
async function timeAll<K extends string>(
  variants: Record<K, () => Promise<unknown>>,
): Promise<Record<K, { median: number; p95: number }>> {
  const entries = Object.entries(variants) as [K, () => Promise<unknown>][];
  const times = new Map<K, number[]>(entries.map(([k]) => [k, []]));
  for (let i = 0; i < WARMUP + RUNS; i++) {
    for (const [k, run] of entries) {
      const t0 = performance.now();
      await run();
      if (i >= WARMUP) times.get(k)?.push(performance.now() - t0);
    }
  }
  return Object.fromEntries(entries.map(([k]) => [k, stats(times.get(k) ?? [])])) as Record<
    K,
    { median: number; p95: number }
  >;
}

/** A product handle whose reads are logged to the access log only: the governance decision without the audit chain. */
function withoutAudit(engine: Engine, principal: Principal): DataProduct {
  const ctx: MeshContext = {
    engine,
    registry: new ProductRegistry(),
    accessLog: new AccessLog(),
    audit: new AuditLog(),
    lineage: new LineageStore(),
    sources: new SourceRegistry(),
    domains: new DomainRegistry(),
    now: () => new Date(),
    actor: principal.id,
    principal,
  };
  return new DataProduct(ctx, PRODUCT);
}

const entry = (i: number): NewAuditEntry => ({
  at: new Date().toISOString(),
  actor: 'bench',
  principal: 'bench',
  action: 'product.query',
  target: PRODUCT,
  outcome: 'ok',
  details: { version: '1.0.0', parameters: { filter: `amount > ${i}` }, rowsAffected: 100 },
});

async function appendRate(engine: Engine, log: AuditLog, n: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await log.append(engine, entry(i));
  return n / ((performance.now() - t0) / 1000);
}

const dir = mkdtempSync(join(tmpdir(), 'meshwork-audit-bench-'));
try {
  const engine = await openDuckDbEngine({ path: join(dir, 'mesh.duckdb') });
  const mesh = await Mesh.open({ engine });
  const product = await mesh.createProduct(spec);
  const loaded = await product.ingest([...generateSales(RECORDS)]);
  if (loaded.accepted !== RECORDS) throw new Error(`expected ${RECORDS} records, got ${loaded.accepted}`);
  await product.publish();
  await mesh.governance.addPrincipal({ id: 'bob', roles: ['consumer'] });
  const bobMesh = await mesh.as('bob');
  const request = await bobMesh.governance.requestAccess({ product: PRODUCT, purpose: 'benchmark' });
  await mesh.governance.approve(request.id);

  const d = await product.descriptor();
  const table = productTableName(d.id, d.version);
  const reads: { label: string; where: string; options: QueryOptions }[] = [
    {
      label: 'point lookup by key',
      where: `transaction_id = 'TXN${String(Math.floor(RECORDS / 2)).padStart(9, '0')}'`,
      options: { limit: 1 },
    },
    {
      label: 'filtered page (100 rows)',
      where: "region = 'Europe' and amount > 500",
      options: { limit: 100, orderBy: 'amount desc' },
    },
  ];
  const bob = await resolvePrincipal(engine, 'bob');
  const readers = {
    admin: { audited: product, unaudited: withoutAudit(engine, LOCAL_ADMIN) },
    consumer: { audited: await bobMesh.product(PRODUCT), unaudited: withoutAudit(engine, bob) },
  };
  const audit = new AuditLog();
  const chainAtStart = (await audit.list(engine, { limit: 1 }))[0]?.seq ?? 0;

  const rows: string[] = [];
  for (const read of reads) {
    const where = bindFilter(toFilter(read.where), d.schema);
    const found = await product.query(read.where, read.options);
    if (found.rows.length === 0) throw new Error(`${read.label} found nothing`);
    const runs = await timeAll({
      raw: () =>
        engine.select(table, {
          columns: toTableSpec(d, table).columns,
          where,
          orderBy:
            read.options.orderBy === undefined
              ? [{ column: 'transaction_id', direction: 'asc' }]
              : [
                  { column: 'amount', direction: 'desc' },
                  { column: 'transaction_id', direction: 'asc' },
                ],
          ...(read.options.limit === undefined ? {} : { limit: read.options.limit }),
        }),
      adminLog: () => readers.admin.unaudited.query(read.where, read.options),
      adminAudit: () => readers.admin.audited.query(read.where, read.options),
      consumerLog: () => readers.consumer.unaudited.query(read.where, read.options),
      consumerAudit: () => readers.consumer.audited.query(read.where, read.options),
    });
    const raw = runs.raw;
    const ms = (s: { median: number; p95: number }) => `${s.median.toFixed(2)} / ${s.p95.toFixed(2)} ms`;
    const delta = (a: { median: number }, b: { median: number }) => `+${(b.median - a.median).toFixed(2)} ms`;
    rows.push(
      `| ${read.label} | ${ms(raw)} | ${ms(runs.adminLog)} | ${ms(runs.adminAudit)} | ${delta(runs.adminLog, runs.adminAudit)} | ${ms(runs.consumerLog)} | ${ms(runs.consumerAudit)} | ${delta(runs.consumerLog, runs.consumerAudit)} |`,
    );
  }
  const { decision } = await timeAll({ decision: () => readers.consumer.audited.readAccess() });

  // Appends: one transaction each, as every read makes them; first on the chain as the reads left it, then longer.
  const chainBefore = (await audit.list(engine, { limit: 1 }))[0]?.seq ?? 0;
  const shortRate = await appendRate(engine, audit, APPENDS);
  const t0 = performance.now();
  const BATCH = 5_000;
  await engine.transaction(async (tx) => {
    for (let i = 0; i < BATCH; i++) await audit.append(tx, entry(i));
  });
  const batchRate = BATCH / ((performance.now() - t0) / 1000);
  const chainLong = (await audit.list(engine, { limit: 1 }))[0]?.seq ?? 0;
  const longRate = await appendRate(engine, audit, APPENDS);
  const t1 = performance.now();
  const verified = await engine.transaction((tx) => audit.verify(tx));
  const verifyMs = performance.now() - t1;
  if (!verified.ok) throw new Error(`the chain did not verify: ${verified.message}`);

  await bobMesh.close();
  await mesh.close();
  await engine.close();

  const perSecond = (n: number) => Math.round(n).toLocaleString('en');
  console.log(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `Date: ${new Date().toISOString().slice(0, 10)}; ${RECORDS.toLocaleString('en')} records; ${RUNS} timed runs after ${WARMUP} warm-up runs; audit chain at ${chainAtStart} entries when the reads began\n`,
  );
  console.log(
    '| read | engine alone | admin, access log only | admin, + audit entry | audit cost | consumer (grant), access log only | consumer (grant), + audit entry | audit cost |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
  console.log('\n(median / p95)\n');
  console.log(
    `Governance decision alone (consumer's readAccess: grant lookup + access policies, nothing logged): ${decision.median.toFixed(2)} / ${decision.p95.toFixed(2)} ms\n`,
  );
  console.log('| audit log | entries | rate |');
  console.log('|---|---:|---:|');
  console.log(
    `| append, one transaction each, chain at ${chainBefore.toLocaleString('en')} | ${APPENDS.toLocaleString('en')} | ${perSecond(shortRate)} entries/s |`,
  );
  console.log(
    `| append, ${BATCH.toLocaleString('en')} in one transaction | ${BATCH.toLocaleString('en')} | ${perSecond(batchRate)} entries/s |`,
  );
  console.log(
    `| append, one transaction each, chain at ${chainLong.toLocaleString('en')} | ${APPENDS.toLocaleString('en')} | ${perSecond(longRate)} entries/s |`,
  );
  console.log(
    `| verify the whole chain | ${verified.entries.toLocaleString('en')} | ${perSecond(verified.entries / (verifyMs / 1000))} entries/s (${(verifyMs / 1000).toFixed(2)} s) |`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
