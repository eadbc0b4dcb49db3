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
  writeJson,
} from '../command-context.ts';
import { formatRows, ROW_FORMATS, type RowFormat } from '../render/format-rows.ts';
import { formatSegmentStatistic, formatSegmentStatistics } from '../render/format-segments.ts';

interface ShowCliOptions extends StoreOptions, FormulaEscapeOptions {
  readonly where?: string;
  readonly columns?: string;
  readonly orderBy?: string;
  readonly limit: string;
  readonly all?: boolean;
  readonly format?: string;
  readonly json?: boolean;
}

function wholeNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new MeshError('invalid_input', `${flag} must be a whole number of 0 or more, got ${value}`);
  return n;
}

function list(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

/** `meshwork segments list|show|create|remove`: named filters over a product, evaluated afresh on every read. */
export function registerSegments(program: Command, ctx: CommandContext): void {
  const segments = program
    .command('segments')
    .summary('list, show, create and remove a product’s segments (named filters, always current)')
    .description(
      'A segment is a named filter expression over a product’s records, declared in its contract or created here and kept in the catalog. It is evaluated by the engine on every read, so counts and members follow every change.',
    )
    .addHelpText(
      'after',
      "\nExamples:\n  meshwork segments customer.profiles\n  meshwork segments show customer.profiles high_value\n  meshwork segments create customer.profiles silver_tier --where \"tier = 'silver'\" --description 'Silver customers'\n  meshwork segments remove customer.profiles silver_tier",
    );

  withStoreOptions(
    segments
      .command('list', { isDefault: true })
      .summary('list a product’s segments with their current size and share (the default)')
      .argument('<product>', 'product id')
      .option('--json', 'print as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork segments list customer.profiles\n  meshwork segments customer.profiles --json',
      ),
  ).action(async (productId: string, opts: StoreOptions & { json?: boolean }) => {
    const mesh = await ctx.openMesh(opts, 'read');
    try {
      const stats = await (await mesh.product(productId)).segments().statistics();
      if (opts.json) writeJson(ctx.io, stats);
      else ctx.io.stdout.write(formatSegmentStatistics(stats));
    } finally {
      await mesh.close();
    }
  });

  withFormatOption(
    withStoreOptions(
      withFormulaEscapeOption(segments.command('show'))
        .summary('show a segment’s size and its member records')
        .argument('<product>', 'product id')
        .argument('<segment>', 'segment name')
        .option('-w, --where <expression>', 'narrow the members with another filter')
        .option('-c, --columns <list>', 'comma-separated fields to show')
        .option('-o, --order-by <list>', "comma-separated order, e.g. 'lifetime_value desc'")
        .option('-l, --limit <n>', 'most members to show', '100')
        .option('--all', 'show every member (no limit)'),
    ),
    ROW_FORMATS,
    'table',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork segments show customer.profiles high_value\n  meshwork segments show customer.profiles recent_interactions -c customer_id,last_interaction --json',
    )
    .action(async (productId: string, name: string, opts: ShowCliOptions) => {
      const format = outputFormat(opts) as RowFormat;
      const limit = opts.all ? undefined : wholeNumber('--limit', opts.limit);
      const columns = list(opts.columns);
      const orderBy = list(opts.orderBy);
      const mesh = await ctx.openMesh(opts, 'read');
      try {
        const product = await mesh.product(productId);
        const seg = product.segments();
        const statistic = await seg.statistic(name);
        const members = await seg.members(name, {
          ...(opts.where === undefined ? {} : { where: opts.where }),
          ...(columns ? { columns } : {}),
          ...(orderBy ? { orderBy } : {}),
          ...(limit === undefined ? {} : { limit }),
        });
        if (format === 'json') {
          writeJson(ctx.io, { segment: statistic, rows: members.rows, nextCursor: members.nextCursor });
          return;
        }
        const shown = columns ?? (await product.descriptor()).schema.fields.map((f) => f.name);
        if (format === 'table') ctx.io.stdout.write(formatSegmentStatistic(statistic));
        ctx.io.stdout.write(
          formatRows(members.rows, shown, format, members.nextCursor, {
            formulaEscape: opts.formulaEscape !== false,
          }),
        );
      } finally {
        await mesh.close();
      }
    });

  withStoreOptions(
    segments
      .command('create')
      .summary('keep a new segment in the catalog')
      .argument('<product>', 'product id')
      .argument('<segment>', 'segment name: lowercase letters, digits, _ and -')
      .requiredOption('-w, --where <expression>', 'the filter members satisfy, e.g. "tier = \'gold\'"')
      .option('-d, --description <text>', 'what the segment is for')
      .option('--json', 'print the stored segment as JSON')
      .addHelpText(
        'after',
        "\nExamples:\n  meshwork segments create customer.profiles silver_tier --where \"tier = 'silver'\"\n  meshwork segments create sales.transactions big_sales -w 'amount >= 200' -d 'Sales of 200 or more'",
      ),
  ).action(
    async (
      productId: string,
      name: string,
      opts: StoreOptions & { where: string; description?: string; json?: boolean },
    ) => {
      const mesh = await ctx.openMesh(opts);
      try {
        const seg = (await mesh.product(productId)).segments();
        await seg.create({
          name,
          where: opts.where,
          ...(opts.description === undefined ? {} : { description: opts.description }),
        });
        const statistic = await seg.statistic(name);
        if (opts.json) writeJson(ctx.io, statistic);
        else
          ctx.io.stdout.write(
            `segment ${name} of ${productId} is stored: ${statistic.count} record(s) match now\n`,
          );
      } finally {
        await mesh.close();
      }
    },
  );

  withStoreOptions(
    segments
      .command('remove')
      .summary('remove a segment created in the catalog')
      .argument('<product>', 'product id')
      .argument('<segment>', 'segment name')
      .option('--json', 'print the removed segment as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork segments remove customer.profiles silver_tier\n  meshwork segments remove customer.profiles silver_tier --json',
      ),
  ).action(async (productId: string, name: string, opts: StoreOptions & { json?: boolean }) => {
    const mesh = await ctx.openMesh(opts);
    try {
      const seg = (await mesh.product(productId)).segments();
      // Read before removing, so that --json can say what was removed (its filter, description and creator).
      const removed = opts.json ? await seg.get(name) : undefined;
      await seg.remove(name);
      if (removed) writeJson(ctx.io, { ...removed, removed: true });
      else ctx.io.stdout.write(`segment ${name} of ${productId} is removed\n`);
    } finally {
      await mesh.close();
    }
  });

  for (const sub of segments.commands) sub.exitOverride();
}
