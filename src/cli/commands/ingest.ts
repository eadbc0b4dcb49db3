import { createWriteStream } from 'node:fs';
import { type Command, Option } from 'commander';
import { INVALID_UTF8_POLICIES, type InvalidUtf8Policy } from '../../connectors/files/open-record-file.ts';
import { RECORD_FORMATS, type RecordFormat } from '../../connectors/files/record-source.ts';
import { MeshError } from '../../core/errors.ts';
import { type IngestProgress, ON_EXISTING_MODES, type OnExisting } from '../../product/ingest-result.ts';
import { type CommandContext, type StoreOptions, withStoreOptions, writeJson } from '../command-context.ts';
import { EXIT } from '../exit-codes.ts';
import { formatIngestResult } from '../render/format-ingest.ts';
import { rejectsLine } from '../render/rejects-line.ts';

interface IngestCliOptions extends StoreOptions {
  readonly format?: RecordFormat;
  readonly batchSize?: string;
  readonly rejects?: string;
  readonly json?: boolean;
  readonly progress: boolean;
  readonly invalidUtf8: InvalidUtf8Policy;
  readonly onExisting: OnExisting;
}

/** Exit code of a process ended by Ctrl-C (128 + SIGINT), as shells expect. */
const EXIT_INTERRUPTED = 130;

/** Quotes a word for a POSIX shell when it needs it. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `meshwork ingest <product> <file>`: validates and stores the records of a JSON, NDJSON, CSV or Parquet file. */
export function registerIngest(program: Command, ctx: CommandContext): void {
  withStoreOptions(
    program
      .command('ingest')
      .summary('load records from a JSON, NDJSON, CSV or Parquet file into a product')
      .description(
        "Validates every record against the product contract and stores the valid ones in batches (one transaction each). NDJSON, CSV and Parquet files are streamed (memory does not grow with the file); CSV cells are typed to the contract's fields. Rejected records are listed with their reasons; the exit code is 5 when any record was rejected. A file without records says so (exit 0); a CSV header without a column for a required field is refused before anything is written. A record whose key is stored already is rejected by default; --on-existing skip leaves the stored one (how an interrupted ingest is resumed) and update replaces it. On Ctrl-C the batches under way finish committing, the command says how many records were committed and how to resume, and exits with 130.",
      )
      .argument('<product>', 'product id, e.g. sales.transactions')
      .argument(
        '<file>',
        'JSON array, NDJSON (one record per line), CSV (with a header line) or Parquet file; with --server it is read here and its records are streamed to the server as NDJSON',
      )
      .addOption(
        new Option('--format <format>', 'file format (default: from the extension)').choices([
          ...RECORD_FORMATS,
        ]),
      )
      .option(
        '--batch-size <n>',
        'records per transaction (default 100000; through --server the server decides, 10000 unless asked, at most 100000)',
      )
      .option(
        '--rejects <file>',
        'write every rejected record with its reasons to this NDJSON file (records as they came, e.g. 1e400)',
      )
      .addOption(
        new Option(
          '--invalid-utf8 <policy>',
          'bytes that are not UTF-8 in a JSON or NDJSON file: reject (an NDJSON line becomes a rejected record, a JSON file is refused, naming line and byte offset) or replace them with U+FFFD',
        )
          .choices([...INVALID_UTF8_POLICIES])
          .default('reject'),
      )
      .addOption(
        new Option(
          '--on-existing <mode>',
          'a record whose key is stored already: reject it (listed with the rejected), skip it (counted apart; resumes an interrupted ingest) or update the stored record with it',
        )
          .choices([...ON_EXISTING_MODES])
          .default('reject'),
      )
      .option('--no-progress', 'do not show a progress bar')
      .option('--json', 'print the result as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork ingest sales.transactions examples/sales/sample_sales.json\n  meshwork ingest sales.transactions big.ndjson --rejects rejects.ndjson --json\n  meshwork ingest sales.transactions sales.csv\n  meshwork ingest sales.transactions sales.parquet --batch-size 50000\n  meshwork ingest sales.transactions big.ndjson --on-existing skip     # resume after Ctrl-C\n  meshwork ingest sales.transactions corrections.csv --on-existing update',
      ),
  ).action(async (productId: string, file: string, opts: IngestCliOptions) => {
    const batchSize = opts.batchSize === undefined ? undefined : Number(opts.batchSize);
    if (batchSize !== undefined && (!Number.isSafeInteger(batchSize) || batchSize < 1)) {
      throw new MeshError(
        'invalid_input',
        `--batch-size must be a positive whole number, got ${opts.batchSize}; e.g. --batch-size 50000`,
      );
    }
    const mesh = await ctx.openMesh(opts);
    const rejects = opts.rejects ? createWriteStream(opts.rejects, { encoding: 'utf8' }) : undefined;
    const showBar = opts.progress && ctx.io.stderr.isTTY && !opts.json;
    const bar = showBar
      ? new (await import('cli-progress')).SingleBar({
          format:
            'ingesting {bar} {percentage}% | {processed} records | {committed} committed in {batches} batch(es) | {rate} rec/s | ETA {eta_formatted}',
          // The bar redraws its line with cursor moves, which only a terminal (checked above) understands.
          stream: ctx.io.stderr as NodeJS.WriteStream,
          hideCursor: true,
        })
      : undefined;
    const started = Date.now();
    // Ctrl-C stops reading; the batches under way finish committing, so what was stored is known exactly. A second
    // Ctrl-C ends the process at once (the next open of the store records the run as interrupted).
    const stop = new AbortController();
    const onSigint = (): void => {
      if (stop.signal.aborted) process.exit(EXIT_INTERRUPTED);
      stop.abort();
    };
    process.on('SIGINT', onSigint);
    try {
      const product = await mesh.product(productId);
      bar?.start(100, 0, { processed: 0, committed: 0, batches: 0, rate: 0 });
      const result = await product.ingestFile(file, {
        ...(batchSize === undefined ? {} : { batchSize }),
        onExisting: opts.onExisting,
        signal: stop.signal,
        ...(opts.format ? { format: opts.format } : {}),
        invalidUtf8: opts.invalidUtf8,
        onProgress: (p: IngestProgress) => {
          const pct = p.totalBytes ? Math.round(((p.bytesRead ?? 0) / p.totalBytes) * 100) : 0;
          const secs = Math.max(0.001, (Date.now() - started) / 1000);
          bar?.update(pct, {
            processed: p.processed,
            committed: p.accepted,
            batches: p.batches,
            rate: Math.round(p.processed / secs),
          });
        },
        ...(rejects
          ? {
              onRejected: (r, record, text) => {
                rejects.write(rejectsLine(r, record, text));
              },
            }
          : {}),
      });
      if (result.interrupted) {
        bar?.stop();
        const resume = ['meshwork', 'ingest', productId, file, '--on-existing', 'skip']
          .concat(opts.store === undefined ? [] : ['--store', String(opts.store)])
          .map(shellWord)
          .join(' ');
        if (opts.json) writeJson(ctx.io, { ...result, resume });
        ctx.io.stderr.write(
          `interrupted: ${result.accepted} record(s) committed in ${result.batches} batch(es) to ${productId}; the records read after them were not stored\nto resume, run: ${resume}\n`,
        );
        ctx.setExitCode(EXIT_INTERRUPTED);
        return;
      }
      bar?.update(100);
      bar?.stop();
      if (opts.json) writeJson(ctx.io, result);
      else ctx.io.stdout.write(formatIngestResult(productId, result, undefined, file));
      if (result.rejectedCount > 0) ctx.setExitCode(EXIT.contractViolation);
    } finally {
      process.off('SIGINT', onSigint);
      bar?.stop();
      if (rejects) await new Promise<void>((resolve) => rejects.end(resolve));
      await mesh.close();
    }
  });
}
