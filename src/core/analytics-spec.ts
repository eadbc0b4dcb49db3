/** Aggregate functions a declared measure may use; every engine computes them in SQL. */
export const MEASURE_FUNCTIONS = ['count', 'sum', 'avg', 'min', 'max', 'count_distinct'] as const;
/** A measure's aggregate function. */
export type MeasureFunction = (typeof MEASURE_FUNCTIONS)[number];

/** Calendar buckets a date or timestamp breakdown can group by: `2025`, `2025-10` or `2025-10-07`. */
export const TIME_BUCKETS = ['year', 'month', 'day'] as const;
/** A calendar bucket. */
export type TimeBucket = (typeof TIME_BUCKETS)[number];

/** A named figure over all records, e.g. `total_revenue = sum(amount)`. */
export interface MeasureSpec {
  /** Name of the figure; also its column name in breakdown rows. */
  readonly name: string;
  readonly fn: MeasureFunction;
  /** The field aggregated; omitted for `count` of records. */
  readonly field?: string;
  readonly description?: string;
}

/** How a breakdown's rows are ordered: by one of its measures or by its key. */
export interface BreakdownOrder {
  /** A measure name, or the breakdown's key column. */
  readonly by: string;
  readonly direction: 'asc' | 'desc';
}

/** A named grouping of measures by a field (or a calendar bucket of a date field), e.g. revenue by region. */
export interface BreakdownSpec {
  readonly name: string;
  /** The field whose values form the groups. */
  readonly by: string;
  /** Groups a date or timestamp field by calendar year, month or day instead of by its exact value. */
  readonly bucket?: TimeBucket;
  /** Names of the measures computed per group, in order. */
  readonly measures: readonly string[];
  readonly orderBy: BreakdownOrder;
  /** Keeps only the first N groups (a top-N list); callers may ask for another N. */
  readonly top?: number;
  readonly description?: string;
}

/** A product's declared analytics: its measures and breakdowns. */
export interface AnalyticsSpec {
  readonly measures: readonly MeasureSpec[];
  readonly breakdowns: readonly BreakdownSpec[];
}

/** The name of a breakdown's key column in its rows: the bucket name for calendar buckets, else the field. */
export function breakdownKey(breakdown: BreakdownSpec): string {
  return breakdown.bucket ?? breakdown.by;
}
