import { DEFAULT_PORT } from '../core/access-spec.ts';
import type { ProductDescriptor } from '../core/descriptor.ts';
import type { CatalogCache } from '../catalog/catalog-cache.ts';
import type { EngineSession } from '../engine/engine.ts';
import { type Grant, isGrantActive } from './access-store.ts';
import { isEngine } from './audit-log.ts';
import { unauthorized } from './authorization.ts';
import { type GovernedContext, governanceStores } from './governed-context.ts';
import { type MaskingKey, type MaskingPlan, maskingPlanFor, NO_MASKING, planHashes } from './masking.ts';
import { loadMaskingKey } from './masking-secret.ts';
import { majorOf } from './policy-input.ts';
import { canManageDomain, isPlatformAdmin } from './principal.ts';

/** Days a grant on an older major keeps working after a new major is registered, unless the product says otherwise. */
export const DEFAULT_MIGRATION_WINDOW_DAYS = 30;

/** Why a principal may read a product, and what it sees masked. */
export interface ReadAccess {
  readonly via: 'admin' | 'owner' | 'grant';
  readonly grant?: Grant;
  readonly masked: MaskingPlan;
  /** The store's masking key, present when `masked` hashes a field (never to print or store). */
  readonly maskingKey?: MaskingKey;
  /** Set when the grant pins an older major version that is still inside its migration window. */
  readonly migration?: {
    readonly pinnedMajor: number;
    readonly currentMajor: number;
    readonly windowEndsAt: string;
  };
}

/** When the product's current major version was first registered (ISO), from its version history. */
export async function majorSince(
  s: EngineSession,
  d: ProductDescriptor,
  cache?: CatalogCache,
): Promise<string> {
  const load = () =>
    s.query('SELECT version, created_at FROM mw_product_versions WHERE product_id = $1', [d.id]);
  const rows = cache === undefined ? await load() : await cache.get(`versions:${d.id}`, load);
  const major = majorOf(d.version);
  const times = rows
    .filter((r) => majorOf(String(r.version)) === major)
    .map((r) => String(r.created_at))
    .sort();
  return times[0] ?? d.createdAt;
}

/** The end of the migration window that opened when the product's current major version was registered. */
export async function migrationWindowEnd(
  s: EngineSession,
  d: ProductDescriptor,
  cache?: CatalogCache,
): Promise<string> {
  const days = d.access?.migrationWindowDays ?? DEFAULT_MIGRATION_WINDOW_DAYS;
  return new Date(Date.parse(await majorSince(s, d, cache)) + days * 86_400_000).toISOString();
}

/**
 * Decides whether the acting principal may read a product through its output port: platform admins and owners of
 * the product's domain always may (unmasked); anyone else needs an active grant for a published or deprecated
 * product, pinned to its current major version or to an older one still inside the migration window. With `served`
 * (an older major's descriptor, read through `query --version`), consumers may read it only while the migration
 * window that the current major opened is open. PII fields are masked unless the grant includes PII; `hash` masking
 * is keyed with the store's masking secret.
 * @throws MeshError `unauthorized` saying what is missing and how to get access.
 */
export async function decideRead(
  g: GovernedContext,
  s: EngineSession,
  d: ProductDescriptor,
  served?: ProductDescriptor,
): Promise<ReadAccess> {
  const p = g.principal;
  if (isPlatformAdmin(p)) return { via: 'admin', masked: NO_MASKING };
  if (canManageDomain(p, d.domain)) return { via: 'owner', masked: NO_MASKING };
  const at = g.now().toISOString();
  // The per-process cache serves reads outside a transaction (its holder synced it at the start of the read).
  const cache = g.cache !== undefined && isEngine(s) ? g.cache : undefined;
  const loadGrants = () => governanceStores.access.listGrants(s, { productId: d.id, principalId: p.id });
  const mine = (
    cache === undefined ? await loadGrants() : await cache.get(`grants:${d.id}:${p.id}`, loadGrants)
  ).filter((gr) => gr.port === DEFAULT_PORT);
  const active = mine.filter((gr) => isGrantActive(gr, at));
  if (active.length === 0) {
    const last = mine[0];
    const why =
      last === undefined
        ? `${d.id} is private to domain ${d.domain} until access is granted`
        : last.revokedAt !== null
          ? `your grant #${last.id} on ${d.id} was revoked at ${last.revokedAt}`
          : `your grant #${last.id} on ${d.id} expired at ${last.expiresAt ?? ''}`;
    throw unauthorized(
      p,
      `read ${d.id}`,
      `${why}; request access: meshwork access request ${d.id} --purpose "<why you need it>"`,
    );
  }
  if (d.status !== 'published' && d.status !== 'deprecated') {
    throw unauthorized(
      p,
      `read ${d.id}`,
      `it is ${d.status}: consumers read a product only while it is published or deprecated`,
    );
  }
  const current = majorOf(d.version);
  // Prefer a grant on the current major, then one with PII.
  const ranked = [...active].sort(
    (a, b) =>
      Number(b.majorVersion >= current) - Number(a.majorVersion >= current) || Number(b.pii) - Number(a.pii),
  );
  const grant = ranked[0] as Grant;
  // Masking follows the schema of the version read: an older major has the fields it had.
  const masked = grant.pii ? NO_MASKING : maskingPlanFor((served ?? d).schema);
  const loadKey = () => loadMaskingKey(s, at);
  const keyed = planHashes(masked)
    ? { maskingKey: cache === undefined ? await loadKey() : await cache.get('masking-key', loadKey) }
    : {};
  const windowEndsAt = await migrationWindowEnd(s, d, cache);
  // What a read inside the current major's migration window sees: the grant, and the window it reads within.
  const inWindow = (): ReadAccess => ({
    via: 'grant',
    grant,
    masked,
    ...keyed,
    migration: { pinnedMajor: grant.majorVersion, currentMajor: current, windowEndsAt },
  });
  if (served !== undefined && majorOf(served.version) < current) {
    // An older major stays readable to consumers while the migration window of the current one is open.
    if (at < windowEndsAt) return inWindow();
    throw unauthorized(
      p,
      `read ${d.id} version ${served.version}`,
      `major version ${majorOf(served.version)} of ${d.id} was superseded by ${current} and its migration window closed at ${windowEndsAt}; read the current version${grant.majorVersion >= current ? '' : `, after requesting access again for version ${current}`}`,
    );
  }
  if (grant.majorVersion >= current) return { via: 'grant', grant, masked, ...keyed };
  if (at < windowEndsAt) return inWindow();
  throw unauthorized(
    p,
    `read ${d.id}`,
    `your grant #${grant.id} is pinned to major version ${grant.majorVersion}, ${d.id} is at ${current} and the migration window closed at ${windowEndsAt}; request access again for version ${current}`,
  );
}
