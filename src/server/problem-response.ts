import type { Context } from 'hono';
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
  return new Response(JSON.stringify(body), {
    status: problem.status,
    headers: { 'content-type': PROBLEM_MEDIA_TYPE, ...headers },
  });
}
