import type { Command } from 'commander';
import { type CommandContext, type StoreOptions, withStoreOptions, writeJson } from '../command-context.ts';
import { renderTable } from '../render/table.ts';

/** `meshwork list`: lists the products in the catalog. */
export function registerList(program: Command, ctx: CommandContext): void {
  withStoreOptions(
    program
      .command('list')
      .summary('list data products')
      .option('--domain <domain>', 'only products of this domain')
      .option('--status <status>', 'only products in this lifecycle state')
      .option('--json', 'print descriptors as JSON')
      .addHelpText('after', '\nExamples:\n  meshwork list\n  meshwork list --domain sales --json'),
  ).action(async (opts: StoreOptions & { domain?: string; status?: string; json?: boolean }) => {
    const mesh = await ctx.openMesh(opts);
    try {
      const products = await mesh.listProducts({
        ...(opts.domain ? { domain: opts.domain } : {}),
        ...(opts.status ? { status: opts.status } : {}),
      });
      if (opts.json) {
        writeJson(ctx.io, products);
        return;
      }
      ctx.io.stdout.write(
        renderTable(
          products.map((p) => ({
            id: p.id,
            version: p.version,
            status: p.status,
            quality: p.qualityLevel,
            owner: p.owner,
            description: p.description.length > 60 ? `${p.description.slice(0, 59)}…` : p.description,
          })),
          ['id', 'version', 'status', 'quality', 'owner', 'description'],
        ),
      );
    } finally {
      await mesh.close();
    }
  });
}
