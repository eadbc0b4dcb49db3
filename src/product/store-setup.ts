import { ensureCatalogTables } from '../catalog/catalog-tables.ts';
import type { ProductRegistry } from '../catalog/product-registry.ts';
import { readStoreSchema, recordStoreSchema } from '../catalog/store-schema.ts';
import type { Engine, EngineSession } from '../engine/engine.ts';
import { type AuditLog, GENESIS_ACTION } from '../governance/audit-log.ts';
import { ensureMaskingSecret } from '../governance/masking-secret.ts';
import { seedDefaultPolicies } from '../governance/policy-service.ts';

/** What the set-up writes with: the audit chain (for the genesis entry and seeded policies), the registry, the time. */
export interface StoreSetupContext {
  readonly auditLog: AuditLog;
  readonly registry: ProductRegistry;
  /** ISO 8601 time recorded on what the set-up creates. */
  readonly at: string;
}

/**
 * Makes a store ready for this code: a store already at this schema version costs one small read and is left
 * untouched; a new store, or one written by an older version, gets the set-up once, in one transaction that ends by
 * recording the schema version. A read-only handle is only checked, never set up.
 * @throws MeshError `storage_unavailable` when a newer Meshwork wrote the store (see {@link readStoreSchema}).
 */
export async function prepareStore(engine: Engine, context: StoreSetupContext): Promise<void> {
  const state = await readStoreSchema(engine, engine.location);
  if (state.kind === 'current' || engine.readOnly) return;
  await engine.transaction(async (tx) => {
    // Another handle may have set the store up between the check and this transaction.
    if ((await tx.tableExists('mw_meta')) && (await readStoreSchema(tx, engine.location)).kind === 'current')
      return;
    await setUpStore(tx, context);
  });
}

/**
 * Creates whatever platform state is missing (tables, masking secret, search index, the audit chain's genesis entry
 * for a new store, the default policies) and records the schema version. Idempotent: running it on a set-up store
 * changes nothing but the marker.
 */
export async function setUpStore(tx: EngineSession, context: StoreSetupContext): Promise<void> {
  const { at, auditLog, registry } = context;
  // A new store (its audit table not there yet) starts its chain with a genesis entry, keyed when a key is given,
  // so that an empty log is known to have been wiped (see docs/governance.md, "The audit log").
  const created = !(await tx.tableExists('mw_audit_log'));
  await ensureCatalogTables(tx);
  await ensureMaskingSecret(tx, at);
  await registry.ensureSearchIndex(tx);
  if (created) {
    await auditLog.start(tx, {
      at,
      actor: 'system',
      principal: 'system',
      action: GENESIS_ACTION,
      target: '',
      outcome: 'ok',
      details: { keyed: auditLog.keyId !== null },
    });
  }
  await seedDefaultPolicies(tx, at, auditLog);
  await recordStoreSchema(tx);
}
