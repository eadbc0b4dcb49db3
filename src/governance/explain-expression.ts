import type { ASTNode } from '@marcbachmann/cel-js';
import {
  type CompiledExpression,
  celErrorMessage,
  evaluateNode,
  nodeSource,
  POLICY_VARIABLES,
  type PolicyInput,
} from './policy-expression.ts';

/** A value as shown in a trace: scalars as they are, lists and maps summarised. */
export type TraceValue = string | number | boolean | null;

/** One step of an evaluation trace: a sub-expression, its value and how its parts evaluated. */
export interface TraceNode {
  readonly expression: string;
  readonly value?: TraceValue;
  readonly error?: string;
  /** The element a macro body was evaluated for, e.g. `{ path: 'schema.fields[3]', name: 'email' }`. */
  readonly element?: { readonly path: string; readonly name?: string };
  /** The values the expression read, by path (leaves only). */
  readonly reads?: Readonly<Record<string, TraceValue>>;
  readonly children: readonly TraceNode[];
}

/** One place that made the expression false: the path it read there and the sub-expression that failed. */
export interface Offender {
  readonly path: string;
  readonly expression: string;
  /** The value the sub-expression needed to have (false under a `!`). */
  readonly wanted: boolean;
  readonly element?: string;
  readonly error?: string;
}

/** What an expression gave for an input, with the trace of how and the offending paths when it was not true. */
export interface Explanation {
  readonly value: boolean | undefined;
  readonly error?: string;
  readonly trace: TraceNode;
  readonly offenders: readonly Offender[];
}

interface Scope {
  readonly vars: Readonly<Record<string, unknown>>;
  /** Where each macro variable's element lives, e.g. `f` → `schema.fields[3]`. */
  readonly paths: Readonly<Record<string, string>>;
  readonly element?: string;
}

/** Most elements of one list reported as offenders (the trace stays readable on wide schemas). */
const MAX_ELEMENTS = 100;
const MACROS = new Set(['all', 'exists', 'exists_one']);
/** Variables whose paths start at the product descriptor, so `product.owner` is reported as `owner`. */
const DOCUMENT_ROOTS = new Set(['product', 'contract']);

function toTraceValue(v: unknown): TraceValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return `list(${v.length})`;
  if (typeof v === 'object') return `map(${Object.keys(v).length} keys)`;
  return String(v);
}

function run(node: ASTNode, scope: Scope): { value?: unknown; error?: string } {
  try {
    return { value: evaluateNode(node, scope.vars) };
  } catch (error) {
    return { error: celErrorMessage(error) };
  }
}

function kids(node: ASTNode): ASTNode[] {
  switch (node.op) {
    case 'value':
    case 'id':
      return [];
    case '.':
    case '.?':
      return [node.args[0]];
    case 'call':
      return [...node.args[1]];
    case 'rcall':
      return [node.args[1], ...node.args[2]];
    case 'list':
      return [...node.args];
    case 'map':
      return node.args.flat();
    case '!_':
    case '-_':
      return [node.args];
    default:
      return [...(node.args as readonly ASTNode[])];
  }
}

function chain(node: ASTNode): { root: string; parts: (string | number)[] } | undefined {
  if (node.op === 'id') return { root: node.args, parts: [] };
  if (node.op === '.' || node.op === '.?') {
    const c = chain(node.args[0]);
    return c && { root: c.root, parts: [...c.parts, node.args[1]] };
  }
  if (node.op === '[]') {
    const c = chain(node.args[0]);
    const index = node.args[1];
    if (!c || index.op !== 'value') return undefined;
    const v = index.args;
    if (typeof v === 'bigint' || typeof v === 'number')
      return { root: c.root, parts: [...c.parts, Number(v)] };
    if (typeof v === 'string') return { root: c.root, parts: [...c.parts, v] };
  }
  return undefined;
}

function joinPath(base: string, parts: readonly (string | number)[]): string {
  let out = base;
  for (const p of parts) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

function isResolvable(root: string, scope: Scope): boolean {
  return root in scope.paths || (POLICY_VARIABLES as readonly string[]).includes(root);
}

function pathOfChain(c: { root: string; parts: (string | number)[] }, scope: Scope): string {
  const base = scope.paths[c.root] ?? (DOCUMENT_ROOTS.has(c.root) ? '' : c.root);
  return joinPath(base, c.parts);
}

/** The paths (relative to the product document) an expression reads, with the values it found there. */
function reads(node: ASTNode, scope: Scope, out: Map<string, TraceValue>): void {
  const c = chain(node);
  if (c && isResolvable(c.root, scope)) {
    const r = run(node, scope);
    out.set(pathOfChain(c, scope), r.error === undefined ? toTraceValue(r.value) : null);
    return;
  }
  for (const k of kids(node)) reads(k, scope, out);
}

function elementName(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const name = (value as Record<string, unknown>).name;
    if (typeof name === 'string') return name;
  }
  return undefined;
}

function visit(node: ASTNode, scope: Scope, want: boolean, collect: boolean, out: Offender[]): TraceNode {
  const r = run(node, scope);
  const expression = nodeSource(node);
  const failed = r.error !== undefined || r.value !== want;
  const needs = collect && failed;
  const base = {
    expression,
    ...(r.error === undefined ? { value: toTraceValue(r.value) } : { error: r.error }),
  };
  const offend = (path: string, extra: Partial<Offender> = {}): void => {
    out.push({
      path,
      expression,
      wanted: want,
      ...(scope.element === undefined ? {} : { element: scope.element }),
      ...(r.error === undefined ? {} : { error: r.error }),
      ...extra,
    });
  };
  switch (node.op) {
    case '&&':
    case '||':
      return { ...base, children: node.args.map((c) => visit(c, scope, want, needs, out)) };
    case '!_':
      return { ...base, children: [visit(node.args, scope, !want, needs, out)] };
    case '?:': {
      const cond = run(node.args[0], scope);
      if (cond.error !== undefined) {
        const condTrace = visit(node.args[0], scope, true, needs, out);
        return { ...base, children: [condTrace] };
      }
      const branch = cond.value === true ? node.args[1] : node.args[2];
      return {
        ...base,
        children: [
          visit(node.args[0], scope, cond.value === true, false, out),
          visit(branch, scope, want, needs, out),
        ],
      };
    }
    case 'rcall': {
      const [name, receiver, args] = node.args;
      const variable = args[0];
      const body = args[1];
      if (MACROS.has(name) && args.length === 2 && variable?.op === 'id' && body !== undefined) {
        return visitMacro(name, receiver, variable.args, body, scope, want, needs, out, base, offend);
      }
      break;
    }
    default:
      break;
  }
  const found = new Map<string, TraceValue>();
  reads(node, scope, found);
  if (needs) {
    if (found.size === 0)
      offend(scope.element === undefined ? '' : (Object.values(scope.paths).at(-1) ?? ''));
    for (const path of found.keys()) offend(path);
  }
  return { ...base, ...(found.size > 0 ? { reads: Object.fromEntries(found) } : {}), children: [] };
}

function visitMacro(
  name: string,
  receiver: ASTNode,
  variable: string,
  body: ASTNode,
  scope: Scope,
  want: boolean,
  needs: boolean,
  out: Offender[],
  base: { expression: string; value?: TraceValue; error?: string },
  offend: (path: string, extra?: Partial<Offender>) => void,
): TraceNode {
  const receiverTrace = visit(receiver, scope, true, false, []);
  const c = chain(receiver);
  const receiverPath = c && isResolvable(c.root, scope) ? pathOfChain(c, scope) : nodeSource(receiver);
  const list = run(receiver, scope).value;
  if (!needs || !Array.isArray(list)) {
    if (needs) offend(receiverPath);
    return { ...base, children: [receiverTrace] };
  }
  if (name !== 'all' || !want) {
    // Nothing (or more than one element) satisfied `exists`/`exists_one`: the list as a whole offends.
    offend(receiverPath);
    return { ...base, children: [receiverTrace] };
  }
  const children: TraceNode[] = [receiverTrace];
  let reported = 0;
  list.forEach((element, index) => {
    if (reported >= MAX_ELEMENTS) return;
    const path = `${receiverPath}[${index}]`;
    const label = elementName(element);
    const inner: Scope = {
      vars: { ...scope.vars, [variable]: element },
      paths: { ...scope.paths, [variable]: path },
      ...(label === undefined ? {} : { element: label }),
    };
    const r = run(body, inner);
    if (r.error === undefined && r.value === true) return;
    reported += 1;
    const trace = visit(body, inner, true, true, out);
    children.push({ ...trace, element: { path, ...(label === undefined ? {} : { name: label }) } });
  });
  return { ...base, children };
}

/**
 * Evaluates an expression and, when it is not true, finds the offending paths: `&&`, `||`, `!` and `?:` are followed
 * into the parts that failed, `all()` is evaluated per element to name each failing one (`schema.fields[3]…`), and
 * every failing leaf reports the paths it read.
 */
export function explainExpression(compiled: CompiledExpression, input: PolicyInput): Explanation {
  const scope: Scope = { vars: input, paths: {} };
  const offenders: Offender[] = [];
  let value: boolean | undefined;
  let error: string | undefined;
  try {
    const v = compiled.evaluate(input);
    if (typeof v === 'boolean') value = v;
    else error = `the expression gave ${toTraceValue(v)}, not true or false`;
  } catch (e) {
    error = celErrorMessage(e);
  }
  const trace = visit(compiled.ast, scope, true, value !== true, offenders);
  return {
    value,
    ...(error === undefined ? {} : { error }),
    trace,
    offenders:
      value === true
        ? []
        : offenders.length > 0
          ? offenders
          : [
              {
                path: '',
                expression: compiled.source,
                wanted: true,
                ...(error === undefined ? {} : { error }),
              },
            ],
  };
}
