import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failureOf, type GovernedMesh, openGovernedMesh } from '../../test/support/governed-mesh.ts';
import { openEngine } from '../engine/open-engine.ts';

describe('the audit trail of a mesh', () => {
  let gm: GovernedMesh;
  beforeEach(async () => {
    gm = await openGovernedMesh();
    const request = await gm.bob.governance.requestAccess({
      product: 'sales.transactions',
      purpose: 'forecast',
    });
    const grant = await gm.alice.governance.approve(request.id, { comment: 'ok' });
    await (await gm.bob.product('sales.transactions')).query({ region: 'Europe' });
    await failureOf((await gm.dave.product('sales.transactions')).query());
    await gm.mesh.governance.createToken({ principal: 'bob' });
    await gm.alice.governance.revokeGrant(grant.id);
    await gm.alice.governance.applyPolicies([
      {
        id: 'sales-tags',
        description: 'sales products are tagged',
        scope: 'domain:sales',
        expression: 'size(product.tags) > 0',
      },
    ]);
  });
  afterEach(async () => {
    await gm.cleanup();
  });

  it('records writes, reads, lifecycle, policy, principal, token and grant changes and denied attempts', async () => {
    const entries = await gm.mesh.governance.auditLog({ order: 'asc', limit: 1000 });
    const actions = new Set(entries.map((e) => `${e.action}:${e.outcome}`));
    for (const expected of [
      'policy.apply:ok',
      'product.create:ok',
      'product.ingest:ok',
      'product.publish:ok',
      'principal.add:ok',
      'access.request:ok',
      'access.approve:ok',
      'product.query:ok',
      'product.query:denied',
      'token.create:ok',
      'grant.revoke:ok',
    ]) {
      expect(actions, expected).toContain(expected);
    }
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    const read = entries.find((e) => e.action === 'product.query' && e.principal === 'bob');
    expect(read?.details).toMatchObject({ parameters: { filter: "region = 'Europe'" }, rowsAffected: 2 });
  });

  it('holds every access-log entry: the access log is a projection of the chain', async () => {
    const accesses = await gm.mesh.accessLog({ order: 'asc', limit: 1000 });
    const audited = (await gm.mesh.governance.auditLog({ order: 'asc', limit: 1000 })).filter((e) =>
      e.action.startsWith('product.'),
    );
    const project = (e: (typeof audited)[number]) => ({
      at: e.at,
      actor: e.actor,
      operation: e.action.slice('product.'.length),
      productId: e.target,
      outcome: e.outcome,
      parameters: (e.details as { parameters?: unknown }).parameters,
    });
    const mirrored = audited.filter((e) => (e.details as { parameters?: unknown }).parameters !== undefined);
    expect(accesses.length).toBeGreaterThan(5);
    expect(mirrored.map(project)).toEqual(
      accesses.map((a) => ({
        at: a.at,
        actor: a.actor,
        operation: a.operation,
        productId: a.productId,
        outcome: a.outcome,
        parameters: a.parameters,
      })),
    );
  });

  it('finds entries swapped directly in the store', async () => {
    const raw = await openEngine(gm.store);
    try {
      await raw.execute('UPDATE mw_audit_log SET seq = -1 WHERE seq = 5');
      await raw.execute('UPDATE mw_audit_log SET seq = 5 WHERE seq = 6');
      await raw.execute('UPDATE mw_audit_log SET seq = 6 WHERE seq = -1');
    } finally {
      await raw.close();
    }
    const v = await gm.mesh.governance.verifyAudit();
    expect(v).toMatchObject({ ok: false, seq: 5, problem: 'reordered' });
    expect(v.ok ? '' : v.message).toBe('entry 5 was moved: it was written as entry 6');
  });

  it('verifies, then finds an entry edited, deleted or reordered directly in the store', async () => {
    expect(await gm.mesh.governance.verifyAudit()).toMatchObject({ ok: true });
    const total = (await gm.mesh.governance.auditLog({ limit: 1 }))[0]?.seq ?? 0;
    const raw = await openEngine(gm.store);
    try {
      // Hide the denied read.
      await raw.execute("UPDATE mw_audit_log SET outcome = 'ok' WHERE outcome = 'denied'");
      const edited = await gm.mesh.governance.verifyAudit();
      expect(edited).toMatchObject({ ok: false, problem: 'edited' });
      await raw.execute(
        "UPDATE mw_audit_log SET outcome = 'denied' WHERE action = 'product.query' AND principal = 'dave'",
      );
      expect((await gm.mesh.governance.verifyAudit()).ok).toBe(true);
      await raw.execute('DELETE FROM mw_audit_log WHERE seq = 10');
      expect(await gm.mesh.governance.verifyAudit()).toMatchObject({
        ok: false,
        seq: 10,
        problem: 'missing',
      });
    } finally {
      await raw.close();
    }
    expect(total).toBeGreaterThan(20);
  });
});
