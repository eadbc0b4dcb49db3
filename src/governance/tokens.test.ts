import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failureOf, type GovernedMesh, openGovernedMesh } from '../../test/support/governed-mesh.ts';
import { openEngine } from '../engine/open-engine.ts';

describe('API tokens', () => {
  let gm: GovernedMesh;
  beforeEach(async () => {
    gm = await openGovernedMesh({ ingest: false, publish: false });
  });
  afterEach(async () => {
    await gm.cleanup();
  });

  const openWith = (token: string) => gm.reopen({ token });

  it('are shown once, stored only as a salted hash, and authenticate as their principal', async () => {
    const created = await gm.mesh.governance.createToken({ principal: 'bob', name: 'laptop' });
    expect(created.token).toMatch(/^mwt_/);
    expect(created).toMatchObject({
      principalId: 'bob',
      name: 'laptop',
      createdBy: 'local-admin',
      expiresAt: '2026-01-06T12:00:00.000Z',
    });
    const listed = await gm.mesh.governance.listTokens('bob');
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(created.token.slice(-43));
    expect(Object.keys(listed[0] ?? {})).not.toContain('hash');
    const raw = await openEngine(gm.store);
    try {
      const rows = await raw.query('SELECT * FROM mw_tokens');
      expect(JSON.stringify(rows)).not.toContain(created.token.slice(-43));
      expect(rows[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await raw.close();
    }
    const bob = await openWith(created.token);
    try {
      expect(bob.principal).toMatchObject({ id: 'bob', roles: [{ kind: 'consumer' }] });
      expect(bob.actor).toBe('bob');
    } finally {
      await bob.close();
    }
    expect((await gm.mesh.governance.listTokens('bob'))[0]?.lastUsedAt).toBe(gm.clock.iso());
  });

  it('stop working once expired, and the refusal is audited without the secret', async () => {
    const created = await gm.mesh.governance.createToken({ principal: 'bob', expiresInDays: 1 });
    gm.clock.advance(24 * 60 + 1);
    const error = await failureOf(openWith(created.token));
    expect(error.code).toBe('unauthorized');
    expect(error.message).toBe(
      `the token is not accepted: token ${created.id} expired at ${created.expiresAt}`,
    );
    const [audited] = await gm.mesh.governance.auditLog({ action: 'auth.token' });
    expect(audited).toMatchObject({
      outcome: 'denied',
      principal: 'anonymous',
      target: `token:${created.id}`,
    });
    expect(JSON.stringify(audited)).not.toContain(created.token);
  });

  it('stop working once revoked; the holder or an admin revokes, nobody else', async () => {
    const created = await gm.bob.governance.createToken({ expiresInDays: 0.5 });
    expect(created.principalId).toBe('bob');
    expect((await failureOf(gm.dave.governance.revokeToken(created.id))).code).toBe('unauthorized');
    expect((await gm.bob.governance.revokeToken(created.id)).revokedBy).toBe('bob');
    expect((await failureOf(openWith(created.token))).message).toMatch(/was revoked at/);
    expect((await failureOf(gm.bob.governance.revokeToken(created.id))).code).toBe('conflict');
    expect((await failureOf(gm.bob.governance.revokeToken('nope'))).code).toBe('not_found');
    const daves = await gm.mesh.governance.createToken({ principal: 'dave' });
    expect((await gm.erin.governance.revokeToken(daves.id)).revokedBy).toBe('erin');
  });

  it('refuse a wrong secret and text that is no token', async () => {
    const created = await gm.mesh.governance.createToken({ principal: 'bob' });
    const wrong = `${created.token.slice(0, -1)}${created.token.endsWith('A') ? 'B' : 'A'}`;
    expect((await failureOf(openWith(wrong))).message).toMatch(/it is unknown or wrong/);
    expect((await failureOf(openWith('hunter2'))).message).toMatch(/it is not a Meshwork token/);
  });

  it('refuse an empty or whitespace token instead of acting as the local admin', async () => {
    for (const token of ['', '   ', '\n']) {
      const error = await failureOf(openWith(token));
      expect(error.code).toBe('unauthorized');
      expect(error.message).toMatch(/^the token given with the token option is empty/);
    }
    const named = await failureOf(gm.reopen({ token: ' ', tokenSource: '$CI_TOKEN' }));
    expect(named.message).toContain('the token given with $CI_TOKEN is empty (only whitespace)');
  });

  it('are created for others only by admins, for registered principals, with a sane lifetime', async () => {
    expect((await failureOf(gm.bob.governance.createToken({ principal: 'dave' }))).code).toBe('unauthorized');
    expect((await failureOf(gm.mesh.governance.createToken({ principal: 'nobody' }))).code).toBe('not_found');
    expect(await failureOf(gm.mesh.governance.createToken())).toMatchObject({ code: 'invalid_input' });
    expect(
      (await failureOf(gm.mesh.governance.createToken({ principal: 'bob', expiresInDays: 0 }))).code,
    ).toBe('invalid_input');
    expect(
      (await failureOf(gm.mesh.governance.createToken({ principal: 'bob', expiresInDays: 5000 }))).code,
    ).toBe('invalid_input');
    expect((await failureOf(gm.bob.governance.listTokens('dave'))).code).toBe('unauthorized');
    await gm.bob.governance.createToken();
    expect((await gm.bob.governance.listTokens()).map((t) => t.principalId)).toEqual(['bob']);
  });

  it('let a token act with its principal’s rights only', async () => {
    const created = await gm.mesh.governance.createToken({ principal: 'bob' });
    const bob = await openWith(created.token);
    try {
      expect((await failureOf((await bob.product('sales.transactions')).query())).code).toBe('unauthorized');
      expect((await failureOf(bob.governance.addPrincipal({ id: 'x', roles: ['admin'] }))).code).toBe(
        'unauthorized',
      );
    } finally {
      await bob.close();
    }
  });
});
