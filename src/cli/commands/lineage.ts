import type { Command } from 'commander';
import { parseLineageWalkOptions } from '../../catalog/lineage/lineage-graph.ts';
import { toLineageMermaid } from '../../catalog/lineage/to-lineage-mermaid.ts';
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
import { formatImpact, formatLineageTree } from '../render/format-lineage.ts';
import { withReadOnlyMesh } from '../with-mesh.ts';

/** Output formats of `meshwork lineage`. */
const LINEAGE_FORMATS = ['tree', 'mermaid', 'json', 'openlineage'] as const;

interface LineageCliOptions extends StoreOptions {
  readonly direction?: string;
  readonly depth?: string;
  readonly format?: string;
  readonly json?: boolean;
  readonly namespace?: string;
}

function parseDepth(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(n) || n < 1) {
    throw new MeshError('invalid_input', `--depth must be a whole number of 1 or more, got ${text}`);
  }
  return n;
}

/** `meshwork lineage [product]` and `meshwork impact <product>`: the lineage graph and what a change reaches. */
export function registerLineage(program: Command, ctx: CommandContext): void {
  withFormatOption(
    withStoreOptions(
      program
        .command('lineage')
        .summary(
          'show lineage: upstream and downstream of a product (or the whole graph) as a tree, Mermaid or JSON',
        )
        .description(
          'Walks the lineage graph from a product up (what it reads), down (what reads it) or both, to any depth; cycles are marked, not followed. Without a product, shows the whole graph. Formats: tree (indented text), mermaid (flowchart LR), json (nodes and edges), openlineage (OpenLineage RunEvents, one per product).',
        )
        .argument('[product]', 'product id (or external source); all lineage when left out')
        .option('--direction <direction>', 'up, down or both', 'both')
        .option('--depth <n>', 'most edges to follow (default: no limit)')
        .option('--namespace <namespace>', 'OpenLineage namespace of products', 'meshwork'),
    ),
    LINEAGE_FORMATS,
    'tree',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork lineage sales.transactions\n  meshwork lineage sales.customer_revenue --direction up --depth 1\n  meshwork lineage --format mermaid > lineage.mmd\n  meshwork lineage sales.transactions --format openlineage > events.json',
    )
    .action(async (root: string | undefined, opts: LineageCliOptions) => {
      const format = outputFormat(opts);
      const walk = parseLineageWalkOptions({ direction: opts.direction, depth: parseDepth(opts.depth) });
      await withReadOnlyMesh(ctx, opts, async (mesh) => {
        if (format === 'openlineage') {
          writeJson(
            ctx.io,
            await mesh.openLineage(root, {
              ...walk,
              ...(opts.namespace ? { namespace: opts.namespace } : {}),
            }),
          );
          return;
        }
        const view = await mesh.lineageGraph(root, walk);
        if (format === 'json') writeJson(ctx.io, view);
        else if (format === 'mermaid') ctx.io.stdout.write(toLineageMermaid(view));
        else ctx.io.stdout.write(formatLineageTree(view));
      });
    });
  withFormatOption(
    withStoreOptions(
      program
        .command('impact')
        .summary('list the downstream products and readers a change of a product (or one field) reaches')
        .description(
          'Lists every product downstream of the product with how surely the change reaches it: affected, potentially affected or unlikely (a derived product whose SQL never names the field), and who reads each one.',
        )
        .argument('<product>', 'product id')
        .option('-f, --field <field>', 'the field that changes (default: the product as a whole)'),
    ),
    CARD_FORMATS,
    'text',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork impact sales.transactions\n  meshwork impact sales.transactions --field amount --json',
    )
    .action(
      async (productId: string, opts: StoreOptions & { field?: string; format?: string; json?: boolean }) => {
        await withReadOnlyMesh(ctx, opts, async (mesh) => {
          const report = await mesh.impact(productId, opts.field === undefined ? {} : { field: opts.field });
          if (outputFormat(opts) === 'json') writeJson(ctx.io, report);
          else ctx.io.stdout.write(formatImpact(report));
        });
      },
    );
}
