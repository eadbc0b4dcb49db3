import type { QualityCheckKind, QualitySeverity } from '../../contract/quality-check.ts';
import type { QualityThreshold } from '../../contract/quality-threshold.ts';
import type { QualityLevel } from '../../core/quality-level.ts';
import type { EarnedQualityLevel, QualityLevelRules } from '../../core/quality-level-rules.ts';
import type { Scalar } from '../../core/schema.ts';
import type { ValidityCheckKind } from './quality-checks.ts';

/** How complete one field is: the share of records where it has a value. */
export interface CompletenessItem {
  readonly field: string;
  /** Required fields count towards the SLA's completeness target; optional ones are shown for information. */
  readonly required: boolean;
  readonly present: number;
  readonly missing: number;
  /** Percentage of records with a value; null when there are no records. */
  readonly rate: number | null;
  /** The SLA completeness target (required fields only). */
  readonly target: number | null;
  /** Whether the rate meets the target; null when there is no target or no record. */
  readonly passed: boolean | null;
}

/** How unique the primary key is. */
export interface UniquenessItem {
  readonly key: readonly string[];
  readonly total: number;
  readonly distinct: number;
  /** Records beyond the first for every repeated key. */
  readonly duplicateRecords: number;
  /** Percentage of records whose key is unique; null when there are no records. */
  readonly rate: number | null;
  readonly target: number;
  readonly passed: boolean | null;
  /** The repeated keys found (most repeated first, at most 10) and how often each occurs. */
  readonly duplicates: readonly { readonly key: Readonly<Record<string, Scalar>>; readonly count: number }[];
}

/** How many records pass one validity check. */
export interface ValidityItem {
  readonly name: string;
  readonly kind: ValidityCheckKind;
  readonly field?: string;
  /** The check as a filter expression. */
  readonly expression: string;
  readonly description: string;
  readonly valid: number;
  readonly invalid: number;
  /** Percentage of records passing; null when there are no records. */
  readonly rate: number | null;
  /** The SLA accuracy target. */
  readonly target: number;
  readonly passed: boolean | null;
  /** Keys of a few failing records (none when the key holds personal data). */
  readonly invalidKeys: readonly Readonly<Record<string, Scalar>>[];
}

/**
 * One check the product's published ODCS contract declares beyond what its spec holds (a row-count bound, a SQL
 * check, a check with a tolerance, another engine's check), as measured on the stored records.
 */
export interface ContractCheckItem {
  readonly id: string;
  readonly kind: QualityCheckKind;
  readonly severity: QualitySeverity;
  readonly dimension?: string;
  readonly description?: string;
  readonly field?: string;
  /** Where the contract declares it, as `file:line`. */
  readonly location: string;
  /** What the check requires, e.g. `email is not null` or the SQL query. */
  readonly expression: string;
  /** What the measured value must satisfy, e.g. `failing rows < 5` or `row count between 1 and 1000`. */
  readonly expected: string;
  readonly threshold: QualityThreshold;
  readonly unit: 'rows' | 'percent';
  /** Failing rows (or their percentage), the row count or the query's number; null when not measured. */
  readonly measured: number | null;
  /** Records failing a record-level check; null for whole-table checks (row count, SQL) and checks not run. */
  readonly failing: number | null;
  /** Whether the measured value meets the threshold; null when the check was not run. */
  readonly passed: boolean | null;
  /** Keys of a few failing records (none when the key holds personal data). */
  readonly failingKeys: readonly Readonly<Record<string, Scalar>>[];
  /** Why the check was not run, or why it failed without a measurement. */
  readonly note?: string;
}

/** The contract-level checks of a run: those the product version's stored ODCS contract declares. */
export interface ContractChecksResult {
  /** The stored contract's file name, or null when the version was published without documents. */
  readonly contract: string | null;
  readonly items: readonly ContractCheckItem[];
  /** False when a check of severity `error` failed, true when every one run passed, null when none ran. */
  readonly passed: boolean | null;
}

/** One SLA target with what was measured against it. */
export interface SlaTargetStatus {
  /** The declared target in percent, or null when the SLA has none. */
  readonly target: number | null;
  /** The measured percentage, or null when nothing was measured. */
  readonly measured: number | null;
  readonly met: boolean | null;
  /** Where the measurement comes from, e.g. `quality run 3 at 2025-10-08T12:00:00.000Z`. */
  readonly basis: string;
}

/** The SLA measured: freshness from the last successful write, completeness and accuracy from a quality run. */
export interface SlaStatus {
  readonly productId: string;
  /** ISO time of the measurement. */
  readonly measuredAt: string;
  /** Measured only where a server measures it; otherwise unmeasured (a store cannot measure its own uptime). */
  readonly availability: SlaTargetStatus;
  readonly freshness: {
    readonly targetMinutes: number | null;
    readonly lastWriteAt: string | null;
    readonly ageMinutes: number | null;
    readonly met: boolean | null;
    readonly basis: string;
  };
  readonly completeness: SlaTargetStatus;
  readonly accuracy: SlaTargetStatus;
  /** `met` only when every declared target was measured and met; `missed` when a measured one was missed. */
  readonly verdict: SlaVerdict;
  /** Targets the SLA declares (availability, freshness, completeness, accuracy). */
  readonly declaredTargets: number;
  /** Declared targets that could be measured now (a quality run on 0 records or older than the freshness window measures none). */
  readonly measuredTargets: number;
  /** True when the verdict is `met`, false when `missed`, null when `unknown`. */
  readonly met: boolean | null;
}

/** SLA verdicts: an unmeasured target makes the verdict `unknown`, never `met`. */
export const SLA_VERDICTS = ['met', 'missed', 'unknown'] as const;
/** An SLA verdict. */
export type SlaVerdict = (typeof SLA_VERDICTS)[number];

/** The outcome of a quality run. */
export const QUALITY_VERDICTS = ['pass', 'fail', 'no_data'] as const;
/** A quality run's overall verdict. */
export type QualityVerdict = (typeof QUALITY_VERDICTS)[number];

/** A quality report driven by the product's contract, as stored in the run history. */
export interface QualityReport {
  /** The stored run's id (0 when the run was not stored). */
  readonly runId: number;
  readonly productId: string;
  readonly version: string;
  /** ISO time the checks ran. */
  readonly checkedAt: string;
  readonly totalRecords: number;
  readonly completeness: {
    readonly items: readonly CompletenessItem[];
    /** Percentage of required values present over all required fields. */
    readonly overall: number | null;
    readonly target: number;
    readonly passed: boolean | null;
  };
  /** Null when the product has no primary key. */
  readonly uniqueness: UniquenessItem | null;
  readonly validity: {
    readonly items: readonly ValidityItem[];
    /** Records passing every check. */
    readonly validRecords: number;
    /** False when format or pattern checks failed: `validRecords` is then a lower bound (failures may overlap). */
    readonly validRecordsExact: boolean;
    /** Percentage of records passing every check (the SLA's accuracy). */
    readonly accuracy: number | null;
    readonly target: number;
    readonly passed: boolean | null;
  };
  /** Checks declared in the published ODCS contract that the spec does not hold (runs stored before them: none). */
  readonly contractChecks: ContractChecksResult;
  readonly sla: SlaStatus;
  readonly qualityLevel: {
    /** The level set by hand in the descriptor. */
    readonly declared: QualityLevel;
    /** The level the results earn under the rules. */
    readonly derived: QualityLevel;
    readonly rules: QualityLevelRules;
    /** Whether the rules come from the contract or the platform default. */
    readonly rulesSource: 'contract' | 'default';
    readonly unmet: Readonly<Partial<Record<EarnedQualityLevel, readonly string[]>>>;
  };
  readonly verdict: QualityVerdict;
  /** Every item that missed its target, as sentences. */
  readonly failures: readonly string[];
}

/** Options for a quality run. */
export interface QualityRunOptions {
  /** Keep the run in the history (default true). */
  readonly store?: boolean;
}
