import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbEngine } from '../../src/engine/duckdb/duckdb-engine.ts';
import { type ServedMesh, serveGovernedMesh } from '../support/http-server.ts';

type Json = Record<string, unknown>;

const TIMEOUT_MS = 300;
const ROWS = 1_000_000;
/** Every row, sorted by two text columns: well over the timeout on this data (about a second on a 2-core machine). */
const HEAVY =
  '/products/sales.transactions/export?format=csv&order=customer_id,product_id%20desc,transaction_id';

describe('the query timeout over HTTP', () => {
  let s: ServedMesh;
  beforeAll(async () => {
    s = await serveGovernedMesh({ limits: { queryTimeoutMs: TIMEOUT_MS } });
    // A large product, generated inside the store (ingesting a million rows through the SDK would take much longer).
    const engine = await openDuckDbEngine({ path: s.gm.store });
    try {
      await engine.execute(
        `INSERT INTO data_sales__transactions__v1
           SELECT 'GEN' || lpad(i::VARCHAR, 9, '0'), 'PROD' || (i % 5000)::VARCHAR, 'CUST' || (i % 100000)::VARCHAR,
                  (i % 99900) / 100 + 1, DATE '2024-01-01' + (i % 700)::INTEGER,
                  ['Electronics', 'Books', 'Toys'][1 + i % 3], ['Europe', 'Asia', 'Africa'][1 + i % 3]
           FROM range(${ROWS}) t(i)`,
      );
    } finally {
      await engine.close();
    }
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  it('stops a read that runs past the timeout with 503 query_timeout, and the next requests succeed', async () => {
    // The same export without a deadline, through the SDK: how long the read really takes.
    const started = Date.now();
    await s.gm.sales.exportFile(`${s.gm.dir.path}/full.csv`, {
      format: 'csv',
      orderBy: ['customer_id', 'product_id desc', 'transaction_id'],
    });
    const fullMs = Date.now() - started;
    expect(fullMs).toBeGreaterThan(TIMEOUT_MS);

    const began = Date.now();
    const res = await s.call(HEAVY);
    const elapsed = Date.now() - began;
    const problem = (await res.json()) as Json;
    expect(res.status, JSON.stringify(problem)).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(problem).toMatchObject({ code: 'query_timeout', status: 503, title: 'Query timed out' });
    expect(problem.detail).toContain(`query timeout of ${TIMEOUT_MS} ms`);
    // Only an interrupted read fails: had the export run to its end, the answer would have been the file. And it
    // was stopped, not waited for.
    expect(elapsed).toBeLessThan(fullMs + TIMEOUT_MS);

    const next = await s.call('/products/sales.transactions/rows?region=Europe&limit=10');
    expect(next.status).toBe(200);
    expect(((await next.json()) as { rows: unknown[] }).rows).toHaveLength(10);
    const small = await s.call(
      '/products/sales.transactions/export?format=csv&customer_id=CUST1&region=Asia',
    );
    expect(small.status).toBe(200);
    expect((await small.text()).split('\n')[0]).toContain('transaction_id');
    expect((await s.call('/readyz', { as: null })).status).toBe(200);
  });

  it('leaves writes alone: an update of a million rows (about 0.4 s here) is not bound by the timeout', async () => {
    const res = await s.call('/products/sales.transactions/rows', {
      method: 'PATCH',
      body: JSON.stringify({
        filter: "transaction_id >= 'GEN' and transaction_id < 'GEO'",
        changes: { product_category: 'Books' },
      }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as Json).updated).toBe(ROWS);
  });
});
