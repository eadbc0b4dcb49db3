import type { Command } from 'commander';
import type { ProductDescriptor } from '../../core/descriptor.ts';
import { PRODUCT_STATUSES } from '../../core/lifecycle.ts';
import {
  type CommandContext,
  outputFormat,
  type StoreOptions,
  withFormatOption,
  withStoreOptions,
} from '../command-context.ts';
import { formatList } from '../render/format-list.ts';
import { ROW_FORMATS, type RowFormat } from '../render/format-rows.ts';
import { renderTable } from '../render/table.ts';
import { withReadOnlyMesh } from '../with-mesh.ts';

function table(products: readonly ProductDescriptor[]): string {
  return renderTable(
    products.map((p) => ({
      id: p.id,
      version: p.version,
      status: p.status,
      quality: p.qualityLevel,
      owner: p.owner,
      description: p.description.length > 60 ? `${p.description.slice(0, 59)}…` : p.description,
    })),
    ['id', 'version', 'status', 'quality', 'owner', 'description'],
  );
}

/** `meshwork list`: lists the products in the catalog. */
export function registerList(program: Command, ctx: CommandContext): void {
  withFormatOption(
    withStoreOptions(
      program
        .command('list')
        .summary('list data products')
        .description(
          'Lists the products in the catalog by id. --json (--format json) and --format ndjson give the whole descriptors; --format csv gives id, domain, version, status, quality, owner, tags and description.',
        )
        .option('--domain <domain>', 'only products of this domain')
        .option(
          '--status <status>',
          `only products in this lifecycle state (${PRODUCT_STATUSES.join(', ')})`,
        ),
    ),
    ROW_FORMATS,
    'table',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork list\n  meshwork list --domain sales --json\n  meshwork list --status published --format csv > products.csv',
    )
    .action(
      async (opts: StoreOptions & { domain?: string; status?: string; format?: string; json?: boolean }) => {
        await withReadOnlyMesh(ctx, opts, async (mesh) => {
          const products = await mesh.listProducts({
            ...(opts.domain ? { domain: opts.domain } : {}),
            ...(opts.status ? { status: opts.status } : {}),
          });
          ctx.io.stdout.write(
            formatList(
              products,
              outputFormat(opts) as RowFormat,
              {
                columns: ['id', 'domain', 'version', 'status', 'quality', 'owner', 'tags', 'description'],
                row: (p) => ({
                  id: p.id,
                  domain: p.domain,
                  version: p.version,
                  status: p.status,
                  quality: p.qualityLevel,
                  owner: p.owner,
                  tags: p.tags.join(';'),
                  description: p.description,
                }),
              },
              table,
            ),
          );
        });
      },
    );
}
