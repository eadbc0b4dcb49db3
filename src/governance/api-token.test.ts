import { describe, expect, it } from 'vitest';
import { generateToken, hashTokenSecret, splitToken, tokenSecretMatches } from './api-token.ts';

describe('API tokens', () => {
  it('are random, prefixed and split back into id and secret', () => {
    const a = generateToken();
    const b = generateToken();
    expect(a.token).toMatch(/^mwt_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.salt).not.toBe(b.salt);
    const parts = splitToken(a.token);
    expect(parts?.id).toBe(a.id);
    expect(a.token.endsWith(parts?.secret ?? 'x')).toBe(true);
  });

  it('are stored only as a salted hash that never contains the secret', () => {
    const t = generateToken();
    const secret = splitToken(t.token)?.secret ?? '';
    expect(t.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(t.hash).not.toContain(secret);
    expect(t.hash).toBe(hashTokenSecret(t.salt, secret));
    expect(hashTokenSecret('other-salt', secret)).not.toBe(t.hash);
  });

  it('match only their own secret', () => {
    const t = generateToken();
    const secret = splitToken(t.token)?.secret ?? '';
    expect(tokenSecretMatches(secret, t.salt, t.hash)).toBe(true);
    expect(tokenSecretMatches(`${secret.slice(0, -1)}A`, t.salt, t.hash)).toBe(secret.endsWith('A'));
    expect(tokenSecretMatches(secret, t.salt, 'abcd')).toBe(false);
  });

  it('refuse text that is not shaped like a token', () => {
    expect(splitToken('mwt_short_secret')).toBeUndefined();
    expect(splitToken('Bearer abc')).toBeUndefined();
    expect(splitToken('')).toBeUndefined();
  });
});
