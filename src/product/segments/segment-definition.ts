import { SegmentStore } from '../../catalog/segment-store.ts';
import type { ProductDescriptor } from '../../core/descriptor.ts';
import { MeshError } from '../../core/errors.ts';
import type { Filter } from '../../core/filter/ast.ts';
import { bindFilter } from '../../core/filter/bind-filter.ts';
import { parseFilterExpression } from '../../core/filter/parse-filter-expression.ts';
import type { EngineSession } from '../../engine/engine.ts';

/** Where a segment was defined: in the product's contract, or in the catalog by a user. */
export const SEGMENT_SOURCES = ['contract', 'catalog'] as const;
/** A segment's origin. */
export type SegmentSource = (typeof SEGMENT_SOURCES)[number];

/** A segment as users see it, from either source. */
export interface SegmentDefinition {
  readonly productId: string;
  readonly name: string;
  /** The filter expression that decides membership. */
  readonly where: string;
  readonly description?: string;
  readonly source: SegmentSource;
  /** Who created it and when (catalog segments only). */
  readonly createdBy?: string;
  readonly createdAt?: string;
}

const store = new SegmentStore();

/** Lists a product's segments: those its contract declares, then those created in the catalog, each group by name. */
export async function listSegmentDefinitions(
  s: EngineSession,
  d: ProductDescriptor,
): Promise<SegmentDefinition[]> {
  const declared: SegmentDefinition[] = (d.segments ?? []).map((seg) => ({
    productId: d.id,
    name: seg.name,
    where: seg.where,
    ...(seg.description === undefined ? {} : { description: seg.description }),
    source: 'contract',
  }));
  const stored: SegmentDefinition[] = (await store.list(s, d.id)).map((seg) => ({
    productId: seg.productId,
    name: seg.name,
    where: seg.where,
    ...(seg.description === undefined ? {} : { description: seg.description }),
    source: 'catalog',
    createdBy: seg.createdBy,
    createdAt: seg.createdAt,
  }));
  // A contract segment wins over a catalog one of the same name (possible after a contract change).
  const names = new Set(declared.map((x) => x.name));
  return [
    ...declared.sort((a, b) => a.name.localeCompare(b.name)),
    ...stored.filter((x) => !names.has(x.name)),
  ];
}

/**
 * Finds one of a product's segments by name.
 * @throws MeshError `not_found` naming the segments that exist.
 */
export async function findSegmentDefinition(
  s: EngineSession,
  d: ProductDescriptor,
  name: string,
): Promise<SegmentDefinition> {
  const all = await listSegmentDefinitions(s, d);
  const found = all.find((x) => x.name === name);
  if (found) return found;
  const known = all.map((x) => x.name);
  throw new MeshError(
    'not_found',
    `product ${d.id} has no segment ${name}${known.length > 0 ? `; its segments: ${known.join(', ')}` : '; create one with `meshwork segments create`'}`,
    { details: { productId: d.id, segment: name } },
  );
}

/**
 * Compiles a segment's expression against the product's current schema.
 * @throws MeshError `invalid_input` when the expression no longer fits the schema (e.g. after a contract change).
 */
export function segmentFilter(segment: SegmentDefinition, d: ProductDescriptor): Filter {
  try {
    return bindFilter(parseFilterExpression(segment.where), d.schema);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MeshError(
      'invalid_input',
      `segment ${segment.name} of ${d.id} cannot be evaluated: ${reason}; fix its filter (${segment.where})`,
      { cause: error, details: { productId: d.id, segment: segment.name } },
    );
  }
}
