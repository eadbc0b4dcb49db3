import { formatPath, MeshError } from '../errors.ts';
import type { Scalar } from '../schema.ts';
import { COMPARE_OPS, FILTER_FUNCTIONS, type Filter, type Operand } from './ast.ts';
import { escapeLikePattern } from './like-pattern.ts';
import { parseFilterExpression } from './parse-filter-expression.ts';

/** A value in an object filter's operator: a plain value, or a `Date` that is compared as an ISO timestamp. */
export type ObjectFilterScalar = Scalar | Date;

/** Operators an object filter applies to one field, e.g. `{ gt: 100, lte: 500 }`; several operators are ANDed. */
export interface ObjectFilterOperators {
  readonly eq?: ObjectFilterScalar;
  readonly ne?: ObjectFilterScalar;
  readonly gt?: ObjectFilterScalar;
  readonly gte?: ObjectFilterScalar;
  readonly lt?: ObjectFilterScalar;
  readonly lte?: ObjectFilterScalar;
  readonly in?: readonly ObjectFilterScalar[];
  readonly nin?: readonly ObjectFilterScalar[];
  readonly like?: string;
  readonly ilike?: string;
  readonly contains?: string;
  readonly isNull?: boolean;
}

/** What an object filter says about one field: equal to a value, null, one of a list, or a set of operators. */
export type ObjectFilterCondition =
  | ObjectFilterScalar
  | readonly ObjectFilterScalar[]
  | ObjectFilterOperators;

/** The SDK form of a filter: `{ region: 'Europe', amount: { gte: 100 } }`, with `$and`, `$or` and `$not` to combine. */
export interface ObjectFilter {
  readonly $and?: readonly ObjectFilter[];
  readonly $or?: readonly ObjectFilter[];
  readonly $not?: ObjectFilter;
  readonly [field: string]: ObjectFilterCondition | readonly ObjectFilter[] | ObjectFilter | undefined;
}

/** Anything accepted where a filter is expected: an expression, a filter tree or an object filter. */
export type FilterInput = string | Filter | ObjectFilter;

/** The operators an object filter understands. */
export const OBJECT_FILTER_OPERATORS = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'nin',
  'like',
  'ilike',
  'contains',
  'isNull',
] as const;

const FILTER_KINDS: ReadonlySet<string> = new Set(['compare', 'in', 'like', 'null', 'and', 'or', 'not']);

type Path = (string | number)[];

/**
 * Turns any filter input into a filter tree; nothing, `''` and `{}` give the empty filter, a tree is returned as is.
 * @throws MeshError `invalid_input` naming the expression column or the object key that is malformed.
 * @example toFilter({ region: ['Europe', 'Asia'], amount: { gte: 200 } })
 */
export function toFilter(input: FilterInput | undefined): Filter {
  if (input === undefined || input === null) return { kind: 'and', items: [] };
  if (typeof input === 'string') return parseFilterExpression(input);
  if (!isPlainObject(input)) {
    fail(
      [],
      `a filter must be an expression, a filter tree or an object such as { region: 'Europe' }, got ${describe(input)}`,
    );
  }
  if (looksLikeFilterTree(input)) {
    checkFilterTree(input, []);
    return input as Filter;
  }
  return fromObject(input, []);
}

function fromObject(obj: Readonly<Record<string, unknown>>, path: Path): Filter {
  const items: Filter[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined) continue;
    const at = [...path, key];
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || value.length === 0) {
        fail(
          at,
          `${formatPath(at)} must be a non-empty list of filters such as [{ region: 'Europe' }, { amount: { gt: 100 } }]`,
        );
      }
      const list = value.map((item: unknown, i) => {
        if (!isPlainObject(item))
          fail([...at, i], `${formatPath([...at, i])} must be an object filter, got ${describe(item)}`);
        return fromObject(item, [...at, i]);
      });
      items.push({ kind: key === '$and' ? 'and' : 'or', items: list });
    } else if (key === '$not') {
      if (!isPlainObject(value))
        fail(at, `${formatPath(at)} must be an object filter, got ${describe(value)}`);
      items.push({ kind: 'not', item: fromObject(value, at) });
    } else if (key.startsWith('$')) {
      fail(at, `unknown combinator ${formatPath(at)}; use $and, $or or $not`);
    } else {
      items.push(...fieldConditions(key, value, at));
    }
  }
  const [only] = items;
  return items.length === 1 && only !== undefined ? only : { kind: 'and', items };
}

function fieldConditions(field: string, value: unknown, path: Path): Filter[] {
  const left: Operand = { kind: 'field', field };
  if (value === null) return [{ kind: 'null', left, isNull: true }];
  if (Array.isArray(value)) return [inList(left, value, false, path)];
  if (isPlainObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    if (keys.length === 0) {
      fail(
        path,
        `${formatPath(path)} has no operator; use a value or one of ${OBJECT_FILTER_OPERATORS.join(', ')}`,
      );
    }
    return keys.map((op) => operatorCondition(left, op, value[op], [...path, op]));
  }
  return [{ kind: 'compare', left, op: 'eq', value: toScalar(value, path, `${formatPath(path)} must be`) }];
}

function operatorCondition(left: Operand, op: string, value: unknown, path: Path): Filter {
  const name = formatPath(path);
  switch (op) {
    case 'eq':
    case 'ne':
      if (value === null) return { kind: 'null', left, isNull: op === 'eq' };
      return { kind: 'compare', left, op, value: toScalar(value, path, `${name} must be`) };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (value === null)
        fail(path, `${name} cannot be null: nothing is greater or less than null; use isNull`);
      return { kind: 'compare', left, op, value: toScalar(value, path, `${name} must be`) };
    case 'in':
    case 'nin':
      if (!Array.isArray(value)) fail(path, `${name} must be a list of values, got ${describe(value)}`);
      return inList(left, value, op === 'nin', path);
    case 'like':
    case 'ilike':
    case 'contains':
      if (typeof value !== 'string') fail(path, `${name} must be text, got ${describe(value)}`);
      return {
        kind: 'like',
        left,
        pattern: op === 'contains' ? `%${escapeLikePattern(value)}%` : value,
        caseInsensitive: op === 'ilike',
        negated: false,
      };
    case 'isNull':
      if (typeof value !== 'boolean') fail(path, `${name} must be true or false, got ${describe(value)}`);
      return { kind: 'null', left, isNull: value };
    default:
      fail(path, `unknown operator ${name}; use one of ${OBJECT_FILTER_OPERATORS.join(', ')}`);
  }
}

/** A list means "one of these"; a null in it means "or missing", as a reader of `{ tier: ['gold', null] }` expects. */
function inList(left: Operand, list: readonly unknown[], negated: boolean, path: Path): Filter {
  if (list.length === 0) fail(path, `${formatPath(path)} must list at least one value`);
  const values = list
    .map((v, i) => (v === null ? null : toScalar(v, [...path, i], `${formatPath([...path, i])} must be`)))
    .filter((v): v is Exclude<Scalar, null> => v !== null);
  const hasNull = values.length < list.length;
  const nullCheck: Filter = { kind: 'null', left, isNull: !negated };
  if (values.length === 0) return nullCheck;
  const membership: Filter = { kind: 'in', left, values, negated };
  if (!hasNull) return membership;
  return negated
    ? { kind: 'and', items: [membership, nullCheck] }
    : { kind: 'or', items: [membership, nullCheck] };
}

function toScalar(value: unknown, path: Path, prefix: string): Scalar {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    fail(path, `${prefix} a finite number, got ${value}`);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) fail(path, `${prefix} a valid date, got an invalid Date`);
    return value.toISOString();
  }
  fail(path, `${prefix} a string, number or boolean, got ${describe(value)}`);
}

function looksLikeFilterTree(obj: Readonly<Record<string, unknown>>): boolean {
  return (
    typeof obj.kind === 'string' &&
    FILTER_KINDS.has(obj.kind) &&
    ('left' in obj || 'items' in obj || 'item' in obj)
  );
}

/** Checks a filter tree that arrived as untyped data, so later steps can trust its shape. */
function checkFilterTree(node: unknown, path: Path): void {
  if (!isPlainObject(node)) failTree(path, `expected a filter node, got ${describe(node)}`);
  switch (node.kind) {
    case 'and':
    case 'or':
      if (!Array.isArray(node.items))
        failTree([...path, 'items'], `an ${node.kind} node needs a list of items`);
      node.items.forEach((item: unknown, i) => {
        checkFilterTree(item, [...path, 'items', i]);
      });
      return;
    case 'not':
      checkFilterTree(node.item, [...path, 'item']);
      return;
    case 'compare':
      checkOperand(node.left, [...path, 'left']);
      if (!(COMPARE_OPS as readonly string[]).includes(String(node.op))) {
        failTree(
          [...path, 'op'],
          `unknown comparison ${describe(node.op)}; use one of ${COMPARE_OPS.join(', ')}`,
        );
      }
      if (!isScalar(node.value))
        failTree([...path, 'value'], `expected a plain value, got ${describe(node.value)}`);
      return;
    case 'in':
      checkOperand(node.left, [...path, 'left']);
      if (!Array.isArray(node.values) || !node.values.every(isScalar)) {
        failTree([...path, 'values'], 'an in node needs a list of plain values');
      }
      checkBoolean(node.negated, [...path, 'negated']);
      return;
    case 'like':
      checkOperand(node.left, [...path, 'left']);
      if (typeof node.pattern !== 'string')
        failTree([...path, 'pattern'], 'a like node needs a text pattern');
      checkBoolean(node.caseInsensitive, [...path, 'caseInsensitive']);
      checkBoolean(node.negated, [...path, 'negated']);
      return;
    case 'null':
      checkOperand(node.left, [...path, 'left']);
      checkBoolean(node.isNull, [...path, 'isNull']);
      return;
    default:
      failTree([...path, 'kind'], `unknown filter node kind ${describe(node.kind)}`);
  }
}

function checkOperand(value: unknown, path: Path): void {
  if (!isPlainObject(value) || typeof value.field !== 'string') {
    failTree(path, 'an operand must be { kind: "field", field } or { kind: "call", fn, field }');
  }
  if (value.kind === 'field') return;
  if (value.kind === 'call' && (FILTER_FUNCTIONS as readonly string[]).includes(String(value.fn))) return;
  failTree(path, `an operand must be a field or a call of ${FILTER_FUNCTIONS.join(', ')}`);
}

function checkBoolean(value: unknown, path: Path): void {
  if (typeof value !== 'boolean') failTree(path, `expected true or false, got ${describe(value)}`);
}

function isScalar(value: unknown): value is Scalar {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function fail(path: Path, message: string): never {
  throw new MeshError('invalid_input', `invalid filter: ${message}`, { details: { path } });
}

function failTree(path: Path, message: string): never {
  const where = path.length === 0 ? '' : ` at ${formatPath(path)}`;
  throw new MeshError('invalid_input', `invalid filter tree${where}: ${message}`, { details: { path } });
}
