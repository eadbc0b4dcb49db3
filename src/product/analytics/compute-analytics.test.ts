import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExampleMesh, exampleSpec, openExampleMesh } from '../../../test/support/example-mesh.ts';
import { MeshError } from '../../core/errors.ts';

let ex: ExampleMesh;

beforeEach(async () => {
  ex = await openExampleMesh();
});

afterEach(async () => {
  await ex.cleanup();
});

/** A breakdown's rows as `[key, first measure]` pairs. */
async function pairs(name: string, options: { top?: number } = {}): Promise<[unknown, unknown][]> {
  const b = await ex.sales.breakdown(name, options);
  const measure = b.measures[0] as string;
  return b.rows.map((r) => [r[b.key], r[measure]]);
}

async function measure(name: string): Promise<unknown> {
  const result = await ex.sales.analytics({ breakdowns: [] });
  return result.measures.find((m) => m.name === name)?.value;
}

describe('declared analytics of the sales product', () => {
  it('computes total revenue, count, average and distinct customers of the six sample sales', async () => {
    const result = await ex.sales.analytics();
    const values = Object.fromEntries(result.measures.map((m) => [m.name, m.value]));
    // 150 + 200 + 300.5 + 50.25 + 120 + 75
    expect(values.total_revenue).toBe(895.75);
    expect(values.transactions).toBe(6);
    expect(values.average_value).toBeCloseTo(895.75 / 6, 10);
    expect(values.customers).toBe(4);
    expect(values.last_sale).toBe('2025-10-05');
    expect(result.filter).toBeNull();
    expect(result.lastWriteAt).toBe(ex.clock.iso());
  });

  it('breaks revenue down by region, largest first', async () => {
    expect(await pairs('revenue_by_region')).toEqual([
      ['North America', 525.5],
      ['Europe', 320],
      ['Asia', 50.25],
    ]);
  });

  it('breaks revenue down by product category with the number of sales', async () => {
    const b = await ex.sales.breakdown('revenue_by_category');
    expect(b.rows).toEqual([
      { product_category: 'Electronics', total_revenue: 450.5, transactions: 2 },
      { product_category: 'Books', total_revenue: 320, transactions: 2 },
      { product_category: 'Home Goods', total_revenue: 75, transactions: 1 },
      { product_category: 'Apparel', total_revenue: 50.25, transactions: 1 },
    ]);
  });

  it('lists the top customers by revenue, five by default and N when asked', async () => {
    expect(await pairs('top_customers')).toEqual([
      ['CUST456', 450.5],
      ['CUST457', 320],
      ['CUST459', 75],
      ['CUST458', 50.25],
    ]);
    expect((await ex.sales.breakdown('top_customers')).top).toBe(5);
    expect(await pairs('top_customers', { top: 2 })).toEqual([
      ['CUST456', 450.5],
      ['CUST457', 320],
    ]);
  });

  it('groups revenue by calendar day and by month, in date order', async () => {
    expect(await pairs('revenue_by_day')).toEqual([
      ['2025-10-01', 150],
      ['2025-10-02', 200],
      ['2025-10-03', 350.75],
      ['2025-10-04', 120],
      ['2025-10-05', 75],
    ]);
    await ex.sales.ingest([
      {
        transaction_id: 'TXN100',
        product_id: 'P',
        customer_id: 'C',
        amount: 10,
        date: '2025-09-30',
        product_category: 'Books',
        region: 'Europe',
      },
    ]);
    expect(await pairs('revenue_by_month')).toEqual([
      ['2025-09', 10],
      ['2025-10', 895.75],
    ]);
  });

  it('breaks ties on a measure by the key so the order never changes', async () => {
    await ex.sales.ingest([
      {
        transaction_id: 'TXN100',
        product_id: 'P',
        customer_id: 'CUST000',
        amount: 75,
        date: '2025-10-06',
        product_category: 'Books',
        region: 'Europe',
      },
    ]);
    const rows = await pairs('top_customers');
    expect(rows.slice(2, 4)).toEqual([
      ['CUST000', 75],
      ['CUST459', 75],
    ]);
  });

  it('restricts every figure to a filter, given as text or as an object', async () => {
    const europe = await ex.sales.analytics({
      where: "region = 'Europe'",
      breakdowns: ['revenue_by_category'],
    });
    expect(europe.filter).toBe("region = 'Europe'");
    expect(europe.measures.find((m) => m.name === 'total_revenue')?.value).toBe(320);
    expect(europe.breakdowns[0]?.rows).toEqual([
      { product_category: 'Books', total_revenue: 320, transactions: 2 },
    ]);
    const big = await ex.sales.analytics({ where: { amount: { gte: 200 } }, breakdowns: [] });
    expect(big.measures.find((m) => m.name === 'transactions')?.value).toBe(2);
  });

  it('gives zero sales and empty figures when no record matches', async () => {
    const none = await ex.sales.analytics({ where: "region = 'Antarctica'" });
    const values = Object.fromEntries(none.measures.map((m) => [m.name, m.value]));
    expect(values).toMatchObject({ total_revenue: null, transactions: 0, average_value: null, customers: 0 });
    expect(none.breakdowns.every((b) => b.rows.length === 0)).toBe(true);
  });
});

describe('analytics follow every change', () => {
  it('adds an ingested sale to the revenue, the region and the top customers', async () => {
    await ex.sales.ingest([
      {
        transaction_id: 'TXN007',
        product_id: 'P9',
        customer_id: 'CUST457',
        amount: 500,
        date: '2025-10-06',
        product_category: 'Books',
        region: 'Asia',
      },
    ]);
    expect(await measure('total_revenue')).toBe(1395.75);
    expect(await measure('transactions')).toBe(7);
    expect(await pairs('revenue_by_region')).toEqual([
      ['Asia', 550.25],
      ['North America', 525.5],
      ['Europe', 320],
    ]);
    expect((await pairs('top_customers'))[0]).toEqual(['CUST457', 820]);
  });

  it('reflects an updated amount and a removed sale at once', async () => {
    await ex.sales.update({ transaction_id: 'TXN004' }, { amount: 100.25 });
    expect(await measure('total_revenue')).toBe(945.75);
    expect(await pairs('revenue_by_region')).toContainEqual(['Asia', 100.25]);
    await ex.sales.remove({ transaction_id: 'TXN006' });
    expect(await measure('total_revenue')).toBe(870.75);
    expect(await measure('transactions')).toBe(5);
    expect(await pairs('revenue_by_category')).not.toContainEqual(['Home Goods', 75]);
    expect(await pairs('top_customers')).not.toContainEqual(['CUST459', 75]);
  });

  it('reports the time of the last successful write', async () => {
    ex.clock.advance(30);
    await ex.sales.remove({ transaction_id: 'TXN001' });
    expect((await ex.sales.analytics()).lastWriteAt).toBe(ex.clock.iso());
  });
});

describe('analytics of the customer product', () => {
  it('counts customers by tier (demographics) and registrations by year', async () => {
    expect((await ex.customers.breakdown('customers_by_tier')).rows).toEqual([
      { tier: 'gold', customers: 2, total_lifetime_value: 12500 },
      { tier: 'bronze', customers: 1, total_lifetime_value: 500 },
      { tier: 'silver', customers: 1, total_lifetime_value: 1500 },
    ]);
    expect((await ex.customers.breakdown('registrations_by_year')).rows).toEqual([
      { year: '2024', customers: 3 },
      { year: '2025', customers: 1 },
    ]);
  });

  it('computes the figures of one segment only', async () => {
    const result = await ex.customers.analytics({ segment: 'high_value', breakdowns: ['customers_by_tier'] });
    expect(result.segment).toBe('high_value');
    expect(result.filter).toBe("lifetime_value > 3000 and tier = 'gold'");
    expect(result.measures.find((m) => m.name === 'customers')?.value).toBe(2);
    expect(result.measures.find((m) => m.name === 'average_lifetime_value')?.value).toBe(6250);
  });
});

describe('analytics refuse what they cannot compute', () => {
  it('names the declared breakdowns when asked for an unknown one', async () => {
    await expect(ex.sales.breakdown('revenue_by_planet')).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('revenue_by_region'),
    });
  });

  it('refuses a top N that is not a positive whole number', async () => {
    await expect(ex.sales.analytics({ top: 0 })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(ex.sales.analytics({ top: 2.5 })).rejects.toBeInstanceOf(MeshError);
  });

  it('refuses a filter on an unknown field before any SQL runs', async () => {
    await expect(ex.sales.analytics({ where: "regoin = 'Europe'" })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('did you mean "region"'),
    });
  });

  it('refuses an unknown segment', async () => {
    await expect(ex.customers.analytics({ segment: 'whales' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses the analytics of an archived product', async () => {
    expect((await ex.sales.archive()).ok).toBe(true);
    await expect(ex.sales.analytics()).rejects.toMatchObject({ code: 'conflict' });
  });

  it('returns no figures for a product that declares no analytics', async () => {
    const spec: Record<string, unknown> = { ...exampleSpec('sales'), id: 'sales.plain' };
    delete spec.analytics;
    const plain = await ex.mesh.createProduct(spec);
    const result = await plain.analytics();
    expect(result.measures).toEqual([]);
    expect(result.breakdowns).toEqual([]);
  });
});
