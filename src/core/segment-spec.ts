/** A named subset of a product's records, kept as a filter expression so it is evaluated afresh on every read. */
export interface SegmentSpec {
  /** Lowercase letters, digits, `_` and `-`, e.g. `high_value`. */
  readonly name: string;
  /** A filter expression in the query language, e.g. `lifetime_value > 3000 and tier = 'gold'`. */
  readonly where: string;
  readonly description?: string;
}

/** The pattern a segment name follows. */
export const SEGMENT_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,62}$/;
