import { ContractViolationError, type Issue } from '../core/errors.ts';
import { type Path, SpecReader } from '../core/spec-reader.ts';
import {
  POLICY_EVENTS,
  POLICY_SEVERITIES,
  type PolicyDefinition,
  type PolicyEvent,
  type PolicyScope,
  type PolicySeverity,
} from './policy.ts';
import { findExpressionProblem } from './policy-expression.ts';

/** The pattern a policy id follows. */
export const POLICY_ID_PATTERN = /^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*$/;
const DOMAIN_PATTERN = /^[a-z][a-z0-9_]*$/;
const KNOWN_KEYS = new Set(['id', 'description', 'severity', 'scope', 'domain', 'events', 'expression']);
/** Keys people reach for to switch a global policy off; domain policies may only add checks. */
const LOOSENING_KEYS = new Set([
  'override',
  'overrides',
  'disable',
  'disables',
  'replaces',
  'enabled',
  'exempt',
]);

function readScope(r: SpecReader, obj: Record<string, unknown>, path: Path): PolicyScope | undefined {
  const raw = obj.scope ?? 'global';
  const domainKey = r.string(obj, 'domain', path, false);
  if (typeof raw !== 'string') {
    r.add([...path, 'scope'], 'type', 'scope must be global, or domain:<name> (e.g. domain:sales)');
    return undefined;
  }
  const m = /^domain(?::(.*))?$/.exec(raw.trim());
  if (raw.trim() === 'global') {
    if (domainKey !== undefined)
      r.add(
        [...path, 'domain'],
        'conflict',
        'a global policy has no domain; remove domain or use scope: domain:<name>',
      );
    return { kind: 'global' };
  }
  if (m) {
    const domain = m[1] ?? domainKey;
    if (domain === undefined || !DOMAIN_PATTERN.test(domain)) {
      r.add(
        [...path, 'scope'],
        'format',
        'a domain policy names its domain: scope: domain:<name>, e.g. domain:sales',
      );
      return undefined;
    }
    return { kind: 'domain', domain };
  }
  r.add([...path, 'scope'], 'enum', `scope "${raw}" is not known; use global or domain:<name>`);
  return undefined;
}

function readPolicy(r: SpecReader, raw: unknown, path: Path): PolicyDefinition | undefined {
  const obj = r.object(raw, path, 'a policy');
  if (!obj) return undefined;
  for (const key of Object.keys(obj)) {
    if (LOOSENING_KEYS.has(key)) {
      r.add(
        [...path, key],
        'not_allowed',
        `${key} is not allowed: policies cannot switch other policies off; a domain may only add stricter policies`,
      );
    } else if (!KNOWN_KEYS.has(key)) {
      r.add([...path, key], 'unknown_key', `${key} is not a policy key; use ${[...KNOWN_KEYS].join(', ')}`);
    }
  }
  const id = r.string(obj, 'id', path, true);
  if (id !== undefined && !POLICY_ID_PATTERN.test(id)) {
    r.add(
      [...path, 'id'],
      'format',
      `policy id "${id}" must be lowercase words joined by - _ or ., e.g. fields-described`,
    );
  }
  const description = r.string(obj, 'description', path, true);
  if (description !== undefined && description.trim() === '')
    r.add([...path, 'description'], 'required', 'description must not be empty');
  const severity = r.string(obj, 'severity', path, false) ?? 'blocking';
  if (!(POLICY_SEVERITIES as readonly string[]).includes(severity)) {
    r.add([...path, 'severity'], 'enum', `severity must be one of ${POLICY_SEVERITIES.join(', ')}`);
  }
  const scope = readScope(r, obj, path);
  const events = r.stringList(obj.events ?? ['publish', 'schedule'], [...path, 'events'], 'events');
  for (const e of events) {
    if (!(POLICY_EVENTS as readonly string[]).includes(e)) {
      r.add([...path, 'events'], 'enum', `event "${e}" is not known; use ${POLICY_EVENTS.join(', ')}`);
    }
  }
  if (events.length === 0) r.add([...path, 'events'], 'required', 'a policy applies to at least one event');
  const expression = r.string(obj, 'expression', path, true);
  if (expression !== undefined) {
    const problem = findExpressionProblem(expression);
    if (problem !== undefined)
      r.add([...path, 'expression'], 'expression', `the CEL expression is invalid: ${problem}`);
  }
  if (id === undefined || description === undefined || scope === undefined || expression === undefined)
    return undefined;
  return {
    id,
    description: description.trim(),
    severity: severity as PolicySeverity,
    scope,
    events: [...new Set(events)] as PolicyEvent[],
    expression,
  };
}

/** The result of reading a policy document. */
export type PolicyParseResult = { ok: true; value: PolicyDefinition[] } | { ok: false; issues: Issue[] };

/**
 * Reads policies from plain data (parsed YAML): a list of policies, `{ policies: [...] }`, or a single policy.
 * Collects every problem, including CEL expressions that do not parse or use unknown variables.
 */
export function safeParsePolicies(input: unknown): PolicyParseResult {
  const r = new SpecReader();
  let list: readonly unknown[];
  let base: Path;
  if (Array.isArray(input)) {
    list = input;
    base = [];
  } else if (typeof input === 'object' && input !== null && 'policies' in input) {
    list = r.list((input as Record<string, unknown>).policies, ['policies'], 'policies');
    base = ['policies'];
  } else {
    list = [input];
    base = [];
  }
  const out: PolicyDefinition[] = [];
  const ids = new Set<string>();
  list.forEach((raw, i) => {
    const path = Array.isArray(input) || base.length > 0 ? [...base, i] : [];
    const p = readPolicy(r, raw, path);
    if (!p) return;
    if (ids.has(p.id)) r.add([...path, 'id'], 'duplicate', `policy ${p.id} is defined twice in the document`);
    ids.add(p.id);
    out.push(p);
  });
  if (list.length === 0) r.add(base, 'required', 'the document holds no policy');
  return r.issues.length > 0 ? { ok: false, issues: r.issues } : { ok: true, value: out };
}

/**
 * Reads policies from plain data.
 * @throws ContractViolationError listing every problem.
 */
export function parsePolicies(input: unknown): PolicyDefinition[] {
  const result = safeParsePolicies(input);
  if (result.ok) return result.value;
  throw new ContractViolationError(
    `invalid policy document: ${result.issues.length} problem(s), first: ${result.issues[0]?.message ?? ''}`,
    result.issues,
  );
}
