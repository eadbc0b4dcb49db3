import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failureOf, type GovernedMesh, openGovernedMesh } from '../../test/support/governed-mesh.ts';
import type { Mesh } from './mesh.ts';

/** Grants bob (a consumer) read access to a product, as its owner or an admin. */
async function grantBob(gm: GovernedMesh, product: string, pii = false): Promise<number> {
  const request = await gm.bob.governance.requestAccess({ product, purpose: 'reporting', pii });
  return (await gm.mesh.governance.approve(request.id)).id;
}

describe('cached read decisions', () => {
  let gm: GovernedMesh;
  let other: Mesh;
  beforeEach(async () => {
    gm = await openGovernedMesh();
    // A second handle on the same store, with caches of its own, as another process would have.
    other = await gm.reopen();
  });
  afterEach(async () => {
    await other.close();
    await gm.cleanup();
  });

  it('refuses and audits a read after another handle revoked the grant the first one read through', async () => {
    const grantId = await grantBob(gm, 'sales.transactions');
    const sales = await gm.bob.product('sales.transactions');
    expect((await sales.query({ transaction_id: 'TXN001' })).rows).toHaveLength(1);
    await other.governance.revokeGrant(grantId, 'no longer needed');
    const refused = await failureOf(sales.query({ transaction_id: 'TXN001' }));
    expect(refused.code).toBe('unauthorized');
    expect(refused.message).toMatch(/revoked/);
    const [last] = await gm.mesh.governance.auditLog({ principal: 'bob', limit: 1 });
    expect(last).toMatchObject({ action: 'product.query', outcome: 'denied' });
  });

  it('lets a read through once another handle granted access, after refusing it before', async () => {
    const sales = await gm.bob.product('sales.transactions');
    expect((await failureOf(sales.count())).code).toBe('unauthorized');
    const request = await gm.bob.governance.requestAccess({ product: 'sales.transactions', purpose: 'x' });
    await other.governance.approve(request.id);
    expect(await sales.count()).toBeGreaterThan(0);
  });

  it('applies an access policy another handle added on the next read', async () => {
    await grantBob(gm, 'sales.transactions');
    const sales = await gm.bob.product('sales.transactions');
    expect(await sales.count()).toBeGreaterThan(0);
    await other.governance.applyPolicies([
      {
        id: 'sales-closed-for-reporting',
        description: 'Sales are not read for reporting',
        scope: 'domain:sales',
        events: ['access'],
        expression: "request.purpose != 'reporting'",
      },
    ]);
    const refused = await failureOf(sales.count());
    expect(refused.code).toBe('policy_denied');
    expect(refused.message).toMatch(/sales-closed-for-reporting/);
  });

  it('sees a product another handle deprecated and archived on the next read', async () => {
    const grantId = await grantBob(gm, 'sales.transactions');
    const sales = await gm.bob.product('sales.transactions');
    expect((await sales.query({ transaction_id: 'TXN001' })).rows).toHaveLength(1);
    const owned = await other.product('sales.transactions');
    expect((await owned.deprecate({ reason: 'replaced', sunset: '2025-12-31' })).ok).toBe(true);
    expect((await sales.query({ transaction_id: 'TXN001' })).rows).toHaveLength(1);
    expect(await sales.deprecation()).toMatchObject({ reason: 'replaced' });
    // Archiving needs no active grant left: the admin's own handle reads on until the archive.
    const admin = await gm.mesh.product('sales.transactions');
    expect((await admin.query({ transaction_id: 'TXN001' })).rows).toHaveLength(1);
    await other.governance.revokeGrant(grantId);
    expect((await owned.archive()).ok).toBe(true);
    const refused = await failureOf(admin.query({ transaction_id: 'TXN001' }));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toMatch(/archived/);
  });

  it('masks PII on the next read once another handle replaced a grant with PII by one without', async () => {
    const withPii = await grantBob(gm, 'customer.profiles', true);
    const customers = await gm.bob.product('customer.profiles');
    const before = await customers.query({}, { limit: 4 });
    expect(before.rows.length).toBeGreaterThan(0);
    expect(before.rows.some((row) => String(row.email).includes('@'))).toBe(true);
    await other.governance.revokeGrant(withPii, 'PII no longer needed');
    const request = await gm.bob.governance.requestAccess({
      product: 'customer.profiles',
      purpose: 'reporting',
    });
    await other.governance.approve(request.id);
    const after = await customers.query({}, { limit: 4 });
    expect(after.rows).toHaveLength(before.rows.length);
    for (const row of after.rows) expect(String(row.email)).not.toMatch(/@/);
  });

  it('keeps masking PII on reads served from the cache', async () => {
    await grantBob(gm, 'customer.profiles');
    const customers = await gm.bob.product('customer.profiles');
    for (let i = 0; i < 3; i += 1) {
      const { rows } = await customers.query({}, { limit: 4 });
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(String(row.email)).not.toMatch(/@/);
    }
  });
});

describe('group commit of read entries', () => {
  let gm: GovernedMesh;
  beforeEach(async () => {
    gm = await openGovernedMesh();
  });
  afterEach(async () => {
    await gm.cleanup();
  });

  it('holds one access-log entry per read of a burst of 1,000 concurrent reads after close, and the chain verifies', async () => {
    await grantBob(gm, 'sales.transactions');
    const sales = await gm.bob.product('sales.transactions');
    const before = (await gm.mesh.governance.auditHead())?.seq ?? 0;
    const reads: Promise<unknown>[] = [];
    for (let i = 0; i < 1000; i += 1) reads.push(sales.query({ transaction_id: 'TXN001' }));
    await Promise.all(reads);
    await gm.mesh.close();
    const reopened = await gm.reopen();
    try {
      const entries = await reopened.accessLog({ actor: 'bob', operation: 'query', limit: 5000 });
      expect(entries).toHaveLength(1000);
      const audit = await reopened.governance.auditLog({ principal: 'bob', limit: 5000, order: 'asc' });
      const reads = audit.filter((e) => e.action === 'product.query' && e.seq > before);
      expect(reads).toHaveLength(1000);
      // Linear: every entry holds the hash of the one before it.
      const all = await reopened.governance.auditLog({ limit: 5000, order: 'asc' });
      for (let i = 1; i < all.length; i += 1) {
        expect(all[i]?.seq).toBe((all[i - 1]?.seq ?? 0) + 1);
        expect(all[i]?.prevHash).toBe(all[i - 1]?.hash);
      }
      expect((await reopened.governance.verifyAudit()).ok).toBe(true);
      const metrics = await (await reopened.product('sales.transactions')).metrics();
      expect(metrics.accessesByOperation.query).toBeGreaterThanOrEqual(1000);
    } finally {
      await reopened.close();
    }
  });

  it('refuses and audits each read of a principal without a grant, in a burst beside granted reads', async () => {
    await grantBob(gm, 'sales.transactions');
    const granted = await gm.bob.product('sales.transactions');
    const refused = await gm.dave.product('sales.transactions');
    const before = (await gm.mesh.governance.auditHead())?.seq ?? 0;
    const reads: Promise<unknown>[] = [];
    for (let i = 0; i < 200; i += 1) {
      reads.push(granted.query({ transaction_id: 'TXN001' }));
      if (i % 4 === 0) reads.push(refused.query({ transaction_id: 'TXN001' }));
    }
    const outcomes = await Promise.allSettled(reads);
    const failures = outcomes.flatMap((o) =>
      o.status === 'rejected' ? [o.reason as { code?: string }] : [],
    );
    expect(failures).toHaveLength(50);
    for (const f of failures) expect(f.code).toBe('unauthorized');
    await gm.mesh.close();
    const reopened = await gm.reopen();
    try {
      const denied = await reopened.accessLog({ actor: 'dave', limit: 500 });
      expect(denied).toHaveLength(50);
      for (const e of denied)
        expect(e).toMatchObject({ operation: 'query', outcome: 'denied', rowsAffected: 0 });
      const audit = await reopened.governance.auditLog({ limit: 5000, order: 'asc' });
      const after = audit.filter((e) => e.seq > before && e.action === 'product.query');
      expect(after.filter((e) => e.principal === 'dave' && e.outcome === 'denied')).toHaveLength(50);
      expect(after.filter((e) => e.principal === 'bob' && e.outcome === 'ok')).toHaveLength(200);
      expect((await reopened.governance.verifyAudit()).ok).toBe(true);
    } finally {
      await reopened.close();
    }
  });

  it('has committed a read’s entries when the read returns, with durableAudit', async () => {
    const durable = await gm.reopen({ durableAudit: true });
    const watcher = await gm.reopen();
    try {
      const sales = await durable.product('sales.transactions');
      await sales.count({ region: 'Europe' });
      // The watcher's own queue is empty: what it sees is what the store holds.
      const entries = await watcher.accessLog({ operation: 'query', limit: 10 });
      expect(entries[0]?.parameters).toMatchObject({ count: true, filter: "region = 'Europe'" });
    } finally {
      await durable.close();
      await watcher.close();
    }
  });

  it('chains a write made after a read after that read', async () => {
    const sales = await gm.mesh.product('sales.transactions');
    await sales.query({ transaction_id: 'TXN001' });
    await sales.update({ transaction_id: 'TXN001' }, { amount: 2 });
    const [write, read] = await gm.mesh.governance.auditLog({ limit: 2 });
    expect(write).toMatchObject({ action: 'product.update' });
    expect(read).toMatchObject({ action: 'product.query' });
  });

  it('refuses reads through a handle whose mesh was closed', async () => {
    const handle = await gm.reopen();
    const sales = await handle.product('sales.transactions');
    await handle.close();
    const refused = await failureOf(sales.query({ transaction_id: 'TXN001' }));
    expect(refused.code).toBe('storage_unavailable');
  });
});

describe('token use', () => {
  let gm: GovernedMesh;
  beforeEach(async () => {
    gm = await openGovernedMesh();
  });
  afterEach(async () => {
    await gm.cleanup();
  });

  it('records a token’s last use at most once a minute per handle, and again once a minute has passed', async () => {
    const { token } = await gm.mesh.governance.createToken({ principal: 'bob' });
    const first = gm.clock.iso();
    await gm.mesh.governance.authenticate(token);
    gm.clock.advance(0.5);
    await gm.mesh.governance.authenticate(token);
    expect((await gm.mesh.governance.listTokens('bob'))[0]?.lastUsedAt).toBe(first);
    gm.clock.advance(1);
    await gm.mesh.governance.authenticate(token);
    expect((await gm.mesh.governance.listTokens('bob'))[0]?.lastUsedAt).toBe(gm.clock.iso());
  });
  it('refuses a token on the next check once another handle revoked it or changed its principal’s roles', async () => {
    const created = await gm.mesh.governance.createToken({ principal: 'bob' });
    const token = created.token;
    expect((await gm.mesh.governance.authenticate(token)).roles).toEqual([{ kind: 'consumer' }]);
    const other = await gm.reopen();
    try {
      await other.governance.setRoles('bob', ['consumer', 'owner:marketing']);
      expect((await gm.mesh.governance.authenticate(token)).roles).toHaveLength(2);
      await other.governance.revokeToken(created.id);
      const refused = await failureOf(gm.mesh.governance.authenticate(token));
      expect(refused.code).toBe('unauthorized');
      expect(refused.message).toMatch(/revoked/);
    } finally {
      await other.close();
    }
  });
});
