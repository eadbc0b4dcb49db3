/**
 * Every behaviour of the demo the project grew from (../shared/seed/SEED.md), for the sales and customer products,
 * on a DuckDB file: the products are the descriptors in examples/ and nothing else.
 */
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTempDir,
  createTestClock,
  type TempDir,
  type TestClock,
} from '../../test/support/example-mesh.ts';
import { storeFromTemplate } from '../../test/support/template-stores.ts';
import type { DataProduct } from '../product/data-product.ts';
import { Mesh } from '../product/mesh.ts';
import { BUILT_IN_PRODUCTS, installBuiltInProducts, readBuiltInDescriptor } from './built-in-products.ts';

let dir: TempDir;
let clock: TestClock;
let mesh: Mesh;
let sales: DataProduct;
let customers: DataProduct;
let revenue: DataProduct;

async function open(): Promise<Mesh> {
  return Mesh.open({ store: dir.file('mesh.duckdb'), now: clock.now, actor: 'demo' });
}

beforeEach(async () => {
  dir = createTempDir();
  clock = createTestClock();
  // The built-in products, installed once per run into a template store and copied (test/support/template-stores.ts).
  await storeFromTemplate('built-in-products', dir.file('mesh.duckdb'), async (store) => {
    const building = await Mesh.open({ store, now: createTestClock().now, actor: 'demo' });
    try {
      await installBuiltInProducts(building, { load: false, refresh: false });
    } finally {
      await building.close();
    }
  });
  mesh = await open();
  sales = await mesh.product('sales.transactions');
  customers = await mesh.product('customer.profiles');
  revenue = await mesh.product('sales.customer_revenue');
});

afterEach(async () => {
  await mesh.close();
  dir.remove();
});

const sale = (overrides: Record<string, unknown> = {}) => ({
  transaction_id: 'TXN100',
  product_id: 'PROD9',
  customer_id: 'CUST9',
  amount: 42,
  date: '2025-10-09',
  product_category: 'Books',
  region: 'Europe',
  ...overrides,
});

const customer = (overrides: Record<string, unknown> = {}) => ({
  customer_id: 'CUST100',
  name: 'Test Person',
  email: 'test.person@example.com',
  registration_date: '2025-01-01',
  lifetime_value: 10,
  tier: 'bronze',
  last_interaction: '2025-10-01 09:00:00',
  ...overrides,
});

async function load(): Promise<void> {
  const [s, c] = BUILT_IN_PRODUCTS;
  await sales.ingestFile(s?.sampleData as string);
  await customers.ingestFile(c?.sampleData as string);
}

function reasons(result: {
  rejected: readonly { index: number; issues: readonly { message: string }[] }[];
}): [number, string[]][] {
  return result.rejected.map((r) => [r.index, r.issues.map((i) => i.message)]);
}

describe('a generic data product', () => {
  it('carries metadata, starts as a draft and keeps its declared quality level', async () => {
    const d = await sales.descriptor();
    expect(d).toMatchObject({
      id: 'sales.transactions',
      name: 'Sales transactions',
      version: '1.0.0',
      domain: 'sales',
      owner: 'sales-team',
      tags: ['sales', 'transactions', 'revenue'],
      status: 'draft',
      qualityLevel: 'silver',
      createdAt: clock.iso(),
      updatedAt: clock.iso(),
    });
    expect(d.description).not.toBe('');
  });

  it('defaults to bronze and warns when publishing at bronze', async () => {
    const spec: Record<string, unknown> = {
      ...((await readBuiltInDescriptor('sales.transactions')) as Record<string, unknown>),
      id: 'sales.raw',
    };
    delete spec.qualityLevel;
    const raw = await mesh.createProduct(spec);
    expect((await raw.descriptor()).qualityLevel).toBe('bronze');
    const result = await raw.publish();
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      'publishing at bronze quality level: consumers get raw, unvalidated data',
    ]);
  });

  it('refuses to publish without an owner and says why; publishes a complete product', async () => {
    const spec: Record<string, unknown> = {
      ...((await readBuiltInDescriptor('sales.transactions')) as Record<string, unknown>),
      id: 'sales.orphan',
    };
    delete spec.owner;
    const orphan = await mesh.createProduct(spec);
    const refused = await orphan.publish();
    expect(refused).toMatchObject({ ok: false, status: 'draft' });
    expect(refused.reasons).toContain('the product has no owner; set owner in its descriptor');
    expect(await sales.publish()).toMatchObject({ ok: true, status: 'published', warnings: [] });
  });

  it('refuses a record with a missing field or a wrong type and returns the reasons', async () => {
    const { product_category: _, ...missing } = sale();
    const result = await sales.ingest([
      missing,
      sale({ transaction_id: 'TXN101', amount: '42' }),
      sale({ transaction_id: 'TXN102' }),
    ]);
    expect(result).toMatchObject({ total: 3, accepted: 1, rejectedCount: 2 });
    expect(reasons(result)).toEqual([
      [0, ['product_category is required but missing']],
      [1, ['amount must be a number, got "42" (send numbers without quotes)']],
    ]);
  });

  it('loads a JSON file and tells how many of how many records loaded', async () => {
    const [s] = BUILT_IN_PRODUCTS;
    expect(await sales.ingestFile(s?.sampleData as string)).toMatchObject({
      total: 6,
      accepted: 6,
      rejectedCount: 0,
    });
  });

  it('refuses a missing file, bad JSON and a document that is not a list', async () => {
    await expect(sales.ingestFile(dir.file('nope.json'))).rejects.toMatchObject({ code: 'not_found' });
    writeFileSync(dir.file('bad.json'), '[{"transaction_id": ');
    await expect(sales.ingestFile(dir.file('bad.json'))).rejects.toMatchObject({ code: 'invalid_input' });
    writeFileSync(dir.file('object.json'), '{"transaction_id": "TXN1"}');
    await expect(sales.ingestFile(dir.file('object.json'))).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('queries by equality on every given field, returns everything without filters, and logs each query', async () => {
    await load();
    expect(
      (await sales.query({ region: 'North America', product_category: 'Electronics' })).rows.map(
        (r) => r.transaction_id,
      ),
    ).toEqual(['TXN001', 'TXN003']);
    expect((await sales.query()).rows).toHaveLength(6);
    const log = await sales.accessLog({ operation: 'query' });
    expect(log.map((e) => e.parameters.filter)).toEqual([
      null,
      "region = 'North America' and product_category = 'Electronics'",
    ]);
  });

  it('updates with required filters, type-checks the changes and returns the count, logged', async () => {
    await load();
    await expect(customers.update({}, { tier: 'gold' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      customers.update({ customer_id: 'CUST002' }, { lifetime_value: 'a lot' }),
    ).rejects.toMatchObject({
      code: 'contract_violation',
    });
    expect(
      await customers.update({ customer_id: 'CUST002' }, { email: 'maria.santos@newmail.example' }),
    ).toBe(1);
    expect((await customers.query({ customer_id: 'CUST002' })).rows[0]?.email).toBe(
      'maria.santos@newmail.example',
    );
    const [entry] = await customers.accessLog({ operation: 'update' });
    expect(entry).toMatchObject({
      rowsAffected: 1,
      parameters: { filter: "customer_id = 'CUST002'", fields: ['email'] },
    });
  });

  it('removes with required filters and returns the count, logged', async () => {
    await load();
    await expect(sales.remove({})).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await sales.remove({ transaction_id: 'TXN006' })).toBe(1);
    expect((await sales.query({ transaction_id: 'TXN006' })).rows).toEqual([]);
    const [entry] = await sales.accessLog({ operation: 'remove' });
    expect(entry).toMatchObject({ rowsAffected: 1, parameters: { filter: "transaction_id = 'TXN006'" } });
  });

  it('logs every operation with its time, parameters, product and version', async () => {
    await load();
    clock.advance(1);
    await sales.query({ region: 'Asia' });
    const [entry] = await sales.accessLog({ limit: 1 });
    expect(entry).toMatchObject({
      at: clock.iso(),
      actor: 'demo',
      operation: 'query',
      productId: 'sales.transactions',
      productVersion: '1.0.0',
      parameters: { filter: "region = 'Asia'" },
    });
  });

  it('reports total records, accesses, status, quality level and SLA as metrics', async () => {
    await load();
    await sales.query();
    expect(await sales.metrics()).toMatchObject({
      totalRecords: 6,
      totalAccesses: 3,
      accessesByOperation: { create: 1, ingest: 1, query: 1 },
      status: 'draft',
      qualityLevel: 'silver',
      sla: { availability: 99.9, freshnessMinutes: 60, completeness: 99, accuracy: 99 },
    });
  });

  it('shows upstream dependencies and downstream consumers with domain, owner, version and time', async () => {
    expect((await revenue.lineage()).upstream).toEqual([
      expect.objectContaining({
        id: 'customer.profiles',
        domain: 'customer',
        owner: 'customer-team',
        version: '1.0.0',
        linkedAt: clock.iso(),
      }),
      expect.objectContaining({
        id: 'sales.transactions',
        domain: 'sales',
        owner: 'sales-team',
        version: '1.0.0',
        linkedAt: clock.iso(),
      }),
    ]);
    expect((await sales.lineage()).downstream).toEqual([
      expect.objectContaining({ id: 'sales.customer_revenue', domain: 'sales' }),
    ]);
  });
});

describe('the sales product', () => {
  it('has the demo fields, key, indexes, silver level and SLA 99.9 / 60 min / 99 / 99', async () => {
    const d = await sales.descriptor();
    expect(d.schema.fields.map((f) => [f.name, f.type])).toEqual([
      ['transaction_id', 'string'],
      ['product_id', 'string'],
      ['customer_id', 'string'],
      ['amount', 'number'],
      ['date', 'date'],
      ['product_category', 'string'],
      ['region', 'string'],
    ]);
    expect(d.schema.primaryKey).toEqual(['transaction_id']);
    expect(d.schema.indexes).toEqual([['product_id'], ['customer_id'], ['date']]);
    expect(d.sla).toEqual({ availability: 99.9, freshnessMinutes: 60, completeness: 99, accuracy: 99 });
  });

  it("rejects the demo's invalid sales with reasons while the valid ones land", async () => {
    await load();
    const result = await sales.ingest([
      sale({ transaction_id: 'TXN900', amount: -5 }),
      sale({ transaction_id: 'TXN901', date: '2025-13-40' }),
      sale({ transaction_id: 'TXN001', amount: 10 }),
      sale({ transaction_id: 'TXN902' }),
      sale({ transaction_id: 'TXN903', date: '09/10/2025' }),
      sale({ transaction_id: 'TXN904', amount: 0 }),
    ]);
    expect(result).toMatchObject({ total: 6, accepted: 1, rejectedCount: 5 });
    expect(reasons(result)).toEqual([
      [0, ['amount must be greater than 0, got -5']],
      [1, ['date must be a real calendar date, got "2025-13-40"']],
      [2, [expect.stringContaining('transaction_id TXN001')]],
      [4, ['date must be a date written YYYY-MM-DD, got "09/10/2025"']],
      [5, ['amount must be greater than 0, got 0']],
    ]);
    expect((await sales.query({ transaction_id: 'TXN902' })).rows).toHaveLength(1);
    expect(await sales.count()).toBe(7);
  });

  it('keeps its metrics current after every change: revenue, count, average, categories, regions, top 5, last update', async () => {
    await load();
    const figures = async () => {
      const a = await sales.analytics({ breakdowns: ['revenue_by_region', 'top_customers'] });
      const m = Object.fromEntries(a.measures.map((x) => [x.name, x.value]));
      return {
        revenue: m.total_revenue,
        count: m.transactions,
        average: m.average_value,
        regions: a.breakdowns[0]?.rows.map((r) => [r.region, r.total_revenue]),
        top: a.breakdowns[1]?.rows.map((r) => r.customer_id),
        lastUpdate: a.lastWriteAt,
      };
    };
    expect(await figures()).toEqual({
      revenue: 895.75,
      count: 6,
      average: 895.75 / 6,
      regions: [
        ['North America', 525.5],
        ['Europe', 320],
        ['Asia', 50.25],
      ],
      top: ['CUST456', 'CUST457', 'CUST459', 'CUST458'],
      lastUpdate: clock.iso(),
    });
    clock.advance(3);
    await sales.update({ transaction_id: 'TXN004' }, { amount: 150.25 });
    await sales.remove({ transaction_id: 'TXN002' });
    expect(await figures()).toEqual({
      revenue: 795.75,
      count: 5,
      average: 795.75 / 5,
      regions: [
        ['North America', 525.5],
        ['Asia', 150.25],
        ['Europe', 120],
      ],
      top: ['CUST456', 'CUST458', 'CUST457', 'CUST459'],
      lastUpdate: clock.iso(),
    });
  });

  it('has shortcuts for sales by product category and by region', async () => {
    await load();
    expect(
      (await sales.breakdown('revenue_by_category')).rows.map((r) => [r.product_category, r.total_revenue]),
    ).toEqual([
      ['Electronics', 450.5],
      ['Books', 320],
      ['Home Goods', 75],
      ['Apparel', 50.25],
    ]);
    expect((await sales.breakdown('revenue_by_region')).rows.map((r) => r.region)).toEqual([
      'North America',
      'Europe',
      'Asia',
    ]);
  });

  it('reports completeness per field, transaction_id uniqueness, amount and date validity against the SLA, and a verdict', async () => {
    await load();
    const report = await sales.checkQuality();
    expect(report.completeness.items.map((c) => `${c.field} ${c.rate}% / ${c.target}%`)).toEqual([
      'transaction_id 100% / 99%',
      'product_id 100% / 99%',
      'customer_id 100% / 99%',
      'amount 100% / 99%',
      'date 100% / 99%',
      'product_category 100% / 99%',
      'region 100% / 99%',
    ]);
    expect(report.uniqueness).toMatchObject({
      key: ['transaction_id'],
      rate: 100,
      duplicateRecords: 0,
      duplicates: [],
    });
    const items = Object.fromEntries(report.validity.items.map((i) => [i.name, `${i.rate}% / ${i.target}%`]));
    expect(items).toMatchObject({ 'amount.exclusiveMinimum': '100% / 99%', 'date.type': '100% / 99%' });
    expect(report.verdict).toBe('pass');
  });
});

describe('the customer product', () => {
  it('has the demo fields with name and e-mail as PII, indexes on e-mail and tier, and SLA 99.9 / 5 min / 99.5 / 99.5', async () => {
    const d = await customers.descriptor();
    expect(d.schema.fields.map((f) => [f.name, f.type, f.required, f.pii === true])).toEqual([
      ['customer_id', 'string', true, false],
      ['name', 'string', true, true],
      ['email', 'string', true, true],
      ['registration_date', 'date', true, false],
      ['lifetime_value', 'number', true, false],
      ['tier', 'string', true, false],
      ['last_interaction', 'timestamp', false, false],
    ]);
    expect(d.schema.primaryKey).toEqual(['customer_id']);
    expect(d.schema.indexes).toEqual([['email'], ['tier']]);
    expect(d.sla).toEqual({ availability: 99.9, freshnessMinutes: 5, completeness: 99.5, accuracy: 99.5 });
  });

  it("rejects the demo's bad customers with reasons (e-mail, dates, value, tier, duplicate id) while valid ones land", async () => {
    await load();
    const result = await customers.ingest([
      customer({ customer_id: 'CUST900', email: 'not-an-email', tier: 'platinum' }),
      customer({ customer_id: 'CUST901', registration_date: '2025/01/01' }),
      customer({ customer_id: 'CUST902', last_interaction: '2025-10-07 25:00:00' }),
      customer({ customer_id: 'CUST903', lifetime_value: -1 }),
      customer({ customer_id: 'CUST001' }),
      customer({ customer_id: 'CUST904', last_interaction: undefined }),
      customer({ customer_id: 'CUST905' }),
    ]);
    expect(result).toMatchObject({ total: 7, accepted: 2, rejectedCount: 5 });
    const [badEmail, badDate, badTime, badValue, duplicate] = result.rejected;
    expect(badEmail?.issues.map((i) => i.code)).toEqual(['format', 'enum']);
    expect(badEmail?.issues.map((i) => i.message).join(' ')).not.toContain('not-an-email');
    expect(badDate?.issues.map((i) => i.message)).toEqual([
      'registration_date must be a date written YYYY-MM-DD, got "2025/01/01"',
    ]);
    expect(badTime?.issues[0]?.message).toContain('last_interaction must be a timestamp');
    expect(badValue?.issues.map((i) => i.message)).toEqual(['lifetime_value must be at least 0, got -1']);
    expect(duplicate?.issues[0]?.message).toContain('customer_id CUST001');
    expect((await customers.query({ customer_id: 'CUST904' })).rows[0]?.last_interaction).toBeNull();
  });

  it("counts the demo's segments with their shares, and re-evaluates them after changes", async () => {
    await load();
    const stats = async () =>
      Object.fromEntries(
        (await customers.segments().statistics()).segments.map((s) => [s.name, `${s.count} (${s.share}%)`]),
      );
    expect(await stats()).toEqual({
      high_value: '2 (50%)',
      new_customers: '1 (25%)',
      recent_interactions: '3 (75%)',
    });
    await customers.update({ customer_id: 'CUST004' }, { tier: 'silver' });
    await customers.ingest([customer({ customer_id: 'CUST005', registration_date: '2025-10-01' })]);
    expect(await stats()).toEqual({
      high_value: '1 (20%)',
      new_customers: '2 (40%)',
      recent_interactions: '3 (60%)',
    });
  });

  it('shows demographics: customers per tier', async () => {
    await load();
    expect((await customers.breakdown('customers_by_tier')).rows.map((r) => [r.tier, r.customers])).toEqual([
      ['gold', 2],
      ['bronze', 1],
      ['silver', 1],
    ]);
  });

  it('reports completeness, uniqueness, e-mail validity and lifetime-value validity against the SLA', async () => {
    await load();
    const report = await customers.checkQuality();
    expect(report.completeness).toMatchObject({ overall: 100, target: 99.5, passed: true });
    expect(report.uniqueness).toMatchObject({ key: ['customer_id'], rate: 100 });
    const items = Object.fromEntries(report.validity.items.map((i) => [i.name, [i.valid, i.rate, i.target]]));
    expect(items.email_shape).toEqual([4, 100, 99.5]);
    expect(items['lifetime_value.minimum']).toEqual([4, 100, 99.5]);
    expect(report.verdict).toBe('pass');
  });
});

describe("the demo's walkthrough, on a persistent store", () => {
  it('creates, loads, lists, finds, updates, removes, and shows metrics and the log, and the store keeps it all', async () => {
    await load();
    expect(
      (await sales.query(undefined, { orderBy: 'transaction_id' })).rows.map((r) => r.transaction_id),
    ).toEqual(['TXN001', 'TXN002', 'TXN003', 'TXN004', 'TXN005', 'TXN006']);
    expect(
      (await customers.query({ tier: 'gold' }, { orderBy: 'customer_id' })).rows.map((r) => r.name),
    ).toEqual(['João Silva', 'Ana Souza']);
    expect(
      await customers.update({ customer_id: 'CUST002' }, { email: 'maria.santos@newmail.example' }),
    ).toBe(1);
    expect(await sales.remove({ transaction_id: 'TXN006' })).toBe(1);
    expect((await sales.query({ transaction_id: 'TXN006' })).rows).toEqual([]);
    await mesh.close();
    mesh = await open();
    const again = await mesh.product('sales.transactions');
    expect((await again.metrics()).totalRecords).toBe(5);
    expect(
      (await (await mesh.product('customer.profiles')).query({ customer_id: 'CUST002' })).rows[0]?.email,
    ).toBe('maria.santos@newmail.example');
    expect((await mesh.accessLog({ limit: 3 })).map((e) => [e.operation, e.productId])).toEqual([
      ['query', 'customer.profiles'],
      ['query', 'sales.transactions'],
      ['remove', 'sales.transactions'],
    ]);
  });

  it('installs the built-in products in one call, loads their samples and refreshes the derived one', async () => {
    const other = await Mesh.open({ store: dir.file('other.duckdb'), now: clock.now });
    try {
      const { products, loaded } = await installBuiltInProducts(other);
      expect(Object.keys(products)).toEqual([
        'sales.transactions',
        'customer.profiles',
        'sales.customer_revenue',
      ]);
      expect(Object.values(loaded).map((r) => r.accepted)).toEqual([6, 4]);
      expect(await products['sales.customer_revenue']?.count()).toBe(4);
      await expect(readBuiltInDescriptor('sales.nothing')).rejects.toMatchObject({ code: 'not_found' });
    } finally {
      await other.close();
    }
  });
});
