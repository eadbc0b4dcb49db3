import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleRecords, exampleSpec } from '../../test/support/example-mesh.ts';
import { failureOf, type GovernedMesh, openGovernedMesh } from '../../test/support/governed-mesh.ts';
import { storeMaskingKey } from '../../test/support/masking-key.ts';
import { maskValue } from './masking.ts';

const CUSTOMERS = 'customer.profiles';

describe('access requests and grants', () => {
  let gm: GovernedMesh;
  beforeEach(async () => {
    gm = await openGovernedMesh();
  });
  afterEach(async () => {
    await gm.cleanup();
  });

  const read = async (who: 'bob' | 'dave' | 'alice') =>
    (await gm[who].product(CUSTOMERS)).query(undefined, { orderBy: 'customer_id' });

  const grantBob = async (pii = false, expiresAt?: string) => {
    const request = await gm.bob.governance.requestAccess({
      product: CUSTOMERS,
      purpose: 'churn model',
      pii,
      ...(expiresAt ? { expiresAt } : {}),
    });
    return gm.carol.governance.approve(request.id, { comment: 'fine for Q4' });
  };

  it('goes request → approve → read: the consumer reads with PII masked as the contract says', async () => {
    const request = await gm.bob.governance.requestAccess({ product: CUSTOMERS, purpose: 'churn model' });
    expect(request).toMatchObject({ status: 'pending', principalId: 'bob', port: 'default', pii: false });
    expect(await gm.carol.governance.notifications()).toMatchObject([
      { kind: 'access_requested', productId: CUSTOMERS, message: expect.stringMatching(/bob asks to read/) },
    ]);
    const grant = await gm.carol.governance.approve(request.id, { comment: 'fine for Q4' });
    expect(grant).toMatchObject({
      principalId: 'bob',
      productId: CUSTOMERS,
      pii: false,
      majorVersion: 1,
      grantedBy: 'carol',
    });
    expect((await gm.bob.governance.listRequests())[0]).toMatchObject({
      status: 'approved',
      comment: 'fine for Q4',
      grantId: grant.id,
    });
    const { rows } = await read('bob');
    const original = exampleRecords('customers')[0] as Record<string, unknown>;
    expect(rows[0]).toMatchObject({
      customer_id: original.customer_id,
      name: '***',
      email: maskValue(String(original.email), 'hash', await storeMaskingKey(gm.store)),
      tier: original.tier,
    });
    expect(await (await gm.bob.product(CUSTOMERS)).readAccess()).toEqual({
      via: 'grant',
      grantId: grant.id,
      maskedFields: { name: 'redact', email: 'hash' },
      migration: null,
    });
    expect((await gm.bob.governance.notifications())[0]).toMatchObject({ kind: 'access_approved' });
    const audit = await gm.mesh.governance.auditLog({ target: CUSTOMERS, limit: 5 });
    expect(audit.map((e) => [e.action, e.principal])).toContainEqual(['access.approve', 'carol']);
  });

  it('shows PII unmasked through a grant that includes it', async () => {
    await grantBob(true);
    const { rows } = await read('bob');
    expect(rows[0]?.email).toBe(exampleRecords('customers')[0]?.email);
    expect((await (await gm.bob.product(CUSTOMERS)).readAccess()).maskedFields).toEqual({});
  });

  it('refuses filtering, ordering, counting and aggregating on masked fields, and audits the attempt', async () => {
    await grantBob();
    const product = await gm.bob.product(CUSTOMERS);
    const filtered = await failureOf(product.query({ email: 'jane@example.com' }));
    expect(filtered.code).toBe('policy_denied');
    expect(filtered.message).toMatch(
      /cannot filter on email of customer\.profiles: it is PII masked for you/,
    );
    expect((await failureOf(product.query(undefined, { orderBy: 'name desc' }))).message).toMatch(
      /cannot order by on name/,
    );
    expect((await failureOf(product.count("name like 'J%'"))).code).toBe('policy_denied');
    expect((await failureOf(product.analytics({ where: "email contains 'example'" }))).code).toBe(
      'policy_denied',
    );
    expect((await product.query({ tier: 'gold' })).rows.length).toBeGreaterThan(0);
    expect((await product.analytics()).measures.length).toBeGreaterThan(0);
    const denied = (await gm.mesh.accessLog({ actor: 'bob' })).filter((e) => e.outcome === 'denied');
    expect(denied.length).toBe(4);
  });

  it('lets an owner reject with a comment; the consumer still cannot read and is told why', async () => {
    const request = await gm.bob.governance.requestAccess({ product: CUSTOMERS, purpose: 'curiosity' });
    expect((await failureOf(gm.carol.governance.reject(request.id, '  '))).code).toBe('invalid_input');
    const rejected = await gm.carol.governance.reject(request.id, 'purpose too vague');
    expect(rejected).toMatchObject({
      status: 'rejected',
      decidedBy: 'carol',
      comment: 'purpose too vague',
      grantId: null,
    });
    expect((await failureOf(read('bob'))).code).toBe('unauthorized');
    expect((await gm.bob.governance.notifications())[0]?.message).toMatch(
      /rejected by carol: purpose too vague/,
    );
    expect((await failureOf(gm.carol.governance.approve(request.id))).code).toBe('conflict');
  });

  it('lets only admins and owners of the product’s domain decide, and audits refusals', async () => {
    const request = await gm.bob.governance.requestAccess({ product: CUSTOMERS, purpose: 'churn model' });
    for (const who of ['alice', 'bob', 'dave'] as const) {
      const error = await failureOf(gm[who].governance.approve(request.id));
      expect(error.code).toBe('unauthorized');
      expect(error.message).toMatch(/only a platform admin or an owner of domain customer may/);
      expect((await failureOf(gm[who].governance.reject(request.id, 'no'))).code).toBe('unauthorized');
    }
    expect(await gm.mesh.governance.auditLog({ action: 'access.approve', outcome: 'denied' })).toHaveLength(
      3,
    );
    expect((await gm.erin.governance.approve(request.id)).grantedBy).toBe('erin');
    expect((await failureOf(gm.carol.governance.approve(999))).code).toBe('not_found');
  });

  it('stops an expired grant from working', async () => {
    await grantBob(false, '2025-10-10');
    expect((await read('bob')).rows.length).toBe(4);
    gm.clock.advance(3 * 24 * 60);
    const error = await failureOf(read('bob'));
    expect(error.code).toBe('unauthorized');
    expect(error.message).toMatch(/your grant #1 on customer\.profiles expired at 2025-10-10T00:00:00\.000Z/);
    expect(await gm.bob.governance.listGrants()).toEqual([]);
    expect((await gm.bob.governance.listGrants({ all: true })).length).toBe(1);
    // Once expired, a new request is possible.
    expect((await gm.bob.governance.requestAccess({ product: CUSTOMERS, purpose: 'again' })).status).toBe(
      'pending',
    );
  });

  it('lets the approver shorten the expiry, and refuses an expiry in the past or not a date', async () => {
    const request = await gm.bob.governance.requestAccess({
      product: CUSTOMERS,
      purpose: 'x',
      expiresAt: '2026-01-01',
    });
    expect((await failureOf(gm.carol.governance.approve(request.id, { expiresAt: 'soon' }))).code).toBe(
      'invalid_input',
    );
    expect((await gm.carol.governance.approve(request.id, { expiresAt: '2025-11-01' })).expiresAt).toBe(
      '2025-11-01T00:00:00.000Z',
    );
    const past = await failureOf(
      gm.dave.governance.requestAccess({ product: CUSTOMERS, purpose: 'x', expiresAt: '2020-01-01' }),
    );
    expect(past.message).toMatch(/already past/);
  });

  it('stops a revoked grant from working; owners and the holder may revoke, others may not', async () => {
    const grant = await grantBob();
    expect((await failureOf(gm.dave.governance.revokeGrant(grant.id))).code).toBe('unauthorized');
    expect((await failureOf(gm.alice.governance.revokeGrant(grant.id))).code).toBe('unauthorized');
    const revoked = await gm.carol.governance.revokeGrant(grant.id, 'project ended');
    expect(revoked).toMatchObject({ revokedBy: 'carol', revokeComment: 'project ended' });
    expect((await failureOf(read('bob'))).message).toMatch(/your grant #1 on customer\.profiles was revoked/);
    expect((await failureOf(gm.carol.governance.revokeGrant(grant.id))).code).toBe('conflict');
    expect((await failureOf(gm.carol.governance.revokeGrant(42))).code).toBe('not_found');
    expect((await gm.bob.governance.notifications())[0]).toMatchObject({ kind: 'grant_revoked' });
    const again = await gm.dave.governance.requestAccess({ product: CUSTOMERS, purpose: 'y' });
    const daveGrant = await gm.carol.governance.approve(again.id);
    expect((await gm.dave.governance.revokeGrant(daveGrant.id)).revokedBy).toBe('dave');
  });

  it('refuses malformed or pointless requests with a clear code', async () => {
    const gov = gm.bob.governance;
    expect((await failureOf(gov.requestAccess({ product: CUSTOMERS, purpose: ' ' }))).code).toBe(
      'invalid_input',
    );
    expect((await failureOf(gov.requestAccess({ product: 'customer.nothing', purpose: 'x' }))).code).toBe(
      'not_found',
    );
    expect(
      (await failureOf(gov.requestAccess({ product: CUSTOMERS, purpose: 'x', port: 'sql' }))).message,
    ).toMatch(/has no output port sql; its only port is default/);
    await gov.requestAccess({ product: CUSTOMERS, purpose: 'x' });
    expect((await failureOf(gov.requestAccess({ product: CUSTOMERS, purpose: 'x' }))).message).toMatch(
      /request #1 for customer\.profiles is already waiting/,
    );
    expect(
      (await failureOf(gm.carol.governance.requestAccess({ product: CUSTOMERS, purpose: 'x' }))).message,
    ).toMatch(/already reads customer\.profiles as an owner of customer/);
    const draft = await gm.carol.createProduct({ ...exampleSpec('customers'), id: 'customer.drafts' });
    expect((await failureOf(gov.requestAccess({ product: draft.id, purpose: 'x' }))).message).toMatch(
      /is draft; access can be requested once it is published/,
    );
    await gm.mesh.governance.addPrincipal({ id: 'nobody', roles: [] });
    const nobody = await gm.mesh.as('nobody');
    expect(
      (await failureOf(nobody.governance.requestAccess({ product: CUSTOMERS, purpose: 'x' }))).code,
    ).toBe('unauthorized');
  });

  it('refuses a second request while an equal grant is active', async () => {
    await grantBob();
    const error = await failureOf(gm.bob.governance.requestAccess({ product: CUSTOMERS, purpose: 'more' }));
    expect(error.message).toMatch(/bob already holds grant #1/);
    // Asking for more than the grant gives (PII) is a new request.
    expect(
      (await gm.bob.governance.requestAccess({ product: CUSTOMERS, purpose: 'more', pii: true })).status,
    ).toBe('pending');
  });

  it('lists requests and grants by who may see them', async () => {
    await grantBob();
    await gm.dave.governance.requestAccess({ product: CUSTOMERS, purpose: 'y' });
    await gm.dave.governance.requestAccess({ product: 'sales.transactions', purpose: 'z' });
    expect((await gm.bob.governance.listRequests()).map((r) => r.principalId)).toEqual(['bob']);
    expect((await gm.carol.governance.listRequests()).map((r) => [r.productId, r.principalId])).toEqual([
      [CUSTOMERS, 'dave'],
      [CUSTOMERS, 'bob'],
    ]);
    expect((await gm.alice.governance.listRequests()).map((r) => r.productId)).toEqual([
      'sales.transactions',
    ]);
    expect((await gm.mesh.governance.listRequests({ status: 'pending' })).length).toBe(2);
    expect((await gm.mesh.governance.listRequests({ product: CUSTOMERS, principal: 'dave' })).length).toBe(1);
    expect((await gm.carol.governance.listGrants()).map((g) => g.principalId)).toEqual(['bob']);
    expect(await gm.dave.governance.listGrants()).toEqual([]);
  });

  describe('auto-approval', () => {
    beforeEach(async () => {
      const spec = {
        ...exampleSpec('customers'),
        id: 'customer.contacts',
        access: { autoApprove: { nonPii: true, purposes: ['fraud-detection'] } },
      };
      const product = await gm.carol.createProduct(spec);
      await product.ingest(exampleRecords('customers'));
      await product.publish();
    });

    it('approves a request without PII at once; the consumer reads masked', async () => {
      const r = await gm.bob.governance.requestAccess({ product: 'customer.contacts', purpose: 'reporting' });
      expect(r).toMatchObject({ status: 'approved', decidedBy: 'system:auto-approval' });
      expect((await (await gm.bob.product('customer.contacts')).query()).rows[0]?.name).toBe('***');
    });

    it('approves a listed purpose as asked, PII included, and leaves other PII requests to the owner', async () => {
      const listed = await gm.bob.governance.requestAccess({
        product: 'customer.contacts',
        purpose: 'fraud-detection',
        pii: true,
      });
      expect(listed.status).toBe('approved');
      expect(
        (await (await gm.bob.product('customer.contacts')).query({ customer_id: 'CUST001' })).rows[0]?.name,
      ).not.toBe('***');
      const other = await gm.dave.governance.requestAccess({
        product: 'customer.contacts',
        purpose: 'marketing',
        pii: true,
      });
      expect(other.status).toBe('pending');
    });
  });

  describe('version pinning', () => {
    it('pins grants to the major version; a new major opens a migration window that then closes', async () => {
      await grantBob();
      await gm.carol.publishSpec({ ...exampleSpec('customers'), version: '2.0.0' });
      const product = await gm.bob.product(CUSTOMERS);
      expect(await product.readAccess()).toMatchObject({
        via: 'grant',
        migration: { pinnedMajor: 1, currentMajor: 2, windowEndsAt: '2025-11-07T12:00:00.000Z' },
      });
      await product.query();
      const report = await gm.carol.governance.migrationReport(CUSTOMERS);
      expect(report).toMatchObject({
        currentMajor: 2,
        windowOpen: true,
        onCurrent: [],
        onOlder: [{ principalId: 'bob', pinnedMajor: 1, purpose: 'churn model' }],
      });
      expect((await failureOf(gm.bob.governance.migrationReport(CUSTOMERS))).code).toBe('unauthorized');
      gm.clock.advance(31 * 24 * 60);
      const closed = await failureOf(product.query());
      expect(closed.code).toBe('unauthorized');
      expect(closed.message).toMatch(
        /pinned to major version 1, customer\.profiles is at 2 and the migration window closed/,
      );
      expect((await gm.carol.governance.migrationReport(CUSTOMERS)).windowOpen).toBe(false);
      const again = await gm.bob.governance.requestAccess({ product: CUSTOMERS, purpose: 'churn model v2' });
      expect((await gm.carol.governance.approve(again.id)).majorVersion).toBe(2);
      // Major 2 holds the rows carried over from major 1 when it was published.
      expect((await product.query()).rows.length).toBe(4);
      expect(
        (await gm.carol.governance.migrationReport(CUSTOMERS)).onCurrent.map((c) => c.principalId),
      ).toEqual(['bob']);
    });
  });
});
