import type { EngineSession, Row } from '../engine/engine.ts';

/** The headline figures of one stored quality run. */
export interface QualityRunSummary {
  /**
   * The run's number among its product's runs: 1, 2, 3… per product, in the order they ran. Stores keep one global
   * `run_id` per row; the number is counted from it, so stores written before runs were numbered per product read
   * the same way.
   */
  readonly runId: number;
  readonly productId: string;
  readonly productVersion: string;
  /** ISO 8601 time the checks ran. */
  readonly checkedAt: string;
  /** `pass`, `fail` or `no_data`. */
  readonly verdict: string;
  readonly totalRecords: number;
  /** Percentages, null when they could not be measured. */
  readonly completeness: number | null;
  readonly validity: number | null;
  readonly uniqueness: number | null;
  /** The quality level the run's results earn. */
  readonly derivedLevel: string;
}

/** What a caller stores; the store assigns `runId`. */
export type NewQualityRun = Omit<QualityRunSummary, 'runId'>;

/** A stored run with its full report, as plain data. */
export interface StoredQualityRun {
  readonly summary: QualityRunSummary;
  readonly report: unknown;
}

const SUMMARY_COLUMNS =
  'run_number, product_id, product_version, checked_at, verdict, total_records, completeness, validity, uniqueness, derived_level';

/** A product's runs (`$1`), each with its per-product number: the runs are numbered in `run_id` order. */
const NUMBERED_RUNS = `(SELECT run_id, product_id, product_version, checked_at, verdict, total_records, completeness, validity,
   uniqueness, derived_level, report, ROW_NUMBER() OVER (ORDER BY run_id) AS run_number
   FROM mw_quality_runs WHERE product_id = $1) AS numbered`;

function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

function toSummary(r: Row): QualityRunSummary {
  return {
    runId: Number(r.run_number),
    productId: String(r.product_id),
    productVersion: String(r.product_version),
    checkedAt: String(r.checked_at),
    verdict: String(r.verdict),
    totalRecords: Number(r.total_records),
    completeness: num(r.completeness),
    validity: num(r.validity),
    uniqueness: num(r.uniqueness),
    derivedLevel: String(r.derived_level),
  };
}

/** Keeps the history of quality runs (in the platform table `mw_quality_runs`). */
export class QualityRunStore {
  /** Stores a run with its report (any JSON-serializable value) and returns its number among its product's runs. */
  async insert(s: EngineSession, run: NewQualityRun, report: unknown): Promise<number> {
    const rows = await s.query(
      `INSERT INTO mw_quality_runs (run_id, product_id, product_version, checked_at, verdict, total_records,
         completeness, validity, uniqueness, derived_level, report)
       VALUES (nextval('mw_quality_runs_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING run_id`,
      [
        run.productId,
        run.productVersion,
        run.checkedAt,
        run.verdict,
        run.totalRecords,
        run.completeness,
        run.validity,
        run.uniqueness,
        run.derivedLevel,
        JSON.stringify(report),
      ],
    );
    const id = rows[0]?.run_id;
    if (id === undefined || id === null) throw new Error('storing a quality run returned no run id');
    const counted = await s.query(
      'SELECT COUNT(*) AS n FROM mw_quality_runs WHERE product_id = $1 AND run_id <= $2',
      [run.productId, Number(id)],
    );
    return Number(counted[0]?.n);
  }

  /** Lists a product's runs, newest first. */
  async list(s: EngineSession, productId: string, limit = 20): Promise<QualityRunSummary[]> {
    const n = Math.max(0, Math.trunc(limit));
    const rows = await s.query(
      `SELECT ${SUMMARY_COLUMNS} FROM ${NUMBERED_RUNS} ORDER BY run_id DESC LIMIT ${n}`,
      [productId],
    );
    return rows.map(toSummary);
  }

  /** Reads one run of a product (by its per-product number) with its report, or undefined. */
  async find(s: EngineSession, productId: string, runId: number): Promise<StoredQualityRun | undefined> {
    const rows = await s.query(
      `SELECT ${SUMMARY_COLUMNS}, report FROM ${NUMBERED_RUNS} WHERE run_number = $2`,
      [productId, runId],
    );
    const row = rows[0];
    return row === undefined
      ? undefined
      : { summary: toSummary(row), report: JSON.parse(String(row.report)) };
  }

  /** Reads a product's most recent run with its report, or undefined when it was never checked. */
  async latest(s: EngineSession, productId: string): Promise<StoredQualityRun | undefined> {
    const rows = await s.query(
      `SELECT ${SUMMARY_COLUMNS}, report FROM ${NUMBERED_RUNS} ORDER BY run_id DESC LIMIT 1`,
      [productId],
    );
    const row = rows[0];
    return row === undefined
      ? undefined
      : { summary: toSummary(row), report: JSON.parse(String(row.report)) };
  }
}
