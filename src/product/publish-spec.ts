import semver from 'semver';
import { ProductDocumentStore } from '../catalog/product-document-store.ts';
import { productTableName } from '../catalog/product-registry.ts';
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
import { ContractViolationError, isMeshError, MeshError } from '../core/errors.ts';
import { compileContractLevelChecks } from '../contract/compile-quality-checks.ts';
import type { LifecycleResult } from './lifecycle-result.ts';
import { assertDerivedAllowed } from './derived/derived-sql.ts';
import type { DataProduct } from './data-product.ts';
import { guardContractSql } from './quality/contract-sql-check.ts';
import type { MeshContext } from './mesh-context.ts';
import { ProductGuard } from './product-guard.ts';
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
  /**
   * The ODCS and ODPS documents the spec was read from (see `readProductFolder`): stored byte for byte with the
   * version in the same transaction, so that `meshwork test` runs the contract's own quality checks, an export gives
   * the documents back unchanged, and the next version's declared quality checks and servers are compared with them.
   */
  readonly documents?: readonly PublishedDocument[];
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
  const documents = options.documents ?? [];
  assertDocumentsDescribe(spec, documents);
  if (!existing) {
    await mesh.createProduct(spec, { documents });
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
  const stored = await documentStore.list(ctx.engine, old.id, old.version);
  const previousContract = publishedContract(stored);
  const nextContract = publishedContract(documents);
  // Specs hold one schema object with flat fields and neither every declared quality check nor the servers: with
  // a contract on both sides, those are compared in the documents themselves.
  const changes = diffVersions(
    { spec: old, contract: previousContract },
    { spec, contract: nextContract },
  ).changes;
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
    if (documents.length > 0) await documentStore.replace(tx, spec.id, spec.version, documents, at);
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
