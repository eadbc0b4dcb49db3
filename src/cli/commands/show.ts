import type { Command } from 'commander';
import {
  CARD_FORMATS,
  type CommandContext,
  outputFormat,
  type StoreOptions,
  withFormatOption,
  withStoreOptions,
  writeJson,
} from '../command-context.ts';
import { formatProductCard, type ProductCard } from '../render/format-product-card.ts';
import { withReadOnlyMesh } from '../with-mesh.ts';

/** `meshwork show <product>`: a readable product card. */
export function registerShow(program: Command, ctx: CommandContext): void {
  withFormatOption(
    withStoreOptions(
      program
        .command('show')
        .summary(
          'show a product card: owner, domain, status, versions, output ports, SLA, quality, schema, lineage',
        )
        .description(
          'Prints what a consumer needs to use a product without asking anyone: who owns it and its domain, its state, every recorded version, its output ports, SLA, declared and last measured quality (with the records the last run counted), the schema with keys and PII badges, rules, upstream/downstream lineage, and ingests cut short. A catalog read: it opens the store read-only and logs nothing; `meshwork metrics` gives the live record count and usage. --json gives the same card as data.',
        )
        .argument('<product>', 'product id'),
    ),
    CARD_FORMATS,
    'text',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork show sales.transactions\n  meshwork show customer.profiles --json',
    )
    .action(async (productId: string, opts: StoreOptions & { format?: string; json?: boolean }) => {
      // A catalog read: the card holds what the catalog records, nothing read from the data, so the store is opened
      // read-only and nothing is logged (the live record count and usage are `meshwork metrics`, an audited read).
      await withReadOnlyMesh(ctx, opts, async (mesh) => {
        const product = await mesh.product(productId);
        const descriptor = await product.descriptor();
        const [quality, domain, lineage, versions, outputPorts, deprecation, slaStatus, mayRead] =
          await Promise.all([
            product.qualityHistory(1),
            mesh.domain(descriptor.domain),
            product.lineage(),
            product.versions(),
            product.outputPorts(),
            product.deprecation(),
            product.slaStatus(),
            product.mayRead(),
          ]);
        const card: ProductCard = {
          descriptor,
          interruptedIngests: mayRead ? await product.interruptedIngests() : null,
          quality: quality[0] ?? null,
          lineage,
          domain: domain ?? null,
          versions,
          outputPorts,
          deprecation,
          slaStatus,
        };
        if (outputFormat(opts) === 'json') writeJson(ctx.io, card);
        else ctx.io.stdout.write(formatProductCard(card));
      });
    });
}
