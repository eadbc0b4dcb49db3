import type { Command } from 'commander';
import { type CommandContext, type StoreOptions, withStoreOptions, writeJson } from '../command-context.ts';
import type { RemoteMesh } from '../remote/remote-mesh.ts';
import { formatDerivedStatus, formatRefresh, formatSourceStatus } from '../render/format-refresh.ts';

/** `meshwork refresh <product>`: recomputes a derived product from its input products. */
export function registerRefresh(program: Command, ctx: CommandContext): void {
  withStoreOptions(
    program
      .command('refresh')
      .summary('recompute a derived product, or pull a connector-fed product again')
      .description(
        'Runs a derived product’s declared SQL over its input products (their tables are resolved by the platform), once the user-SQL guard has checked it on DuckDB’s parse tree (one SELECT, only its inputs’ tables, allow-listed functions) and you may still read every input (exit code 6 otherwise); on DuckDB it runs in an isolated in-memory store without file access over copies of the inputs. It replaces its records with the result in one transaction, checks the result against its contract, and records the write and the lineage from every input. With --status, only tells whether it is behind its inputs. For a product fed by a connector (meshwork connect), pulls the source again with the settings of the last pull; a failure leaves the stored product as it was.',
      )
      .argument('<product>', 'id of a derived or connector-fed product')
      .option(
        '--status',
        'only tell whether the product is behind: a derived product, which inputs changed since; a connector-fed one, its source, last pull, and whether its data is older than its SLA freshness',
      )
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork create examples/customer_revenue/product.yaml\n  meshwork refresh sales.customer_revenue\n  meshwork refresh sales.customer_revenue --status --json\n  meshwork refresh external.worldbank_indicators\n  meshwork refresh external.worldbank_indicators --status',
      ),
  ).action(async (productId: string, opts: StoreOptions & { status?: boolean; json?: boolean }) => {
    const mesh = await ctx.openMesh(opts, 'read');
    try {
      const product = await mesh.product(productId);
      const source = await mesh.source(productId);
      const [{ WORLDBANK_CONNECTOR }, { refreshWorldBank }] = await Promise.all([
        import('../../connectors/worldbank/worldbank-pull.ts'),
        import('../../product/materialize-worldbank.ts'),
      ]);
      if (source?.connector === WORLDBANK_CONNECTOR && !opts.status) {
        // A connector-fed product is refreshed by pulling its source again with the stored settings.
        // Through --server the server pulls (the CLI's mesh is then a RemoteMesh); on a store, this process does.
        const pulled =
          'refreshConnector' in mesh
            ? await (mesh as unknown as RemoteMesh).refreshConnector(productId)
            : await refreshWorldBank(mesh, productId);
        if (opts.json) writeJson(ctx.io, { connector: source.connector, ...pulled });
        else {
          ctx.io.stdout.write(
            `${pulled.productId}: pulled again from ${source.connector}: ${pulled.inserted} record(s) stored (${pulled.removed} replaced)\n`,
          );
        }
        return;
      }
      if (source !== undefined && opts.status) {
        const status = await mesh.sourceStatus(productId);
        if (opts.json) writeJson(ctx.io, status);
        else ctx.io.stdout.write(formatSourceStatus(status));
        return;
      }
      if (opts.status) {
        const status = await product.derivedStatus();
        if (opts.json) writeJson(ctx.io, status);
        else ctx.io.stdout.write(formatDerivedStatus(status));
        return;
      }
      const result = await product.refresh();
      if (opts.json) writeJson(ctx.io, result);
      else ctx.io.stdout.write(formatRefresh(result));
    } finally {
      await mesh.close();
    }
  });
}
