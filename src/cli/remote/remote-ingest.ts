import { Readable } from 'node:stream';
import type { MeshClient } from '../../client/mesh-client.ts';
import type { InvalidUtf8Policy } from '../../connectors/files/open-record-file.ts';
import type { RecordFormat } from '../../connectors/files/record-source.ts';
import type { ProductDescriptor } from '../../core/descriptor.ts';
import type { IngestOptions, IngestResult, RejectedRecord } from '../../product/ingest-result.ts';

/** A record as one NDJSON line: its text as written in the file when there is one, else its value as JSON. */
function recordJson(value: unknown, text: string | undefined): string {
  // Raw newlines in valid JSON are whitespace (inside strings they must be escaped), so they can become spaces.
  if (text !== undefined) return text.replace(/[\r\n]+/g, ' ');
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : String(v)) : v,
  );
}

/**
 * Ingests a JSON, NDJSON, CSV or Parquet file through the server: the file is read here, on the client's side, with
 * the same reader a local store uses (typed by the contract), and its records are streamed to the server as NDJSON,
 * one line per record, so the server never reads a path. Rejects keep the file's line numbers and the reader's own
 * parse messages; `onRejected` gets each rejected record from a second read of the file. An aborted `signal` ends
 * the body early: the server commits the records it got, and the result says `interrupted`.
 */
export async function ingestFileThroughServer(
  client: MeshClient,
  productId: string,
  schema: ProductDescriptor['schema'],
  path: string,
  options: IngestOptions & { format?: RecordFormat; invalidUtf8?: InvalidUtf8Policy } = {},
): Promise<IngestResult> {
  const { openRecordFile } = await import('../../connectors/files/open-record-file.ts');
  const open = () =>
    openRecordFile(path, {
      fieldTypes: Object.fromEntries(schema.fields.map((f) => [f.name, f.type])),
      requiredFields: schema.fields.filter((f) => f.required).map((f) => f.name),
      ...(options.format === undefined ? {} : { format: options.format }),
      ...(options.invalidUtf8 === undefined ? {} : { invalidUtf8: options.invalidUtf8 }),
    });
  const source = await open();
  const lines: (number | undefined)[] = [];
  const parseErrors = new Map<number, string>();
  const onProgress = options.onProgress;
  const signal = options.signal;
  let stoppedEarly = false;
  async function* ndjson(): AsyncGenerator<Uint8Array> {
    const encoder = new TextEncoder();
    for await (const chunk of source.chunks()) {
      // Stopped (Ctrl-C): the body ends here, so the server commits what it got and answers; nothing is cut.
      if (signal?.aborted) {
        stoppedEarly = true;
        return;
      }
      let text = '';
      for (const record of chunk) {
        lines.push(record.line);
        if (record.error !== undefined) {
          // A line the server cannot parse either keeps the record's place; its reason is the reader's, put back below.
          parseErrors.set(lines.length - 1, record.error);
          text += '!unreadable\n';
        } else text += `${recordJson(record.value, record.text)}\n`;
      }
      yield encoder.encode(text);
      const read = source.progress();
      onProgress?.({
        processed: lines.length,
        accepted: 0,
        rejected: parseErrors.size,
        skipped: 0,
        batches: 0,
        bytesRead: read.bytesRead,
        totalBytes: read.totalBytes,
      });
    }
  }
  const body = Readable.toWeb(Readable.from(ndjson())) as ReadableStream<Uint8Array>;
  const sent = await client.ingestNdjson(productId, body, {
    ...(options.onExisting === undefined ? {} : { onExisting: options.onExisting }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    source: source.description,
  });
  const rejected = sent.rejected.map((r): RejectedRecord => {
    const line = lines[r.index];
    const parse = parseErrors.get(r.index);
    return {
      index: r.index,
      ...(line === undefined ? {} : { line }),
      issues: parse === undefined ? r.issues : [{ path: [r.index], code: 'parse', message: parse }],
    };
  });
  if (options.onRejected !== undefined && rejected.length > 0) {
    const wanted = new Map(rejected.map((r) => [r.index, r]));
    let index = 0;
    for await (const chunk of (await open()).chunks()) {
      for (const record of chunk) {
        const r = wanted.get(index);
        if (r !== undefined) options.onRejected(r, record.value, record.text);
        index += 1;
      }
    }
  }
  // Records read after a stop were never sent: the result says so, as a local ingest's does.
  return { ...sent, rejected, interrupted: sent.interrupted || stoppedEarly };
}
