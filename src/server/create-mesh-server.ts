import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { Scalar } from '@scalar/hono-api-reference';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import pino from 'pino';
import { authMiddleware } from './auth-middleware.ts';
import { createProblem, toProblem } from './problem.ts';
import { problemResponse } from './problem-response.ts';
import { RateLimiter } from './rate-limiter.ts';
import { readDeadline } from './read-deadline.ts';
import { requestLog } from './request-log.ts';
import { isBodyTooLarge, streamingBodyLimit } from './streaming-body-limit.ts';
import { registerCatalogRoutes } from './routes/catalog-routes.ts';
import { registerConnectorRoutes } from './routes/connector-routes.ts';
import { registerEventRoutes } from './routes/event-routes.ts';
import { registerGovernanceRoutes } from './routes/governance-routes.ts';
import { registerOpsRoutes } from './routes/ops-routes.ts';
import { registerProductRoutes } from './routes/product-routes.ts';
import { registerRowRoutes } from './routes/row-routes.ts';
import { registerSegmentRoutes } from './routes/segment-routes.ts';
import { registerVersionRoutes } from './routes/version-routes.ts';
import type { RouteDeps, ServerEnv } from './server-env.ts';
import { createServerMetrics, type ServerMetrics } from './server-metrics.ts';
import { DEFAULT_LIMITS, type MeshServerOptions, type ServerLimits } from './server-options.ts';
import { validationHook } from './validation-hook.ts';
import { findWebCatalog, registerWebCatalog } from './web-catalog.ts';

/** The Meshwork HTTP application: a Hono app plus what its host needs to report on it. */
export interface MeshServer {
  /** The Hono app; hand `app.fetch` to any server, or call `app.request()` in-process. */
  readonly app: OpenAPIHono<ServerEnv>;
  readonly metrics: ServerMetrics;
  readonly limits: ServerLimits;
}

/** The server's version, shown in the OpenAPI document. */
export const API_VERSION = '0.1.0';

const NDJSON = /^application\/(x-)?ndjson\b/i;

/**
 * Builds the HTTP API over one mesh: auth, limits, problem+json errors, metrics, logs, OpenAPI and the routes.
 * Every request runs on `mesh.as(principal)`; nothing here touches the store except through the mesh.
 * @example
 * const mesh = await Mesh.open({ store: './.meshwork/mesh.duckdb' });
 * const { app } = createMeshServer({ mesh });
 * const res = await app.request('/healthz');
 */
export function createMeshServer(options: MeshServerOptions): MeshServer {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const logger = options.logger ?? pino({ level: 'silent' });
  const metrics = createServerMetrics();
  const app = new OpenAPIHono<ServerEnv>({ defaultHook: validationHook, strict: true });
  // The serving process's dispatcher when it runs one, so a manual pass queues behind its passes; else one of our own.
  let dispatcher = options.webhookDispatcher;
  const deps: RouteDeps = {
    limits,
    logger,
    worldBank: options.worldBank ?? {},
    webhookDispatcher: () => {
      dispatcher ??= options.mesh.webhooks.dispatcher();
      return dispatcher;
    },
  };

  app.use('*', requestLog(logger, metrics));
  app.use('*', secureHeaders());
  if (options.corsOrigins !== undefined && options.corsOrigins.length > 0) {
    const allowed = new Set(options.corsOrigins);
    app.use(
      '*',
      cors({
        origin: (origin) => (allowed.has(origin) ? origin : null),
        allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
        allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
        exposeHeaders: [
          'X-Request-Id',
          'Retry-After',
          'RateLimit-Remaining',
          'X-Meshwork-Source',
          'X-Meshwork-Version',
          'X-Meshwork-Rows',
          'X-Meshwork-Masked-Fields',
        ],
      }),
    );
  }
  const tooLarge = (max: number) => (c: Context) =>
    problemResponse(
      c,
      createProblem(
        'payload_too_large',
        `the request body is over the server's limit of ${max} bytes; send less per request (NDJSON ingest streams up to its own limit; batches committed before it stay)`,
      ),
    );
  const jsonLimit = bodyLimit({ maxSize: limits.maxBodyBytes, onError: tooLarge(limits.maxBodyBytes) });
  // NDJSON is read as a stream by the ingest route: counted as it is read, never buffered whole.
  const ingestLimit = streamingBodyLimit(limits.maxIngestBytes, tooLarge(limits.maxIngestBytes));
  app.use('*', (c, next) =>
    (NDJSON.test(c.req.header('content-type') ?? '') ? ingestLimit : jsonLimit)(c, next),
  );
  const limiter = new RateLimiter(limits.rateLimit, limits.rateWindowMs, options.now);
  // Refused tokens per client address, limited like the requests of one token.
  const failures = new RateLimiter(limits.rateLimit, limits.rateWindowMs, options.now);
  app.use('*', authMiddleware(options.mesh, limiter, options.dev === true, failures));
  if (limits.queryTimeoutMs > 0) app.use('*', readDeadline(limits.queryTimeoutMs));

  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      const code = error.status === 413 ? 'payload_too_large' : 'invalid_input';
      const detail =
        error.message === '' ? 'the request could not be read' : `${error.message}; send well-formed JSON`;
      return problemResponse(c, createProblem(code, detail));
    }
    if (isBodyTooLarge(error)) {
      return problemResponse(
        c,
        createProblem(
          'payload_too_large',
          `the request body is over the server's limit of ${limits.maxIngestBytes} bytes`,
        ),
      );
    }
    const problem = toProblem(error);
    if (problem.code === 'internal')
      logger.error({ err: error, requestId: c.get('requestId') }, 'internal error');
    return problemResponse(c, problem);
  });
  app.notFound((c) =>
    problemResponse(
      c,
      createProblem(
        'not_found',
        `no route ${c.req.method} ${c.req.path}; see /openapi.json or /docs for the routes`,
      ),
    ),
  );

  registerOpsRoutes(app, options.mesh, metrics);
  registerProductRoutes(app, deps);
  registerVersionRoutes(app, deps);
  registerRowRoutes(app, deps);
  registerSegmentRoutes(app, deps);
  registerCatalogRoutes(app, deps);
  registerGovernanceRoutes(app, deps);
  registerEventRoutes(app, deps);
  registerConnectorRoutes(app, deps);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A Meshwork API token (mwt_…), created with `meshwork token create`',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Meshwork API',
      version: API_VERSION,
      description:
        'Contract-driven data products over HTTP. Errors are application/problem+json (RFC 9457) with a Meshwork error code.',
    },
    security: [{ bearer: [] }],
  });
  app.get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'Meshwork API' }));
  if (options.webCatalog !== false) registerWebCatalog(app, options.webCatalog ?? findWebCatalog());
  return { app, metrics, limits };
}
