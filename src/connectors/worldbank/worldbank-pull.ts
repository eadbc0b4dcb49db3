import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { MeshError } from '../../core/errors.ts';
import type { Filter } from '../../core/filter/ast.ts';
import type { WorldBankIndicatorRowsQuery } from './worldbank-product.ts';

/** The connector name stored in the catalog for products this module feeds. */
export const WORLDBANK_CONNECTOR = 'worldbank';

// A library asset (copied into dist/ by the build); examples/worldbank/product.yaml is the same file for people to read.
const SPEC_URL = new URL('./worldbank-product.yaml', import.meta.url);

/** What to pull: indicators, economies and years, plus where the API is. */
export interface WorldBankPull extends WorldBankIndicatorRowsQuery {
  /** API location (default the public one); stored for refresh. */
  readonly baseUrl?: string;
}

/** Reads the shipped spec of `external.worldbank_indicators`. */
export async function worldBankProductSpec(): Promise<unknown> {
  return parse(await readFile(SPEC_URL, 'utf8'));
}

/** Parses `2015:2023` or `2020` into a year range. */
export function parseYears(text: string): { from: number; to: number } {
  const m = /^\s*(\d{4})\s*(?::\s*(\d{4}))?\s*$/.exec(text);
  if (!m) throw new MeshError('invalid_input', `years must look like 2015:2023 or 2020, got "${text}"`);
  const from = Number(m[1]);
  const to = Number(m[2] ?? m[1]);
  if (from > to)
    throw new MeshError('invalid_input', `years ${text}: the first year must not be after the last`);
  return { from, to };
}

/** The records a pull covers, as a filter: what the pull replaces in the product. */
export function worldBankPullScope(pull: WorldBankPull, countries: readonly string[]): Filter {
  const years = typeof pull.years === 'number' ? { from: pull.years, to: pull.years } : pull.years;
  const field = (name: string) => ({ kind: 'field', field: name }) as const;
  return {
    kind: 'and',
    items: [
      { kind: 'in', left: field('indicator_code'), values: [...pull.indicators], negated: false },
      { kind: 'in', left: field('country_code'), values: [...countries], negated: false },
      { kind: 'compare', left: field('year'), op: 'gte', value: years.from },
      { kind: 'compare', left: field('year'), op: 'lte', value: years.to },
    ],
  };
}
