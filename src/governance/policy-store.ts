import { bumpCatalogGeneration } from '../catalog/catalog-cache.ts';
import type { EngineSession, Row } from '../engine/engine.ts';
import { canonicalJson } from './canonical-json.ts';
import type { PolicyDefinition, PolicyResult, PolicyViolation, StoredPolicy } from './policy.ts';

/** Most policy results one INSERT writes (9 parameters each). */
const RESULT_ROWS = 200;

/** How applying a policy changed the catalog. */
export type PolicyChange = 'created' | 'updated' | 'unchanged';

/** One stored version of a policy. */
export interface PolicyVersion {
  readonly version: number;
  readonly definition: PolicyDefinition;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** A policy's stored result for one product, with the policy and product versions it was computed from. */
export interface StoredPolicyResult {
  readonly productId: string;
  readonly productVersion: string;
  readonly policyId: string;
  readonly policyVersion: number;
  readonly event: string;
  readonly severity: string;
  readonly passed: boolean;
  readonly violations: readonly PolicyViolation[];
  readonly evaluatedAt: string;
}

function toPolicy(r: Row): StoredPolicy {
  const definition = JSON.parse(String(r.definition)) as PolicyDefinition;
  return {
    ...definition,
    version: Number(r.version),
    updatedAt: String(r.updated_at),
    updatedBy: String(r.updated_by),
  };
}

function definitionJson(p: PolicyDefinition): string {
  const { id, description, severity, scope, events, expression } = p;
  return canonicalJson({ id, description, severity, scope, events, expression });
}

/** Keeps policies, every version of them (`mw_policies`, `mw_policy_versions`) and their last results per product. */
export class PolicyStore {
  /** Lists policies by id; with a domain, only the global ones and that domain's. */
  async list(s: EngineSession, filter: { domain?: string } = {}): Promise<StoredPolicy[]> {
    const rows =
      filter.domain === undefined
        ? await s.query('SELECT * FROM mw_policies ORDER BY id')
        : await s.query("SELECT * FROM mw_policies WHERE scope = 'global' OR domain = $1 ORDER BY id", [
            filter.domain,
          ]);
    return rows.map(toPolicy);
  }

  /** Finds a policy, or undefined. */
  async find(s: EngineSession, id: string): Promise<StoredPolicy | undefined> {
    const rows = await s.query('SELECT * FROM mw_policies WHERE id = $1', [id]);
    return rows[0] ? toPolicy(rows[0]) : undefined;
  }

  /** Lists every version of a policy, oldest first. */
  async versions(s: EngineSession, id: string): Promise<PolicyVersion[]> {
    const rows = await s.query('SELECT * FROM mw_policy_versions WHERE policy_id = $1 ORDER BY version', [
      id,
    ]);
    return rows.map((r) => ({
      version: Number(r.version),
      definition: JSON.parse(String(r.definition)) as PolicyDefinition,
      createdAt: String(r.created_at),
      createdBy: String(r.created_by),
    }));
  }

  /** Stores a policy: a new one at version 1, a changed one as the next version, an identical one unchanged. */
  async save(
    s: EngineSession,
    p: PolicyDefinition,
    at: string,
    by: string,
  ): Promise<{ version: number; change: PolicyChange }> {
    const json = definitionJson(p);
    const existing = await this.find(s, p.id);
    if (existing && definitionJson(existing) === json)
      return { version: existing.version, change: 'unchanged' };
    const version = existing ? existing.version + 1 : 1;
    const domain = p.scope.kind === 'domain' ? p.scope.domain : null;
    if (existing) {
      await s.execute(
        'UPDATE mw_policies SET scope = $1, domain = $2, version = $3, definition = $4, updated_at = $5, updated_by = $6 WHERE id = $7',
        [p.scope.kind, domain, version, json, at, by, p.id],
      );
    } else {
      await s.execute(
        `INSERT INTO mw_policies (id, scope, domain, version, definition, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [p.id, p.scope.kind, domain, version, json, at, by],
      );
    }
    await s.execute(
      `INSERT INTO mw_policy_versions (policy_id, version, definition, created_at, created_by) VALUES ($1, $2, $3, $4, $5)`,
      [p.id, version, json, at, by],
    );
    await bumpCatalogGeneration(s);
    return { version, change: existing ? 'updated' : 'created' };
  }

  /** Replaces a product's stored results with new ones. */
  async saveResults(
    s: EngineSession,
    productId: string,
    productVersion: string,
    event: string,
    results: readonly PolicyResult[],
    at: string,
  ): Promise<void> {
    // One statement per RESULT_ROWS results rather than one per result: an upsert costs DuckDB several milliseconds
    // each, so publishing against 50 policies spent ~0.25 s here (BENCHMARKS.md, "Scaling, small writes and publish").
    // A policy listed twice keeps its last result, as one upsert after another did.
    const rows = [...new Map(results.map((r) => [r.policyId, r])).values()];
    for (let from = 0; from < rows.length; from += RESULT_ROWS) {
      const chunk = rows.slice(from, from + RESULT_ROWS);
      const values = chunk.map(
        (_, i) => `(${Array.from({ length: 9 }, (_, c) => `$${i * 9 + c + 1}`).join(', ')})`,
      );
      await s.execute(
        `INSERT INTO mw_policy_results (product_id, policy_id, policy_version, product_version, event, severity, passed,
           violations, evaluated_at) VALUES ${values.join(', ')}
         ON CONFLICT (product_id, policy_id) DO UPDATE SET policy_version = excluded.policy_version,
           product_version = excluded.product_version, event = excluded.event, severity = excluded.severity,
           passed = excluded.passed, violations = excluded.violations, evaluated_at = excluded.evaluated_at`,
        chunk.flatMap((r) => [
          productId,
          r.policyId,
          r.policyVersion,
          productVersion,
          event,
          r.severity,
          r.passed,
          JSON.stringify(r.violations),
          at,
        ]),
      );
    }
  }

  /** Reads stored results, optionally of one product. */
  async results(s: EngineSession, productId?: string): Promise<StoredPolicyResult[]> {
    const rows =
      productId === undefined
        ? await s.query('SELECT * FROM mw_policy_results ORDER BY product_id, policy_id')
        : await s.query('SELECT * FROM mw_policy_results WHERE product_id = $1 ORDER BY policy_id', [
            productId,
          ]);
    return rows.map((r) => ({
      productId: String(r.product_id),
      productVersion: String(r.product_version),
      policyId: String(r.policy_id),
      policyVersion: Number(r.policy_version),
      event: String(r.event),
      severity: String(r.severity),
      passed: r.passed === true,
      violations: JSON.parse(String(r.violations)) as PolicyViolation[],
      evaluatedAt: String(r.evaluated_at),
    }));
  }
}
