import type { ProductDescriptor } from '../core/descriptor.ts';
import { MeshError } from '../core/errors.ts';
import type { ProductStatus } from '../core/lifecycle.ts';
import type { EngineSession } from '../engine/engine.ts';
import { evaluatePolicySet, type VersionedPolicy } from './evaluate-policies.ts';
import { audit, type GovernedContext, governanceStores } from './governed-context.ts';
import { type PolicyResult, policyAppliesTo, type StoredPolicy } from './policy.ts';
import { subjectFor } from './policy-facts.ts';

/** One product's compliance with every policy that applies to it. */
export interface ProductCompliance {
  readonly productId: string;
  readonly domain: string;
  readonly version: string;
  readonly status: ProductStatus;
  /** No blocking policy fails. */
  readonly compliant: boolean;
  /** Percentage of applicable policies passed. */
  readonly score: number;
  readonly results: readonly PolicyResult[];
}

/** A domain's compliance: its products' figures together. */
export interface DomainCompliance {
  readonly domain: string;
  readonly products: number;
  readonly compliant: number;
  /** Average of its products' scores. */
  readonly score: number;
}

/** Compliance of a product, a domain or the whole mesh, evaluated now against the current policy versions. */
export interface ComplianceReport {
  readonly generatedAt: string;
  readonly scope: { readonly domain: string | null; readonly product: string | null };
  readonly products: readonly ProductCompliance[];
  readonly domains: readonly DomainCompliance[];
  readonly summary: {
    readonly products: number;
    readonly compliant: number;
    readonly score: number;
    readonly blockingViolations: number;
    readonly warnings: number;
  };
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** The policies a compliance run evaluates: those of the publish or schedule events, as of the schedule event. */
function compliancePolicies(policies: readonly StoredPolicy[]): VersionedPolicy[] {
  return policies
    .filter((p) => p.events.includes('publish') || p.events.includes('schedule'))
    .map((p) => ({ ...p, events: ['schedule'] as const }));
}

/** Evaluates one product's compliance now and stores each result with the policy version it used. */
export async function evaluateCompliance(
  s: EngineSession,
  d: ProductDescriptor,
  policies: readonly StoredPolicy[],
  at: string,
): Promise<ProductCompliance> {
  const subject = await subjectFor(s, d, 'schedule', at, { operation: 'compliance' });
  const evaluation = evaluatePolicySet(compliancePolicies(policies), 'schedule', subject);
  await governanceStores.policies.saveResults(s, d.id, d.version, 'schedule', evaluation.results, at);
  const passed = evaluation.results.filter((r) => r.passed).length;
  const total = evaluation.results.length;
  return {
    productId: d.id,
    domain: d.domain,
    version: d.version,
    status: d.status,
    compliant: evaluation.passed,
    score: total === 0 ? 100 : round1((passed / total) * 100),
    results: evaluation.results,
  };
}

/**
 * Evaluates compliance now for one product, one domain or the whole mesh, stores each result with the policy
 * version it used, and summarises it per product and per domain.
 * @throws MeshError `not_found` for an unknown product.
 */
export async function complianceReport(
  g: GovernedContext,
  options: { domain?: string; product?: string } = {},
): Promise<ComplianceReport> {
  return g.engine.transaction(async (tx) => {
    const at = g.now().toISOString();
    let records = await g.registry.list(tx, options.domain === undefined ? {} : { domain: options.domain });
    if (options.product !== undefined) {
      records = records.filter((r) => r.descriptor.id === options.product);
      if (records.length === 0) {
        throw new MeshError(
          'not_found',
          `product ${options.product} is not in the catalog${options.domain ? ` (domain ${options.domain})` : ''}`,
        );
      }
    }
    const policies = await governanceStores.policies.list(tx);
    const products: ProductCompliance[] = [];
    for (const r of records) {
      const d = r.descriptor;
      products.push(
        await evaluateCompliance(
          tx,
          d,
          policies.filter((p) => policyAppliesTo(p, d.domain)),
          at,
        ),
      );
    }
    const byDomain = new Map<string, ProductCompliance[]>();
    for (const p of products) byDomain.set(p.domain, [...(byDomain.get(p.domain) ?? []), p]);
    const average = (list: readonly ProductCompliance[]): number =>
      list.length === 0 ? 100 : round1(list.reduce((a, p) => a + p.score, 0) / list.length);
    const domains = [...byDomain.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([domain, list]) => ({
        domain,
        products: list.length,
        compliant: list.filter((p) => p.compliant).length,
        score: average(list),
      }));
    const failed = products.flatMap((p) => p.results.filter((r) => !r.passed));
    await audit(g, tx, 'policy.compliance', options.product ?? options.domain ?? '*', 'ok', {
      products: products.length,
      compliant: products.filter((p) => p.compliant).length,
    });
    return {
      generatedAt: at,
      scope: { domain: options.domain ?? null, product: options.product ?? null },
      products,
      domains,
      summary: {
        products: products.length,
        compliant: products.filter((p) => p.compliant).length,
        score: average(products),
        blockingViolations: failed
          .filter((r) => r.severity === 'blocking')
          .reduce((a, r) => a + r.violations.length, 0),
        warnings: failed.filter((r) => r.severity === 'warning').reduce((a, r) => a + r.violations.length, 0),
      },
    };
  });
}
