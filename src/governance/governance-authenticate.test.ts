import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failureOf, type GovernedMesh, openGovernedMesh } from '../../test/support/governed-mesh.ts';

describe('Governance.authenticate', () => {
  let gm: GovernedMesh;
  beforeEach(async () => {
    gm = await openGovernedMesh({ ingest: false, publish: false });
  });
  afterEach(async () => {
    await gm.cleanup();
  });

  it('tells whose a token is on an open mesh, and the handle from mesh.as acts as that principal', async () => {
    const { token } = await gm.mesh.governance.createToken({ principal: 'bob' });
    const principal = await gm.mesh.governance.authenticate(token);
    expect(principal).toMatchObject({ id: 'bob', roles: [{ kind: 'consumer' }] });
    expect((await gm.mesh.as(principal)).actor).toBe('bob');
  });

  it('refuses a revoked, expired or malformed token with unauthorized and audits each refusal', async () => {
    const revoked = await gm.mesh.governance.createToken({ principal: 'bob' });
    await gm.mesh.governance.revokeToken(revoked.id);
    expect((await failureOf(gm.mesh.governance.authenticate(revoked.token))).code).toBe('unauthorized');
    const expiring = await gm.mesh.governance.createToken({ principal: 'dave', expiresInDays: 1 });
    gm.clock.advance(2 * 24 * 60);
    expect((await failureOf(gm.mesh.governance.authenticate(expiring.token))).message).toMatch(/expired/);
    expect((await failureOf(gm.mesh.governance.authenticate('nope'))).code).toBe('unauthorized');
    const denied = await gm.mesh.governance.auditLog({ action: 'auth.token', outcome: 'denied' });
    expect(denied).toHaveLength(3);
  });
});
