import type { Command } from 'commander';
import { type CommandContext, type StoreOptions, withStoreOptions, writeJson } from '../command-context.ts';
import { formatMetrics } from '../render/format-metrics.ts';

/** `meshwork metrics <product>`: shows usage and freshness figures. */
export function registerMetrics(program: Command, ctx: CommandContext): void {
  withStoreOptions(
    program
      .command('metrics')
      .summary('show a product’s records, accesses and freshness against its SLA')
      .argument('<product>', 'product id')
      .option('--json', 'print as JSON')
      .addHelpText('after', '\nExamples:\n  meshwork metrics sales.transactions\n  meshwork metrics customer.profiles --json'),
  ).action(async (productId: string, opts: StoreOptions & { json?: boolean }) => {
    const mesh = await ctx.openMesh(opts);
    try {
      const metrics = await (await mesh.product(productId)).metrics();
      if (opts.json) writeJson(ctx.io, metrics);
      else ctx.io.stdout.write(formatMetrics(metrics));
    } finally {
      await mesh.close();
    }
  });
}
