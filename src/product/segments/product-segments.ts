import { SegmentStore } from '../../catalog/segment-store.ts';
import type { ProductDescriptor } from '../../core/descriptor.ts';
import { MeshError } from '../../core/errors.ts';
import { type Filter, filterFields } from '../../core/filter/ast.ts';
import { bindFilter } from '../../core/filter/bind-filter.ts';
import { type FilterInput, toFilter } from '../../core/filter/to-filter.ts';
import { findSegmentFilterProblem } from '../../core/parse-segment-specs.ts';
import { SEGMENT_NAME_PATTERN } from '../../core/segment-spec.ts';
import type { MeshContext } from '../mesh-context.ts';
import type { ProductGuard } from '../product-guard.ts';
import { loadReadableProduct } from '../product-record.ts';
import type { QueryOptions, QueryResult } from '../query-options.ts';
import {
  findSegmentDefinition,
  listSegmentDefinitions,
  type SegmentDefinition,
  segmentFilter,
} from './segment-definition.ts';

/** A new segment to keep in the catalog. */
export interface NewSegment {
  readonly name: string;
  /** A filter expression, e.g. `lifetime_value > 3000 and tier = 'gold'`. */
  readonly where: string;
  readonly description?: string;
}

/** How many records a segment holds right now, and their share of all records. */
export interface SegmentStatistic extends SegmentDefinition {
  readonly count: number;
  /** Percentage of all the product's records (0 when the product is empty). */
  readonly share: number;
}

/**
 * A segment whose size is not shown to the reader: its filter uses fields masked for it, so its size would reveal
 * something about their values.
 */
export interface WithheldSegmentStatistic extends SegmentDefinition {
  readonly count: null;
  readonly share: null;
  /** Why the size is withheld and how to see it. */
  readonly withheld: string;
}

/** Every segment of a product, evaluated at one moment. */
export interface SegmentStatistics {
  readonly productId: string;
  /** ISO time the counts were taken. */
  readonly computedAt: string;
  /** All records of the product. */
  readonly total: number;
  readonly segments: readonly (SegmentStatistic | WithheldSegmentStatistic)[];
}

/** Reads records through the product, so that member reads are access-logged like any query. */
export type SegmentMemberReader = (filter: Filter, options: QueryOptions) => Promise<QueryResult>;

/** How segments reach the product's governance: member reads through its query, decisions through its guard. */
export interface SegmentAccess {
  readonly members: SegmentMemberReader;
  readonly guard: ProductGuard;
}

const store = new SegmentStore();

function share(count: number, total: number): number {
  return total === 0 ? 0 : (count / total) * 100;
}

/**
 * A product's segments: named filter expressions kept in the contract or the catalog and evaluated by the engine on
 * every read, so counts and members always reflect the current data.
 * @example
 * const segments = customers.segments();
 * await segments.create({ name: 'high_value', where: "lifetime_value > 3000 and tier = 'gold'" });
 * (await segments.statistics()).segments // [{ name: 'high_value', count: 2, share: 50, ... }]
 */
export class ProductSegments {
  readonly productId: string;
  readonly #ctx: MeshContext;
  readonly #access: SegmentAccess;

  /** @internal Use `product.segments()`. */
  constructor(ctx: MeshContext, productId: string, access: SegmentAccess) {
    this.#ctx = ctx;
    this.productId = productId;
    this.#access = access;
  }

  /** Logs a read of segment sizes as a `query` access of the product. */
  async #logCount(
    d: ProductDescriptor,
    parameters: { segments: readonly string[]; withheld?: readonly string[] },
  ): Promise<void> {
    await this.#ctx.accessLog.recordRead(this.#ctx.engine, {
      at: this.#ctx.now().toISOString(),
      actor: this.#ctx.actor,
      operation: 'query',
      productId: d.id,
      productVersion: d.version,
      parameters: {
        count: true,
        segments: parameters.segments,
        ...(parameters.withheld && parameters.withheld.length > 0 ? { withheld: parameters.withheld } : {}),
      },
      rowsAffected: 0,
      outcome: 'ok',
      message: null,
    });
  }

  /** Lists the product's segments: those its contract declares, then those created in the catalog. */
  async list(): Promise<SegmentDefinition[]> {
    const { descriptor } = await loadReadableProduct(this.#ctx, this.productId);
    return listSegmentDefinitions(this.#ctx.engine, descriptor);
  }

  /**
   * Finds one segment by name.
   * @throws MeshError `not_found` naming the segments that exist.
   */
  async get(name: string): Promise<SegmentDefinition> {
    const { descriptor } = await loadReadableProduct(this.#ctx, this.productId);
    return findSegmentDefinition(this.#ctx.engine, descriptor, name);
  }

  /**
   * Keeps a new segment in the catalog after checking its filter against the product's schema. Every reader of the
   * product sees it, so only a platform admin or an owner of the product's domain may create one.
   * @throws MeshError `invalid_input` for a bad name or filter, `already_exists` when the name is taken, `unauthorized`
   * for anyone else (audited as a denied `segment` operation).
   */
  async create(segment: NewSegment): Promise<SegmentDefinition> {
    await this.#access.guard.assertWrite(
      (await loadReadableProduct(this.#ctx, this.productId)).descriptor,
      'segment',
    );
    if (!SEGMENT_NAME_PATTERN.test(segment.name)) {
      throw new MeshError(
        'invalid_input',
        `segment name "${segment.name}" must start with a lowercase letter and use a-z, 0-9, _ and - only (at most 63 characters)`,
      );
    }
    const ctx = this.#ctx;
    return ctx.engine.transaction(async (tx) => {
      const { descriptor: d } = await loadReadableProduct(ctx, this.productId, tx);
      const problem = findSegmentFilterProblem(segment.where, d.schema);
      if (problem !== undefined) {
        throw new MeshError('invalid_input', `segment ${segment.name} has an invalid filter: ${problem}`, {
          details: { segment: segment.name, where: segment.where },
        });
      }
      const existing = (await listSegmentDefinitions(tx, d)).find((x) => x.name === segment.name);
      if (existing) {
        throw new MeshError(
          'already_exists',
          `product ${d.id} already has a segment ${segment.name} (from its ${existing.source}); pick another name${existing.source === 'catalog' ? ' or remove it first' : ''}`,
        );
      }
      const at = ctx.now().toISOString();
      const stored = {
        productId: d.id,
        name: segment.name,
        where: segment.where,
        ...(segment.description === undefined ? {} : { description: segment.description }),
        createdBy: ctx.actor,
        createdAt: at,
      };
      await store.insert(tx, stored);
      await ctx.accessLog.record(tx, {
        at,
        actor: ctx.actor,
        operation: 'segment',
        productId: d.id,
        productVersion: d.version,
        parameters: { action: 'create', segment: segment.name, where: segment.where },
        rowsAffected: 0,
        outcome: 'ok',
        message: null,
      });
      return { ...stored, source: 'catalog' as const };
    });
  }

  /**
   * Removes a segment created in the catalog (platform admins and owners of the product's domain).
   * @throws MeshError `not_found` for an unknown segment, `conflict` for one declared in the contract, `unauthorized`
   * for anyone else.
   */
  async remove(name: string): Promise<void> {
    await this.#access.guard.assertWrite(
      (await loadReadableProduct(this.#ctx, this.productId)).descriptor,
      'segment',
    );
    const ctx = this.#ctx;
    await ctx.engine.transaction(async (tx) => {
      const { descriptor: d } = await loadReadableProduct(ctx, this.productId, tx);
      const segment = await findSegmentDefinition(tx, d, name);
      if (segment.source === 'contract') {
        throw new MeshError(
          'conflict',
          `segment ${name} is declared in the contract of ${d.id}; remove it from the product descriptor and publish a new version instead`,
        );
      }
      await store.remove(tx, d.id, name);
      await ctx.accessLog.record(tx, {
        at: ctx.now().toISOString(),
        actor: ctx.actor,
        operation: 'segment',
        productId: d.id,
        productVersion: d.version,
        parameters: { action: 'remove', segment: name },
        rowsAffected: 0,
        outcome: 'ok',
        message: null,
      });
    });
  }

  /**
   * Counts every segment's records right now, with each one's share of all records. Needs read access like `query`;
   * the size of a segment filtering on fields masked for the reader is withheld (it would reveal their values).
   * Logged as a `query` access.
   * @throws MeshError `invalid_input` when a segment no longer fits the schema; `unauthorized` without read access.
   */
  async statistics(): Promise<SegmentStatistics> {
    const { descriptor: d, tableName } = await loadReadableProduct(this.#ctx, this.productId);
    const access = await this.#access.guard.read(d, 'query');
    const engine = this.#ctx.engine;
    const definitions = await listSegmentDefinitions(engine, d);
    const planned = definitions.map((def) => {
      const filter = segmentFilter(def, d);
      return { def, filter, masked: filterFields(filter).filter((f) => access.masked.has(f)) };
    });
    // Every segment's size in one scan of the table (the withheld ones are not counted at all).
    const counted = planned.filter((p) => p.masked.length === 0);
    const { total, counts } = await engine.countEach(
      tableName,
      counted.map((p) => p.filter),
    );
    // `counted` keeps the order of `planned`: its counts are taken in turn.
    let next = 0;
    const segments: (SegmentStatistic | WithheldSegmentStatistic)[] = planned.map(({ def, masked }) => {
      if (masked.length > 0) {
        return {
          ...def,
          count: null,
          share: null,
          withheld: `it filters on ${masked.join(', ')}, PII masked for you; request access with PII (meshwork access request ${d.id} --pii) to see its size`,
        };
      }
      const count = counts[next] ?? 0;
      next += 1;
      return { ...def, count, share: share(count, total) };
    });
    await this.#logCount(d, {
      segments: segments.filter((x) => x.count !== null).map((x) => x.name),
      withheld: segments.filter((x) => x.count === null).map((x) => x.name),
    });
    return { productId: d.id, computedAt: this.#ctx.now().toISOString(), total, segments };
  }

  /**
   * Counts one segment's records right now. Needs read access like `query`, and is refused for a segment filtering
   * on fields masked for the reader. Logged as a `query` access.
   * @throws MeshError `not_found` for an unknown segment; `unauthorized` without read access; `policy_denied` for a
   * segment over masked fields.
   */
  async statistic(name: string): Promise<SegmentStatistic> {
    const { descriptor: d, tableName } = await loadReadableProduct(this.#ctx, this.productId);
    const engine = this.#ctx.engine;
    const def = await findSegmentDefinition(engine, d, name);
    const filter = segmentFilter(def, d);
    await this.#access.guard.read(d, 'query', { filter });
    const {
      total,
      counts: [count = 0],
    } = await engine.countEach(tableName, [filter]);
    await this.#logCount(d, { segments: [def.name] });
    return { ...def, count, share: share(count, total) };
  }

  /**
   * Reads a segment's records (optionally narrowed by another filter) through the product's query, so the read is
   * access-logged and paged like any other.
   * @throws MeshError `not_found` for an unknown segment, `invalid_input` for a bad filter or options.
   */
  async members(
    name: string,
    options: QueryOptions & { readonly where?: FilterInput } = {},
  ): Promise<QueryResult> {
    const { descriptor: d } = await loadReadableProduct(this.#ctx, this.productId);
    const def = await findSegmentDefinition(this.#ctx.engine, d, name);
    const { where, ...query } = options;
    const items: Filter[] = [segmentFilter(def, d)];
    if (where !== undefined) items.push(bindFilter(toFilter(where), d.schema));
    return this.#access.members(bindFilter({ kind: 'and', items }, d.schema), query);
  }
}
