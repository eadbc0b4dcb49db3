import { describe, expect, it } from 'vitest';
import { ContractViolationError, ERROR_CODES, MeshError } from '../core/errors.ts';
import { PolicyViolationError } from '../governance/policy-violation-error.ts';
import { HTTP_STATUS } from './http-status.ts';
import { toProblem } from './problem.ts';

describe('problems', () => {
  it('give every error code one of the statuses the API documents', () => {
    for (const code of ERROR_CODES) {
      expect([400, 401, 403, 404, 409, 413, 422, 429, 500, 503]).toContain(HTTP_STATUS[code]);
    }
    expect(HTTP_STATUS.contract_violation).toBe(422);
    expect(HTTP_STATUS.rate_limited).toBe(429);
  });

  it('keep a MeshError code and message, contract issues and every policy violation', () => {
    expect(toProblem(new MeshError('not_found', 'no such product'))).toMatchObject({
      status: 404,
      code: 'not_found',
      detail: 'no such product',
    });
    const issues = [{ path: ['amount'], code: 'minimum', message: 'amount must be positive' }];
    expect(toProblem(new ContractViolationError('bad', issues)).issues).toEqual(issues);
    const violations = [
      { policyId: 'p1', path: 'owner', message: 'needs an owner', severity: 'blocking' },
      { policyId: 'p2', path: '', message: 'needs a description', severity: 'blocking' },
    ];
    const denied = toProblem(new PolicyViolationError('publish', 'sales.x', violations as never));
    expect(denied.status).toBe(403);
    expect(denied.violations).toHaveLength(2);
  });

  it('report anything else as internal without its message', () => {
    const problem = toProblem(new Error('SELECT * FROM secret_table failed'));
    expect(problem).toMatchObject({ status: 500, code: 'internal' });
    expect(problem.detail).not.toContain('secret_table');
  });
});
