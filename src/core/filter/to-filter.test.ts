import { describe, expect, it } from 'vitest';
import { MeshError } from '../errors.ts';
import type { Filter, Operand } from './ast.ts';
import { type FilterInput, type ObjectFilter, toFilter } from './to-filter.ts';

const field = (name: string): Operand => ({ kind: 'field', field: name });
const EMPTY: Filter = { kind: 'and', items: [] };

function rejection(input: unknown): MeshError {
  try {
    toFilter(input as FilterInput);
  } catch (error) {
    if (error instanceof MeshError) return error;
    throw error;
  }
  throw new Error('expected the filter to be rejected');
}

describe('toFilter', () => {
  it('gives the empty filter for nothing, blank text and an empty object', () => {
    expect(toFilter(undefined)).toEqual(EMPTY);
    expect(toFilter('')).toEqual(EMPTY);
    expect(toFilter('   ')).toEqual(EMPTY);
    expect(toFilter({})).toEqual(EMPTY);
    expect(toFilter({ region: undefined })).toEqual(EMPTY);
  });

  it('parses a text expression', () => {
    expect(toFilter("region = 'Europe'")).toEqual({
      kind: 'compare',
      left: field('region'),
      op: 'eq',
      value: 'Europe',
    });
  });

  it('returns a filter tree unchanged', () => {
    const tree: Filter = { kind: 'null', left: field('email'), isNull: false };
    expect(toFilter(tree)).toBe(tree);
    const nested: Filter = { kind: 'not', item: { kind: 'or', items: [tree, { kind: 'and', items: [] }] } };
    expect(toFilter(nested)).toBe(nested);
  });

  it('reads a field value as equality and ANDs several fields', () => {
    expect(toFilter({ region: 'Europe' })).toEqual({
      kind: 'compare',
      left: field('region'),
      op: 'eq',
      value: 'Europe',
    });
    expect(toFilter({ region: 'Europe', amount: 200, active: true })).toEqual({
      kind: 'and',
      items: [
        { kind: 'compare', left: field('region'), op: 'eq', value: 'Europe' },
        { kind: 'compare', left: field('amount'), op: 'eq', value: 200 },
        { kind: 'compare', left: field('active'), op: 'eq', value: true },
      ],
    });
  });

  it('reads null as is null and a list as in', () => {
    expect(toFilter({ last_interaction: null })).toEqual({
      kind: 'null',
      left: field('last_interaction'),
      isNull: true,
    });
    expect(toFilter({ region: ['Europe', 'Asia'] })).toEqual({
      kind: 'in',
      left: field('region'),
      values: ['Europe', 'Asia'],
      negated: false,
    });
  });

  it('reads a null inside a list as "or missing"', () => {
    expect(toFilter({ tier: ['gold', null] })).toEqual({
      kind: 'or',
      items: [
        { kind: 'in', left: field('tier'), values: ['gold'], negated: false },
        { kind: 'null', left: field('tier'), isNull: true },
      ],
    });
    expect(toFilter({ tier: { nin: ['gold', null] } })).toEqual({
      kind: 'and',
      items: [
        { kind: 'in', left: field('tier'), values: ['gold'], negated: true },
        { kind: 'null', left: field('tier'), isNull: false },
      ],
    });
    expect(toFilter({ tier: [null] })).toEqual({ kind: 'null', left: field('tier'), isNull: true });
  });

  it('reads every operator', () => {
    const left = field('amount');
    expect(toFilter({ amount: { gt: 100, lte: 500 } })).toEqual({
      kind: 'and',
      items: [
        { kind: 'compare', left, op: 'gt', value: 100 },
        { kind: 'compare', left, op: 'lte', value: 500 },
      ],
    });
    const one = (ops: ObjectFilter[string]): Filter => toFilter({ amount: ops } as ObjectFilter);
    expect(one({ eq: 1 })).toMatchObject({ op: 'eq', value: 1 });
    expect(one({ ne: 1 })).toMatchObject({ op: 'ne', value: 1 });
    expect(one({ gte: 1 })).toMatchObject({ op: 'gte', value: 1 });
    expect(one({ lt: 1 })).toMatchObject({ op: 'lt', value: 1 });
    expect(one({ in: [1, 2] })).toEqual({ kind: 'in', left, values: [1, 2], negated: false });
    expect(one({ nin: [1, 2] })).toEqual({ kind: 'in', left, values: [1, 2], negated: true });
    expect(one({ like: 'A%' })).toEqual({
      kind: 'like',
      left,
      pattern: 'A%',
      caseInsensitive: false,
      negated: false,
    });
    expect(one({ ilike: 'a%' })).toEqual({
      kind: 'like',
      left,
      pattern: 'a%',
      caseInsensitive: true,
      negated: false,
    });
    expect(one({ contains: '5%' })).toEqual({
      kind: 'like',
      left,
      pattern: '%5\\%%',
      caseInsensitive: false,
      negated: false,
    });
    expect(one({ isNull: true })).toEqual({ kind: 'null', left, isNull: true });
    expect(one({ isNull: false })).toEqual({ kind: 'null', left, isNull: false });
    expect(one({ eq: null })).toEqual({ kind: 'null', left, isNull: true });
    expect(one({ ne: null })).toEqual({ kind: 'null', left, isNull: false });
  });

  it('reads $or, $and and $not', () => {
    expect(toFilter({ $or: [{ region: 'Europe' }, { amount: { gte: 200 } }] })).toEqual({
      kind: 'or',
      items: [
        { kind: 'compare', left: field('region'), op: 'eq', value: 'Europe' },
        { kind: 'compare', left: field('amount'), op: 'gte', value: 200 },
      ],
    });
    expect(toFilter({ $and: [{ a: 1 }, { b: 2 }], $not: { c: 3 } })).toEqual({
      kind: 'and',
      items: [
        {
          kind: 'and',
          items: [
            { kind: 'compare', left: field('a'), op: 'eq', value: 1 },
            { kind: 'compare', left: field('b'), op: 'eq', value: 2 },
          ],
        },
        { kind: 'not', item: { kind: 'compare', left: field('c'), op: 'eq', value: 3 } },
      ],
    });
  });

  it('compares a Date as its ISO timestamp', () => {
    expect(toFilter({ last_interaction: { gt: new Date('2025-10-06T00:00:00Z') } })).toMatchObject({
      value: '2025-10-06T00:00:00.000Z',
    });
  });

  it('treats an object with a field named kind as an object filter', () => {
    expect(toFilter({ kind: 'compare' })).toEqual({
      kind: 'compare',
      left: field('kind'),
      op: 'eq',
      value: 'compare',
    });
  });

  describe('rejects', () => {
    it('an unknown operator, naming the key', () => {
      const error = rejection({ amount: { greater: 5 } });
      expect(error.code).toBe('invalid_input');
      expect(error.message).toBe(
        'invalid filter: unknown operator amount.greater; use one of eq, ne, gt, gte, lt, lte, in, nin, like, ilike, contains, isNull',
      );
      expect(error.details).toEqual({ path: ['amount', 'greater'] });
    });

    it('an unknown combinator', () => {
      expect(rejection({ $nor: [] }).message).toBe(
        'invalid filter: unknown combinator $nor; use $and, $or or $not',
      );
    });

    it('a $or or $and that is not a non-empty list of objects', () => {
      expect(rejection({ $or: { a: 1 } }).message).toContain('$or must be a non-empty list of filters');
      expect(rejection({ $and: [] }).message).toContain('$and must be a non-empty list of filters');
      expect(rejection({ $or: [{ a: 1 }, 'b = 2'] }).message).toBe(
        'invalid filter: $or[1] must be an object filter, got "b = 2"',
      );
    });

    it('a $not that is not an object', () => {
      expect(rejection({ $not: [{ a: 1 }] }).message).toBe(
        'invalid filter: $not must be an object filter, got a list',
      );
    });

    it('an operator object without operators', () => {
      expect(rejection({ amount: {} }).message).toContain('amount has no operator');
    });

    it('null with an ordering operator', () => {
      expect(rejection({ amount: { gt: null } }).message).toContain('amount.gt cannot be null');
    });

    it('operator values of the wrong shape', () => {
      expect(rejection({ amount: { in: 5 } }).message).toBe(
        'invalid filter: amount.in must be a list of values, got number 5',
      );
      expect(rejection({ name: { like: 5 } }).message).toContain('name.like must be text, got number 5');
      expect(rejection({ name: { contains: null } }).message).toContain(
        'name.contains must be text, got null',
      );
      expect(rejection({ email: { isNull: 'yes' } }).message).toContain(
        'email.isNull must be true or false, got "yes"',
      );
      expect(rejection({ amount: { eq: [1] } }).message).toContain(
        'amount.eq must be a string, number or boolean, got a list',
      );
    });

    it('an empty list', () => {
      expect(rejection({ region: [] }).message).toBe('invalid filter: region must list at least one value');
      expect(rejection({ region: { nin: [] } }).message).toContain('region.nin must list at least one value');
    });

    it('a list entry that is not a plain value', () => {
      const error = rejection({ region: ['Asia', { x: 1 }] });
      expect(error.message).toContain('region[1] must be a string, number or boolean, got an object');
      expect(error.details).toEqual({ path: ['region', 1] });
    });

    it('non-finite numbers and invalid dates', () => {
      expect(rejection({ amount: Number.NaN }).message).toContain('amount must be a finite number, got NaN');
      expect(rejection({ at: { gt: new Date('nope') } }).message).toContain('at.gt must be a valid date');
    });

    it('an input that is neither text nor an object', () => {
      expect(rejection(42).message).toContain('a filter must be an expression, a filter tree or an object');
      expect(rejection(['a = 1']).message).toContain('got a list');
    });

    it('a filter tree with a malformed node, naming where', () => {
      expect(
        rejection({ kind: 'and', items: [{ kind: 'compare', left: field('a'), op: 'bigger', value: 1 }] })
          .message,
      ).toBe(
        'invalid filter tree at items[0].op: unknown comparison "bigger"; use one of eq, ne, gt, gte, lt, lte',
      );
      expect(rejection({ kind: 'or', items: 'x' }).message).toContain('an or node needs a list of items');
      expect(rejection({ kind: 'not', item: { kind: 'nope', left: 1 } }).message).toContain(
        'at item.kind: unknown filter node kind "nope"',
      );
      expect(rejection({ kind: 'null', left: { kind: 'field' }, isNull: true }).message).toContain(
        'at left: an operand must be',
      );
      expect(
        rejection({
          kind: 'like',
          left: { kind: 'call', fn: 'quarter', field: 'd' },
          pattern: 'x',
          caseInsensitive: false,
          negated: false,
        }).message,
      ).toContain('an operand must be a field or a call of year');
      expect(rejection({ kind: 'in', left: field('a'), values: [{}], negated: false }).message).toContain(
        'an in node needs a list of plain values',
      );
      expect(rejection({ kind: 'in', left: field('a'), values: [1], negated: 'no' }).message).toContain(
        'at negated: expected true or false',
      );
      expect(
        rejection({ kind: 'like', left: field('a'), pattern: 1, caseInsensitive: false, negated: false })
          .message,
      ).toContain('a like node needs a text pattern');
      expect(rejection({ kind: 'compare', left: field('a'), op: 'eq', value: {} }).message).toContain(
        'expected a plain value',
      );
      expect(rejection({ kind: 'and', items: [7] }).message).toContain(
        'at items[0]: expected a filter node, got number 7',
      );
    });
  });
});
