import type { Issue } from '../core/errors.ts';

/** A record that was not stored, and why. */
export interface RejectedRecord {
  /** 0-based position of the record in the input. */
  readonly index: number;
  /** 1-based line in the source file, when it came from a line-based file. */
  readonly line?: number;
  /** Every reason the record was refused. */
  readonly issues: readonly Issue[];
}

/** What an ingest did. */
export interface IngestResult {
  /** Records read from the input. */
  readonly total: number;
  /** Records stored: new ones, and with `onExisting: 'update'` the ones that replaced a stored record. */
  readonly accepted: number;
  /** Records whose key was stored already and that were left alone (`onExisting: 'skip'`); not rejections. */
  readonly skipped: number;
  /** Of the accepted records, those that replaced the stored record with their key (`onExisting: 'update'`). */
  readonly updated: number;
  /**
   * True when the ingest was stopped by its `signal` before the input ended: the batches counted were committed,
   * the records read after the last of them were not stored. Resume with `onExisting: 'skip'`.
   */
  readonly interrupted: boolean;
  /** Records refused, each with its reasons (at most `maxRejected` of them are listed). */
  readonly rejected: readonly RejectedRecord[];
  /** How many records were refused in all (may exceed `rejected.length` when the list was capped). */
  readonly rejectedCount: number;
  /** Batches written, each in its own transaction. */
  readonly batches: number;
}

/** Progress of an ingest, reported after every batch. */
export interface IngestProgress {
  readonly processed: number;
  /** Records committed so far. */
  readonly accepted: number;
  readonly rejected: number;
  /** Stored keys left alone so far (`onExisting: 'skip'`). */
  readonly skipped: number;
  /** Batches committed so far. */
  readonly batches: number;
  /** Bytes of the source read so far, when reading a file. */
  readonly bytesRead?: number;
  readonly totalBytes?: number;
}

/** What to do with a record whose primary key is stored already. */
export const ON_EXISTING_MODES = ['reject', 'skip', 'update'] as const;
/** `reject`: report it as a rejected record (`duplicate_key`); `skip`: leave the stored one and count it as skipped; `update`: replace the stored one. */
export type OnExisting = (typeof ON_EXISTING_MODES)[number];

/** Options for ingesting records. */
export interface IngestOptions {
  /**
   * What to do with a record whose key is stored already: `reject` (default) reports it, `skip` leaves the stored
   * record and counts it in `skipped` (how an interrupted ingest is resumed: send the same input again), `update`
   * replaces the stored record with the incoming one, which is validated like any other. A key repeated within one
   * batch is rejected in every mode; repeated in a later batch, it finds the earlier record stored.
   */
  readonly onExisting?: OnExisting;
  /**
   * Stops the ingest when aborted (e.g. on Ctrl-C): no more records are read, the batches under way finish
   * committing, the records read since are not stored, and the result says `interrupted: true`.
   */
  readonly signal?: AbortSignal;
  /**
   * Records per batch (and per transaction). Default 100,000. Batches are committed one at a time and in order,
   * and none after a failed one; while one commits, the next is read, validated and appended to a transaction of
   * its own, so at most two batches (plus the one being read) are held in memory.
   */
  readonly batchSize?: number;
  /** Called after every batch written and every block of records read. */
  readonly onProgress?: (progress: IngestProgress) => void;
  /**
   * What the records came from, as the access log names the ingest's source (e.g. `sales.csv (csv)` for a file a
   * client read and sent); default `array` or `records`. A label only: nothing is read from it.
   */
  readonly sourceLabel?: string;
  /** Most rejected records to list in the result (all are counted). Default 10,000. */
  readonly maxRejected?: number;
  /**
   * Receives every rejected record as it is found, e.g. to write a rejects file. Records failing validation come as
   * they are read, duplicate keys once their batch is written, so the calls are not strictly in input order. For a
   * record that failed validation, `text` is its JSON text as written in the file (JSON and NDJSON files): write
   * that to keep what `record` cannot, such as `1e400`, which parses to Infinity.
   */
  readonly onRejected?: (rejected: RejectedRecord, record: unknown, text?: string) => void;
}
