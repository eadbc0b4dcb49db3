import { describe, expect, it } from 'vitest';
import { MeshError } from '../errors.ts';
import type { Filter, Operand } from './ast.ts';
import { parseFilterExpression } from './parse-filter-expression.ts';

const field = (name: string): Operand => ({ kind: 'field', field: name });
const eq = (name: string, value: string | number | boolean): Filter => ({
  kind: 'compare',
  left: field(name),
  op: 'eq',
  value,
});

function parseError(text: string): MeshError {
  try {
    parseFilterExpression(text);
  } catch (error) {
    if (error instanceof MeshError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseFilterExpression', () => {
  it('parses a comparison joined with and', () => {
    expect(parseFilterExpression("lifetime_value > 3000 and tier = 'gold'")).toEqual({
      kind: 'and',
      items: [{ kind: 'compare', left: field('lifetime_value'), op: 'gt', value: 3000 }, eq('tier', 'gold')],
    });
  });

  it('parses a function call on a field', () => {
    expect(parseFilterExpression('year(registration_date) = 2025')).toEqual({
      kind: 'compare',
      left: { kind: 'call', fn: 'year', field: 'registration_date' },
      op: 'eq',
      value: 2025,
    });
  });

  it('parses an in-list or a comparison', () => {
    expect(parseFilterExpression("region in ('Europe', 'Asia') or amount >= 200")).toEqual({
      kind: 'or',
      items: [
        { kind: 'in', left: field('region'), values: ['Europe', 'Asia'], negated: false },
        { kind: 'compare', left: field('amount'), op: 'gte', value: 200 },
      ],
    });
  });

  it('parses is null and is not null', () => {
    expect(parseFilterExpression('last_interaction is not null')).toEqual({
      kind: 'null',
      left: field('last_interaction'),
      isNull: false,
    });
    expect(parseFilterExpression('last_interaction IS NULL')).toEqual({
      kind: 'null',
      left: field('last_interaction'),
      isNull: true,
    });
  });

  it('turns contains into a like pattern with %, _ and backslash escaped', () => {
    expect(parseFilterExpression("name contains 'Silva'")).toEqual({
      kind: 'like',
      left: field('name'),
      pattern: '%Silva%',
      caseInsensitive: false,
      negated: false,
    });
    expect(parseFilterExpression("code contains '50%_off\\'")).toMatchObject({
      pattern: '%50\\%\\_off\\\\%',
    });
    expect(parseFilterExpression("name not contains 'x'")).toMatchObject({ kind: 'like', negated: true });
  });

  it('parses like, not like, ilike and not ilike', () => {
    expect(parseFilterExpression("name like 'J%'")).toMatchObject({
      pattern: 'J%',
      caseInsensitive: false,
      negated: false,
    });
    expect(parseFilterExpression("name not like 'J%'")).toMatchObject({
      caseInsensitive: false,
      negated: true,
    });
    expect(parseFilterExpression("name ilike 'j%'")).toMatchObject({ caseInsensitive: true, negated: false });
    expect(parseFilterExpression("name NOT ILIKE 'j%'")).toMatchObject({
      caseInsensitive: true,
      negated: true,
    });
  });

  it('parses not in', () => {
    expect(parseFilterExpression('tier not in (1, 2)')).toEqual({
      kind: 'in',
      left: field('tier'),
      values: [1, 2],
      negated: true,
    });
  });

  it('maps every comparison symbol to its operator', () => {
    const ops = {
      '=': 'eq',
      '==': 'eq',
      '!=': 'ne',
      '<>': 'ne',
      '>': 'gt',
      '>=': 'gte',
      '<': 'lt',
      '<=': 'lte',
    };
    for (const [symbol, op] of Object.entries(ops)) {
      expect(parseFilterExpression(`a ${symbol} 1`)).toEqual({
        kind: 'compare',
        left: field('a'),
        op,
        value: 1,
      });
      expect(parseFilterExpression(`a${symbol}1`)).toMatchObject({ op });
    }
  });

  it('binds and tighter than or, and not tighter than and', () => {
    expect(parseFilterExpression('a = 1 or b = 2 and c = 3')).toEqual({
      kind: 'or',
      items: [eq('a', 1), { kind: 'and', items: [eq('b', 2), eq('c', 3)] }],
    });
    expect(parseFilterExpression('not a = 1 and b = 2')).toEqual({
      kind: 'and',
      items: [{ kind: 'not', item: eq('a', 1) }, eq('b', 2)],
    });
  });

  it('lets parentheses override precedence and keeps explicit grouping', () => {
    expect(parseFilterExpression('(a = 1 or b = 2) and c = 3')).toEqual({
      kind: 'and',
      items: [{ kind: 'or', items: [eq('a', 1), eq('b', 2)] }, eq('c', 3)],
    });
    expect(parseFilterExpression('not (a = 1 or b = 2)')).toEqual({
      kind: 'not',
      item: { kind: 'or', items: [eq('a', 1), eq('b', 2)] },
    });
    expect(parseFilterExpression('(a = 1 and b = 2) and c = 3')).toEqual({
      kind: 'and',
      items: [{ kind: 'and', items: [eq('a', 1), eq('b', 2)] }, eq('c', 3)],
    });
  });

  it('reads keywords and function names in any case but keeps field names as written', () => {
    expect(parseFilterExpression("Tier = 'gold' AND NOT YEAR(Date) = 2025 Or X IS NOT NULL")).toEqual({
      kind: 'or',
      items: [
        {
          kind: 'and',
          items: [
            eq('Tier', 'gold'),
            {
              kind: 'not',
              item: {
                kind: 'compare',
                left: { kind: 'call', fn: 'year', field: 'Date' },
                op: 'eq',
                value: 2025,
              },
            },
          ],
        },
        { kind: 'null', left: field('X'), isNull: false },
      ],
    });
  });

  it('reads double-quoted field names, including keywords and doubled quotes', () => {
    expect(parseFilterExpression('"and" = 1')).toEqual(eq('and', 1));
    expect(parseFilterExpression('"odd ""name""" = 1')).toEqual(eq('odd "name"', 1));
    expect(parseFilterExpression('lower("name") = \'x\'')).toMatchObject({
      left: { kind: 'call', fn: 'lower', field: 'name' },
    });
  });

  it('reads a field named like a function when no parenthesis follows', () => {
    expect(parseFilterExpression('year = 2025')).toEqual(eq('year', 2025));
  });

  it('reads text with doubled single quotes and keeps every character', () => {
    expect(parseFilterExpression("name = 'O''Brien'")).toEqual(eq('name', "O'Brien"));
    expect(parseFilterExpression("name = ''")).toEqual(eq('name', ''));
    expect(parseFilterExpression("name = 'a\nb and c'")).toEqual(eq('name', 'a\nb and c'));
  });

  it('reads integers, decimals, negative numbers and exponents', () => {
    const values = [
      ['42', 42],
      ['3.25', 3.25],
      ['-7', -7],
      ['-0.5', -0.5],
      ['.5', 0.5],
      ['1e3', 1000],
      ['2.5E-2', 0.025],
      ['-1e+2', -100],
    ] as const;
    for (const [text, value] of values) expect(parseFilterExpression(`a = ${text}`)).toEqual(eq('a', value));
  });

  it('reads true and false as values', () => {
    expect(parseFilterExpression('active = TRUE')).toEqual(eq('active', true));
    expect(parseFilterExpression('active != false')).toMatchObject({ op: 'ne', value: false });
  });

  it('gives the empty filter for an empty or blank expression', () => {
    expect(parseFilterExpression('')).toEqual({ kind: 'and', items: [] });
    expect(parseFilterExpression('  \n\t ')).toEqual({ kind: 'and', items: [] });
  });

  it('reads true and false as conditions that match everything and nothing', () => {
    expect(parseFilterExpression('true')).toEqual({ kind: 'and', items: [] });
    expect(parseFilterExpression('a = 1 or false')).toEqual({
      kind: 'or',
      items: [eq('a', 1), { kind: 'or', items: [] }],
    });
  });

  it('accepts nesting up to 64 levels', () => {
    expect(parseFilterExpression(`${'('.repeat(60)}a = 1${')'.repeat(60)}`)).toEqual(eq('a', 1));
  });

  describe('rejects', () => {
    it('a missing value with the column and what was expected', () => {
      const error = parseError('lifetime_val >');
      expect(error.code).toBe('invalid_input');
      expect(error.message).toBe(
        "invalid filter at column 15: expected a value after '>' (got end of input)",
      );
      expect(error.details).toEqual({ expression: 'lifetime_val >', position: 15 });
    });

    it('a comparison with null, hinting at is null', () => {
      expect(parseError('email = null').message).toBe(
        'invalid filter at column 9: comparing with null is never true; use `is null`',
      );
      expect(parseError('email != null').message).toContain('use `is not null`');
      expect(parseError('email > null').message).toContain('use `is null` or `is not null`');
    });

    it('an unclosed parenthesis', () => {
      expect(parseError("(tier = 'gold'").message).toBe(
        "invalid filter at column 15: expected ')' to close the '(' at column 1 (got end of input)",
      );
    });

    it('a closing parenthesis without an opening one', () => {
      expect(parseError('a = 1)').message).toBe(
        "invalid filter at column 6: unexpected ')' without a matching '('",
      );
    });

    it('an empty in-list', () => {
      expect(parseError('region in ()').message).toBe(
        "invalid filter at column 12: expected at least one value in the list after 'in'",
      );
    });

    it('null inside an in-list', () => {
      expect(parseError("region in ('Asia', null)").message).toContain(
        "null never matches inside 'in (...)'",
      );
    });

    it('an in without a list or with a broken list', () => {
      expect(parseError("region in 'Asia'").message).toContain(
        "expected '(' and a list of values after 'in'",
      );
      expect(parseError("region in ('Asia' 'Europe')").message).toContain("expected ',' or ')' in the list");
      expect(parseError("region in ('Asia',)").message).toContain("expected a value after ','");
    });

    it('a double-quoted value, hinting at single quotes', () => {
      expect(parseError('region = "Europe"').message).toBe(
        "invalid filter at column 10: expected a value after '=' (got the name \"Europe\"); write text in single quotes, e.g. 'Europe' (a condition compares a field with a value, not with another field)",
      );
      expect(parseError('region = Europe').message).toContain("write text in single quotes, e.g. 'Europe'");
    });

    it('an unknown function, listing the known ones', () => {
      expect(parseError('quarter(date) = 1').message).toBe(
        "invalid filter at column 1: unknown function 'quarter'; available functions: year, month, day, lower, upper, length",
      );
    });

    it('a function call without a field or without its closing parenthesis', () => {
      expect(parseError('year(2025) = 1').message).toContain('expected a field name inside year( )');
      expect(parseError('year(date = 1').message).toContain("expected ')' after year(date");
    });

    it('unterminated text and field names', () => {
      expect(parseError("name = 'Silva").message).toBe(
        "invalid filter at column 8: unterminated text starting here; close it with '",
      );
      expect(parseError('"name = 1').message).toContain('unterminated field name');
      expect(parseError('"" = 1').message).toContain('a quoted field name cannot be empty');
    });

    it('a condition without an operator', () => {
      expect(parseError('amount 5').message).toBe(
        'invalid filter at column 8: expected an operator (=, !=, <, <=, >, >=, in, like, ilike, contains or is) after amount (got the number 5)',
      );
      expect(parseError('year(date)').message).toContain('after year(date) (got end of input)');
    });

    it('a keyword where a field name belongs, hinting at double quotes', () => {
      expect(parseError('and = 1').message).toContain(
        'write a field named like a keyword in double quotes: "and"',
      );
    });

    it('a missing field name', () => {
      expect(parseError("= 'x'").message).toContain('expected a field name or a function call');
      expect(parseError('a = 1 and').message).toContain('(got end of input)');
    });

    it('is without null', () => {
      expect(parseError('a is 5').message).toContain("expected 'null' after 'is'");
      expect(parseError('a is not 5').message).toContain("expected 'null' after 'is not'");
    });

    it('not followed by something other than in, like, ilike or contains', () => {
      expect(parseError('a not between 1').message).toContain(
        "expected 'in', 'like', 'ilike' or 'contains' after 'not'",
      );
    });

    it('a like or contains without quoted text', () => {
      expect(parseError('name like 5').message).toContain(
        "expected a quoted pattern such as '%text%' after 'like'",
      );
      expect(parseError('name contains Silva').message).toContain("expected quoted text after 'contains'");
    });

    it('words left over after a complete condition', () => {
      expect(parseError('a = 1 b = 2').message).toBe(
        "invalid filter at column 7: expected 'and', 'or' or the end of the filter after a condition (got the name b)",
      );
    });

    it('symbols from other languages, hinting at the keyword', () => {
      expect(parseError('a = 1 && b = 2').message).toBe(
        "invalid filter at column 7: unexpected character '&'; write 'and'",
      );
      expect(parseError('a = 1 || b = 2').message).toContain("write 'or'");
      expect(parseError('!a').message).toContain("write '!=' or 'not'");
      expect(parseError('a = 1 # comment').message).toContain('unexpected character "#"');
    });

    it('malformed and oversized numbers', () => {
      expect(parseError('a = 5abc').message).toBe(
        'invalid filter at column 5: invalid number 5abc; put spaces between a number and the next word',
      );
      expect(parseError('a = 1.2.3').message).toContain('invalid number 1.2.3');
      expect(parseError('a = 1e999').message).toContain('the number 1e999 is too large');
    });

    it('nesting deeper than 64 levels', () => {
      expect(parseError(`${'('.repeat(70)}a = 1${')'.repeat(70)}`).message).toContain(
        'nests more than 64 levels deep',
      );
      expect(parseError(`${'not '.repeat(70)}a = 1`).message).toContain('nests more than 64 levels deep');
    });
  });
});
