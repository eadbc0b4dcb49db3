import { type Command, Option } from 'commander';
import { EXPORT_FORMATS, type ExportFormat } from '../../engine/engine.ts';
import {
  type CommandContext,
  type FormulaEscapeOptions,
  type StoreOptions,
  withFormulaEscapeOption,
  withStoreOptions,
  writeJson,
} from '../command-context.ts';
import { withMesh } from '../with-mesh.ts';

interface ExportCliOptions extends StoreOptions, FormulaEscapeOptions {
  readonly format?: ExportFormat;
  readonly where?: string;
  readonly columns?: string;
  readonly orderBy?: string;
  readonly json?: boolean;
  readonly version?: string;
}

function list(text: string | undefined): string[] | undefined {
  return text
    ?.split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

/** `meshwork export <product> <file>`: writes a product's records to CSV, NDJSON or Parquet. */
export function registerExport(program: Command, ctx: CommandContext): void {
  withStoreOptions(
    withFormulaEscapeOption(
      program
        .command('export')
        .summary('write a product’s records to a CSV, NDJSON or Parquet file')
        .description(
          "Writes the records matching a filter to a file (replacing it), streamed by the engine. PII fields you may not read are written masked, as `query` shows them. In CSV, text cells starting with = + - @ tab or CR get a leading ' so that spreadsheets show them as text (--no-formula-escape writes them as they are). The export is recorded in the access log.",
        )
        .argument('<product>', 'product id')
        .argument('<file>', 'file to write; the format comes from its extension (.csv, .ndjson, .parquet)')
        .addOption(
          new Option('--format <format>', 'file format (default: from the extension)').choices([
            ...EXPORT_FORMATS,
          ]),
        )
        .option('-w, --where <expression>', 'only records matching this filter')
        .option('-c, --columns <list>', 'comma-separated fields to write (default: all)')
        .option('-o, --order-by <list>', "comma-separated order, e.g. 'date,amount desc'")
        .option(
          '--version <major>',
          'export an older published major version (e.g. 1) until its migration window closes',
        )
        .option('--json', 'print the result as JSON'),
    ).addHelpText(
      'after',
      '\nExamples:\n  meshwork export sales.transactions sales.csv\n  meshwork export sales.transactions europe.parquet --where "region = \'Europe\'"\n  meshwork export customer.profiles gold.ndjson -w "tier = \'gold\'" -c customer_id,name\n  meshwork export sales.transactions raw.csv --no-formula-escape   # for machines: text as stored',
    ),
  ).action(async (productId: string, file: string, opts: ExportCliOptions) => {
    const columns = list(opts.columns);
    const orderBy = list(opts.orderBy);
    await withMesh(
      ctx,
      opts,
      async (mesh) => {
        const product = await mesh.product(productId);
        const result = await product.exportFile(file, {
          ...(opts.format ? { format: opts.format } : {}),
          ...(opts.where ? { where: opts.where } : {}),
          ...(columns ? { columns } : {}),
          ...(orderBy ? { orderBy } : {}),
          ...(opts.formulaEscape === false ? { csvFormulaEscape: false } : {}),
          ...(opts.version === undefined ? {} : { version: opts.version }),
        });
        if (opts.json) {
          writeJson(ctx.io, result);
          return;
        }
        ctx.io.stdout.write(
          `${result.rows} record(s) of ${result.productId}${opts.version === undefined ? '' : ` ${result.version}`} written to ${result.path} (${result.format})\n`,
        );
        const masked = Object.entries(result.maskedFields);
        if (masked.length > 0) {
          ctx.io.stderr.write(
            `note: PII written masked for you: ${masked.map(([f, how]) => `${f} (${how})`).join(', ')}; request access with PII to export them\n`,
          );
        }
      },
      'read',
    );
  });
}
