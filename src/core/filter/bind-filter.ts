import { type Issue, MeshError } from '../errors.ts';
import type { FieldType } from '../field-type.ts';
import type { Field, Scalar, Schema } from '../schema.ts';
import type { Filter, FilterFunction, Operand } from './ast.ts';
import { closestName } from './closest-name.ts';
import { findLikePatternProblem } from './like-pattern.ts';
import { isDateString, normalizeTimestamp } from './normalize-temporal.ts';

/** The field types each filter function accepts. */
const FUNCTION_INPUTS: Readonly<Record<FilterFunction, readonly FieldType[]>> = {
  year: ['date', 'timestamp'],
  month: ['date', 'timestamp'],
  day: ['date', 'timestamp'],
  lower: ['string'],
  upper: ['string'],
  length: ['string'],
};

/** The type of value each filter function returns. */
const FUNCTION_RESULTS: Readonly<Record<FilterFunction, FieldType>> = {
  year: 'integer',
  month: 'integer',
  day: 'integer',
  lower: 'string',
  upper: 'string',
  length: 'integer',
};

const TYPE_NAMES: Readonly<Record<FieldType, string>> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  date: "a date ('YYYY-MM-DD')",
  timestamp: "a timestamp ('YYYY-MM-DD HH:MM:SS' or ISO 8601)",
};

/** Tells the type of value an operand yields on a schema's records: the field's type, or the function's result type. */
export function operandType(operand: Operand, schema: Schema): FieldType | undefined {
  const field = schema.fields.find((f) => f.name === operand.field);
  if (field === undefined) return undefined;
  return operand.kind === 'call' ? FUNCTION_RESULTS[operand.fn] : field.type;
}

/**
 * Checks a filter against a schema and returns it normalized: fields exist, functions fit their field, values are
 * converted to the operand's type (timestamps to `YYYY-MM-DD HH:MM:SS[.ffffff]` UTC) and nested and/or are flattened.
 * @throws MeshError `invalid_input` listing every problem, each with its path in the tree, in `details.issues`.
 * @example bindFilter(parseFilterExpression("last_interaction > '2025-10-06'"), customers.schema)
 */
export function bindFilter(filter: Filter, schema: Schema): Filter {
  const binder = new Binder(schema);
  const bound = binder.bind(filter, []);
  const { issues } = binder;
  if (issues.length > 0) {
    const shown = issues.slice(0, 3).map((i) => i.message);
    if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more problem(s)`);
    throw new MeshError('invalid_input', shown.join('; '), {
      details: { issues, path: issues[0]?.path ?? [] },
    });
  }
  return bound;
}

type Path = (string | number)[];

/** Marks a value that failed to convert; the problem is already recorded. */
const INVALID = Symbol('invalid');

class Binder {
  readonly issues: Issue[] = [];
  readonly #fields: ReadonlyMap<string, Field>;

  constructor(schema: Schema) {
    this.#fields = new Map(schema.fields.map((f) => [f.name, f]));
  }

  bind(filter: Filter, path: Path): Filter {
    switch (filter.kind) {
      case 'and':
      case 'or':
        return this.#bindList(filter.kind, filter.items, path);
      case 'not':
        return { kind: 'not', item: this.bind(filter.item, [...path, 'item']) };
      case 'null': {
        const operand = this.#operand(filter.left, [...path, 'left']);
        return operand === undefined ? filter : { kind: 'null', left: operand.left, isNull: filter.isNull };
      }
      case 'compare': {
        const operand = this.#operand(filter.left, [...path, 'left']);
        if (operand === undefined) return filter;
        if (filter.value === null) {
          this.#add(
            [...path, 'value'],
            'null',
            `${operand.text} cannot be compared with null; use \`is null\``,
          );
          return filter;
        }
        const value = this.#convert(filter.value, operand.type, operand.text, [...path, 'value']);
        return value === INVALID ? filter : { kind: 'compare', left: operand.left, op: filter.op, value };
      }
      case 'in': {
        const operand = this.#operand(filter.left, [...path, 'left']);
        if (operand === undefined) return filter;
        if (filter.values.length === 0) {
          this.#add([...path, 'values'], 'empty', `the list of values for ${operand.text} must not be empty`);
          return filter;
        }
        const values: Scalar[] = [];
        filter.values.forEach((v, i) => {
          if (v === null) {
            this.#add(
              [...path, 'values', i],
              'null',
              `null never matches in a list; check ${operand.text} with \`is null\``,
            );
            return;
          }
          const value = this.#convert(v, operand.type, operand.text, [...path, 'values', i]);
          if (value !== INVALID) values.push(value);
        });
        return { kind: 'in', left: operand.left, values, negated: filter.negated };
      }
      case 'like': {
        const operand = this.#operand(filter.left, [...path, 'left']);
        if (operand === undefined) return filter;
        const op = filter.caseInsensitive ? 'ilike' : 'like';
        if (operand.type !== 'string') {
          this.#add(
            [...path, 'left'],
            'type',
            `${op} and contains work on text, but ${operand.text} is ${TYPE_NAMES[operand.type]}; compare it with =, <, > or in`,
          );
          return filter;
        }
        const problem = findLikePatternProblem(filter.pattern);
        if (problem !== undefined) {
          this.#add([...path, 'pattern'], 'pattern', `invalid ${op} pattern for ${operand.text}: ${problem}`);
          return filter;
        }
        return {
          kind: 'like',
          left: operand.left,
          pattern: filter.pattern,
          caseInsensitive: filter.caseInsensitive,
          negated: filter.negated,
        };
      }
      default:
        this.#add(
          path,
          'type',
          `unknown filter node kind ${JSON.stringify((filter as { kind: unknown }).kind)}`,
        );
        return filter;
    }
  }

  #bindList(kind: 'and' | 'or', items: readonly Filter[], path: Path): Filter {
    const out: Filter[] = [];
    const absorbing = kind === 'and' ? 'or' : 'and';
    let absorbed = false;
    items.forEach((item, i) => {
      const bound = this.bind(item, [...path, 'items', i]);
      if (bound.kind === kind) out.push(...bound.items);
      // `x and false` is false, `x or true` is true.
      else if (bound.kind === absorbing && bound.items.length === 0) absorbed = true;
      else out.push(bound);
    });
    if (absorbed) return { kind: absorbing, items: [] };
    const [only] = out;
    return out.length === 1 && only !== undefined ? only : { kind, items: out };
  }

  #operand(left: Operand, path: Path): { left: Operand; type: FieldType; text: string } | undefined {
    const field = this.#fields.get(left.field);
    if (field === undefined) {
      const known = [...this.#fields.keys()];
      const suggestion = closestName(left.field, known);
      const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
      this.#add(
        [...path, 'field'],
        'unknown_field',
        `unknown field "${left.field}" in filter${hint}; known fields: ${known.join(', ')}`,
      );
      return undefined;
    }
    if (left.kind === 'field')
      return { left: { kind: 'field', field: field.name }, type: field.type, text: field.name };
    const inputs = FUNCTION_INPUTS[left.fn];
    const text = `${left.fn}(${field.name})`;
    if (inputs === undefined) {
      this.#add([...path, 'fn'], 'function', `unknown filter function ${JSON.stringify(left.fn)}`);
      return undefined;
    }
    if (!inputs.includes(field.type)) {
      this.#add(
        [...path, 'fn'],
        'function',
        `${left.fn}() needs a ${inputs.join(' or ')} field, but ${field.name} is ${TYPE_NAMES[field.type]}`,
      );
      return undefined;
    }
    return { left: { kind: 'call', fn: left.fn, field: field.name }, type: FUNCTION_RESULTS[left.fn], text };
  }

  #convert(value: Scalar, type: FieldType, operand: string, path: Path): Scalar | typeof INVALID {
    const problem = (detail: string): typeof INVALID => {
      this.#add(path, 'type', `${operand} is ${TYPE_NAMES[type]}, ${detail}`);
      return INVALID;
    };
    switch (type) {
      case 'string':
        if (typeof value === 'string') return value;
        return problem(`so write the value in single quotes: '${String(value)}'`);
      case 'integer':
      case 'number':
        if (typeof value === 'number') {
          if (type === 'number' || Number.isSafeInteger(value)) return value;
          return problem(`so compare it with a whole number (got ${value})`);
        }
        if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
          return problem(`so write ${value.trim()} without quotes (got ${describe(value)})`);
        }
        return problem(`so it cannot be compared with ${describe(value)}`);
      case 'boolean':
        if (typeof value === 'boolean') return value;
        if (value === 'true' || value === 'false') return problem(`so write ${value} without quotes`);
        return problem(`so it cannot be compared with ${describe(value)}`);
      case 'date':
        if (typeof value === 'string' && isDateString(value)) return value;
        if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
          return problem(`but '${value}' is not a real calendar date`);
        }
        return problem(`so write the value as 'YYYY-MM-DD' (got ${describe(value)})`);
      case 'timestamp': {
        const normalized = typeof value === 'string' ? normalizeTimestamp(value) : undefined;
        if (normalized !== undefined) return normalized;
        const got =
          typeof value === 'string'
            ? `${describe(value)}, which is not a real point in time`
            : describe(value);
        return problem(
          `so write the value as 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM:SS' or ISO 8601 such as '2025-10-06T14:00:00Z' (got ${got})`,
        );
      }
    }
  }

  #add(path: Path, code: string, message: string): void {
    this.issues.push({ path, code, message });
  }
}

function describe(value: Scalar): string {
  if (typeof value === 'string') {
    const quoted = `'${value.replaceAll("'", "''")}'`;
    return `the text ${quoted.length > 40 ? `${quoted.slice(0, 37)}...` : quoted}`;
  }
  if (typeof value === 'number') return `the number ${value}`;
  return String(value);
}
