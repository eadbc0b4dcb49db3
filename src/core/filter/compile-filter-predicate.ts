import type { Field, Scalar, Schema } from '../schema.ts';
import type { CompareOp, Filter, Operand } from './ast.ts';
import { bindFilter } from './bind-filter.ts';
import { likePatternToRegExp } from './like-pattern.ts';

/** SQL's three truth values: true, false, and unknown (null), which is what any comparison with null gives. */
type Truth = boolean | null;
type Evaluate<R> = (record: R) => Truth;
type Read<R> = (record: R) => unknown;
type Comparable = string | number | boolean;

/**
 * Compiles a filter once into a function that tells whether a record matches it, with SQL's semantics: comparing
 * null gives unknown, `not unknown` stays unknown, and only a filter that is true matches.
 * Dates and timestamps are read as canonical strings (`YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS[.ffffff]`), as validated
 * records hold them; the filter is bound to the schema first (binding an already bound filter changes nothing).
 * @throws MeshError `invalid_input` when the filter does not fit the schema (see {@link bindFilter}).
 * @example compileFilterPredicate(parseFilterExpression('amount >= 200'), sales.schema)({ amount: 300.5 }) // true
 */
export function compileFilterPredicate(
  filter: Filter,
  schema: Schema,
): (record: Readonly<Record<string, unknown>>) => boolean {
  const evaluate = compile<Readonly<Record<string, unknown>>>(
    bindFilter(filter, schema),
    fieldMap(schema),
    (field) => {
      const name = field.name;
      return (record) => record[name];
    },
  );
  return (record) => evaluate(record) === true;
}

/**
 * Compiles a filter like {@link compileFilterPredicate}, for records held as arrays of values in schema field order.
 * @throws MeshError `invalid_input` when the filter does not fit the schema.
 */
export function compileFilterRowPredicate(
  filter: Filter,
  schema: Schema,
): (row: readonly unknown[]) => boolean {
  const positions = new Map(schema.fields.map((f, i) => [f.name, i]));
  const evaluate = compile<readonly unknown[]>(bindFilter(filter, schema), fieldMap(schema), (field) => {
    const index = positions.get(field.name) ?? -1;
    return (row) => row[index];
  });
  return (row) => evaluate(row) === true;
}

function fieldMap(schema: Schema): ReadonlyMap<string, Field> {
  return new Map(schema.fields.map((f) => [f.name, f]));
}

function compile<R>(
  filter: Filter,
  fields: ReadonlyMap<string, Field>,
  reader: (field: Field) => Read<R>,
): Evaluate<R> {
  const operand = (left: Operand): Read<R> => {
    const field = fields.get(left.field);
    if (field === undefined) throw new Error(`bound filter refers to unknown field ${left.field}`);
    return compileOperand(left, field, reader(field));
  };
  const walk = (f: Filter): Evaluate<R> => {
    switch (f.kind) {
      case 'and':
        return compileAnd(f.items.map(walk));
      case 'or':
        return compileOr(f.items.map(walk));
      case 'not': {
        const item = walk(f.item);
        return (r) => {
          const t = item(r);
          return t === null ? null : !t;
        };
      }
      case 'null': {
        const get = operand(f.left);
        const isNull = f.isNull;
        return (r) => (get(r) == null) === isNull;
      }
      case 'compare':
        return compileCompare(operand(f.left), f.op, f.value);
      case 'in': {
        const get = operand(f.left);
        const values = new Set<unknown>(f.values);
        const negated = f.negated;
        return (r) => {
          const v = get(r);
          return v == null ? null : values.has(v) !== negated;
        };
      }
      case 'like': {
        const get = operand(f.left);
        const re = likePatternToRegExp(f.pattern, f.caseInsensitive);
        const negated = f.negated;
        return (r) => {
          const v = get(r);
          return typeof v === 'string' ? re.test(v) !== negated : null;
        };
      }
    }
  };
  return walk(filter);
}

function compileOperand<R>(left: Operand, field: Field, read: Read<R>): Read<R> {
  if (left.kind === 'field') {
    if (field.type !== 'integer' && field.type !== 'number') return read;
    // Engines hand back BIGINT columns as bigint; compare them as numbers like the literals.
    return (r) => {
      const v = read(r);
      return typeof v === 'bigint' ? Number(v) : v;
    };
  }
  const text = (f: (s: string) => unknown): Read<R> => {
    return (r) => {
      const v = read(r);
      return typeof v === 'string' ? f(v) : null;
    };
  };
  switch (left.fn) {
    case 'year':
      return text((s) => datePart(s, 0, 4));
    case 'month':
      return text((s) => datePart(s, 5, 7));
    case 'day':
      return text((s) => datePart(s, 8, 10));
    case 'lower':
      return text((s) => s.toLowerCase());
    case 'upper':
      return text((s) => s.toUpperCase());
    case 'length':
      return text(codePointLength);
  }
}

function datePart(text: string, start: number, end: number): number | null {
  const n = Number(text.slice(start, end));
  return Number.isInteger(n) ? n : null;
}

/** Counts characters as SQL's length() does: one per code point, so an emoji counts once. */
function codePointLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

// JS orders strings by UTF-16 code unit and SQL engines (binary collation) by code point; they only disagree
// between astral characters and U+E000–U+FFFF, which no realistic filter on this data depends on.
function compileCompare<R>(get: Read<R>, op: CompareOp, value: Scalar): Evaluate<R> {
  if (value === null) return () => null;
  const literal: Comparable = value;
  switch (op) {
    case 'eq':
      return (r) => {
        const v = get(r);
        return v == null ? null : v === literal;
      };
    case 'ne':
      return (r) => {
        const v = get(r);
        return v == null ? null : v !== literal;
      };
    case 'gt':
      return (r) => {
        const v = get(r) as Comparable | null | undefined;
        return v == null ? null : v > literal;
      };
    case 'gte':
      return (r) => {
        const v = get(r) as Comparable | null | undefined;
        return v == null ? null : v >= literal;
      };
    case 'lt':
      return (r) => {
        const v = get(r) as Comparable | null | undefined;
        return v == null ? null : v < literal;
      };
    case 'lte':
      return (r) => {
        const v = get(r) as Comparable | null | undefined;
        return v == null ? null : v <= literal;
      };
  }
}

function compileAnd<R>(items: Evaluate<R>[]): Evaluate<R> {
  if (items.length === 0) return () => true;
  return (r) => {
    let unknown = false;
    for (const item of items) {
      const t = item(r);
      if (t === false) return false;
      if (t === null) unknown = true;
    }
    return unknown ? null : true;
  };
}

function compileOr<R>(items: Evaluate<R>[]): Evaluate<R> {
  if (items.length === 0) return () => false;
  return (r) => {
    let unknown = false;
    for (const item of items) {
      const t = item(r);
      if (t === true) return true;
      if (t === null) unknown = true;
    }
    return unknown ? null : false;
  };
}
