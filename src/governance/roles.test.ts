import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleRecords, exampleSpec } from '../../test/support/example-mesh.ts';
import { failureOf, type GovernedMesh, openGovernedMesh } from '../../test/support/governed-mesh.ts';
import type { Mesh } from '../product/mesh.ts';

type Who = 'erin' | 'alice' | 'carol' | 'bob';

const ROLE_OF: Record<Who, string> = {
  erin: 'admin',
  alice: 'owner of sales',
  carol: 'owner of customer',
  bob: 'consumer',
};

const newSale = {
  transaction_id: 'TXN900',
  product_id: 'P9',
  customer_id: 'C9',
  amount: 9,
  date: '2025-10-09',
  product_category: 'Books',
  region: 'Europe',
};

/** One example product per domain: its id, the spec to copy for a new product, a new record and a key filter. */
const PRODUCTS = {
  sales: {
    id: 'sales.transactions',
    example: 'sales' as const,
    record: newSale,
    key: { transaction_id: 'TXN001' },
    change: { amount: 1 },
    segment: 'amount > 100',
  },
  customer: {
    id: 'customer.profiles',
    example: 'customers' as const,
    record: { ...exampleRecords('customers')[0], customer_id: 'CUST900', email: 'new@example.com' },
    key: { customer_id: 'CUST001' },
    change: { tier: 'silver' },
    segment: "tier = 'gold'",
  },
};

type Domain = keyof typeof PRODUCTS;

/** Each operation on a domain's product, as a function of a handle. */
const OPERATIONS: Record<string, { run: (m: Mesh, d: Domain) => Promise<unknown>; operation: string }> = {
  'create a product': {
    run: (m, d) => m.createProduct({ ...exampleSpec(PRODUCTS[d].example), id: `${d}.extra` }),
    operation: 'create',
  },
  ingest: {
    run: async (m, d) => (await m.product(PRODUCTS[d].id)).ingest([PRODUCTS[d].record]),
    operation: 'ingest',
  },
  update: {
    run: async (m, d) => (await m.product(PRODUCTS[d].id)).update(PRODUCTS[d].key, PRODUCTS[d].change),
    operation: 'update',
  },
  remove: {
    run: async (m, d) => (await m.product(PRODUCTS[d].id)).remove(PRODUCTS[d].key),
    operation: 'remove',
  },
  deprecate: {
    run: async (m, d) => (await m.product(PRODUCTS[d].id)).deprecate({ sunset: '2027-01-31' }),
    operation: 'deprecate',
  },
  'add lineage': {
    run: async (m, d) => (await m.product(PRODUCTS[d].id)).addUpstream('erp:orders'),
    operation: 'lineage',
  },
  'create a segment': {
    run: async (m, d) =>
      (await m.product(PRODUCTS[d].id)).segments().create({ name: 'extra', where: PRODUCTS[d].segment }),
    operation: 'segment',
  },
};

const OWNS: Record<Who, readonly Domain[]> = {
  erin: ['sales', 'customer'],
  alice: ['sales'],
  carol: ['customer'],
  bob: [],
};

describe('roles', () => {
  let gm: GovernedMesh;
  beforeEach(async () => {
    gm = await openGovernedMesh();
  });
  afterEach(async () => {
    await gm.cleanup();
  });

  for (const domain of ['sales', 'customer'] as const) {
    for (const [label, { run, operation }] of Object.entries(OPERATIONS)) {
      for (const who of ['erin', 'alice', 'carol', 'bob'] as const) {
        const allowed = OWNS[who].includes(domain);
        it(`${who} (${ROLE_OF[who]}) ${allowed ? 'may' : 'may not'} ${label} in domain ${domain}`, async () => {
          const productId = PRODUCTS[domain].id;
          const product = await gm.mesh.product(productId);
          const before = await product.count();
          const descriptor = await product.descriptor();
          if (allowed) {
            await run(gm[who], domain);
            return;
          }
          const error = await failureOf(run(gm[who], domain));
          expect(error.code).toBe('unauthorized');
          expect(error.message).toMatch(
            new RegExp(
              `^${who} \\(.+\\) may not .*only a platform admin or an owner of domain ${domain} may`,
            ),
          );
          // Nothing changed, and the attempt is in the access log and the audit chain as denied.
          expect(await product.count()).toBe(before);
          expect(await product.descriptor()).toEqual(descriptor);
          expect(await gm.mesh.hasProduct(`${domain}.extra`)).toBe(false);
          expect((await product.segments().list()).map((s) => s.name)).not.toContain('extra');
          const target = operation === 'create' ? `${domain}.extra` : productId;
          const denied = (await gm.mesh.accessLog({ actor: who })).filter((e) => e.outcome === 'denied');
          expect(denied).toMatchObject([
            { operation, productId: target, outcome: 'denied', rowsAffected: 0 },
          ]);
          const audited = await gm.mesh.governance.auditLog({ principal: who, outcome: 'denied' });
          expect(audited).toMatchObject([{ action: `product.${operation}`, target }]);
          expect((await gm.mesh.governance.verifyAudit()).ok).toBe(true);
        });
      }
    }
  }

  it('lets a consumer read the product it holds a grant on, but change nothing of it', async () => {
    const request = await gm.bob.governance.requestAccess({
      product: PRODUCTS.customer.id,
      purpose: 'tiers',
    });
    await gm.carol.governance.approve(request.id);
    const product = await gm.mesh.product(PRODUCTS.customer.id);
    const before = { count: await product.count(), descriptor: await product.descriptor() };
    expect((await (await gm.bob.product(PRODUCTS.customer.id)).query()).rows.length).toBe(before.count);
    for (const [label, { run, operation }] of Object.entries(OPERATIONS)) {
      const error = await failureOf(run(gm.bob, 'customer'));
      expect(error.code, label).toBe('unauthorized');
      const [audited] = await gm.mesh.governance.auditLog({ principal: 'bob', limit: 1 });
      expect(audited, label).toMatchObject({ action: `product.${operation}`, outcome: 'denied' });
    }
    expect(await product.count()).toBe(before.count);
    expect(await product.descriptor()).toEqual(before.descriptor);
    expect((await gm.mesh.governance.verifyAudit()).ok).toBe(true);
  });

  it('lets a service account owning sales ingest into sales, and not into customer', async () => {
    const bot = await gm.mesh.as('etl-bot');
    expect((await (await bot.product('sales.transactions')).ingest([newSale])).accepted).toBe(1);
    const error = await failureOf(
      (await bot.product('customer.profiles')).ingest(exampleRecords('customers')),
    );
    expect(error.code).toBe('unauthorized');
  });

  it('lets owners and admins read their own domain unmasked, and nobody else without a grant', async () => {
    expect((await (await gm.alice.product('sales.transactions')).query()).rows.length).toBe(6);
    const customers = await (await gm.carol.product('customer.profiles')).query({ customer_id: 'CUST001' });
    expect(customers.rows[0]?.email).toBe(exampleRecords('customers')[0]?.email);
    expect((await (await gm.erin.product('customer.profiles')).query()).rows.length).toBe(4);
    for (const [who, product] of [
      ['carol', 'sales.transactions'],
      ['alice', 'customer.profiles'],
      ['bob', 'sales.transactions'],
    ] as const) {
      const error = await failureOf((await gm[who].product(product)).query());
      expect(error.code).toBe('unauthorized');
      expect(error.message).toMatch(
        /is private to domain .* until access is granted; request access: meshwork access request/,
      );
    }
    const counted = await failureOf((await gm.bob.product('sales.transactions')).count());
    expect(counted.code).toBe('unauthorized');
  });

  it('lets only admins and owners of the domain publish, archive, check quality and read the product log', async () => {
    const draft = await gm.alice.createProduct({ ...exampleSpec('sales'), id: 'sales.drafts' });
    expect((await failureOf((await gm.carol.product('sales.drafts')).publish())).code).toBe('unauthorized');
    expect((await failureOf((await gm.bob.product('sales.drafts')).archive())).code).toBe('unauthorized');
    expect((await failureOf((await gm.bob.product('sales.transactions')).checkQuality())).code).toBe(
      'unauthorized',
    );
    expect((await failureOf((await gm.bob.product('sales.transactions')).accessLog())).code).toBe(
      'unauthorized',
    );
    expect((await draft.publish()).ok).toBe(true);
    expect((await (await gm.alice.product('sales.transactions')).checkQuality()).productId).toBe(
      'sales.transactions',
    );
    expect(await gm.mesh.governance.auditLog({ action: 'product.quality', outcome: 'denied' })).toMatchObject(
      [{ principal: 'bob', target: 'sales.transactions' }],
    );
  });

  it('lets only platform admins manage principals, read the audit log and apply global policies', async () => {
    const policy = { id: 'x-policy', description: 'x', expression: "product.owner != ''" };
    for (const who of ['alice', 'bob'] as const) {
      const gov = gm[who].governance;
      expect((await failureOf(gov.addPrincipal({ id: 'mallory', roles: ['admin'] }))).code).toBe(
        'unauthorized',
      );
      expect((await failureOf(gov.setRoles('bob', ['admin']))).code).toBe('unauthorized');
      expect((await failureOf(gov.auditLog())).code).toBe('unauthorized');
      expect((await failureOf(gov.verifyAudit())).code).toBe('unauthorized');
      expect((await failureOf(gov.applyPolicies(policy))).code).toBe('unauthorized');
    }
    expect((await gm.erin.governance.addPrincipal({ id: 'frank', roles: ['consumer'] })).roles).toEqual([
      { kind: 'consumer' },
    ]);
    expect((await gm.erin.governance.setRoles('frank', ['owner:sales'])).roles).toEqual([
      { kind: 'domain_owner', domain: 'sales' },
    ]);
    expect((await gm.bob.governance.listPrincipals()).map((p) => p.id)).toEqual(['bob']);
    expect((await gm.mesh.governance.listPrincipals()).length).toBe(7);
  });

  it('lets admins read the whole access log and owners their products’ logs, and guards connector settings', async () => {
    expect((await gm.erin.accessLog()).length).toBeGreaterThan(0);
    expect((await gm.alice.accessLog({ productId: 'sales.transactions' })).length).toBeGreaterThan(0);
    expect((await failureOf(gm.alice.accessLog())).code).toBe('unauthorized');
    expect((await failureOf(gm.bob.accessLog({ productId: 'sales.transactions' }))).code).toBe(
      'unauthorized',
    );
    expect((await failureOf(gm.bob.setSource('sales.transactions', 'worldbank', {}))).code).toBe(
      'unauthorized',
    );
    await gm.alice.setSource('sales.transactions', 'worldbank', { indicators: [] });
    expect((await gm.mesh.source('sales.transactions'))?.connector).toBe('worldbank');
  });

  it('refuses a principal that is not registered, a duplicate, and a bad id or role', async () => {
    expect((await failureOf(gm.mesh.as('mallory'))).code).toBe('unauthorized');
    expect((await failureOf(gm.reopen({ principal: 'mallory' }))).code).toBe('unauthorized');
    const gov = gm.mesh.governance;
    expect((await failureOf(gov.addPrincipal({ id: 'bob', roles: [] }))).code).toBe('already_exists');
    expect((await failureOf(gov.addPrincipal({ id: 'local-admin', roles: [] }))).code).toBe('already_exists');
    expect((await failureOf(gov.addPrincipal({ id: 'Bad Id', roles: [] }))).code).toBe('invalid_input');
    expect((await failureOf(gov.addPrincipal({ id: 'z', roles: ['boss'] }))).code).toBe('invalid_input');
    expect((await failureOf(gov.addPrincipal({ id: 'z', kind: 'robot' as 'user', roles: [] }))).code).toBe(
      'invalid_input',
    );
    expect((await failureOf(gov.setRoles('nobody', ['consumer']))).code).toBe('not_found');
  });

  it('acts as the local admin without a principal, recording the actor it was given', async () => {
    expect(gm.mesh.principal.id).toBe('local-admin');
    const other = await gm.reopen({ actor: 'script' });
    try {
      expect(other.principal.id).toBe('local-admin');
      await (await other.product('sales.transactions')).query();
      expect((await other.accessLog({ actor: 'script' }))[0]).toMatchObject({
        operation: 'query',
        outcome: 'ok',
      });
      expect((await other.governance.auditLog({ limit: 1 }))[0]).toMatchObject({
        actor: 'script',
        principal: 'local-admin',
      });
    } finally {
      await other.close();
    }
    const bob = await gm.reopen({ principal: 'bob' });
    try {
      expect(bob.principal.id).toBe('bob');
      expect(bob.actor).toBe('bob');
    } finally {
      await bob.close();
    }
  });
});
