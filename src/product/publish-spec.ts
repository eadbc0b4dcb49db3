import semver from 'semver';
import { ProductDocumentStore } from '../catalog/product-document-store.ts';
import { productTableName, storageGeneration } from '../catalog/product-registry.ts';
import type { ContractChange } from '../contract/contract-change.ts';
import { diffVersions } from '../contract/contract-diff.ts';
import { contractToSpec } from '../contract/contract-to-spec.ts';
import {
  type PublishedDocument,
  publishedContract,
  samePublishedData,
} from '../contract/published-document.ts';
import { parseSourceDocument } from '../contract/source-document.ts';
import { checkVersionBump } from '../contract/version-bump.ts';
import type { ProductDescriptor, ProductSpec } from '../core/descriptor.ts';
import type { CarryOverReject } from '../engine/engine.ts';
import { ContractViolationError, isMeshError, MeshError } from '../core/errors.ts';
import { compileContractLevelChecks } from '../contract/compile-quality-checks.ts';
import type { LifecycleResult } from './lifecycle-result.ts';
import { assertDerivedAllowed } from './derived/derived-sql.ts';
import type { DataProduct } from './data-product.ts';
import { guardContractSql } from './quality/contract-sql-check.ts';
import type { MeshContext } from './mesh-context.ts';
import { ProductGuard } from './product-guard.ts';
import { toTableSpec } from './table-spec.ts';
import { DEFAULT_REJECT_LIMIT, planCarryOver } from './carry-over-plan.ts';

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
  /**
   * What happened to the stored rows when the version opened a new storage generation (a new major, or a new 0.x
   * minor): null when it did not.
   */
  readonly storage: PublishStorage | null;
}

/** The new table a version opened, and the rows carried over into it from the previous one. */
export interface PublishStorage {
  readonly table: string;
  /** The previous generation's table, which keeps serving the previous major to its readers. */
  readonly previousTable: string;
  /** `carried` (rows that fit were copied) or `empty` (asked to start empty). */
  readonly mode: 'carried' | 'empty';
  readonly carried: number;
  readonly rejected: number;
  /** Up to `rejectLimit` rejected rows, each named by its previous key with the reasons it does not fit. */
  readonly rejects: readonly CarryOverReject[];
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
  /**
   * The ODCS and ODPS documents the spec was read from (see `readProductFolder`): stored byte for byte with the
   * version in the same transaction, so that `meshwork test` runs the contract's own quality checks, an export gives
   * the documents back unchanged, and the next version's declared quality checks and servers are compared with them.
   */
  readonly documents?: readonly PublishedDocument[];
  /** Start a new storage generation empty instead of carrying the previous version's rows over. */
  readonly empty?: boolean;
  /** At most this many rejected rows are listed in the outcome (all are counted); 1000 by default. */
  readonly rejectLimit?: number;
}

const documentStore = new ProductDocumentStore();

/**
 * Checks that published documents describe the spec they come with: the same product id and version.
 * @throws MeshError `invalid_input` when they describe another product or version.
 */
export function assertDocumentsDescribe(spec: ProductSpec, documents: readonly PublishedDocument[]): void {
  const contract = publishedContract(documents);
  if (documents.length > 0 && contract === undefined) {
    throw new MeshError(
      'invalid_input',
      `the documents given with ${spec.id} ${spec.version} hold no readable ODCS contract with the role contract; pass what readProductFolder returns`,
    );
  }
  if (contract === undefined) return;
  const product = documents.find((d) => d.role === 'product');
  const described = contractToSpec(
    contract,
    product === undefined ? undefined : parseSourceDocument(product.text, { file: product.file }),
  );
  if (described.id !== spec.id || described.version !== spec.version) {
    throw new MeshError(
      'invalid_input',
      `the documents given with ${spec.id} ${spec.version} describe ${described.id} ${described.version}; publish the spec read from those documents`,
      { details: { productId: spec.id, version: spec.version } },
    );
  }
}

function comparable(spec: ProductSpec | ProductDescriptor): string {
  const { status: _s, createdAt: _c, updatedAt: _u, ...rest } = spec as ProductDescriptor;
  return JSON.stringify(rest);
}

/**
 * What {@link publishSpec} needs of the mesh (a `Mesh` fits): finding and creating products. Declared here rather
 * than importing `Mesh`, whose module imports this one, to keep the module graph free of cycles.
 */
export interface PublishingMesh {
  product(id: string): Promise<DataProduct>;
  createProduct(
    spec: ProductSpec,
    options: { readonly documents?: readonly PublishedDocument[] },
  ): Promise<DataProduct>;
}

/**
 * Registers a spec as the product's published version: creates the product, or upgrades it after a
 * breaking-change check (a breaking change needs a major version; the refusal names the downstream products it
 * would break), migrates storage (a new major gets a new table; a minor adds columns and indexes), and publishes.
 * Publishing an unchanged version again does nothing. With `options.documents`, the ODCS/ODPS documents are stored
 * with the version in the same transaction, and declared quality checks and servers are compared with the previous
 * version's stored contract too.
 * @throws ContractViolationError for an undeclared breaking change; MeshError `conflict` for a changed spec
 * without a new version (or changed documents), a version going backwards, or a refused publish; `invalid_input`
 * when the documents describe another product or version.
 */
export async function publishSpec(
  ctx: MeshContext,
  mesh: PublishingMesh,
  spec: ProductSpec,
  options: PublishSpecOptions = {},
): Promise<PublishSpecOutcome> {
  const existing = await ctx.registry.find(ctx.engine, spec.id);
  await options.beforePublish?.(spec, existing?.descriptor);
  // A new version of a derived product is checked before anything of it is stored (its creation checks again).
  if (existing && spec.derived !== undefined)
    await assertDerivedAllowed(ctx, new ProductGuard(ctx), spec, 'publish');
  // So is the SQL of the contract's quality checks: a version whose checks the guard refuses is not stored.
  await assertContractSqlAllowed(ctx, spec, options.documents ?? []);
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
  // A new product, or a draft replaced by the same version: the version is registered as it comes.
  const created = async (): Promise<PublishSpecOutcome> => ({
    productId: spec.id,
    version: spec.version,
    action: 'created',
    previousVersion: null,
    changes: [],
    lifecycle: await publishIfNeeded(),
    storage: null,
  });
  const documents = options.documents ?? [];
  assertDocumentsDescribe(spec, documents);
  if (!existing) {
    await mesh.createProduct(spec, { documents });
    return created();
  }
  const old = existing.descriptor;
  if (old.status === 'archived') {
    throw new MeshError(
      'conflict',
      `product ${spec.id} is archived; archived products cannot be published again`,
    );
  }
  const stored = await documentStore.list(ctx.engine, old.id, old.version);
  const previousContract = publishedContract(stored);
  const nextContract = publishedContract(documents);
  // Specs hold one schema object with flat fields and neither every declared quality check nor the servers: with
  // a contract on both sides, those are compared in the documents themselves.
  const changes = diffVersions(
    { spec: old, contract: previousContract },
    { spec, contract: nextContract },
  ).changes;
  if (old.version === spec.version && (await isReplaceableDraft(ctx, existing.descriptor))) {
    const sameDocuments =
      stored.length === 0 || documents.length === 0 || samePublishedData(stored, documents);
    if (comparable(old) !== comparable(spec) || !sameDocuments) {
      await replaceDraft(ctx, existing, spec, documents);
      return created();
    }
  }
  if (old.version === spec.version) {
    const sameDocuments =
      stored.length === 0 || documents.length === 0 || samePublishedData(stored, documents);
    if (comparable(old) !== comparable(spec) || !sameDocuments) {
      const listed = changes.map((c) => c.message).slice(0, 5);
      throw new MeshError(
        'conflict',
        `${spec.id} ${spec.version} is already registered with different content; bump the version to publish the change${listed.length > 0 ? ` (${listed.join('; ')})` : ''}`,
        { details: { changes } },
      );
    }
    const differs =
      documents.length > 0 &&
      (stored.length !== documents.length ||
        stored.some((d, i) => d.text !== documents[i]?.text || d.file !== documents[i]?.file));
    if (differs) {
      // Same content: keep the documents as now written (formatting, comments), or attach them for the first time.
      await ctx.engine.transaction((tx) =>
        documentStore.replace(tx, spec.id, spec.version, documents, ctx.now().toISOString()),
      );
    }
    return {
      productId: spec.id,
      version: spec.version,
      action: 'unchanged',
      previousVersion: old.version,
      changes: [],
      lifecycle: await publishIfNeeded(),
      storage: null,
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
  // A new major, or a new minor below 1.0.0 (where a minor step may break), opens a new storage generation.
  const newGeneration = storageGeneration(spec.version) !== storageGeneration(old.version);
  const oldTypes = new Map(old.schema.fields.map((f) => [f.name, f.type]));
  const retyped = spec.schema.fields.filter((f) => oldTypes.has(f.name) && oldTypes.get(f.name) !== f.type);
  if (!newGeneration && retyped.length > 0) {
    throw new MeshError(
      'conflict',
      `${spec.id}: changing the type of ${retyped.map((f) => f.name).join(', ')} needs a new major version, because the stored column changes`,
    );
  }
  const tableName = newGeneration ? productTableName(spec.id, spec.version) : existing.tableName;
  const at = ctx.now().toISOString();
  const storage = await ctx.engine.transaction(async (tx): Promise<PublishStorage | null> => {
    const table = toTableSpec(spec, tableName);
    let moved: PublishStorage | null = null;
    if (newGeneration) {
      if (await tx.tableExists(tableName)) {
        throw new MeshError(
          'already_exists',
          `the store already has a table ${tableName} for ${spec.id} ${spec.version}`,
        );
      }
      await tx.createTable(table);
      const base = { table: tableName, previousTable: existing.tableName, rejects: [] };
      if (options.empty === true || !(await tx.tableExists(existing.tableName))) {
        moved = { ...base, mode: 'empty', carried: 0, rejected: 0 };
      } else {
        // One INSERT … SELECT inside the engine, in this transaction: the rows land with the version or not at all.
        const plan = planCarryOver(
          old,
          spec,
          existing.tableName,
          tableName,
          options.rejectLimit ?? DEFAULT_REJECT_LIMIT,
        );
        const result = await tx.carryOver(plan).catch((error: unknown) => {
          throw new MeshError(
            'conflict',
            `publishing ${spec.id} ${spec.version} could not carry the rows of ${old.version} over (${error instanceof Error ? error.message : String(error)}); fix the rows or the contract, or publish with --empty to start the new version without them`,
            { cause: error, details: { productId: spec.id, from: existing.tableName, to: tableName } },
          );
        });
        moved = {
          ...base,
          mode: 'carried',
          carried: result.copied,
          rejected: result.rejected,
          rejects: result.rejects,
        };
      }
    } else {
      for (const column of table.columns)
        if (!oldTypes.has(column.name)) await tx.addColumn(tableName, column);
      await tx.createTable(table);
    }
    const next: ProductDescriptor = { ...spec, status: old.status, createdAt: old.createdAt, updatedAt: at };
    await ctx.registry.update(tx, next, tableName);
    if (documents.length > 0) await documentStore.replace(tx, spec.id, spec.version, documents, at);
    for (const up of spec.upstream) await ctx.lineage.add(tx, { from: up, to: spec.id, createdAt: at });
    await ctx.accessLog.record(tx, {
      at,
      actor: ctx.actor,
      operation: 'publish',
      productId: spec.id,
      productVersion: spec.version,
      parameters: {
        from: old.version,
        to: spec.version,
        changes: changes.length,
        newTable: newGeneration,
        ...(moved === null
          ? {}
          : {
              table: moved.table,
              previousTable: moved.previousTable,
              rows: moved.mode,
              carried: moved.carried,
              rejected: moved.rejected,
            }),
      },
      rowsAffected: moved?.carried ?? 0,
      outcome: 'ok',
      message: null,
    });
    if (moved !== null && moved.carried > 0) await ctx.registry.touchWrite(tx, spec.id, at);
    return moved;
  });
  return {
    productId: spec.id,
    version: spec.version,
    action: 'upgraded',
    previousVersion: old.version,
    changes,
    lifecycle: await publishIfNeeded(),
    storage,
  };
}

/** A draft that was never published (its only recorded version is this one) may be replaced by the next publish. */
async function isReplaceableDraft(ctx: MeshContext, d: ProductDescriptor): Promise<boolean> {
  if (d.status !== 'draft') return false;
  const versions = await ctx.registry.versions(ctx.engine, d.id);
  return versions.every((v) => v.version === d.version);
}

/**
 * Replaces a never-published draft (left by a refused publish, or created and not published yet) with the spec of
 * the same version: its empty table is created again from the spec, its descriptor and documents replaced.
 * @throws MeshError `conflict` when the draft already holds records.
 */
async function replaceDraft(
  ctx: MeshContext,
  existing: { readonly descriptor: ProductDescriptor; readonly tableName: string },
  spec: ProductSpec,
  documents: readonly PublishedDocument[],
): Promise<void> {
  const at = ctx.now().toISOString();
  await ctx.engine.transaction(async (tx) => {
    if ((await tx.count(existing.tableName)) > 0) {
      throw new MeshError(
        'conflict',
        `${spec.id} ${spec.version} is a draft that already holds records, so it is not replaced; bump the version to publish the change`,
        { details: { productId: spec.id, version: spec.version } },
      );
    }
    await tx.dropTable(existing.tableName);
    const tableName = productTableName(spec.id, spec.version);
    await tx.createTable(toTableSpec(spec, tableName));
    const next: ProductDescriptor = {
      ...spec,
      status: 'draft',
      createdAt: existing.descriptor.createdAt,
      updatedAt: at,
    };
    await ctx.registry.update(tx, next, tableName);
    await documentStore.replace(tx, spec.id, spec.version, documents, at);
    for (const up of spec.upstream) await ctx.lineage.add(tx, { from: up, to: spec.id, createdAt: at });
    await ctx.accessLog.record(tx, {
      at,
      actor: ctx.actor,
      operation: 'create',
      productId: spec.id,
      productVersion: spec.version,
      parameters: { replacedDraft: true, upstream: spec.upstream },
      rowsAffected: 0,
      outcome: 'ok',
      message: null,
    });
  });
}

/**
 * Checks every SQL quality check of the contract being published with the user-SQL guard, against the table the
 * version will have; a refusal is audited as a denied publish and nothing is stored.
 * @throws MeshError `policy_denied` naming the check and the offending node.
 */
async function assertContractSqlAllowed(
  ctx: MeshContext,
  spec: ProductSpec,
  documents: readonly PublishedDocument[],
): Promise<void> {
  const contract = publishedContract(documents);
  if (contract === undefined) return;
  const table = productTableName(spec.id, spec.version);
  for (const check of compileContractLevelChecks(contract)) {
    if (check.kind !== 'sql') continue;
    try {
      await guardContractSql(ctx.engine, check, table, spec.id);
    } catch (error) {
      if (isMeshError(error) && error.code === 'policy_denied')
        await new ProductGuard(ctx).deny(spec, 'publish', error);
      throw error;
    }
  }
}
