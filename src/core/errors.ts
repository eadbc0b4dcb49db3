/** Every error code a Meshwork operation can fail with; the CLI and server map these to exit codes and HTTP statuses. */
export const ERROR_CODES = [
  'invalid_input',
  'not_found',
  'already_exists',
  'conflict',
  'contract_violation',
  'policy_denied',
  'unauthorized',
  'storage_unavailable',
  'upstream_failed',
  'internal',
] as const;

/** A machine-readable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem found in an input: where it is, what kind it is, and how to fix it. */
export interface Issue {
  /** Location of the problem, e.g. `['records', 3, 'amount']`. */
  readonly path: readonly (string | number)[];
  /** Stable machine-readable kind of problem, e.g. `required`, `type`, `format`. */
  readonly code: string;
  /** Human-readable sentence naming the field and the fix. */
  readonly message: string;
}

/** Options accepted by {@link MeshError}. */
export interface MeshErrorOptions {
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/** The base class of every user-facing error Meshwork throws; `code` tells what kind of failure it is. */
export class MeshError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, options: MeshErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MeshError';
    this.code = code;
    this.details = options.details;
  }
}

/** Thrown when data or a document breaks its contract; carries every issue found. */
export class ContractViolationError extends MeshError {
  readonly issues: readonly Issue[];

  constructor(message: string, issues: readonly Issue[], options: MeshErrorOptions = {}) {
    super('contract_violation', message, options);
    this.name = 'ContractViolationError';
    this.issues = issues;
  }
}

/** Thrown when a policy refuses an operation. */
export class PolicyDeniedError extends MeshError {
  readonly policyId: string;
  readonly reason: string;

  constructor(policyId: string, reason: string, options: MeshErrorOptions = {}) {
    super('policy_denied', `policy ${policyId} denied the operation: ${reason}`, options);
    this.name = 'PolicyDeniedError';
    this.policyId = policyId;
    this.reason = reason;
  }
}

/** Tells whether a value is a {@link MeshError}. */
export function isMeshError(value: unknown): value is MeshError {
  return value instanceof MeshError;
}

/** Formats a path such as `['records', 3, 'amount']` as `records[3].amount`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}
