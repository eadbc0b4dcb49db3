import type { UsageDay } from '../catalog/access-log.ts';
import type { IngestRun } from '../catalog/write-journal.ts';
import type { ProductStatus } from '../core/lifecycle.ts';
import type { QualityLevel } from '../core/quality-level.ts';
import type { Sla } from '../core/sla.ts';

/** Freshness of a product measured against its SLA. */
export interface Freshness {
  /** ISO time of the last successful write, or null when never written. */
  readonly lastWriteAt: string | null;
  /** Minutes since the last write, or null when never written. */
  readonly ageMinutes: number | null;
  /** The SLA's freshness target in minutes, when declared. */
  readonly maxMinutes: number | null;
  /** Whether the product is older than its freshness target (null when there is no target). */
  readonly stale: boolean | null;
}

/** Usage and state figures for one product. */
export interface ProductMetrics {
  readonly productId: string;
  readonly version: string;
  readonly status: ProductStatus;
  readonly qualityLevel: QualityLevel;
  readonly sla: Sla;
  readonly totalRecords: number;
  /** Accesses so far, by operation (query, ingest, update, …). */
  readonly accessesByOperation: Readonly<Record<string, number>>;
  readonly totalAccesses: number;
  /**
   * Ingest runs cut short before they finished (the process was killed or crashed), newest first, with the batches
   * and rows they committed; each committed batch has its `ingest_batch` access-log and audit entries.
   */
  readonly interruptedIngests: readonly IngestRun[];
  readonly freshness: Freshness;
  /**
   * Successful reads (`query`, `export`) and writes that changed rows (`ingest`, `update`, `remove`, `refresh`) per UTC day over the
   * last {@link USAGE_DAYS} days up to today by the mesh's clock, oldest first, with a zero for a day without any.
   * Counted from this product's access log, so reading it needs no right to the audit log.
   */
  readonly byDay: readonly UsageDay[];
}

/** How many days `ProductMetrics.byDay` covers, today included. */
export const USAGE_DAYS = 30;

/** The first instant of the oldest day that `byDay` covers, as an ISO time. */
export function usageSince(now: Date, days: number = USAGE_DAYS): string {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * 86_400_000;
  return new Date(start).toISOString();
}

/** Fills the days without reads or writes with zeros: one entry per UTC day from `since` through `now`'s day. */
export function toDenseUsage(counted: readonly UsageDay[], now: Date, days: number = USAGE_DAYS): UsageDay[] {
  const byDay = new Map(counted.map((d) => [d.day, d]));
  const start = Date.parse(usageSince(now, days));
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    return byDay.get(day) ?? { day, reads: 0, writes: 0 };
  });
}
