import { type Explanation, explainExpression, type Offender, type TraceNode } from './explain-expression.ts';
import type {
  PolicyDefinition,
  PolicyEvaluation,
  PolicyEvent,
  PolicyResult,
  PolicyViolation,
} from './policy.ts';
import { policyAppliesTo } from './policy.ts';
import { type CompiledExpression, compileExpression, type PolicyInput } from './policy-expression.ts';
import { type PolicySubject, toPolicyInput } from './policy-input.ts';

/** A policy with the version it is evaluated at. */
export type VersionedPolicy = PolicyDefinition & { readonly version: number };

const compiled = new Map<string, CompiledExpression>();

function compile(expression: string): CompiledExpression {
  let c = compiled.get(expression);
  if (c === undefined) {
    c = compileExpression(expression);
    if (compiled.size > 500) compiled.clear();
    compiled.set(expression, c);
  }
  return c;
}

function describeOffender(policy: VersionedPolicy, o: Offender): string {
  if (o.error !== undefined) return `${policy.description} (could not evaluate ${o.expression}: ${o.error})`;
  return `${policy.description} (${o.expression} is ${o.wanted ? 'false' : 'true'})`;
}

function toViolations(policy: VersionedPolicy, explanation: Explanation): PolicyViolation[] {
  const seen = new Set<string>();
  const out: PolicyViolation[] = [];
  for (const o of explanation.offenders) {
    const key = `${o.path}\u0000${o.expression}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      policyId: policy.id,
      policyVersion: policy.version,
      severity: policy.severity,
      path: o.path,
      expression: o.expression,
      ...(o.element === undefined ? {} : { element: o.element }),
      message: describeOffender(policy, o),
    });
  }
  return out;
}

function resultOf(policy: VersionedPolicy, explanation: Explanation): PolicyResult {
  const passed = explanation.value === true;
  return {
    policyId: policy.id,
    policyVersion: policy.version,
    description: policy.description,
    severity: policy.severity,
    scope: policy.scope,
    passed,
    violations: passed ? [] : toViolations(policy, explanation),
    ...(explanation.error === undefined ? {} : { error: explanation.error }),
  };
}

function evaluateOne(policy: VersionedPolicy, input: PolicyInput): PolicyResult {
  let c: CompiledExpression;
  try {
    c = compile(policy.expression);
  } catch (error) {
    // A stored expression that no longer compiles fails closed, naming the problem.
    const message = error instanceof Error ? error.message : String(error);
    return {
      policyId: policy.id,
      policyVersion: policy.version,
      description: policy.description,
      severity: policy.severity,
      scope: policy.scope,
      passed: false,
      error: message,
      violations: [
        {
          policyId: policy.id,
          policyVersion: policy.version,
          severity: policy.severity,
          path: '',
          expression: policy.expression,
          message,
        },
      ],
    };
  }
  // Fast path: a passing policy needs no explanation.
  try {
    if (c.evaluate(input) === true) {
      return {
        policyId: policy.id,
        policyVersion: policy.version,
        description: policy.description,
        severity: policy.severity,
        scope: policy.scope,
        passed: true,
        violations: [],
      };
    }
  } catch {
    // Explained below.
  }
  return resultOf(policy, explainExpression(c, input));
}

/** Evaluates one policy for a subject, naming every offending path when it fails. */
export function evaluatePolicy(policy: VersionedPolicy, subject: PolicySubject): PolicyResult {
  return evaluateOne(policy, toPolicyInput(subject));
}

/**
 * Evaluates every policy that applies to the subject's product (global ones and its domain's) at an event.
 * Domain policies only ever add results: a product must pass its domain's policies *and* every global one.
 */
export function evaluatePolicySet(
  policies: readonly VersionedPolicy[],
  event: PolicyEvent,
  subject: PolicySubject,
): PolicyEvaluation {
  const input = toPolicyInput({ ...subject, event });
  const results = policies
    .filter((p) => p.events.includes(event) && policyAppliesTo(p, subject.product.domain))
    .map((p) => evaluateOne(p, input));
  const failed = results.filter((r) => !r.passed);
  const blocking = failed.filter((r) => r.severity === 'blocking').flatMap((r) => r.violations);
  const warnings = failed.filter((r) => r.severity === 'warning').flatMap((r) => r.violations);
  return { event, productId: subject.product.id, results, blocking, warnings, passed: blocking.length === 0 };
}

/** A policy's result for one product with the full evaluation trace. */
export interface PolicyExplanation {
  readonly result: PolicyResult;
  readonly trace: TraceNode;
}

/** Evaluates one policy and returns its result together with the trace of every sub-expression. */
export function explainPolicy(policy: VersionedPolicy, subject: PolicySubject): PolicyExplanation {
  const explanation = explainExpression(compile(policy.expression), toPolicyInput(subject));
  return { result: resultOf(policy, explanation), trace: explanation.trace };
}
