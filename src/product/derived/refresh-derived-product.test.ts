import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ExampleMesh, exampleSpec, openExampleMesh } from '../../../test/support/example-mesh.ts';
import { ContractViolationError } from '../../core/errors.ts';
import type { DataProduct } from '../data-product.ts';

const SPEC_FILE = fileURLToPath(new URL('../../../examples/customer_revenue/product.yaml', import.meta.url));

function revenueSpec(): Record<string, unknown> {
  return parse(readFileSync(SPEC_FILE, 'utf8')) as Record<string, unknown>;
}

let ex: ExampleMesh;
let revenue: DataProduct;

beforeEach(async () => {
  ex = await openExampleMesh();
  revenue = await ex.mesh.createProduct(revenueSpec());
});

afterEach(async () => {
  await ex.cleanup();
});

async function rows(): Promise<Record<string, unknown>[]> {
  return (await revenue.query(undefined, { orderBy: 'customer_id' })).rows;
}

describe('refreshing sales.customer_revenue from sales and customers', () => {
  it('computes revenue per customer from the six sample sales', async () => {
    const result = await revenue.refresh();
    expect(result).toMatchObject({
      productId: 'sales.customer_revenue',
      previousRecords: 0,
      records: 4,
      refreshedAt: ex.clock.iso(),
    });
    expect(result.inputs.map((i) => [i.id, i.records])).toEqual([
      ['sales.transactions', 6],
      ['customer.profiles', 4],
    ]);
    expect(await rows()).toEqual([
      {
        customer_id: 'CUST456',
        transactions: 2,
        revenue: 450.5,
        average_value: 225.25,
        first_purchase: '2025-10-01',
        last_purchase: '2025-10-03',
        has_profile: false,
        tier: null,
        lifetime_value: null,
      },
      expect.objectContaining({ customer_id: 'CUST457', transactions: 2, revenue: 320 }),
      expect.objectContaining({ customer_id: 'CUST458', transactions: 1, revenue: 50.25 }),
      expect.objectContaining({ customer_id: 'CUST459', transactions: 1, revenue: 75 }),
    ]);
  });

  it('follows changes to both inputs on the next refresh, and says when it is behind', async () => {
    await revenue.refresh();
    expect(await revenue.derivedStatus()).toMatchObject({ stale: false, changedInputs: [] });
    ex.clock.advance(5);
    await ex.customers.ingest([
      {
        customer_id: 'CUST456',
        name: 'Rui Alves',
        email: 'rui.alves@example.com',
        registration_date: '2025-02-02',
        lifetime_value: 450.5,
        tier: 'silver',
      },
    ]);
    await ex.sales.ingest([
      {
        transaction_id: 'TXN007',
        product_id: 'P',
        customer_id: 'CUST001',
        amount: 99.5,
        date: '2025-10-07',
        product_category: 'Books',
        region: 'Europe',
      },
    ]);
    await ex.sales.remove({ transaction_id: 'TXN006' });
    expect(await revenue.derivedStatus()).toMatchObject({
      stale: true,
      changedInputs: ['sales.transactions', 'customer.profiles'],
    });
    ex.clock.advance(1);
    await revenue.refresh();
    const after = await rows();
    expect(after.map((r) => r.customer_id)).toEqual(['CUST001', 'CUST456', 'CUST457', 'CUST458']);
    expect(after[0]).toMatchObject({ revenue: 99.5, has_profile: true, tier: 'gold', lifetime_value: 5000 });
    expect(after[1]).toMatchObject({ revenue: 450.5, has_profile: true, tier: 'silver' });
    expect(await revenue.derivedStatus()).toMatchObject({ stale: false, refreshedAt: ex.clock.iso() });
  });

  it('keeps its own analytics and segments over the computed records', async () => {
    await revenue.refresh();
    const analytics = await revenue.analytics({ breakdowns: ['top_customers'] });
    expect(analytics.measures.map((m) => [m.name, m.value])).toEqual([
      ['customers', 4],
      ['revenue', 895.75],
      ['profiled_customers', 0],
    ]);
    expect(analytics.breakdowns[0]?.rows[0]).toEqual({ customer_id: 'CUST456', revenue: 450.5 });
    const segments = await revenue.segments().statistics();
    expect(segments.segments.map((s) => [s.name, s.count])).toEqual([
      ['repeat_buyers', 2],
      ['without_profile', 4],
    ]);
  });

  it('is registered with lineage from both inputs, seen from either side', async () => {
    await revenue.refresh();
    const lineage = await revenue.lineage();
    expect(lineage.upstream.map((n) => [n.id, n.domain, n.owner])).toEqual([
      ['customer.profiles', 'customer', 'customer-team'],
      ['sales.transactions', 'sales', 'sales-team'],
    ]);
    expect((await ex.sales.lineage()).downstream.map((n) => n.id)).toEqual(['sales.customer_revenue']);
    expect((await ex.customers.lineage()).downstream.map((n) => n.id)).toEqual(['sales.customer_revenue']);
  });

  it('records the refresh as a write: access log, freshness and quality', async () => {
    await revenue.refresh();
    const [entry] = await revenue.accessLog({ operation: 'refresh' });
    expect(entry).toMatchObject({ operation: 'refresh', rowsAffected: 4, productVersion: '1.0.0' });
    expect(entry?.parameters.inputs).toEqual([
      { id: 'sales.transactions', version: '1.0.0', records: 6 },
      { id: 'customer.profiles', version: '1.0.0', records: 4 },
    ]);
    expect((await revenue.metrics()).freshness).toMatchObject({ lastWriteAt: ex.clock.iso(), stale: false });
    const report = await revenue.checkQuality();
    expect(report.verdict).toBe('pass');
    expect(report.completeness.items.find((c) => c.field === 'tier')).toMatchObject({
      rate: 0,
      passed: null,
    });
  });
});

describe('a refresh that cannot be done changes nothing', () => {
  async function derived(id: string, sql: string, schema?: unknown): Promise<DataProduct> {
    const spec = revenueSpec();
    return ex.mesh.createProduct({
      ...spec,
      id,
      analytics: undefined,
      segments: undefined,
      derived: { sql },
      ...(schema === undefined ? {} : { schema }),
    });
  }

  it('refuses records written directly to a derived product: only a refresh writes them', async () => {
    await revenue.refresh();
    await expect(revenue.ingest([{ customer_id: 'X' }])).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('meshwork refresh sales.customer_revenue'),
    });
    await expect(revenue.update({ customer_id: 'CUST456' }, { revenue: 1 })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(revenue.remove({ customer_id: 'CUST456' })).rejects.toMatchObject({ code: 'conflict' });
    expect(await revenue.count()).toBe(4);
  });

  it('pads with lpad to a length written in the SQL, and refuses a length above 10,000 or taken from the data', async () => {
    const sql = String((revenueSpec().derived as { sql: string }).sql);
    const pad = (length: string): string =>
      sql.replace(
        'SELECT s.customer_id                    AS customer_id',
        `SELECT lpad(s.customer_id, ${length}, '*') AS customer_id`,
      );
    const padded = await derived('sales.padded', pad('10'));
    await padded.refresh();
    const ids = (await padded.query(undefined, { orderBy: 'customer_id' })).rows.map((r) => r.customer_id);
    expect(ids).toEqual(['***CUST456', '***CUST457', '***CUST458', '***CUST459']);
    await expect(derived('sales.huge', pad('2000000000'))).rejects.toMatchObject({
      code: 'policy_denied',
      message: expect.stringMatching(
        /function lpad at position \d+ builds a result .* at most 10,000 \(it asks for 2000000000\)/,
      ),
    });
    await expect(derived('sales.by_data', pad('CAST(s.amount AS INTEGER)'))).rejects.toMatchObject({
      code: 'policy_denied',
      message: expect.stringContaining('it is not a whole number written in the SQL'),
    });
  });

  it('refuses to refresh a product that is not derived', async () => {
    await expect(ex.sales.refresh()).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('is not derived'),
    });
    await expect(ex.sales.derivedStatus()).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('reports a query that fails in the engine, naming the columns it must return', async () => {
    const broken = await derived('sales.broken', 'SELECT customer_id FROM {{sales.transactions}}');
    await expect(broken.refresh()).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining(
        'its query must return the columns customer_id, transactions, revenue',
      ),
    });
    expect(await broken.count()).toBe(0);
  });

  it('refuses a result that breaks the contract and keeps the previous records', async () => {
    await revenue.refresh();
    await ex.sales.ingest([
      {
        transaction_id: 'TXN100',
        product_id: 'P',
        customer_id: 'CUST777',
        amount: 10,
        date: '2025-10-07',
        product_category: 'Books',
        region: 'Europe',
      },
    ]);
    // A transformation bug: revenue turns negative for the new customer.
    const spec = revenueSpec();
    const sql = String((spec.derived as { sql: string }).sql).replace(
      'SUM(s.amount)',
      "SUM(CASE WHEN s.customer_id = 'CUST777' THEN -s.amount ELSE s.amount END)",
    );
    const buggy = await derived('sales.buggy_revenue', sql);
    const error = await buggy.refresh().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractViolationError);
    expect((error as ContractViolationError).issues.map((i) => i.message)).toEqual([
      '1 of 5 computed record(s) break constraint revenue.exclusiveMinimum (revenue > 0)',
    ]);
    expect(await buggy.count()).toBe(0);
    expect((await buggy.metrics()).freshness.lastWriteAt).toBeNull();
    expect(await revenue.count()).toBe(4);
  });

  it('refuses a result with repeated keys as a contract violation', async () => {
    const repeated = await derived(
      'sales.repeated',
      'SELECT s.customer_id, 1 AS transactions, s.amount AS revenue, s.amount AS average_value, s.date AS first_purchase, s.date AS last_purchase, false AS has_profile, NULL AS tier, NULL AS lifetime_value FROM {{sales.transactions}} AS s JOIN {{customer.profiles}} AS c ON true',
    );
    await expect(repeated.refresh()).rejects.toMatchObject({
      code: 'contract_violation',
      message: expect.stringContaining('must be unique'),
    });
    expect(await repeated.count()).toBe(0);
  });

  it('refuses to read an archived input', async () => {
    const spec = { ...exampleSpec('customers'), id: 'customer.old_profiles' };
    const old = await ex.mesh.createProduct(spec);
    const reader = await ex.mesh.createProduct({
      ...revenueSpec(),
      id: 'sales.old_revenue',
      upstream: ['sales.transactions', 'customer.old_profiles'],
      analytics: undefined,
      segments: undefined,
      derived: {
        sql: String((revenueSpec().derived as { sql: string }).sql).replace(
          '{{customer.profiles}}',
          '{{customer.old_profiles}}',
        ),
      },
    });
    await old.archive();
    await expect(reader.refresh()).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('customer.old_profiles'),
    });
  });

  it('refuses to create a derived product whose inputs do not exist', async () => {
    await expect(
      ex.mesh.createProduct({
        ...revenueSpec(),
        id: 'sales.ghost',
        upstream: ['sales.nothing'],
        derived: { sql: 'SELECT * FROM {{sales.nothing}}' },
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
