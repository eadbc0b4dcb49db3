/** Quality levels: bronze is raw, silver cleaned and validated, gold aggregated and ready for use. */
export const QUALITY_LEVELS = ['bronze', 'silver', 'gold'] as const;

/** A data product's quality level. */
export type QualityLevel = (typeof QUALITY_LEVELS)[number];

/** Tells whether a string names a quality level. */
export function isQualityLevel(value: unknown): value is QualityLevel {
  return typeof value === 'string' && (QUALITY_LEVELS as readonly string[]).includes(value);
}
