import { createRoute, type OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import { readProductFolder } from '../../contract/product-folder.ts';
import { MeshError } from '../../core/errors.ts';
import { LINEAGE_DIRECTIONS } from '../../catalog/lineage/lineage-graph.ts';
import { CONTRACT_EXPORT_FORMATS, exportContract } from '../../product/contract-export.ts';
import type { RouteDeps, ServerEnv } from '../server-env.ts';
import { ERROR_RESPONSES, jsonContent, ProductIdParams } from './common-schemas.ts';
import { commaList } from './query-values.ts';
import { MetricsResultSchema, ProductDescriptorSchema, ProductListSchema } from './result-schemas.ts';

/** Any JSON result described by the SDK's types (see the TypeScript API for its fields). */
const Result = z.any();

const ListQuery = z.strictObject({
  domain: z.string().optional().openapi({ example: 'sales' }),
  status: z
    .string()
    .optional()
    .openapi({ example: 'published', description: 'draft, published, deprecated or archived' }),
});

const CreateBody = z
  .strictObject({
    spec: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: 'A Meshwork product spec (as product.yaml holds)' }),
    documents: z
      .array(z.strictObject({ name: z.string().min(1), text: z.string().min(1) }))
      .min(1)
      .optional()
      .openapi({
        description: 'ODPS product and ODCS contract documents (YAML or JSON text), stored with the version',
      }),
    ifExists: z.enum(['error', 'reuse']).optional(),
  })
  .openapi('CreateProduct');

const ContractQuery = z.strictObject({ format: z.enum(CONTRACT_EXPORT_FORMATS).optional() });

const LineageQuery = z.strictObject({
  direction: z.enum(LINEAGE_DIRECTIONS).optional(),
  depth: z.coerce.number().int().min(1).optional(),
});

const QualityQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).optional() });
const QualityRunBody = z.strictObject({ store: z.boolean().optional() });
const RunParams = ProductIdParams.extend({
  runId: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: 'runId', in: 'path' } }),
});

const AnalyticsQuery = z.strictObject({
  filter: z.string().optional(),
  segment: z.string().optional(),
  top: z.coerce.number().int().min(1).optional(),
  breakdowns: z.string().optional().openapi({ description: 'comma-separated breakdown names' }),
});

const LifecycleBody = z
  .strictObject({
    action: z.enum(['publish', 'deprecate', 'archive']),
    sunset: z
      .string()
      .optional()
      .openapi({ description: 'deprecate: ISO date after which consumers should stop' }),
    reason: z.string().optional(),
  })
  .openapi('LifecycleTransition');

const CONTRACT_MEDIA: Readonly<Record<(typeof CONTRACT_EXPORT_FORMATS)[number], string>> = {
  odcs: 'application/yaml',
  odps: 'application/yaml',
  'json-schema': 'application/schema+json',
  sql: 'application/sql',
  mermaid: 'text/plain',
  markdown: 'text/markdown',
};

const tags = ['products'];
const get = <P extends string, R extends NonNullable<RouteConfig['request']>>(
  path: P,
  summary: string,
  request: R,
  description: string,
) =>
  createRoute({
    method: 'get',
    path,
    tags,
    summary,
    request,
    responses: { 200: jsonContent(Result, description), ...ERROR_RESPONSES },
  });

const routes = {
  list: createRoute({
    method: 'get',
    path: '/products',
    tags,
    summary: 'List products',
    request: { query: ListQuery },
    responses: { 200: jsonContent(ProductListSchema, 'Product descriptors'), ...ERROR_RESPONSES },
  }),
  create: createRoute({
    method: 'post',
    path: '/products',
    tags,
    summary: 'Create a product (draft) from a Meshwork spec or ODPS/ODCS documents',
    request: { body: { required: true, content: { 'application/json': { schema: CreateBody } } } },
    responses: {
      201: jsonContent(ProductDescriptorSchema, 'The new product descriptor'),
      ...ERROR_RESPONSES,
    },
  }),
  card: get(
    '/products/{id}',
    'A product card: descriptor, versions, output ports, deprecation, SLA status',
    { params: ProductIdParams },
    'The card',
  ),
  contract: createRoute({
    method: 'get',
    path: '/products/{id}/contract',
    tags,
    summary: 'The contract of the current version as ODCS, ODPS, JSON Schema, SQL DDL, Mermaid or Markdown',
    request: { params: ProductIdParams, query: ContractQuery },
    responses: {
      200: {
        description: 'The document; X-Meshwork-Source says whether it is the stored original or generated',
        content: Object.fromEntries(
          [...new Set(Object.values(CONTRACT_MEDIA))].map((m) => [m, { schema: z.string() }]),
        ),
      },
      ...ERROR_RESPONSES,
    },
  }),
  lineage: get(
    '/products/{id}/lineage',
    'Direct lineage and the lineage graph walked from the product',
    { params: ProductIdParams, query: LineageQuery },
    '{ direct, graph }',
  ),
  impact: get(
    '/products/{id}/impact',
    'What a change of the product (or of one field) reaches downstream',
    { params: ProductIdParams, query: z.strictObject({ field: z.string().optional() }) },
    'The impact report',
  ),
  qualityHistory: get(
    '/products/{id}/quality',
    'Quality runs, newest first',
    { params: ProductIdParams, query: QualityQuery },
    '{ runs }',
  ),
  qualityRun: get(
    '/products/{id}/quality/{runId}',
    'One stored quality run with every check',
    { params: RunParams },
    'The quality report',
  ),
  runQuality: createRoute({
    method: 'post',
    path: '/products/{id}/quality',
    tags,
    summary: 'Run the quality checks now (stored in the history unless store is false)',
    request: {
      params: ProductIdParams,
      body: { required: false, content: { 'application/json': { schema: QualityRunBody } } },
    },
    responses: { 200: jsonContent(Result, 'The quality report'), ...ERROR_RESPONSES },
  }),
  metrics: createRoute({
    method: 'get',
    path: '/products/{id}/metrics',
    tags,
    summary: 'Usage metrics (with reads and writes per day), freshness and SLA status',
    request: { params: ProductIdParams },
    responses: { 200: jsonContent(MetricsResultSchema, '{ metrics, sla }'), ...ERROR_RESPONSES },
  }),
  consumers: get(
    '/products/{id}/consumers',
    'Who reads the product most: successful reads per principal, most first (owners of its domain and admins only)',
    {
      params: ProductIdParams,
      query: z.strictObject({
        limit: z.coerce
          .number()
          .int()
          .min(1)
          .max(100)
          .optional()
          .openapi({ description: 'most principals (10)' }),
      }),
    },
    '{ consumers: [{ actor, reads, lastReadAt }] }',
  ),
  segments: get(
    '/products/{id}/segments',
    'Segments and their statistics (with statistics=false: the definitions only, nothing counted)',
    {
      params: ProductIdParams,
      query: z.strictObject({ statistics: z.enum(['true', 'false']).optional() }),
    },
    '{ segments, statistics }',
  ),
  analytics: get(
    '/products/{id}/analytics',
    'The product’s declared analytics (breakdowns, totals)',
    { params: ProductIdParams, query: AnalyticsQuery },
    'The analytics result',
  ),
  lifecycle: createRoute({
    method: 'post',
    path: '/products/{id}/lifecycle',
    tags,
    summary: 'Publish, deprecate or archive the product',
    request: {
      params: ProductIdParams,
      body: { required: true, content: { 'application/json': { schema: LifecycleBody } } },
    },
    responses: { 200: jsonContent(Result, 'The transition’s result'), ...ERROR_RESPONSES },
  }),
};

/** Adds the product routes: list, create, card, contract, lineage, quality, metrics, segments, analytics, lifecycle. */
export function registerProductRoutes(app: OpenAPIHono<ServerEnv>, _deps: RouteDeps): void {
  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const products = await c.get('mesh').listProducts({
      ...(q.domain === undefined ? {} : { domain: q.domain }),
      ...(q.status === undefined ? {} : { status: q.status }),
    });
    return c.json({ products } as never, 200);
  });

  app.openapi(routes.create, async (c) => {
    const body = c.req.valid('json');
    if ((body.spec === undefined) === (body.documents === undefined)) {
      throw new MeshError(
        'invalid_input',
        'send either spec (a Meshwork product spec) or documents (ODPS and ODCS texts), not both and not neither',
      );
    }
    const options = body.ifExists === undefined ? {} : { ifExists: body.ifExists };
    const mesh = c.get('mesh');
    let product: Awaited<ReturnType<typeof mesh.createProduct>>;
    if (body.documents !== undefined) {
      const folder = readProductFolder(body.documents.map((d) => ({ path: d.name, text: d.text })));
      product = await mesh.createProduct(folder.spec, { ...options, documents: folder.documents });
    } else {
      product = await mesh.createProduct(body.spec, options);
    }
    return c.json((await product.descriptor()) as never, 201);
  });

  app.openapi(routes.card, async (c) => {
    const product = await c.get('mesh').product(c.req.valid('param').id);
    return c.json(
      {
        descriptor: await product.descriptor(),
        versions: await product.versions(),
        outputPorts: await product.outputPorts(),
        deprecation: await product.deprecation(),
        slaStatus: await product.slaStatus(),
      },
      200,
    );
  });

  app.openapi(routes.contract, async (c) => {
    const format = c.req.valid('query').format ?? 'odcs';
    const exported = await exportContract(await c.get('mesh').product(c.req.valid('param').id), format);
    c.header('X-Meshwork-Source', exported.source);
    c.header('X-Meshwork-Version', exported.version);
    c.header('content-type', `${CONTRACT_MEDIA[format]}; charset=utf-8`);
    return c.body(exported.text, 200) as never;
  });

  app.openapi(routes.lineage, async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const mesh = c.get('mesh');
    const product = await mesh.product(id);
    const graph = await mesh.lineageGraph(id, {
      ...(q.direction === undefined ? {} : { direction: q.direction }),
      ...(q.depth === undefined ? {} : { depth: q.depth }),
    });
    return c.json({ direct: await product.lineage(), graph }, 200);
  });

  app.openapi(routes.impact, async (c) => {
    const { field } = c.req.valid('query');
    return c.json(
      await c.get('mesh').impact(c.req.valid('param').id, field === undefined ? {} : { field }),
      200,
    );
  });

  app.openapi(routes.qualityHistory, async (c) => {
    const product = await c.get('mesh').product(c.req.valid('param').id);
    return c.json({ runs: await product.qualityHistory(c.req.valid('query').limit ?? 20) }, 200);
  });

  app.openapi(routes.qualityRun, async (c) => {
    const { id, runId } = c.req.valid('param');
    return c.json(await (await c.get('mesh').product(id)).qualityRun(runId), 200);
  });

  app.openapi(routes.runQuality, async (c) => {
    const product = await c.get('mesh').product(c.req.valid('param').id);
    // The body is optional: with none, the run is stored.
    const raw = c.req.header('content-type') === undefined ? {} : c.req.valid('json');
    const store = (raw as { store?: boolean }).store;
    return c.json(await product.checkQuality(store === undefined ? {} : { store }), 200);
  });

  app.openapi(routes.metrics, async (c) => {
    const product = await c.get('mesh').product(c.req.valid('param').id);
    // The SDK's readonly types are the same JSON as the schema's; the schema documents it (as for the list).
    return c.json({ metrics: await product.metrics(), sla: await product.slaStatus() } as never, 200);
  });

  app.openapi(routes.consumers, async (c) => {
    const product = await c.get('mesh').product(c.req.valid('param').id);
    return c.json({ consumers: await product.topConsumers(c.req.valid('query').limit ?? 10) }, 200);
  });

  app.openapi(routes.segments, async (c) => {
    const segments = (await c.get('mesh').product(c.req.valid('param').id)).segments();
    if (c.req.valid('query').statistics === 'false') return c.json({ segments: await segments.list() }, 200);
    return c.json({ segments: await segments.list(), statistics: await segments.statistics() }, 200);
  });

  app.openapi(routes.analytics, async (c) => {
    const q = c.req.valid('query');
    const product = await c.get('mesh').product(c.req.valid('param').id);
    const breakdowns = commaList(q.breakdowns);
    return c.json(
      await product.analytics({
        ...(q.filter === undefined ? {} : { where: q.filter }),
        ...(q.segment === undefined ? {} : { segment: q.segment }),
        ...(q.top === undefined ? {} : { top: q.top }),
        ...(breakdowns === undefined ? {} : { breakdowns }),
      }),
      200,
    );
  });

  app.openapi(routes.lifecycle, async (c) => {
    const body = c.req.valid('json');
    const product = await c.get('mesh').product(c.req.valid('param').id);
    const result =
      body.action === 'publish'
        ? await product.publish()
        : body.action === 'archive'
          ? await product.archive()
          : await product.deprecate({
              ...(body.sunset === undefined ? {} : { sunset: body.sunset }),
              ...(body.reason === undefined ? {} : { reason: body.reason }),
            });
    return c.json(result, 200);
  });
}
