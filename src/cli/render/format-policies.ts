import type { ComplianceReport } from '../../governance/compliance.ts';
import type { TraceNode } from '../../governance/explain-expression.ts';
import {
  formatPolicyScope,
  formatViolation,
  type PolicyResult,
  type PolicyViolation,
  type StoredPolicy,
} from '../../governance/policy.ts';
import type { ApplyPoliciesResult } from '../../governance/policy-service.ts';
import type { PolicyVersion } from '../../governance/policy-store.ts';
import { renderPairs, renderTable } from './table.ts';

const time = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

/** Renders policies as a table. */
export function formatPolicies(policies: readonly StoredPolicy[]): string {
  return renderTable(
    policies.map((p) => ({
      id: p.id,
      version: p.version,
      severity: p.severity,
      scope: formatPolicyScope(p.scope),
      events: p.events.join(','),
      description: p.description,
    })),
    ['id', 'version', 'severity', 'scope', 'events', 'description'],
  );
}

/** Renders one policy with its versions. */
export function formatPolicy(p: StoredPolicy, versions: readonly PolicyVersion[]): string {
  return `${renderPairs([
    ['id', p.id],
    ['description', p.description],
    ['severity', p.severity],
    ['scope', formatPolicyScope(p.scope)],
    ['events', p.events.join(', ')],
    ['expression', p.expression],
    ['version', `${p.version} (${time(p.updatedAt)} by ${p.updatedBy})`],
  ])}\nversions:\n${renderTable(
    versions.map((v) => ({
      version: v.version,
      created: time(v.createdAt),
      by: v.createdBy,
      severity: v.definition.severity,
      expression: v.definition.expression,
    })),
    ['version', 'created', 'by', 'severity', 'expression'],
  )}`;
}

/** Renders what `policy apply` did. */
export function formatApplied(result: ApplyPoliciesResult): string {
  return `${renderTable(
    result.policies.map((p) => ({ id: p.id, scope: p.scope, version: p.version, change: p.change })),
    ['id', 'scope', 'version', 'change'],
  )}re-evaluated ${result.reevaluated} product(s)\n`;
}

/** Renders one policy result: PASS, or FAIL with each violation and its offending path. */
export function formatPolicyResult(productId: string, r: PolicyResult, applies = true): string {
  const head = `${r.passed ? 'PASS' : 'FAIL'} ${r.policyId} v${r.policyVersion} [${r.severity}] on ${productId}: ${r.description}\n`;
  const note = applies
    ? ''
    : `  (the policy belongs to ${formatPolicyScope(r.scope)} and does not apply to ${productId})\n`;
  return `${head}${note}${r.violations.map((v) => `  - ${formatViolation(v)}\n`).join('')}`;
}

/** A warning policy a product fails: its id, what it asks for (its description) and where the product breaks it. */
export interface PolicyWarning {
  readonly policyId: string;
  readonly description: string;
  readonly violations: readonly PolicyViolation[];
}

const offendingPath = (v: PolicyViolation): string =>
  `${v.path}${v.element === undefined ? '' : ` (${v.element})`}`;

/** The CEL detail of a violation: its message without the policy description, e.g. `size(product.tags) >= 3 is false`. */
function celDetail(v: PolicyViolation, description: string): string {
  const prefix = `${description} (`;
  return v.message.startsWith(prefix) && v.message.endsWith(')')
    ? v.message.slice(prefix.length, -1)
    : v.message;
}

/**
 * Renders failed warning policies for stderr, one line each: `warning: policy <id>: <what it asks> (at <paths>)`.
 * With `verbose`, each offending path follows with the CEL sub-expression that failed there, and the command that
 * prints the whole evaluation trace.
 */
export function formatPolicyWarnings(
  productId: string,
  warnings: readonly PolicyWarning[],
  verbose = false,
): string {
  return warnings
    .map((w) => {
      const paths = [...new Set(w.violations.filter((v) => v.path !== '').map(offendingPath))];
      const line = `warning: policy ${w.policyId}: ${w.description}${paths.length > 0 ? ` (at ${paths.join(', ')})` : ''}\n`;
      if (!verbose) return line;
      const detail = w.violations.map(
        (v) => `  ${v.path === '' ? w.policyId : offendingPath(v)}: ${celDetail(v, w.description)}\n`,
      );
      return `${line}${detail.join('')}  trace: meshwork policy explain ${w.policyId} ${productId} --event publish\n`;
    })
    .join('');
}

function traceLines(node: TraceNode, depth: number, out: string[]): void {
  const mark = node.error !== undefined ? '!' : node.value === true ? '✓' : node.value === false ? '✗' : '·';
  const value = node.error !== undefined ? `error: ${node.error}` : JSON.stringify(node.value);
  const where = node.element
    ? `  [${node.element.path}${node.element.name ? ` (${node.element.name})` : ''}]`
    : '';
  const reads = node.reads
    ? `  reads ${Object.entries(node.reads)
        .map(([k, v]) => `${k || '(product)'}=${JSON.stringify(v)}`)
        .join(', ')}`
    : '';
  out.push(`${'  '.repeat(depth)}${mark} ${node.expression} → ${value}${where}${reads}`);
  for (const child of node.children) traceLines(child, depth + 1, out);
}

/** Renders an evaluation trace as an indented tree, each step with its value and the paths it read. */
export function formatTrace(trace: TraceNode): string {
  const out: string[] = [];
  traceLines(trace, 0, out);
  return `${out.join('\n')}\n`;
}

/** Renders a compliance report: products, domains and every failed policy with its offending paths. */
export function formatCompliance(report: ComplianceReport): string {
  const products = renderTable(
    report.products.map((p) => ({
      product: p.productId,
      domain: p.domain,
      status: p.status,
      score: p.score,
      compliant: p.compliant ? 'yes' : 'no',
      failing: p.results
        .filter((r) => !r.passed)
        .map((r) => `${r.policyId}${r.severity === 'warning' ? '(w)' : ''}`)
        .join(', '),
    })),
    ['product', 'domain', 'status', 'score', 'compliant', 'failing'],
  );
  const domains = renderTable(
    report.domains.map((d) => ({
      domain: d.domain,
      products: d.products,
      compliant: d.compliant,
      score: d.score,
    })),
    ['domain', 'products', 'compliant', 'score'],
  );
  const violations = report.products.flatMap((p) =>
    p.results.flatMap((r) => r.violations.map((v) => `  ${p.productId}: ${formatViolation(v)}`)),
  );
  const s = report.summary;
  return `${products}\n${domains}\n${s.compliant} of ${s.products} product(s) compliant, score ${s.score}; ${s.blockingViolations} blocking violation(s), ${s.warnings} warning(s)\n${violations.length > 0 ? `\nviolations:\n${violations.join('\n')}\n` : ''}`;
}
