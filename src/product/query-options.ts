import type { ProductSpec } from '../core/descriptor.ts';
import { MeshError } from '../core/errors.ts';
import type { FieldType } from '../core/field-type.ts';
import { isDateString, normalizeTimestamp } from '../core/filter/normalize-temporal.ts';
import type { Scalar } from '../core/schema.ts';
import type { OrderTerm, TableColumn } from '../engine/engine.ts';

/** One ordering term: a field name, optionally with ` desc`/` asc`, or an explicit object. */
export type OrderInput = string | { readonly field: string; readonly direction?: 'asc' | 'desc' };

/** Options for reading rows. */
export interface QueryOptions {
  /** Fields to return, in order (default: all). */
  readonly columns?: readonly string[];
  /** Ordering, e.g. `'amount desc'` or `['region', { field: 'amount', direction: 'desc' }]`. */
  readonly orderBy?: OrderInput | readonly OrderInput[];
  /** Most rows to return. */
  readonly limit?: number;
  /** Rows to skip (offset paging). */
  readonly offset?: number;
  /** A `nextCursor` from an earlier page (keyset paging; the same filter and order must be used). */
  readonly cursor?: string;
  /**
   * The published major version to read (`1`, `2`, or `0.3` below 1.0.0; a full version names its major): an older
   * major keeps its own table and contract until its migration window closes. Default: the current version, or for a
   * consumer whose grant pins an older major, that major while its window is open.
   */
  readonly version?: string;
}

/** One page of rows. */
export interface QueryResult {
  readonly rows: Record<string, Scalar>[];
  /** Pass as `cursor` to read the next page; null when this is the last page or paging is not possible. */
  readonly nextCursor: string | null;
}

/** Query options checked against the schema, ready for the engine. */
export interface ResolvedQuery {
  readonly columns: readonly TableColumn[];
  /** Columns read only to build the cursor, removed from the rows returned. */
  readonly hidden: readonly string[];
  readonly orderBy: readonly OrderTerm[];
  readonly limit: number | undefined;
  readonly offset: number | undefined;
  readonly after: readonly Scalar[] | undefined;
  /** Whether a cursor can be made for the next page. */
  readonly pageable: boolean;
}

function unknownField(spec: ProductSpec, name: string, where: string): MeshError {
  return new MeshError(
    'invalid_input',
    `unknown field "${name}" in ${where} of ${spec.id}; known fields: ${spec.schema.fields.map((f) => f.name).join(', ')}`,
    { details: { field: name } },
  );
}

function parseOrder(spec: ProductSpec, input: OrderInput): OrderTerm {
  let field: string;
  let direction: 'asc' | 'desc' = 'asc';
  if (typeof input === 'string') {
    const m = /^\s*(-)?([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/i.exec(input);
    if (!m)
      throw new MeshError(
        'invalid_input',
        `cannot read order "${input}"; write a field name, optionally followed by asc or desc`,
      );
    field = m[2] as string;
    if (m[1] === '-' || m[3]?.toLowerCase() === 'desc') direction = 'desc';
  } else {
    field = input.field;
    direction = input.direction ?? 'asc';
  }
  if (!spec.schema.fields.some((f) => f.name === field)) throw unknownField(spec, field, 'orderBy');
  return { column: field, direction };
}

function count(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new MeshError('invalid_input', `${name} must be a whole number of 0 or more, got ${value}`);
  }
  return value;
}

/** Encodes the position after a row as an opaque cursor. */
function encodeCursor(order: readonly OrderTerm[], values: readonly Scalar[]): string {
  return Buffer.from(
    JSON.stringify({ o: order.map((o) => `${o.column}:${o.direction}`), v: values }),
  ).toString('base64url');
}

/** Tells whether a cursor value can stand for a stored value of a (required) order field. */
function fitsType(value: unknown, type: FieldType | undefined): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && isDateString(value);
    case 'timestamp':
      return typeof value === 'string' && normalizeTimestamp(value) !== undefined;
    default:
      return false;
  }
}

function decodeCursor(
  cursor: string,
  order: readonly OrderTerm[],
  types: readonly (FieldType | undefined)[],
): Scalar[] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      o: string[];
      v: Scalar[];
    };
    const expected = order.map((o) => `${o.column}:${o.direction}`);
    if (JSON.stringify(parsed.o) !== JSON.stringify(expected) || !Array.isArray(parsed.v))
      throw new Error('order');
    // A cursor is opaque but comes back from outside: its values must fit the order fields, or the engine would
    // fail on a cast (or compare with a missing value and silently return nothing).
    if (parsed.v.length !== order.length || !parsed.v.every((v, i) => fitsType(v, types[i])))
      throw new Error('values');
    return parsed.v;
  } catch {
    throw new MeshError(
      'invalid_input',
      'the cursor is not valid for this query; reuse the nextCursor of the previous page with the same filter and order',
    );
  }
}

/**
 * Checks query options against a product's schema and plans keyset paging.
 * @throws MeshError `invalid_input` for unknown fields, bad counts or a foreign cursor.
 */
export function resolveQuery(spec: ProductSpec, options: QueryOptions = {}): ResolvedQuery {
  const byName = new Map(spec.schema.fields.map((f) => [f.name, f]));
  const names = options.columns ?? spec.schema.fields.map((f) => f.name);
  if (names.length === 0) throw new MeshError('invalid_input', 'columns must name at least one field');
  const columns: TableColumn[] = names.map((n) => {
    const f = byName.get(n);
    if (!f) throw unknownField(spec, n, 'columns');
    return { name: f.name, type: f.type, notNull: f.required };
  });
  const rawOrder =
    options.orderBy === undefined ? [] : Array.isArray(options.orderBy) ? options.orderBy : [options.orderBy];
  const order: OrderTerm[] = (rawOrder as readonly OrderInput[]).map((o) => parseOrder(spec, o));
  const limit = count('limit', options.limit);
  const offset = count('offset', options.offset);
  // Keyset paging needs a total order in one direction: add the key as a tie-breaker.
  const direction = order[0]?.direction ?? 'asc';
  const oneDirection = order.every((o) => o.direction === direction);
  const key = spec.schema.primaryKey;
  const pageable =
    oneDirection && key.length > 0 && order.every((o) => byName.get(o.column)?.required === true);
  const fullOrder = pageable
    ? [
        ...order,
        ...key.filter((k) => !order.some((o) => o.column === k)).map((k) => ({ column: k, direction })),
      ]
    : order;
  const hidden: string[] = [];
  if (pageable) {
    for (const o of fullOrder) {
      if (!columns.some((c) => c.name === o.column)) {
        const f = byName.get(o.column);
        if (f) {
          columns.push({ name: f.name, type: f.type, notNull: f.required });
          hidden.push(f.name);
        }
      }
    }
  }
  let after: Scalar[] | undefined;
  if (options.cursor !== undefined) {
    if (!pageable) {
      throw new MeshError(
        'invalid_input',
        'cursor paging needs a primary key, one order direction and required (non-null) order fields; use offset instead',
      );
    }
    if (offset !== undefined && offset > 0)
      throw new MeshError('invalid_input', 'use either cursor or offset, not both');
    after = decodeCursor(
      options.cursor,
      fullOrder,
      fullOrder.map((o) => byName.get(o.column)?.type),
    );
  }
  return { columns, hidden, orderBy: fullOrder, limit, offset, after, pageable };
}

/** Builds the cursor for the page after `rows`, or null when there is none. */
export function nextCursorFor(plan: ResolvedQuery, rows: readonly Record<string, Scalar>[]): string | null {
  if (!plan.pageable || plan.limit === undefined || rows.length < plan.limit) return null;
  const last = rows[rows.length - 1];
  if (!last) return null;
  return encodeCursor(
    plan.orderBy,
    plan.orderBy.map((o) => last[o.column] ?? null),
  );
}
