import semver from 'semver';
import { productTableName } from '../catalog/product-registry.ts';
import type { ContractChange } from '../contract/contract-change.ts';
import { diffContracts } from '../contract/contract-diff.ts';
import { checkVersionBump } from '../contract/version-bump.ts';
import type { ProductDescriptor, ProductSpec } from '../core/descriptor.ts';
import { ContractViolationError, MeshError } from '../core/errors.ts';
import type { LifecycleResult } from './lifecycle-result.ts';
import type { Mesh } from './mesh.ts';
import type { MeshContext } from './mesh-context.ts';
import { toTableSpec } from './table-spec.ts';

/** What publishing a spec did. */
export interface PublishSpecOutcome {
  readonly productId: string;
  readonly version: string;
  /** `created` (new product), `upgraded` (new version), or `unchanged` (same version, same content). */
  readonly action: 'created' | 'upgraded' | 'unchanged';
  readonly previousVersion: string | null;
  /** Differences from the previous version (empty for a new product). */
  readonly changes: readonly ContractChange[];
  /** The lifecycle step taken, when the product was not published already. */
  readonly lifecycle: LifecycleResult | null;
}

/** Settings of {@link publishSpec}. */
export interface PublishSpecOptions {
  /** Called before anything is stored; throw to refuse (the governance policy hook point). */
  readonly beforePublish?: (
    spec: ProductSpec,
    previous: ProductDescriptor | undefined,
  ) => Promise<void> | void;
  /** Lists the consumers holding access to a product, named in a breaking-change refusal. */
  readonly consumers?: (productId: string) => Promise<readonly string[]>;
}

function comparable(spec: ProductSpec | ProductDescriptor): string {
  const { status: _s, createdAt: _c, updatedAt: _u, ...rest } = spec as ProductDescriptor;
  return JSON.stringify(rest);
}

/**
 * Registers a spec as the product's published version: creates the product, or upgrades it after a
 * breaking-change check (a breaking change needs a major version; the refusal names the downstream products it
 * would break), migrates storage (a new major gets a new table; a minor adds columns and indexes), and publishes.
 * Publishing an unchanged version again does nothing.
 * @throws ContractViolationError for an undeclared breaking change; MeshError `conflict` for a changed spec
 * without a new version, a version going backwards, or a refused publish.
 */
export async function publishSpec(
  ctx: MeshContext,
  mesh: Mesh,
  spec: ProductSpec,
  options: PublishSpecOptions = {},
): Promise<PublishSpecOutcome> {
  const existing = await ctx.registry.find(ctx.engine, spec.id);
  await options.beforePublish?.(spec, existing?.descriptor);
  const publishIfNeeded = async (): Promise<LifecycleResult | null> => {
    const product = await mesh.product(spec.id);
    const d = await product.descriptor();
    if (d.status === 'published') return null;
    const result = await product.publish();
    if (!result.ok) {
      throw new MeshError(
        'conflict',
        `${spec.id} ${spec.version} is stored but was not published: ${result.reasons.join('; ')}`,
        {
          details: { reasons: result.reasons },
        },
      );
    }
    return result;
  };
  if (!existing) {
    await mesh.createProduct(spec);
    return {
      productId: spec.id,
      version: spec.version,
      action: 'created',
      previousVersion: null,
      changes: [],
      lifecycle: await publishIfNeeded(),
    };
  }
  const old = existing.descriptor;
  if (old.status === 'archived') {
    throw new MeshError(
      'conflict',
      `product ${spec.id} is archived; archived products cannot be published again`,
    );
  }
  const changes = diffContracts(old, spec).changes;
  if (old.version === spec.version) {
    if (comparable(old) !== comparable(spec)) {
      const listed = changes.map((c) => c.message).slice(0, 5);
      throw new MeshError(
        'conflict',
        `${spec.id} ${spec.version} is already registered with different content; bump the version to publish the change${listed.length > 0 ? ` (${listed.join('; ')})` : ''}`,
        { details: { changes } },
      );
    }
    return {
      productId: spec.id,
      version: spec.version,
      action: 'unchanged',
      previousVersion: old.version,
      changes: [],
      lifecycle: await publishIfNeeded(),
    };
  }
  if (semver.lt(spec.version, old.version)) {
    throw new MeshError(
      'conflict',
      `${spec.id} is at ${old.version}; a new version must be higher, got ${spec.version}`,
    );
  }
  const bump = checkVersionBump(old.version, spec.version, changes);
  if (!bump.ok) {
    const downstream = (await ctx.lineage.outOf(ctx.engine, spec.id)).map((e) => e.to);
    const consumers = [...new Set((await options.consumers?.(spec.id)) ?? [])];
    const breaking = changes.filter((c) => c.kind === 'breaking');
    const issues = breaking.map((c) => ({ path: c.path.split('.'), code: c.code, message: c.message }));
    throw new ContractViolationError(
      `publishing ${spec.id} ${spec.version} refused: ${bump.issue.message}${
        breaking.length > 0 ? `; breaking changes: ${breaking.map((c) => c.message).join('; ')}` : ''
      }${downstream.length > 0 ? `; it would break downstream products ${downstream.join(', ')}` : ''}${
        consumers.length > 0 ? `; consumers with access: ${consumers.join(', ')}` : ''
      }`,
      issues.length > 0 ? issues : [bump.issue],
      { details: { required: bump.required, actual: bump.actual, downstream, consumers, changes } },
    );
  }
  const newMajor = semver.major(spec.version) !== semver.major(old.version);
  const oldTypes = new Map(old.schema.fields.map((f) => [f.name, f.type]));
  const retyped = spec.schema.fields.filter((f) => oldTypes.has(f.name) && oldTypes.get(f.name) !== f.type);
  if (!newMajor && retyped.length > 0) {
    throw new MeshError(
      'conflict',
      `${spec.id}: changing the type of ${retyped.map((f) => f.name).join(', ')} needs a new major version, because the stored column changes`,
    );
  }
  const tableName = newMajor ? productTableName(spec.id, spec.version) : existing.tableName;
  const at = ctx.now().toISOString();
  await ctx.engine.transaction(async (tx) => {
    const table = toTableSpec(spec, tableName);
    if (newMajor) {
      if (await tx.tableExists(tableName)) {
        throw new MeshError(
          'already_exists',
          `the store already has a table ${tableName} for ${spec.id} ${spec.version}`,
        );
      }
      await tx.createTable(table);
    } else {
      for (const column of table.columns)
        if (!oldTypes.has(column.name)) await tx.addColumn(tableName, column);
      await tx.createTable(table);
    }
    const next: ProductDescriptor = { ...spec, status: old.status, createdAt: old.createdAt, updatedAt: at };
    await ctx.registry.update(tx, next, tableName);
    for (const up of spec.upstream) await ctx.lineage.add(tx, { from: up, to: spec.id, createdAt: at });
    await ctx.accessLog.record(tx, {
      at,
      actor: ctx.actor,
      operation: 'publish',
      productId: spec.id,
      productVersion: spec.version,
      parameters: { from: old.version, to: spec.version, changes: changes.length, newTable: newMajor },
      rowsAffected: 0,
      outcome: 'ok',
      message: null,
    });
  });
  return {
    productId: spec.id,
    version: spec.version,
    action: 'upgraded',
    previousVersion: old.version,
    changes,
    lifecycle: await publishIfNeeded(),
  };
}
