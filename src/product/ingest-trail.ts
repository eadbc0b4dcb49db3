import { randomUUID } from 'node:crypto';
import type { AccessLog } from '../catalog/access-log.ts';
import { EventOutbox } from '../catalog/events/event-outbox.ts';
import { WriteJournal } from '../catalog/write-journal.ts';
import type { ProductDescriptor } from '../core/descriptor.ts';
import type { Engine, EngineSession } from '../engine/engine.ts';
import type { AuditLog } from '../governance/audit-log.ts';
import { AuditedAccessLog } from '../governance/audited-access-log.ts';
import { LOCAL_ADMIN } from '../governance/principal.ts';
import type { BatchTrail } from './ingest-pipeline.ts';
import type { MeshContext } from './mesh-context.ts';

const journal = new WriteJournal();
const outbox = new EventOutbox();

/** One ingest run: its id, the trail its batches write, and how it is closed. */
export interface IngestRunTrail {
  readonly runId: string;
  readonly trail: BatchTrail;
  /**
   * Records that the run finished, failed or was interrupted by its signal (its batches' entries are written already),
   * in `s` when given (the transaction of the run's summary entry), else on its own.
   */
  finish(state: 'finished' | 'failed' | 'interrupted', s?: EngineSession): Promise<void>;
}

/**
 * Starts an ingest run (state `running` until it finishes or fails, `interrupted` when the process ended first) and
 * builds the trail of its batches: each batch is journaled in its own transaction and chained into the access log
 * (operation `ingest_batch`, rows affected = rows the batch stored) and the audit log right after its commit.
 */
export async function startIngestRun(
  ctx: MeshContext,
  d: ProductDescriptor,
  parameters: Readonly<Record<string, unknown>>,
): Promise<IngestRunTrail> {
  // The batches' audit entries are appended after their commits: refuse now, before any row is stored, when they
  // could not be (a keyed chain and no key or another one, or a wiped log).
  await ctx.audit.assertWritable(ctx.engine);
  const runId = randomUUID();
  const principal = (ctx.principal ?? LOCAL_ADMIN).id;
  await journal.startRun(ctx.engine, {
    runId,
    productId: d.id,
    productVersion: d.version,
    actor: ctx.actor,
    startedAt: ctx.now().toISOString(),
  });
  const batchParameters = (batch: number) => ({ ...parameters, run: runId, batch });
  return {
    runId,
    trail: {
      journal: async (s, batch, rows, at) => {
        await journal.record(s, {
          runId,
          batch,
          productId: d.id,
          productVersion: d.version,
          at,
          actor: ctx.actor,
          principal,
          parameters: batchParameters(batch),
          rowsAffected: rows,
        });
        // The batch's event lands with its rows; it gets its cursor when the batch is chained (or recovered).
        await outbox.appendPending(s, {
          type: 'ingest.batch_committed',
          time: at,
          productId: d.id,
          domain: d.domain,
          principal,
          actor: ctx.actor,
          payload: { version: d.version, run: runId, batch, rowsAffected: rows },
        });
      },
      chain: (batch, rows, at) =>
        ctx.engine.transaction(async (tx) => {
          if (rows > 0) await ctx.registry.touchWrite(tx, d.id, at);
          await ctx.accessLog.record(tx, {
            at,
            actor: ctx.actor,
            operation: 'ingest_batch',
            productId: d.id,
            productVersion: d.version,
            parameters: batchParameters(batch),
            rowsAffected: rows,
            outcome: 'ok',
            message: null,
          });
          await journal.markChained(tx, runId, batch);
          await outbox.sequencePending(tx);
        }),
    },
    finish: (state, s) => journal.finishRun(s ?? ctx.engine, runId, state, ctx.now().toISOString()),
  };
}

/** What recovery found and did. */
export interface JournalRecovery {
  /** Committed batches whose entries were missing and have now been written (marked `recovered`). */
  readonly chained: number;
  /** Runs that were still marked running and are now marked interrupted. */
  readonly interrupted: number;
}

/**
 * After a crash (SIGKILL, power loss) between a batch's commit and its chaining: writes the missing access-log and
 * audit entries of every journaled batch, as the principal that committed it, and marks runs still `running` as
 * `interrupted` with what they committed. Run only by a mesh that opened the store itself, so that no run of
 * another handle in this process is under way.
 */
export async function recoverWriteJournal(engine: Engine, audit: AuditLog): Promise<JournalRecovery> {
  // The common case, nothing to recover, costs one query.
  if (!(await journal.hasPending(engine))) return { chained: 0, interrupted: 0 };
  const pending = await journal.unchained(engine);
  const logs = new Map<string, AccessLog>();
  for (const b of pending) {
    const log = logs.get(b.principal) ?? new AuditedAccessLog(audit, b.principal);
    logs.set(b.principal, log);
    await engine.transaction(async (tx) => {
      await log.record(tx, {
        at: b.at,
        actor: b.actor,
        operation: 'ingest_batch',
        productId: b.productId,
        productVersion: b.productVersion,
        parameters: { ...b.parameters, recovered: true },
        rowsAffected: b.rowsAffected,
        outcome: 'ok',
        message: null,
      });
      await journal.markChained(tx, b.runId, b.batch);
    });
  }
  await engine.transaction((tx) => outbox.sequencePending(tx));
  const running = await journal.runningRuns(engine);
  for (const run of running) await journal.finishRun(engine, run.runId, 'interrupted', null);
  return { chained: pending.length, interrupted: running.length };
}

/** How many cut-short runs of a product `metrics` and `interruptedIngests` report, newest first. */
export const SHOWN_RUNS = 5;

/** A product's ingest runs that were cut short before they finished, newest first. */
export function interruptedIngests(engine: Engine, productId: string) {
  return journal.interruptedRuns(engine, productId, SHOWN_RUNS);
}

/** A product's ingest runs cut short or still marked running, newest first. */
export function unfinishedIngests(engine: Engine, productId: string) {
  return journal.unfinishedRuns(engine, productId, 2 * SHOWN_RUNS);
}

/** A product's ingest runs still marked running (under way, or cut short and not recovered yet), newest first. */
export function runningIngests(engine: Engine, productId: string) {
  return journal.runningRunsOf(engine, productId);
}
