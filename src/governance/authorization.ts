import { MeshError } from '../core/errors.ts';
import { canManageDomain, formatRole, isPlatformAdmin, type Principal } from './principal.ts';

function describeRoles(principal: Principal): string {
  return principal.roles.length === 0 ? 'no role' : principal.roles.map(formatRole).join(', ');
}

/** Builds the error for a principal that may not do something, naming what it would need. */
export function unauthorized(principal: Principal, action: string, need: string): MeshError {
  return new MeshError(
    'unauthorized',
    `${principal.id} (${describeRoles(principal)}) may not ${action}; ${need}`,
    { details: { principal: principal.id, action } },
  );
}

/**
 * Checks that a principal may create or change the products of a domain.
 * @throws MeshError `unauthorized` unless it is a platform admin or an owner of the domain.
 */
export function assertCanManageDomain(principal: Principal, domain: string, action: string): void {
  if (canManageDomain(principal, domain)) return;
  throw unauthorized(
    principal,
    action,
    `only a platform admin or an owner of domain ${domain} may (ask an admin for the role owner:${domain})`,
  );
}

/**
 * Checks that a principal is a platform admin.
 * @throws MeshError `unauthorized` otherwise.
 */
export function assertPlatformAdmin(principal: Principal, action: string): void {
  if (isPlatformAdmin(principal)) return;
  throw unauthorized(principal, action, 'only a platform admin may');
}
