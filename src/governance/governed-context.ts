import type { AccessLog } from '../catalog/access-log.ts';
import type { CatalogCache } from '../catalog/catalog-cache.ts';
import type { ProductRegistry } from '../catalog/product-registry.ts';
import type { Engine, EngineSession } from '../engine/engine.ts';
import { AccessStore } from './access-store.ts';
import type { AuditEntry, AuditLog, AuditOutcome } from './audit-log.ts';
import { NotificationStore } from './notification-store.ts';
import { PolicyStore } from './policy-store.ts';
import type { Principal } from './principal.ts';
import { PrincipalStore } from './principal-store.ts';
import type { ReadTrail } from './read-trail.ts';
import { TokenStore } from './token-store.ts';

/** What every governance operation needs: the store, the catalog, the clock, and who is acting with which rights. */
export interface GovernedContext {
  readonly engine: Engine;
  readonly registry: ProductRegistry;
  readonly accessLog: AccessLog;
  /** The audit chain, keyed when the mesh was opened with an audit key. */
  readonly audit: AuditLog;
  readonly now: () => Date;
  /** The id recorded as having acted. */
  readonly actor: string;
  /** The principal whose roles and grants decide what is allowed. */
  readonly principal: Principal;
  /**
   * Look-ups of the read path (grants, policies, versions) kept per process; present only for read decisions made
   * right after {@link CatalogCache.sync}, and used only outside transactions.
   */
  readonly cache?: CatalogCache;
  /** The group commit of read entries: committed before the audit log is read or verified. */
  readonly readTrail?: ReadTrail;
}

/** The governance tables' stores; stateless, so one set serves every handle (the audit log, which holds a key, is per mesh). */
export const governanceStores = {
  principals: new PrincipalStore(),
  tokens: new TokenStore(),
  policies: new PolicyStore(),
  access: new AccessStore(),
  notifications: new NotificationStore(),
} as const;

/** Appends a governance decision or change to the audit log as the acting principal. */
export function audit(
  g: GovernedContext,
  s: EngineSession,
  action: string,
  target: string,
  outcome: AuditOutcome,
  details: Readonly<Record<string, unknown>> = {},
): Promise<AuditEntry> {
  return g.audit.append(s, {
    at: g.now().toISOString(),
    actor: g.actor,
    principal: g.principal.id,
    action,
    target,
    outcome,
    details,
  });
}

/**
 * Runs a governance operation: a refusal (`unauthorized` or `policy_denied`) is audited as `denied` before it is
 * thrown, and leaves nothing else behind because `fn` runs in a transaction that is rolled back.
 */
export async function governed<T>(
  g: GovernedContext,
  action: string,
  target: string,
  fn: (tx: EngineSession) => Promise<T>,
): Promise<T> {
  try {
    return await g.engine.transaction(fn);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'unauthorized' || code === 'policy_denied') {
      await audit(g, g.engine, action, target, 'denied', { message: (error as Error).message });
    }
    throw error;
  }
}
