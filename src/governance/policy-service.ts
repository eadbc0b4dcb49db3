import type { ProductDescriptor, ProductSpec } from '../core/descriptor.ts';
import { MeshError } from '../core/errors.ts';
import type { ProductStatus } from '../core/lifecycle.ts';
import type { EngineSession } from '../engine/engine.ts';
import { assertCanManageDomain, assertPlatformAdmin } from './authorization.ts';
import { evaluateCompliance } from './compliance.ts';
import { DEFAULT_POLICIES } from './default-policies.ts';
import { evaluatePolicySet, explainPolicy, type PolicyExplanation } from './evaluate-policies.ts';
import { audit, type GovernedContext, governanceStores, governed } from './governed-context.ts';
import type { AuditLog } from './audit-log.ts';
import { parsePolicies } from './parse-policies.ts';
import {
  formatPolicyScope,
  type PolicyDefinition,
  type PolicyEvaluation,
  type PolicyEvent,
  type PolicyResult,
  policyAppliesTo,
  type StoredPolicy,
} from './policy.ts';
import { subjectFor } from './policy-facts.ts';
import type { PolicyRequest } from './policy-input.ts';
import type { PolicyChange, PolicyVersion } from './policy-store.ts';
import { PolicyViolationError } from './policy-violation-error.ts';

/** One policy of an applied document and what applying it did. */
export interface AppliedPolicy {
  readonly id: string;
  readonly scope: string;
  readonly version: number;
  readonly change: PolicyChange;
}

/** The outcome of `meshwork policy apply`. */
export interface ApplyPoliciesResult {
  readonly policies: readonly AppliedPolicy[];
  /** How many products had their compliance re-evaluated because a policy changed. */
  readonly reevaluated: number;
}

/** A product and what the policy engine needs to know about the moment of evaluation. */
export interface PolicyHookContext {
  /** A registered descriptor, or a spec about to be registered or published (status defaults to `draft`). */
  readonly product: ProductSpec & { readonly status?: ProductStatus };
  /** The operation being decided; the acting principal is added. */
  readonly request?: Omit<PolicyRequest, 'principal'>;
}

/** Writes the default global policies into a store that does not have them yet (each at version 1, by `system`). */
export async function seedDefaultPolicies(
  s: EngineSession,
  at: string,
  auditLog: AuditLog,
): Promise<string[]> {
  const added: string[] = [];
  for (const p of DEFAULT_POLICIES) {
    if (await governanceStores.policies.find(s, p.id)) continue;
    await governanceStores.policies.save(s, p, at, 'system');
    await auditLog.append(s, {
      at,
      actor: 'system',
      principal: 'system',
      action: 'policy.apply',
      target: p.id,
      outcome: 'ok',
      details: { version: 1, scope: 'global', severity: p.severity, expression: p.expression, seeded: true },
    });
    added.push(p.id);
  }
  return added;
}

/**
 * Stores policies from a document (parsed YAML): new ones at version 1, changed ones as a new version. Global
 * policies are for platform admins; a domain's owners may add policies to their domain, which can only add checks: a
 * domain policy may not take a global policy's id, and no policy can switch another off. Every product the changes
 * apply to is re-evaluated and its results stored with the new policy versions.
 * @throws ContractViolationError for a malformed document; MeshError `unauthorized`, `policy_denied` (a domain policy
 * reusing a global id), `conflict` (an id owned by another domain).
 */
export async function applyPolicies(g: GovernedContext, document: unknown): Promise<ApplyPoliciesResult> {
  const definitions = parsePolicies(document);
  return governed(g, 'policy.apply', definitions.map((d) => d.id).join(','), async (tx) => {
    const applied: AppliedPolicy[] = [];
    for (const def of definitions) {
      if (def.scope.kind === 'global') assertPlatformAdmin(g.principal, `apply the global policy ${def.id}`);
      else
        assertCanManageDomain(g.principal, def.scope.domain, `apply policies of domain ${def.scope.domain}`);
      const existing = await governanceStores.policies.find(tx, def.id);
      if (existing && formatPolicyScope(existing.scope) !== formatPolicyScope(def.scope)) {
        if (existing.scope.kind === 'global') {
          throw new MeshError(
            'policy_denied',
            `policy ${def.id} is global: a domain policy cannot replace, override or disable it; domains may only add stricter policies under their own ids (e.g. ${def.scope.kind === 'domain' ? def.scope.domain : 'sales'}-${def.id})`,
            { details: { policyId: def.id } },
          );
        }
        throw new MeshError(
          'conflict',
          `policy ${def.id} belongs to ${formatPolicyScope(existing.scope)}; choose another id for ${formatPolicyScope(def.scope)}`,
        );
      }
      const at = g.now().toISOString();
      const saved = await governanceStores.policies.save(tx, def, at, g.principal.id);
      applied.push({ id: def.id, scope: formatPolicyScope(def.scope), ...saved });
      if (saved.change !== 'unchanged') {
        await audit(g, tx, 'policy.apply', def.id, 'ok', {
          version: saved.version,
          change: saved.change,
          scope: formatPolicyScope(def.scope),
          severity: def.severity,
          events: def.events,
          expression: def.expression,
        });
      }
    }
    const changed = definitions.filter((d) => applied.find((a) => a.id === d.id)?.change !== 'unchanged');
    let reevaluated = 0;
    if (changed.length > 0) {
      const at = g.now().toISOString();
      const all = await governanceStores.policies.list(tx);
      for (const record of await g.registry.list(tx)) {
        const d = record.descriptor;
        if (!changed.some((p) => policyAppliesTo(p, d.domain))) continue;
        await evaluateCompliance(
          tx,
          d,
          all.filter((p) => policyAppliesTo(p, d.domain)),
          at,
        );
        reevaluated += 1;
      }
    }
    return { policies: applied, reevaluated };
  });
}

/** Lists policies by id; with a domain, the global ones and that domain's. */
export function listPolicies(g: GovernedContext, filter: { domain?: string } = {}): Promise<StoredPolicy[]> {
  return governanceStores.policies.list(g.engine, filter);
}

/**
 * Reads one policy.
 * @throws MeshError `not_found` naming the known policies.
 */
export async function findPolicy(
  g: GovernedContext,
  id: string,
  s: EngineSession = g.engine,
): Promise<StoredPolicy> {
  const found = await governanceStores.policies.find(s, id);
  if (found) return found;
  const known = (await governanceStores.policies.list(s)).map((p) => p.id);
  throw new MeshError('not_found', `there is no policy ${id}; known policies: ${known.join(', ')}`);
}

/** Lists every version of a policy, oldest first. */
export async function policyHistory(g: GovernedContext, id: string): Promise<PolicyVersion[]> {
  await findPolicy(g, id);
  return governanceStores.policies.versions(g.engine, id);
}

async function descriptorOf(g: GovernedContext, productId: string): Promise<ProductDescriptor> {
  const record = await g.registry.find(g.engine, productId);
  if (!record) throw new MeshError('not_found', `product ${productId} is not in the catalog`);
  return record.descriptor;
}

/** A policy's result for one product, and whether it applies to the product at all. */
export interface PolicyTestResult {
  readonly productId: string;
  readonly event: PolicyEvent;
  /** False when the policy belongs to another domain than the product's (the result is then what it would say). */
  readonly applies: boolean;
  readonly result: PolicyResult;
}

/**
 * Evaluates one policy against one registered product as it is now.
 * @throws MeshError `not_found` for an unknown policy or product.
 */
export async function testPolicy(
  g: GovernedContext,
  policyId: string,
  productId: string,
  event?: PolicyEvent,
): Promise<PolicyTestResult & { readonly trace: PolicyExplanation['trace'] }> {
  const policy = await findPolicy(g, policyId);
  const d = await descriptorOf(g, productId);
  const at = g.now().toISOString();
  const ev = event ?? policy.events[0] ?? 'publish';
  const subject = await subjectFor(g.engine, d, ev, at, { operation: 'test', principal: g.principal });
  const { result, trace } = explainPolicy(policy, subject);
  return { productId, event: ev, applies: policyAppliesTo(policy, d.domain), result, trace };
}

/**
 * The policy hook for publish pipelines (`meshwork publish <dir>`): evaluates every stored policy that applies to the
 * product (global ones and its domain's) at an event, as the acting principal, records the results when the product
 * is registered and audits the evaluation. Use {@link enforcePolicies} to refuse on blocking violations.
 * @example
 * const evaluation = await evaluatePolicies(g, 'publish', { product: { ...spec, status: 'published' } });
 * if (!evaluation.passed) throw new Error(evaluation.blocking.map((v) => `${v.path}: ${v.message}`).join("; "));
 */
export async function evaluatePolicies(
  g: GovernedContext,
  event: PolicyEvent,
  context: PolicyHookContext,
): Promise<PolicyEvaluation> {
  return g.engine.transaction(async (tx) => {
    const at = g.now().toISOString();
    const policies = await governanceStores.policies.list(tx, { domain: context.product.domain });
    const subject = await subjectFor(tx, context.product, event, at, {
      operation: event,
      ...context.request,
      principal: g.principal,
    });
    const evaluation = evaluatePolicySet(policies, event, subject);
    const registered = await g.registry.find(tx, context.product.id);
    if (registered) {
      await governanceStores.policies.saveResults(
        tx,
        context.product.id,
        context.product.version,
        event,
        evaluation.results,
        at,
      );
    }
    await audit(g, tx, 'policy.evaluate', context.product.id, 'ok', {
      event,
      passed: evaluation.passed,
      blocking: evaluation.blocking.length,
      warnings: evaluation.warnings.length,
    });
    return evaluation;
  });
}

/**
 * Like {@link evaluatePolicies}, but refuses: blocking violations are audited as denied and thrown.
 * @throws PolicyViolationError listing every blocking violation with its offending path.
 */
export async function enforcePolicies(
  g: GovernedContext,
  event: PolicyEvent,
  context: PolicyHookContext,
): Promise<PolicyEvaluation> {
  const evaluation = await evaluatePolicies(g, event, context);
  if (evaluation.passed) return evaluation;
  const error = new PolicyViolationError(
    context.request?.operation ?? event,
    context.product.id,
    evaluation.blocking,
  );
  await audit(g, g.engine, `policy.${event}`, context.product.id, 'denied', { message: error.message });
  throw error;
}

/** Reads the stored policy results of a product, each with the policy and product version it was computed from. */
export function storedPolicyResults(g: GovernedContext, productId?: string) {
  return governanceStores.policies.results(g.engine, productId);
}

/** The definitions a store starts with, for documentation and tests. */
export function defaultPolicies(): readonly PolicyDefinition[] {
  return DEFAULT_POLICIES;
}
