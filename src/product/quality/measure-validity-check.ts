import type { QualityCheck } from '../../contract/quality-check.ts';
import { qualityCheckSql } from '../../contract/quality-check-sql.ts';
import { ZERO_FAILURES } from '../../contract/quality-threshold.ts';
import type { Scalar } from '../../core/schema.ts';
import type { EngineSession, TableColumn } from '../../engine/engine.ts';
import { quoteAnsiIdent } from '../../engine/sql/sql-dialect.ts';
import type { ValidityCheck } from './quality-checks.ts';

/** How many records pass one validity check, and the keys of a few that do not. */
export interface CheckMeasurement {
  readonly valid: number;
  readonly invalid: number;
  readonly invalidKeys: readonly Readonly<Record<string, Scalar>>[];
}

/** What {@link measureValidityCheck} needs besides the check. */
export interface MeasureCheckOptions {
  /** Records in the table. */
  readonly total: number;
  /** Key columns to list failing records by; empty to list none (e.g. when the key is personal data). */
  readonly keys: readonly TableColumn[];
  readonly sampleLimit: number;
}

function sortByKeys(rows: Record<string, Scalar>[], keys: readonly TableColumn[]): Record<string, Scalar>[] {
  const text = (r: Record<string, Scalar>) => JSON.stringify(keys.map((k) => r[k.name] ?? null));
  return rows.sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}

/**
 * Counts the records passing one validity check in the engine: filters through the engine's filter compiler (only a
 * check that holds counts as passed, as at ingest), formats and patterns through the SQL the contract module builds
 * for pattern checks (a missing value is a completeness matter and passes).
 */
export async function measureValidityCheck(
  s: EngineSession,
  table: string,
  check: ValidityCheck,
  options: MeasureCheckOptions,
): Promise<CheckMeasurement> {
  const { total, keys, sampleLimit } = options;
  if (check.method === 'filter') {
    const valid = await s.count(table, check.filter);
    const invalidKeys =
      valid < total && keys.length > 0
        ? await s.select(table, {
            columns: keys,
            where: { kind: 'not', item: check.filter },
            orderBy: keys.map((k) => ({ column: k.name, direction: 'asc' as const })),
            limit: sampleLimit,
          })
        : [];
    return { valid, invalid: total - valid, invalidKeys };
  }
  const pattern: QualityCheck = {
    kind: 'pattern',
    id: check.name,
    field: check.field,
    pattern: check.pattern,
    ...(check.format === undefined ? {} : { format: check.format }),
    threshold: ZERO_FAILURES,
    unit: 'rows',
    severity: 'error',
    origin: 'implied',
    sampleKeys: keys.map((k) => k.name),
  };
  const query = qualityCheckSql(pattern, table, quoteAnsiIdent, { sampleLimit });
  if (query === undefined)
    throw new Error(`the contract module built no SQL for the pattern check ${check.name}`);
  const [row] = await s.query(query.sql, query.params);
  const invalid = Number(row?.failing ?? 0);
  const invalidKeys =
    invalid > 0 && keys.length > 0 && query.samples !== undefined
      ? sortByKeys(await s.query(query.samples.sql, query.samples.params), keys)
      : [];
  return { valid: total - invalid, invalid, invalidKeys };
}
