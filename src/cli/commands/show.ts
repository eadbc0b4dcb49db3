import type { Command } from 'commander';
import { type CommandContext, type StoreOptions, withStoreOptions, writeJson } from '../command-context.ts';
import { formatProductCard, type ProductCard } from '../render/format-product-card.ts';
import { withMesh } from '../with-mesh.ts';

/** `meshwork show <product>`: a readable product card. */
export function registerShow(program: Command, ctx: CommandContext): void {
  withStoreOptions(
    program
      .command('show')
      .summary('show a product card: owner, status, SLA, quality, usage, schema and lineage')
      .argument('<product>', 'product id')
      .option('--json', 'print the card as JSON (descriptor, metrics, latest quality run, lineage)')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork show sales.transactions\n  meshwork show customer.profiles --json',
      ),
  ).action(async (productId: string, opts: StoreOptions & { json?: boolean }) => {
    await withMesh(ctx, opts, async (mesh) => {
      const product = await mesh.product(productId);
      const [latest] = await product.qualityHistory(1);
      const card: ProductCard = {
        descriptor: await product.descriptor(),
        metrics: await product.metrics(),
        quality: latest ?? null,
        lineage: await product.lineage(),
      };
      if (opts.json) writeJson(ctx.io, card);
      else ctx.io.stdout.write(formatProductCard(card));
    });
  });
}
