import type { Command } from 'commander';
import { MeshError } from '../../core/errors.ts';
import {
  type CommandContext,
  outputFormat,
  type StoreOptions,
  withFormatOption,
  withStoreOptions,
  writeJson,
} from '../command-context.ts';
import { formatDomains } from '../render/format-domains.ts';
import { formatList } from '../render/format-list.ts';
import { ROW_FORMATS, type RowFormat } from '../render/format-rows.ts';
import { withMesh, withReadOnlyMesh } from '../with-mesh.ts';

interface DomainSetOptions extends StoreOptions {
  readonly description?: string;
  readonly ownerTeam?: string;
  readonly json?: boolean;
}

/** `meshwork domains` and `meshwork domains set <name>`: lists and describes the business domains owning products. */
export function registerDomains(program: Command, ctx: CommandContext): void {
  const domains = program
    .command('domains')
    .summary('list domains with their owner team and product counts per status (or set one)')
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork domains\n  meshwork domains --json\n  meshwork domains set sales --description "Orders and revenue" --owner-team sales-team',
    );
  withFormatOption(
    withStoreOptions(
      domains
        .command('list', { isDefault: true })
        .summary('list domains (the default)')
        .description(
          'Lists every domain (registered when its first product is created, or with `domains set`) with its description, owner team and how many of its products are draft, published, deprecated and archived.',
        ),
    ),
    ROW_FORMATS,
    'table',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork domains\n  meshwork domains list --json\n  meshwork domains --format csv',
    )
    .action(async (opts: StoreOptions & { format?: string; json?: boolean }) => {
      await withReadOnlyMesh(ctx, opts, async (mesh) => {
        const list = await mesh.listDomains();
        ctx.io.stdout.write(
          formatList(
            list,
            outputFormat(opts) as RowFormat,
            {
              columns: [
                'domain',
                'owner_team',
                'products',
                'draft',
                'published',
                'deprecated',
                'archived',
                'description',
              ],
              row: (d) => ({
                domain: d.name,
                owner_team: d.ownerTeam,
                products: d.products.total,
                draft: d.products.draft,
                published: d.products.published,
                deprecated: d.products.deprecated,
                archived: d.products.archived,
                description: d.description,
              }),
            },
            formatDomains,
          ),
        );
      });
    });
  withStoreOptions(
    domains
      .command('set')
      .summary('create a domain or set its description and owner team')
      .argument('<name>', 'domain name, e.g. sales')
      .option('-d, --description <text>', 'what the domain covers')
      .option('-o, --owner-team <team>', 'the team answering for its products')
      .option('--json', 'print the domain as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork domains set sales --description "Orders, invoices and revenue" --owner-team sales-team\n  meshwork domains set customer --owner-team crm-team',
      ),
  ).action(async (name: string, opts: DomainSetOptions) => {
    if (opts.description === undefined && opts.ownerTeam === undefined) {
      throw new MeshError(
        'invalid_input',
        `domains set ${name} changes nothing; give --description and/or --owner-team`,
      );
    }
    await withMesh(ctx, opts, async (mesh) => {
      const domain = await mesh.defineDomain({
        name,
        ...(opts.description === undefined ? {} : { description: opts.description }),
        ...(opts.ownerTeam === undefined ? {} : { ownerTeam: opts.ownerTeam }),
      });
      if (opts.json) writeJson(ctx.io, domain);
      else
        ctx.io.stdout.write(
          `domain ${domain.name}: ${domain.description ?? '(no description)'}; owner team ${domain.ownerTeam ?? '(none)'}; ${domain.products.total} product(s)\n`,
        );
    });
  });
}
