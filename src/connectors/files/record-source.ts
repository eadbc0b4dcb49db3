/**
 * The most text one record may take in a record file or an NDJSON request body (a JSON array element, an NDJSON line):
 * 16 MiB. A larger one is refused with a message naming where it starts instead of growing memory without bound.
 */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** `n` bytes for a message: `16 MiB`, `512 KiB`, `100 bytes`. */
export function formatByteSize(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** One record read from a source, with where it came from. */
export interface SourceRecord {
  readonly value: unknown;
  /** 1-based line in the source file, when the format has lines. */
  readonly line?: number;
  /** Set when the record could not be read (e.g. a malformed NDJSON line); `value` is then undefined. */
  readonly error?: string;
  /**
   * The record's JSON text as written in the file (JSON and NDJSON files), for a rejects file to keep what the parsed
   * value cannot: `1e400` parses to Infinity, which JSON would write as `null`.
   */
  readonly text?: string;
}

/** Progress of reading a source, in bytes. */
export interface SourceProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
}

/** A stream of records plus a way to see how far reading has got. */
export interface RecordSource extends AsyncIterable<SourceRecord> {
  /** A short description for messages and the access log, e.g. `sales.ndjson (ndjson)`. */
  readonly description: string;
  progress(): SourceProgress;
  /**
   * The same records, a block at a time (one per chunk the file is read in): one `await` per block instead of
   * one per record, which is what bulk ingest uses. Iterate either this or the source itself, once.
   */
  chunks(): AsyncIterable<readonly SourceRecord[]>;
}

/** Records in blocks, as the ingest pipeline consumes them. */
export type RecordChunks = Iterable<readonly SourceRecord[]> | AsyncIterable<readonly SourceRecord[]>;

/** Yields the records of a block-wise source one by one. */
export async function* recordsOf(
  chunks: AsyncIterable<readonly SourceRecord[]>,
): AsyncGenerator<SourceRecord> {
  for await (const chunk of chunks) yield* chunk;
}

/** File formats Meshwork reads records from. */
export const RECORD_FORMATS = ['json', 'ndjson', 'csv', 'parquet'] as const;
/** A record file format. */
export type RecordFormat = (typeof RECORD_FORMATS)[number];
