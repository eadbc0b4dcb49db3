import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedMesh, serveGovernedMesh } from '../support/http-server.ts';

type Json = Record<string, unknown>;

describe('governance over HTTP', () => {
  let s: ServedMesh;
  beforeAll(async () => {
    s = await serveGovernedMesh();
  });
  afterAll(async () => {
    await s.close();
  });

  const json = async (
    path: string,
    init: Parameters<ServedMesh['call']>[1] = {},
    status = 200,
  ): Promise<Json> => {
    const res = await s.call(path, init);
    const text = await res.text();
    expect(res.status, text).toBe(status);
    return JSON.parse(text) as Json;
  };

  it('lists, applies and shows policies, and reports compliance', async () => {
    const { policies } = (await json('/policies')) as { policies: Json[] };
    expect(policies.map((p) => p.id)).toContain('owner-and-description');
    const document = JSON.stringify({
      policies: [
        {
          id: 'sales-tagged',
          description: 'Sales products carry the sales tag',
          severity: 'warning',
          scope: 'domain:sales',
          expression: "'sales' in product.tags",
        },
      ],
    });
    const applied = await json('/policies', { method: 'POST', body: document });
    expect(JSON.stringify(applied)).toContain('sales-tagged');
    const one = await json('/policies/sales-tagged');
    expect((one.policy as Json).id).toBe('sales-tagged');
    expect((one.history as Json[]).length).toBe(1);
    const compliance = await json('/compliance?domain=sales');
    expect(JSON.stringify(compliance)).toContain('sales.transactions');
    const denied = await s.call('/policies', { as: 'bob', method: 'POST', body: document });
    expect(denied.status).toBe(403);
  });

  it('registers principals, changes roles, and keeps that to admins', async () => {
    const added = await json(
      '/principals',
      { method: 'POST', body: JSON.stringify({ id: 'frank', roles: ['consumer'] }) },
      201,
    );
    expect(added.id).toBe('frank');
    const changed = await json('/principals/frank/roles', {
      method: 'PUT',
      body: JSON.stringify({ roles: ['owner:sales'] }),
    });
    expect(changed.roles).toEqual([{ kind: 'domain_owner', domain: 'sales' }]);
    const { principals } = (await json('/principals', { as: 'bob' })) as { principals: Json[] };
    expect(principals.map((p) => p.id)).toEqual(['bob']);
    const refused = await s.call('/principals', {
      as: 'bob',
      method: 'POST',
      body: JSON.stringify({ id: 'x', roles: [] }),
    });
    expect(refused.status).toBe(403);
  });

  it('creates a token once, lists it without its secret, and revokes it', async () => {
    const created = await json(
      '/tokens',
      { as: 'bob', method: 'POST', body: JSON.stringify({ name: 'notebook', expiresInDays: 7 }) },
      201,
    );
    const token = created.token as string;
    expect(token).toMatch(/^mwt_/);
    const { tokens } = (await json('/tokens', { as: 'bob' })) as { tokens: Json[] };
    expect(tokens.some((t) => t.id === created.id)).toBe(true);
    expect(JSON.stringify(tokens)).not.toContain(token);
    const auth = { authorization: `Bearer ${token}` };
    expect((await s.call('/domains', { as: null, headers: auth })).status).toBe(200);
    await json(`/tokens/${String(created.id)}`, { as: 'bob', method: 'DELETE' });
    expect((await s.call('/domains', { as: null, headers: auth })).status).toBe(401);
  });

  it('runs an access request from ask to grant to revoke, with notifications', async () => {
    const request = await json(
      '/access-requests',
      {
        as: 'dave',
        method: 'POST',
        body: JSON.stringify({ product: 'sales.transactions', purpose: 'forecast' }),
      },
      201,
    );
    const { requests } = (await json('/access-requests?status=pending', { as: 'alice' })) as {
      requests: Json[];
    };
    expect(requests.map((r) => r.id)).toContain(request.id);
    expect((await s.call('/products/sales.transactions/rows', { as: 'dave' })).status).toBe(403);
    const denied = await s.call(`/access-requests/${String(request.id)}/approve`, {
      as: 'carol',
      method: 'POST',
    });
    expect(denied.status).toBe(403);
    const grant = await json(`/access-requests/${String(request.id)}/approve`, {
      as: 'alice',
      method: 'POST',
      body: JSON.stringify({ comment: 'ok' }),
    });
    expect((await s.call('/products/sales.transactions/rows', { as: 'dave' })).status).toBe(200);
    const { grants } = (await json('/grants?product=sales.transactions', { as: 'alice' })) as {
      grants: Json[];
    };
    expect(grants.map((g) => g.id)).toContain(grant.id);
    const { notifications } = (await json('/notifications', { as: 'dave' })) as { notifications: Json[] };
    expect(notifications.length).toBeGreaterThan(0);
    await json(`/grants/${String(grant.id)}?comment=done`, { as: 'alice', method: 'DELETE' });
    expect((await s.call('/products/sales.transactions/rows', { as: 'dave' })).status).toBe(403);

    const other = await json(
      '/access-requests',
      { as: 'dave', method: 'POST', body: JSON.stringify({ product: 'customer.profiles', purpose: 'x' }) },
      201,
    );
    const rejected = await json(`/access-requests/${String(other.id)}/reject`, {
      as: 'carol',
      method: 'POST',
      body: JSON.stringify({ comment: 'not needed' }),
    });
    expect(rejected.status).toBe('rejected');
  });

  it('lists the audit log to admins, verifies the chain, and checks it against its head', async () => {
    const { entries } = (await json('/audit?outcome=denied&limit=5')) as { entries: Json[] };
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.outcome === 'denied')).toBe(true);
    const { head } = (await json('/audit/head')) as { head: { seq: number; hash: string } };
    const verified = await json(`/audit/verify?expectSeq=${head.seq}&expectHash=${head.hash}`);
    expect(verified.ok).toBe(true);
    const wrong = await json(`/audit/verify?expectSeq=${head.seq}&expectHash=${'0'.repeat(64)}`);
    expect(wrong.ok).toBe(false);
    expect((await s.call('/audit', { as: 'bob' })).status).toBe(403);
    expect((await s.call('/audit?outcome=maybe')).status).toBe(400);
  });

  it('gives a product owner reads and writes per day in the metrics without the audit log', async () => {
    const path = '/products/sales.transactions/metrics';
    const before = (await json(path, { as: 'alice' })) as { metrics: { byDay: Json[] } };
    const today = before.metrics.byDay.at(-1) as { day: string; reads: number; writes: number };
    expect(before.metrics.byDay).toHaveLength(30);
    expect(today.day).toBe(s.gm.clock.iso().slice(0, 10));
    expect((await s.call('/products/sales.transactions/rows?limit=1', { as: 'alice' })).status).toBe(200);
    // A consumer without a grant is refused: a refusal is not a read.
    expect((await s.call('/products/sales.transactions/rows?limit=1', { as: 'bob' })).status).toBe(403);
    const after = (await json(path, { as: 'alice' })) as { metrics: { byDay: Json[] } };
    expect(after.metrics.byDay.at(-1)).toEqual({ ...today, reads: today.reads + 1 });
    expect((await s.call('/audit?limit=1', { as: 'alice' })).status).toBe(403);
    expect((await s.call(path, { as: 'bob' })).status).toBe(403);
    const openapi = (await json('/openapi.json')) as { components: { schemas: Record<string, Json> } };
    expect(JSON.stringify(openapi.components.schemas.MetricsResult)).toContain('byDay');
  });

  it("shows the product's owners (and admins, not its other readers) who reads it most", async () => {
    const path = '/products/sales.transactions/consumers';
    const grant = await s.gm.dave.governance.requestAccess({
      product: 'sales.transactions',
      purpose: 'forecast',
    });
    await s.gm.alice.governance.approve(grant.id);
    for (let i = 0; i < 3; i++)
      expect((await s.call('/products/sales.transactions/rows?limit=1', { as: 'dave' })).status).toBe(200);
    const { consumers } = (await json(`${path}?limit=5`, { as: 'alice' })) as {
      consumers: { actor: string; reads: number; lastReadAt: string }[];
    };
    const dave = consumers.find((c) => c.actor === 'dave');
    expect(dave?.reads).toBeGreaterThanOrEqual(3);
    expect(consumers.length).toBeLessThanOrEqual(5);
    expect(consumers.map((c) => c.reads)).toEqual([...consumers.map((c) => c.reads)].sort((a, b) => b - a));
    const asAdmin = (await json(path)) as { consumers: { actor: string }[] };
    expect(asAdmin.consumers.map((c) => c.actor)).toContain('dave');
    // A reader with a grant sees the product, not who else reads it; carol owns another domain.
    expect((await s.call(path, { as: 'dave' })).status).toBe(403);
    expect((await s.call(path, { as: 'carol' })).status).toBe(403);
    expect((await s.call(`${path}?limit=0`, { as: 'alice' })).status).toBe(400);
    // The impact of a change names the readers the same way: to the product's owners and admins only.
    const impact = '/products/sales.transactions/impact';
    type Impact = { readers: { actor: string }[] | null; products: { readers: unknown }[] };
    const owned = (await json(impact, { as: 'alice' })) as Impact;
    expect(owned.readers?.map((r) => r.actor)).toContain('dave');
    for (const who of ['dave', 'carol'] as const) {
      const hidden = (await json(impact, { as: who })) as Impact;
      expect(hidden.readers, who).toBeNull();
      for (const p of hidden.products) expect(p.readers, who).toBeNull();
    }
  });
});
