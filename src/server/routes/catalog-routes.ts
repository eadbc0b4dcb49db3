import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { LINEAGE_DIRECTIONS } from '../../catalog/lineage/lineage-graph.ts';
import type { RouteDeps, ServerEnv } from '../server-env.ts';
import { ERROR_RESPONSES, jsonContent } from './common-schemas.ts';
import { DomainSchema, SearchResultSchema } from './result-schemas.ts';

const SearchQuery = z.strictObject({
  q: z
    .string()
    .optional()
    .openapi({ description: 'words to find; empty lists everything passing the filters' }),
  domain: z.string().optional(),
  status: z.enum(['draft', 'published', 'deprecated', 'archived']).optional(),
  tag: z.string().optional(),
  qualityLevel: z.string().optional(),
  owner: z.string().optional(),
  pii: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

const DomainBody = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    ownerTeam: z.string().optional(),
  })
  .openapi('DomainDefinition');

const tags = ['catalog'];
const LineageWalkQuery = z.strictObject({
  direction: z.enum(LINEAGE_DIRECTIONS).optional(),
  depth: z.coerce.number().int().min(1).optional(),
});
const routes = {
  openLineage: createRoute({
    method: 'get',
    path: '/lineage/openlineage',
    tags,
    summary: 'Lineage as OpenLineage RunEvents, one per product: walked from a product, or the whole graph',
    request: {
      query: LineageWalkQuery.extend({
        product: z
          .string()
          .min(1)
          .optional()
          .openapi({ description: 'walk from this product (default: all)' }),
        namespace: z.string().min(1).optional().openapi({ description: 'default meshwork' }),
      }),
    },
    responses: {
      200: jsonContent(
        z.object({ events: z.array(z.record(z.string(), z.unknown())) }),
        '{ events }: OpenLineage RunEvents',
      ),
      ...ERROR_RESPONSES,
    },
  }),
  lineage: createRoute({
    method: 'get',
    path: '/lineage',
    tags,
    summary: 'The whole lineage graph: every product and external source with its edges',
    request: { query: LineageWalkQuery },
    responses: {
      200: jsonContent(z.record(z.string(), z.unknown()), 'The graph: nodes and edges'),
      ...ERROR_RESPONSES,
    },
  }),
  search: createRoute({
    method: 'get',
    path: '/search',
    tags,
    summary: 'Search the catalog, with facets',
    request: { query: SearchQuery },
    responses: { 200: jsonContent(SearchResultSchema, '{ hits, facets }'), ...ERROR_RESPONSES },
  }),
  domains: createRoute({
    method: 'get',
    path: '/domains',
    tags,
    summary: 'Every domain with its description, owner team and product counts',
    responses: {
      200: jsonContent(z.object({ domains: z.array(DomainSchema) }), '{ domains }'),
      ...ERROR_RESPONSES,
    },
  }),
  defineDomain: createRoute({
    method: 'post',
    path: '/domains',
    tags,
    summary: 'Create a domain or set its description and owner team',
    request: { body: { required: true, content: { 'application/json': { schema: DomainBody } } } },
    responses: { 200: jsonContent(DomainSchema, 'The domain'), ...ERROR_RESPONSES },
  }),
};

/** Adds GET /lineage, GET /lineage/openlineage, GET /search and GET/POST /domains. */
export function registerCatalogRoutes(app: OpenAPIHono<ServerEnv>, _deps: RouteDeps): void {
  app.openapi(routes.openLineage, async (c) => {
    const q = c.req.valid('query');
    const events = await c.get('mesh').openLineage(q.product, {
      ...(q.direction === undefined ? {} : { direction: q.direction }),
      ...(q.depth === undefined ? {} : { depth: q.depth }),
      ...(q.namespace === undefined ? {} : { namespace: q.namespace }),
    });
    return c.json({ events } as never, 200);
  });
  app.openapi(routes.lineage, async (c) => {
    const q = c.req.valid('query');
    const graph = await c.get('mesh').lineageGraph(undefined, {
      ...(q.direction === undefined ? {} : { direction: q.direction }),
      ...(q.depth === undefined ? {} : { depth: q.depth }),
    });
    return c.json(graph as never, 200);
  });
  app.openapi(routes.search, async (c) => {
    const { q, pii, qualityLevel, ...rest } = c.req.valid('query');
    const hits = await c.get('mesh').search(q ?? '', {
      ...rest,
      ...(pii === undefined ? {} : { pii: pii === 'true' }),
      ...(qualityLevel === undefined ? {} : { qualityLevel: qualityLevel as never }),
    } as never);
    return c.json({ hits: [...hits], facets: hits.facets } as never, 200);
  });
  app.openapi(routes.domains, async (c) =>
    c.json({ domains: await c.get('mesh').listDomains() } as never, 200),
  );
  app.openapi(routes.defineDomain, async (c) => {
    const body = c.req.valid('json');
    return c.json(
      await c.get('mesh').defineDomain({
        name: body.name,
        ...(body.description === undefined ? {} : { description: body.description }),
        ...(body.ownerTeam === undefined ? {} : { ownerTeam: body.ownerTeam }),
      }),
      200,
    );
  });
}
