import type { AccessLogEntry, AccessLogQuery } from '../catalog/access-log.ts';
import { CatalogCache } from '../catalog/catalog-cache.ts';
import {
  type Domain,
  type DomainDefinition,
  DomainRegistry,
  type DomainSummary,
} from '../catalog/domain-registry.ts';
import type { EventQuery } from '../catalog/events/event-outbox.ts';
import type { MeshEvent } from '../catalog/events/event-types.ts';
import type { ImpactReport } from '../catalog/lineage/impact-analysis.ts';
import type { LineageGraphView, LineageWalkOptions } from '../catalog/lineage/lineage-graph.ts';
import type { OpenLineageRunEvent } from '../catalog/lineage/to-openlineage.ts';
import { LineageStore } from '../catalog/lineage-store.ts';
import { ProductDocumentStore } from '../catalog/product-document-store.ts';
import { type ProductListFilter, ProductRegistry, productTableName } from '../catalog/product-registry.ts';
import { SearchIndex, type SearchIndexOptions } from '../catalog/search/search-index.ts';
import type { SearchFilters, SearchHits } from '../catalog/search/search-query.ts';
import { SEARCH_SNAPSHOT_SUFFIX } from '../catalog/search/search-snapshot.ts';
import { type ProductSource, SourceRegistry } from '../catalog/source-registry.ts';
import type { PublishedDocument } from '../contract/published-document.ts';
import { PRODUCT_ID_PATTERN, type ProductDescriptor, type ProductSpec } from '../core/descriptor.ts';
import { ContractViolationError, MeshError } from '../core/errors.ts';
import { bindFilter } from '../core/filter/bind-filter.ts';
import { closestName } from '../core/filter/closest-name.ts';
import { toFilter } from '../core/filter/to-filter.ts';
import { parseProductSpec } from '../core/parse-product-spec.ts';
import { compileRecordValidator } from '../core/validation/compile-record-validator.ts';
import { canInterrupt, type Engine, type EngineCapabilities, type EngineSession } from '../engine/engine.ts';
import { parseMemoryLimit } from '../engine/memory-limit.ts';
import { openEngine, resolveStoreLocation } from '../engine/open-engine.ts';
import { AuditKey } from '../governance/audit-key.ts';
import { AuditLog } from '../governance/audit-log.ts';
import { AuditedAccessLog } from '../governance/audited-access-log.ts';
import { Governance } from '../governance/governance.ts';
import { assertTokenNotEmpty, authenticateToken, resolvePrincipal } from '../governance/identity-service.ts';
import { isPlatformAdmin, LOCAL_ADMIN, type Principal } from '../governance/principal.ts';
import { manageRefusal } from '../governance/product-gate.ts';
import { ReadTrail } from '../governance/read-trail.ts';
import {
  defineDomain,
  type ImpactOptions,
  impactOf,
  type LineageExportOptions,
  lineageView,
  openLineageEvents,
  searchCatalog,
} from './catalog-queries.ts';
import { DataProduct } from './data-product.ts';
import { assertDerivedAllowed } from './derived/derived-sql.ts';
import { readEvents, type TailOptions, tailEvents } from './events/mesh-events.ts';
import { EXTERNAL_SOURCE_PATTERN } from './external-source.ts';
import { recoverWriteJournal } from './ingest-trail.ts';
import type { MeshContext } from './mesh-context.ts';
import { governedContext, ProductGuard } from './product-guard.ts';
import {
  assertDocumentsDescribe,
  type PublishSpecOptions,
  type PublishSpecOutcome,
  publishSpec,
} from './publish-spec.ts';
import { assertContractSqlAllowed } from './quality/assert-contract-sql.ts';
import { readsFirst } from './reads-first-engine.ts';
import { type SourceStatus, sourceStatus } from './source-status.ts';
import { prepareStore } from './store-setup.ts';
import { toTableSpec } from './table-spec.ts';
import { MeshWebhooks } from './webhooks/mesh-webhooks.ts';
import { WEBHOOK_TARGET_POLICIES, type WebhookTargetPolicy } from './webhooks/webhook-target.ts';

/** Most products an unknown-product error lists by name; past it, the error points at search instead. */
const KNOWN_PRODUCTS_LISTED = 5;

/** Options for {@link Mesh.open}. */
export interface MeshOptions {
  /** A DuckDB file path, `:memory:`, or a PostgreSQL URL (`postgres://…`). Default: `MESHWORK_STORE`, then `./.meshwork/mesh.duckdb`. */
  readonly store?: string;
  /** Environment to read `MESHWORK_STORE` from (default: none; the CLI passes `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** An engine opened by the caller; the mesh then does not close it. */
  readonly engine?: Engine;
  /**
   * Open the store read-only: catalog reads work and nothing is written (no catalog set-up, no audit entries), so
   * several processes may read one store at once and a store in a read-only folder can be read. Operations that
   * write, including audited data reads, are refused with `storage_unavailable`. Implies `create: false`.
   */
  readonly readOnly?: boolean;
  /** Create the store when it does not exist (default true); false refuses a missing store with `not_found`. */
  readonly create?: boolean;
  /** The principal recorded in the access log (default `anonymous`). */
  readonly actor?: string;
  /** The clock (default: the system clock). */
  readonly now?: () => Date;
  /**
   * The registered principal to act as (governance: its roles and grants decide what is allowed). Without a principal
   * or a token the mesh acts as the local admin `local-admin`: whoever can open an embedded store already has it all.
   */
  readonly principal?: string;
  /**
   * An API token (`mwt_…`) to authenticate with instead of naming a principal. An empty or whitespace-only token is
   * refused (`unauthorized`), never taken as "no token".
   */
  readonly token?: string;
  /** Where the token came from, named when it is refused, e.g. `--token` or `$MESHWORK_TOKEN` (default: `the token option`). */
  readonly tokenSource?: string;
  /**
   * The secret the audit chain is keyed with (HMAC-SHA256), kept outside the store: text or bytes, at least 16
   * bytes, or an {@link AuditKey}. With it every entry and the head record carry an HMAC that nobody without the key
   * can recompute; without it the chain uses plain SHA-256 hashes, which only detect accidental damage. The mesh
   * reads no environment for it: the CLI resolves `MESHWORK_AUDIT_KEY` / `MESHWORK_AUDIT_KEY_FILE` and passes it in.
   */
  readonly auditKey?: string | Uint8Array | AuditKey;
  /**
   * Make every successful read wait until its access-log and audit entries are committed (default false: they are
   * committed in groups a few milliseconds later, and always before `close` returns; see docs/governance.md, "Reads
   * are audited in group commits"). Writes always commit their entries in their own transaction.
   */
  readonly durableAudit?: boolean;
  /**
   * Where webhooks may deliver: `any` address (the default, for a mesh used by one team on its machine) or only
   * `public` ones, refusing loopback, private and link-local targets at registration and at every delivery (what
   * `meshwork serve` uses unless started with `--webhook-allow-private`).
   */
  readonly webhookTargets?: WebhookTargetPolicy;
  /**
   * The most memory the engine may use for its buffers (sorts, joins, aggregations, intermediate results), as a size
   * such as `2GB` or `512MiB`, or a number of bytes; at least 64 MiB. A statement that needs more fails with
   * `storage_unavailable` (reason `memory_limit`) and the store stays usable. Default: the engine's own (DuckDB: 80%
   * of the machine's memory). Ignored when `engine` is given.
   */
  readonly memoryLimit?: string | number;
  /**
   * How long, in milliseconds, SQL written by users may run: a derived product's refresh query and each SQL quality
   * check of a contract. A statement still running then is stopped and its transaction rolled back (nothing is
   * written); the refresh fails, and the quality check is reported as an error, both with `storage_unavailable`
   * (`details.reason: 'interrupted'`). Default 300000 (5 minutes); 0 means no limit.
   */
  readonly userSqlTimeoutMs?: number;
}

/** The default of {@link MeshOptions.userSqlTimeoutMs}: 5 minutes. */
export const DEFAULT_USER_SQL_TIMEOUT_MS = 300_000;

function toAuditKey(key: MeshOptions['auditKey']): AuditKey | undefined {
  if (key === undefined) return undefined;
  return key instanceof AuditKey ? key : AuditKey.from(key, 'the audit key given to Mesh.open');
}

/** Where the search index snapshot of a store lives: beside a local store file, written unless it is read-only. */
function searchIndexOptions(engine: Engine): SearchIndexOptions {
  if (!engine.capabilities.localFile) return {};
  return { snapshotFile: `${engine.location}${SEARCH_SNAPSHOT_SUFFIX}`, writeSnapshot: !engine.readOnly };
}

/** Options for {@link Mesh.createProduct}. */
export interface CreateProductOptions {
  /** What to do when a product with the id exists: `error` (default) or `reuse` it unchanged. */
  readonly ifExists?: 'error' | 'reuse';
  /** The ODCS/ODPS documents the spec was read from, stored with the first version (see `readProductFolder`). */
  readonly documents?: readonly PublishedDocument[];
}

const documentStore = new ProductDocumentStore();

/**
 * The entry point: a store holding the catalog and every product's data.
 * @example
 * const mesh = await Mesh.open({ store: './.meshwork/mesh.duckdb' });
 * const sales = await mesh.createProduct(spec);
 * await sales.ingest(records);
 * await mesh.close();
 */
export class Mesh {
  readonly #ctx: MeshContext;
  readonly #ownsEngine: boolean;
  /** This handle came from `Mesh.open`: closing it closes the read trail its other handles share. */
  readonly #ownsTrail: boolean;

  private constructor(ctx: MeshContext, ownsEngine: boolean, ownsTrail = false) {
    this.#ctx = ctx;
    this.#ownsEngine = ownsEngine;
    this.#ownsTrail = ownsTrail;
  }

  /**
   * Opens (creating if needed, unless `create: false` or `readOnly`) a store and its catalog.
   * Opening a store already set up by this version only checks its schema version; a new store, or one an older
   * version wrote, is set up once (see docs/architecture or `prepareStore`).
   * @throws MeshError `storage_unavailable` when the store cannot be opened or a newer Meshwork wrote it (its schema
   * version is higher than this code's); `not_found` when it is missing and may not be created; `invalid_input` when the file is empty or not a store; `unauthorized` for an empty, malformed,
   * unknown, expired or revoked token.
   */
  static async open(options: MeshOptions = {}): Promise<Mesh> {
    if (options.webhookTargets !== undefined && !WEBHOOK_TARGET_POLICIES.includes(options.webhookTargets)) {
      throw new MeshError(
        'invalid_input',
        `webhookTargets must be ${WEBHOOK_TARGET_POLICIES.join(' or ')}, got ${JSON.stringify(options.webhookTargets)}`,
      );
    }
    const userSqlTimeoutMs = options.userSqlTimeoutMs ?? DEFAULT_USER_SQL_TIMEOUT_MS;
    if (!Number.isSafeInteger(userSqlTimeoutMs) || userSqlTimeoutMs < 0) {
      throw new MeshError(
        'invalid_input',
        `userSqlTimeoutMs must be a whole number of milliseconds, 0 or more, got ${options.userSqlTimeoutMs}`,
      );
    }
    // Before the store is opened (or created): an empty token is a mistake, never a way to act as the local admin.
    if (options.token !== undefined)
      assertTokenNotEmpty(options.token, options.tokenSource ?? 'the token option');
    const memoryLimitBytes =
      options.memoryLimit === undefined
        ? undefined
        : parseMemoryLimit(String(options.memoryLimit), 'the memoryLimit option');
    const engine =
      options.engine ??
      (await openEngine(resolveStoreLocation(options.store, options.env ?? {}), {
        ...(options.readOnly !== undefined ? { readOnly: options.readOnly } : {}),
        ...(options.create !== undefined ? { create: options.create } : {}),
        ...(memoryLimitBytes !== undefined ? { memoryLimitBytes } : {}),
      }));
    const registry = new ProductRegistry(new SearchIndex(searchIndexOptions(engine)));
    let auditLog: AuditLog;
    try {
      auditLog = new AuditLog(toAuditKey(options.auditKey));
      // A store at this schema version is only checked; a new or older one is set up once. A read-only store is
      // read as it is (only a newer version is refused): setting up writes, and a store this version wrote has it.
      await prepareStore(engine, {
        auditLog,
        registry,
        at: (options.now ?? (() => new Date()))().toISOString(),
      });
    } catch (error) {
      if (!options.engine) await engine.close();
      throw error;
    }
    let principal: Principal = LOCAL_ADMIN;
    try {
      if (options.token !== undefined)
        principal = await authenticateToken(
          engine,
          options.token,
          (options.now ?? (() => new Date()))(),
          auditLog,
        );
      else if (options.principal !== undefined) principal = await resolvePrincipal(engine, options.principal);
    } catch (error) {
      if (!options.engine) await engine.close();
      throw error;
    }
    // A read-only handle leaves recovery to the next handle that may write.
    if (!options.engine && !engine.readOnly) {
      try {
        await recoverWriteJournal(engine, auditLog);
      } catch (error) {
        // Without the chain's key the missing entries cannot be written; the next open with the key writes them,
        // and a store that cannot be recovered must still open so that `audit verify` can say why.
        if (!(error instanceof MeshError && error.code === 'conflict')) {
          await engine.close();
          throw error;
        }
      }
    }
    const named = options.token !== undefined || options.principal !== undefined;
    const readTrail = new ReadTrail(engine, auditLog, {
      ...(options.durableAudit === undefined ? {} : { durable: options.durableAudit }),
    });
    const ctx: MeshContext = {
      // Writes (and refusals) commit the queued reads first, so the chain keeps the order of events in this process.
      engine: readsFirst(engine, readTrail),
      registry,
      accessLog: new AuditedAccessLog(auditLog, principal.id, readTrail),
      // A store file opened read-only cannot change while it is open (DuckDB lets no process write it meanwhile).
      cache: new CatalogCache({ unchanging: engine.readOnly && engine.capabilities.localFile }),
      readTrail,
      audit: auditLog,
      lineage: new LineageStore(),
      sources: new SourceRegistry(),
      domains: new DomainRegistry(),
      now: options.now ?? (() => new Date()),
      actor: options.actor ?? (named ? principal.id : 'anonymous'),
      principal,
      ...(options.webhookTargets === undefined ? {} : { webhookTargets: options.webhookTargets }),
      ...(userSqlTimeoutMs === 0 ? {} : { userSqlTimeoutMs }),
    };
    return new Mesh(ctx, options.engine === undefined, true);
  }

  /** Where the store lives. */
  get store(): string {
    return this.#ctx.engine.location;
  }

  /** The principal this handle acts as. */
  get actor(): string {
    return this.#ctx.actor;
  }

  /** The principal whose roles and grants decide what this handle may do (`local-admin` by default). */
  get principal(): Principal {
    return this.#ctx.principal ?? LOCAL_ADMIN;
  }

  /**
   * A handle on the same store acting as another registered principal (recorded as its id).
   * @throws MeshError `unauthorized` when no such principal is registered.
   * @example const bob = await mesh.as('bob'); await bob.governance.requestAccess({ product: 'sales.transactions', purpose: 'forecast' });
   */
  async as(principal: string | Pick<Principal, 'id'>): Promise<Mesh> {
    const p = await resolvePrincipal(
      this.#ctx.engine,
      typeof principal === 'string' ? principal : principal.id,
      this.#ctx.cache,
    );
    return new Mesh(
      {
        ...this.#ctx,
        principal: p,
        actor: p.id,
        accessLog: new AuditedAccessLog(this.#ctx.audit, p.id, this.#ctx.readTrail),
      },
      false,
    );
  }

  /**
   * Returns a handle acting as the same principal whose product reads (rows, counts, analytics, exports) are refused
   * once `signal` has aborted and interrupted when it aborts while they run (`storage_unavailable`), when the engine
   * can interrupt reads; otherwise this handle. Writes are never interrupted. Closing it closes nothing.
   * @example const bounded = mesh.withReadSignal(AbortSignal.timeout(5000));
   */
  withReadSignal(signal: AbortSignal): Mesh {
    const engine = this.#ctx.engine;
    if (!canInterrupt(engine)) return this;
    return new Mesh({ ...this.#ctx, engine: engine.withReadSignal(signal) }, false);
  }

  /**
   * Reads the events outbox after a cursor, as this handle's principal (docs/events.md, "Who reads which events").
   * @throws MeshError `invalid_input` for a bad cursor, limit or type.
   * @example const page = await mesh.events({ after: 0, types: ['product.published'], limit: 50 });
   */
  events(query: EventQuery = {}): Promise<MeshEvent[]> {
    return readEvents(this.#ctx, query);
  }

  /** Follows the outbox live (polling), from `query.after`, until the signal aborts; see {@link tailEvents}. */
  tailEvents(query: EventQuery = {}, options: TailOptions = {}): AsyncGenerator<MeshEvent, void, undefined> {
    return tailEvents(this.#ctx, query, options);
  }

  /** Webhooks as this handle's principal: register, list, remove, deliveries, redeliver, and the dispatcher. */
  get webhooks(): MeshWebhooks {
    return new MeshWebhooks(this.#ctx);
  }

  /** Governance as this handle's principal: principals, tokens, policies, compliance, access, notifications, audit. */
  get governance(): Governance {
    return new Governance(governedContext(this.#ctx), this.#ctx.cache);
  }

  /** A handle on the same store acting as another principal. */
  withActor(actor: string): Mesh {
    if (actor.trim() === '') throw new MeshError('invalid_input', 'actor must not be empty');
    return new Mesh({ ...this.#ctx, actor }, false);
  }

  /**
   * Registers a new product (as a draft) from a spec, creates its table and records its upstream lineage; the
   * documents in `options.documents` are stored with the version in the same transaction.
   * @throws ContractViolationError for a malformed spec; MeshError `already_exists` when the id is taken,
   * `invalid_input` when the documents describe another product or version.
   */
  async createProduct(
    input: ProductSpec | unknown,
    options: CreateProductOptions = {},
  ): Promise<DataProduct> {
    const spec = parseProductSpec(input);
    const documents = options.documents ?? [];
    assertDocumentsDescribe(spec, documents);
    if (spec.schema.fields.length === 0) {
      // A table needs at least one column; without this check the engine fails with an internal error.
      // Name the place in what the author wrote: the ODCS contract's properties, or the Meshwork spec's fields.
      const contract = documents.find((d) => d.role === 'contract');
      const where = contract === undefined ? 'schema.fields' : `schema[0].properties of ${contract.file}`;
      const message = `product ${spec.id} has no fields; list at least one under ${where} so it can store records`;
      const path = contract === undefined ? ['schema', 'fields'] : ['schema', 0, 'properties'];
      throw new ContractViolationError(message, [{ path, code: 'required', message }]);
    }
    // Compile once up front so that a broken rule expression is refused before anything is stored.
    compileRecordValidator(spec.schema);
    for (const rule of spec.schema.rules) bindFilter(toFilter(rule.check), spec.schema);
    for (const up of spec.upstream) {
      if (!PRODUCT_ID_PATTERN.test(up) && !EXTERNAL_SOURCE_PATTERN.test(up)) {
        throw new MeshError(
          'invalid_input',
          `upstream "${up}" of ${spec.id} is neither a product id (domain.name) nor an external source (scheme:location)`,
        );
      }
    }
    const ctx = this.#ctx;
    const refusal = manageRefusal(
      governedContext(ctx),
      spec.domain,
      `create products in domain ${spec.domain}`,
    );
    if (refusal && !(options.ifExists === 'reuse' && (await ctx.registry.find(ctx.engine, spec.id)))) {
      await new ProductGuard(ctx).deny(spec, 'create', refusal);
    }
    // A derived product's inputs must exist, be readable by its creator, and its SQL pass the user-SQL guard.
    if (
      spec.derived !== undefined &&
      !(options.ifExists === 'reuse' && (await ctx.registry.find(ctx.engine, spec.id)))
    )
      await assertDerivedAllowed(ctx, new ProductGuard(ctx), spec, 'create');
    // So are the SQL quality checks of its contract: no draft keeps a check its quality runs would refuse.
    if (!(options.ifExists === 'reuse' && (await ctx.registry.find(ctx.engine, spec.id))))
      await assertContractSqlAllowed(ctx, spec, documents, 'create');
    const created = await ctx.engine.transaction(async (tx) => {
      const existing = await ctx.registry.find(tx, spec.id);
      if (existing) {
        if (options.ifExists === 'reuse') return false;
        throw new MeshError(
          'already_exists',
          `product ${spec.id} already exists; use mesh.product('${spec.id}') to open it`,
        );
      }
      for (const up of spec.upstream) {
        if (PRODUCT_ID_PATTERN.test(up) && !(await ctx.registry.find(tx, up))) {
          throw new MeshError(
            'not_found',
            `upstream product ${up} of ${spec.id} is not in the catalog; create it first`,
          );
        }
      }
      const at = ctx.now().toISOString();
      const descriptor: ProductDescriptor = { ...spec, status: 'draft', createdAt: at, updatedAt: at };
      const tableName = productTableName(spec.id, spec.version);
      // Ids such as a__b.c and a.b__c map to the same table name; never hand one product another's table. The
      // exclusive create refuses it without an information-schema look-up, which grows with the number of tables.
      try {
        await tx.createTable(toTableSpec(spec, tableName), { exclusive: true });
      } catch (error) {
        if (!(error instanceof MeshError && error.code === 'already_exists')) throw error;
        throw new MeshError(
          'already_exists',
          `the store already has a table ${tableName}, which product ${spec.id} would use; choose an id without double underscores`,
          { cause: error },
        );
      }
      await ctx.registry.insert(tx, descriptor, tableName);
      if (documents.length > 0) await documentStore.replace(tx, spec.id, spec.version, documents, at);
      await ctx.domains.ensure(tx, spec.domain, at);
      for (const up of spec.upstream) await ctx.lineage.add(tx, { from: up, to: spec.id, createdAt: at });
      await ctx.accessLog.record(tx, {
        at,
        actor: ctx.actor,
        operation: 'create',
        productId: spec.id,
        productVersion: spec.version,
        parameters: { upstream: spec.upstream },
        rowsAffected: 0,
        outcome: 'ok',
        message: null,
      });
      return true;
    });
    void created;
    return new DataProduct(ctx, spec.id);
  }

  /**
   * Opens an existing product.
   * @throws MeshError `not_found` when no product has this id.
   */
  async product(id: string): Promise<DataProduct> {
    const { cache, engine, registry } = this.#ctx;
    // Through the per-process cache, synced first (one small query shared by concurrent calls; see CatalogCache).
    if (cache !== undefined) await cache.sync(engine);
    const load = () => registry.find(engine, id);
    const found = cache === undefined ? await load() : await cache.get(`product:${id}`, load);
    if (!found) {
      const known = (await this.#ctx.registry.list(this.#ctx.engine)).map((r) => r.descriptor.id);
      // A few products are listed; a big catalog would make the message a page, so it says how to find one instead.
      const guess = known.length > KNOWN_PRODUCTS_LISTED ? closestName(id, known) : undefined;
      const hint =
        known.length === 0
          ? 'create it first'
          : known.length <= KNOWN_PRODUCTS_LISTED
            ? `known products: ${known.join(', ')}`
            : guess !== undefined
              ? `did you mean ${guess}?`
              : `find it with \`meshwork search <words>\` or \`meshwork list\` (${known.length} products)`;
      throw new MeshError('not_found', `product ${id} is not in the catalog; ${hint}`);
    }
    return new DataProduct(this.#ctx, id);
  }

  /** Tells whether a product exists. */
  async hasProduct(id: string): Promise<boolean> {
    return (await this.#ctx.registry.find(this.#ctx.engine, id)) !== undefined;
  }

  /** Lists product descriptors, optionally by domain or status. */
  async listProducts(filter: ProductListFilter = {}): Promise<ProductDescriptor[]> {
    return (await this.#ctx.registry.list(this.#ctx.engine, filter)).map((r) => r.descriptor);
  }

  /**
   * Reads the access log across all products (platform admins), or of one product (also its domain's owners).
   * @throws MeshError `unauthorized` for anyone else.
   */
  async accessLog(query: AccessLogQuery = {}): Promise<AccessLogEntry[]> {
    // Entries carry filters that may name personal values: admins read all, domain owners their products'.
    const record =
      query.productId === undefined
        ? undefined
        : await this.#ctx.registry.find(this.#ctx.engine, query.productId);
    if (record) await new ProductGuard(this.#ctx).assertOwner(record.descriptor, 'log');
    else if (!isPlatformAdmin(this.principal)) {
      throw new MeshError(
        'unauthorized',
        `${this.principal.id} may not read the whole access log; only a platform admin may (owners read their products' logs)`,
      );
    }
    return this.#ctx.accessLog.list(this.#ctx.engine, query);
  }

  /** Records which connector feeds a product and with what settings, so that it can be refreshed later. */
  async setSource(productId: string, connector: string, config: object): Promise<void> {
    await new ProductGuard(this.#ctx).assertOwner(
      await (await this.product(productId)).descriptor(),
      'source',
    );
    await this.#ctx.sources.save(
      this.#ctx.engine,
      productId,
      connector,
      config,
      this.#ctx.now().toISOString(),
    );
  }

  /**
   * Checks, before anything is pulled, that the acting principal may feed a connector-fed product (platform admins
   * and owners of the product's domain, like `setSource`).
   * @throws MeshError `not_found` for an unknown product; `unauthorized` for anyone else (audited as denied).
   */
  async assertMayFeed(productId: string): Promise<void> {
    await new ProductGuard(this.#ctx).assertOwner(
      await (await this.product(productId)).descriptor(),
      'source',
    );
  }

  /**
   * Records how a connector pull went (platform admins and owners of the product's domain, like `setSource`).
   * @throws MeshError `unauthorized` for anyone else (audited as denied).
   */
  async markSourceRun(
    productId: string,
    outcome: 'ok' | 'failed',
    message: string | null = null,
  ): Promise<void> {
    await new ProductGuard(this.#ctx).assertOwner(
      await (await this.product(productId)).descriptor(),
      'source',
    );
    await this.#ctx.sources.markRun(
      this.#ctx.engine,
      productId,
      this.#ctx.now().toISOString(),
      outcome,
      message,
    );
  }

  /**
   * How current a connector-fed product is: its source and settings, its last pull and whether its data is older
   * than its SLA's freshness window. Pulls nothing.
   * @throws MeshError `not_found` for an unknown product; `invalid_input` when no connector feeds it.
   * @example const status = await mesh.sourceStatus('external.worldbank_indicators'); if (status.stale) await refreshWorldBank(mesh, status.productId);
   */
  sourceStatus(productId: string): Promise<SourceStatus> {
    return sourceStatus(this.#ctx, productId);
  }

  /** The connector feeding a product, or undefined when none does. */
  source(productId: string): Promise<ProductSource | undefined> {
    return this.#ctx.sources.find(this.#ctx.engine, productId);
  }

  /**
   * Creates a domain or sets its description and owner team (fields left out keep their value). Domains are also
   * registered, undescribed, when their first product is created.
   * @throws MeshError `invalid_input` for a malformed name or empty text.
   * @example await mesh.defineDomain({ name: 'sales', description: 'Orders and revenue', ownerTeam: 'sales-team' })
   */
  defineDomain(input: DomainDefinition): Promise<DomainSummary> {
    return defineDomain(this.#ctx, input);
  }

  /** Lists every domain with its description, owner team and product counts per lifecycle state. */
  listDomains(): Promise<DomainSummary[]> {
    return this.#ctx.domains.list(this.#ctx.engine);
  }

  /** One domain as the catalog describes it (description, owner team, times), or undefined when it was never registered. */
  domain(name: string): Promise<Domain | undefined> {
    return this.#ctx.domains.find(this.#ctx.engine, name);
  }

  /**
   * Searches the catalog: every word of `text` must match a product's id or name, field names, tags, domain, owner,
   * description or field descriptions (whole words, or their start); results come best first with where they
   * matched. An empty text lists the products passing the filters. Archived products are left out unless
   * `filters.status` asks for them. The result also carries `facets`: counts per domain, status, tag, quality level,
   * owner and PII over everything found (not only the `limit` returned). Scoring: see `docs/catalog.md`.
   * @throws MeshError `invalid_input` for bad filters or a text without words.
   * @example await mesh.search('revenue', { domain: 'sales', limit: 5 })
   */
  search(text: string, filters: SearchFilters = {}): Promise<SearchHits> {
    return searchCatalog(this.#ctx, text, filters);
  }

  /**
   * Walks the lineage graph from a product (or an external source) upstream, downstream or both, to any depth;
   * cycles are safe. Without a root, returns the whole graph.
   * @throws MeshError `not_found` for an unknown root, `invalid_input` for a bad direction or depth.
   * @example await mesh.lineageGraph('sales.transactions', { direction: 'down', depth: 2 })
   */
  async lineageGraph(root?: string, options: LineageWalkOptions = {}): Promise<LineageGraphView> {
    return (await lineageView(this.#ctx, root, options)).view;
  }

  /**
   * Exports lineage (a walk from `root`, or the whole graph) as OpenLineage `RunEvent`s, one per product.
   * @throws MeshError `not_found` for an unknown root, `invalid_input` for a bad direction or depth.
   */
  openLineage(root?: string, options: LineageExportOptions = {}): Promise<OpenLineageRunEvent[]> {
    return openLineageEvents(this.#ctx, root, options);
  }

  /**
   * Tells which downstream products (and their readers) a change of a product, or of one of its fields, reaches.
   * @throws MeshError `not_found` for an unknown product, `invalid_input` for an unknown field.
   * @example await mesh.impact('sales.transactions', { field: 'amount' })
   */
  impact(productId: string, options: ImpactOptions = {}): Promise<ImpactReport> {
    return impactOf(this.#ctx, productId, options);
  }

  /**
   * Publishes a spec as the product's current version: creates the product, or checks the change against the
   * previous version (breaking changes need a major version) and migrates its storage; idempotent when unchanged.
   * @throws ContractViolationError for an undeclared breaking change; MeshError `conflict` otherwise refused.
   */
  async publishSpec(
    input: ProductSpec | unknown,
    options: PublishSpecOptions = {},
  ): Promise<PublishSpecOutcome> {
    // An upgrade writes the catalog directly, so it must pass the same role and policy checks as a first publish
    // (which goes through DataProduct.publish and is checked there).
    const governed: PublishSpecOptions = {
      beforePublish: async (spec, previous) => {
        if (previous) await this.governance.checkPublish(spec);
        await options.beforePublish?.(spec, previous);
      },
      consumers: async (productId) =>
        options.consumers
          ? options.consumers(productId)
          : (await this.governance.listGrants({ product: productId })).map((g) => g.principalId),
      ...(options.documents === undefined ? {} : { documents: options.documents }),
      ...(options.empty === undefined ? {} : { empty: options.empty }),
      ...(options.rejectLimit === undefined ? {} : { rejectLimit: options.rejectLimit }),
    };
    return publishSpec(this.#ctx, this, parseProductSpec(input), governed);
  }

  /**
   * Runs `fn` inside one read transaction of its own (a snapshot of the whole store, taken beside this handle's other
   * work and never committed), for a platform admin only: it reads every table. Meant for backups (src/backup).
   * Snapshot isolation is the engine's: DuckDB is MVCC; an engine such as PostgreSQL must begin it REPEATABLE READ.
   * @throws MeshError `unauthorized` when this handle's principal is not a platform admin.
   */
  async snapshot<T>(
    operation: string,
    fn: (
      tx: EngineSession,
      engine: { readonly kind: string; readonly capabilities: EngineCapabilities },
    ) => Promise<T>,
  ): Promise<T> {
    const principal = this.principal;
    if (!isPlatformAdmin(principal)) {
      throw new MeshError(
        'unauthorized',
        `${operation} reads every table of the store, so only a platform admin may run it; ${principal.id} is not one (use an admin token, or run it on the store's machine as the local admin)`,
        { details: { principal: principal.id } },
      );
    }
    const engine = this.#ctx.engine;
    const open = await engine.begin();
    try {
      return await fn(open.session, { kind: engine.kind, capabilities: engine.capabilities });
    } finally {
      await open.rollback();
    }
  }

  /**
   * Commits the queued read entries, then closes the store (when this mesh opened it). Closing the handle
   * `Mesh.open` returned also ends the handles made from it (`as`, `withActor`): their reads are refused afterwards.
   * @throws the error of the last group commit when queued read entries cannot be written (the store is closed anyway).
   */
  async close(): Promise<void> {
    const trail = this.#ctx.readTrail;
    try {
      if (trail !== undefined && !this.#ctx.engine.readOnly) {
        if (this.#ownsTrail) await trail.close();
        else await trail.flush();
      }
    } finally {
      if (this.#ownsEngine) await this.#ctx.engine.close();
    }
  }
}
