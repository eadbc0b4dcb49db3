import { type ASTNode, Environment, type ParseResult, serialize } from '@marcbachmann/cel-js';
import { MeshError } from '../core/errors.ts';

/** The variables a policy expression may use. */
export const POLICY_VARIABLES = ['product', 'contract', 'request', 'quality', 'grants'] as const;

/** The values the variables hold for one evaluation. */
export type PolicyInput = Readonly<Record<(typeof POLICY_VARIABLES)[number], unknown>>;

const strict = new Environment({ homogeneousAggregateLiterals: false });
for (const name of POLICY_VARIABLES) strict.registerVariable(name, 'map');
// Sub-expressions are re-evaluated with macro variables (e.g. `f` in `fields.all(f, …)`) bound by the explainer.
const loose = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false });

const subCache = new Map<string, ParseResult>();

/** A checked CEL expression ready to evaluate many times. */
export interface CompiledExpression {
  readonly source: string;
  readonly ast: ASTNode;
  evaluate(input: PolicyInput): unknown;
}

/** The first line of a CEL error message (later lines draw the source with a caret). */
export function celErrorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.trim() ?? text;
}

/** Checks an expression: it must parse, use only the policy variables, and give a boolean. Returns the problem, if any. */
export function findExpressionProblem(source: string): string | undefined {
  if (source.trim() === '') return 'the expression is empty';
  const checked = strict.check(source);
  if (!checked.valid) return celErrorMessage(checked.error);
  if (checked.type !== 'bool' && checked.type !== 'dyn')
    return `the expression gives ${checked.type}, not bool`;
  return undefined;
}

/**
 * Compiles a policy expression.
 * @throws MeshError `invalid_input` naming the problem when it does not parse, uses unknown variables or is not boolean.
 */
export function compileExpression(source: string): CompiledExpression {
  const problem = findExpressionProblem(source);
  if (problem !== undefined) {
    throw new MeshError('invalid_input', `policy expression "${source}" is invalid: ${problem}`);
  }
  const parsed = strict.parse(source);
  return { source, ast: parsed.ast, evaluate: (input) => parsed(input) as unknown };
}

/** Evaluates a sub-expression of a compiled one with extra variables bound (the explainer's tool). */
export function evaluateNode(node: ASTNode, input: Readonly<Record<string, unknown>>): unknown {
  const source = serialize(node);
  let parsed = subCache.get(source);
  if (parsed === undefined) {
    parsed = loose.parse(source);
    if (subCache.size > 2000) subCache.clear();
    subCache.set(source, parsed);
  }
  return parsed(input) as unknown;
}

/** The source text of a node. */
export function nodeSource(node: ASTNode): string {
  return serialize(node);
}
