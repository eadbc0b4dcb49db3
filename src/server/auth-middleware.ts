import { createHash } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';
import { isMeshError } from '../core/errors.ts';
import type { Mesh } from '../product/mesh.ts';
import { createProblem } from './problem.ts';
import { problemResponse } from './problem-response.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { ServerEnv } from './server-env.ts';
import { isWebCatalogPath } from './web-catalog.ts';

/** Paths served without a token: operations and the API's own description. */
export const PUBLIC_PATHS: ReadonlySet<string> = new Set([
  '/healthz',
  '/readyz',
  '/metrics',
  '/openapi.json',
  '/docs',
]);

const BEARER = /^Bearer\s+(\S+)\s*$/i;

function clientAddress(c: Parameters<MiddlewareHandler>[0]): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Authenticates each request and rate-limits it: `Authorization: Bearer mwt_…` resolves to a principal with the
 * mesh's own token check, and the route gets `mesh.as(principal)`. No token, or a refused one, is 401; in dev mode
 * every request acts as the mesh's local admin. Requests are counted per token (per client address without one).
 */
export function authMiddleware(
  root: Mesh,
  limiter: RateLimiter,
  dev: boolean,
  failures: RateLimiter,
): MiddlewareHandler<ServerEnv> {
  // Token hashes that authenticated lately: they pass the per-address gate (and are still checked every time), so a
  // client guessing tokens does not lock out the valid users behind the same address.
  const accepted = new Set<string>();
  return async (c, next) => {
    // The web catalog's page and files are public; the API calls it makes carry the signed-in user's token.
    if (PUBLIC_PATHS.has(c.req.path) || (c.req.method === 'GET' && isWebCatalogPath(c.req.path)))
      return next();
    const header = c.req.header('authorization');
    const match = header === undefined ? null : BEARER.exec(header);
    const address = `addr:${clientAddress(c)}`;
    // The limiter keys on a hash of the token, never the token itself, so it keeps no secret in memory.
    const key =
      match?.[1] === undefined
        ? address
        : `token:${createHash('sha256').update(match[1]).digest('base64url')}`;
    // Refused tokens also count per client address, so trying one made-up token after another is limited too.
    if (!dev && !accepted.has(key) && failures.isOver(address)) {
      return problemResponse(
        c,
        createProblem('rate_limited', 'too many refused tokens from this address; wait before trying again'),
        { 'retry-after': String(failures.take(address).resetSeconds) },
      );
    }
    const decision = limiter.take(dev ? 'dev' : key);
    c.header('RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) {
      return problemResponse(
        c,
        createProblem(
          'rate_limited',
          `too many requests for this token; wait ${decision.resetSeconds} s (the server's rate limit)`,
        ),
        { 'retry-after': String(decision.resetSeconds) },
      );
    }
    if (dev) {
      c.set('mesh', root);
      c.set('principalId', root.principal.id);
      return next();
    }
    const unauthenticated = (detail: string): Response =>
      problemResponse(c, createProblem('unauthorized', detail, { status: 401 }), {
        'www-authenticate': 'Bearer realm="meshwork"',
      });
    if (header === undefined) {
      return unauthenticated(
        'this request needs a token: send Authorization: Bearer mwt_… (meshwork token create)',
      );
    }
    if (match?.[1] === undefined) {
      return unauthenticated('the Authorization header must be "Bearer mwt_…"');
    }
    try {
      const principal = await root.governance.authenticate(match[1]);
      c.set('mesh', await root.as(principal));
      c.set('principalId', principal.id);
      if (accepted.size >= 10_000) accepted.clear();
      accepted.add(key);
    } catch (error) {
      if (isMeshError(error) && error.code === 'unauthorized') {
        failures.take(address);
        return unauthenticated(error.message);
      }
      throw error;
    }
    return next();
  };
}
