import { MeshError } from '../core/errors.ts';
import type { Engine } from '../engine/engine.ts';
import { generateToken, splitToken, tokenSecretMatches } from './api-token.ts';
import { assertPlatformAdmin, unauthorized } from './authorization.ts';
import { audit, type GovernedContext, governanceStores, governed } from './governed-context.ts';
import type { AuditLog } from './audit-log.ts';
import {
  assertPrincipalId,
  formatRole,
  isPlatformAdmin,
  LOCAL_ADMIN,
  PRINCIPAL_KINDS,
  type Principal,
  type PrincipalKind,
  parseRoles,
  type Role,
} from './principal.ts';
import type { StoredPrincipal } from './principal-store.ts';
import type { TokenInfo } from './token-store.ts';
import type { CatalogCache } from '../catalog/catalog-cache.ts';

/** A new principal. */
export interface NewPrincipal {
  readonly id: string;
  /** `user` (default) or `service`. */
  readonly kind?: PrincipalKind;
  readonly displayName?: string;
  /** Roles as text (`admin`, `consumer`, `owner:sales`) or role objects. */
  readonly roles: readonly (string | Role)[];
}

/** Options for creating an API token. */
export interface CreateTokenOptions {
  /** Whose token it is (default: the acting principal). Only admins create tokens for others. */
  readonly principal?: string;
  /** Days until it expires (default 90). Every token expires. */
  readonly expiresInDays?: number;
  /** A label to recognise it by, e.g. `ci`. */
  readonly name?: string;
}

/** A token just created: `token` is the only time the secret is ever shown. */
export interface CreatedToken extends TokenInfo {
  readonly token: string;
}

/** Default lifetime of a token in days. */
export const DEFAULT_TOKEN_DAYS = 90;

/**
 * Registers a principal (platform admins only).
 * @throws MeshError `unauthorized`, `invalid_input` for a bad id, kind or role, `already_exists` when taken.
 */
export function addPrincipal(g: GovernedContext, input: NewPrincipal): Promise<StoredPrincipal> {
  return governed(g, 'principal.add', input.id, async (tx) => {
    assertPlatformAdmin(g.principal, 'add principals');
    assertPrincipalId(input.id);
    if (input.id === LOCAL_ADMIN.id) {
      throw new MeshError(
        'already_exists',
        `${LOCAL_ADMIN.id} is built in: it is who opens an embedded store without a token`,
      );
    }
    const kind = input.kind ?? 'user';
    if (!(PRINCIPAL_KINDS as readonly string[]).includes(kind)) {
      throw new MeshError(
        'invalid_input',
        `principal kind must be ${PRINCIPAL_KINDS.join(' or ')}, got ${kind}`,
      );
    }
    if (await governanceStores.principals.find(tx, input.id)) {
      throw new MeshError('already_exists', `principal ${input.id} already exists; change its roles instead`);
    }
    const principal: StoredPrincipal = {
      id: input.id,
      kind,
      ...(input.displayName ? { displayName: input.displayName } : {}),
      roles: parseRoles(input.roles),
      createdAt: g.now().toISOString(),
      createdBy: g.principal.id,
    };
    await governanceStores.principals.insert(tx, principal);
    await audit(g, tx, 'principal.add', principal.id, 'ok', { kind, roles: principal.roles.map(formatRole) });
    return principal;
  });
}

/**
 * Replaces a principal's roles (platform admins only).
 * @throws MeshError `unauthorized`, `not_found`, `invalid_input` for a bad role.
 */
export function setPrincipalRoles(
  g: GovernedContext,
  id: string,
  roles: readonly (string | Role)[],
): Promise<StoredPrincipal> {
  return governed(g, 'principal.roles', id, async (tx) => {
    assertPlatformAdmin(g.principal, 'change roles');
    const parsed = parseRoles(roles);
    if (!(await governanceStores.principals.setRoles(tx, id, parsed))) {
      throw new MeshError(
        'not_found',
        `principal ${id} does not exist; add it first (meshwork principal add ${id})`,
      );
    }
    await audit(g, tx, 'principal.roles', id, 'ok', { roles: parsed.map(formatRole) });
    return (await governanceStores.principals.find(tx, id)) as StoredPrincipal;
  });
}

/**
 * Lists principals (platform admins only; others see themselves).
 */
export async function listPrincipals(g: GovernedContext): Promise<StoredPrincipal[]> {
  const all = await governanceStores.principals.list(g.engine);
  return isPlatformAdmin(g.principal) ? all : all.filter((p) => p.id === g.principal.id);
}

/**
 * Finds a stored principal by id (the built-in local admin included); with the mesh's cache, synced first (so a
 * principal removed or changed anywhere is seen) and then found without a read when a request found it lately.
 * @throws MeshError `unauthorized` when there is no such principal.
 */
export async function resolvePrincipal(engine: Engine, id: string, cache?: CatalogCache): Promise<Principal> {
  if (id === LOCAL_ADMIN.id) return LOCAL_ADMIN;
  const load = () => governanceStores.principals.find(engine, id);
  if (cache !== undefined) await cache.sync(engine);
  const found = cache === undefined ? await load() : await cache.get(`principal:${id}`, load);
  if (!found) {
    throw new MeshError(
      'unauthorized',
      `principal ${id} is not registered in this store; an admin adds it with meshwork principal add ${id}`,
    );
  }
  const { createdAt: _c, createdBy: _b, ...principal } = found;
  return principal;
}

/**
 * Creates an API token: random, shown once, stored only as a salted SHA-256 hash, expiring.
 * @throws MeshError `unauthorized` when creating one for someone else without being an admin; `not_found`;
 * `invalid_input` for a bad lifetime.
 */
export function createToken(g: GovernedContext, options: CreateTokenOptions = {}): Promise<CreatedToken> {
  const owner = options.principal ?? g.principal.id;
  return governed(g, 'token.create', owner, async (tx) => {
    if (owner !== g.principal.id) assertPlatformAdmin(g.principal, `create tokens for ${owner}`);
    if (owner === LOCAL_ADMIN.id) {
      throw new MeshError(
        'invalid_input',
        `${LOCAL_ADMIN.id} needs no token; create tokens for registered principals`,
      );
    }
    if (!(await governanceStores.principals.find(tx, owner))) {
      throw new MeshError(
        'not_found',
        `principal ${owner} does not exist; add it first (meshwork principal add ${owner})`,
      );
    }
    const days = options.expiresInDays ?? DEFAULT_TOKEN_DAYS;
    if (!(days > 0) || days > 3650) {
      throw new MeshError('invalid_input', `a token lives between a moment and 3650 days, got ${days}`);
    }
    const now = g.now();
    const generated = generateToken();
    const info: TokenInfo = {
      id: generated.id,
      principalId: owner,
      name: options.name ?? null,
      createdAt: now.toISOString(),
      createdBy: g.principal.id,
      expiresAt: new Date(now.getTime() + days * 86_400_000).toISOString(),
      revokedAt: null,
      revokedBy: null,
      lastUsedAt: null,
    };
    await governanceStores.tokens.insert(tx, { ...info, salt: generated.salt, hash: generated.hash });
    await audit(g, tx, 'token.create', `token:${info.id}`, 'ok', {
      principal: owner,
      expiresAt: info.expiresAt,
    });
    return { ...info, token: generated.token };
  });
}

/** Lists tokens (never their secrets): admins see all or one principal's, others their own. */
export async function listTokens(g: GovernedContext, principal?: string): Promise<TokenInfo[]> {
  if (isPlatformAdmin(g.principal)) return governanceStores.tokens.list(g.engine, principal);
  if (principal !== undefined && principal !== g.principal.id) {
    throw unauthorized(g.principal, `list the tokens of ${principal}`, 'only a platform admin may');
  }
  return governanceStores.tokens.list(g.engine, g.principal.id);
}

/**
 * Revokes a token: it stops working at once. Admins revoke any token, others their own.
 * @throws MeshError `not_found`, `unauthorized`, `conflict` when already revoked.
 */
export function revokeToken(g: GovernedContext, tokenId: string): Promise<TokenInfo> {
  return governed(g, 'token.revoke', `token:${tokenId}`, async (tx) => {
    const t = await governanceStores.tokens.find(tx, tokenId);
    if (!t)
      throw new MeshError('not_found', `there is no token ${tokenId}; list them with meshwork token list`);
    if (t.principalId !== g.principal.id)
      assertPlatformAdmin(g.principal, `revoke the tokens of ${t.principalId}`);
    const at = g.now().toISOString();
    if (!(await governanceStores.tokens.revoke(tx, tokenId, at, g.principal.id))) {
      throw new MeshError('conflict', `token ${tokenId} was already revoked at ${t.revokedAt ?? ''}`);
    }
    await audit(g, tx, 'token.revoke', `token:${tokenId}`, 'ok', { principal: t.principalId });
    const { salt: _s, hash: _h, ...info } = t;
    return { ...info, revokedAt: at, revokedBy: g.principal.id };
  });
}

/**
 * Checks that a token given to authenticate with has some text: an empty or whitespace-only token (an unset CI
 * secret, `--token ""`) is refused rather than read as "no token", which would act as the local admin.
 * @throws MeshError `unauthorized` naming where the empty token came from (`source`, e.g. `--token`).
 */
export function assertTokenNotEmpty(token: string, source: string): void {
  if (token.trim() !== '') return;
  throw new MeshError(
    'unauthorized',
    `the token given with ${source} is empty${token === '' ? '' : ' (only whitespace)'}; give a Meshwork token (mwt_…), or leave ${source} unset to act as the local admin of an embedded store`,
    { details: { source } },
  );
}

/** How often (at most) a handle records that a token was used: `last_used_at` is exact to this much. */
export const TOKEN_TOUCH_INTERVAL_MS = 60_000;

/** When each handle last recorded each token's use (by the handle's clock). */
const touchedAt = new WeakMap<Engine, Map<string, number>>();

/** Tells whether a token's use should be recorded now, and notes it when so. */
function shouldTouch(engine: Engine, tokenId: string, now: number): boolean {
  let byToken = touchedAt.get(engine);
  if (byToken === undefined) {
    byToken = new Map();
    touchedAt.set(engine, byToken);
  }
  const last = byToken.get(tokenId);
  if (last !== undefined && now >= last && now - last < TOKEN_TOUCH_INTERVAL_MS) return false;
  byToken.set(tokenId, now);
  return true;
}

/**
 * Authenticates an API token and returns its principal; every refusal is audited (without the secret).
 * @throws MeshError `unauthorized` for an empty, malformed, unknown, wrong, expired or revoked token, or a removed
 * principal.
 */
export async function authenticateToken(
  engine: Engine,
  token: string,
  now: Date,
  auditLog: AuditLog,
  cache?: CatalogCache,
): Promise<Principal> {
  assertTokenNotEmpty(token, 'the token option');
  // With the mesh's cache (synced here: a token revoked or a principal changed anywhere moves its generation), a
  // client's repeated requests find the token and its principal without reading them again.
  if (cache !== undefined) await cache.sync(engine);
  const cached = <T>(key: string, load: () => Promise<T>): Promise<T> =>
    cache === undefined ? load() : cache.get(key, load);
  const at = now.toISOString();
  const refuse = async (target: string, why: string): Promise<never> => {
    // A read-only handle cannot append; its refusal still stops the command (docs/governance.md, read-only opens).
    if (!engine.readOnly)
      await auditLog.append(engine, {
        at,
        actor: 'anonymous',
        principal: 'anonymous',
        action: 'auth.token',
        target,
        outcome: 'denied',
        details: { message: why },
      });
    throw new MeshError('unauthorized', `the token is not accepted: ${why}`);
  };
  const parts = splitToken(token);
  if (!parts) return refuse('', 'it is not a Meshwork token (mwt_…); check MESHWORK_TOKEN or --token');
  const stored = await cached(`token:${parts.id}`, () => governanceStores.tokens.find(engine, parts.id));
  if (!stored || !tokenSecretMatches(parts.secret, stored.salt, stored.hash)) {
    return refuse(`token:${parts.id}`, 'it is unknown or wrong; create a new one with meshwork token create');
  }
  if (stored.revokedAt !== null)
    return refuse(`token:${parts.id}`, `token ${parts.id} was revoked at ${stored.revokedAt}`);
  if (stored.expiresAt <= at)
    return refuse(`token:${parts.id}`, `token ${parts.id} expired at ${stored.expiresAt}`);
  const found = await cached(`principal:${stored.principalId}`, () =>
    governanceStores.principals.find(engine, stored.principalId),
  );
  if (!found) return refuse(`token:${parts.id}`, `its principal ${stored.principalId} no longer exists`);
  // A read-only handle leaves last-used as it was: it may not write. A handle records a token's use at most once per
  // TOKEN_TOUCH_INTERVAL_MS (by its clock), so that a busy client does not cost a committed write per request.
  if (!engine.readOnly && shouldTouch(engine, stored.id, now.getTime()))
    await governanceStores.tokens.touch(engine, stored.id, at);
  const { createdAt: _c, createdBy: _b, ...principal } = found;
  return principal;
}
