import { describe, expect, it } from 'vitest';
import { MeshError } from '../errors.ts';
import type { Schema } from '../schema.ts';
import type { Filter, Operand } from './ast.ts';
import { bindFilter, operandType } from './bind-filter.ts';
import { parseFilterExpression } from './parse-filter-expression.ts';

const sales: Schema = {
  fields: [
    { name: 'transaction_id', type: 'string', required: true },
    { name: 'product_id', type: 'string', required: true },
    { name: 'customer_id', type: 'string', required: true },
    { name: 'amount', type: 'number', required: true },
    { name: 'date', type: 'date', required: true },
    { name: 'product_category', type: 'string', required: true },
    { name: 'region', type: 'string', required: true },
  ],
  primaryKey: ['transaction_id'],
  indexes: [],
  rules: [],
};

const customers: Schema = {
  fields: [
    { name: 'customer_id', type: 'string', required: true },
    { name: 'name', type: 'string', required: true },
    { name: 'email', type: 'string', required: true },
    { name: 'registration_date', type: 'date', required: true },
    { name: 'lifetime_value', type: 'number', required: true },
    { name: 'tier', type: 'string', required: true },
    { name: 'last_interaction', type: 'timestamp', required: false },
    { name: 'visits', type: 'integer', required: false },
    { name: 'active', type: 'boolean', required: false },
  ],
  primaryKey: ['customer_id'],
  indexes: [],
  rules: [],
};

const field = (name: string): Operand => ({ kind: 'field', field: name });
const bind = (text: string, schema: Schema = customers): Filter =>
  bindFilter(parseFilterExpression(text), schema);

function bindError(filter: Filter | string, schema: Schema = customers): MeshError {
  try {
    bindFilter(typeof filter === 'string' ? parseFilterExpression(filter) : filter, schema);
  } catch (error) {
    if (error instanceof MeshError) return error;
    throw error;
  }
  throw new Error('expected the filter to be rejected');
}

describe('bindFilter', () => {
  it('accepts the demo expressions unchanged when they are already normalized', () => {
    for (const text of [
      "lifetime_value > 3000 and tier = 'gold'",
      'year(registration_date) = 2025',
      "name contains 'Silva'",
      'last_interaction is not null',
    ]) {
      expect(bind(text)).toEqual(parseFilterExpression(text));
    }
    expect(bind("region in ('Europe', 'Asia') or amount >= 200", sales)).toEqual(
      parseFilterExpression("region in ('Europe', 'Asia') or amount >= 200"),
    );
  });

  it('normalizes timestamp values to UTC YYYY-MM-DD HH:MM:SS', () => {
    expect(bind("last_interaction > '2025-10-06'")).toMatchObject({ value: '2025-10-06 00:00:00' });
    expect(bind("last_interaction >= '2025-10-06T14:00:00Z'")).toMatchObject({
      value: '2025-10-06 14:00:00',
    });
    expect(bind("last_interaction < '2025-10-06T01:30:00.250+02:00'")).toMatchObject({
      value: '2025-10-05 23:30:00.25',
    });
    expect(bind("last_interaction in ('2025-10-07 10:30:00', '2025-10-07T11:00:00-01:00')")).toMatchObject({
      values: ['2025-10-07 10:30:00', '2025-10-07 12:00:00'],
    });
  });

  it('flattens nested and/or and drops single-item wrappers', () => {
    const a: Filter = { kind: 'compare', left: field('tier'), op: 'eq', value: 'gold' };
    const b: Filter = { kind: 'null', left: field('email'), isNull: false };
    const c: Filter = { kind: 'compare', left: field('visits'), op: 'gt', value: 1 };
    expect(bindFilter({ kind: 'and', items: [{ kind: 'and', items: [a, b] }, c] }, customers)).toEqual({
      kind: 'and',
      items: [a, b, c],
    });
    expect(
      bindFilter(
        {
          kind: 'or',
          items: [
            { kind: 'or', items: [a] },
            { kind: 'or', items: [b, c] },
          ],
        },
        customers,
      ),
    ).toEqual({
      kind: 'or',
      items: [a, b, c],
    });
    expect(bindFilter({ kind: 'and', items: [a] }, customers)).toEqual(a);
    expect(bindFilter({ kind: 'and', items: [a, { kind: 'and', items: [] }] }, customers)).toEqual(a);
  });

  it('simplifies "and false" to false and "or true" to true', () => {
    expect(bind("tier = 'gold' and false")).toEqual({ kind: 'or', items: [] });
    expect(bind("tier = 'gold' or true")).toEqual({ kind: 'and', items: [] });
  });

  it('keeps the empty filter empty', () => {
    expect(bindFilter({ kind: 'and', items: [] }, customers)).toEqual({ kind: 'and', items: [] });
  });

  it('returns a new tree and leaves the input untouched', () => {
    const input = parseFilterExpression("last_interaction > '2025-10-06T00:00:00Z'");
    const copy = structuredClone(input);
    const bound = bindFilter(input, customers);
    expect(input).toEqual(copy);
    expect(bound).not.toBe(input);
  });

  it('gives the same tree when binding twice', () => {
    const once = bind(
      "last_interaction > '2025-10-06T10:00:00+02:00' and (tier = 'gold' and visits in (1, 2))",
    );
    expect(bindFilter(once, customers)).toEqual(once);
  });

  it('accepts functions on fields of the right type', () => {
    expect(() => bind('month(last_interaction) = 10 and day(registration_date) <= 15')).not.toThrow();
    expect(() =>
      bind("lower(name) like '%silva' and upper(tier) = 'GOLD' and length(name) > 3"),
    ).not.toThrow();
  });

  it('accepts numbers, whole numbers and booleans of the right type', () => {
    expect(bind('lifetime_value > 2.5')).toMatchObject({ value: 2.5 });
    expect(bind('visits >= 3')).toMatchObject({ value: 3 });
    expect(bind('active = true')).toMatchObject({ value: true });
    expect(bind("registration_date = '2024-02-29'")).toMatchObject({ value: '2024-02-29' });
  });

  it('tells the type an operand yields', () => {
    expect(operandType(field('last_interaction'), customers)).toBe('timestamp');
    expect(operandType({ kind: 'call', fn: 'year', field: 'last_interaction' }, customers)).toBe('integer');
    expect(operandType({ kind: 'call', fn: 'lower', field: 'name' }, customers)).toBe('string');
    expect(operandType(field('nope'), customers)).toBeUndefined();
  });

  describe('rejects', () => {
    it('an unknown field, suggesting the closest one and listing the known fields', () => {
      const error = bindError("regoin = 'Europe'", sales);
      expect(error.code).toBe('invalid_input');
      expect(error.message).toBe(
        'unknown field "regoin" in filter (did you mean "region"?); known fields: transaction_id, product_id, customer_id, amount, date, product_category, region',
      );
      expect(error.details).toMatchObject({
        path: ['left', 'field'],
        issues: [{ path: ['left', 'field'], code: 'unknown_field' }],
      });
    });

    it('an unknown field in a different case, suggesting the right case', () => {
      expect(bindError('Amount > 5', sales).message).toContain('(did you mean "amount"?)');
    });

    it('an unknown field with no close match, without a suggestion', () => {
      expect(bindError('colour = 1', sales).message).toBe(
        'unknown field "colour" in filter; known fields: transaction_id, product_id, customer_id, amount, date, product_category, region',
      );
    });

    it('a numeric string compared with a number field', () => {
      expect(bindError("lifetime_value > '5'").message).toBe(
        "lifetime_value is a number, so write 5 without quotes (got the text '5')",
      );
      expect(bindError("visits = 'many'").message).toBe(
        "visits is a whole number, so it cannot be compared with the text 'many'",
      );
    });

    it('a fraction compared with a whole-number operand', () => {
      expect(bindError('visits > 2.5').message).toBe(
        'visits is a whole number, so compare it with a whole number (got 2.5)',
      );
      expect(bindError('year(registration_date) = 2025.5').message).toContain(
        'year(registration_date) is a whole number',
      );
    });

    it('a number compared with a text field', () => {
      expect(bindError('tier = 1').message).toBe("tier is text, so write the value in single quotes: '1'");
      expect(bindError('lower(name) = 1').message).toContain('lower(name) is text');
    });

    it('text or numbers compared with a boolean field', () => {
      expect(bindError("active = 'true'").message).toBe(
        'active is true or false, so write true without quotes',
      );
      expect(bindError('active = 1').message).toBe(
        'active is true or false, so it cannot be compared with the number 1',
      );
    });

    it('a date that is not a real calendar date', () => {
      expect(bindError("registration_date = '2025-02-30'").message).toBe(
        "registration_date is a date ('YYYY-MM-DD'), but '2025-02-30' is not a real calendar date",
      );
      expect(bindError("registration_date = '2025-02-29'").message).toContain('not a real calendar date');
    });

    it('a date field compared with a timestamp or a number', () => {
      expect(bindError("registration_date > '2025-01-01 10:00:00'").message).toBe(
        "registration_date is a date ('YYYY-MM-DD'), so write the value as 'YYYY-MM-DD' (got the text '2025-01-01 10:00:00')",
      );
      expect(bindError('registration_date > 2025').message).toContain('(got the number 2025)');
    });

    it('a timestamp that is not a real point in time', () => {
      expect(bindError("last_interaction > '2025-10-06 25:00:00'").message).toContain(
        "(got the text '2025-10-06 25:00:00', which is not a real point in time)",
      );
      expect(bindError("last_interaction > 'yesterday'").message).toContain(
        "timestamp ('YYYY-MM-DD HH:MM:SS' or ISO 8601)",
      );
      expect(bindError('last_interaction > 5').message).toContain('(got the number 5)');
    });

    it('date functions on fields that are not dates or timestamps', () => {
      expect(bindError('year(name) = 2025').message).toBe(
        'year() needs a date or timestamp field, but name is text',
      );
    });

    it('text functions on fields that are not text', () => {
      expect(bindError('length(lifetime_value) > 2').message).toBe(
        'length() needs a string field, but lifetime_value is a number',
      );
      expect(bindError("lower(registration_date) = 'x'").message).toContain('lower() needs a string field');
    });

    it('an unknown function in a tree built by hand', () => {
      const tree = {
        kind: 'null',
        left: { kind: 'call', fn: 'quarter', field: 'name' },
        isNull: true,
      } as unknown as Filter;
      expect(bindError(tree).message).toBe('unknown filter function "quarter"');
    });

    it('like and contains on fields that are not text', () => {
      expect(bindError("lifetime_value like '5%'").message).toBe(
        'like and contains work on text, but lifetime_value is a number; compare it with =, <, > or in',
      );
      expect(bindError("year(registration_date) ilike '2025'").message).toContain(
        'ilike and contains work on text',
      );
    });

    it('like patterns with a stray backslash', () => {
      expect(bindError("name like 'a\\b'").message).toContain(
        'invalid like pattern for name: a backslash may only escape',
      );
      expect(bindError("name like 'abc\\'").message).toContain('the pattern ends with a lone backslash');
    });

    it('comparisons with null and nulls in lists built by hand', () => {
      const compare: Filter = { kind: 'compare', left: field('tier'), op: 'eq', value: null };
      expect(bindError(compare).message).toBe('tier cannot be compared with null; use `is null`');
      const list: Filter = { kind: 'in', left: field('tier'), values: ['gold', null], negated: false };
      expect(bindError(list).message).toBe('null never matches in a list; check tier with `is null`');
    });

    it('an empty in-list built by hand', () => {
      const list: Filter = { kind: 'in', left: field('tier'), values: [], negated: false };
      expect(bindError(list).message).toBe('the list of values for tier must not be empty');
    });

    it('an unknown node kind built by hand', () => {
      expect(bindError({ kind: 'xor' } as unknown as Filter).message).toBe('unknown filter node kind "xor"');
    });

    it('every problem at once, each with its path', () => {
      const error = bindError(
        "tierr = 'gold' or (visits > 'x' and not year(name) = 1) or lifetime_value like '5' or amount = 1",
      );
      const issues = (error.details as { issues: { path: unknown[]; code: string }[] }).issues;
      expect(issues.map((i) => [i.code, i.path])).toEqual([
        ['unknown_field', ['items', 0, 'left', 'field']],
        ['type', ['items', 1, 'items', 0, 'value']],
        ['function', ['items', 1, 'items', 1, 'item', 'left', 'fn']],
        ['type', ['items', 2, 'left']],
        ['unknown_field', ['items', 3, 'left', 'field']],
      ]);
      expect(error.message).toContain('; and 2 more problem(s)');
    });
  });
});
