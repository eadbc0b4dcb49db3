import type { AccessListFilter, AccessRequest, AccessRequestStatus, Grant } from './access-store.ts';
import { isGrantActive } from './access-store.ts';
import { type GovernedContext, governanceStores } from './governed-context.ts';
import { isPlatformAdmin, ownedDomains } from './principal.ts';

/** Filters for listing requests and grants. */
export interface AccessListOptions {
  readonly product?: string;
  readonly principal?: string;
  readonly status?: AccessRequestStatus;
  /** Include revoked and expired grants (default: only active ones). */
  readonly all?: boolean;
}

function visibility(g: GovernedContext, options: AccessListOptions): AccessListFilter {
  const p = g.principal;
  const base: AccessListFilter = {
    ...(options.product === undefined ? {} : { productId: options.product }),
    ...(options.principal === undefined ? {} : { principalId: options.principal }),
    ...(options.status === undefined ? {} : { status: options.status }),
  };
  if (isPlatformAdmin(p)) return base;
  const owned = ownedDomains(p);
  // Owners see everything about their domains' products; everyone sees their own requests and grants.
  if (owned.length > 0 && options.principal !== p.id) return { ...base, domains: owned };
  return { ...base, principalId: p.id };
}

/** Lists access requests the acting principal may see, newest first. */
export function listRequests(g: GovernedContext, options: AccessListOptions = {}): Promise<AccessRequest[]> {
  return governanceStores.access.listRequests(g.engine, visibility(g, options));
}

/** Lists grants the acting principal may see, newest first: active ones unless `all` is set. */
export async function listGrants(g: GovernedContext, options: AccessListOptions = {}): Promise<Grant[]> {
  const at = g.now().toISOString();
  const grants = await governanceStores.access.listGrants(g.engine, visibility(g, options));
  return options.all ? grants : grants.filter((gr) => isGrantActive(gr, at));
}
