import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { WORLDBANK_INDICATORS_PRODUCT_ID } from '../../connectors/worldbank/worldbank-product.ts';
import { WORLDBANK_CONNECTOR } from '../../connectors/worldbank/worldbank-pull.ts';
import { refreshWorldBank } from '../../product/materialize-worldbank.ts';
import type { RouteDeps, ServerEnv } from '../server-env.ts';
import { ERROR_RESPONSES, jsonContent } from './common-schemas.ts';

const tags = ['connectors'];

const PullResultSchema = z
  .object({
    connector: z.string().openapi({ example: WORLDBANK_CONNECTOR }),
    productId: z.string().openapi({ example: WORLDBANK_INDICATORS_PRODUCT_ID }),
    created: z.boolean().openapi({ description: 'Whether this pull created the product' }),
    removed: z.number().int().openapi({ description: 'Records replaced' }),
    inserted: z.number().int(),
    nullValues: z.number().int().openapi({ description: 'Records without a value for their year' }),
  })
  .openapi('ConnectorPull');

const SourceStatusSchema = z
  .object({
    productId: z.string(),
    connector: z.string(),
    upstream: z.array(z.string()),
    settings: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'What the next refresh pulls: indicators, countries, years, baseUrl' }),
    lastPullAt: z.string().nullable(),
    lastOutcome: z.enum(['ok', 'failed']).nullable(),
    lastMessage: z.string().nullable(),
    dataAsOf: z.string().nullable(),
    freshnessMinutes: z.number().nullable(),
    ageMinutes: z.number().nullable(),
    stale: z.boolean(),
  })
  .openapi('SourceStatus');

const routes = {
  status: createRoute({
    method: 'get',
    path: '/connectors/worldbank',
    tags,
    summary: `How current ${WORLDBANK_INDICATORS_PRODUCT_ID} is: its pull settings, last pull and staleness (pulls nothing)`,
    responses: { 200: jsonContent(SourceStatusSchema, 'The source status'), ...ERROR_RESPONSES },
  }),
  refresh: createRoute({
    method: 'post',
    path: '/connectors/worldbank/refresh',
    tags,
    summary: `Pull ${WORLDBANK_INDICATORS_PRODUCT_ID} again from the World Bank API with the settings of its last pull`,
    description:
      'Only a platform admin or an owner of the product’s domain may refresh (403 otherwise, before the API is asked anything). The pulled scope is replaced in one transaction; when the API fails the stored product stays as it was and the answer is 503 upstream_failed. The product is set up once with `meshwork connect worldbank`.',
    responses: { 200: jsonContent(PullResultSchema, 'What the pull did'), ...ERROR_RESPONSES },
  }),
};

/** Adds the World Bank connector's routes: its source status and a refresh. */
export function registerConnectorRoutes(app: OpenAPIHono<ServerEnv>, deps: RouteDeps): void {
  app.openapi(routes.status, async (c) => {
    const status = await c.get('mesh').sourceStatus(WORLDBANK_INDICATORS_PRODUCT_ID);
    return c.json({ ...status, upstream: [...status.upstream] }, 200);
  });
  app.openapi(routes.refresh, async (c) => {
    const pulled = await refreshWorldBank(c.get('mesh'), WORLDBANK_INDICATORS_PRODUCT_ID, deps.worldBank);
    return c.json({ connector: WORLDBANK_CONNECTOR, ...pulled }, 200);
  });
}
