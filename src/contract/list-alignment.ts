import { isPlainObject } from './plain-data.ts';

/** The integers from `from` up to (not including) `to`. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/** What makes a list item "the same" across versions: its name-like key, or its whole value. */
export function identity(value: unknown): string {
  if (isPlainObject(value)) {
    for (const key of ['name', 'property', 'id', 'server', 'username', 'role', 'channel', 'url', 'metric']) {
      const v = value[key];
      if (typeof v === 'string' || typeof v === 'number') return `${key}=${v}`;
    }
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** Matches list items by identity (longest common subsequence); returns the matched index pairs in order. */
export function alignByIdentity(
  before: readonly unknown[],
  after: readonly unknown[],
): (readonly [number, number])[] {
  const a = before.map(identity);
  const b = after.map(identity);
  const n = a.length;
  const m = b.length;
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = table[i] as number[];
    const below = table[i + 1] as number[];
    for (let j = m - 1; j >= 0; j--) {
      row[j] =
        a[i] === b[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const pairs: (readonly [number, number])[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if ((table[i + 1]?.[j] ?? 0) >= (table[i]?.[j + 1] ?? 0)) {
      i++;
    } else {
      j++;
    }
  }
  return pairs;
}
