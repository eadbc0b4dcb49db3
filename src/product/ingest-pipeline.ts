import type { SourceProgress, SourceRecord } from '../connectors/files/record-source.ts';
import type { ProductDescriptor } from '../core/descriptor.ts';
import { type Issue, MeshError } from '../core/errors.ts';
import type { RecordValidator } from '../core/validation/compile-record-validator.ts';
import type { TableSpec } from '../engine/engine.ts';
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

function shorten(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
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

/**
 * Validates records against the product's compiled validator and writes the valid ones in batches,
 * one transaction per batch. Invalid records and duplicate keys are reported, never half-written.
 */
export async function runIngest(
  ctx: MeshContext,
  target: IngestTarget,
  source: AsyncIterable<SourceRecord> | Iterable<SourceRecord>,
  progress: () => SourceProgress | undefined,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
  const maxRejected = options.maxRejected ?? DEFAULT_MAX_REJECTED;
  const keyOf = keyReader(target);
  // The original records are kept until their batch is written only for whoever wants rejected records back.
  const keepValues = options.onRejected !== undefined;
  const rejected: RejectedRecord[] = [];
  let rejectedCount = 0;
  let total = 0;
  let accepted = 0;
  let batches = 0;

  const reject = (index: number, line: number | undefined, issues: Issue[], record: unknown): void => {
    rejectedCount += 1;
    const entry: RejectedRecord = line === undefined ? { index, issues } : { index, line, issues };
    if (rejected.length < maxRejected) rejected.push(entry);
    options.onRejected?.(entry, record);
  };

  let rows: unknown[][] = [];
  let meta: { index: number; line: number | undefined; value: unknown }[] = [];
  let seen = new Map<unknown, number>();

  const flush = async (): Promise<void> => {
    if (rows.length === 0) return;
    const batchRows = rows;
    const batchMeta = meta;
    rows = [];
    meta = [];
    seen = new Map();
    const at = ctx.now().toISOString();
    let result: Awaited<ReturnType<typeof tx0>>;
    const tx0 = () =>
      ctx.engine.transaction(async (tx) => {
        const r = await tx.insertRows(target.table, batchRows);
        if (r.inserted > 0) await ctx.registry.touchWrite(tx, target.descriptor.id, at);
        return r;
      });
    try {
      result = await tx0();
    } catch (error) {
      // The failed batch was rolled back whole; earlier batches stay stored. Say how far the ingest got.
      const e =
        error instanceof MeshError ? error : new MeshError('internal', String(error), { cause: error });
      throw new MeshError(
        e.code,
        `${e.message} (ingest of ${target.descriptor.id} stopped at batch ${batches + 1}: that batch was rolled back; ${accepted} record(s) from ${batches} earlier batch(es) are stored)`,
        { cause: error, details: { ...e.details, acceptedBefore: accepted, batchesStored: batches } },
      );
    }
    batches += 1;
    accepted += result.inserted;
    for (const i of result.duplicateIndexes) {
      const m = batchMeta[i];
      const row = batchRows[i];
      if (!m || !row) continue;
      reject(
        m.index,
        m.line,
        [
          {
            path: [m.index, ...target.table.primaryKey],
            code: 'duplicate_key',
            message: `${keyText(target, row)} is already stored; primary keys must be unique (use update to change it)`,
          },
        ],
        m.value,
      );
    }
    const p = progress();
    options.onProgress?.({
      processed: total,
      accepted,
      rejected: rejectedCount,
      ...(p ? { bytesRead: p.bytesRead, totalBytes: p.totalBytes } : {}),
    });
  };

  for await (const item of source) {
    const index = total;
    total += 1;
    if (item.error !== undefined) {
      reject(index, item.line, [{ path: [index], code: 'parse', message: item.error }], undefined);
    } else {
      const checked = target.validator.validate(item.value, index);
      if (!checked.ok) {
        reject(index, item.line, checked.issues, item.value);
      } else if (keyOf) {
        const key = keyOf(checked.row);
        const first = seen.get(key);
        if (first !== undefined) {
          reject(
            index,
            item.line,
            [
              {
                path: [index, ...target.table.primaryKey],
                code: 'duplicate_key',
                message: `${keyText(target, checked.row)} appears twice in the input (first at record ${first}); primary keys must be unique`,
              },
            ],
            item.value,
          );
        } else {
          seen.set(key, index);
          rows.push(checked.row);
          meta.push({ index, line: item.line, value: keepValues ? item.value : undefined });
        }
      } else {
        rows.push(checked.row);
        meta.push({ index, line: item.line, value: keepValues ? item.value : undefined });
      }
    }
    if (rows.length >= batchSize) await flush();
  }
  await flush();
  if (batches === 0) {
    const p = progress();
    options.onProgress?.({
      processed: total,
      accepted,
      rejected: rejectedCount,
      ...(p ? { bytesRead: p.bytesRead, totalBytes: p.totalBytes } : {}),
    });
  }
  rejected.sort((a, b) => a.index - b.index);
  return { total, accepted, rejected, rejectedCount, batches };
}
