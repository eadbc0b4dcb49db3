import type { QualityLevel } from './quality-level.ts';

/** The levels a product can earn from its measured quality; bronze is the floor every product has. */
export const EARNED_QUALITY_LEVELS = ['silver', 'gold'] as const;
/** A quality level above bronze. */
export type EarnedQualityLevel = (typeof EARNED_QUALITY_LEVELS)[number];

/** What a product's latest measurements must show to earn a level; every stated requirement must hold. */
export interface QualityLevelRule {
  /** Lowest completeness of required fields, in percent. */
  readonly completeness?: number;
  /** Lowest share of records passing every validity check (the SLA's accuracy), in percent. */
  readonly validity?: number;
  /** Lowest share of unique primary keys, in percent. */
  readonly uniqueness?: number;
  /** Whether the product must be within its SLA freshness target. */
  readonly fresh?: boolean;
  /** Fewest records the product must hold. */
  readonly minRecords?: number;
}

/** The rule set per level, declared in a product's contract. */
export type QualityLevelRules = Readonly<Partial<Record<EarnedQualityLevel, QualityLevelRule>>>;

/** The measurements a level is decided from; null where nothing could be measured (no records, no key, no SLA). */
export interface QualityMeasurements {
  readonly totalRecords: number;
  readonly completeness: number | null;
  readonly validity: number | null;
  readonly uniqueness: number | null;
  readonly fresh: boolean | null;
}

/** The derived level and, for each level above it, why it was not earned. */
export interface DerivedQualityLevel {
  readonly level: QualityLevel;
  /** Unmet requirements per level that was not earned (empty for earned levels). */
  readonly unmet: Readonly<Partial<Record<EarnedQualityLevel, readonly string[]>>>;
}

/** The rules used when a contract declares none: silver needs complete, valid, unique records; gold must be declared. */
export const DEFAULT_QUALITY_LEVEL_RULES: QualityLevelRules = {
  silver: { completeness: 100, validity: 100, uniqueness: 100, minRecords: 1 },
};

function unmetRequirements(rule: QualityLevelRule, m: QualityMeasurements): string[] {
  const out: string[] = [];
  const percent = (name: 'completeness' | 'validity' | 'uniqueness', label: string) => {
    const min = rule[name];
    if (min === undefined) return;
    const value = m[name];
    if (value === null) out.push(`${label} could not be measured (needs at least ${min}%)`);
    else if (value < min) out.push(`${label} is ${round(value)}%, below ${min}%`);
  };
  if (rule.minRecords !== undefined && m.totalRecords < rule.minRecords) {
    out.push(`holds ${m.totalRecords} record(s), needs at least ${rule.minRecords}`);
  }
  percent('completeness', 'completeness');
  percent('validity', 'validity');
  percent('uniqueness', 'key uniqueness');
  if (rule.fresh === true && m.fresh !== true) {
    out.push(
      m.fresh === null
        ? 'freshness cannot be measured (no SLA target or never written)'
        : 'data is stale against the SLA freshness target',
    );
  }
  return out;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * Decides the quality level a product's measurements earn: the highest level whose requirements, and those of every
 * level below it, all hold; bronze when none does.
 * @example deriveQualityLevel({ silver: { validity: 99 } }, measurements).level // 'silver'
 */
export function deriveQualityLevel(rules: QualityLevelRules, m: QualityMeasurements): DerivedQualityLevel {
  let level: QualityLevel = 'bronze';
  let blocked = false;
  const unmet: Partial<Record<EarnedQualityLevel, readonly string[]>> = {};
  for (const candidate of EARNED_QUALITY_LEVELS) {
    const rule = rules[candidate];
    if (rule === undefined) {
      // An undeclared level cannot be earned, and nothing above it can be either.
      blocked = true;
      unmet[candidate] = ['no rule is declared for this level'];
      continue;
    }
    const reasons = unmetRequirements(rule, m);
    if (blocked && reasons.length === 0) reasons.push('a lower level was not earned');
    unmet[candidate] = reasons;
    if (reasons.length === 0) level = candidate;
    else blocked = true;
  }
  return { level, unmet };
}
