import { ProductDocumentStore } from '../../catalog/product-document-store.ts';
import type { ProductRecord } from '../../catalog/product-registry.ts';
import { compileContractLevelChecks } from '../../contract/compile-quality-checks.ts';
import { publishedContract } from '../../contract/published-document.ts';
import { describeQualityCheck, measuredQuantity, type QualityCheck } from '../../contract/quality-check.ts';
import {
  evaluateQualityCheck,
  type QualityCheckQuery,
  qualityCheckSql,
} from '../../contract/quality-check-sql.ts';
import { formatThreshold } from '../../contract/quality-threshold.ts';
import type { ContractDocument } from '../../contract/source-document.ts';
import { MeshError } from '../../core/errors.ts';
import type { Scalar } from '../../core/schema.ts';
import type { Engine, EngineSession, Row } from '../../engine/engine.ts';
import { quoteAnsiIdent } from '../../engine/sql/sql-dialect.ts';
import type { MeshContext } from '../mesh-context.ts';
import { userSqlDeadline } from '../user-sql-deadline.ts';
import { guardContractSql } from './contract-sql-check.ts';
import type { ContractCheckItem, ContractChecksResult } from './quality-report.ts';

const documents = new ProductDocumentStore();

/** Options for {@link measureContractChecks}. */
export interface MeasureContractChecksOptions {
  /** The time freshness is measured against. */
  readonly now: Date;
  /** Failing-record keys listed per check. */
  readonly sampleLimit: number;
}

/** Carries a read-only run's result out of the transaction it rolls back. */
class RolledBack extends Error {
  readonly value: unknown;
  constructor(value: unknown) {
    super('a read-only run is rolled back on purpose');
    this.value = value;
  }
}

/**
 * Runs `fn` in a transaction that is always rolled back: nothing it did stays, and a failing statement (which aborts
 * the transaction on both engines) cannot spoil the caller's own transaction.
 */
async function readOnly<T>(
  engine: Engine,
  fn: (s: EngineSession) => Promise<T>,
  timeoutMs: number | undefined,
): Promise<T> {
  const deadline = userSqlDeadline(timeoutMs);
  try {
    await engine.transaction(
      async (tx) => {
        throw new RolledBack(await fn(tx));
      },
      { ...deadline.options, readOnly: true },
    );
  } catch (error) {
    if (error instanceof RolledBack) return error.value as T;
    throw error;
  } finally {
    deadline.done();
  }
  throw new Error('a read-only run returned without rolling back');
}

/** A statement stopped by a limit (the time limit for user SQL, the engine's memory limit): the check's own failure. */
function stoppedByLimit(error: MeshError): boolean {
  const reason = error.details?.reason;
  return error.code === 'storage_unavailable' && (reason === 'interrupted' || reason === 'memory_limit');
}

function locate(doc: ContractDocument, path: string | undefined): string {
  if (path === undefined) return doc.file;
  const keys = path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  const node = doc.yaml.getIn(keys, true) as { range?: [number, number, number] } | undefined;
  const offset = node?.range?.[0];
  return offset === undefined ? doc.file : `${doc.file}:${doc.lineCounter.linePos(offset).line}`;
}

/** The columns a check reads, to find names the product does not have before any SQL runs. */
function columnsOf(check: QualityCheck): string[] {
  if (check.kind === 'unique') return [...check.fields];
  return 'field' in check && check.field !== undefined ? [check.field] : [];
}

/** The columns failing records are listed by: the checked fields of a uniqueness check, else the sample keys. */
function sampleColumns(check: QualityCheck): readonly string[] {
  if (check.kind === 'unique') return check.fields;
  if (check.sampleKeys.length > 0) return check.sampleKeys;
  return 'field' in check && check.field !== undefined ? [check.field] : [];
}

function sortRows(rows: Row[], columns: readonly string[]): Row[] {
  const text = (r: Row) => JSON.stringify(columns.map((c) => r[c] ?? null));
  return rows.sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}

interface Measured {
  readonly total: number;
  readonly value: number | null;
  readonly failingKeys: Readonly<Record<string, Scalar>>[];
  readonly passed: boolean | null;
}

async function runCheck(
  engine: Engine,
  check: QualityCheck,
  query: QualityCheckQuery,
  showSamples: boolean,
  timeoutMs: number | undefined,
): Promise<Measured> {
  return readOnly(
    engine,
    async (tx) => {
      const [row] = await tx.query(query.sql, query.params);
      const total = Number(row?.total ?? 0);
      if (row?.failing === null || row?.failing === undefined) {
        return { total, value: null, failingKeys: [], passed: null };
      }
      const failing = Number(row.failing);
      const outcome = evaluateQualityCheck(check, { total, failing });
      const failingKeys =
        !outcome.passed && failing > 0 && showSamples && query.samples !== undefined
          ? sortRows(await tx.query(query.samples.sql, query.samples.params), sampleColumns(check))
          : [];
      return { total, value: failing, failingKeys, passed: outcome.passed };
    },
    timeoutMs,
  );
}

/**
 * Runs the quality checks a product version's stored ODCS contract declares beyond what its spec holds (see
 * `compileContractLevelChecks`) as SQL on the product's table. Each check runs read-only in its own transaction,
 * so that one failing query is reported on its check and the rest still run; SQL written in the contract may read
 * only the product's own table. Checks of other engines are listed as not run.
 * @example const result = await measureContractChecks(ctx, record, { now: new Date(), sampleLimit: 10 })
 */
export async function measureContractChecks(
  ctx: MeshContext,
  record: ProductRecord,
  options: MeasureContractChecksOptions,
): Promise<ContractChecksResult> {
  const d = record.descriptor;
  const contract = publishedContract(await documents.list(ctx.engine, d.id, d.version));
  if (contract === undefined) return { contract: null, items: [], passed: null };
  const fields = new Map(d.schema.fields.map((f) => [f.name, f]));
  const items: ContractCheckItem[] = [];
  for (const check of compileContractLevelChecks(contract)) {
    const base = {
      id: check.id,
      kind: check.kind,
      severity: check.severity,
      ...(check.dimension === undefined ? {} : { dimension: check.dimension }),
      ...(check.description === undefined ? {} : { description: check.description }),
      ...('field' in check && check.field !== undefined ? { field: check.field } : {}),
      location: locate(contract, check.path),
      expression: describeQualityCheck(check),
      expected: `${measuredQuantity(check)} ${formatThreshold(check.threshold)}`,
      threshold: check.threshold,
      unit: check.unit,
    };
    const notRun = (passed: boolean | null, note: string): ContractCheckItem => ({
      ...base,
      measured: null,
      failing: null,
      passed,
      failingKeys: [],
      note,
    });
    if (check.kind === 'custom') {
      items.push(
        notRun(
          null,
          check.engine === 'odcs'
            ? 'an invalidValues check without validValues or a pattern: nothing Meshwork can measure'
            : `runs on the ${check.engine} engine, which Meshwork does not run`,
        ),
      );
      continue;
    }
    const unknown = columnsOf(check).filter((c) => !fields.has(c));
    if (unknown.length > 0) {
      items.push(notRun(false, `names ${unknown.join(', ')}, which ${d.id} does not have`));
      continue;
    }
    let query: QualityCheckQuery | undefined;
    try {
      query =
        check.kind === 'sql'
          ? await guardContractSql(ctx.engine, check, record.tableName, d.id)
          : qualityCheckSql(check, record.tableName, quoteAnsiIdent, options);
    } catch (error) {
      if (!(error instanceof MeshError)) throw error;
      items.push(notRun(false, error.message));
      continue;
    }
    if (query === undefined) {
      items.push(notRun(null, 'Meshwork cannot measure this check in SQL'));
      continue;
    }
    // Keys of failing records help find them, unless they are personal data.
    const showSamples = sampleColumns(check).every((c) => fields.get(c)?.pii !== true);
    let m: Measured;
    try {
      m = await runCheck(ctx.engine, check, query, showSamples, ctx.userSqlTimeoutMs);
    } catch (error) {
      if (!(error instanceof MeshError)) throw error;
      if (stoppedByLimit(error)) {
        items.push(
          notRun(false, `the check's query was stopped: ${error.message.replace(/^running a query: /, '')}`),
        );
        continue;
      }
      if (error.code === 'storage_unavailable') throw error;
      items.push(
        notRun(false, `the check's query failed: ${error.message.replace(/^running a query: /, '')}`),
      );
      continue;
    }
    const wholeTable = check.kind === 'row_count' || check.kind === 'sql';
    const measured =
      m.value === null ? null : evaluateQualityCheck(check, { total: m.total, failing: m.value }).measured;
    items.push({
      ...base,
      measured,
      failing: wholeTable ? null : m.value,
      passed: m.passed,
      failingKeys: m.failingKeys,
      ...(m.value === null ? { note: 'the query returned no value (NULL)' } : {}),
    });
  }
  const failed = items.some((i) => i.passed === false && i.severity === 'error');
  const ran = items.some((i) => i.passed !== null);
  return { contract: contract.file, items, passed: failed ? false : ran ? true : null };
}
