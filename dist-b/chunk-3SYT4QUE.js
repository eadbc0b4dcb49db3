import { formatViolation } from './chunk-CZYLR5LO.js';
import { escapeLikePattern, parseFilterExpression } from './chunk-5YITE3UL.js';
import { COMPARE_OPS, FILTER_FUNCTIONS } from './chunk-VAFVFMKZ.js';
import { MeshError, PolicyDeniedError, formatPath } from './chunk-Z2USMJAC.js';

// dist/core/filter/to-filter.js
var OBJECT_FILTER_OPERATORS = [
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
];
var FILTER_KINDS = /* @__PURE__ */ new Set(['compare', 'in', 'like', 'null', 'and', 'or', 'not']);
function toFilter(input) {
  if (input === void 0 || input === null) return { kind: 'and', items: [] };
  if (typeof input === 'string') return parseFilterExpression(input);
  if (!isPlainObject(input)) {
    fail(
      [],
      `a filter must be an expression, a filter tree or an object such as { region: 'Europe' }, got ${describe(input)}`,
    );
  }
  if (looksLikeFilterTree(input)) {
    checkFilterTree(input, []);
    return input;
  }
  return fromObject(input, []);
}
function fromObject(obj, path) {
  const items = [];
  for (const [key, value] of Object.entries(obj)) {
    if (value === void 0) continue;
    const at = [...path, key];
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || value.length === 0) {
        fail(
          at,
          `${formatPath(at)} must be a non-empty list of filters such as [{ region: 'Europe' }, { amount: { gt: 100 } }]`,
        );
      }
      const list = value.map((item, i) => {
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
  return items.length === 1 && only !== void 0 ? only : { kind: 'and', items };
}
function fieldConditions(field, value, path) {
  const left = { kind: 'field', field };
  if (value === null) return [{ kind: 'null', left, isNull: true }];
  if (Array.isArray(value)) return [inList(left, value, false, path)];
  if (isPlainObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== void 0);
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
function operatorCondition(left, op, value, path) {
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
function inList(left, list, negated, path) {
  if (list.length === 0) fail(path, `${formatPath(path)} must list at least one value`);
  const values = list
    .map((v, i) => (v === null ? null : toScalar(v, [...path, i], `${formatPath([...path, i])} must be`)))
    .filter((v) => v !== null);
  const hasNull = values.length < list.length;
  const nullCheck = { kind: 'null', left, isNull: !negated };
  if (values.length === 0) return nullCheck;
  const membership = { kind: 'in', left, values, negated };
  if (!hasNull) return membership;
  return negated
    ? { kind: 'and', items: [membership, nullCheck] }
    : { kind: 'or', items: [membership, nullCheck] };
}
function toScalar(value, path, prefix) {
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
function looksLikeFilterTree(obj) {
  return (
    typeof obj.kind === 'string' &&
    FILTER_KINDS.has(obj.kind) &&
    ('left' in obj || 'items' in obj || 'item' in obj)
  );
}
function checkFilterTree(node, path) {
  if (!isPlainObject(node)) failTree(path, `expected a filter node, got ${describe(node)}`);
  switch (node.kind) {
    case 'and':
    case 'or':
      if (!Array.isArray(node.items))
        failTree([...path, 'items'], `an ${node.kind} node needs a list of items`);
      node.items.forEach((item, i) => {
        checkFilterTree(item, [...path, 'items', i]);
      });
      return;
    case 'not':
      checkFilterTree(node.item, [...path, 'item']);
      return;
    case 'compare':
      checkOperand(node.left, [...path, 'left']);
      if (!COMPARE_OPS.includes(String(node.op))) {
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
function checkOperand(value, path) {
  if (!isPlainObject(value) || typeof value.field !== 'string') {
    failTree(path, 'an operand must be { kind: "field", field } or { kind: "call", fn, field }');
  }
  if (value.kind === 'field') return;
  if (value.kind === 'call' && FILTER_FUNCTIONS.includes(String(value.fn))) return;
  failTree(path, `an operand must be a field or a call of ${FILTER_FUNCTIONS.join(', ')}`);
}
function checkBoolean(value, path) {
  if (typeof value !== 'boolean') failTree(path, `expected true or false, got ${describe(value)}`);
}
function isScalar(value) {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}
function isPlainObject(value) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
function describe(value) {
  if (value === null) return 'null';
  if (value === void 0) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
function fail(path, message) {
  throw new MeshError('invalid_input', `invalid filter: ${message}`, { details: { path } });
}
function failTree(path, message) {
  const where = path.length === 0 ? '' : ` at ${formatPath(path)}`;
  throw new MeshError('invalid_input', `invalid filter tree${where}: ${message}`, { details: { path } });
}

// dist/governance/policy-violation-error.js
var PolicyViolationError = class extends PolicyDeniedError {
  violations;
  /** The violations as issues (path, policy id as code, message), like a ContractViolationError's. */
  issues;
  constructor(operation, productId, violations) {
    const first = violations[0];
    super(first?.policyId ?? 'unknown', first?.message ?? 'a blocking policy failed', {
      details: { productId, operation, violations },
    });
    this.name = 'PolicyViolationError';
    this.violations = violations;
    this.issues = violations.map((v) => ({
      path: v.path === '' ? [] : [v.path],
      code: v.policyId,
      message: v.message,
    }));
    const policies = new Set(violations.map((v) => v.policyId)).size;
    this.message = `${operation} of ${productId} refused by ${policies} blocking ${policies === 1 ? 'policy' : 'policies'} (${violations.length} violation${violations.length === 1 ? '' : 's'}):
${violations.map((v) => `  - ${formatViolation(v)}`).join('\n')}`;
  }
};

export { toFilter, PolicyViolationError };
