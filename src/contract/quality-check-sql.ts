import { MeshError } from '../core/errors.ts';
import type { Scalar } from '../core/schema.ts';
import { type BoundSql, bindSql } from '../core/bound-sql.ts';
import type { QualityCheck } from './quality-check.ts';
import { meetsThreshold } from './quality-threshold.ts';

/** A parameterized SQL statement (`$1`, `$2`, … placeholders, accepted by DuckDB and PostgreSQL). */
export interface SqlQuery {
  readonly sql: string;
  readonly params: readonly Scalar[];
}

/** The SQL of one quality check: a query returning one row `{ total, failing }` and one listing failing keys. */
export interface QualityCheckQuery extends SqlQuery {
  /** Lists the key values of up to `sampleLimit` failing rows; absent for whole-table checks. */
  readonly samples?: SqlQuery;
  /** True when the SQL embeds a query written in the contract itself: run it read-only. */
  readonly fromContract: boolean;
}

/** Options for {@link qualityCheckSql}. */
export interface QualityCheckSqlOptions {
  /** The time freshness is measured against (default: now). */
  readonly now?: Date;
  /** How many failing keys the sample query returns (default 10). */
  readonly sampleLimit?: number;
}

/** Counts are cast to DOUBLE PRECISION so that both engines hand them back as plain numbers, not bigints. */
const num = (expr: string): string => `CAST(${expr} AS DOUBLE PRECISION)`;

class Params {
  readonly values: Scalar[] = [];
  add(value: Scalar, cast?: string): string {
    this.values.push(value);
    const ref = `$${this.values.length}`;
    return cast === undefined ? ref : `CAST(${ref} AS ${cast})`;
  }
}

/**
 * Builds generic SQL (accepted by DuckDB and PostgreSQL) that measures a quality check on a table: one row with
 * `total` (rows in the table) and `failing` (rows breaking the check, or the SQL result for `sql` checks), plus a
 * query for sample failing keys. Identifiers only go through `quoteIdent`; values only travel as parameters.
 * Returns undefined for checks SQL cannot measure here: `rule` (compile its filter with the engine), `custom`,
 * `freshness` without a timestamp field, and `sql`: a query written in the contract runs only once the user-SQL guard
 * has read its parse tree (`product/quality/contract-sql-check.ts`), which then wraps it with {@link contractCheckQuery}.
 * @example qualityCheckSql(check, 'sales_transactions_v1', (n) => `"${n.replaceAll('"', '""')}"`)
 */
export function qualityCheckSql(
  check: QualityCheck,
  table: string,
  quoteIdent: (name: string) => string,
  options: QualityCheckSqlOptions = {},
): QualityCheckQuery | undefined {
  const t = quoteIdent(table);
  const limit = Math.max(1, Math.floor(options.sampleLimit ?? 10));
  const keys = (
    check.sampleKeys.length > 0
      ? check.sampleKeys
      : 'field' in check && check.field !== undefined
        ? [check.field]
        : []
  ).map(quoteIdent);
  const byPredicate = (predicate: string, params: Params): QualityCheckQuery => {
    const sql = `SELECT ${num('COUNT(*)')} AS total, ${num(`COALESCE(SUM(CASE WHEN ${predicate} THEN 1 ELSE 0 END), 0)`)} AS failing FROM ${t}`;
    const samples =
      keys.length === 0
        ? undefined
        : {
            sql: `SELECT ${keys.join(', ')} FROM ${t} WHERE ${predicate} LIMIT ${limit}`,
            params: params.values,
          };
    return samples === undefined
      ? { sql, params: params.values, fromContract: false }
      : { sql, params: params.values, samples, fromContract: false };
  };
  const p = new Params();
  switch (check.kind) {
    case 'not_null': {
      const c = quoteIdent(check.field);
      const missing = (check.missingValues ?? []).filter((v) => v !== null);
      const extra = missing.length === 0 ? '' : ` OR ${c} IN (${missing.map((v) => p.add(v)).join(', ')})`;
      return byPredicate(`(${c} IS NULL${extra})`, p);
    }
    case 'allowed_values': {
      const c = quoteIdent(check.field);
      const values = check.values.filter((v) => v !== null);
      if (values.length === 0) return byPredicate(`${c} IS NOT NULL`, p);
      return byPredicate(`(${c} IS NOT NULL AND ${c} NOT IN (${values.map((v) => p.add(v)).join(', ')}))`, p);
    }
    case 'range': {
      const c = quoteIdent(check.field);
      const cast =
        check.valueType === 'date'
          ? 'DATE'
          : check.valueType === 'timestamp'
            ? 'TIMESTAMP'
            : 'DOUBLE PRECISION';
      const parts: string[] = [];
      if (check.minimum !== undefined) parts.push(`${c} < ${p.add(check.minimum, cast)}`);
      if (check.maximum !== undefined) parts.push(`${c} > ${p.add(check.maximum, cast)}`);
      if (check.exclusiveMinimum !== undefined) parts.push(`${c} <= ${p.add(check.exclusiveMinimum, cast)}`);
      if (check.exclusiveMaximum !== undefined) parts.push(`${c} >= ${p.add(check.exclusiveMaximum, cast)}`);
      return byPredicate(parts.length === 0 ? '1 = 0' : `(${c} IS NOT NULL AND (${parts.join(' OR ')}))`, p);
    }
    case 'pattern': {
      const c = quoteIdent(check.field);
      // `~` is a full match in DuckDB and a partial one in PostgreSQL: anchoring makes both mean "the whole value".
      return byPredicate(
        `(${c} IS NOT NULL AND NOT (CAST(${c} AS VARCHAR) ~ ${p.add(`^(?:${check.pattern})$`)}))`,
        p,
      );
    }
    case 'length': {
      const c = quoteIdent(check.field);
      const parts: string[] = [];
      if (check.minLength !== undefined) parts.push(`LENGTH(${c}) < ${p.add(check.minLength, 'INTEGER')}`);
      if (check.maxLength !== undefined) parts.push(`LENGTH(${c}) > ${p.add(check.maxLength, 'INTEGER')}`);
      return byPredicate(parts.length === 0 ? '1 = 0' : `(${c} IS NOT NULL AND (${parts.join(' OR ')}))`, p);
    }
    case 'unique': {
      const cols = check.fields.map(quoteIdent);
      const notNull = cols.map((c) => `${c} IS NOT NULL`).join(' AND ');
      const groups = `SELECT ${cols.join(', ')}, COUNT(*) AS n FROM ${t} WHERE ${notNull} GROUP BY ${cols.join(', ')} HAVING COUNT(*) > 1`;
      return {
        sql: `SELECT ${num(`(SELECT COUNT(*) FROM ${t})`)} AS total, ${num(`COALESCE((SELECT SUM(d.n - 1) FROM (${groups}) AS d), 0)`)} AS failing`,
        params: [],
        samples: { sql: `SELECT ${cols.join(', ')} FROM (${groups}) AS d LIMIT ${limit}`, params: [] },
        fromContract: false,
      };
    }
    case 'row_count':
      return {
        sql: `SELECT ${num('COUNT(*)')} AS total, ${num('0')} AS failing FROM ${t}`,
        params: [],
        fromContract: false,
      };
    case 'freshness': {
      if (check.field === undefined) return undefined;
      const now = options.now ?? new Date();
      const cutoff = new Date(now.getTime() - check.maxAgeMinutes * 60_000)
        .toISOString()
        .replace('T', ' ')
        .replace('Z', '');
      const c = quoteIdent(check.field);
      return {
        sql: `SELECT ${num('COUNT(*)')} AS total, CASE WHEN MAX(${c}) >= ${p.add(cutoff, 'TIMESTAMP')} THEN ${num('0')} ELSE ${num('1')} END AS failing FROM ${t}`,
        params: p.values,
        fromContract: false,
      };
    }
    case 'sql':
    case 'rule':
    case 'custom':
      return undefined;
  }
}

/** `${table}`, `{table}` and the like, `${column}`, `{column}` and the like, as ODCS quality queries write them. */
const QUALITY_PLACEHOLDER = /\$?\{(table|object|model|column|property|field)\}/g;
const TABLE_PLACEHOLDERS = new Set(['table', 'object', 'model']);

/**
 * Puts the product's table (already quoted) and the checked column (already quoted) in place of a contract quality
 * query's placeholders (`${table}`, `{table}`, `${object}`, `${model}`; `${column}`, `{column}`, `${property}`,
 * `${field}`). Binding only: the result must pass the user-SQL guard before it runs.
 * @throws MeshError `invalid_input` when the query names a column placeholder but the check is on no column.
 */
export function bindQualitySql(
  query: string,
  target: { readonly table: string; readonly column?: string },
  checkId = 'sql',
): BoundSql {
  return bindSql(query, QUALITY_PLACEHOLDER, (m) => {
    const name = m[1] ?? '';
    if (TABLE_PLACEHOLDERS.has(name)) return target.table;
    if (target.column === undefined) {
      throw new MeshError(
        'invalid_input',
        `quality check ${checkId} names a column (${m[0]}) but is declared on the whole object; move it under the property it checks, or name the column`,
        { details: { checkId, placeholder: m[0] } },
      );
    }
    return target.column;
  });
}

/**
 * Wraps a contract's quality query, once the user-SQL guard has allowed it, into the `{ total, failing }` row every
 * check returns. The newline ends a trailing `--` comment of the query.
 */
export function contractCheckQuery(allowedSql: string, table: string): QualityCheckQuery {
  return {
    sql: `SELECT ${num(`(SELECT COUNT(*) FROM ${table})`)} AS total, ${num(`(${allowedSql}\n)`)} AS failing`,
    params: [],
    fromContract: true,
  };
}

/** The outcome of a quality check run. */
export interface QualityCheckOutcome {
  readonly passed: boolean;
  /** The value compared with the threshold: failing rows, their percentage, the row count or the SQL result. */
  readonly measured: number;
}

/** Compares the counts a check's query returned with its threshold. */
export function evaluateQualityCheck(
  check: QualityCheck,
  counts: { readonly total: number; readonly failing: number },
): QualityCheckOutcome {
  const total = Number(counts.total);
  const failing = Number(counts.failing);
  let measured: number;
  if (check.kind === 'row_count') measured = total;
  else if (check.kind === 'sql') measured = failing;
  else if (check.unit === 'percent') measured = total === 0 ? 0 : (failing / total) * 100;
  else measured = failing;
  return { passed: meetsThreshold(measured, check.threshold), measured };
}
