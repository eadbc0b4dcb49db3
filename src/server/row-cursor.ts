import { createHash } from 'node:crypto';
import { MeshError } from '../core/errors.ts';

/** What a page of rows was read with; a cursor only continues the same query. */
export interface RowQueryShape {
  readonly productId: string;
  readonly filter: string;
  readonly columns: readonly string[] | undefined;
  readonly order: readonly string[] | undefined;
  readonly version: string | undefined;
}

function fingerprint(shape: RowQueryShape): string {
  return createHash('sha256').update(JSON.stringify(shape)).digest('base64url').slice(0, 16);
}

/**
 * Wraps the product's keyset cursor with a fingerprint of the query it continues, as one opaque URL-safe token, so
 * that a cursor sent with another filter, order, column list, version or product is refused instead of skipping rows.
 */
export function encodeRowCursor(shape: RowQueryShape, productCursor: string): string {
  return Buffer.from(JSON.stringify({ q: fingerprint(shape), c: productCursor })).toString('base64url');
}

/**
 * Unwraps a cursor made by {@link encodeRowCursor} for the same query.
 * @throws MeshError `invalid_input` for a cursor that is malformed or belongs to another query.
 */
export function decodeRowCursor(shape: RowQueryShape, cursor: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const p = parsed as { q?: unknown; c?: unknown } | undefined;
  if (typeof p !== 'object' || p === null || typeof p.q !== 'string' || typeof p.c !== 'string') {
    throw new MeshError(
      'invalid_input',
      'cursor is not one this server gave out; pass nextCursor from the previous page as it is',
    );
  }
  if (p.q !== fingerprint(shape)) {
    throw new MeshError(
      'invalid_input',
      'cursor belongs to another query; send the same filter, columns, order and version as the page it came from',
    );
  }
  return p.c;
}
