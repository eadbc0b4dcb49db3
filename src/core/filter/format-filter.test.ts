import { describe, expect, it } from 'vitest';
import { MeshError } from '../errors.ts';
import type { Scalar } from '../schema.ts';
import { COMPARE_OPS, FILTER_FUNCTIONS, type Filter, type Operand } from './ast.ts';
import { formatFilter } from './format-filter.ts';
import { parseFilterExpression } from './parse-filter-expression.ts';

const field = (name: string): Operand => ({ kind: 'field', field: name });

/** A small deterministic random source (mulberry32), so a failing case can be reproduced from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
  'amount',
  'region',
  'last_interaction',
  '_x1',
  'and',
  'NULL',
  'year',
  'odd name',
  'quo"te',
  'Ünïcode',
  '9lives',
];
const STRINGS = [
  '',
  'Europe',
  "O'Brien",
  "''",
  'a\nb',
  '50%_off',
  'back\\slash',
  '"double"',
  'é🦆',
  ' spaced ',
];
const NUMBERS = [
  0,
  -0,
  1,
  -1,
  42,
  3.25,
  -0.001,
  1e21,
  1.5e-7,
  -123456789.125,
  Number.MAX_SAFE_INTEGER,
  5e-324,
];

function generate(next: () => number, depth: number): Filter {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const operand = (): Operand =>
    next() < 0.7 ? field(pick(NAMES)) : { kind: 'call', fn: pick(FILTER_FUNCTIONS), field: pick(NAMES) };
  const value = (): Exclude<Scalar, null> => {
    const r = next();
    if (r < 0.45) return pick(STRINGS);
    if (r < 0.9) return pick(NUMBERS);
    return next() < 0.5;
  };
  const r = next();
  if (depth <= 0 || r < 0.45) {
    switch (Math.floor(next() * 4)) {
      case 0:
        return { kind: 'compare', left: operand(), op: pick(COMPARE_OPS), value: value() };
      case 1:
        return {
          kind: 'in',
          left: operand(),
          values: Array.from({ length: 1 + Math.floor(next() * 3) }, value),
          negated: next() < 0.5,
        };
      case 2:
        return {
          kind: 'like',
          left: operand(),
          pattern: pick(STRINGS),
          caseInsensitive: next() < 0.5,
          negated: next() < 0.5,
        };
      default:
        return { kind: 'null', left: operand(), isNull: next() < 0.5 };
    }
  }
  if (r < 0.6) return { kind: 'not', item: generate(next, depth - 1) };
  // Every and/or the parser produces has no items (`true` / `false`) or at least two.
  const size = next() < 0.1 ? 0 : 2 + Math.floor(next() * 3);
  return {
    kind: next() < 0.5 ? 'and' : 'or',
    items: Array.from({ length: size }, () => generate(next, depth - 1)),
  };
}

describe('formatFilter', () => {
  it('writes conditions in the filter language', () => {
    expect(formatFilter(parseFilterExpression("lifetime_value > 3000 and tier = 'gold'"))).toBe(
      "lifetime_value > 3000 and tier = 'gold'",
    );
    expect(formatFilter(parseFilterExpression("region IN ('Europe','Asia') OR amount>=200"))).toBe(
      "region in ('Europe', 'Asia') or amount >= 200",
    );
    expect(formatFilter(parseFilterExpression("name contains 'Silva'"))).toBe("name like '%Silva%'");
    expect(formatFilter(parseFilterExpression('YEAR(registration_date) == 2025'))).toBe(
      'year(registration_date) = 2025',
    );
    expect(formatFilter(parseFilterExpression('last_interaction is not null'))).toBe(
      'last_interaction is not null',
    );
    expect(formatFilter(parseFilterExpression("name not ilike 'j%' and a <> -1.5"))).toBe(
      "name not ilike 'j%' and a != -1.5",
    );
  });

  it('adds parentheses only where precedence needs them', () => {
    expect(
      formatFilter(parseFilterExpression('(a = 1 or b = 2) and not (c = 3 and d = 4) and not e is null')),
    ).toBe('(a = 1 or b = 2) and not (c = 3 and d = 4) and not e is null');
    expect(formatFilter(parseFilterExpression('a = 1 or (b = 2 and c = 3)'))).toBe(
      'a = 1 or b = 2 and c = 3',
    );
  });

  it('quotes field names that are keywords or not plain identifiers', () => {
    expect(formatFilter({ kind: 'compare', left: field('and'), op: 'eq', value: 1 })).toBe('"and" = 1');
    expect(
      formatFilter({ kind: 'null', left: { kind: 'call', fn: 'lower', field: 'a "b"' }, isNull: true }),
    ).toBe('lower("a ""b""") is null');
  });

  it('writes the empty filter as an empty string, and nested empty and/or as true/false', () => {
    expect(formatFilter({ kind: 'and', items: [] })).toBe('');
    expect(
      formatFilter({
        kind: 'or',
        items: [
          { kind: 'and', items: [] },
          { kind: 'not', item: { kind: 'or', items: [] } },
        ],
      }),
    ).toBe('true or not false');
  });

  it('writes a single-item and/or as its item', () => {
    const item: Filter = { kind: 'null', left: field('a'), isNull: false };
    expect(formatFilter({ kind: 'and', items: [{ kind: 'or', items: [item] }] })).toBe('a is not null');
    expect(formatFilter({ kind: 'not', item: { kind: 'and', items: [item] } })).toBe('not a is not null');
  });

  it('reads back every parsed example to the same tree', () => {
    const examples = [
      "lifetime_value > 3000 and tier = 'gold'",
      "last_interaction > '2025-10-06'",
      'year(registration_date) = 2025',
      "region in ('Europe', 'Asia') or amount >= 200",
      "name contains 'Silva'",
      'last_interaction is not null',
      "not (a = 1 or b = 'x''y') and c not in (1, 2.5, -3e-4, true) or d ilike '%\\%%'",
      '(a = 1 and b = 2) and c = 3',
      'a = 1 or (b = 2 or c = 3)',
      'not not a = -0',
      'true and (false or x is null)',
    ];
    for (const text of examples) {
      const tree = parseFilterExpression(text);
      expect(parseFilterExpression(formatFilter(tree))).toEqual(tree);
    }
  });

  it('reads back 2000 random trees to the same tree', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const tree = generate(random(seed), 4);
      const text = formatFilter(tree);
      // Seed and text are part of the comparison so that a failure shows how to reproduce it.
      expect({ seed, text, back: parseFilterExpression(text) }).toEqual({ seed, text, back: tree });
    }
  });

  describe('rejects', () => {
    it('a comparison with null', () => {
      const error = (() => {
        try {
          formatFilter({ kind: 'compare', left: field('email'), op: 'eq', value: null });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(MeshError);
      expect((error as MeshError).code).toBe('invalid_input');
      expect((error as MeshError).message).toBe(
        'cannot format a comparison of email with null; use a null check',
      );
    });

    it('an empty in-list and a null inside an in-list', () => {
      expect(() => formatFilter({ kind: 'in', left: field('a'), values: [], negated: false })).toThrow(
        'cannot format an empty in-list on a',
      );
      expect(() => formatFilter({ kind: 'in', left: field('a'), values: [null], negated: false })).toThrow(
        'cannot format null inside an in-list',
      );
    });

    it('numbers that are not finite', () => {
      expect(() =>
        formatFilter({ kind: 'compare', left: field('a'), op: 'gt', value: Number.POSITIVE_INFINITY }),
      ).toThrow('cannot format the number Infinity');
      expect(() => formatFilter({ kind: 'compare', left: field('a'), op: 'gt', value: Number.NaN })).toThrow(
        MeshError,
      );
    });
  });
});
