import type { LineageEdge } from '../core/lineage.ts';
import type { EngineSession, Row } from '../engine/engine.ts';

function toEdge(r: Row): LineageEdge {
  const base = { from: String(r.from_id), to: String(r.to_id), createdAt: String(r.created_at) };
  return r.description === null ? base : { ...base, description: String(r.description) };
}

/** Stores lineage edges between products (and external sources). */
export class LineageStore {
  /** Adds an edge; adding the same edge again keeps the first one. Returns whether it was new. */
  async add(s: EngineSession, edge: LineageEdge): Promise<boolean> {
    const n = await s.execute(
      `INSERT INTO mw_lineage (from_id, to_id, description, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (from_id, to_id) DO NOTHING`,
      [edge.from, edge.to, edge.description ?? null, edge.createdAt],
    );
    return n > 0;
  }

  /** Removes an edge; returns whether it existed. */
  async remove(s: EngineSession, from: string, to: string): Promise<boolean> {
    return (await s.execute('DELETE FROM mw_lineage WHERE from_id = $1 AND to_id = $2', [from, to])) > 0;
  }

  /** Every edge of the mesh, ordered by source then target. */
  async all(s: EngineSession): Promise<LineageEdge[]> {
    return (await s.query('SELECT * FROM mw_lineage ORDER BY from_id, to_id')).map(toEdge);
  }

  /** Edges flowing into a node (its upstream). */
  async into(s: EngineSession, id: string): Promise<LineageEdge[]> {
    return (await s.query('SELECT * FROM mw_lineage WHERE to_id = $1 ORDER BY from_id', [id])).map(toEdge);
  }

  /** Edges flowing out of a node (its downstream). */
  async outOf(s: EngineSession, id: string): Promise<LineageEdge[]> {
    return (await s.query('SELECT * FROM mw_lineage WHERE from_id = $1 ORDER BY to_id', [id])).map(toEdge);
  }
}
