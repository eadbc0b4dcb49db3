import type { RecordChunks, SourceProgress, SourceRecord } from '../connectors/files/record-source.ts';
import type { ProductDescriptor } from '../core/descriptor.ts';
import { type Issue, MeshError } from '../core/errors.ts';
import type { RecordValidator } from '../core/validation/compile-record-validator.ts';
import type { EngineSession, InsertResult, OpenTransaction, TableSpec } from '../engine/engine.ts';
import type { IngestOptions, IngestResult, RejectedRecord } from './ingest-result.ts';
import type { MeshContext } from './mesh-context.ts';

const DEFAULT_BATCH = 100_000;
const DEFAULT_MAX_REJECTED = 10_000;

/** Everything the pipeline needs to know about the product it writes to. */
export interface IngestTarget {
  readonly descriptor: ProductDescriptor;
  readonly table: TableSpec;
  readonly validator: RecordValidator;
}

/**
 * What is wrong with a valid row's text on an engine whose text cannot hold U+0000 (PostgreSQL): one issue per field
 * holding it, so that the record is rejected with its reason instead of failing its whole batch at the engine.
 */
function nulIssues(row: readonly unknown[], fields: readonly string[], index: number): Issue[] {
  const issues: Issue[] = [];
  for (let i = 0; i < row.length; i++) {
    const value = row[i];
    if (typeof value !== 'string' || !value.includes('\u0000')) continue;
    const name = fields[i] ?? String(i);
    issues.push({
      path: [index, name],
      code: 'nul_character',
      message: `${name} holds the NUL character (U+0000), which text in this store's engine cannot hold; remove it`,
    });
  }
  return issues;
}

function shorten(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/**
 * The trail the pipeline writes for every batch it commits, so that no committed row goes unaudited (issue #14):
 * `journal` runs inside the batch's transaction and must only INSERT (see `WriteJournal`: the next batch's
 * transaction is already open when this one commits, so an UPDATE of a shared row such as the audit head would be
 * refused); `chain` runs right after the commit, before the next batch commits, and turns the journal row into the
 * access-log and audit entries (and records the write time) in one transaction of its own.
 */
export interface BatchTrail {
  journal(s: EngineSession, batch: number, rows: number, at: string): Promise<void>;
  chain(batch: number, rows: number, at: string): Promise<void>;
}

/** The store as a whole cannot write (disk full, store closed or in use): no smaller batch would do better. */
function isStoreFailure(error: unknown): boolean {
  return error instanceof MeshError && error.code === 'storage_unavailable';
}

/** A stored or repeated primary key refused the batch (not another constraint of the table). */
function isKeyConflict(error: unknown): boolean {
  if (!(error instanceof MeshError && error.code === 'conflict')) return false;
  const constraint = error.details?.constraint;
  return constraint !== 'not_null' && constraint !== 'check';
}

/** The engine's own words for a failure, when it gave any. */
function engineText(error: unknown): string {
  if (error instanceof MeshError) {
    const text = error.details?.engineMessage;
    if (typeof text === 'string') return text;
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** A failure of a batch in plain words, and what to do about it. */
function plainCause(error: MeshError): string {
  switch (error.code) {
    case 'storage_unavailable':
      return error.details?.reason === 'server_unreachable'
        ? `the database server${typeof error.details.store === 'string' ? ` at ${error.details.store}` : ''} went away or cut the connection; once it answers again, resume with --on-existing skip`
        : 'the store cannot be written (it is closed, in use by another process, or its disk is full or read-only); free the store or the disk and resume with --on-existing skip';
    case 'conflict':
      return 'the store refused the batch because of a constraint of its table';
    default:
      return 'the store failed while writing the batch';
  }
}

/** Builds a function returning a record's primary key as one comparable value, or undefined without a key. */
function keyReader(target: IngestTarget): ((row: readonly unknown[]) => unknown) | undefined {
  const positions = target.table.primaryKey.map((k) => target.table.columns.findIndex((c) => c.name === k));
  if (positions.length === 0) return undefined;
  if (positions.length === 1) {
    const p = positions[0] as number;
    return (row) => row[p];
  }
  return (row) => JSON.stringify(positions.map((p) => row[p]));
}

function keyText(target: IngestTarget, row: readonly unknown[]): string {
  return target.table.primaryKey
    .map((k) => {
      const i = target.table.columns.findIndex((c) => c.name === k);
      return `${k} ${shorten(row[i])}`;
    })
    .join(', ');
}

/** Positions of rows whose key already appeared earlier in `rows`, with the position of that first row. */
function repeatedKeys(
  keyOf: (row: readonly unknown[]) => unknown,
  rows: readonly (readonly unknown[])[],
): { at: number; first: number }[] {
  const seen = new Map<unknown, number>();
  const out: { at: number; first: number }[] = [];
  for (let i = 0; i < rows.length; i++) {
    const key = keyOf(rows[i] as readonly unknown[]);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else out.push({ at: i, first });
  }
  return out;
}

/**
 * Validates records against the product's compiled validator and writes the valid ones in batches,
 * one transaction per batch. Invalid records and duplicate keys are reported, never half-written.
 * Records arrive in blocks (see {@link RecordChunks}), so reading costs one `await` per block, not per record.
 */
export async function runIngest(
  ctx: MeshContext,
  target: IngestTarget,
  source: RecordChunks,
  progress: () => SourceProgress | undefined,
  options: IngestOptions = {},
  trail?: BatchTrail,
): Promise<IngestResult> {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
  const maxRejected = options.maxRejected ?? DEFAULT_MAX_REJECTED;
  const keyOf = keyReader(target);
  // The original records are kept until their batch is written only for whoever wants rejected records back.
  const keepValues = options.onRejected !== undefined;
  const validator = target.validator;
  const nulInText = ctx.engine.capabilities.nulInText;
  const rejected: RejectedRecord[] = [];
  let rejectedCount = 0;
  let total = 0;
  let accepted = 0;
  let skipped = 0;
  let updated = 0;
  let batches = 0;
  let interrupted = false;
  const onExisting = options.onExisting ?? 'reject';
  // `update` deletes stored rows by key inside the batch's transaction. A transaction begun before the previous
  // batch committed would not see that batch's rows, and DuckDB refuses to delete a row that another transaction's
  // commit changed after it began ("Conflict on update"); so in this mode the batches are not overlapped: each
  // begins only once the one before has committed and been chained. `reject` and `skip` only insert and overlap,
  // on engines where a commit never waits for a later writer (EngineCapabilities.overlappingAppends): on PostgreSQL
  // the commit of a batch would wait for the next batch's uncommitted rows with the same key, which wait for it.
  const overlap = onExisting !== 'update' && ctx.engine.capabilities.overlappingAppends;
  const insertOptions = (assumeNew: boolean) =>
    onExisting === 'update' ? { assumeNew: false, replaceStored: true } : { assumeNew };

  const reject = (
    index: number,
    line: number | undefined,
    issues: Issue[],
    record: unknown,
    text?: string,
  ): void => {
    rejectedCount += 1;
    const entry: RejectedRecord = line === undefined ? { index, issues } : { index, line, issues };
    if (rejected.length < maxRejected) rejected.push(entry);
    options.onRejected?.(entry, record, text);
  };

  // The batch being built: validated rows and, in parallel arrays, where each came from.
  let rows: unknown[][] = [];
  let rowIndex: number[] = [];
  let rowLine: (number | undefined)[] = [];
  let rowValue: unknown[] = [];

  const report = (): void => {
    const p = progress();
    options.onProgress?.({
      processed: total,
      accepted,
      rejected: rejectedCount,
      skipped,
      batches,
      ...(p ? { bytesRead: p.bytesRead, totalBytes: p.totalBytes } : {}),
    });
  };

  /**
   * Writes one batch in its own transaction and reports its duplicate keys. The rows are appended at once, on a
   * connection of their own, while `previous` (the batch before) may still be committing; the commit waits for
   * `previous`, so batches are committed one at a time and in order, and none after a failed one.
   */
  const asMeshError = (error: unknown): MeshError =>
    error instanceof MeshError ? error : new MeshError('internal', String(error), { cause: error });
  /** The error that ends the ingest at a batch: what happened, how far it got, and the engine's own words. */
  const batchStopped = (
    error: unknown,
    what: (e: MeshError) => string,
    indexIn: number[],
    batchNo: number,
  ): MeshError => {
    const e = asMeshError(error);
    return new MeshError(e.code, `ingest of ${target.descriptor.id} ${what(e)} (engine: ${engineText(e)})`, {
      cause: error,
      details: {
        ...e.details,
        productId: target.descriptor.id,
        batch: batchNo,
        firstRecord: (indexIn[0] ?? 0) + 1,
        lastRecord: (indexIn[indexIn.length - 1] ?? 0) + 1,
        acceptedBefore: accepted,
        batchesStored: batches,
      },
    });
  };

  const writeBatch = async (
    rowsIn: unknown[][],
    indexIn: number[],
    lineIn: (number | undefined)[],
    valueIn: unknown[],
    previous: Promise<void> | undefined,
    batchNo: number,
  ): Promise<void> => {
    let batchRows = rowsIn;
    let batchIndex = indexIn;
    let batchLine = lineIn;
    let batchValue = valueIn;
    const at = ctx.now().toISOString();
    const range = `records ${(indexIn[0] ?? 0) + 1}–${(indexIn[indexIn.length - 1] ?? 0) + 1} of the input`;
    let result: InsertResult | undefined;
    let refused: unknown;
    if (!overlap && previous) await previous;
    // The fast path: append the batch as it is. Keys stored already or repeated inside the batch are rare, so they
    // are looked for only when the store refuses the batch (which it then rolls back whole).
    let open: OpenTransaction | undefined;
    try {
      const ready = spare;
      spare = undefined;
      open = await (ready ?? ctx.engine.begin());
      result = await open.session.insertRows(target.table, batchRows, insertOptions(keyOf !== undefined));
      // The batch's trail is committed with its rows, or not at all.
      await trail?.journal(open.session, batchNo, result.inserted, at);
    } catch (error) {
      refused = error;
    }
    if (previous) await previous;
    if (failure) {
      // An earlier batch failed: this one is never committed.
      await open?.rollback();
      return;
    }
    try {
      if (refused === undefined && open) {
        try {
          // While records are still being read, begin the next batch's transaction before this one commits:
          // DuckDB lets no transaction begin while another commits, and the next batch is to be appended meanwhile.
          // A spare that failed to begin is the next batch's failure, not this one's.
          if (reading && overlap) spare ??= ctx.engine.begin();
          await spare?.then(
            () => undefined,
            () => undefined,
          );
          await open.commit();
        } catch (error) {
          refused = error;
        }
      } else await open?.rollback();
      if (refused !== undefined) {
        // A store that cannot write at all (disk full, store closed) stops the ingest.
        if (isStoreFailure(refused)) throw refused;
        if (keyOf) {
          // Report the repeats (whatever refused the batch, so that a search for refused records below never meets
          // them), then write the rest with the store skipping (and reporting) the keys it holds.
          const repeats = repeatedKeys(keyOf, batchRows);
          const skip = new Set<number>();
          for (const { at: i, first } of repeats) {
            skip.add(i);
            const index = batchIndex[i] as number;
            reject(
              index,
              batchLine[i],
              [
                {
                  path: [index, ...target.table.primaryKey],
                  code: 'duplicate_key',
                  message: `${keyText(target, batchRows[i] as unknown[])} appears twice in the input (first at record ${batchIndex[first]}); primary keys must be unique`,
                },
              ],
              batchValue[i],
            );
          }
          const keep = (_: unknown, i: number) => !skip.has(i);
          batchRows = batchRows.filter(keep);
          batchIndex = batchIndex.filter(keep);
          batchLine = batchLine.filter(keep);
          if (keepValues) batchValue = batchValue.filter(keep);
        }
        const rows = batchRows;
        const commitRows = (part: readonly unknown[][]) =>
          ctx.engine.transaction(async (tx) => {
            const inserted = await tx.insertRows(target.table, part, insertOptions(false));
            await trail?.journal(tx, batchNo, inserted.inserted, at);
            return inserted;
          });
        try {
          result = await commitRows(rows);
        } catch (error) {
          if (isStoreFailure(error) || (keyOf && isKeyConflict(error))) throw error;
          // The store refused a value the contract accepts (a NOT NULL or CHECK constraint of a table left from an
          // older version, a value out of the column's range): find the records it refuses, by trying halves of the
          // batch in transactions that are always rolled back, down to single records, and store all the others.
          const failing = await findRefusedRows(rows, error);
          const keep = (_: unknown, i: number) => !failing.has(i);
          for (const [i, cause] of failing) {
            const index = batchIndex[i] as number;
            reject(
              index,
              batchLine[i],
              [
                {
                  path: [index],
                  code: 'engine_refused',
                  message: `the store refused this record in batch ${batchNo} although it passes the contract (the stored table is stricter than the contract, e.g. left from an older version): ${cause}`,
                },
              ],
              batchValue[i],
            );
          }
          batchRows = batchRows.filter(keep);
          batchIndex = batchIndex.filter(keep);
          batchLine = batchLine.filter(keep);
          if (keepValues) batchValue = batchValue.filter(keep);
          result = await commitRows(batchRows);
        }
      }
    } catch (error) {
      // The failed batch was rolled back whole; earlier batches stay stored. Say how far the ingest got and why.
      throw batchStopped(
        error,
        (e) =>
          `stopped at batch ${batchNo} (${range}): ${plainCause(e)}; that batch was rolled back and ${accepted} record(s) from ${batches} earlier batch(es) are stored`,
        indexIn,
        batchNo,
      );
    }
    if (!result) return;
    batches += 1;
    accepted += result.inserted;
    updated += result.replaced ?? 0;
    for (const i of result.duplicateIndexes) {
      const row = batchRows[i];
      const index = batchIndex[i];
      if (!row || index === undefined) continue;
      if (onExisting === 'skip') {
        skipped += 1;
        continue;
      }
      reject(
        index,
        batchLine[i],
        [
          {
            path: [index, ...target.table.primaryKey],
            code: 'duplicate_key',
            message: `${keyText(target, row)} is already stored; primary keys must be unique (ingest with --on-existing skip to leave it, or update to replace it)`,
          },
        ],
        batchValue[i],
      );
    }
    // The write time (and the batch's access-log and audit entries) are recorded after the commit, in a transaction
    // of their own: a transaction begun while the previous batch committed may not update the rows they go to. The
    // next batch commits only after this, so the entries are chained in batch order.
    try {
      if (trail) await trail.chain(batchNo, result.inserted, at);
      else if (result.inserted > 0) await ctx.registry.touchWrite(ctx.engine, target.descriptor.id, at);
    } catch (error) {
      // The batch is stored (its journal entry with it); the store went away before its entries were chained, which
      // the next handle that opens the store to write does from the journal.
      throw batchStopped(
        error,
        (e) =>
          `stopped after batch ${batchNo} (${range}), which is stored: ${plainCause(e)}; ${accepted} record(s) from ${batches} batch(es) are stored, and their access-log and audit entries are completed when the store next opens to write`,
        indexIn,
        batchNo,
      );
    }
    report();
  };

  /**
   * The positions in `rows` of the records the store refuses, each with the engine's reason: halves are tried in
   * transactions that are rolled back, down to single records. A failure of the whole store stops the search.
   */
  const findRefusedRows = async (
    rows: readonly unknown[][],
    firstError: unknown,
  ): Promise<Map<number, string>> => {
    const failing = new Map<number, string>();
    const probe = async (from: number, to: number, known?: unknown): Promise<void> => {
      let error = known;
      if (error === undefined) {
        const open = await ctx.engine.begin();
        try {
          await open.session.insertRows(target.table, rows.slice(from, to), insertOptions(false));
        } catch (e) {
          error = e;
        } finally {
          await open.rollback();
        }
      }
      if (error === undefined) return;
      if (isStoreFailure(error)) throw error;
      if (to - from === 1) {
        failing.set(from, engineText(error));
        return;
      }
      const mid = from + Math.ceil((to - from) / 2);
      await probe(from, mid);
      await probe(mid, to);
    };
    await probe(0, rows.length, firstError);
    return failing;
  };

  // Writing overlaps reading: while one batch commits (on DuckDB's threads), the next is validated and appended on
  // a second connection. At most two batches are under way; each commits only after the one before it, and after
  // a failed batch nothing more is committed.
  /** A transaction begun ahead for the next batch. */
  let spare: Promise<OpenTransaction> | undefined;
  /** False once the source is exhausted: the last batch needs no spare after it. */
  let reading = true;
  let last: Promise<void> | undefined;
  let beforeLast: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;
  /** Batches handed to writeBatch so far; the number of the next is one more. */
  let flushed = 0;
  const settle = async (): Promise<void> => {
    if (last) await last;
    last = undefined;
    beforeLast = undefined;
    if (failure) throw failure.error;
  };
  const flush = async (): Promise<void> => {
    // Two batches at most: wait until the batch before the last one is done.
    if (beforeLast) await beforeLast;
    if (failure) throw failure.error;
    if (rows.length === 0) return;
    const batch = [rows, rowIndex, rowLine, rowValue] as const;
    rows = [];
    rowIndex = [];
    rowLine = [];
    rowValue = [];
    const previous = last;
    beforeLast = last;
    flushed += 1;
    last = writeBatch(...batch, previous, flushed).catch((error: unknown) => {
      failure ??= { error };
    });
  };

  /** Validates one record into the batch; true when the batch is full. */
  const take = (item: SourceRecord): boolean => {
    const index = total;
    total += 1;
    if (item.error !== undefined) {
      reject(index, item.line, [{ path: [index], code: 'parse', message: item.error }], undefined);
      return false;
    }
    const checked = validator.validate(item.value, index);
    if (!checked.ok) {
      reject(index, item.line, checked.issues, item.value, item.text);
      return false;
    }
    if (!nulInText) {
      const nul = nulIssues(checked.row, validator.columns, index);
      if (nul.length > 0) {
        reject(index, item.line, nul, item.value, item.text);
        return false;
      }
    }
    rows.push(checked.row);
    rowIndex.push(index);
    rowLine.push(item.line);
    if (keepValues) rowValue.push(item.value);
    return rows.length >= batchSize;
  };

  // Progress is reported after every block read (a file chunk, or 8,192 records from memory) as well as after
  // every batch written, so that a progress bar moves at the speed of reading.
  const takeBlock = async (block: readonly SourceRecord[]): Promise<void> => {
    for (let i = 0; i < block.length; i++) if (take(block[i] as SourceRecord)) await flush();
    if (options.onProgress && block.length > 0) report();
    // Let the event loop run, so the batch being written moves on (its statements finish on DuckDB's threads
    // and their completions arrive as events, which awaiting in-memory blocks alone would hold back).
    if (last) await new Promise<void>((resolve) => setImmediate(resolve));
  };

  const stopped = (): boolean => {
    if (options.signal?.aborted !== true) return false;
    interrupted = true;
    return true;
  };
  try {
    if (Symbol.iterator in source) {
      for (const block of source) {
        if (stopped()) break;
        await takeBlock(block);
      }
    } else {
      for await (const block of source) {
        if (stopped()) break;
        await takeBlock(block);
      }
    }
    reading = false;
    // Interrupted: the records of the batch being built are not stored (resuming with `skip` sends them again).
    if (!interrupted) await flush();
  } finally {
    // Even when reading fails, the batches being written finish before the ingest returns or throws, so the
    // caller never sees an error while a commit is still under way.
    if (last) await last;
    const unused = spare;
    spare = undefined;
    if (unused)
      await unused.then(
        (t) => t.rollback(),
        () => undefined,
      );
  }
  await settle();
  if (batches === 0) report();
  rejected.sort((a, b) => a.index - b.index);
  return { total, accepted, rejected, rejectedCount, batches, skipped, updated, interrupted };
}
