import type { Operation } from '../catalog/access-log.ts';
import type { ProductRecord } from '../catalog/product-registry.ts';
import { breakdownKey } from '../core/analytics-spec.ts';
import type { ProductDescriptor } from '../core/descriptor.ts';
import { isMeshError, MeshError } from '../core/errors.ts';
import type { Filter } from '../core/filter/ast.ts';
import { bindFilter } from '../core/filter/bind-filter.ts';
import { type FilterInput, toFilter } from '../core/filter/to-filter.ts';
import type { ProductStatus } from '../core/lifecycle.ts';
import type { EngineSession } from '../engine/engine.ts';
import { audit, type GovernedContext } from '../governance/governed-context.ts';
import { assertNoMaskedFields, maskingPlanFor } from '../governance/masking.ts';
import { LOCAL_ADMIN } from '../governance/principal.ts';
import {
  afterTransition,
  gateIngest,
  gateRead,
  gateTransition,
  manageRefusal,
  publishRefusal,
  type TransitionGate,
  type TransitionRequest,
} from '../governance/product-gate.ts';
import { decideRead, type ReadAccess } from '../governance/read-access.ts';
import type { AnalyticsOptions } from './analytics/analytics-result.ts';
import type { MeshContext } from './mesh-context.ts';
import { findSegmentDefinition, segmentFilter } from './segments/segment-definition.ts';

/** The governance view of a mesh handle: its principal (the local admin when none was given). */
export function governedContext(ctx: MeshContext): GovernedContext {
  return {
    engine: ctx.engine,
    registry: ctx.registry,
    accessLog: ctx.accessLog,
    audit: ctx.audit,
    now: ctx.now,
    actor: ctx.actor,
    principal: ctx.principal ?? LOCAL_ADMIN,
    ...(ctx.readTrail === undefined ? {} : { readTrail: ctx.readTrail }),
  };
}

/** Reads of figures computed from a product's data that are audited without an access-log operation. */
export type FigureRead = 'metrics' | 'quality_report';

/** What a read uses, so that masked fields can be refused before anything is read. */
export interface ReadUse {
  readonly filter?: Filter;
  readonly orderBy?: readonly string[];
  /** Fields aggregated or grouped by. */
  readonly other?: readonly string[];
}

/**
 * Governs one product's operations for a mesh handle: who may change it, who may read it and what they see masked,
 * the policies of the ingest and access events, and lifecycle guards. Every refusal is written to the access log
 * (and so to the audit chain) as `denied` before it is thrown, and nothing else is changed.
 */
export class ProductGuard {
  readonly #ctx: MeshContext;

  constructor(ctx: MeshContext) {
    this.#ctx = ctx;
  }

  get #g(): GovernedContext {
    return governedContext(this.#ctx);
  }

  /**
   * The governance view for read decisions, with the per-process cache: its callers (the read entry points of
   * DataProduct and the segments) have synced the cache with the store at the start of the read.
   */
  get #gRead(): GovernedContext {
    const cache = this.#ctx.cache;
    return cache === undefined ? this.#g : { ...this.#g, cache };
  }

  /** Logs a refused operation as denied, then throws the refusal. */
  async deny(
    d: Pick<ProductDescriptor, 'id' | 'version'>,
    operation: Operation,
    error: MeshError,
  ): Promise<never> {
    // A read-only handle (catalog reads) cannot append; the refusal still stands (docs/governance.md, read-only opens).
    if (this.#ctx.engine.readOnly) throw error;
    await this.#ctx.accessLog.record(this.#ctx.engine, {
      at: this.#ctx.now().toISOString(),
      actor: this.#ctx.actor,
      operation,
      productId: d.id,
      productVersion: d.version,
      parameters: { principal: this.#g.principal.id, code: error.code },
      rowsAffected: 0,
      outcome: 'denied',
      message: error.message,
    });
    throw error;
  }

  async #guarded<T>(d: ProductDescriptor, operation: Operation, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (isMeshError(error) && (error.code === 'unauthorized' || error.code === 'policy_denied')) {
        return this.deny(d, operation, error);
      }
      throw error;
    }
  }

  /**
   * Checks that the acting principal may change the product (platform admin or owner of its domain); for ingest, the
   * `ingest` policies must pass too.
   * @throws MeshError `unauthorized`; PolicyViolationError.
   */
  async assertWrite(d: ProductDescriptor, operation: Operation): Promise<void> {
    const refusal = manageRefusal(this.#g, d.domain, `${operation} ${d.id}`);
    if (refusal) await this.deny(d, operation, refusal);
    if (operation === 'ingest')
      await this.#guarded(d, operation, () => gateIngest(this.#g, this.#ctx.engine, d));
  }

  /** Tells whether the acting principal administers the product (platform admin or owner of its domain); records nothing. */
  mayManage(d: ProductDescriptor): boolean {
    return manageRefusal(this.#g, d.domain, `manage ${d.id}`) === undefined;
  }

  /**
   * Checks that the acting principal administers the product (platform admin or owner of its domain) for an action
   * the access log has no operation for (quality checks, reading the log); a refusal is audited as denied.
   * @throws MeshError `unauthorized`.
   */
  async assertOwner(d: ProductDescriptor, action: string): Promise<void> {
    const refusal = manageRefusal(this.#g, d.domain, `${action} ${d.id}`);
    if (!refusal) return;
    await audit(this.#g, this.#ctx.engine, `product.${action}`, d.id, 'denied', { message: refusal.message });
    throw refusal;
  }

  /**
   * Decides a read: who may read, the `access` policies, and refuses filters, orders and aggregates on the fields
   * masked for the reader.
   * @throws MeshError `unauthorized` or `policy_denied`; PolicyViolationError.
   */
  read(
    d: ProductDescriptor,
    operation: Operation,
    use: ReadUse = {},
    served?: ProductDescriptor,
  ): Promise<ReadAccess> {
    return this.#guarded(served ?? d, operation, async () => {
      const access = await decideRead(this.#gRead, this.#ctx.engine, d, served);
      await gateRead(this.#gRead, this.#ctx.engine, d, access, operation);
      assertNoMaskedFields(d.id, access.masked, use);
      return access;
    });
  }

  /**
   * The older major version the acting principal's grant pins, when it reads through such a grant inside the
   * migration window (undefined otherwise, and when it may not read at all): what a pinned consumer reads by default.
   */
  async pinnedMajor(d: ProductDescriptor): Promise<number | undefined> {
    try {
      return (await decideRead(this.#gRead, this.#ctx.engine, d)).migration?.pinnedMajor;
    } catch (error) {
      if (isMeshError(error) && error.code === 'unauthorized') return undefined;
      throw error;
    }
  }

  /**
   * Tells whether the acting principal may read the product now (role or grant, and the `access` policies), without
   * recording anything: for showing or hiding figures, not for reading them.
   */
  async mayRead(d: ProductDescriptor): Promise<boolean> {
    try {
      const access = await decideRead(this.#gRead, this.#ctx.engine, d);
      await gateRead(this.#gRead, this.#ctx.engine, d, access, 'query');
      return true;
    } catch (error) {
      if (isMeshError(error) && (error.code === 'unauthorized' || error.code === 'policy_denied'))
        return false;
      throw error;
    }
  }

  /**
   * Decides a read of figures computed from the product's data that the access log has no operation for (metrics,
   * stored quality reports): the same decision as {@link ProductGuard.read}, but a refusal is written to the audit log
   * only, as `product.<action>` denied. Record the read afterwards with {@link ProductGuard.recordRead}.
   * @throws MeshError `unauthorized` or `policy_denied`; PolicyViolationError.
   */
  async readFigures(d: ProductDescriptor, action: FigureRead): Promise<ReadAccess> {
    try {
      const access = await decideRead(this.#gRead, this.#ctx.engine, d);
      await gateRead(this.#gRead, this.#ctx.engine, d, access, action);
      return access;
    } catch (error) {
      if (isMeshError(error) && (error.code === 'unauthorized' || error.code === 'policy_denied')) {
        await audit(this.#g, this.#ctx.engine, `product.${action}`, d.id, 'denied', {
          message: error.message,
        });
      }
      throw error;
    }
  }

  /** Appends a read of figures (see {@link ProductGuard.readFigures}) to the audit log as `product.<action>`. */
  async recordRead(
    d: Pick<ProductDescriptor, 'id' | 'version'>,
    action: FigureRead,
    details: Readonly<Record<string, unknown>> = {},
  ): Promise<void> {
    const trail = this.#ctx.readTrail;
    if (trail === undefined || this.#ctx.engine.readOnly) {
      await audit(this.#g, this.#ctx.engine, `product.${action}`, d.id, 'ok', {
        version: d.version,
        ...details,
      });
      return;
    }
    // Queued for the next group commit, like every successful read (docs/governance.md).
    await trail.add({
      audit: {
        at: this.#ctx.now().toISOString(),
        actor: this.#ctx.actor,
        principal: this.#g.principal.id,
        action: `product.${action}`,
        target: d.id,
        outcome: 'ok',
        details: { version: d.version, ...details },
      },
    });
  }

  /** Lists the fields analytics would aggregate, group by or filter on, for the masked-field check. */
  async analyticsUse(d: ProductDescriptor, options: AnalyticsOptions): Promise<ReadUse> {
    const spec = d.analytics;
    const breakdowns = (spec?.breakdowns ?? []).filter(
      (b) => options.breakdowns === undefined || options.breakdowns.includes(b.name),
    );
    const used = new Set(breakdowns.flatMap((b) => b.measures));
    const measures = (spec?.measures ?? []).filter(
      (m) => used.has(m.name) || options.breakdowns === undefined,
    );
    const other = [
      ...measures.flatMap((m) =>
        m.field === undefined || m.fn === 'count' || m.fn === 'count_distinct' ? [] : [m.field],
      ),
      ...breakdowns.map((b) => b.by),
      ...breakdowns.map((b) => breakdownKey(b)),
    ];
    const filters: Filter[] = [];
    if (options.where !== undefined)
      filters.push(bindFilter(toFilter(options.where as FilterInput), d.schema));
    if (options.segment !== undefined && maskingPlanFor(d.schema).size > 0) {
      filters.push(segmentFilter(await findSegmentDefinition(this.#ctx.engine, d, options.segment), d));
    }
    return { other, ...(filters.length > 0 ? { filter: { kind: 'and', items: filters } } : {}) };
  }

  /**
   * Checks a lifecycle change: who may make it, its guards and (for publishing) the publish policies.
   * @returns the gate's outcome; refusals by role are logged and thrown.
   */
  async transition(
    tx: EngineSession,
    d: ProductDescriptor,
    to: ProductStatus,
    request: TransitionRequest,
    runGuards = true,
  ): Promise<TransitionGate | MeshError> {
    const refusal = manageRefusal(this.#g, d.domain, `change the lifecycle of ${d.id}`);
    if (refusal) return refusal;
    if (!runGuards) return { reasons: [], blocking: [], warnings: [] };
    const gate = await gateTransition(this.#g, tx, d, to, request);
    return gate.blocking.length > 0 ? publishRefusal(d.id, gate.blocking) : gate;
  }

  /** Records what a transition leaves behind (policy results, deprecation notices). */
  after(
    tx: EngineSession,
    next: ProductDescriptor,
    gate: TransitionGate,
    request: TransitionRequest,
  ): Promise<void> {
    return afterTransition(this.#g, tx, next, gate, request);
  }

  /**
   * Checks that the acting principal may read every input of a derived product now (admin, owner of the input's
   * domain, or an active grant) and unmasked, since the derived product would copy what it reads; a refusal is
   * audited as denied on the derived product. Returns the inputs' catalog records.
   * @throws MeshError `not_found` for an input missing from the catalog, `unauthorized` or `policy_denied`.
   */
  async assertDerivedInputs(
    d: Pick<ProductDescriptor, 'id' | 'version' | 'derived'>,
    operation: Operation,
  ): Promise<ProductRecord[]> {
    const records: ProductRecord[] = [];
    for (const input of d.derived?.inputs ?? []) {
      const record = await this.#ctx.registry.find(this.#ctx.engine, input);
      if (!record) {
        throw new MeshError(
          'not_found',
          `input product ${input} of ${d.id} is not in the catalog; create it first`,
          { details: { productId: d.id, input } },
        );
      }
      const access = await this.#guardedSpec(d, operation, () =>
        decideRead(this.#g, this.#ctx.engine, record.descriptor),
      );
      if (access.masked.size > 0) {
        await this.deny(
          d,
          operation,
          new MeshError(
            'policy_denied',
            `${operation} of ${d.id} would copy PII of ${input} (${[...access.masked.keys()].join(', ')}) that ${this.#g.principal.id} may only read masked; ask for a grant with PII`,
            { details: { productId: d.id, input } },
          ),
        );
      }
      records.push(record);
    }
    return records;
  }

  async #guardedSpec<T>(
    d: Pick<ProductDescriptor, 'id' | 'version'>,
    operation: Operation,
    fn: () => Promise<T>,
  ): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (isMeshError(error) && (error.code === 'unauthorized' || error.code === 'policy_denied')) {
        return this.deny(d, operation, error);
      }
      throw error;
    }
  }
}
