/** A line of an NDJSON body that is not JSON, kept so the ingest can report it as a rejected record. */
export interface MalformedLine {
  readonly line: number;
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
 * Reads an NDJSON byte stream one line at a time, never holding more than a line and a chunk. A line that is not
 * JSON becomes a record that fails the contract (a string), so the ingest counts it with the others and keeps going.
 */
export function readNdjson(body: ReadableStream<Uint8Array>): NdjsonRecords {
  const lines: number[] = [];
  const malformed = new Map<number, MalformedLine>();
  async function* records(): AsyncGenerator<unknown> {
    const decoder = new TextDecoder('utf-8', { fatal: false });
    let buffered = '';
    let lineNo = 0;
    const emit = function* (text: string): Generator<unknown> {
      lineNo += 1;
      const trimmed = text.trim();
      if (trimmed === '') return;
      lines.push(lineNo);
      try {
        yield JSON.parse(trimmed);
      } catch (error) {
        malformed.set(lines.length - 1, { line: lineNo, message: (error as Error).message });
        yield `line ${lineNo} is not JSON`;
      }
    };
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let nl = buffered.indexOf('\n');
      while (nl >= 0) {
        yield* emit(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
        nl = buffered.indexOf('\n');
      }
    }
    buffered += decoder.decode();
    if (buffered !== '') yield* emit(buffered);
  }
  return { records: records(), lines, malformed };
}
