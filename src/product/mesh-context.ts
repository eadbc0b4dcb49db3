import type { AccessLog } from '../catalog/access-log.ts';
import type { DomainRegistry } from '../catalog/domain-registry.ts';
import type { LineageStore } from '../catalog/lineage-store.ts';
import type { ProductRegistry } from '../catalog/product-registry.ts';
import type { SourceRegistry } from '../catalog/source-registry.ts';
import type { Engine } from '../engine/engine.ts';
import type { CatalogCache } from '../catalog/catalog-cache.ts';
import type { AuditLog } from '../governance/audit-log.ts';
import type { ReadTrail } from '../governance/read-trail.ts';
import type { Principal } from '../governance/principal.ts';
import type { WebhookTargetPolicy } from './webhooks/webhook-target.ts';

/** What every product handle shares: the engine, the catalog stores, the clock and who is acting. */
export interface MeshContext {
  readonly engine: Engine;
  readonly registry: ProductRegistry;
  readonly accessLog: AccessLog;
  /** The audit chain (keyed when the mesh was opened with an audit key). */
  readonly audit: AuditLog;
  readonly lineage: LineageStore;
  readonly sources: SourceRegistry;
  readonly domains: DomainRegistry;
  /** The current time; injectable for tests. */
  readonly now: () => Date;
  /** The principal id recorded in the access log. */
  readonly actor: string;
  /** Whose roles and grants decide what this handle may do (governance); the local admin when absent. */
  readonly principal?: Principal;
  /** Where webhooks may deliver (`any` when absent); see {@link WebhookTargetPolicy}. */
  readonly webhookTargets?: WebhookTargetPolicy;
  /** Catalog and governance look-ups of the read path, shared by every handle of one `Mesh.open`. */
  readonly cache?: CatalogCache;
  /** The group commit of read entries, shared by every handle of one `Mesh.open`. */
  readonly readTrail?: ReadTrail;
}
