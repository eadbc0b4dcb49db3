/** How much a failed policy matters: `blocking` refuses the operation, `warning` is recorded and reported. */
export const POLICY_SEVERITIES = ['blocking', 'warning'] as const;
/** A policy severity. */
export type PolicySeverity = (typeof POLICY_SEVERITIES)[number];

/** The moments a policy is evaluated at: publish, ingest, a read or access request, and scheduled compliance runs. */
export const POLICY_EVENTS = ['publish', 'ingest', 'access', 'schedule'] as const;
/** A policy event. */
export type PolicyEvent = (typeof POLICY_EVENTS)[number];

/** Where a policy applies: every product, or the products of one domain (which may only add checks). */
export type PolicyScope = { readonly kind: 'global' } | { readonly kind: 'domain'; readonly domain: string };

/** A policy as code: a CEL expression over `product`, `contract`, `request`, `quality` and `grants` that must be true. */
export interface PolicyDefinition {
  /** Lowercase words joined by `-`, `_` or `.`, e.g. `fields-described`. */
  readonly id: string;
  /** What the policy asks for, as a sentence; shown with every violation. */
  readonly description: string;
  readonly severity: PolicySeverity;
  readonly scope: PolicyScope;
  readonly events: readonly PolicyEvent[];
  /** A CEL expression that is true when the product complies, e.g. `product.owner != ''`. */
  readonly expression: string;
}

/** A policy as the catalog holds it: its current version and who last changed it. */
export interface StoredPolicy extends PolicyDefinition {
  /** 1 for the first version, increased by every change. */
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** One place where a product breaks a policy. */
export interface PolicyViolation {
  readonly policyId: string;
  readonly policyVersion: number;
  readonly severity: PolicySeverity;
  /** The offending path in the descriptor, e.g. `schema.fields[3].description`, or `quality.lastVerdict`. */
  readonly path: string;
  /** The sub-expression that was false there. */
  readonly expression: string;
  /** The name of the offending element (e.g. the field), when it has one. */
  readonly element?: string;
  readonly message: string;
}

/** The outcome of one policy for one product. */
export interface PolicyResult {
  readonly policyId: string;
  readonly policyVersion: number;
  readonly description: string;
  readonly severity: PolicySeverity;
  readonly scope: PolicyScope;
  readonly passed: boolean;
  readonly violations: readonly PolicyViolation[];
  /** Why the expression could not be evaluated (a failed evaluation counts as a violation). */
  readonly error?: string;
}

/** The outcome of every policy that applies to one product at one event. */
export interface PolicyEvaluation {
  readonly event: PolicyEvent;
  readonly productId: string;
  readonly results: readonly PolicyResult[];
  /** Violations of blocking policies: the operation must be refused when there is any. */
  readonly blocking: readonly PolicyViolation[];
  /** Violations of warning policies: recorded and reported. */
  readonly warnings: readonly PolicyViolation[];
  /** Whether no blocking policy failed. */
  readonly passed: boolean;
}

/** Formats a scope as text: `global` or `domain:<name>`. */
export function formatPolicyScope(scope: PolicyScope): string {
  return scope.kind === 'global' ? 'global' : `domain:${scope.domain}`;
}

/** Tells whether a policy applies to products of a domain. */
export function policyAppliesTo(policy: PolicyDefinition, domain: string): boolean {
  return policy.scope.kind === 'global' || policy.scope.domain === domain;
}

/** Formats a violation as one line: `[blocking] fields-described at schema.fields[3].description (email): …`. */
export function formatViolation(v: PolicyViolation): string {
  const where = v.path === '' ? '' : ` at ${v.path}${v.element === undefined ? '' : ` (${v.element})`}`;
  return `[${v.severity}] ${v.policyId}${where}: ${v.message}`;
}
