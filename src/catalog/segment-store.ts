import type { EngineSession, Row } from '../engine/engine.ts';

/** A segment kept in the catalog: a named filter expression over one product's records. */
export interface StoredSegment {
  readonly productId: string;
  readonly name: string;
  /** The filter expression, as written by its author. */
  readonly where: string;
  readonly description?: string;
  readonly createdBy: string;
  /** ISO 8601 time the segment was created. */
  readonly createdAt: string;
}

function toSegment(r: Row): StoredSegment {
  const base = {
    productId: String(r.product_id),
    name: String(r.name),
    where: String(r.expression),
    createdBy: String(r.created_by),
    createdAt: String(r.created_at),
  };
  return r.description === null || r.description === undefined
    ? base
    : { ...base, description: String(r.description) };
}

/** Stores segments defined on products (in the platform table `mw_segments`). */
export class SegmentStore {
  /** Adds a segment; returns false (and changes nothing) when the product already has a segment of that name. */
  async insert(s: EngineSession, segment: StoredSegment): Promise<boolean> {
    const n = await s.execute(
      `INSERT INTO mw_segments (product_id, name, expression, description, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (product_id, name) DO NOTHING`,
      [
        segment.productId,
        segment.name,
        segment.where,
        segment.description ?? null,
        segment.createdBy,
        segment.createdAt,
      ],
    );
    return n > 0;
  }

  /** Lists a product's segments by name. */
  async list(s: EngineSession, productId: string): Promise<StoredSegment[]> {
    const rows = await s.query('SELECT * FROM mw_segments WHERE product_id = $1 ORDER BY name', [productId]);
    return rows.map(toSegment);
  }

  /** Finds one segment, or undefined. */
  async find(s: EngineSession, productId: string, name: string): Promise<StoredSegment | undefined> {
    const rows = await s.query('SELECT * FROM mw_segments WHERE product_id = $1 AND name = $2', [
      productId,
      name,
    ]);
    const row = rows[0];
    return row === undefined ? undefined : toSegment(row);
  }

  /** Removes a segment; returns whether it existed. */
  async remove(s: EngineSession, productId: string, name: string): Promise<boolean> {
    return (
      (await s.execute('DELETE FROM mw_segments WHERE product_id = $1 AND name = $2', [productId, name])) > 0
    );
  }
}
