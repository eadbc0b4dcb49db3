import type { ProductStatus } from '../core/lifecycle.ts';
import { explainExpression } from './explain-expression.ts';
import { type CompiledExpression, compileExpression } from './policy-expression.ts';
import { type PolicySubject, toPolicyInput } from './policy-input.ts';

/** The states a transition can lead to (a product is only ever created as a draft). */
export type GuardedStatus = Exclude<ProductStatus, 'draft'>;

/** A condition a lifecycle transition needs, written in CEL and evaluated by the policy engine. */
export interface LifecycleGuard {
  readonly id: string;
  readonly description: string;
  /** CEL over `product`, `request`, `quality` and `grants`; true when the transition may go ahead. */
  readonly expression: string;
  /** The reason given when the guard fails, naming what to fix. */
  readonly reason: (subject: PolicySubject) => string;
}

/** A failed guard: its id, the reason and the offending paths. */
export interface GuardFailure {
  readonly guardId: string;
  readonly reason: string;
  readonly paths: readonly string[];
}

/**
 * The lifecycle as a typed state machine with guards: for each target state, what must hold. Transitions not allowed
 * at all (see core/lifecycle.ts) are refused before any guard runs.
 */
export const LIFECYCLE_GUARDS: Readonly<Record<GuardedStatus, readonly LifecycleGuard[]>> = {
  published: [
    {
      id: 'publish.name',
      description: 'has a name',
      expression: "product.name != ''",
      reason: () => 'the product has no name',
    },
    {
      id: 'publish.version',
      description: 'has a version',
      expression: "product.version != ''",
      reason: () => 'the product has no version',
    },
    {
      id: 'publish.domain',
      description: 'has a domain',
      expression: "product.domain != ''",
      reason: () => 'the product has no domain',
    },
    {
      id: 'publish.owner',
      description: 'has an owner',
      expression: "product.owner != ''",
      reason: () => 'the product has no owner; set owner in its descriptor',
    },
    {
      id: 'publish.contract',
      description: 'has a contract with at least one field',
      expression: 'size(product.schema.fields) > 0',
      reason: () => 'the product schema has no fields',
    },
    {
      id: 'publish.quality',
      description: 'its last quality run passed, or found no data to check',
      expression: "quality.runs > 0 && (quality.lastVerdict == 'pass' || quality.lastVerdict == 'no_data')",
      reason: (s) =>
        (s.quality?.runs ?? 0) === 0
          ? `the product has no quality run; check it first (meshwork quality ${s.product.id})`
          : `the last quality run (${s.quality?.lastRunAt ?? ''}) did not pass: its verdict is ${s.quality?.lastVerdict ?? ''}; fix the data and check again (meshwork quality ${s.product.id})`,
    },
  ],
  deprecated: [
    {
      id: 'deprecate.sunset',
      description: 'names a sunset date',
      expression: "request.sunset != ''",
      reason: () =>
        'deprecation needs a sunset date (YYYY-MM-DD) so that consumers know when to move off; pass sunset (--sunset)',
    },
    {
      id: 'deprecate.sunset-date',
      description: 'the sunset is a date',
      expression: "request.sunset == '' || request.sunset.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}$')",
      reason: (s) => `sunset must be a date YYYY-MM-DD, got ${s.request?.sunset ?? ''}`,
    },
  ],
  archived: [
    {
      id: 'archive.no-active-grants',
      description: 'no consumer holds an active grant',
      expression: 'grants.active == 0',
      reason: (s) =>
        `${s.grants?.active ?? 0} active grant(s) still let consumers read it (${(s.grants?.consumers ?? []).join(', ')}); revoke them first (meshwork access revoke <grant>) or let them expire`,
    },
  ],
};

const compiled = new Map<string, CompiledExpression>();

/** Evaluates the guards of a transition to `to` and returns the failures (none when it may go ahead). */
export function checkLifecycleGuards(to: GuardedStatus, subject: PolicySubject): GuardFailure[] {
  const input = toPolicyInput(subject);
  const failures: GuardFailure[] = [];
  for (const guard of LIFECYCLE_GUARDS[to]) {
    let c = compiled.get(guard.id);
    if (c === undefined) {
      c = compileExpression(guard.expression);
      compiled.set(guard.id, c);
    }
    const explained = explainExpression(c, input);
    if (explained.value === true) continue;
    failures.push({
      guardId: guard.id,
      reason: guard.reason(subject),
      paths: [...new Set(explained.offenders.map((o) => o.path))],
    });
  }
  return failures;
}
