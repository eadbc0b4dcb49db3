import {
  assertDomainDefinition,
  type DomainDefinition,
  type DomainSummary,
} from '../catalog/domain-registry.ts';
import { analyzeImpact, type ImpactReport } from '../catalog/lineage/impact-analysis.ts';
import {
  LineageGraph,
  type LineageGraphView,
  type LineageWalkOptions,
  parseLineageWalkOptions,
} from '../catalog/lineage/lineage-graph.ts';
import {
  type OpenLineageOptions,
  type OpenLineageRunEvent,
  toOpenLineage,
} from '../catalog/lineage/to-openlineage.ts';
import { parseSearchFilters, type SearchHits } from '../catalog/search/search-query.ts';
import { PRODUCT_ID_PATTERN, type ProductDescriptor } from '../core/descriptor.ts';
import { MeshError } from '../core/errors.ts';
import { closestName } from '../core/filter/closest-name.ts';
import { audit } from '../governance/governed-context.ts';
import { canManageDomain } from '../governance/principal.ts';
import { manageRefusal } from '../governance/product-gate.ts';
import type { MeshContext } from './mesh-context.ts';
import { governedContext } from './product-guard.ts';

/** Lineage walk options plus the export settings of {@link openLineageEvents}. */
export type LineageExportOptions = LineageWalkOptions & OpenLineageOptions;

/** Options for {@link impactOf}. */
export interface ImpactOptions {
  /** The field that changes; without it, the product changes as a whole. */
  readonly field?: string;
}

async function descriptorMap(
  ctx: MeshContext,
  ids: readonly string[],
): Promise<Map<string, ProductDescriptor>> {
  const products = ids.filter((id) => PRODUCT_ID_PATTERN.test(id));
  const found = await ctx.registry.descriptors(ctx.engine, products);
  return new Map(found.map((d) => [d.id, d]));
}

async function unknownProduct(ctx: MeshContext, id: string): Promise<MeshError> {
  const known = (await ctx.registry.list(ctx.engine)).map((r) => r.descriptor.id);
  const guess = closestName(id, known);
  return new MeshError(
    'not_found',
    `product ${id} is not in the catalog${guess ? `; did you mean ${guess}?` : known.length > 0 ? '; run `meshwork list` to see the products' : '; create it first'}`,
  );
}

/**
 * Searches the catalog; see `SearchIndex.search`.
 * @throws MeshError `invalid_input` for bad filters or a text without words.
 */
export async function searchCatalog(ctx: MeshContext, text: string, filters: unknown): Promise<SearchHits> {
  if (typeof text !== 'string') throw new MeshError('invalid_input', 'search text must be a string');
  const parsed = parseSearchFilters(filters);
  return ctx.registry.search.search(ctx.engine, text, parsed, (ids) =>
    ctx.registry.descriptors(ctx.engine, ids),
  );
}

/**
 * Creates or describes a domain: platform admins and owners of the domain only; the change (or the refusal) is
 * audited.
 * @throws MeshError `invalid_input` for a malformed definition, `unauthorized` for anyone else.
 */
export async function defineDomain(ctx: MeshContext, input: DomainDefinition): Promise<DomainSummary> {
  assertDomainDefinition(input);
  const g = governedContext(ctx);
  const refusal = manageRefusal(g, input.name, `describe domain ${input.name}`);
  if (refusal) {
    await audit(g, ctx.engine, 'domain.define', input.name, 'denied', { message: refusal.message });
    throw refusal;
  }
  return ctx.engine.transaction(async (tx) => {
    const domain = await ctx.domains.define(tx, input, ctx.now().toISOString());
    await audit(g, tx, 'domain.define', domain.name, 'ok', {
      ...(input.description === undefined ? {} : { description: domain.description }),
      ...(input.ownerTeam === undefined ? {} : { ownerTeam: domain.ownerTeam }),
    });
    const summary = (await ctx.domains.list(tx)).find((d) => d.name === domain.name);
    if (!summary) throw new Error(`domain ${domain.name} was defined but is not listed`);
    return summary;
  });
}

async function loadGraph(ctx: MeshContext): Promise<LineageGraph> {
  return new LineageGraph(await ctx.lineage.all(ctx.engine));
}

/**
 * Walks the lineage graph from a product (or an external source) upstream, downstream or both; without a root,
 * returns the whole graph.
 * @throws MeshError `not_found` for an unknown root, `invalid_input` for bad options.
 */
export async function lineageView(
  ctx: MeshContext,
  root: string | undefined,
  options: LineageWalkOptions = {},
): Promise<{ view: LineageGraphView; descriptors: Map<string, ProductDescriptor> }> {
  const parsed = parseLineageWalkOptions(options);
  const graph = await loadGraph(ctx);
  if (root !== undefined && !graph.has(root) && !(await ctx.registry.find(ctx.engine, root))) {
    throw await unknownProduct(ctx, root);
  }
  // The whole graph holds every catalog product, also those without any lineage edge yet.
  const products =
    root === undefined ? (await ctx.registry.list(ctx.engine)).map((r) => r.descriptor.id) : [];
  const ids = root === undefined ? [...new Set([...graph.nodeIds(), ...products])] : undefined;
  const first = graph.view(root ?? null, parsed, new Map());
  const descriptors = await descriptorMap(ctx, ids ?? first.nodes.map((n) => n.id));
  return { view: graph.view(root ?? null, parsed, descriptors, products), descriptors };
}

/** Exports lineage (a walk from a product, or the whole graph) as OpenLineage run events. */
export async function openLineageEvents(
  ctx: MeshContext,
  root: string | undefined,
  options: LineageExportOptions = {},
): Promise<OpenLineageRunEvent[]> {
  const { view, descriptors } = await lineageView(ctx, root, options);
  return toOpenLineage(
    view,
    descriptors,
    options.namespace === undefined ? {} : { namespace: options.namespace },
  );
}

/**
 * Lists every product downstream of a product and how surely a change of it (or of one field) reaches them,
 * with the readers of each that the asker owns (admins: all; everyone else sees null there).
 * @throws MeshError `not_found` for an unknown product, `invalid_input` for a field the product does not have.
 */
export async function impactOf(
  ctx: MeshContext,
  productId: string,
  options: ImpactOptions = {},
): Promise<ImpactReport> {
  const record = await ctx.registry.find(ctx.engine, productId);
  if (!record) throw await unknownProduct(ctx, productId);
  const product = record.descriptor;
  const field = options.field ?? null;
  if (field !== null) {
    const names = product.schema.fields.map((f) => f.name);
    if (!names.includes(field)) {
      const guess = closestName(field, names);
      throw new MeshError(
        'invalid_input',
        `product ${productId} has no field ${field}${guess ? `; did you mean ${guess}?` : `; its fields are ${names.join(', ')}`}`,
      );
    }
  }
  const graph = await loadGraph(ctx);
  const downstream = [...graph.walk(productId, 'down').distances.keys()];
  const descriptors = await descriptorMap(ctx, downstream);
  // Who reads a product is for its owners and admins (as `topConsumers`): the others' readers stay hidden.
  const principal = ctx.principal;
  const shown = [product, ...descriptors.values()]
    .filter((d) => principal !== undefined && canManageDomain(principal, d.domain))
    .map((d) => d.id);
  const found = await ctx.accessLog.readers(ctx.engine, shown);
  const readers = new Map(shown.map((id) => [id, found.get(id) ?? []]));
  return analyzeImpact({ product, field, graph, descriptors, readers });
}
