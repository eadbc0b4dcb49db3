import type { ProductRecord } from '../../catalog/product-registry.ts';
import { QualityRunStore, type QualityRunSummary } from '../../catalog/quality-run-store.ts';
import type { ProductDescriptor } from '../../core/descriptor.ts';
import { MeshError } from '../../core/errors.ts';
import type { Filter } from '../../core/filter/ast.ts';
import { DEFAULT_QUALITY_LEVEL_RULES, deriveQualityLevel } from '../../core/quality-level-rules.ts';
import type { Scalar } from '../../core/schema.ts';
import type { EngineSession, TableColumn } from '../../engine/engine.ts';
import type { MeshContext } from '../mesh-context.ts';
import { loadReadableProduct } from '../product-record.ts';
import { measureContractChecks } from './measure-contract-checks.ts';
import { measureSla } from './measure-sla.ts';
import { measureValidityCheck } from './measure-validity-check.ts';
import { compileContractChecks, type ValidityCheck } from './quality-checks.ts';
import { recordQualityEvents, slaVerdictOf } from './quality-events.ts';
import type {
  CompletenessItem,
  QualityReport,
  QualityRunOptions,
  QualityVerdict,
  UniquenessItem,
  ValidityItem,
} from './quality-report.ts';

/** Most repeated keys and failing-record keys a report lists. */
const EXAMPLES = 10;
/** Repeated keys fetched to count duplicates of a composite key. */
const DUPLICATE_SCAN = 1000;

const runs = new QualityRunStore();

function percent(part: number, total: number): number | null {
  return total === 0 ? null : (part / total) * 100;
}

function meets(rate: number | null, target: number | null): boolean | null {
  return rate === null || target === null ? null : rate >= target;
}

function shown(n: number | null): string {
  return n === null ? 'n/a' : `${Math.round(n * 100) / 100}%`;
}

function columnOf(d: ProductDescriptor, name: string): TableColumn {
  const f = d.schema.fields.find((x) => x.name === name);
  if (f === undefined) throw new Error(`${d.id} has no field ${name}`);
  return { name: f.name, type: f.type, notNull: f.required };
}

async function measureCompleteness(
  s: EngineSession,
  record: ProductRecord,
  total: number,
  target: number,
): Promise<CompletenessItem[]> {
  const d = record.descriptor;
  const fields = d.schema.fields;
  if (fields.length === 0) return [];
  const [row] = await s.aggregate(record.tableName, {
    groupBy: [],
    measures: fields.map((f, i) => ({ fn: 'count', column: columnOf(d, f.name), as: `$c${i}` })),
  });
  return fields.map((f, i) => {
    const present = Number(row?.[`$c${i}`] ?? 0);
    const rate = percent(present, total);
    const fieldTarget = f.required ? target : null;
    return {
      field: f.name,
      required: f.required,
      present,
      missing: total - present,
      rate,
      target: fieldTarget,
      passed: meets(rate, fieldTarget),
    };
  });
}

async function measureUniqueness(
  s: EngineSession,
  record: ProductRecord,
  total: number,
): Promise<UniquenessItem | null> {
  const d = record.descriptor;
  const key = d.schema.primaryKey;
  if (key.length === 0) return null;
  const keyColumns = key.map((k) => columnOf(d, k));
  const groups = await s.aggregate(record.tableName, {
    groupBy: keyColumns,
    measures: [{ fn: 'count', as: '$n' }],
    orderBy: [
      { column: '$n', direction: 'desc' },
      ...key.map((k) => ({ column: k, direction: 'asc' as const })),
    ],
    limit: DUPLICATE_SCAN,
  });
  const repeated = groups.filter((g) => Number(g.$n) > 1);
  let distinct: number;
  const [only] = keyColumns;
  if (keyColumns.length === 1 && only !== undefined) {
    const [row] = await s.aggregate(record.tableName, {
      groupBy: [],
      measures: [{ fn: 'count_distinct', column: only, as: '$d' }],
    });
    distinct = Number(row?.$d ?? 0);
  } else {
    // Without a multi-column COUNT(DISTINCT), count the extra records of the repeated keys fetched.
    distinct = total - repeated.reduce((sum, g) => sum + Number(g.$n) - 1, 0);
  }
  const duplicateRecords = total - distinct;
  const rate = percent(distinct, total);
  return {
    key,
    total,
    distinct,
    duplicateRecords,
    rate,
    target: 100,
    passed: meets(rate, 100),
    duplicates: repeated.slice(0, EXAMPLES).map((g) => {
      const k: Record<string, Scalar> = {};
      for (const name of key) k[name] = g[name] ?? null;
      return { key: k, count: Number(g.$n) };
    }),
  };
}

async function measureValidity(
  s: EngineSession,
  record: ProductRecord,
  checks: readonly ValidityCheck[],
  total: number,
  target: number,
): Promise<ValidityItem[]> {
  const d = record.descriptor;
  const key = d.schema.primaryKey;
  // Keys of failing records help find them, unless the key itself is personal data.
  const showKeys =
    key.length > 0 && key.every((k) => d.schema.fields.find((f) => f.name === k)?.pii !== true);
  const keys = showKeys ? key.map((k) => columnOf(d, k)) : [];
  const items: ValidityItem[] = [];
  for (const check of checks) {
    const m = await measureValidityCheck(s, record.tableName, check, { total, keys, sampleLimit: EXAMPLES });
    const rate = percent(m.valid, total);
    items.push({
      name: check.name,
      kind: check.kind,
      ...(check.field === undefined ? {} : { field: check.field }),
      expression: check.expression,
      description: check.description,
      valid: m.valid,
      invalid: m.invalid,
      rate,
      target,
      passed: meets(rate, target),
      invalidKeys: m.invalidKeys,
    });
  }
  return items;
}

/**
 * Counts the records passing every check: exactly for the filter checks (one query), then, when a format or pattern
 * check fails, takes its failures off as well, which gives a lower bound (a record may fail several checks).
 */
async function countValidRecords(
  s: EngineSession,
  record: ProductRecord,
  checks: readonly ValidityCheck[],
  items: readonly ValidityItem[],
  total: number,
): Promise<{ validRecords: number; exact: boolean }> {
  const filters: Filter[] = [];
  for (const c of checks) if (c.method === 'filter') filters.push(c.filter);
  const passingFilters =
    filters.length === 0 ? total : await s.count(record.tableName, { kind: 'and', items: filters });
  const patternFailures = items
    .filter((item, i) => checks[i]?.method === 'pattern' && item.invalid > 0)
    .reduce((sum, item) => sum + item.invalid, 0);
  return { validRecords: Math.max(0, passingFilters - patternFailures), exact: patternFailures === 0 };
}

function listFailures(report: Omit<QualityReport, 'failures' | 'verdict' | 'runId'>): string[] {
  const out: string[] = [];
  for (const c of report.completeness.items) {
    if (c.passed === false) {
      out.push(
        `completeness of ${c.field} is ${shown(c.rate)}, below the ${c.target}% SLA target (${c.missing} missing)`,
      );
    }
  }
  const u = report.uniqueness;
  if (u?.passed === false) {
    out.push(`key ${u.key.join(', ')} is ${shown(u.rate)} unique: ${u.duplicateRecords} duplicate record(s)`);
  }
  for (const v of report.validity.items) {
    if (v.passed === false) {
      out.push(
        `${v.kind} ${v.name} (${v.expression}) holds for ${shown(v.rate)}, below the ${v.target}% accuracy target (${v.invalid} invalid)`,
      );
    }
  }
  for (const c of report.contractChecks.items) {
    if (c.passed === false && c.severity === 'error') {
      out.push(
        c.measured === null
          ? `contract check ${c.id} (${c.location}) failed: ${c.note ?? 'not measured'}`
          : `contract check ${c.id} (${c.expression}) measured ${Math.round(c.measured * 100) / 100}, expected ${c.expected}`,
      );
    }
  }
  return out;
}

/**
 * Checks a product's stored records against its contract in the engine — completeness per field, key uniqueness,
 * validity of every rule and constraint, and the checks its published ODCS contract declares beyond the spec (row
 * counts, SQL, tolerances) — compares each with the SLA targets, derives the quality level the results earn and
 * keeps the run in the history. The spec's checks and the stored run share one transaction, so they agree; the
 * contract's own checks run just before, each read-only in a transaction of its own.
 * @throws MeshError `not_found` for an unknown product, `conflict` for an archived one.
 * @example const report = await runQualityReport(ctx, 'sales.transactions'); report.verdict // 'pass'
 */
export async function runQualityReport(
  ctx: MeshContext,
  productId: string,
  options: QualityRunOptions = {},
): Promise<QualityReport> {
  // The published contract's own checks run first, each read-only in its own transaction: a failing query in the
  // contract aborts only its own transaction, not the run.
  const measuredRecord = await loadReadableProduct(ctx, productId);
  const contractChecks = await measureContractChecks(ctx, measuredRecord, {
    now: ctx.now(),
    sampleLimit: EXAMPLES,
  });
  return ctx.engine.transaction(async (tx) => {
    const record = await loadReadableProduct(ctx, productId, tx);
    const d = record.descriptor;
    if (d.version !== measuredRecord.descriptor.version) {
      throw new MeshError(
        'conflict',
        `${productId} moved from version ${measuredRecord.descriptor.version} to ${d.version} while its checks ran; run them again`,
      );
    }
    const checks = compileContractChecks(d.schema);
    const completenessTarget = d.sla.completeness ?? 100;
    const accuracyTarget = d.sla.accuracy ?? 100;
    const checkedAt = ctx.now().toISOString();
    const total = await tx.count(record.tableName);
    const completenessItems = await measureCompleteness(tx, record, total, completenessTarget);
    const required = completenessItems.filter((c) => c.required);
    const requiredPresent = required.reduce((sum, c) => sum + c.present, 0);
    const overall = percent(requiredPresent, total * required.length);
    const uniqueness = await measureUniqueness(tx, record, total);
    const validityItems = await measureValidity(tx, record, checks.validity, total, accuracyTarget);
    const { validRecords, exact } = await countValidRecords(
      tx,
      record,
      checks.validity,
      validityItems,
      total,
    );
    const accuracy = percent(validRecords, total);
    const sla = measureSla({
      productId: d.id,
      sla: d.sla,
      lastWriteAt: record.lastWriteAt,
      run: { runId: 0, checkedAt, totalRecords: total, completeness: overall, accuracy },
      now: ctx.now(),
    });
    const rules = d.qualityLevels ?? DEFAULT_QUALITY_LEVEL_RULES;
    const derived = deriveQualityLevel(rules, {
      totalRecords: total,
      completeness: overall,
      validity: accuracy,
      uniqueness: uniqueness?.rate ?? null,
      fresh: sla.freshness.met,
    });
    const body = {
      productId: d.id,
      version: d.version,
      checkedAt,
      totalRecords: total,
      completeness: {
        items: completenessItems,
        overall,
        target: completenessTarget,
        passed: meets(overall, completenessTarget),
      },
      uniqueness,
      validity: {
        items: validityItems,
        validRecords,
        validRecordsExact: exact,
        accuracy,
        target: accuracyTarget,
        passed: meets(accuracy, accuracyTarget),
      },
      contractChecks,
      sla,
      qualityLevel: {
        declared: d.qualityLevel,
        derived: derived.level,
        rules,
        rulesSource: d.qualityLevels === undefined ? ('default' as const) : ('contract' as const),
        unmet: derived.unmet,
      },
    };
    const failures = listFailures(body);
    const verdict: QualityVerdict = total === 0 ? 'no_data' : failures.length > 0 ? 'fail' : 'pass';
    const summary = {
      productId: d.id,
      productVersion: d.version,
      checkedAt,
      verdict,
      totalRecords: total,
      completeness: overall,
      validity: accuracy,
      uniqueness: uniqueness?.rate ?? null,
      derivedLevel: derived.level,
    };
    if (options.store === false) return { runId: 0, ...body, verdict, failures };
    const previous = slaVerdictOf((await runs.latest(tx, d.id))?.report);
    const runId = await runs.insert(tx, summary, { ...body, verdict, failures });
    const report = { runId, ...body, verdict, failures };
    await recordQualityEvents(tx, ctx, d, report, previous);
    return report;
  });
}

/** Lists a product's stored quality runs, newest first (the caller has found the product in the catalog). */
export function listQualityRuns(
  ctx: MeshContext,
  productId: string,
  limit = 20,
): Promise<QualityRunSummary[]> {
  return runs.list(ctx.engine, productId, limit);
}

/**
 * Reads one stored quality run's full report.
 * @throws MeshError `not_found` when the product has no run with this id.
 */
export async function readQualityRun(
  ctx: MeshContext,
  productId: string,
  runId: number,
): Promise<QualityReport> {
  const found = await runs.find(ctx.engine, productId, runId);
  if (!found) {
    throw new MeshError(
      'not_found',
      `product ${productId} has no quality run ${runId}; list its runs with \`meshwork quality ${productId} --history\``,
    );
  }
  const report = found.report as Omit<QualityReport, 'runId' | 'contractChecks'> & {
    contractChecks?: QualityReport['contractChecks'];
  };
  // Runs stored before contract-level checks existed have none.
  return {
    ...report,
    contractChecks: report.contractChecks ?? { contract: null, items: [], passed: null },
    runId: found.summary.runId,
  };
}

/**
 * Measures a product's SLA now: freshness from its last successful write, completeness and accuracy from its latest
 * stored quality run.
 * @throws MeshError `not_found` for an unknown product.
 */
export async function measureProductSla(
  ctx: MeshContext,
  productId: string,
): Promise<ReturnType<typeof measureSla>> {
  const record = await ctx.registry.find(ctx.engine, productId);
  if (!record) throw new MeshError('not_found', `product ${productId} is not in the catalog`);
  // The summary alone: a stored report can be large (it lists the keys of failing records).
  const [latest] = await runs.list(ctx.engine, productId, 1);
  return measureSla({
    productId,
    sla: record.descriptor.sla,
    lastWriteAt: record.lastWriteAt,
    run:
      latest === undefined
        ? null
        : {
            runId: latest.runId,
            checkedAt: latest.checkedAt,
            totalRecords: latest.totalRecords,
            completeness: latest.completeness,
            accuracy: latest.validity,
          },
    now: ctx.now(),
  });
}
