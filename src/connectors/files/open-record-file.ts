import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { MeshError } from '../../core/errors.ts';
import {
  JsonArrayScanner,
  JsonElementTooLargeError,
  JsonStructureError,
  NotAnArrayError,
  type ScannedElement,
} from './json-array-scanner.ts';
import { locateJsonError } from './locate-json-error.ts';
import { csvColumns, type FieldTypes, openCsvFile, openParquetFile } from './open-duckdb-file.ts';
import {
  formatByteSize,
  MAX_RECORD_BYTES,
  type RecordFormat,
  type RecordSource,
  recordsOf,
  type SourceProgress,
  type SourceRecord,
} from './record-source.ts';
import { Utf8Pieces } from './utf8-pieces.ts';

/** Options for {@link openRecordFile}. */
export interface OpenRecordFileOptions {
  /**
   * The file's format; guessed from the extension when omitted (`.ndjson`/`.jsonl` → ndjson, `.csv`/`.tsv` → csv,
   * `.parquet`/`.pq` → parquet, else json).
   */
  readonly format?: RecordFormat;
  /** The contract's field types by name: CSV cells (text) and Parquet values are typed to them. */
  readonly fieldTypes?: FieldTypes;
  /**
   * Fields every record must have: a CSV file whose header has no column for one of them is refused before any
   * record is read, naming the missing columns (one error instead of a rejection per line).
   */
  readonly requiredFields?: readonly string[];
  /**
   * What to do with bytes that are not valid UTF-8 in a JSON or NDJSON file: `reject` (the default) refuses them,
   * naming the line and the byte offset — an NDJSON line becomes a rejected record (the other lines are read), a
   * JSON array file is refused whole before anything is read; `replace` reads each bad sequence as U+FFFD (`�`).
   * CSV lines with invalid UTF-8 are always rejected records.
   */
  readonly invalidUtf8?: InvalidUtf8Policy;
  /**
   * The most text one JSON or NDJSON record may take (default {@link MAX_RECORD_BYTES}, 16 MiB): a longer NDJSON line
   * becomes a rejected record (skipped without being held in memory), a longer JSON array element refuses the file.
   */
  readonly maxRecordBytes?: number;
}

/** What to do with invalid UTF-8 in a record file. */
export const INVALID_UTF8_POLICIES = ['reject', 'replace'] as const;
/** A policy for invalid UTF-8: refuse it, or replace it with U+FFFD. */
export type InvalidUtf8Policy = (typeof INVALID_UTF8_POLICIES)[number];

const REPLACE_HINT =
  "save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8), or ingest with --invalid-utf8 replace (invalidUtf8: 'replace') to store U+FFFD in place of the bad bytes";

/** Invalid UTF-8 met while reading a file piece by piece. */
class InvalidUtf8Error extends Error {
  readonly offset: number;
  constructor(offset: number) {
    super(`invalid UTF-8 at byte offset ${offset}`);
    this.offset = offset;
  }
}

/** The 1-based line holding the byte at `offset` of a file (counting newline bytes before it). */
async function lineOfByte(path: string, offset: number): Promise<number> {
  let line = 1;
  let seen = 0;
  const stream = createReadStream(path, { highWaterMark: 1 << 20, end: Math.max(0, offset - 1) });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (let i = chunk.indexOf(10); i !== -1 && seen + i < offset; i = chunk.indexOf(10, i + 1)) line += 1;
      seen += chunk.length;
    }
  } finally {
    stream.destroy();
  }
  return line;
}

/** Counts the newline bytes of `bytes` before position `end`. */
function newlinesBefore(bytes: Buffer, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < end; i = bytes.indexOf(10, i + 1)) n += 1;
  return n;
}

/** Guesses a record file's format from its name. */
export function guessRecordFormat(path: string): RecordFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  return 'json';
}

const NO_BYTES = Buffer.alloc(0);

/** Drops a leading byte order mark, which editors on Windows write but `JSON.parse` refuses. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Reads a file as text in pieces of about 1 MiB.
 * @throws InvalidUtf8Error at the first invalid UTF-8 unless the policy is `replace`.
 */
async function* textPieces(
  path: string,
  onBytes: (n: number) => void,
  policy: InvalidUtf8Policy,
): AsyncGenerator<string> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  const decoder = new Utf8Pieces({ validate: policy === 'reject' });
  const check = (): void => {
    const [bad] = decoder.takeInvalid();
    if (bad !== undefined) throw new InvalidUtf8Error(bad);
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onBytes(chunk.length);
      const text = decoder.write(chunk);
      check();
      yield text;
    }
    const last = decoder.end();
    check();
    if (last !== '') yield last;
  } finally {
    stream.destroy();
  }
}

function notJson(path: string, line: number, column: number, found: string, what?: string): MeshError {
  return new MeshError(
    'invalid_input',
    `${path} is not valid JSON (line ${line}, column ${column}${found ? `, at ${JSON.stringify(found)}` : ', at the end of the file'}${what ? `: ${what}` : ''}); fix the file or, for one record per line, use an .ndjson file`,
    { details: { file: path, line, column } },
  );
}

/** Parses one scanned element, or throws a MeshError naming the line and column of the fault in the file. */
function parseElement(path: string, element: ScannedElement): unknown {
  try {
    return JSON.parse(element.text);
  } catch {
    const at = locateJsonError(element.text) ?? 0;
    const before = element.text.slice(0, at);
    const lastBreak = before.lastIndexOf('\n');
    const line = element.line + (before.match(/\n/g)?.length ?? 0);
    const column = lastBreak === -1 ? element.column + at : at - lastBreak;
    const found = element.text.slice(at, at + 20).split('\n')[0] ?? '';
    throw notJson(path, line, column, found);
  }
}

/** Runs the scanner over the whole file, handing each element on; turns structure errors into MeshErrors. */
async function* scanJsonArray(
  path: string,
  onBytes: (n: number) => void,
  policy: InvalidUtf8Policy,
  maxRecord: number,
): AsyncGenerator<ScannedElement[]> {
  const scanner = new JsonArrayScanner({ maxElementChars: maxRecord });
  try {
    for await (const piece of textPieces(path, onBytes, policy)) {
      const elements = scanner.push(piece);
      if (elements.length > 0) yield elements;
    }
    scanner.end();
  } catch (error) {
    if (error instanceof InvalidUtf8Error) {
      const line = await lineOfByte(path, error.offset);
      throw new MeshError(
        'invalid_input',
        `${path} is not valid UTF-8 (line ${line}, byte offset ${error.offset}); the file was refused before any record was read; ${REPLACE_HINT}`,
        { details: { file: path, line, byteOffset: error.offset } },
      );
    }
    if (error instanceof JsonStructureError)
      throw notJson(path, error.line, error.column, error.found, error.message);
    if (error instanceof JsonElementTooLargeError)
      throw new MeshError(
        'invalid_input',
        `${path}: the record starting at line ${error.line}, column ${error.column} is larger than ${formatByteSize(maxRecord)}, the most one record may hold; the file was refused before any record was read (split the record, or store large content as a file and its location in the record)`,
        { details: { file: path, line: error.line, column: error.column, maxRecordBytes: maxRecord } },
      );
    if (error instanceof NotAnArrayError)
      throw new MeshError(
        'invalid_input',
        `${path} must contain a JSON array of records, but it holds ${error.holds}; wrap the records in [ ... ]`,
        { details: { file: path } },
      );
    throw error;
  }
}

/**
 * A JSON array file, streamed: a first pass checks that the whole file is valid JSON and an array (so a malformed
 * file is refused before anything is written), a second pass parses one element at a time. Memory stays bounded
 * by the largest record, not the file; each record carries the line it starts on.
 */
async function openJson(
  path: string,
  totalBytes: number,
  policy: InvalidUtf8Policy,
  maxRecord: number,
): Promise<RecordSource> {
  let elements = 0;
  for await (const block of scanJsonArray(path, () => undefined, policy, maxRecord)) {
    for (const element of block) parseElement(path, element);
    elements += block.length;
  }
  let bytesRead = 0;
  const source: RecordSource = {
    description: `${basename(path)} (json)`,
    progress: (): SourceProgress => ({
      bytesRead: elements === 0 ? totalBytes : Math.min(bytesRead, totalBytes),
      totalBytes,
    }),
    async *chunks(): AsyncGenerator<readonly SourceRecord[]> {
      for await (const block of scanJsonArray(
        path,
        (n) => {
          bytesRead += n;
        },
        policy,
        maxRecord,
      )) {
        yield block.map((element) => ({
          value: JSON.parse(element.text) as unknown,
          line: element.line,
          text: element.text,
        }));
      }
    },
    [Symbol.asyncIterator](): AsyncIterator<SourceRecord> {
      return recordsOf(this.chunks());
    },
  };
  return source;
}

function openNdjson(
  path: string,
  totalBytes: number,
  policy: InvalidUtf8Policy,
  maxRecord: number,
): RecordSource {
  let bytesRead = 0;
  return {
    description: `${basename(path)} (ndjson)`,
    progress: () => ({ bytesRead: Math.min(bytesRead, totalBytes), totalBytes }),
    [Symbol.asyncIterator](): AsyncIterator<SourceRecord> {
      return recordsOf(this.chunks());
    },
    async *chunks(): AsyncGenerator<readonly SourceRecord[]> {
      // Split chunks by hand: node:readline costs several microseconds a line, which dominates large files.
      const stream = createReadStream(path, { highWaterMark: 1 << 20 });
      const decoder = new Utf8Pieces({ validate: policy === 'reject' });
      let line = 0;
      let rest = '';
      let offset = 0;
      /** Lines holding invalid UTF-8, with the byte offset of the first bad byte. */
      const badLines = new Map<number, number>();
      // Newlines are single bytes that never occur inside a character, so the newlines read so far (`line`) plus
      // those of this chunk before the offset give its line; a bad tail of the last chunk is on the current line.
      const noteInvalid = (chunk: Buffer, chunkStart: number): void => {
        for (const at of decoder.takeInvalid()) {
          const n = line + 1 + (at < chunkStart ? 0 : newlinesBefore(chunk, at - chunkStart));
          if (!badLines.has(n)) badLines.set(n, at);
        }
      };
      const parseLine = (raw: string): SourceRecord | undefined => {
        line += 1;
        const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        const bad = badLines.get(line);
        if (bad !== undefined) {
          badLines.delete(line);
          return {
            value: undefined,
            line,
            error: `line ${line} is not valid UTF-8 (byte offset ${bad} of the file); ${REPLACE_HINT}`,
          };
        }
        if (text.trim() === '') return undefined;
        const body = line === 1 ? withoutBom(text) : text;
        try {
          return { value: JSON.parse(body) as unknown, line, text: body };
        } catch {
          // V8's own message quotes the whole line, which may hold personal data; say where it breaks instead.
          const at = locateJsonError(body);
          const where =
            at === undefined
              ? ''
              : ` (column ${at + 1}${at < body.length ? `, at ${JSON.stringify(body.slice(at, at + 20))}` : ', at the end of the line'})`;
          return {
            value: undefined,
            line,
            error: `line ${line} is not valid JSON${where}; write one JSON record per line`,
          };
        }
      };
      /** A line found longer than the limit: read past without keeping it, then rejected as a whole. */
      let skipping = false;
      const tooLong = (): SourceRecord => {
        line += 1;
        badLines.delete(line);
        return {
          value: undefined,
          line,
          error: `line ${line} is larger than ${formatByteSize(maxRecord)}, the most one record may hold; it was skipped`,
        };
      };
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          bytesRead += chunk.length;
          let text = rest + decoder.write(chunk);
          noteInvalid(chunk, offset);
          offset += chunk.length;
          const block: SourceRecord[] = [];
          let start = 0;
          if (skipping) {
            const nl = text.indexOf('\n');
            if (nl === -1) {
              rest = '';
              continue;
            }
            skipping = false;
            block.push(tooLong());
            text = text.slice(nl + 1);
          }
          for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
            const record = nl - start > maxRecord ? tooLong() : parseLine(text.slice(start, nl));
            start = nl + 1;
            if (record) block.push(record);
          }
          rest = text.slice(start);
          if (rest.length > maxRecord) {
            skipping = true;
            rest = '';
          }
          if (block.length > 0) yield block;
        }
        const last = rest + decoder.end();
        noteInvalid(NO_BYTES, offset);
        if (skipping) yield [tooLong()];
        else if (last !== '') {
          const record = last.length > maxRecord ? tooLong() : parseLine(last);
          if (record) yield [record];
        }
      } finally {
        stream.destroy();
      }
    },
  };
}

/**
 * Opens a JSON (array), NDJSON, CSV or Parquet file as a stream of records. NDJSON is streamed line by line, CSV and
 * Parquet in chunks through an embedded DuckDB; a malformed NDJSON or CSV line becomes a record with an `error`
 * rather than stopping the file, and so does an NDJSON line with invalid UTF-8 (see `invalidUtf8`).
 * @throws MeshError `not_found` for a missing file, `invalid_input` for bad JSON, invalid UTF-8 in a JSON file or a
 * non-array document (CSV and Parquet files that cannot be read fail with `invalid_input` when iterated);
 * `contract_violation` for a CSV header lacking a column for a required field.
 */
export async function openRecordFile(
  path: string,
  options: OpenRecordFileOptions = {},
): Promise<RecordSource> {
  let totalBytes: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new MeshError('invalid_input', `${path} is not a file`);
    totalBytes = info.size;
  } catch (error) {
    if (error instanceof MeshError) throw error;
    throw new MeshError('not_found', `file ${path} does not exist or cannot be read; check the path`, {
      cause: error,
      details: { file: path },
    });
  }
  const format = options.format ?? guessRecordFormat(path);
  const policy = options.invalidUtf8 ?? 'reject';
  const maxRecord = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  if (!Number.isSafeInteger(maxRecord) || maxRecord < 1) {
    throw new MeshError('invalid_input', `maxRecordBytes must be a positive whole number, got ${maxRecord}`);
  }
  if (!(INVALID_UTF8_POLICIES as readonly string[]).includes(policy)) {
    throw new MeshError(
      'invalid_input',
      `invalidUtf8 must be ${INVALID_UTF8_POLICIES.join(' or ')}, got ${JSON.stringify(policy)}`,
    );
  }
  switch (format) {
    case 'ndjson':
      return openNdjson(path, totalBytes, policy, maxRecord);
    case 'csv':
      if (totalBytes > 0 && options.requiredFields !== undefined && options.requiredFields.length > 0) {
        const columns = new Set(await csvColumns(path));
        const missing = options.requiredFields.filter((f) => !columns.has(f));
        if (missing.length > 0) {
          throw new MeshError(
            'contract_violation',
            `the CSV file ${path} has no column for the required field(s) ${missing.join(', ')}; add ${missing.length === 1 ? 'it' : 'them'} to its header line (nothing was written)`,
            { details: { file: path, missingColumns: missing } },
          );
        }
      }
      return openCsvFile(path, totalBytes, options.fieldTypes ?? {});
    case 'parquet':
      return openParquetFile(path, totalBytes, options.fieldTypes ?? {});
    default:
      return openJson(path, totalBytes, policy, maxRecord);
  }
}
