import { MeshError } from '../core/errors.ts';
import type { MeshContext } from './mesh-context.ts';

/** How current a connector-fed product is: its source, its last pull, and whether its data is older than its SLA allows. */
export interface SourceStatus {
  readonly productId: string;
  /** The connector feeding it, e.g. `worldbank`. */
  readonly connector: string;
  /** The external sources its lineage names, e.g. `worldbank:api.worldbank.org/v2`. */
  readonly upstream: readonly string[];
  /** The settings the next `refresh` pulls with (plain JSON, never secrets). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** ISO time of the last pull, successful or not; null before the first. */
  readonly lastPullAt: string | null;
  readonly lastOutcome: 'ok' | 'failed' | null;
  /** What the last failed pull said, else null. */
  readonly lastMessage: string | null;
  /** ISO time of the last write of its records, or null when never written. */
  readonly dataAsOf: string | null;
  /** The SLA's freshness window in minutes, or null when the product promises none. */
  readonly freshnessMinutes: number | null;
  /** Minutes since `dataAsOf`, or null when never written. */
  readonly ageMinutes: number | null;
  /** True when never written, or when the data is older than the freshness window. */
  readonly stale: boolean;
}

/**
 * Tells how current a connector-fed product is, without pulling anything (what `meshwork refresh --status` prints).
 * @throws MeshError `not_found` for an unknown product; `invalid_input` when no connector feeds it.
 */
export async function sourceStatus(ctx: MeshContext, productId: string): Promise<SourceStatus> {
  const record = await ctx.registry.find(ctx.engine, productId);
  if (!record) throw new MeshError('not_found', `product ${productId} is not in the catalog`);
  const source = await ctx.sources.find(ctx.engine, productId);
  if (!source) {
    throw new MeshError(
      'invalid_input',
      `product ${productId} is not fed by a connector, so it has no source to report on; \`meshwork connect\` sets one up`,
      { details: { productId } },
    );
  }
  const dataAsOf = record.lastWriteAt;
  const freshnessMinutes = record.descriptor.sla.freshnessMinutes ?? null;
  const ageMinutes =
    dataAsOf === null ? null : Math.max(0, (ctx.now().getTime() - Date.parse(dataAsOf)) / 60_000);
  return {
    productId,
    connector: source.connector,
    upstream: record.descriptor.upstream,
    settings: source.config,
    lastPullAt: source.lastRunAt,
    lastOutcome: source.lastOutcome,
    lastMessage: source.lastMessage,
    dataAsOf,
    freshnessMinutes,
    ageMinutes,
    stale: ageMinutes === null || (freshnessMinutes !== null && ageMinutes > freshnessMinutes),
  };
}
