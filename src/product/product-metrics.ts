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
}
