/**
 * The PostgreSQL server itself crashes (an immediate shutdown: every server process quits at once, no checkpoint,
 * every connection cut) while Meshwork writes and serves. The client gets a clear `storage_unavailable` naming the
 * server; nothing committed is lost and no batch is half stored; once the server is back, the store opens, finishes
 * the interrupted run's trail and `audit verify` passes; a running `meshwork serve` answers 503 while the database is
 * down and serves again by itself once it is back. Each test runs on a cluster of its own, with PostgreSQL's
 * durable defaults.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isMeshError } from '../../src/core/errors.ts';
import { Mesh } from '../../src/product/mesh.ts';
import { exampleSpec } from '../support/example-mesh.ts';
import { crashCluster, restartCluster, startCluster, stopCluster } from '../support/postgres-server.ts';
import { runCli } from '../support/run-cli.ts';
import { type ServedCli, serveCli } from '../support/serve-cli.ts';

const BATCH = 1_000;
const RECORDS = 200_000;
/** The server is crashed once the ingest has committed this many records. */
const CRASH_AFTER = 10_000;

async function* saleRecords(count: number): AsyncGenerator<Record<string, unknown>> {
  for (let i = 0; i < count; i++) {
    yield {
      transaction_id: `K${String(i).padStart(7, '0')}`,
      product_id: `P${i % 97}`,
      customer_id: `C${i % 1013}`,
      amount: (i % 500) + 1,
      date: '2025-10-01',
      product_category: 'Books',
      region: i % 2 === 0 ? 'Europe' : 'Asia',
    };
  }
}

describe('the PostgreSQL server crashing under Meshwork', () => {
  let base: string;
  let url: string;

  beforeEach(async () => {
    base = mkdtempSync(join(tmpdir(), 'meshwork-pg-crash-'));
    url = await startCluster(base, { durable: true });
  }, 60_000);

  afterEach(async () => {
    await stopCluster(base);
  }, 60_000);

  it('fails an ingest under way with storage_unavailable, loses no committed batch and recovers once it is back', async () => {
    const mesh = await Mesh.open({ store: url });
    const product = await mesh.createProduct(exampleSpec('sales'));
    let crashed: Promise<void> | undefined;
    const outcome = await product
      .ingest(saleRecords(RECORDS), {
        batchSize: BATCH,
        onProgress: (p) => {
          if (crashed === undefined && p.accepted >= CRASH_AFTER) crashed = crashCluster(base);
        },
      })
      .then(
        (result) => ({ result, error: undefined }),
        (error: unknown) => ({ result: undefined, error }),
      );
    await crashed;
    expect(outcome.result).toBeUndefined();
    expect(isMeshError(outcome.error) && outcome.error.code).toBe('storage_unavailable');
    expect(String((outcome.error as Error).message)).toMatch(
      // The batch under way was rolled back, or it had committed and its entries wait for the next open: both say so.
      /^ingest of sales\.transactions stopped (at|after) batch \d+ .*: the database server at postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres went away or cut the connection; once it answers again, resume with --on-existing skip; .*\d+ record\(s\) from \d+ (earlier )?batch\(es\) are stored/,
    );
    // Closing a handle whose server is gone ends, it does not hang.
    await mesh.close();

    await restartCluster(base, url, { durable: true });
    const again = await Mesh.open({ store: url });
    try {
      const sales = await again.product('sales.transactions');
      const stored = await sales.count();
      expect(stored).toBeGreaterThanOrEqual(CRASH_AFTER);
      expect(stored).toBeLessThan(RECORDS);
      // Whole batches only: a batch is one transaction, committed or not.
      expect(stored % BATCH).toBe(0);
      // Every committed batch has its access-log entry (written after the commit, or by this open's recovery).
      const batches = await sales.accessLog({ operation: 'ingest_batch', limit: 1_000_000 });
      expect(batches.reduce((sum, e) => sum + e.rowsAffected, 0)).toBe(stored);
      expect(batches).toHaveLength(stored / BATCH);
      const [run, ...more] = await sales.interruptedIngests();
      expect(more).toEqual([]);
      expect(run).toMatchObject({ state: 'interrupted', rowsCommitted: stored, batches: stored / BATCH });
      expect(await again.governance.verifyAudit()).toMatchObject({ ok: true });
      // The store takes writes again, and a re-sent ingest skips what was stored.
      const resumed = await sales.ingest(saleRecords(stored + 5_000), {
        onExisting: 'skip',
        batchSize: BATCH,
      });
      expect(resumed).toMatchObject({ accepted: 5_000, skipped: stored, rejectedCount: 0 });
      expect(await sales.count()).toBe(stored + 5_000);
    } finally {
      await again.close();
    }
  }, 180_000);

  it('keeps meshwork serve up: 503 problems while the database is down, answers again once it is back', async () => {
    const created = await runCli(['create', 'examples/sales/product.yaml', '--store', url]);
    expect(created.code, created.stderr).toBe(0);
    const served: ServedCli = await serveCli(['--port', '0', '--store', url]);
    try {
      const token = served.adminToken ?? '';
      expect(token).toMatch(/^mwt_/);
      const get = (path: string) =>
        fetch(`${served.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect((await get('/products/sales.transactions/rows?limit=1')).status).toBe(200);

      await crashCluster(base);
      const down = await get('/products/sales.transactions/rows?limit=1');
      expect(down.status).toBe(503);
      expect(down.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await down.json()) as { code?: string; detail?: string };
      expect(problem.code).toBe('storage_unavailable');
      expect(problem.detail ?? '').not.toContain(token);
      expect(served.child.exitCode).toBeNull();

      await restartCluster(base, url, { durable: true });
      // The pool drops the cut connections and opens new ones: within a few tries the server answers again.
      let status = 0;
      for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
        status = (await get('/products/sales.transactions/rows?limit=1')).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 200));
      }
      expect(status).toBe(200);
      const verified = await get('/audit/verify');
      expect(verified.status).toBe(200);
      expect(((await verified.json()) as { ok?: boolean }).ok).toBe(true);
    } finally {
      await served.stop();
    }
  }, 180_000);
});
