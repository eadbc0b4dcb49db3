import { formatByteSize, MAX_RECORD_BYTES } from '../connectors/files/record-source.ts';

/** A line of an NDJSON body that cannot be a record, kept so the ingest can report it as a rejected record. */
export interface MalformedLine {
  readonly line: number;
  /**
   * `invalid_utf8` for bytes that are not UTF-8, `malformed_json` for text that is not JSON, `too_large` for a line
   * longer than the most one record may hold.
   */
  readonly code: 'invalid_utf8' | 'malformed_json' | 'too_large';
  /** What is wrong, naming the line. */
  readonly message: string;
}

/** Records read from an NDJSON stream, with the line each came from (blank lines are skipped). */
export interface NdjsonRecords {
  readonly records: AsyncIterable<unknown>;
  /** The 1-based line of the record at each 0-based index read so far. */
  readonly lines: number[];
  /** Lines that were not JSON, by the index of the record they stand for. */
  readonly malformed: Map<number, MalformedLine>;
}

/**
 * Reads an NDJSON byte stream one line at a time, never holding more than a line (at most `maxLineBytes`, default
 * {@link MAX_RECORD_BYTES}) and a chunk. Lines are split on the newline byte (it never occurs inside a multi-byte UTF-8
 * sequence) and each is decoded strictly: a line that is not UTF-8, not JSON, or too long (read past without being
 * kept) becomes a record that fails the contract (a string), so the ingest counts it with the others, stores nothing
 * of it, and keeps going.
 */
export function readNdjson(
  body: ReadableStream<Uint8Array>,
  maxLineBytes: number = MAX_RECORD_BYTES,
): NdjsonRecords {
  const lines: number[] = [];
  const malformed = new Map<number, MalformedLine>();
  async function* records(): AsyncGenerator<unknown> {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let parts: Uint8Array[] = [];
    let lineNo = 0;
    const emit = function* (bytes: Uint8Array[]): Generator<unknown> {
      lineNo += 1;
      let text: string;
      try {
        text = decoder.decode(bytes.length === 1 ? bytes[0] : Buffer.concat(bytes));
      } catch {
        lines.push(lineNo);
        malformed.set(lines.length - 1, {
          line: lineNo,
          code: 'invalid_utf8',
          message: `line ${lineNo} is not valid UTF-8; send the records as UTF-8 text`,
        });
        yield `line ${lineNo} is not valid UTF-8`;
        return;
      }
      const trimmed = text.trim();
      if (trimmed === '') return;
      lines.push(lineNo);
      try {
        yield JSON.parse(trimmed);
      } catch (error) {
        malformed.set(lines.length - 1, {
          line: lineNo,
          code: 'malformed_json',
          message: `line ${lineNo} is not JSON: ${(error as Error).message}`,
        });
        yield `line ${lineNo} is not JSON`;
      }
    };
    /** Bytes of the current line held in `parts`; past the limit the line is dropped and `skipping` is set. */
    let held = 0;
    let skipping = false;
    const tooLarge = function* (): Generator<unknown> {
      lineNo += 1;
      lines.push(lineNo);
      malformed.set(lines.length - 1, {
        line: lineNo,
        code: 'too_large',
        message: `line ${lineNo} is larger than ${formatByteSize(maxLineBytes)}, the most one record may hold; it was skipped`,
      });
      yield `line ${lineNo} is too large`;
    };
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      let start = 0;
      let nl = chunk.indexOf(0x0a, start);
      while (nl >= 0) {
        if (skipping) {
          skipping = false;
          yield* tooLarge();
        } else if (held + nl - start > maxLineBytes) {
          parts = [];
          yield* tooLarge();
        } else {
          parts.push(chunk.subarray(start, nl));
          yield* emit(parts);
        }
        parts = [];
        held = 0;
        start = nl + 1;
        nl = chunk.indexOf(0x0a, start);
      }
      if (start < chunk.length && !skipping) {
        held += chunk.length - start;
        if (held > maxLineBytes) {
          parts = [];
          held = 0;
          skipping = true;
        } else parts.push(chunk.slice(start));
      }
    }
    if (skipping) yield* tooLarge();
    else if (parts.some((p) => p.length > 0)) yield* emit(parts);
  }
  return { records: records(), lines, malformed };
}
