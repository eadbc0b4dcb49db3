import type { CatalogCache } from '../catalog/catalog-cache.ts';
import type { ProductDescriptor } from '../core/descriptor.ts';
import type { EngineSession } from '../engine/engine.ts';
import { evaluatePolicySet } from './evaluate-policies.ts';
import { governanceStores } from './governed-context.ts';
import type { PolicyEvaluation, PolicyEvent } from './policy.ts';
import {
  type GrantFacts,
  NO_QUALITY_RUNS,
  type PolicyRequest,
  type PolicySubject,
  type QualityFacts,
} from './policy-input.ts';

/** Reads what the platform knows about a product's quality runs. */
export async function qualityFacts(s: EngineSession, productId: string): Promise<QualityFacts> {
  const rows = await s.query(
    `SELECT (SELECT COUNT(*) FROM mw_quality_runs WHERE product_id = $1) AS runs, verdict, checked_at, derived_level
     FROM mw_quality_runs WHERE product_id = $1 ORDER BY run_id DESC LIMIT 1`,
    [productId],
  );
  const r = rows[0];
  if (!r) return NO_QUALITY_RUNS;
  return {
    runs: Number(r.runs),
    lastVerdict: String(r.verdict),
    lastRunAt: String(r.checked_at),
    lastLevel: String(r.derived_level),
  };
}

/** Reads who holds an active grant on a product now. */
export async function grantFacts(s: EngineSession, productId: string, at: string): Promise<GrantFacts> {
  const grants = await governanceStores.access.activeGrants(s, productId, at);
  return { active: grants.length, consumers: [...new Set(grants.map((g) => g.principalId))] };
}

/** Builds the full subject for a registered product: its descriptor plus quality and grant facts. */
export async function subjectFor(
  s: EngineSession,
  product: ProductDescriptor | PolicySubject['product'],
  event: PolicyEvent,
  at: string,
  request?: PolicyRequest,
): Promise<PolicySubject> {
  return {
    product,
    event,
    quality: await qualityFacts(s, product.id),
    grants: await grantFacts(s, product.id, at),
    ...(request === undefined ? {} : { request }),
  };
}

/** Evaluates the stored policies (global and the product's domain) for a product at an event. */
export async function evaluateStoredPolicies(
  s: EngineSession,
  product: ProductDescriptor | PolicySubject['product'],
  event: PolicyEvent,
  at: string,
  request?: PolicyRequest,
  cache?: CatalogCache,
): Promise<PolicyEvaluation> {
  const load = () => governanceStores.policies.list(s, { domain: product.domain });
  const stored = cache === undefined ? await load() : await cache.get(`policies:${product.domain}`, load);
  const policies = stored.filter((p) => p.events.includes(event));
  // Most reads meet no access policy: skip reading the quality and grant facts then.
  if (policies.length === 0) {
    return { event, productId: product.id, results: [], blocking: [], warnings: [], passed: true };
  }
  return evaluatePolicySet(policies, event, await subjectFor(s, product, event, at, request));
}
