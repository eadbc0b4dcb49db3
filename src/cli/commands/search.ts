import type { Command } from 'commander';
import { parseSearchFilters } from '../../catalog/search/search-query.ts';
import { MeshError } from '../../core/errors.ts';
import {
  type CommandContext,
  outputFormat,
  type StoreOptions,
  withFormatOption,
  withStoreOptions,
  writeJson,
} from '../command-context.ts';
import { formatList } from '../render/format-list.ts';
import { ROW_FORMATS, type RowFormat } from '../render/format-rows.ts';
import { describeMatches, formatSearchFacets, formatSearchHits } from '../render/format-search.ts';
import { withReadOnlyMesh } from '../with-mesh.ts';

interface SearchCliOptions extends StoreOptions {
  readonly domain?: string;
  readonly status?: string;
  readonly tag?: string;
  readonly quality?: string;
  readonly owner?: string;
  readonly pii?: boolean;
  readonly limit: string;
  readonly format?: string;
  readonly json?: boolean;
}

/** `meshwork search <text>`: finds products in the catalog by text and filters, best match first. */
export function registerSearch(program: Command, ctx: CommandContext): void {
  withFormatOption(
    withStoreOptions(
      program
        .command('search')
        .summary('find products by text (ids, names, fields, tags, owners, descriptions) and filters')
        .description(
          'Every word must match the start of a word in a product: its id or name, field names, tags, domain, owner, description or field descriptions. Results come best first: exact name > name prefix > field name > tag > domain/owner > description text (see docs/catalog.md). An empty text ("") lists the products passing the filters. Archived products are left out unless --status archived. Under the results come the counts of everything found per domain, status, tag, quality level, owner and PII (--json: an object { hits, facets }).',
        )
        .argument('<text>', 'words to find, e.g. "customer email"; "" for filters only')
        .option('--domain <domain>', 'only products of this domain')
        .option('--status <status>', 'only products in this state (draft, published, deprecated, archived)')
        .option('--tag <tag>', 'only products with this tag')
        .option('--quality <level>', 'only products of this quality level (bronze, silver, gold)')
        .option('--owner <owner>', 'only products of this owner')
        .option('--pii', 'only products with PII fields')
        .option('--no-pii', 'only products without PII fields')
        .option('-l, --limit <n>', 'most results (1 to 1000)', '20'),
    ),
    ROW_FORMATS,
    'table',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork search revenue\n  meshwork search "customer email" --pii\n  meshwork search "" --domain sales --status published --json\n  meshwork search trans --quality silver --owner sales-team --limit 5\n  meshwork search "" --tag gdpr --format csv',
    )
    .action(async (text: string, opts: SearchCliOptions) => {
      const limit = Number(opts.limit);
      if (!Number.isSafeInteger(limit)) {
        throw new MeshError(
          'invalid_input',
          `--limit must be a whole number from 1 to 1000, got ${opts.limit}`,
        );
      }
      const filters = parseSearchFilters({
        domain: opts.domain,
        status: opts.status,
        tag: opts.tag,
        qualityLevel: opts.quality,
        owner: opts.owner,
        pii: opts.pii,
        limit,
      });
      await withReadOnlyMesh(ctx, opts, async (mesh) => {
        const hits = await mesh.search(text, filters);
        const format = outputFormat(opts) as RowFormat;
        // JSON carries the facet counts beside the hits; ndjson and csv stay one line per hit.
        if (format === 'json') {
          writeJson(ctx.io, { hits: [...hits], facets: hits.facets });
          return;
        }
        ctx.io.stdout.write(
          formatList(
            hits,
            format,
            {
              columns: ['product', 'score', 'domain', 'status', 'quality', 'owner', 'matched', 'description'],
              row: (h) => ({
                product: h.productId,
                score: h.score,
                domain: h.domain,
                status: h.status,
                quality: h.qualityLevel,
                owner: h.owner,
                matched: describeMatches(h.matched, Number.POSITIVE_INFINITY),
                description: h.description,
              }),
            },
            (list) => `${formatSearchHits(text, list)}${formatSearchFacets(hits.facets)}`,
          ),
        );
      });
    });
}
