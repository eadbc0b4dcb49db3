import { type Issue, PolicyDeniedError } from '../core/errors.ts';
import { formatViolation, type PolicyViolation } from './policy.ts';

/** Thrown when blocking policies refuse an operation; lists every violation, each with its offending path. */
export class PolicyViolationError extends PolicyDeniedError {
  readonly violations: readonly PolicyViolation[];
  /** The violations as issues (path, policy id as code, message), like a ContractViolationError's. */
  readonly issues: readonly Issue[];

  constructor(operation: string, productId: string, violations: readonly PolicyViolation[]) {
    const first = violations[0];
    super(first?.policyId ?? 'unknown', first?.message ?? 'a blocking policy failed', {
      details: { productId, operation, violations },
    });
    this.name = 'PolicyViolationError';
    this.violations = violations;
    this.issues = violations.map((v) => ({
      path: v.path === '' ? [] : [v.path],
      code: v.policyId,
      message: v.message,
    }));
    const policies = new Set(violations.map((v) => v.policyId)).size;
    this.message = `${operation} of ${productId} refused by ${policies} blocking ${policies === 1 ? 'policy' : 'policies'} (${violations.length} violation${violations.length === 1 ? '' : 's'}):\n${violations.map((v) => `  - ${formatViolation(v)}`).join('\n')}`;
  }
}
