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
  /** Records stored. */
  readonly accepted: number;
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
  readonly accepted: number;
  readonly rejected: number;
  /** Bytes of the source read so far, when reading a file. */
  readonly bytesRead?: number;
  readonly totalBytes?: number;
}

/** Options for ingesting records. */
export interface IngestOptions {
  /**
   * Records per batch (and per transaction). Default 100,000. Batches are committed one at a time and in order,
   * and none after a failed one; while one commits, the next is read, validated and appended to a transaction of
   * its own, so at most two batches (plus the one being read) are held in memory.
   */
  readonly batchSize?: number;
  /** Called after every batch written and every block of records read. */
  readonly onProgress?: (progress: IngestProgress) => void;
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
