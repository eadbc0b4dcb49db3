import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Problem } from './problem.ts';
import { PROBLEM_MEDIA_TYPE } from './problem.ts';

/** Answers with a problem document as `application/problem+json`, carrying the request id when there is one. */
export function problemResponse(
  c: Context,
  problem: Problem,
  headers: Record<string, string> = {},
): Response {
  const requestId = c.get('requestId') as string | undefined;
  const body = { ...problem, instance: c.req.path, ...(requestId === undefined ? {} : { requestId }) };
  // Through the context, so headers set earlier (request id, rate limit) stay on the response.
  return c.newResponse(JSON.stringify(body), problem.status as ContentfulStatusCode, {
    ...headers,
    'content-type': PROBLEM_MEDIA_TYPE,
  });
}
