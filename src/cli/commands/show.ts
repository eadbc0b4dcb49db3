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
import { withMesh } from '../with-mesh.ts';

/** `meshwork show <product>`: a readable product card. */
export function registerShow(program: Command, ctx: CommandContext): void {
  withFormatOption(
    withStoreOptions(
      program
        .command('show')
        .summary(
          'show a product card: owner, domain, status, versions, output ports, SLA, quality, usage, schema, lineage',
        )
        .description(
          'Prints what a consumer needs to use a product without asking anyone: who owns it and its domain, its state, every recorded version, its output ports, SLA, declared and last measured quality, usage counts, the schema with keys and PII badges, rules, and upstream/downstream lineage. --json gives the same card as data.',
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
      // Not read-only: the card's record and usage counts are a read of the data, audited like a query.
      await withMesh(
        ctx,
        opts,
        async (mesh) => {
          const product = await mesh.product(productId);
          const [latest] = await product.qualityHistory(1);
          const descriptor = await product.descriptor();
          const domain = (await mesh.listDomains()).find((d) => d.name === descriptor.domain);
          const card: ProductCard = {
            descriptor,
            // Record counts and usage are figures of the data: shown to readers only (the rest is catalog metadata).
            metrics: (await product.mayRead()) ? await product.metrics() : null,
            quality: latest ?? null,
            lineage: await product.lineage(),
            domain:
              domain === undefined
                ? null
                : {
                    name: domain.name,
                    description: domain.description,
                    ownerTeam: domain.ownerTeam,
                    createdAt: domain.createdAt,
                    updatedAt: domain.updatedAt,
                  },
            versions: await product.versions(),
            outputPorts: await product.outputPorts(),
            deprecation: await product.deprecation(),
            slaStatus: await product.slaStatus(),
          };
          if (outputFormat(opts) === 'json') writeJson(ctx.io, card);
          else ctx.io.stdout.write(formatProductCard(card));
        },
        'read',
      );
    });
}
