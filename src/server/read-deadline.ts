import type { MiddlewareHandler } from 'hono';
import { isMeshError } from '../core/errors.ts';
import { createProblem } from './problem.ts';
import { problemResponse } from './problem-response.ts';
import type { ServerEnv } from './server-env.ts';

/** Whether an error is a read the engine stopped at its deadline. */
function isInterruptedRead(error: unknown): boolean {
  return isMeshError(error) && error.details?.reason === 'interrupted';
}

/**
 * Bounds every authenticated GET by the server's query timeout: the route's mesh handle has its reads bound to a
 * signal that aborts after `timeoutMs`, so a read still running then is interrupted in the engine (and later reads of
 * the request are refused), and the answer is 503 `query_timeout` naming the limit. A read that finished in time is
 * answered as usual. Writes are not bounded: stopping one half-way would only waste it.
 */
export function readDeadline(timeoutMs: number): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const mesh = c.get('mesh');
    if (mesh === undefined || c.req.method !== 'GET') return next();
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new Error(`the server's query timeout of ${timeoutMs} ms`)),
      timeoutMs,
    );
    c.set('mesh', mesh.withReadSignal(controller.signal));
    try {
      await next();
    } finally {
      clearTimeout(timer);
    }
    if (controller.signal.aborted && isInterruptedRead(c.error)) {
      c.res = problemResponse(
        c,
        createProblem(
          'query_timeout',
          `the read ran past the server's query timeout of ${timeoutMs} ms and was stopped; narrow the filter, ask for fewer rows or columns, or ask the operator to raise --query-timeout`,
        ),
      );
    }
  };
}
