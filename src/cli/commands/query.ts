import type { Command } from 'commander';
import { MeshError } from '../../core/errors.ts';
import {
  type CommandContext,
  type FormulaEscapeOptions,
  outputFormat,
  type StoreOptions,
  withFormatOption,
  withFormulaEscapeOption,
  withStoreOptions,
} from '../command-context.ts';
import { formatRows, ROW_FORMATS, type RowFormat } from '../render/format-rows.ts';

interface QueryCliOptions extends StoreOptions, FormulaEscapeOptions {
  readonly where?: string;
  readonly columns?: string;
  readonly orderBy?: string;
  readonly limit: string;
  readonly offset?: string;
  readonly cursor?: string;
  readonly all?: boolean;
  readonly format?: string;
  readonly json?: boolean;
  readonly version?: string;
}

function wholeNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new MeshError('invalid_input', `${flag} must be a whole number of 0 or more, got ${value}`);
  return n;
}

/** `meshwork query <product>`: reads records through a filter expression. */
export function registerQuery(program: Command, ctx: CommandContext): void {
  withFormatOption(
    withStoreOptions(
      withFormulaEscapeOption(
        program
          .command('query')
          .summary('read records of a product with a filter')
          .description(
            'Reads records matching a filter expression. Filter language: field = value, != < <= > >=, in (...), like, contains, is [not] null, and/or/not, parentheses, year()/month()/day()/lower()/upper()/length(). Strings in single quotes. Every published major keeps its own table: --version reads an older one (a consumer whose grant pins an older major reads that one by default) while the migration window of the current major is open; owners may until the product is archived.',
          )
          .argument('<product>', 'product id, e.g. sales.transactions')
          .option('-w, --where <expression>', 'filter, e.g. "region = \'Europe\' and amount > 100"')
          .option('-c, --columns <list>', 'comma-separated fields to show')
          .option('-o, --order-by <list>', "comma-separated order, e.g. 'amount desc,date'")
          .option('-l, --limit <n>', 'most rows to return', '100')
          .option('--offset <n>', 'rows to skip')
          .option('--cursor <cursor>', 'continue after a previous page (see nextCursor in JSON output)')
          .option('--all', 'return every matching row (no limit)')
          .option(
            '--version <major>',
            'read an older published major version (e.g. 1, or 0.2 below 1.0.0) until its migration window closes',
          ),
      ),
    ),
    ROW_FORMATS,
    'table',
  )
    .addHelpText(
      'after',
      "\nExamples:\n  meshwork query sales.transactions --where \"region = 'Europe'\"\n  meshwork query customer.profiles -w \"lifetime_value > 3000 and tier = 'gold'\" -c customer_id,tier --json\n  meshwork query sales.transactions -o 'amount desc' -l 3 --format csv\n  meshwork query sales.transactions --version 1",
    )
    .action(async (productId: string, opts: QueryCliOptions) => {
      const format = outputFormat(opts) as RowFormat;
      const limit = opts.all ? undefined : wholeNumber('--limit', opts.limit);
      const columns = opts.columns
        ?.split(',')
        .map((c) => c.trim())
        .filter((c) => c !== '');
      const orderBy = opts.orderBy
        ?.split(',')
        .map((c) => c.trim())
        .filter((c) => c !== '');
      const mesh = await ctx.openMesh(opts, 'read');
      try {
        const product = await mesh.product(productId);
        const result = await product.query(opts.where, {
          ...(columns ? { columns } : {}),
          ...(orderBy ? { orderBy } : {}),
          ...(limit === undefined ? {} : { limit }),
          ...(opts.offset ? { offset: wholeNumber('--offset', opts.offset) } : {}),
          ...(opts.cursor ? { cursor: opts.cursor } : {}),
          ...(opts.version === undefined ? {} : { version: opts.version }),
        });
        // An older major has the fields it had: the rows say which (the current fields when there are none).
        const first = result.rows[0];
        const shown =
          columns ??
          (first === undefined
            ? (await product.descriptor()).schema.fields.map((f) => f.name)
            : Object.keys(first));
        ctx.io.stdout.write(
          formatRows(result.rows, shown, format, result.nextCursor, {
            formulaEscape: opts.formulaEscape !== false,
          }),
        );
        if (format === 'table' && limit !== undefined && result.rows.length === limit) {
          ctx.io.stderr.write(
            `(first ${limit} rows; more may match: use --limit, --all or --cursor ${result.nextCursor ?? ''})\n`,
          );
        }
      } finally {
        await mesh.close();
      }
    });
}
