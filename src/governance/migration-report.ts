import { MeshError } from '../core/errors.ts';
import type { Grant } from './access-store.ts';
import { assertCanManageDomain } from './authorization.ts';
import type { GovernedContext } from './governed-context.ts';
import { governanceStores } from './governed-context.ts';
import { majorOf } from './policy-input.ts';
import { majorSince, migrationWindowEnd } from './read-access.ts';

/** A consumer still reading through a grant pinned to an older major version. */
export interface PinnedConsumer {
  readonly grantId: number;
  readonly principalId: string;
  readonly pinnedMajor: number;
  readonly purpose: string;
}

/** Which consumers still read an older major version of a product, and until when they may. */
export interface MigrationReport {
  readonly productId: string;
  readonly version: string;
  readonly currentMajor: number;
  /** When the current major was registered: the migration window opened then. */
  readonly majorSince: string;
  readonly windowEndsAt: string;
  /** Whether the window is still open now. */
  readonly windowOpen: boolean;
  readonly onCurrent: readonly PinnedConsumer[];
  /** Consumers on an older major: they must request access to the new one before the window ends. */
  readonly onOlder: readonly PinnedConsumer[];
}

/**
 * Reports which consumers read a product through grants pinned to an older major version, and when the migration
 * window that opened with the current major closes.
 * @throws MeshError `not_found`; `unauthorized` unless an admin or an owner of the product's domain.
 */
export async function migrationReport(g: GovernedContext, productId: string): Promise<MigrationReport> {
  const record = await g.registry.find(g.engine, productId);
  if (!record) throw new MeshError('not_found', `product ${productId} is not in the catalog`);
  const d = record.descriptor;
  assertCanManageDomain(g.principal, d.domain, `see the consumers of ${d.id}`);
  const at = g.now().toISOString();
  const current = majorOf(d.version);
  const active = await governanceStores.access.activeGrants(g.engine, d.id, at);
  const toPinned = (gr: Grant): PinnedConsumer => ({
    grantId: gr.id,
    principalId: gr.principalId,
    pinnedMajor: gr.majorVersion,
    purpose: gr.purpose,
  });
  const windowEndsAt = await migrationWindowEnd(g.engine, d);
  return {
    productId: d.id,
    version: d.version,
    currentMajor: current,
    majorSince: await majorSince(g.engine, d),
    windowEndsAt,
    windowOpen: at < windowEndsAt,
    onCurrent: active.filter((gr) => gr.majorVersion >= current).map(toPinned),
    onOlder: active.filter((gr) => gr.majorVersion < current).map(toPinned),
  };
}
