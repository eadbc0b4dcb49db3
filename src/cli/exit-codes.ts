import type { ErrorCode } from '../core/errors.ts';

/** Exit codes of the `meshwork` command, by outcome. */
export const EXIT = {
  ok: 0,
  internal: 1,
  invalidInput: 2,
  notFound: 3,
  conflict: 4,
  contractViolation: 5,
  denied: 6,
  unavailable: 7,
} as const;

const BY_CODE: Readonly<Record<ErrorCode, number>> = {
  invalid_input: EXIT.invalidInput,
  not_found: EXIT.notFound,
  already_exists: EXIT.conflict,
  conflict: EXIT.conflict,
  contract_violation: EXIT.contractViolation,
  policy_denied: EXIT.denied,
  unauthorized: EXIT.denied,
  storage_unavailable: EXIT.unavailable,
  upstream_failed: EXIT.unavailable,
  internal: EXIT.internal,
};

/** The exit code for an error code. */
export function exitCodeFor(code: ErrorCode): number {
  return BY_CODE[code];
}

/** The exit-code table, as shown in `--help`. */
export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  internal error (a bug: please report it)
  2  invalid input or usage (unknown command or flag, bad filter, malformed file)
  3  not found (product, file, segment, quality run)
  4  conflict (already exists, not-empty folder, lifecycle refused, archived product)
  5  contract violation (invalid descriptor, breaking change refused, rejected records, failed checks)
  6  denied by policy or missing authorization
  7  storage or upstream service unavailable (store in use, API down)`;
