/** Service level targets a product promises its consumers. */
export interface Sla {
  /** Availability target in percent (0–100). */
  readonly availability?: number;
  /** Maximum minutes between successful writes before the product counts as stale. */
  readonly freshnessMinutes?: number;
  /** Completeness target in percent (0–100) of non-null required values. */
  readonly completeness?: number;
  /** Accuracy target in percent (0–100) of records passing the declared rules. */
  readonly accuracy?: number;
}
