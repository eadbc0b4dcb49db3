import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedMesh, serveGovernedMesh } from '../support/http-server.ts';

interface Page {
  rows: Record<string, unknown>[];
}

const customers = JSON.parse(
  readFileSync(new URL('../../examples/customers/sample_customers.json', import.meta.url), 'utf8'),
) as { customer_id: string; name: string; email: string }[];

/** Bob's reads of customer.profiles in the access log. */
async function bobsReads(s: ServedMesh): Promise<number> {
  const product = await s.gm.mesh.product('customer.profiles');
  return (await product.accessLog({ actor: 'bob', operation: 'query', limit: 10_000 })).length;
}

describe('reads over HTTP at the same time (reads run on a pool of connections, checks are cached)', () => {
  let s: ServedMesh;
  let grantId: number;
  beforeAll(async () => {
    s = await serveGovernedMesh();
    const request = await s.gm.bob.governance.requestAccess({
      product: 'customer.profiles',
      purpose: 'churn',
    });
    grantId = (await s.gm.mesh.governance.approve(request.id)).id;
  });
  afterAll(async () => {
    await s.close();
  });

  it('answers 60 reads sent at once each with its own customer, PII masked, and logs every one', async () => {
    const before = await bobsReads(s);
    const asked = Array.from({ length: 60 }, (_, i) => customers[i % customers.length]?.customer_id ?? '');
    const pages = await Promise.all(
      asked.map(async (id) => {
        const res = await s.call(`/products/customer.profiles/rows?customer_id=${id}`, { as: 'bob' });
        expect(res.status).toBe(200);
        return (await res.json()) as Page;
      }),
    );
    pages.forEach((page, i) => {
      const original = customers.find((c) => c.customer_id === asked[i]);
      expect(page.rows).toHaveLength(1);
      const row = page.rows[0] ?? {};
      expect(row.customer_id).toBe(asked[i]);
      expect(row.name).not.toBe(original?.name);
      expect(String(row.email)).not.toContain('@');
    });
    expect(await bobsReads(s)).toBe(before + 60);
  });

  it('refuses a token revoked through another handle on the store (caches of its own) from the next request on', async () => {
    const created = await s.gm.mesh.governance.createToken({ principal: 'bob', name: 'to revoke elsewhere' });
    const auth = { authorization: `Bearer ${created.token}` };
    // A few requests, so that the server holds the token and its principal in its cache.
    for (let i = 0; i < 3; i += 1) {
      const res = await s.call('/products/customer.profiles/rows?customer_id=CUST001', {
        as: null,
        headers: auth,
      });
      expect(res.status).toBe(200);
    }
    const other = await s.gm.reopen();
    try {
      await other.governance.revokeToken(created.id);
    } finally {
      await other.close();
    }
    const refused = await s.call('/products/customer.profiles/rows?customer_id=CUST001', {
      as: null,
      headers: auth,
    });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { detail: string }).detail).toContain('revoked');
    // Bob's other token still works.
    expect((await s.call('/products/customer.profiles/rows?customer_id=CUST001', { as: 'bob' })).status).toBe(
      200,
    );
  });

  it('refuses reads at once, even in a burst, after another handle revoked the grant they read through', async () => {
    const path = '/products/customer.profiles/rows?customer_id=CUST002';
    expect((await s.call(path, { as: 'bob' })).status).toBe(200);
    const other = await s.gm.reopen();
    try {
      await other.governance.revokeGrant(grantId, 'project over');
    } finally {
      await other.close();
    }
    const statuses = await Promise.all(
      Array.from({ length: 20 }, async () => (await s.call(path, { as: 'bob' })).status),
    );
    expect(statuses).toEqual(statuses.map(() => 403));
  });
});
