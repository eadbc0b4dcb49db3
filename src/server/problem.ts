import { ContractViolationError, type Issue, isMeshError, PolicyDeniedError } from '../core/errors.ts';
import { PolicyViolationError } from '../governance/policy-violation-error.ts';
import { httpStatusFor, type ProblemCode } from './http-status.ts';

/** The media type of every error response (RFC 9457). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** Where the problem types are documented; `type` is this plus the code. */
export const PROBLEM_TYPE_BASE = 'https://meshwork.dev/problems/';

/** An RFC 9457 problem document with Meshwork's error code and, where there are any, every issue. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ProblemCode;
  readonly instance?: string;
  /** Contract or validation issues, each with the path of the offending field. */
  readonly issues?: readonly Issue[];
  /** For a policy denial: every violation (policy id, path, message). */
  readonly violations?: readonly unknown[];
  readonly requestId?: string;
}

const TITLES: Readonly<Record<ProblemCode, string>> = {
  invalid_input: 'Invalid input',
  not_found: 'Not found',
  already_exists: 'Already exists',
  conflict: 'Conflict',
  contract_violation: 'Contract violation',
  policy_denied: 'Denied by policy',
  unauthorized: 'Not authorized',
  storage_unavailable: 'Store unavailable',
  upstream_failed: 'Upstream service failed',
  internal: 'Internal error',
  payload_too_large: 'Request body too large',
  rate_limited: 'Too many requests',
  query_timeout: 'Query timed out',
};

/** Builds a problem document for a code; `status` overrides the table (401 for a request that did not authenticate). */
export function createProblem(
  code: ProblemCode,
  detail: string,
  extra: { status?: number; issues?: readonly Issue[]; violations?: readonly unknown[] } = {},
): Problem {
  return {
    type: `${PROBLEM_TYPE_BASE}${code.replace(/_/g, '-')}`,
    title: TITLES[code],
    status: extra.status ?? httpStatusFor(code),
    detail,
    code,
    ...(extra.issues === undefined ? {} : { issues: extra.issues }),
    ...(extra.violations === undefined ? {} : { violations: extra.violations }),
  };
}

/**
 * Turns anything thrown by a route into a problem: a MeshError keeps its code, message and issues (a policy denial
 * every violation); anything else is a bug, reported as `internal` without its message, which may hold internals.
 */
export function toProblem(error: unknown): Problem {
  if (isMeshError(error)) {
    if (error instanceof PolicyViolationError) {
      return createProblem(error.code, error.message, { issues: error.issues, violations: error.violations });
    }
    if (error instanceof PolicyDeniedError) {
      return createProblem(error.code, error.message, {
        violations: [{ policyId: error.policyId, path: '', message: error.reason }],
      });
    }
    if (error instanceof ContractViolationError) {
      return createProblem(error.code, error.message, { issues: error.issues });
    }
    return createProblem(error.code, error.message);
  }
  return createProblem(
    'internal',
    'the server failed while handling the request; this is a bug, see the server log',
  );
}
