import type { EngineSession, Row } from '../engine/engine.ts';

/** Where a connector-fed product's data comes from, so that `refresh` can pull it again. */
export interface ProductSource {
  readonly productId: string;
  /** The connector's name, e.g. `worldbank`. */
  readonly connector: string;
  /** The connector's settings for this product (plain JSON; never secrets). */
  readonly config: Readonly<Record<string, unknown>>;
  readonly updatedAt: string;
  readonly lastRunAt: string | null;
  /** `ok` or `failed` for the last pull, or null before the first. */
  readonly lastOutcome: 'ok' | 'failed' | null;
  readonly lastMessage: string | null;
}

function toSource(r: Row): ProductSource {
  return {
    productId: String(r.product_id),
    connector: String(r.connector),
    config: JSON.parse(String(r.config)) as Record<string, unknown>,
    updatedAt: String(r.updated_at),
    lastRunAt: r.last_run_at === null ? null : String(r.last_run_at),
    lastOutcome: r.last_outcome === null ? null : (String(r.last_outcome) as 'ok' | 'failed'),
    lastMessage: r.last_message === null ? null : String(r.last_message),
  };
}

/** Stores which connector feeds which product, and how its last pull went. */
export class SourceRegistry {
  /** Records (or replaces) the connector settings of a product. */
  async save(
    s: EngineSession,
    productId: string,
    connector: string,
    config: object,
    at: string,
  ): Promise<void> {
    await s.execute(
      `INSERT INTO mw_sources (product_id, connector, config, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (product_id) DO UPDATE SET connector = excluded.connector, config = excluded.config, updated_at = excluded.updated_at`,
      [productId, connector, JSON.stringify(config), at],
    );
  }

  /** Records the outcome of a pull. */
  async markRun(
    s: EngineSession,
    productId: string,
    at: string,
    outcome: 'ok' | 'failed',
    message: string | null,
  ): Promise<void> {
    await s.execute(
      'UPDATE mw_sources SET last_run_at = $1, last_outcome = $2, last_message = $3 WHERE product_id = $4',
      [at, outcome, message, productId],
    );
  }

  /** Finds a product's source, or undefined when it is not fed by a connector. */
  async find(s: EngineSession, productId: string): Promise<ProductSource | undefined> {
    const rows = await s.query('SELECT * FROM mw_sources WHERE product_id = $1', [productId]);
    return rows[0] ? toSource(rows[0]) : undefined;
  }
}
