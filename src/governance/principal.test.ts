import { describe, expect, it } from 'vitest';
import { MeshError } from '../core/errors.ts';
import {
  assertPrincipalId,
  canManageDomain,
  formatRole,
  isPlatformAdmin,
  LOCAL_ADMIN,
  ownedDomains,
  parseRole,
  parseRoles,
} from './principal.ts';

describe('principals and roles', () => {
  it('reads roles written as text, in every accepted form', () => {
    expect(parseRole('admin')).toEqual({ kind: 'admin' });
    expect(parseRole('platform_admin')).toEqual({ kind: 'admin' });
    expect(parseRole('consumer')).toEqual({ kind: 'consumer' });
    expect(parseRole('owner:sales')).toEqual({ kind: 'domain_owner', domain: 'sales' });
    expect(parseRole('domain_owner:customer')).toEqual({ kind: 'domain_owner', domain: 'customer' });
  });

  it('refuses an unknown role or a bad domain, naming the accepted forms', () => {
    for (const bad of ['root', 'owner:', 'owner:Sales', 'owner']) {
      const error = (() => {
        try {
          parseRole(bad);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(MeshError);
      expect((error as MeshError).message).toMatch(/use admin, consumer or owner:<domain>/);
    }
  });

  it('drops repeated roles and formats them back', () => {
    const roles = parseRoles(['owner:sales', 'consumer', 'owner:sales', { kind: 'consumer' }]);
    expect(roles.map(formatRole)).toEqual(['owner:sales', 'consumer']);
  });

  it('lets admins manage every domain and owners only theirs', () => {
    const alice = { id: 'alice', kind: 'user' as const, roles: parseRoles(['owner:sales']) };
    const bob = { id: 'bob', kind: 'user' as const, roles: parseRoles(['consumer']) };
    expect(canManageDomain(LOCAL_ADMIN, 'anything')).toBe(true);
    expect(isPlatformAdmin(LOCAL_ADMIN)).toBe(true);
    expect(canManageDomain(alice, 'sales')).toBe(true);
    expect(canManageDomain(alice, 'customer')).toBe(false);
    expect(canManageDomain(bob, 'sales')).toBe(false);
    expect(ownedDomains(alice)).toEqual(['sales']);
  });

  it('checks principal ids', () => {
    expect(() => assertPrincipalId('etl-bot@prod')).not.toThrow();
    expect(() => assertPrincipalId('Alice')).toThrow(/must be lowercase letters/);
    expect(() => assertPrincipalId('')).toThrow(MeshError);
  });
});
