import type { Command } from 'commander';
import { MeshError } from '../../core/errors.ts';
import {
  CARD_FORMATS,
  type CommandContext,
  outputFormat,
  type StoreOptions,
  withFormatOption,
  withStoreOptions,
  writeJson,
} from '../command-context.ts';
import { EXIT } from '../exit-codes.ts';
import { formatQualityHistory, formatQualityReport } from '../render/format-quality.ts';

interface QualityCliOptions extends StoreOptions {
  readonly history?: boolean;
  readonly run?: string;
  readonly limit: string;
  readonly save: boolean;
  readonly strict?: boolean;
  readonly format?: string;
  readonly json?: boolean;
}

function wholeNumber(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min)
    throw new MeshError('invalid_input', `${flag} must be a whole number of ${min} or more, got ${value}`);
  return n;
}

/** `meshwork quality <product>`: checks a product against its contract and SLA, or shows the run history. */
export function registerQuality(program: Command, ctx: CommandContext): void {
  withFormatOption(
    withStoreOptions(
      program
        .command('quality')
        .summary('check a product’s data against its contract and SLA, and keep the run in its history')
        .description(
          'Runs the quality checks its contract implies, in the engine: completeness per field, uniqueness of the key, validity of every rule and constraint. Each is compared with the SLA targets; the run gets a verdict and the quality level its results earn (rules per level from the contract), and is stored so history can be shown.',
        )
        .argument('<product>', 'product id')
        .option('--history', 'list the stored runs instead of running the checks')
        .option(
          '--run <n>',
          'show one stored run: its number among this product’s runs (1 is the first), as --history lists them',
        )
        .option('-l, --limit <n>', 'most runs to list with --history', '20')
        .option('--no-save', 'do not keep this run in the history')
        .option('--strict', 'exit with code 5 when the verdict is fail'),
    ),
    CARD_FORMATS,
    'text',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork quality sales.transactions\n  meshwork quality customer.profiles --strict --json\n  meshwork quality sales.transactions --history\n  meshwork quality sales.transactions --run 3',
    )
    .action(async (productId: string, opts: QualityCliOptions) => {
      const json = outputFormat(opts) === 'json';
      const limit = wholeNumber('--limit', opts.limit, 0);
      const runId = opts.run === undefined ? undefined : wholeNumber('--run', opts.run, 1);
      if (opts.history && runId !== undefined)
        throw new MeshError('invalid_input', 'use either --history or --run, not both');
      const mesh = await ctx.openMesh(opts, 'read');
      try {
        const product = await mesh.product(productId);
        if (opts.history) {
          const runs = await product.qualityHistory(limit);
          if (json) writeJson(ctx.io, runs);
          else ctx.io.stdout.write(formatQualityHistory(productId, runs));
          return;
        }
        const report =
          runId === undefined
            ? await product.checkQuality({ store: opts.save })
            : await product.qualityRun(runId);
        if (json) writeJson(ctx.io, report);
        else ctx.io.stdout.write(formatQualityReport(report));
        if (opts.strict && report.verdict === 'fail') ctx.setExitCode(EXIT.contractViolation);
      } finally {
        await mesh.close();
      }
    });
}
