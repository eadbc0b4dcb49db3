import type { FilterInput } from '../../core/filter/to-filter.ts';
import type { QueryOptions } from '../../product/query-options.ts';
import { remoteUnsupported } from './remote-unsupported.ts';

/** A filter the API takes: an expression (the CLI's commands only pass expressions). */
export function expression(filter: FilterInput | undefined, what: string): string | undefined {
  if (filter === undefined || typeof filter === 'string') return filter;
  throw remoteUnsupported(`${what} with a structured filter`);
}

/** An order the API takes: `field` or `field desc`. */
export function order(input: QueryOptions['orderBy']): string[] | undefined {
  if (input === undefined) return undefined;
  const items = Array.isArray(input) ? input : [input];
  return items.map((o: string | { field: string; direction?: 'asc' | 'desc' }) =>
    typeof o === 'string' ? o : `${o.field}${o.direction === 'desc' ? ' desc' : ''}`,
  );
}
