import { MeshError } from '../errors.ts';
import type { Scalar } from '../schema.ts';
import type { CompareOp, Filter, Operand } from './ast.ts';
import { FILTER_KEYWORDS } from './parse-filter-expression.ts';

const SYMBOLS: Readonly<Record<CompareOp, string>> = {
  eq: '=',
  ne: '!=',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
};
const KEYWORDS: ReadonlySet<string> = new Set(FILTER_KEYWORDS);

// Binding strength of each form; a child binding no tighter than its parent needs parentheses.
const OR = 1;
const AND = 2;
const NOT = 3;
const ATOM = 4;

/**
 * Renders a filter tree as a filter expression that {@link parseFilterExpression} reads back to the same tree
 * (an `and`/`or` with a single item is written as that item, and the empty filter as an empty string).
 * @throws MeshError `invalid_input` when the tree compares with null, has an empty `in` list or a non-finite number.
 * @example formatFilter({ kind: 'null', left: { kind: 'field', field: 'email' }, isNull: false }) // 'email is not null'
 */
export function formatFilter(filter: Filter): string {
  if (filter.kind === 'and' && filter.items.length === 0) return '';
  return format(filter);
}

function format(filter: Filter): string {
  switch (filter.kind) {
    case 'and':
    case 'or': {
      if (filter.items.length === 0) return filter.kind === 'and' ? 'true' : 'false';
      const [only] = filter.items;
      if (filter.items.length === 1 && only !== undefined) return format(only);
      const level = filter.kind === 'and' ? AND : OR;
      return filter.items.map((item) => wrap(item, level + 1)).join(` ${filter.kind} `);
    }
    case 'not':
      return `not ${wrap(filter.item, NOT)}`;
    case 'compare':
      if (filter.value === null) {
        throw new MeshError(
          'invalid_input',
          `cannot format a comparison of ${formatOperand(filter.left)} with null; use a null check`,
        );
      }
      return `${formatOperand(filter.left)} ${SYMBOLS[filter.op]} ${formatValue(filter.value)}`;
    case 'in':
      if (filter.values.length === 0) {
        throw new MeshError(
          'invalid_input',
          `cannot format an empty in-list on ${formatOperand(filter.left)}`,
        );
      }
      return `${formatOperand(filter.left)} ${filter.negated ? 'not in' : 'in'} (${filter.values.map(formatValue).join(', ')})`;
    case 'like':
      return `${formatOperand(filter.left)} ${filter.negated ? 'not ' : ''}${filter.caseInsensitive ? 'ilike' : 'like'} ${quoteText(filter.pattern)}`;
    case 'null':
      return `${formatOperand(filter.left)} ${filter.isNull ? 'is null' : 'is not null'}`;
  }
}

function level(filter: Filter): number {
  if (filter.kind === 'and' || filter.kind === 'or') {
    const [only] = filter.items;
    if (filter.items.length === 0) return ATOM;
    if (filter.items.length === 1 && only !== undefined) return level(only);
    return filter.kind === 'and' ? AND : OR;
  }
  return filter.kind === 'not' ? NOT : ATOM;
}

function wrap(filter: Filter, minimum: number): string {
  return level(filter) < minimum ? `(${format(filter)})` : format(filter);
}

function formatOperand(operand: Operand): string {
  return operand.kind === 'field' ? quoteName(operand.field) : `${operand.fn}(${quoteName(operand.field)})`;
}

/** Writes a field name bare when the parser reads it back as a name, otherwise in double quotes. */
function quoteName(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KEYWORDS.has(name.toLowerCase())) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

function quoteText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function formatValue(value: Scalar): string {
  if (typeof value === 'string') return quoteText(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new MeshError('invalid_input', `cannot format the number ${value} in a filter`);
    return Object.is(value, -0) ? '-0' : String(value);
  }
  throw new MeshError('invalid_input', 'cannot format null inside an in-list; use a null check');
}
