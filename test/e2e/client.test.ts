import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshClient, MeshClientContractError, MeshClientError, MeshError } from '../../src/client/index.ts';
import { ContractViolationError } from '../../src/core/errors.ts';
import { type ServedMesh, serveGovernedMesh } from '../support/http-server.ts';

function sale(i: number): Record<string, unknown> {
  return {
    transaction_id: `K${String(i).padStart(6, '0')}`,
    product_id: `P${i % 50}`,
    customer_id: `C${i % 700}`,
    amount: 10 + (i % 90),
    date: '2025-09-01',
    product_category: i % 2 === 0 ? 'Books' : 'Garden',
    region: i % 3 === 0 ? 'Europe' : 'Asia',
  };
}

/** The error a promise fails with (the test fails when it does not). */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('MeshClient against a server on loopback', () => {
  let s: ServedMesh;
  let alice: MeshClient;
  beforeAll(async () => {
    s = await serveGovernedMesh();
    alice = new MeshClient({ url: s.url, token: s.tokens.alice });
  });
  afterAll(async () => {
    await s.close();
  });

  it('ingests a JSON array and pages through every row with cursors, each row once', async () => {
    const result = await alice.ingest(
      'sales.transactions',
      Array.from({ length: 2500 }, (_, i) => sale(i)),
    );
    expect(result).toMatchObject({ accepted: 2500, rejectedCount: 0 });
    const pages: number[] = [];
    const seen = new Set<string>();
    for await (const page of alice.pages('sales.transactions', { limit: 1000, order: ['transaction_id'] })) {
      pages.push(page.count);
      for (const row of page.rows) seen.add(String(row.transaction_id));
    }
    const total = (await s.gm.sales.query(undefined, { limit: 100_000 })).rows.length;
    expect(seen.size).toBe(total);
    expect(total).toBeGreaterThan(2500);
    expect(pages.length).toBe(Math.ceil(total / 1000));
    let streamed = 0;
    for await (const row of alice.rows('sales.transactions', { where: { region: 'Europe' }, limit: 300 })) {
      expect(row.region).toBe('Europe');
      streamed += 1;
    }
    expect(streamed).toBe((await s.gm.sales.query("region = 'Europe'", { limit: 100_000 })).rows.length);
  });

  it('reads a filtered, ordered, column-limited page', async () => {
    const page = await alice.query('sales.transactions', {
      filter: 'amount > 90',
      columns: ['transaction_id', 'amount'],
      order: ['amount desc'],
      limit: 5,
    });
    expect(page.rows).toHaveLength(5);
    expect(Object.keys(page.rows[0] ?? {})).toEqual(['transaction_id', 'amount']);
    const amounts = page.rows.map((r) => Number(r.amount));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    expect(amounts.every((a) => a > 90)).toBe(true);
    expect(page.nextCursor).not.toBeNull();
  });

  it('streams NDJSON and reports a malformed line among the rejected, by line number', async () => {
    const lines = [JSON.stringify(sale(90_001)), '{not json', JSON.stringify(sale(90_002))];
    const body = new Blob([`${lines.join('\n')}\n`]).stream();
    const result = await alice.ingestNdjson('sales.transactions', body);
    expect(result.accepted).toBe(2);
    expect(result.rejectedCount).toBe(1);
    expect(result.rejected[0]).toMatchObject({ index: 1 });
    expect(JSON.stringify(result.rejected[0])).toContain('line 2 is not JSON');
  });

  it('updates and removes rows by filter, and exports what is left as CSV', async () => {
    expect(await alice.update('sales.transactions', "transaction_id = 'K090001'", { amount: 1234.5 })).toBe(
      1,
    );
    expect(
      (await alice.query('sales.transactions', { filter: "transaction_id = 'K090001'" })).rows[0],
    ).toMatchObject({
      amount: 1234.5,
    });
    expect(await alice.remove('sales.transactions', "transaction_id = 'K090002'")).toBe(1);
    const csv = await new Response(
      await alice.export('sales.transactions', { filter: "transaction_id like 'K09%'", format: 'csv' }),
    ).text();
    expect(csv.trim().split('\n')).toHaveLength(2);
    expect(csv).toContain('K090001');
  });

  it('throws a problem as a typed error with the SDK code: not_found', async () => {
    const error = await failure(alice.product('sales.nothing'));
    expect(error).toBeInstanceOf(MeshClientError);
    expect(error).toBeInstanceOf(MeshError);
    expect(error).toMatchObject({ code: 'not_found', status: 404, problemCode: 'not_found' });
    expect((error as MeshClientError).detail).toContain('sales.nothing');
  });

  it('throws a contract violation as a ContractViolationError with every issue', async () => {
    // A record breaking the contract is a reject in the ingest result; a product spec breaking the rules is thrown.
    const ingested = await alice.ingest('sales.transactions', [{ ...sale(91_000), amount: 'lots' }]);
    expect(ingested.rejectedCount).toBe(1);
    const error = await failure(
      alice.createProduct({ spec: { id: 'sales.broken', name: 'broken', domain: 'sales' } }),
    );
    expect(error).toBeInstanceOf(MeshClientContractError);
    expect(error).toBeInstanceOf(ContractViolationError);
    const violation = error as MeshClientContractError;
    expect(violation.code).toBe('contract_violation');
    expect(violation.status).toBe(422);
    expect(violation.issues.length).toBeGreaterThan(0);
    expect(violation.issues.every((i) => Array.isArray(i.path) && i.message.length > 0)).toBe(true);
    expect(violation.violations).toEqual([]);
  });

  it('answers a call without a token with unauthorized and status 401', async () => {
    const error = await failure(new MeshClient({ url: s.url }).listProducts());
    expect(error).toBeInstanceOf(MeshClientError);
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('masks PII columns for a consumer granted access without PII, and shows them to the owner', async () => {
    const dave = new MeshClient({ url: s.url, token: s.tokens.dave });
    const carol = new MeshClient({ url: s.url, token: s.tokens.carol });
    const denied = await failure(dave.query('customer.profiles'));
    expect(denied).toMatchObject({ code: 'unauthorized', status: 403 });
    const request = await dave.governance.requestAccess({
      product: 'customer.profiles',
      purpose: 'churn model',
    });
    const grant = await carol.governance.approve(request.id, { comment: 'ok' });
    expect(grant.pii).toBe(false);
    const masked = await dave.query('customer.profiles', { filter: "customer_id = 'CUST001'" });
    const clear = await carol.query('customer.profiles', { filter: "customer_id = 'CUST001'" });
    expect(clear.rows[0]).toMatchObject({ name: 'João Silva', email: 'joao.silva@example.com' });
    expect(masked.rows[0]?.customer_id).toBe('CUST001');
    expect(masked.rows[0]?.name).not.toBe('João Silva');
    expect(masked.rows[0]?.email).not.toBe('joao.silva@example.com');
    expect(JSON.stringify(masked.rows)).not.toContain('joao.silva');
  });

  it('reads the catalog, contract, lineage, quality, metrics, lifecycle and audit through the same client', async () => {
    const erin = new MeshClient({ url: s.url, token: s.tokens.erin });
    expect((await erin.listProducts()).map((p) => p.id)).toEqual(
      expect.arrayContaining(['sales.transactions', 'customer.profiles']),
    );
    const card = await erin.product('sales.transactions');
    expect(card.descriptor.status).toBe('published');
    expect((await erin.search('sales')).hits.map((h) => h.productId)).toContain('sales.transactions');
    expect((await erin.domains()).map((d) => d.name)).toEqual(expect.arrayContaining(['sales', 'customer']));
    const contract = await erin.contract('sales.transactions', 'sql');
    expect(contract.text).toMatch(/create table/i);
    expect(contract.version).toBe(card.descriptor.version);
    expect((await erin.lineage('sales.transactions')).graph).toBeDefined();
    const report = await erin.checkQuality('sales.transactions');
    expect((await erin.qualityHistory('sales.transactions', 5))[0]?.runId).toBe(report.runId);
    const { metrics } = await erin.metrics('sales.transactions');
    expect(metrics.productId).toBe('sales.transactions');
    // The rows read by the tests above through this server: today has reads in the typed per-day series.
    expect(metrics.byDay).toHaveLength(30);
    expect(metrics.byDay.at(-1)?.reads).toBeGreaterThan(0);
    const deprecated = await erin.transition('customer.profiles', {
      action: 'deprecate',
      sunset: '2099-01-31',
      reason: 'test',
    });
    expect(deprecated, JSON.stringify(deprecated)).toMatchObject({ ok: true, status: 'deprecated' });
    const entries = await erin.governance.auditLog({ limit: 5 });
    expect(entries.length).toBeGreaterThan(0);
    expect(await erin.governance.verifyAudit()).toMatchObject({ ok: true });
    const events = await erin.events.list({ product: 'customer.profiles' });
    expect(events.events.some((e) => e.type.includes('deprecat'))).toBe(true);
  });

  it('names the URL when the server cannot be reached, with storage_unavailable', async () => {
    const error = await failure(new MeshClient({ url: 'http://127.0.0.1:9', token: 'x' }).listProducts());
    expect(error).toBeInstanceOf(MeshClientError);
    expect(error).toMatchObject({ code: 'storage_unavailable', status: 0 });
    expect((error as Error).message).toContain('http://127.0.0.1:9');
  });
});
