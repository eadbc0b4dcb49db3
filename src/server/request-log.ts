import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Logger } from 'pino';
import type { ServerEnv } from './server-env.ts';
import type { ServerMetrics } from './server-metrics.ts';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The route pattern a request matched (also when a middleware answered before its handler ran), else `unmatched`. */
function routeOf(c: Context): string {
  const routes = matchedRoutes(c).filter((r) => r.method !== 'ALL');
  return routes.at(-1)?.path ?? 'unmatched';
}

/**
 * Gives each request an id (a well-formed `X-Request-Id` from the client, or a new one), and after it is answered
 * logs one line (id, principal, method, route, status, duration; never a header or a body, so never a token) and
 * counts it in the metrics by route pattern, not by the path, so product ids do not multiply the series.
 */
export function requestLog(logger: Logger, metrics: ServerMetrics): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const started = process.hrtime.bigint();
    const given = c.req.header('x-request-id');
    const requestId = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
    c.set('requestId', requestId);
    c.header('X-Request-Id', requestId);
    await next();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const route = routeOf(c);
    const status = String(c.res.status);
    const labels = { method: c.req.method, route, status };
    metrics.requests.inc(labels);
    metrics.duration.observe(labels, seconds);
    if (c.res.status === 403) metrics.policyDenials.inc({ route });
    logger.info(
      {
        requestId,
        principal: c.get('principalId') ?? null,
        method: c.req.method,
        route,
        status: c.res.status,
        durationMs: Math.round(seconds * 1e6) / 1e3,
      },
      'request',
    );
  };
}
