import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExampleMesh, openExampleMesh } from '../../../test/support/example-mesh.ts';

let ex: ExampleMesh;

beforeEach(async () => {
  ex = await openExampleMesh();
});

afterEach(async () => {
  await ex.cleanup();
});

async function counts(): Promise<Record<string, [number | null, number | null]>> {
  const stats = await ex.customers.segments().statistics();
  return Object.fromEntries(stats.segments.map((s) => [s.name, [s.count, s.share]]));
}

describe("the demo's three customer segments", () => {
  it('counts high-value, recent and new customers with their share of all customers', async () => {
    const stats = await ex.customers.segments().statistics();
    expect(stats.total).toBe(4);
    expect(stats.computedAt).toBe(ex.clock.iso());
    expect(await counts()).toEqual({
      // CUST001 (5000, gold) and CUST004 (7500, gold)
      high_value: [2, 50],
      // CUST003 registered 2025-05-10
      new_customers: [1, 25],
      // CUST001 and CUST004 on 2025-10-07, CUST002 at 2025-10-06 14:00
      recent_interactions: [3, 75],
    });
    expect(stats.segments.every((s) => s.source === 'contract')).toBe(true);
  });

  it('lists the members of a segment through an access-logged query', async () => {
    const members = await ex.customers
      .segments()
      .members('high_value', { columns: ['customer_id', 'tier'], orderBy: 'customer_id' });
    expect(members.rows).toEqual([
      { customer_id: 'CUST001', tier: 'gold' },
      { customer_id: 'CUST004', tier: 'gold' },
    ]);
    const [entry] = await ex.customers.accessLog({ limit: 1 });
    expect(entry).toMatchObject({ operation: 'query', rowsAffected: 2 });
    expect(entry?.parameters.filter).toBe("lifetime_value > 3000 and tier = 'gold'");
  });

  it('narrows the members with another filter', async () => {
    const members = await ex.customers.segments().members('recent_interactions', {
      where: "tier = 'gold'",
      columns: ['customer_id'],
      orderBy: 'customer_id',
    });
    expect(members.rows.map((r) => r.customer_id)).toEqual(['CUST001', 'CUST004']);
  });
});

describe('segments stay current', () => {
  it('follows an update that moves a customer into a segment and out of another', async () => {
    await ex.customers.update({ customer_id: 'CUST003' }, { tier: 'gold', lifetime_value: 3500 });
    await ex.customers.update({ customer_id: 'CUST002' }, { last_interaction: '2025-10-01 08:00:00' });
    expect(await counts()).toMatchObject({ high_value: [3, 75], recent_interactions: [2, 50] });
  });

  it('follows ingested and removed customers, shares included', async () => {
    await ex.customers.ingest([
      {
        customer_id: 'CUST005',
        name: 'Lia Costa',
        email: 'lia.costa@example.com',
        registration_date: '2025-09-01',
        lifetime_value: 9000,
        tier: 'gold',
      },
    ]);
    expect(await counts()).toMatchObject({
      high_value: [3, 60],
      new_customers: [2, 40],
      recent_interactions: [3, 60],
    });
    await ex.customers.remove({ customer_id: 'CUST001' });
    expect(await counts()).toMatchObject({
      high_value: [2, 50],
      new_customers: [2, 50],
      recent_interactions: [2, 50],
    });
  });

  it('gives a zero share, not a division by zero, when the product is empty', async () => {
    await ex.customers.remove('customer_id is not null');
    expect(await counts()).toEqual({
      high_value: [0, 0],
      new_customers: [0, 0],
      recent_interactions: [0, 0],
    });
  });
});

describe('segments kept in the catalog', () => {
  it('creates a segment, counts it and keeps it for the next session', async () => {
    const created = await ex.customers.segments().create({
      name: 'silver-tier',
      where: "tier = 'silver'",
      description: 'Silver customers',
    });
    expect(created).toMatchObject({ source: 'catalog', createdBy: 'anonymous', createdAt: ex.clock.iso() });
    await ex.mesh.close();
    const again = await ex.reopen({ actor: 'bob' });
    try {
      const segments = (await again.product('customer.profiles')).segments();
      expect((await segments.list()).map((s) => [s.name, s.source])).toEqual([
        ['high_value', 'contract'],
        ['new_customers', 'contract'],
        ['recent_interactions', 'contract'],
        ['silver-tier', 'catalog'],
      ]);
      expect(await segments.statistic('silver-tier')).toMatchObject({
        count: 1,
        share: 25,
        description: 'Silver customers',
      });
      await segments.remove('silver-tier');
      expect((await segments.list()).map((s) => s.name)).not.toContain('silver-tier');
      const log = await (await again.product('customer.profiles')).accessLog({ operation: 'segment' });
      expect(log.map((e) => [e.actor, e.parameters.action])).toEqual([
        ['bob', 'remove'],
        ['anonymous', 'create'],
      ]);
    } finally {
      await again.close();
    }
  });

  it('evaluates a created segment on the sales product too', async () => {
    await ex.sales.segments().create({ name: 'big_sales', where: 'amount >= 200' });
    expect(await ex.sales.segments().statistic('big_sales')).toMatchObject({
      count: 2,
      share: (2 / 6) * 100,
    });
  });

  it('refuses a segment whose filter names an unknown field, with a suggestion', async () => {
    await expect(
      ex.customers.segments().create({ name: 'oops', where: "teir = 'gold'" }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('did you mean "tier"'),
    });
    expect((await ex.customers.segments().list()).map((s) => s.name)).not.toContain('oops');
  });

  it('refuses a malformed or empty filter and a bad name', async () => {
    const segments = ex.customers.segments();
    await expect(segments.create({ name: 'bad', where: 'tier = ' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(segments.create({ name: 'everyone', where: '' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('empty'),
    });
    await expect(segments.create({ name: 'Gold Tier', where: "tier = 'gold'" })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('refuses a name taken by the contract or by the catalog', async () => {
    const segments = ex.customers.segments();
    await expect(segments.create({ name: 'high_value', where: "tier = 'gold'" })).rejects.toMatchObject({
      code: 'already_exists',
      message: expect.stringContaining('from its contract'),
    });
    await segments.create({ name: 'gold', where: "tier = 'gold'" });
    await expect(segments.create({ name: 'gold', where: "tier = 'silver'" })).rejects.toMatchObject({
      code: 'already_exists',
    });
  });

  it('refuses to remove a segment declared in the contract, and an unknown one', async () => {
    const segments = ex.customers.segments();
    await expect(segments.remove('high_value')).rejects.toMatchObject({ code: 'conflict' });
    await expect(segments.remove('nope')).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('high_value, new_customers, recent_interactions'),
    });
  });

  it('refuses to read the members or counts of an unknown segment', async () => {
    await expect(ex.customers.segments().members('whales')).rejects.toMatchObject({ code: 'not_found' });
    await expect(ex.customers.segments().statistic('whales')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses segments of an archived product', async () => {
    await ex.customers.archive();
    await expect(ex.customers.segments().statistics()).rejects.toMatchObject({ code: 'conflict' });
  });
});
