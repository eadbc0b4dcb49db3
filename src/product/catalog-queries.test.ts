import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExampleMesh, exampleSpec, openExampleMesh } from '../../test/support/example-mesh.ts';
import { type GovernedMesh, openGovernedMesh } from '../../test/support/governed-mesh.ts';
import { MeshError } from '../core/errors.ts';
import { openEngine } from '../engine/open-engine.ts';
import { Mesh } from './mesh.ts';

const failure = async (promise: Promise<unknown>): Promise<MeshError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MeshError);
  return error as MeshError;
};

describe('the catalog of a mesh', () => {
  let em: ExampleMesh;
  beforeEach(async () => {
    em = await openExampleMesh();
    await em.mesh.createProduct(exampleSpec('customer_revenue'));
  });
  afterEach(async () => {
    await em.cleanup();
  });

  describe('domains', () => {
    it('registers the domain of every new product, with product counts per status', async () => {
      await em.sales.publish();
      const domains = await em.mesh.listDomains();
      expect(domains.map((d) => [d.name, d.products.total, d.products.draft, d.products.published])).toEqual([
        ['customer', 1, 1, 0],
        ['sales', 2, 1, 1],
      ]);
      expect(domains[0]).toMatchObject({ description: null, ownerTeam: null, createdAt: em.clock.iso() });
    });

    it('describes a domain and keeps what a later change leaves out', async () => {
      await em.mesh.defineDomain({
        name: 'sales',
        description: 'Orders and revenue',
        ownerTeam: 'sales-team',
      });
      em.clock.advance(5);
      const changed = await em.mesh.defineDomain({ name: 'sales', ownerTeam: 'revenue-team' });
      expect(changed).toMatchObject({
        name: 'sales',
        description: 'Orders and revenue',
        ownerTeam: 'revenue-team',
        updatedAt: em.clock.iso(),
      });
      expect(changed.products.total).toBe(2);
    });

    it('creates a domain before it has any product', async () => {
      const hr = await em.mesh.defineDomain({ name: 'hr', description: 'People data' });
      expect(hr.products.total).toBe(0);
      expect((await em.mesh.listDomains()).map((d) => d.name)).toEqual(['customer', 'hr', 'sales']);
    });

    it('refuses a malformed name or empty text with invalid_input', async () => {
      expect((await failure(em.mesh.defineDomain({ name: 'Sales Team' }))).code).toBe('invalid_input');
      expect((await failure(em.mesh.defineDomain({ name: 'sales', description: '  ' }))).code).toBe(
        'invalid_input',
      );
      expect((await failure(em.mesh.defineDomain({ name: 'sales', ownerTeam: '' }))).code).toBe(
        'invalid_input',
      );
    });
  });

  describe('search', () => {
    it('finds products by name, field and tag, best first, and says where they matched', async () => {
      const hits = await em.mesh.search('revenue');
      expect(hits.map((h) => h.productId)).toEqual(['sales.customer_revenue', 'sales.transactions']);
      expect(hits[0]?.matched[0]).toEqual({
        place: 'name',
        value: 'Customer revenue',
        word: 'revenue',
        exact: true,
      });
      expect(hits[1]?.matched).toEqual([{ place: 'tag', value: 'revenue', word: 'revenue', exact: true }]);
      const email = await em.mesh.search('email');
      expect(email.map((h) => [h.productId, h.matched[0]?.place])).toEqual([['customer.profiles', 'field']]);
    });

    it('ranks an exact id above everything else', async () => {
      const hits = await em.mesh.search('sales.transactions');
      expect(hits[0]).toMatchObject({ productId: 'sales.transactions', status: 'draft', domain: 'sales' });
      expect(hits[0]?.score).toBeGreaterThan(1000);
    });

    it('follows lifecycle changes: archived products drop out unless asked for', async () => {
      await em.sales.publish();
      expect((await em.mesh.search('', { status: 'published' })).map((h) => h.productId)).toEqual([
        'sales.transactions',
      ]);
      await em.customers.archive();
      expect([...(await em.mesh.search('', { domain: 'customer' }))]).toEqual([]);
      expect((await em.mesh.search('profiles')).map((h) => h.productId)).toEqual(['sales.customer_revenue']);
      expect((await em.mesh.search('profiles', { status: 'archived' })).map((h) => h.productId)).toEqual([
        'customer.profiles',
      ]);
    });

    it('filters by domain, tag, quality level, owner and PII', async () => {
      const ids = async (filters: Parameters<Mesh['search']>[1]) =>
        (await em.mesh.search('', filters)).map((h) => h.productId);
      expect(await ids({ domain: 'customer' })).toEqual(['customer.profiles']);
      expect(await ids({ tag: 'DERIVED' })).toEqual(['sales.customer_revenue']);
      expect(await ids({ qualityLevel: 'gold' })).toEqual(['sales.customer_revenue']);
      expect(await ids({ owner: 'sales-team' })).toEqual(['sales.customer_revenue', 'sales.transactions']);
      expect(await ids({ pii: true })).toEqual(['customer.profiles']);
      expect(await ids({ pii: false, limit: 1 })).toEqual(['sales.customer_revenue']);
    });

    it('sees products another handle on the same store created since its last search', async () => {
      const other = await em.reopen();
      try {
        expect([...(await other.search('orders'))]).toEqual([]);
        await em.mesh.createProduct({ ...exampleSpec('sales'), id: 'sales.orders', name: 'Orders' });
        expect((await other.search('orders')).map((h) => h.productId)).toEqual(['sales.orders']);
      } finally {
        await other.close();
      }
    });

    it('rebuilds the index of a store written by code with another index version', async () => {
      await em.mesh.close();
      const raw = await Mesh.open({ store: em.store });
      await raw.close();
      const engine = await openEngine(em.store);
      await engine.execute('DELETE FROM mw_search_docs');
      await engine.execute("UPDATE mw_meta SET value = 'old' WHERE key = 'search_index_version'");
      await engine.close();
      const reopened = await Mesh.open({ store: em.store });
      try {
        expect((await reopened.search('profiles')).map((h) => h.productId)).toEqual([
          'customer.profiles',
          'sales.customer_revenue',
        ]);
      } finally {
        await reopened.close();
      }
    });

    it('refuses bad filters, a text without words and too many words with invalid_input', async () => {
      for (const filters of [
        { status: 'gone' },
        { qualityLevel: 'platinum' },
        { limit: 0 },
        { limit: 1.5 },
        { pii: 'yes' },
        { colour: 'red' },
        { domain: '' },
      ]) {
        const error = await failure(em.mesh.search('sales', filters as never));
        expect(error.code, JSON.stringify(filters)).toBe('invalid_input');
      }
      expect((await failure(em.mesh.search('?!'))).message).toMatch(/has no letters or digits/);
      const eleven = Array.from({ length: 11 }, (_, i) => `word${i}`).join(' ');
      expect((await failure(em.mesh.search(eleven))).message).toMatch(/at most 10/);
    });
  });

  describe('lineage', () => {
    it('walks downstream and upstream from a product', async () => {
      const down = await em.mesh.lineageGraph('sales.transactions', { direction: 'down' });
      expect(down.nodes.map((n) => [n.id, n.downstreamDistance, n.status])).toEqual([
        ['sales.transactions', 0, 'draft'],
        ['sales.customer_revenue', 1, 'draft'],
      ]);
      const up = await em.mesh.lineageGraph('sales.customer_revenue', { direction: 'up', depth: 1 });
      expect(up.nodes.map((n) => n.id)).toEqual([
        'sales.customer_revenue',
        'customer.profiles',
        'sales.transactions',
      ]);
      expect(up.edges).toHaveLength(2);
    });

    it('returns the whole graph without a root, safe with cycles', async () => {
      await em.sales.addUpstream('sales.customer_revenue');
      const all = await em.mesh.lineageGraph();
      expect(all.root).toBeNull();
      expect(all.edges.map((e) => `${e.from}>${e.to}`)).toEqual([
        'customer.profiles>sales.customer_revenue',
        'sales.customer_revenue>sales.transactions',
        'sales.transactions>sales.customer_revenue',
      ]);
      const loop = await em.mesh.lineageGraph('sales.transactions', { direction: 'down' });
      expect(loop.nodes.map((n) => n.id)).toEqual(['sales.transactions', 'sales.customer_revenue']);
    });

    it('exports OpenLineage events for the products of a walk', async () => {
      const events = await em.mesh.openLineage('sales.customer_revenue', { direction: 'up' });
      const revenue = events.find((e) => e.job.name === 'sales.customer_revenue');
      expect(revenue?.inputs.map((i) => i.name)).toEqual(['customer.profiles', 'sales.transactions']);
      expect(revenue?.job.facets).toHaveProperty('sql');
    });

    it('refuses an unknown product with not_found and a bad depth with invalid_input', async () => {
      const unknown = await failure(em.mesh.lineageGraph('sales.transaction'));
      expect(unknown.code).toBe('not_found');
      expect(unknown.message).toMatch(/did you mean sales\.transactions/);
      expect((await failure(em.mesh.lineageGraph('sales.transactions', { depth: 0 }))).code).toBe(
        'invalid_input',
      );
      expect(
        (await failure(em.mesh.lineageGraph('sales.transactions', { direction: 'left' as never }))).code,
      ).toBe('invalid_input');
    });
  });

  describe('impact', () => {
    it('grades a field change by the derived SQL and lists who reads each product', async () => {
      const revenue = await em.mesh.withActor('analyst').product('sales.customer_revenue');
      await revenue.refresh();
      await revenue.query();
      const amount = await em.mesh.impact('sales.transactions', { field: 'amount' });
      expect(amount.products).toMatchObject([
        {
          productId: 'sales.customer_revenue',
          level: 'affected',
          reason: 'its derived SQL names amount',
          readers: [{ actor: 'analyst', reads: 1 }],
        },
      ]);
      const region = await em.mesh.impact('sales.transactions', { field: 'region' });
      expect(region.products[0]?.level).toBe('unlikely');
      const whole = await em.mesh.impact('customer.profiles');
      expect(whole.products.map((p) => [p.productId, p.level])).toEqual([
        ['sales.customer_revenue', 'affected'],
      ]);
    });

    it('refuses an unknown field with invalid_input and an unknown product with not_found', async () => {
      const field = await failure(em.mesh.impact('sales.transactions', { field: 'amout' }));
      expect(field.code).toBe('invalid_input');
      expect(field.message).toMatch(/did you mean amount/);
      expect((await failure(em.mesh.impact('sales.nothing'))).code).toBe('not_found');
    });
  });
});

describe('domains under governance', () => {
  let gm: GovernedMesh;
  beforeEach(async () => {
    gm = await openGovernedMesh();
  });
  afterEach(async () => {
    await gm.cleanup();
  });

  it('lets an owner of the domain describe it, refuses anybody else and audits both', async () => {
    expect((await gm.carol.defineDomain({ name: 'customer', ownerTeam: 'crm-team' })).ownerTeam).toBe(
      'crm-team',
    );
    const refused = await failure(gm.bob.defineDomain({ name: 'customer', description: 'mine now' }));
    expect(refused.code).toBe('unauthorized');
    expect((await gm.alice.defineDomain({ name: 'sales', description: 'Orders' })).description).toBe(
      'Orders',
    );
    expect((await failure(gm.alice.defineDomain({ name: 'customer', description: 'x' }))).code).toBe(
      'unauthorized',
    );
    const audit = await gm.mesh.governance.auditLog({ action: 'domain.define' });
    expect(audit.map((e) => [e.principal, e.target, e.outcome]).sort()).toEqual([
      ['alice', 'customer', 'denied'],
      ['alice', 'sales', 'ok'],
      ['bob', 'customer', 'denied'],
      ['carol', 'customer', 'ok'],
    ]);
    expect((await gm.bob.listDomains()).find((d) => d.name === 'customer')?.description).toBeNull();
  });
});
