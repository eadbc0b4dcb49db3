import {
  ContractViolationError,
  ERROR_CODES,
  type ErrorCode,
  type Issue,
  MeshError,
} from '../core/errors.ts';

/** What a server's problem+json answer said, kept on every error the client throws for one. */
export interface ProblemFields {
  /** The HTTP status of the answer (0 when the server was never reached). */
  readonly status: number;
  /** The problem's `detail`: the server's message, naming the field or the fix. */
  readonly detail: string;
  /** The problem code as the server sent it; differs from `code` only for the HTTP edge's own codes. */
  readonly problemCode: string;
  /** Contract or validation issues, each with the path of the offending field. */
  readonly issues: readonly Issue[];
  /** For a policy denial: every violation (policy id, path, message). */
  readonly violations: readonly Readonly<Record<string, unknown>>[];
  /** The server's request id, to find the request in its log. */
  readonly requestId: string | undefined;
}

/**
 * A failed call to a Meshwork server: a {@link MeshError} with the same `code` the SDK would have thrown, so callers
 * branch on `code` as with a local mesh, plus the problem's status, detail, issues and violations.
 */
export class MeshClientError extends MeshError implements ProblemFields {
  readonly status: number;
  readonly detail: string;
  readonly problemCode: string;
  readonly issues: readonly Issue[];
  readonly violations: readonly Readonly<Record<string, unknown>>[];
  readonly requestId: string | undefined;

  constructor(code: ErrorCode, message: string, fields: ProblemFields, cause?: unknown) {
    super(code, message, {
      details: { status: fields.status, problemCode: fields.problemCode },
      ...(cause === undefined ? {} : { cause }),
    });
    this.name = 'MeshClientError';
    this.status = fields.status;
    this.detail = fields.detail;
    this.problemCode = fields.problemCode;
    this.issues = fields.issues;
    this.violations = fields.violations;
    this.requestId = fields.requestId;
  }
}

/**
 * A server's `contract_violation` problem: a {@link ContractViolationError} (so `instanceof` and `issues` work as with
 * the SDK) that also carries the problem's status, detail and violations.
 */
export class MeshClientContractError extends ContractViolationError implements ProblemFields {
  readonly status: number;
  readonly detail: string;
  readonly problemCode: string;
  readonly violations: readonly Readonly<Record<string, unknown>>[];
  readonly requestId: string | undefined;

  constructor(message: string, fields: ProblemFields) {
    super(message, fields.issues, { details: { status: fields.status, problemCode: fields.problemCode } });
    this.name = 'MeshClientContractError';
    this.status = fields.status;
    this.detail = fields.detail;
    this.problemCode = fields.problemCode;
    this.violations = fields.violations;
    this.requestId = fields.requestId;
  }
}

/** Tells whether an error came from a Meshwork server's problem answer (or from not reaching the server). */
export function isMeshClientError(value: unknown): value is MeshClientError | MeshClientContractError {
  return value instanceof MeshClientError || value instanceof MeshClientContractError;
}

/** The SDK code for a problem code; the HTTP edge's own codes fall back to the nearest core code. */
function toErrorCode(problemCode: string, status: number): ErrorCode {
  if ((ERROR_CODES as readonly string[]).includes(problemCode)) return problemCode as ErrorCode;
  if (problemCode === 'payload_too_large') return 'invalid_input';
  if (problemCode === 'rate_limited') return 'storage_unavailable';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 422) return 'contract_violation';
  if (status >= 400 && status < 500) return 'invalid_input';
  if (status === 503) return 'storage_unavailable';
  return 'upstream_failed';
}

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

function toIssues(value: unknown): Issue[] {
  if (!Array.isArray(value)) return [];
  return value.map((raw) => {
    const r = asRecord(raw);
    return {
      path: Array.isArray(r.path) ? r.path.filter((p) => typeof p === 'string' || typeof p === 'number') : [],
      code: typeof r.code === 'string' ? r.code : 'invalid',
      message: typeof r.message === 'string' ? r.message : String(raw),
    };
  });
}

/**
 * Turns a server's error answer into the error to throw: a problem+json body keeps its code, detail, issues and
 * violations; any other body becomes an error named after the status and the request.
 */
export function toMeshClientError(
  status: number,
  body: unknown,
  request: string,
): MeshClientError | MeshClientContractError {
  const p = asRecord(body);
  const problemCode = typeof p.code === 'string' ? p.code : `http_${status}`;
  const detail =
    typeof p.detail === 'string'
      ? p.detail
      : typeof body === 'string' && body.trim() !== ''
        ? `${request} answered ${status}: ${body.trim().slice(0, 200)}`
        : `${request} answered ${status} without a problem document`;
  const fields: ProblemFields = {
    status,
    detail,
    problemCode,
    issues: toIssues(p.issues),
    violations: Array.isArray(p.violations) ? p.violations.map(asRecord) : [],
    requestId: typeof p.requestId === 'string' ? p.requestId : undefined,
  };
  const code = toErrorCode(problemCode, status);
  if (code === 'contract_violation') return new MeshClientContractError(detail, fields);
  return new MeshClientError(code, detail, fields);
}

/** The error for a server that could not be reached at all: `storage_unavailable`, naming the URL and the cause. */
export function unreachableError(url: string, cause: unknown): MeshClientError {
  const reason =
    cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
  const detail = `cannot reach the Meshwork server at ${url} (${reason}); check the URL (--server or $MESHWORK_URL) and that \`meshwork serve\` is running`;
  return new MeshClientError(
    'storage_unavailable',
    detail,
    {
      status: 0,
      detail,
      problemCode: 'storage_unavailable',
      issues: [],
      violations: [],
      requestId: undefined,
    },
    cause,
  );
}
