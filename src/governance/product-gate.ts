import type { ProductDescriptor } from '../core/descriptor.ts';
import type { MeshError } from '../core/errors.ts';
import type { ProductStatus } from '../core/lifecycle.ts';
import type { EngineSession } from '../engine/engine.ts';
import { assertCanManageDomain } from './authorization.ts';
import { isEngine } from './audit-log.ts';
import { type GovernedContext, governanceStores } from './governed-context.ts';
import { checkLifecycleGuards } from './lifecycle-guards.ts';
import { formatViolation, type PolicyEvaluation, type PolicyViolation } from './policy.ts';
import { evaluateStoredPolicies, subjectFor } from './policy-facts.ts';
import { PolicyViolationError } from './policy-violation-error.ts';
import type { ReadAccess } from './read-access.ts';

/**
 * Checks that the acting principal may change a product of a domain and returns the refusal instead of throwing it,
 * so that the caller can log it as denied first.
 */
export function manageRefusal(g: GovernedContext, domain: string, action: string): MeshError | undefined {
  try {
    assertCanManageDomain(g.principal, domain, action);
    return undefined;
  } catch (error) {
    return error as MeshError;
  }
}

/** What the guards and policies say about a lifecycle transition. */
export interface TransitionGate {
  /** Failed guards: the transition is refused with these reasons. */
  readonly reasons: readonly string[];
  /** Blocking policy violations (publish only): the transition is refused with a PolicyViolationError. */
  readonly blocking: readonly PolicyViolation[];
  /** Policy warnings to report and record. */
  readonly warnings: readonly string[];
  readonly evaluation?: PolicyEvaluation;
}

/** Lifecycle parameters a guard may read. */
export interface TransitionRequest {
  readonly sunset?: string;
  readonly reason?: string;
}

/**
 * Evaluates a transition's guards and, for publishing, every policy of the publish event, over the product as it
 * would be after the transition.
 */
export async function gateTransition(
  g: GovernedContext,
  tx: EngineSession,
  d: ProductDescriptor,
  to: ProductStatus,
  request: TransitionRequest,
): Promise<TransitionGate> {
  if (to === 'draft') return { reasons: [], blocking: [], warnings: [] };
  const at = g.now().toISOString();
  const policyRequest = {
    operation: to === 'published' ? 'publish' : to === 'deprecated' ? 'deprecate' : 'archive',
    principal: g.principal,
    from: d.status,
    to,
    ...(request.sunset === undefined ? {} : { sunset: request.sunset }),
    ...(request.reason === undefined ? {} : { reason: request.reason }),
  };
  const subject = await subjectFor(tx, d, 'publish', at, policyRequest);
  const reasons = checkLifecycleGuards(to, subject).map((f) => f.reason);
  if (to !== 'published' || reasons.length > 0) return { reasons, blocking: [], warnings: [] };
  const evaluation = await evaluateStoredPolicies(tx, { ...d, status: to }, 'publish', at, policyRequest);
  return {
    reasons,
    blocking: evaluation.blocking,
    warnings: evaluation.warnings.map((v) => `policy ${formatViolation(v)}`),
    evaluation,
  };
}

/** Builds the error a blocked publish throws. */
export function publishRefusal(
  productId: string,
  blocking: readonly PolicyViolation[],
): PolicyViolationError {
  return new PolicyViolationError('publish', productId, blocking);
}

/**
 * Records what a transition leaves behind: the policy results it was published with, and for a deprecation a
 * notification to every consumer holding an active grant.
 */
export async function afterTransition(
  g: GovernedContext,
  tx: EngineSession,
  next: ProductDescriptor,
  gate: TransitionGate,
  request: TransitionRequest,
): Promise<void> {
  const at = g.now().toISOString();
  if (gate.evaluation) {
    await governanceStores.policies.saveResults(
      tx,
      next.id,
      next.version,
      'publish',
      gate.evaluation.results,
      at,
    );
  }
  if (next.status === 'deprecated') {
    const grants = await governanceStores.access.activeGrants(tx, next.id, at);
    for (const recipient of new Set(grants.map((gr) => gr.principalId))) {
      await governanceStores.notifications.add(tx, {
        recipient,
        kind: 'deprecation',
        productId: next.id,
        message: `${next.id} is deprecated${request.sunset ? ` and will be retired after ${request.sunset}` : ''}${request.reason ? `: ${request.reason}` : ''}; move off it before then`,
        details: { sunset: request.sunset ?? null, reason: request.reason ?? null, version: next.version },
        createdAt: at,
      });
    }
  }
}

/**
 * Evaluates the policies of the `ingest` event before data is written.
 * @throws PolicyViolationError when a blocking one fails.
 */
export async function gateIngest(g: GovernedContext, s: EngineSession, d: ProductDescriptor): Promise<void> {
  const evaluation = await evaluateStoredPolicies(s, d, 'ingest', g.now().toISOString(), {
    operation: 'ingest',
    principal: g.principal,
  });
  if (!evaluation.passed) throw new PolicyViolationError('ingest', d.id, evaluation.blocking);
}

/**
 * Evaluates the policies of the `access` event for a read.
 * @throws PolicyViolationError when a blocking one fails.
 */
export async function gateRead(
  g: GovernedContext,
  s: EngineSession,
  d: ProductDescriptor,
  access: ReadAccess,
  operation: string,
): Promise<void> {
  const evaluation = await evaluateStoredPolicies(
    s,
    d,
    'access',
    g.now().toISOString(),
    {
      operation,
      principal: g.principal,
      ...(access.grant ? { purpose: access.grant.purpose, port: access.grant.port } : {}),
      pii: access.masked.size === 0,
    },
    g.cache !== undefined && isEngine(s) ? g.cache : undefined,
  );
  if (!evaluation.passed) throw new PolicyViolationError(operation, d.id, evaluation.blocking);
}
