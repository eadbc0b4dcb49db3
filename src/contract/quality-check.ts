import type { ProductSpec } from '../core/descriptor.ts';
import type { FieldType, StringFormat } from '../core/field-type.ts';
import type { Scalar } from '../core/schema.ts';
import type { QualityThreshold } from './quality-threshold.ts';

/** The kinds of quality check Meshwork models, from ODCS `quality` entries and from a spec's constraints. */
export const QUALITY_CHECK_KINDS = [
  'not_null',
  'unique',
  'allowed_values',
  'range',
  'pattern',
  'length',
  'row_count',
  'freshness',
  'rule',
  'sql',
  'custom',
] as const;

/** A quality check kind. */
export type QualityCheckKind = (typeof QUALITY_CHECK_KINDS)[number];

/** How bad a failing check is (from ODCS `severity`; `error` when not given). */
export type QualitySeverity = 'error' | 'warning' | 'info';

/** What every quality check has. */
export interface QualityCheckBase {
  /** Stable id: the ODCS entry's `id` or `name`, else `kind:field`. */
  readonly id: string;
  /** The bound on the measured value: failing rows (or their percentage), the row count, or the SQL result. */
  readonly threshold: QualityThreshold;
  /** Whether the threshold counts failing rows or their percentage of all rows. */
  readonly unit: 'rows' | 'percent';
  readonly severity: QualitySeverity;
  /** `declared` in the contract's quality section, or `implied` by a field constraint, the key, a rule or the SLA. */
  readonly origin: 'declared' | 'implied';
  /** Where a declared check stands in the contract, as a dotted path such as `schema.0.properties.2.quality.0`. */
  readonly path?: string;
  /** Fields that identify a row in samples of failing rows (the primary key, else the checked fields). */
  readonly sampleKeys: readonly string[];
  readonly description?: string;
  /** The ODCS data-quality dimension, e.g. `completeness`. */
  readonly dimension?: string;
}

/** A quality check as engine-neutral data; {@link qualityCheckSql} turns most kinds into SQL. */
export type QualityCheck =
  | (QualityCheckBase & {
      readonly kind: 'not_null';
      readonly field: string;
      /** Non-null values that also count as missing (ODCS `missingValues`). */
      readonly missingValues?: readonly Scalar[];
    })
  | (QualityCheckBase & { readonly kind: 'unique'; readonly fields: readonly string[] })
  | (QualityCheckBase & {
      readonly kind: 'allowed_values';
      readonly field: string;
      readonly values: readonly Scalar[];
    })
  | (QualityCheckBase & {
      readonly kind: 'range';
      readonly field: string;
      readonly valueType: FieldType;
      readonly minimum?: number;
      readonly maximum?: number;
      readonly exclusiveMinimum?: number;
      readonly exclusiveMaximum?: number;
    })
  | (QualityCheckBase & {
      readonly kind: 'pattern';
      readonly field: string;
      /** An ECMAScript regular expression the whole value must match. */
      readonly pattern: string;
      readonly format?: StringFormat;
    })
  | (QualityCheckBase & {
      readonly kind: 'length';
      readonly field: string;
      readonly minLength?: number;
      readonly maxLength?: number;
    })
  | (QualityCheckBase & { readonly kind: 'row_count' })
  | (QualityCheckBase & {
      readonly kind: 'freshness';
      /** The timestamp field the age is measured on; without it the engine's last write time is used. */
      readonly field?: string;
      readonly maxAgeMinutes: number;
    })
  | (QualityCheckBase & {
      readonly kind: 'rule';
      readonly name: string;
      /** A filter expression every record satisfies; compile it with the engine's filter compiler. */
      readonly check: string;
    })
  | (QualityCheckBase & {
      readonly kind: 'sql';
      /** The contract's own SQL returning one number (placeholders `${table}`, `${column}` allowed). */
      readonly query: string;
      /** The schema object name the query was written against (replaced by the real table). */
      readonly object?: string;
      readonly field?: string;
    })
  | (QualityCheckBase & {
      readonly kind: 'custom';
      readonly engine: string;
      readonly implementation: unknown;
      readonly field?: string;
    });

/** Named string formats as regular expressions, for pattern checks. */
export const FORMAT_PATTERNS: Readonly<Record<StringFormat, string>> = {
  email: '[^@\\s]+@[^@\\s]+\\.[^@\\s]+',
  uri: '[A-Za-z][A-Za-z0-9+.-]*:[^\\s]*',
  uuid: '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}',
  date: '[0-9]{4}-[0-9]{2}-[0-9]{2}',
  'date-time':
    '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?',
};

/** Tells whether a value looks like a {@link ProductSpec} (rather than an ODCS document). */
export function isProductSpec(value: unknown): value is ProductSpec {
  if (typeof value !== 'object' || value === null) return false;
  const schema = (value as { schema?: unknown }).schema;
  return (
    typeof schema === 'object' && schema !== null && Array.isArray((schema as { fields?: unknown }).fields)
  );
}

function listed(values: readonly Scalar[]): string {
  return values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ');
}

/** Says what a check requires of each record (or of the table), e.g. `amount between 0 and 100` or `row count`. */
export function describeQualityCheck(check: QualityCheck): string {
  switch (check.kind) {
    case 'not_null':
      return check.missingValues === undefined || check.missingValues.length === 0
        ? `${check.field} is not null`
        : `${check.field} is not null nor one of ${listed(check.missingValues)}`;
    case 'unique':
      return `${check.fields.join(', ')} ${check.fields.length > 1 ? 'are' : 'is'} unique`;
    case 'allowed_values':
      return `${check.field} in (${listed(check.values)})`;
    case 'range': {
      const parts: string[] = [];
      if (check.minimum !== undefined) parts.push(`>= ${check.minimum}`);
      if (check.exclusiveMinimum !== undefined) parts.push(`> ${check.exclusiveMinimum}`);
      if (check.maximum !== undefined) parts.push(`<= ${check.maximum}`);
      if (check.exclusiveMaximum !== undefined) parts.push(`< ${check.exclusiveMaximum}`);
      return `${check.field} ${parts.join(' and ')}`;
    }
    case 'pattern':
      return check.format === undefined
        ? `${check.field} matches /${check.pattern}/`
        : `${check.field} is a valid ${check.format}`;
    case 'length': {
      const parts: string[] = [];
      if (check.minLength !== undefined) parts.push(`>= ${check.minLength}`);
      if (check.maxLength !== undefined) parts.push(`<= ${check.maxLength}`);
      return `length(${check.field}) ${parts.join(' and ')}`;
    }
    case 'row_count':
      return 'row count';
    case 'freshness':
      return `newest ${check.field ?? 'write'} at most ${check.maxAgeMinutes} min old`;
    case 'rule':
      return check.check;
    case 'sql':
      return check.query.replace(/\s+/g, ' ').trim();
    case 'custom':
      return `${check.engine} check${check.field === undefined ? '' : ` on ${check.field}`}`;
  }
}

/** Names the value a check's threshold applies to: failing rows, their percentage, the row count or the query's result. */
export function measuredQuantity(check: QualityCheck): string {
  if (check.kind === 'row_count') return 'row count';
  if (check.kind === 'sql') return 'query result';
  if (check.kind === 'freshness') return 'stale';
  return check.unit === 'percent' ? '% failing' : 'failing rows';
}
