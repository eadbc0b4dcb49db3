import type { Command } from 'commander';
import { type CommandContext, type StoreOptions, withStoreOptions, writeJson } from '../command-context.ts';
import { readSpecFile } from '../read-spec-file.ts';

/** `meshwork create <spec-file>`: registers a product (as a draft) from a descriptor file. */
export function registerCreate(program: Command, ctx: CommandContext): void {
  withStoreOptions(
    program
      .command('create')
      .summary('register a new data product from a descriptor file')
      .description('Registers a product as a draft from a YAML or JSON descriptor and creates its table.')
      .argument('<spec-file>', 'product descriptor (YAML or JSON)')
      .option('--if-exists <action>', 'when the id is taken: error or reuse', 'error')
      .option('--json', 'print the stored descriptor as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork create examples/sales/product.yaml\n  meshwork create product.yaml --if-exists reuse',
      ),
  ).action(async (file: string, opts: StoreOptions & { ifExists: string; json?: boolean }) => {
    const spec = await readSpecFile(file);
    const mesh = await ctx.openMesh(opts);
    try {
      const product = await mesh.createProduct(spec, {
        ifExists: opts.ifExists === 'reuse' ? 'reuse' : 'error',
      });
      const d = await product.descriptor();
      if (opts.json) writeJson(ctx.io, d);
      else
        ctx.io.stdout.write(
          `${d.id} ${d.version} is registered (${d.status}); table holds ${d.schema.fields.length} field(s)\n`,
        );
    } finally {
      await mesh.close();
    }
  });
}
