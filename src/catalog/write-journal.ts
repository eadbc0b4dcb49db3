import type { EngineSession, Row } from '../engine/engine.ts';

/** States of an ingest run: under way, finished (whether or not every record was accepted), stopped by an error, or cut short by the process ending. */
export const INGEST_RUN_STATES = ['running', 'finished', 'failed', 'interrupted'] as const;
/** The state of an ingest run. */
export type IngestRunState = (typeof INGEST_RUN_STATES)[number];

/** One committed ingest batch, as journaled in the batch's own transaction. */
export interface JournaledBatch {
  readonly runId: string;
  /** 1, 2, 3 … within the run. */
  readonly batch: number;
  readonly productId: string;
  readonly productVersion: string;
  readonly at: string;
  readonly actor: string;
  readonly principal: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Rows the batch stored. */
  readonly rowsAffected: number;
}

/** An ingest run and what it committed. */
export interface IngestRun {
  readonly runId: string;
  readonly productId: string;
  readonly productVersion: string;
  readonly actor: string;
  readonly startedAt: string;
  readonly state: IngestRunState;
  readonly finishedAt: string | null;
  /** Batches committed by the run. */
  readonly batches: number;
  /** Rows committed by the run. */
  readonly rowsCommitted: number;
}

function toBatch(r: Row): JournaledBatch {
  return {
    runId: String(r.run_id),
    batch: Number(r.batch),
    productId: String(r.product_id),
    productVersion: String(r.product_version),
    at: String(r.occurred_at),
    actor: String(r.actor),
    principal: String(r.principal),
    parameters: JSON.parse(String(r.parameters)) as Record<string, unknown>,
    rowsAffected: Number(r.rows_affected),
  };
}

function toRun(r: Row): IngestRun {
  return {
    runId: String(r.run_id),
    productId: String(r.product_id),
    productVersion: String(r.product_version),
    actor: String(r.actor),
    startedAt: String(r.started_at),
    state: String(r.state) as IngestRunState,
    finishedAt: r.finished_at === null ? null : String(r.finished_at),
    batches: Number(r.batches ?? 0),
    rowsCommitted: Number(r.rows_committed ?? 0),
  };
}

/**
 * The write journal (`mw_write_journal`, `mw_ingest_runs`): the trail of every committed ingest batch, written by an
 * INSERT inside the batch's own transaction, so that no batch is ever committed without it. Insert-only on purpose:
 * the ingest pipeline begins the next batch's transaction before this one commits, and DuckDB refuses an UPDATE of
 * a row another transaction's commit changed, so the audit chain's head (one row, updated by every append) cannot be
 * touched in the batch's transaction. Each journal row is then chained into the access log and the audit log
 * right after its commit ({@link WriteJournal.markChained} in the same transaction as those entries), or, after a
 * crash, when the store is next opened.
 */
export class WriteJournal {
  /** Records the start of an ingest run (state `running`). */
  async startRun(
    s: EngineSession,
    run: Omit<IngestRun, 'state' | 'finishedAt' | 'batches' | 'rowsCommitted'>,
  ): Promise<void> {
    await s.execute(
      `INSERT INTO mw_ingest_runs (run_id, product_id, product_version, actor, started_at, state)
       VALUES ($1, $2, $3, $4, $5, 'running')`,
      [run.runId, run.productId, run.productVersion, run.actor, run.startedAt],
    );
  }

  /** Journals one batch; call it inside the transaction that commits the batch's rows. */
  async record(s: EngineSession, b: JournaledBatch): Promise<void> {
    await s.execute(
      `INSERT INTO mw_write_journal (run_id, batch, product_id, product_version, occurred_at, actor, principal, parameters, rows_affected, chained)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, false)`,
      [
        b.runId,
        b.batch,
        b.productId,
        b.productVersion,
        b.at,
        b.actor,
        b.principal,
        JSON.stringify(b.parameters),
        b.rowsAffected,
      ],
    );
  }

  /** Marks a batch as chained into the access and audit logs; call it in the transaction that writes those entries. */
  async markChained(s: EngineSession, runId: string, batch: number): Promise<void> {
    await s.execute('UPDATE mw_write_journal SET chained = true WHERE run_id = $1 AND batch = $2', [
      runId,
      batch,
    ]);
  }

  /** Records how a run ended, with what it committed. */
  async finishRun(
    s: EngineSession,
    runId: string,
    state: Exclude<IngestRunState, 'running'>,
    at: string | null,
  ): Promise<void> {
    await s.execute(
      `UPDATE mw_ingest_runs SET state = $2, finished_at = $3,
         batches = (SELECT COUNT(*) FROM mw_write_journal WHERE run_id = $1),
         rows_committed = (SELECT COALESCE(SUM(rows_affected), 0) FROM mw_write_journal WHERE run_id = $1)
       WHERE run_id = $1`,
      [runId, state, at],
    );
  }

  /** Tells, in one query, whether anything awaits recovery: a batch not chained yet, or a run still marked running. */
  async hasPending(s: EngineSession): Promise<boolean> {
    const rows = await s.query(
      `SELECT (EXISTS (SELECT 1 FROM mw_write_journal WHERE NOT chained)
         OR EXISTS (SELECT 1 FROM mw_ingest_runs WHERE state = 'running')) AS pending`,
    );
    return rows[0]?.pending === true;
  }

  /** Batches committed but not chained yet (a process ended between a commit and its chaining), oldest first. */
  async unchained(s: EngineSession): Promise<JournaledBatch[]> {
    const rows = await s.query(
      'SELECT * FROM mw_write_journal WHERE NOT chained ORDER BY occurred_at, run_id, batch',
    );
    return rows.map(toBatch);
  }

  /** Runs still marked `running`. */
  async runningRuns(s: EngineSession): Promise<IngestRun[]> {
    return (await s.query("SELECT * FROM mw_ingest_runs WHERE state = 'running' ORDER BY started_at")).map(
      toRun,
    );
  }

  /** A product's runs cut short or still marked `running`, newest first (at most `limit`). */
  async unfinishedRuns(s: EngineSession, productId: string, limit = 10): Promise<IngestRun[]> {
    const rows = await s.query(
      `SELECT * FROM mw_ingest_runs WHERE product_id = $1 AND state IN ('interrupted', 'running')
       ORDER BY started_at DESC LIMIT ${Math.max(0, Math.trunc(limit))}`,
      [productId],
    );
    return rows.map(toRun);
  }

  /** A product's runs still marked `running`, newest first, with the batches and rows the journal holds for them. */
  async runningRunsOf(s: EngineSession, productId: string): Promise<IngestRun[]> {
    const rows = await s.query(
      `SELECT r.run_id, r.product_id, r.product_version, r.actor, r.started_at, r.state, r.finished_at,
         (SELECT COUNT(*) FROM mw_write_journal j WHERE j.run_id = r.run_id) AS batches,
         (SELECT COALESCE(SUM(j.rows_affected), 0) FROM mw_write_journal j WHERE j.run_id = r.run_id) AS rows_committed
       FROM mw_ingest_runs r WHERE r.product_id = $1 AND r.state = 'running' ORDER BY r.started_at DESC`,
      [productId],
    );
    return rows.map(toRun);
  }

  /** A product's runs that were cut short, newest first. */
  async interruptedRuns(s: EngineSession, productId: string, limit = 5): Promise<IngestRun[]> {
    const rows = await s.query(
      `SELECT * FROM mw_ingest_runs WHERE product_id = $1 AND state = 'interrupted'
       ORDER BY started_at DESC LIMIT ${Math.max(0, Math.trunc(limit))}`,
      [productId],
    );
    return rows.map(toRun);
  }
}
