import { writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { CONTRACT_EXPORT_FORMATS } from '../../product/contract-export-formats.ts';
import { type CommandContext, type StoreOptions, withStoreOptions, writeJson } from '../command-context.ts';
import { withReadOnlyMesh } from '../with-mesh.ts';

interface ContractCliOptions extends StoreOptions {
  readonly format: (typeof CONTRACT_EXPORT_FORMATS)[number];
  readonly output?: string;
  readonly json?: boolean;
}

/** `meshwork contract <product>`: exports a product's contract as ODCS, ODPS, JSON Schema, SQL, Mermaid or Markdown. */
export function registerContract(program: Command, ctx: CommandContext): void {
  withStoreOptions(
    program
      .command('contract')
      .summary('export a product’s contract: ODCS, ODPS, JSON Schema, SQL DDL, Mermaid ER or a Markdown page')
      .description(
        'Prints the contract of a product’s current version in a standard format. ODCS and ODPS give back the documents the version was published from byte for byte (comments, key order and unknown fields kept) when it was published from files, and are written from the catalog otherwise. sql is DDL that DuckDB and PostgreSQL both accept; markdown is a documentation page (facts, schema, rules, quality checks, SLA).',
      )
      .argument('<product>', 'product id')
      .addOption(
        new Option('--format <format>', 'what to write')
          .choices([...CONTRACT_EXPORT_FORMATS])
          .default('odcs'),
      )
      .option('-o, --output <file>', 'write to this file instead of standard output')
      .option('--json', 'print { productId, version, format, source, text } as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork contract sales.orders > contract.odcs.yaml\n  meshwork contract sales.transactions --format markdown -o docs/sales.md\n  meshwork contract sales.transactions --format sql',
      ),
  ).action(async (productId: string, opts: ContractCliOptions) => {
    await withReadOnlyMesh(ctx, opts, async (mesh) => {
      const { exportContract } = await import('../../product/contract-export.ts');
      const exported = await exportContract(await mesh.product(productId), opts.format);
      if (opts.output !== undefined) {
        await writeFile(opts.output, exported.text);
        if (opts.json) writeJson(ctx.io, { ...exported, text: undefined, path: opts.output });
        else
          ctx.io.stdout.write(
            `${exported.productId} ${exported.version} written to ${opts.output} (${exported.format}, ${exported.source})\n`,
          );
        return;
      }
      if (opts.json) writeJson(ctx.io, exported);
      else ctx.io.stdout.write(exported.text.endsWith('\n') ? exported.text : `${exported.text}\n`);
    });
  });
}
