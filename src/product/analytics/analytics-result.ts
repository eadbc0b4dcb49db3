import type { BreakdownOrder, MeasureFunction, TimeBucket } from '../../core/analytics-spec.ts';
import type { FilterInput } from '../../core/filter/to-filter.ts';
import type { Scalar } from '../../core/schema.ts';

/** One declared measure and its value over the records read. */
export interface MeasureValue {
  readonly name: string;
  readonly fn: MeasureFunction;
  readonly field?: string;
  readonly description?: string;
  /** The figure; null for sum/avg/min/max over no records. */
  readonly value: Scalar;
}

/** One declared breakdown and its groups. */
export interface BreakdownResult {
  readonly name: string;
  /** The field grouped by. */
  readonly by: string;
  readonly bucket?: TimeBucket;
  /** The key column in `rows`: the bucket name for calendar buckets, else the field. */
  readonly key: string;
  readonly measures: readonly string[];
  readonly orderBy: BreakdownOrder;
  /** How many groups were kept, for a top-N breakdown. */
  readonly top?: number;
  readonly description?: string;
  /** One row per group: the key, then each measure by name. */
  readonly rows: readonly Readonly<Record<string, Scalar>>[];
}

/** A product's declared analytics, computed by the engine at one moment. */
export interface AnalyticsResult {
  readonly productId: string;
  readonly version: string;
  /** ISO time the figures were computed. */
  readonly computedAt: string;
  /** ISO time of the last successful write, or null when never written: the figures reflect every write up to it. */
  readonly lastWriteAt: string | null;
  /** The filter the figures are restricted to (a segment's and/or the caller's), or null for all records. */
  readonly filter: string | null;
  /** The segment the figures are restricted to, when one was asked for. */
  readonly segment?: string;
  readonly measures: readonly MeasureValue[];
  readonly breakdowns: readonly BreakdownResult[];
}

/** Options for computing analytics. */
export interface AnalyticsOptions {
  /** Restricts every figure to the records matching this filter. */
  readonly where?: FilterInput;
  /** Restricts every figure to a segment's records (combined with `where`). */
  readonly segment?: string;
  /** Overrides N for the top-N breakdowns (those declaring `top`). */
  readonly top?: number;
  /** Computes only these breakdowns (by name); every declared one by default. */
  readonly breakdowns?: readonly string[];
}
