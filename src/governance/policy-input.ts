import semver from 'semver';
import { DEFAULT_PORT } from '../core/access-spec.ts';
import type { ProductSpec } from '../core/descriptor.ts';
import type { ProductStatus } from '../core/lifecycle.ts';
import type { PolicyEvent } from './policy.ts';
import type { PolicyInput } from './policy-expression.ts';
import { formatRole, type Principal } from './principal.ts';

/** What the platform knows about a product's quality runs. */
export interface QualityFacts {
  /** How many quality runs the product has. */
  readonly runs: number;
  /** The verdict of the latest run: `pass`, `fail`, `no_data`, or empty when never checked. */
  readonly lastVerdict: string;
  readonly lastRunAt: string;
  /** The quality level the latest run earned (empty when never checked). */
  readonly lastLevel: string;
}

/** What the platform knows about a product's consumers. */
export interface GrantFacts {
  /** Active (not revoked, not expired) grants. */
  readonly active: number;
  /** The principals holding them. */
  readonly consumers: readonly string[];
}

/** The operation being decided: who asks, for what, and the lifecycle details. */
export interface PolicyRequest {
  readonly operation: string;
  readonly principal?: Principal;
  readonly purpose?: string;
  readonly port?: string;
  /** Whether the request reads (or asks for) PII unmasked. */
  readonly pii?: boolean;
  /** For lifecycle changes: the state the product is in and the one it moves to. */
  readonly from?: ProductStatus | '';
  readonly to?: ProductStatus | '';
  /** For deprecation: the sunset date asked for. */
  readonly sunset?: string;
  readonly reason?: string;
}

/** Everything a policy or guard is evaluated over. */
export interface PolicySubject {
  /** A registered descriptor or a spec about to be registered (status defaults to `draft`). */
  readonly product: ProductSpec & { readonly status?: ProductStatus };
  readonly event: PolicyEvent;
  readonly request?: PolicyRequest;
  readonly quality?: QualityFacts;
  readonly grants?: GrantFacts;
}

/** No quality run yet. */
export const NO_QUALITY_RUNS: QualityFacts = { runs: 0, lastVerdict: '', lastRunAt: '', lastLevel: '' };
/** No consumer yet. */
export const NO_GRANTS: GrantFacts = { active: 0, consumers: [] };

/** The major version of a semantic version (0 when unreadable). */
export function majorOf(version: string): number {
  return semver.valid(version) === null ? 0 : semver.major(version);
}

/**
 * Builds the CEL variables for a subject. Optional descriptor parts get defaults (fields always have `description`,
 * `pii`, `classification` and `masking`; `qualityLevels` and `access` are maps), so that policies compare values
 * instead of testing for presence; counts are integers.
 */
export function toPolicyInput(subject: PolicySubject): PolicyInput {
  const p = JSON.parse(JSON.stringify(subject.product)) as Record<string, unknown> & ProductSpec;
  const fields = p.schema.fields.map((f) => ({
    ...f,
    description: f.description ?? '',
    pii: f.pii ?? false,
    classification: f.classification ?? '',
    masking: f.masking ?? (f.pii ? 'redact' : ''),
  }));
  const rules = p.schema.rules.map((r) => ({ ...r, description: r.description ?? '' }));
  const schema = { ...p.schema, fields, rules };
  const major = BigInt(majorOf(p.version));
  const access = {
    autoApprove: {
      nonPii: p.access?.autoApprove?.nonPii ?? false,
      purposes: p.access?.autoApprove?.purposes ?? [],
    },
    migrationWindowDays: BigInt(p.access?.migrationWindowDays ?? 30),
  };
  const product = {
    ...p,
    status: subject.product.status ?? 'draft',
    major,
    schema,
    qualityLevels: p.qualityLevels ?? {},
    access,
    analytics: p.analytics ?? {},
  };
  const contract = { version: p.version, major, schema, sla: p.sla, qualityLevels: product.qualityLevels };
  const q = subject.quality ?? NO_QUALITY_RUNS;
  const g = subject.grants ?? NO_GRANTS;
  const r = subject.request ?? { operation: subject.event };
  const principal = r.principal;
  const request = {
    event: subject.event,
    operation: r.operation,
    principal: principal
      ? { id: principal.id, kind: principal.kind, roles: principal.roles.map(formatRole) }
      : { id: '', kind: '', roles: [] },
    purpose: r.purpose ?? '',
    port: r.port ?? DEFAULT_PORT,
    pii: r.pii ?? false,
    from: r.from ?? '',
    to: r.to ?? '',
    sunset: r.sunset ?? '',
    reason: r.reason ?? '',
  };
  return {
    product,
    contract,
    request,
    quality: { ...q, runs: BigInt(q.runs) },
    grants: { active: BigInt(g.active), consumers: [...g.consumers] },
  };
}
