import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { MeshError } from '../../core/errors.ts';
import { locateJsonError } from './locate-json-error.ts';
import { type FieldTypes, openCsvFile, openParquetFile } from './open-duckdb-file.ts';
import type { RecordFormat, RecordSource, SourceProgress, SourceRecord } from './record-source.ts';

/** Options for {@link openRecordFile}. */
export interface OpenRecordFileOptions {
  /**
   * The file's format; guessed from the extension when omitted (`.ndjson`/`.jsonl` → ndjson, `.csv`/`.tsv` → csv,
   * `.parquet`/`.pq` → parquet, else json).
   */
  readonly format?: RecordFormat;
  /** The contract's field types by name: CSV cells (text) and Parquet values are typed to them. */
  readonly fieldTypes?: FieldTypes;
}

/** Guesses a record file's format from its name. */
export function guessRecordFormat(path: string): RecordFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  return 'json';
}

/** Turns a JSON.parse position into a line and column within the text. */
function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      last = i;
    }
  }
  return { line, column: position - last };
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Drops a leading byte order mark, which editors on Windows write but `JSON.parse` refuses. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

async function openJson(path: string, totalBytes: number): Promise<RecordSource> {
  const text = withoutBom(await readFile(path, 'utf8'));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const position = locateJsonError(text);
    const where = position === undefined ? undefined : lineAndColumn(text, position);
    const found = position === undefined ? '' : (text.slice(position, position + 20).split('\n')[0] ?? '');
    throw new MeshError(
      'invalid_input',
      `${path} is not valid JSON${where ? ` (line ${where.line}, column ${where.column}${found ? `, at ${JSON.stringify(found)}` : ', at the end of the file'})` : ''}; fix the file or, for one record per line, use an .ndjson file`,
      { details: { file: path, ...where } },
    );
  }
  if (!Array.isArray(parsed)) {
    throw new MeshError(
      'invalid_input',
      `${path} must contain a JSON array of records, but it holds ${describeJson(parsed)}; wrap the records in [ ... ]`,
      { details: { file: path } },
    );
  }
  const records = parsed as unknown[];
  let read = 0;
  return {
    description: `${basename(path)} (json)`,
    progress: (): SourceProgress => ({
      bytesRead: records.length === 0 ? totalBytes : Math.round((read / records.length) * totalBytes),
      totalBytes,
    }),
    async *[Symbol.asyncIterator](): AsyncIterator<SourceRecord> {
      for (const value of records) {
        read += 1;
        yield { value };
      }
    },
  };
}

function openNdjson(path: string, totalBytes: number): RecordSource {
  let bytesRead = 0;
  return {
    description: `${basename(path)} (ndjson)`,
    progress: () => ({ bytesRead: Math.min(bytesRead, totalBytes), totalBytes }),
    async *[Symbol.asyncIterator](): AsyncIterator<SourceRecord> {
      // Split chunks by hand: node:readline costs several microseconds a line, which dominates large files.
      const stream = createReadStream(path, { highWaterMark: 1 << 20 });
      const decoder = new StringDecoder('utf8');
      let line = 0;
      let rest = '';
      const parseLine = (raw: string): SourceRecord | undefined => {
        line += 1;
        const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (text.trim() === '') return undefined;
        const body = line === 1 ? withoutBom(text) : text;
        try {
          return { value: JSON.parse(body) as unknown, line };
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
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          bytesRead += chunk.length;
          const text = rest + decoder.write(chunk);
          let start = 0;
          for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
            const record = parseLine(text.slice(start, nl));
            start = nl + 1;
            if (record) yield record;
          }
          rest = text.slice(start);
        }
        const last = rest + decoder.end();
        if (last !== '') {
          const record = parseLine(last);
          if (record) yield record;
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
 * rather than stopping the file.
 * @throws MeshError `not_found` for a missing file, `invalid_input` for bad JSON or a non-array document (CSV and
 * Parquet files that cannot be read fail with `invalid_input` when iterated).
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
  switch (format) {
    case 'ndjson':
      return openNdjson(path, totalBytes);
    case 'csv':
      return openCsvFile(path, totalBytes, options.fieldTypes ?? {});
    case 'parquet':
      return openParquetFile(path, totalBytes, options.fieldTypes ?? {});
    default:
      return openJson(path, totalBytes);
  }
}
