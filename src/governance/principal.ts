import { MeshError } from '../core/errors.ts';

/** Kinds of principal: people, and service accounts used by pipelines and servers. */
export const PRINCIPAL_KINDS = ['user', 'service'] as const;
/** A principal kind. */
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number];

/**
 * A role a principal holds: a platform admin may do everything; a domain owner creates and changes the products of
 * one domain and approves access to them; a consumer requests access to products.
 */
export type Role =
  | { readonly kind: 'admin' }
  | { readonly kind: 'domain_owner'; readonly domain: string }
  | { readonly kind: 'consumer' };

/** Someone (or something) acting on the mesh, with the roles that decide what it may do. */
export interface Principal {
  readonly id: string;
  readonly kind: PrincipalKind;
  readonly displayName?: string;
  readonly roles: readonly Role[];
}

/** The pattern a principal id follows: lowercase letters, digits and `._@-`, starting with a letter or digit. */
export const PRINCIPAL_ID_PATTERN = /^[a-z0-9][a-z0-9._@-]{0,99}$/;

const DOMAIN_PATTERN = /^[a-z][a-z0-9_]*$/;

/**
 * The identity of whoever opens an embedded store without a token: a platform admin, because anyone who can open the
 * store file can already read and change everything in it.
 */
export const LOCAL_ADMIN: Principal = Object.freeze({
  id: 'local-admin',
  kind: 'user',
  displayName: 'local administrator (embedded store)',
  roles: Object.freeze([{ kind: 'admin' }]) as readonly Role[],
});

/** Tells whether a principal is a platform admin. */
export function isPlatformAdmin(principal: Principal): boolean {
  return principal.roles.some((r) => r.kind === 'admin');
}

/** The domains a principal owns. */
export function ownedDomains(principal: Principal): string[] {
  return principal.roles.flatMap((r) => (r.kind === 'domain_owner' ? [r.domain] : []));
}

/** Tells whether a principal may create and change the products of a domain: a platform admin or its owner. */
export function canManageDomain(principal: Principal, domain: string): boolean {
  return isPlatformAdmin(principal) || ownedDomains(principal).includes(domain);
}

/** Formats a role as text: `admin`, `owner:sales` or `consumer`. */
export function formatRole(role: Role): string {
  return role.kind === 'domain_owner' ? `owner:${role.domain}` : role.kind;
}

/**
 * Reads a role written as text: `admin`, `consumer`, or `owner:<domain>` (also `domain_owner:<domain>`).
 * @throws MeshError `invalid_input` naming the accepted forms.
 */
export function parseRole(text: string): Role {
  const t = text.trim();
  if (t === 'admin' || t === 'platform_admin') return { kind: 'admin' };
  if (t === 'consumer') return { kind: 'consumer' };
  const m = /^(?:owner|domain_owner):(.+)$/.exec(t);
  if (m && DOMAIN_PATTERN.test(m[1] as string)) return { kind: 'domain_owner', domain: m[1] as string };
  throw new MeshError(
    'invalid_input',
    `role "${text}" is not known; use admin, consumer or owner:<domain> (e.g. owner:sales)`,
  );
}

/** Reads a list of roles (text or role objects), dropping repeats. */
export function parseRoles(input: readonly (string | Role)[]): Role[] {
  const out = new Map<string, Role>();
  for (const item of input) {
    const role = typeof item === 'string' ? parseRole(item) : parseRole(formatRole(item));
    out.set(formatRole(role), role);
  }
  return [...out.values()];
}

/**
 * Checks a principal id.
 * @throws MeshError `invalid_input` when it does not follow {@link PRINCIPAL_ID_PATTERN}.
 */
export function assertPrincipalId(id: string): void {
  if (!PRINCIPAL_ID_PATTERN.test(id)) {
    throw new MeshError(
      'invalid_input',
      `principal id "${id}" must be lowercase letters, digits and . _ @ - (at most 100), e.g. alice or etl-bot`,
    );
  }
}
