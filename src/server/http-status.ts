import type { ErrorCode } from '../core/errors.ts';

/**
 * Problems only the HTTP edge produces: a body over the limit, a client over its rate, and a read stopped at the
 * server's query timeout.
 */
export const SERVER_PROBLEM_CODES = ['payload_too_large', 'rate_limited', 'query_timeout'] as const;

/** A problem code the server answers with: one of Meshwork's error codes, or one the HTTP edge adds. */
export type ProblemCode = ErrorCode | (typeof SERVER_PROBLEM_CODES)[number];

/**
 * The HTTP status of each problem code; the server's counterpart of the CLI's exit-code table
 * (src/cli/exit-codes.ts). `unauthorized` is 403 for an authenticated principal lacking a right; a request that did
 * not authenticate gets 401 from the auth middleware.
 */
export const HTTP_STATUS: Readonly<
  Record<ProblemCode, 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503>
> = {
  invalid_input: 400,
  unauthorized: 403,
  policy_denied: 403,
  not_found: 404,
  already_exists: 409,
  conflict: 409,
  payload_too_large: 413,
  contract_violation: 422,
  rate_limited: 429,
  storage_unavailable: 503,
  upstream_failed: 503,
  query_timeout: 503,
  internal: 500,
};

/** The HTTP status for a problem code. */
export function httpStatusFor(code: ProblemCode): number {
  return HTTP_STATUS[code];
}
