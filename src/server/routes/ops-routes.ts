import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Mesh } from '../../product/mesh.ts';
import { createProblem } from '../problem.ts';
import { problemResponse } from '../problem-response.ts';
import type { ServerEnv } from '../server-env.ts';
import type { ServerMetrics } from '../server-metrics.ts';
import { jsonContent, ProblemSchema } from './common-schemas.ts';

const Status = z.object({ status: z.string() }).openapi('Status');

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['operations'],
  summary: 'The process is up',
  security: [],
  responses: { 200: jsonContent(Status, 'Alive') },
});

const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['operations'],
  summary: 'The store is reachable',
  security: [],
  responses: {
    200: jsonContent(Status, 'Ready'),
    503: {
      description: 'Store unreachable',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
  },
});

/** Adds /healthz (process), /readyz (store reachable) and /metrics (Prometheus text). */
export function registerOpsRoutes(app: OpenAPIHono<ServerEnv>, mesh: Mesh, metrics: ServerMetrics): void {
  app.openapi(healthz, (c) => c.json({ status: 'ok' }, 200));
  app.openapi(readyz, async (c) => {
    try {
      await mesh.listDomains();
      return c.json({ status: 'ready' }, 200);
    } catch {
      return problemResponse(
        c,
        createProblem(
          'storage_unavailable',
          'the store cannot be read; check the server log and the store file',
        ),
      ) as never;
    }
  });
  app.get('/metrics', async (c) => {
    c.header('content-type', metrics.registry.contentType);
    return c.body(await metrics.registry.metrics());
  });
}
