import type { Scalar } from '../schema.ts';

/** Comparison operators of the filter language. */
export const COMPARE_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const;
/** A comparison operator. */
export type CompareOp = (typeof COMPARE_OPS)[number];

/** Functions that may wrap a field in a filter, e.g. `year(registration_date) = 2025`. */
export const FILTER_FUNCTIONS = ['year', 'month', 'day', 'lower', 'upper', 'length'] as const;
/** A filter function name. */
export type FilterFunction = (typeof FILTER_FUNCTIONS)[number];

/** The left-hand side of a condition: a field, or a function applied to a field. */
export type Operand =
  | { readonly kind: 'field'; readonly field: string }
  | { readonly kind: 'call'; readonly fn: FilterFunction; readonly field: string };

/** A filter over a product's records, as a tree. Engines compile it to parameterized SQL. */
export type Filter =
  | { readonly kind: 'compare'; readonly left: Operand; readonly op: CompareOp; readonly value: Scalar }
  | {
      readonly kind: 'in';
      readonly left: Operand;
      readonly values: readonly Scalar[];
      readonly negated: boolean;
    }
  | {
      readonly kind: 'like';
      readonly left: Operand;
      /** SQL LIKE pattern: `%` any run of characters, `_` one character. */
      readonly pattern: string;
      readonly caseInsensitive: boolean;
      readonly negated: boolean;
    }
  | { readonly kind: 'null'; readonly left: Operand; readonly isNull: boolean }
  | { readonly kind: 'and'; readonly items: readonly Filter[] }
  | { readonly kind: 'or'; readonly items: readonly Filter[] }
  | { readonly kind: 'not'; readonly item: Filter };

/** Lists the field names a filter refers to. */
export function filterFields(filter: Filter): string[] {
  const out = new Set<string>();
  const walk = (f: Filter): void => {
    switch (f.kind) {
      case 'and':
      case 'or':
        for (const item of f.items) walk(item);
        return;
      case 'not':
        walk(f.item);
        return;
      default:
        out.add(f.left.field);
    }
  };
  walk(filter);
  return [...out];
}

/** Tells whether a filter matches everything (an empty `and`). */
export function isEmptyFilter(filter: Filter): boolean {
  return filter.kind === 'and' && filter.items.length === 0;
}
