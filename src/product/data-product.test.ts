import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ExampleMesh,
  exampleRecords,
  exampleSpec,
  openExampleMesh,
} from '../../test/support/example-mesh.ts';
import { ContractViolationError, MeshError } from '../core/errors.ts';

const errorOf = async (promise: Promise<unknown>): Promise<MeshError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MeshError);
  return error as MeshError;
};

let em: ExampleMesh;
beforeEach(async () => {
  em = await openExampleMesh();
});
afterEach(async () => {
  await em.cleanup();
});

const customer = async (id: string): Promise<Record<string, unknown> | undefined> =>
  (await em.customers.query({ customer_id: id })).rows[0];

describe('update', () => {
  it("changes a customer's e-mail and returns how many records changed", async () => {
    expect(await em.customers.update({ customer_id: 'CUST001' }, { email: 'joao@example.org' })).toBe(1);
    expect((await customer('CUST001'))?.email).toBe('joao@example.org');
    expect((await customer('CUST002'))?.email).toBe('maria.santos@example.com');
  });

  it('changes every record matching a filter expression', async () => {
    expect(await em.customers.update("tier = 'gold'", { tier: 'silver', lifetime_value: 0 })).toBe(2);
    expect(await em.customers.count({ tier: 'silver', lifetime_value: 0 })).toBe(2);
    expect(await em.customers.count({ tier: 'gold' })).toBe(0);
  });

  it('stores changed dates and timestamps in their canonical form and can clear an optional field', async () => {
    await em.customers.update(
      { customer_id: 'CUST002' },
      { registration_date: '2024-04-01', last_interaction: '2025-10-08T08:15:00Z' },
    );
    expect(await customer('CUST002')).toMatchObject({
      registration_date: '2024-04-01',
      last_interaction: '2025-10-08 08:15:00',
    });
    await em.customers.update({ customer_id: 'CUST002' }, { last_interaction: null });
    expect((await customer('CUST002'))?.last_interaction).toBeNull();
  });

  it('returns 0 when nothing matches', async () => {
    expect(await em.customers.update({ customer_id: 'CUST999' }, { tier: 'gold' })).toBe(0);
  });

  it.each([
    ['nothing', undefined],
    ['an empty object', {}],
    ['an empty expression', '  '],
    ['an empty filter tree', { kind: 'and', items: [] }],
  ] as const)('refuses %s as a filter with invalid_input and changes nothing', async (_label, filter) => {
    const error = await errorOf(em.customers.update(filter as never, { tier: 'bronze' }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/update needs a filter/);
    expect(await em.customers.count({ tier: 'bronze' })).toBe(1);
  });

  it('refuses an update without changes', async () => {
    expect((await errorOf(em.customers.update({ customer_id: 'CUST001' }, {}))).code).toBe('invalid_input');
    expect((await errorOf(em.customers.update({ customer_id: 'CUST001' }, { tier: undefined }))).code).toBe(
      'invalid_input',
    );
  });

  it('ignores a change set to undefined, as JSON would', async () => {
    expect(await em.customers.update({ customer_id: 'CUST001' }, { tier: 'bronze', email: undefined })).toBe(
      1,
    );
    expect(await customer('CUST001')).toMatchObject({ tier: 'bronze', email: 'joao.silva@example.com' });
  });

  it('refuses a change of the wrong type with a ContractViolationError naming the field, and changes nothing', async () => {
    const error = await errorOf(em.sales.update({ transaction_id: 'TXN001' }, { amount: 'a lot' }));
    expect(error).toBeInstanceOf(ContractViolationError);
    expect(error.code).toBe('contract_violation');
    expect((error as ContractViolationError).issues).toEqual([
      {
        path: ['changes', 'amount'],
        code: 'type',
        message: expect.stringMatching(/amount must be a number/),
      },
    ]);
    expect((await em.sales.query({ transaction_id: 'TXN001' })).rows[0]?.amount).toBe(150);
  });

  it.each([
    ['breaks a constraint', { amount: -1 }, 'minimum'],
    ['sets a required field to null', { region: null }, 'required'],
    ['names an unknown field', { discount: 5 }, 'unknown_field'],
    ['has an impossible date', { date: '2025-02-30' }, 'type'],
  ] as const)('refuses a change that %s', async (_label, changes, code) => {
    const error = await errorOf(em.sales.update({ region: 'Europe' }, changes));
    expect(error).toBeInstanceOf(ContractViolationError);
    expect((error as ContractViolationError).issues.map((i) => i.code)).toEqual([code]);
    expect(await em.sales.count({ region: 'Europe' })).toBe(2);
  });

  it('refuses a bad e-mail without echoing it', async () => {
    const error = await errorOf(
      em.customers.update({ customer_id: 'CUST001' }, { email: 'joao-at-example' }),
    );
    expect(error.code).toBe('contract_violation');
    expect(error.message).not.toContain('joao-at-example');
  });

  it('refuses to change the primary key and changes nothing', async () => {
    const error = await errorOf(
      em.sales.update({ transaction_id: 'TXN001' }, { transaction_id: 'TXN100', amount: 1 }),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/cannot change the primary key \(transaction_id\)/);
    expect((await em.sales.query({ transaction_id: 'TXN001' })).rows[0]?.amount).toBe(150);
  });

  it('refuses an unknown field in the filter with invalid_input', async () => {
    const error = await errorOf(em.sales.update({ regoin: 'Europe' }, { amount: 1 }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('"regoin"');
  });

  it('refuses, as a whole, a change that would break a declared rule', async () => {
    const spec = exampleSpec('sales');
    const product = await em.mesh.createProduct({
      ...spec,
      id: 'sales.big_orders',
      schema: { ...(spec.schema as object), rules: [{ name: 'big_enough', check: 'amount >= 100' }] },
    });
    await product.ingest(exampleRecords('sales').filter((r) => Number(r.amount) >= 100));
    const error = await errorOf(product.update({ region: 'Europe' }, { amount: 50 }));
    expect(error).toBeInstanceOf(ContractViolationError);
    expect(error.message).toMatch(/big_enough/);
    expect(await product.count({ amount: 50 })).toBe(0);
    expect(await product.update({ region: 'Europe' }, { amount: 500 })).toBe(2);
  });

  it('refuses a change that leaves a rule unknown (null), as ingest would', async () => {
    const spec = exampleSpec('customers');
    const product = await em.mesh.createProduct({
      ...spec,
      id: 'customer.recent',
      schema: {
        ...(spec.schema as object),
        rules: [{ name: 'interacted', check: "last_interaction >= '2025-01-01'" }],
      },
    });
    const result = await product.ingest(exampleRecords('customers'));
    expect(result.accepted).toBe(4);
    const error = await errorOf(product.update({ customer_id: 'CUST001' }, { last_interaction: null }));
    expect(error).toBeInstanceOf(ContractViolationError);
    expect(error.message).toContain('interacted');
    expect(await product.count('last_interaction is null')).toBe(0);
  });

  it('records the update in the access log with its filter, fields and count', async () => {
    await em.customers.update({ customer_id: 'CUST001' }, { email: 'joao@example.org' });
    const [entry] = await em.customers.accessLog({ operation: 'update' });
    expect(entry).toMatchObject({
      rowsAffected: 1,
      parameters: { filter: "customer_id = 'CUST001'", fields: ['email'] },
    });
    expect(JSON.stringify(entry)).not.toContain('joao@example.org');
  });
});

describe('remove', () => {
  it('removes the matching sale, returns the count, and the sale is gone', async () => {
    expect(await em.sales.remove({ transaction_id: 'TXN003' })).toBe(1);
    expect((await em.sales.query({ transaction_id: 'TXN003' })).rows).toEqual([]);
    expect(await em.sales.count()).toBe(5);
  });

  it('removes every record matching a filter expression', async () => {
    expect(await em.sales.remove("region = 'North America' and amount < 200")).toBe(2);
    expect(await em.sales.count({ region: 'North America' })).toBe(1);
  });

  it('returns 0 when nothing matches', async () => {
    expect(await em.sales.remove({ transaction_id: 'TXN999' })).toBe(0);
    expect(await em.sales.count()).toBe(6);
  });

  it.each([
    ['nothing', undefined],
    ['an empty object', {}],
    ['an empty expression', ''],
  ] as const)('refuses %s as a filter with invalid_input and removes nothing', async (_label, filter) => {
    const error = await errorOf(em.sales.remove(filter as never));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/remove needs a filter/);
    expect(await em.sales.count()).toBe(6);
  });

  it('refuses an unknown field in the filter and removes nothing', async () => {
    expect((await errorOf(em.sales.remove({ txn: 'TXN001' }))).code).toBe('invalid_input');
    expect(await em.sales.count()).toBe(6);
  });

  it('lets a removed key be ingested again', async () => {
    const [first] = exampleRecords('sales');
    await em.sales.remove({ transaction_id: 'TXN001' });
    expect((await em.sales.ingest(first)).accepted).toBe(1);
  });

  it('records the removal in the access log', async () => {
    await em.sales.remove({ transaction_id: 'TXN003' });
    const [entry] = await em.sales.accessLog({ operation: 'remove' });
    expect(entry).toMatchObject({ rowsAffected: 1, parameters: { filter: "transaction_id = 'TXN003'" } });
  });
});

describe('access log', () => {
  it('records every operation with time, actor, product id and version, parameters and rows affected', async () => {
    await em.sales.query({ region: 'Europe' });
    await em.sales.update({ transaction_id: 'TXN001' }, { amount: 151 });
    await em.sales.remove({ transaction_id: 'TXN002' });
    await em.sales.publish();
    const entries = await em.sales.accessLog({ order: 'asc' });
    expect(entries.map((e) => [e.operation, e.rowsAffected])).toEqual([
      ['create', 0],
      // The batch's own trail, committed with its rows, then the ingest's summary.
      ['ingest_batch', 6],
      ['ingest', 6],
      ['query', 2],
      ['update', 1],
      ['remove', 1],
      ['publish', 0],
    ]);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        actor: 'anonymous',
        productId: 'sales.transactions',
        productVersion: '1.0.0',
        outcome: 'ok',
        at: em.clock.iso(),
      });
    }
    expect(entries.map((e) => e.seq)).toEqual([...entries.map((e) => e.seq)].sort((a, b) => a - b));
  });

  it('records the actor of a handle made with withActor, and of a mesh opened with one', async () => {
    const alice = await em.mesh.withActor('alice').product('sales.transactions');
    await alice.query({ region: 'Asia' });
    const other = await em.reopen({ actor: 'etl-service' });
    await (await other.product('sales.transactions')).remove({ transaction_id: 'TXN006' });
    const [removal, query] = await em.sales.accessLog({ limit: 2 });
    expect(query).toMatchObject({ actor: 'alice', operation: 'query' });
    expect(removal).toMatchObject({ actor: 'etl-service', operation: 'remove' });
    expect(em.mesh.actor).toBe('anonymous');
    await other.close();
  });

  it('refuses an empty actor', () => {
    expect(() => em.mesh.withActor('  ')).toThrow(MeshError);
  });

  it('filters entries by operation, actor, product and time', async () => {
    em.clock.advance(10);
    const start = em.clock.iso();
    await em.mesh
      .withActor('bob')
      .product('customer.profiles')
      .then((p) => p.query());
    em.clock.advance(10);
    await em.sales.query();
    expect((await em.mesh.accessLog({ actor: 'bob' })).map((e) => [e.productId, e.operation])).toEqual([
      ['customer.profiles', 'query'],
    ]);
    expect((await em.mesh.accessLog({ operation: 'query' })).map((e) => e.productId)).toEqual([
      'sales.transactions',
      'customer.profiles',
    ]);
    expect((await em.mesh.accessLog({ productId: 'customer.profiles', operation: 'ingest' })).length).toBe(1);
    expect((await em.mesh.accessLog({ since: start })).length).toBe(2);
    // create, ingest_batch and ingest of each product.
    expect((await em.mesh.accessLog({ until: start })).length).toBe(6);
    expect((await em.customers.accessLog()).every((e) => e.productId === 'customer.profiles')).toBe(true);
  });

  it('pages through entries without gaps or repeats, newest first by default', async () => {
    for (let i = 0; i < 5; i++) await em.sales.query({ amount: { gt: i } });
    const all = await em.sales.accessLog();
    expect(all).toHaveLength(8);
    const pages = [
      await em.sales.accessLog({ limit: 3 }),
      await em.sales.accessLog({ limit: 3, offset: 3 }),
      await em.sales.accessLog({ limit: 3, offset: 6 }),
    ];
    expect(pages.map((p) => p.length)).toEqual([3, 3, 2]);
    expect(pages.flat().map((e) => e.seq)).toEqual(all.map((e) => e.seq));
    expect(all[0]?.operation).toBe('query');
    expect(all.at(-1)?.operation).toBe('create');
    expect((await em.sales.accessLog({ order: 'asc', limit: 1 }))[0]?.operation).toBe('create');
  });
});

describe('lineage', () => {
  it('links an upstream product and shows the edge from both ends', async () => {
    expect(await em.sales.addUpstream('customer.profiles', 'join on customer_id')).toBe(true);
    const sales = await em.sales.lineage();
    expect(sales.upstream).toEqual([
      {
        id: 'customer.profiles',
        kind: 'product',
        domain: 'customer',
        owner: 'customer-team',
        version: '1.0.0',
        status: 'draft',
        description: expect.any(String),
        linkedAt: em.clock.iso(),
      },
    ]);
    expect(sales.downstream).toEqual([]);
    const customers = await em.customers.lineage();
    expect(customers.downstream.map((n) => n.id)).toEqual(['sales.transactions']);
  });

  it('links a downstream product', async () => {
    expect(await em.customers.addDownstream('sales.transactions')).toBe(true);
    expect((await em.sales.lineage()).upstream.map((n) => n.id)).toEqual(['customer.profiles']);
  });

  it('keeps the first edge when the same link is added twice', async () => {
    await em.sales.addUpstream('customer.profiles');
    expect(await em.sales.addUpstream('customer.profiles')).toBe(false);
    expect((await em.sales.lineage()).upstream).toHaveLength(1);
  });

  it('refuses a link to a product that is not in the catalog with not_found', async () => {
    const error = await errorOf(em.sales.addUpstream('marketing.campaigns'));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('marketing.campaigns');
    expect((await errorOf(em.sales.addDownstream('finance.ledger'))).code).toBe('not_found');
    expect((await em.sales.lineage()).upstream).toEqual([]);
  });

  it('allows an external source such as the World Bank API', async () => {
    expect(await em.customers.addUpstream('worldbank:api.worldbank.org/v2')).toBe(true);
    const { upstream } = await em.customers.lineage();
    expect(upstream).toEqual([
      { id: 'worldbank:api.worldbank.org/v2', kind: 'external', linkedAt: em.clock.iso() },
    ]);
  });

  it('refuses a link to itself and a source that is neither a product nor scheme:location', async () => {
    expect((await errorOf(em.sales.addUpstream('sales.transactions'))).code).toBe('invalid_input');
    expect((await errorOf(em.sales.addUpstream('just some words'))).code).toBe('invalid_input');
  });

  it('records each new link in the access log', async () => {
    await em.sales.addUpstream('worldbank:api.worldbank.org/v2');
    const [entry] = await em.sales.accessLog({ operation: 'lineage' });
    expect(entry?.parameters).toEqual({
      from: 'worldbank:api.worldbank.org/v2',
      to: 'sales.transactions',
      added: true,
    });
  });

  it('records the upstream a spec declares when the product is created', async () => {
    const product = await em.mesh.createProduct({
      ...exampleSpec('sales'),
      id: 'sales.enriched',
      upstream: ['sales.transactions', 'customer.profiles', 'worldbank:api.worldbank.org/v2'],
    });
    expect((await product.lineage()).upstream.map((n) => [n.id, n.kind])).toEqual([
      ['customer.profiles', 'product'],
      ['sales.transactions', 'product'],
      ['worldbank:api.worldbank.org/v2', 'external'],
    ]);
    expect((await em.sales.lineage()).downstream.map((n) => n.id)).toEqual(['sales.enriched']);
  });
});
