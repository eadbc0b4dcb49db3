import { AccessLog, type NewAccessLogEntry } from '../catalog/access-log.ts';
import { MeshError } from '../core/errors.ts';
import type { Engine } from '../engine/engine.ts';
import type { AuditLog, NewAuditEntry } from './audit-log.ts';

/** Options for a {@link ReadTrail}. */
export interface ReadTrailOptions {
  /** Every read waits until its entries are committed before it returns (default false). */
  readonly durable?: boolean;
  /** A flush starts once this many reads are queued (default 256). */
  readonly maxEntries?: number;
  /** A flush starts at the latest this many milliseconds after the first queued read (default 5). */
  readonly maxDelayMs?: number;
}

/** One read's trail: its access-log entry (none for figure reads) and its audit entry. */
export interface ReadTrailEntry {
  readonly access?: NewAccessLogEntry;
  readonly audit: NewAuditEntry;
}

interface Queued {
  readonly entry: ReadTrailEntry;
  readonly settle: { resolve: () => void; reject: (error: unknown) => void };
}

const plainAccessLog = new AccessLog();

/**
 * The group commit of read entries: successful reads queue their access-log and audit entries here, and a flush
 * writes every queued entry in one transaction (access-log rows, usage counters, and the audit entries chained one
 * after the other from the head, so the chain stays linear and complete). A flush starts when `maxEntries` reads are
 * queued or `maxDelayMs` after the first one, and before anything reads the access or audit log through this handle;
 * {@link ReadTrail.close} flushes what is left. A crash loses at most the reads of the last few milliseconds, never a
 * write's entry (writes record theirs in their own transaction). With `durable`, each read waits for its flush.
 */
export class ReadTrail {
  readonly #engine: Engine;
  readonly #audit: AuditLog;
  readonly #durable: boolean;
  readonly #maxEntries: number;
  readonly #maxDelayMs: number;
  #queue: Queued[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The last flush asked for (running or waiting to start); flushes run one after another. */
  #running: Promise<void> = Promise.resolve();
  /** The flush waiting for the running one to end, shared by every caller meanwhile (see {@link flush}). */
  #next: Promise<void> | undefined;
  /** Why the last flush failed, reported to the next read until a flush succeeds. */
  #failure: unknown;
  #closed = false;
  /** The audit log was found appendable by this log's key (checked before the first read, and after a failure). */
  #writable = false;

  constructor(engine: Engine, audit: AuditLog, options: ReadTrailOptions = {}) {
    this.#engine = engine;
    this.#audit = audit;
    this.#durable = options.durable ?? false;
    this.#maxEntries = Math.max(1, options.maxEntries ?? 256);
    this.#maxDelayMs = Math.max(0, options.maxDelayMs ?? 5);
  }

  /** Whether reads wait for their entries to be committed. */
  get durable(): boolean {
    return this.#durable;
  }

  /** Reads queued and not yet committed. */
  get pending(): number {
    return this.#queue.length;
  }

  /**
   * Queues one read's entries; resolves once they are committed when the trail is durable, at once otherwise.
   * @throws MeshError `storage_unavailable` after close; the last flush's error while flushes fail (the read's entries
   * are then still queued, to be written by the next flush that succeeds).
   */
  async add(entry: ReadTrailEntry): Promise<void> {
    if (this.#closed)
      throw new MeshError('storage_unavailable', 'the mesh was closed: its reads can no longer be recorded');
    if (!this.#writable) {
      // A read whose entries could not be chained (a wiped log, a missing or wrong key) is refused as before, when
      // its entry was written at once; checked once, and again after any failed flush.
      await this.#audit.assertWritable(this.#engine);
      this.#writable = true;
    }
    const failure = this.#failure;
    let settle: Queued['settle'] = { resolve: () => undefined, reject: () => undefined };
    const committed = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // Nobody waits on a non-durable read's commit: its failure is reported through #failure instead.
    if (!this.#durable) committed.catch(() => undefined);
    this.#queue.push({ entry, settle });
    if (this.#queue.length >= this.#maxEntries) void this.flush().catch(() => undefined);
    else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        void this.flush().catch(() => undefined);
      }, this.#maxDelayMs);
    }
    if (failure !== undefined && !this.#durable) throw failure;
    if (this.#durable) await committed;
  }

  /**
   * Commits every entry queued before the call (and waits for a flush already running). Callers meanwhile share one
   * flush: a call joins the flush waiting to start after the running one, never the running one (which took its
   * entries before the call), so however many writers ask at once, each waits for two flushes at most instead of one
   * more per caller (BENCHMARKS.md, "Reads on a connection pool").
   * @throws the error of the transaction that failed; its entries stay queued.
   */
  flush(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#next !== undefined) return this.#next;
    const next = this.#running.then(() => {
      // From here on the flush takes the queue as it is: a later call needs a flush of its own.
      this.#next = undefined;
      return this.#flushNow();
    });
    this.#next = next;
    this.#running = next.catch(() => undefined);
    return next;
  }

  async #flushNow(): Promise<void> {
    const batch = this.#queue;
    if (batch.length === 0) return;
    this.#queue = [];
    try {
      await this.#engine.transaction(async (tx) => {
        await plainAccessLog.recordAll(
          tx,
          batch.flatMap((q) => (q.entry.access === undefined ? [] : [q.entry.access])),
        );
        await this.#audit.appendAll(
          tx,
          batch.map((q) => q.entry.audit),
        );
      });
    } catch (error) {
      // Keep the entries, in order, before any queued since: the next flush writes them.
      this.#queue = [...batch, ...this.#queue];
      this.#failure = error;
      this.#writable = false;
      for (const q of batch) q.settle.reject(error);
      throw error;
    }
    this.#failure = undefined;
    for (const q of batch) q.settle.resolve();
  }

  /**
   * Flushes what is queued and refuses further reads; call before the store closes.
   * @throws the error of the last flush when the queued entries cannot be written.
   */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }
}
