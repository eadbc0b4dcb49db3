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
import { formatAnalytics } from '../render/format-analytics.ts';
import { formatMetrics } from '../render/format-metrics.ts';
import { formatSlaStatus } from '../render/format-quality.ts';

interface MetricsCliOptions extends StoreOptions {
  readonly format?: string;
  readonly json?: boolean;
  readonly top?: string;
  readonly breakdown?: string[];
  readonly where?: string;
  readonly segment?: string;
}

function positive(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new MeshError('invalid_input', `${flag} must be a whole number of 1 or more, got ${value}`);
  return n;
}

/** `meshwork metrics <product>`: shows usage, freshness, the measured SLA and the product's declared analytics. */
export function registerMetrics(program: Command, ctx: CommandContext): void {
  withFormatOption(
    withStoreOptions(
      program
        .command('metrics')
        .summary('show a product’s records, accesses, SLA and declared analytics (computed in the engine)')
        .description(
          'Shows usage figures (accesses by operation; reads and writes per day over the last 30 days, all days in --json), freshness and the SLA measured against the latest quality run, then the measures and breakdowns the product declares in its analytics section, computed by the engine from the current data.',
        )
        .argument('<product>', 'product id')
        .option('--top <n>', 'N for top-N breakdowns (default: as declared, e.g. 5)')
        .option('-b, --breakdown <name...>', 'show only these breakdowns, e.g. revenue_by_region')
        .option('-w, --where <expression>', 'compute the analytics over the records matching a filter only')
        .option('-s, --segment <name>', 'compute the analytics over a segment’s records only'),
    ),
    CARD_FORMATS,
    'text',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork metrics sales.transactions\n  meshwork metrics sales.transactions --breakdown revenue_by_region revenue_by_category\n  meshwork metrics sales.transactions --breakdown top_customers --top 3\n  meshwork metrics sales.transactions --where "region = \'Europe\'" --json\n  meshwork metrics customer.profiles --segment high_value',
    )
    .action(async (productId: string, opts: MetricsCliOptions) => {
      const top = opts.top === undefined ? undefined : positive('--top', opts.top);
      const mesh = await ctx.openMesh(opts, 'read');
      try {
        const product = await mesh.product(productId);
        const metrics = await product.metrics();
        const sla = await product.slaStatus();
        const [latest] = await product.qualityHistory(1);
        // An archived product keeps its data for audit only: its usage figures stay readable, its data does not.
        const archived = (await product.descriptor()).status === 'archived';
        const analytics = archived
          ? null
          : await product.analytics({
              ...(top === undefined ? {} : { top }),
              ...(opts.breakdown === undefined ? {} : { breakdowns: opts.breakdown }),
              ...(opts.where === undefined ? {} : { where: opts.where }),
              ...(opts.segment === undefined ? {} : { segment: opts.segment }),
            });
        const measuredLevel =
          latest === undefined
            ? null
            : { level: latest.derivedLevel, runId: latest.runId, checkedAt: latest.checkedAt };
        if (outputFormat(opts) === 'json') {
          writeJson(ctx.io, { ...metrics, measuredQualityLevel: measuredLevel, slaStatus: sla, analytics });
          return;
        }
        const level =
          measuredLevel === null
            ? 'not measured yet (run `meshwork quality`)'
            : `${measuredLevel.level} (quality run ${measuredLevel.runId} at ${measuredLevel.checkedAt})`;
        ctx.io.stdout.write(formatMetrics(metrics));
        const figures =
          analytics === null
            ? 'analytics: not computed, the product is archived\n'
            : formatAnalytics(analytics);
        ctx.io.stdout.write(`\n${formatSlaStatus(sla)}measured quality level: ${level}\n\n${figures}`);
      } finally {
        await mesh.close();
      }
    });
}
