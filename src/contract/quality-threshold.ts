import { asNumber, asObject, type PlainObject } from './plain-data.ts';

/** A bound on a measured quality value: a comparison with one number, or a (not-)between range. */
export type QualityThreshold =
  | { readonly op: 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte'; readonly value: number }
  | { readonly op: 'between' | 'not_between'; readonly min: number; readonly max: number };

/** The threshold every implicit check uses: no failing rows at all. */
export const ZERO_FAILURES: QualityThreshold = { op: 'eq', value: 0 };

const SINGLE: readonly (readonly [string, 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte'])[] = [
  ['mustBe', 'eq'],
  ['mustNotBe', 'ne'],
  ['mustBeGreaterThan', 'gt'],
  ['mustBeGreaterOrEqualTo', 'gte'],
  ['mustBeGreaterThanOrEqualTo', 'gte'],
  ['mustBeLessThan', 'lt'],
  ['mustBeLessOrEqualTo', 'lte'],
  ['mustBeLessThanOrEqualTo', 'lte'],
];

/** Reads the ODCS operator of a quality entry (`mustBe`, `mustBeBetween`, …); undefined when there is none. */
export function readThreshold(entry: unknown): QualityThreshold | undefined {
  const e = asObject(entry);
  if (e === undefined) return undefined;
  for (const [key, op] of SINGLE) {
    const value = asNumber(e[key]);
    if (value !== undefined) return { op, value };
  }
  for (const [key, op] of [
    ['mustBeBetween', 'between'],
    ['mustNotBeBetween', 'not_between'],
  ] as const) {
    const pair = e[key];
    if (Array.isArray(pair) && pair.length === 2) {
      const [a, b] = pair.map(asNumber);
      if (a !== undefined && b !== undefined) return { op, min: Math.min(a, b), max: Math.max(a, b) };
    }
  }
  return undefined;
}

/** Tells whether a threshold tolerates no failing rows (`mustBe: 0`, `mustBeLessThan: 1`, …). */
export function isZeroTolerance(threshold: QualityThreshold | undefined): boolean {
  if (threshold === undefined) return false;
  switch (threshold.op) {
    case 'eq':
    case 'lte':
      return threshold.value === 0;
    case 'lt':
      return threshold.value > 0 && threshold.value <= 1;
    case 'between':
      return threshold.min === 0 && threshold.max === 0;
    default:
      return false;
  }
}

/** Writes a threshold as the ODCS operator key. */
export function thresholdToOdcs(threshold: QualityThreshold): PlainObject {
  switch (threshold.op) {
    case 'eq':
      return { mustBe: threshold.value };
    case 'ne':
      return { mustNotBe: threshold.value };
    case 'gt':
      return { mustBeGreaterThan: threshold.value };
    case 'gte':
      return { mustBeGreaterOrEqualTo: threshold.value };
    case 'lt':
      return { mustBeLessThan: threshold.value };
    case 'lte':
      return { mustBeLessOrEqualTo: threshold.value };
    case 'between':
      return { mustBeBetween: [threshold.min, threshold.max] };
    case 'not_between':
      return { mustNotBeBetween: [threshold.min, threshold.max] };
  }
}

/** Tells whether a measured value satisfies a threshold. */
export function meetsThreshold(measured: number, threshold: QualityThreshold): boolean {
  switch (threshold.op) {
    case 'eq':
      return measured === threshold.value;
    case 'ne':
      return measured !== threshold.value;
    case 'gt':
      return measured > threshold.value;
    case 'gte':
      return measured >= threshold.value;
    case 'lt':
      return measured < threshold.value;
    case 'lte':
      return measured <= threshold.value;
    case 'between':
      return measured >= threshold.min && measured <= threshold.max;
    case 'not_between':
      return measured < threshold.min || measured > threshold.max;
  }
}

/** The set of measured values a threshold accepts, as an interval (for comparing two thresholds). */
function accepted(
  t: QualityThreshold,
): { lo: number; hi: number; loOpen: boolean; hiOpen: boolean } | undefined {
  switch (t.op) {
    case 'eq':
      return { lo: t.value, hi: t.value, loOpen: false, hiOpen: false };
    case 'gt':
      return { lo: t.value, hi: Number.POSITIVE_INFINITY, loOpen: true, hiOpen: true };
    case 'gte':
      return { lo: t.value, hi: Number.POSITIVE_INFINITY, loOpen: false, hiOpen: true };
    case 'lt':
      return { lo: Number.NEGATIVE_INFINITY, hi: t.value, loOpen: true, hiOpen: true };
    case 'lte':
      return { lo: Number.NEGATIVE_INFINITY, hi: t.value, loOpen: true, hiOpen: false };
    case 'between':
      return { lo: t.min, hi: t.max, loOpen: false, hiOpen: false };
    default:
      return undefined;
  }
}

/**
 * Compares two thresholds on the same measure: `tighter` when the new one accepts a strict subset of what the old
 * one accepted, `looser` for a strict superset, `same`, or `changed` when neither contains the other.
 */
export function compareThresholds(
  before: QualityThreshold,
  after: QualityThreshold,
): 'same' | 'tighter' | 'looser' | 'changed' {
  const a = accepted(before);
  const b = accepted(after);
  if (a === undefined || b === undefined) {
    return JSON.stringify(before) === JSON.stringify(after) ? 'same' : 'changed';
  }
  const contains = (outer: typeof a, inner: typeof a): boolean =>
    (outer.lo < inner.lo || (outer.lo === inner.lo && (!outer.loOpen || inner.loOpen))) &&
    (outer.hi > inner.hi || (outer.hi === inner.hi && (!outer.hiOpen || inner.hiOpen)));
  const aInB = contains(b, a);
  const bInA = contains(a, b);
  if (aInB && bInA) return 'same';
  if (bInA) return 'tighter';
  if (aInB) return 'looser';
  return 'changed';
}

/** Writes a threshold for people, e.g. `= 0`, `< 5` or `between 1 and 100`. */
export function formatThreshold(threshold: QualityThreshold): string {
  switch (threshold.op) {
    case 'eq':
      return `= ${threshold.value}`;
    case 'ne':
      return `!= ${threshold.value}`;
    case 'gt':
      return `> ${threshold.value}`;
    case 'gte':
      return `>= ${threshold.value}`;
    case 'lt':
      return `< ${threshold.value}`;
    case 'lte':
      return `<= ${threshold.value}`;
    case 'between':
      return `between ${threshold.min} and ${threshold.max}`;
    case 'not_between':
      return `not between ${threshold.min} and ${threshold.max}`;
  }
}
