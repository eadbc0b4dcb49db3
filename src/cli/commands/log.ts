import { type Command, Option } from 'commander';
import { OPERATIONS, type Operation } from '../../catalog/access-log.ts';
import { MeshError } from '../../core/errors.ts';
import {
  type CommandContext,
  outputFormat,
  type StoreOptions,
  withFormatOption,
  withStoreOptions,
} from '../command-context.ts';
import { formatAccessLog } from '../render/format-access-log.ts';
import { formatList } from '../render/format-list.ts';
import { ROW_FORMATS, type RowFormat } from '../render/format-rows.ts';
import { withReadOnlyMesh } from '../with-mesh.ts';

interface LogCliOptions extends StoreOptions {
  readonly operation?: Operation;
  readonly by?: string;
  readonly since?: string;
  readonly limit: string;
  readonly offset: string;
  readonly format?: string;
  readonly json?: boolean;
}

/** `meshwork log [product]`: reads the access log. */
export function registerLog(program: Command, ctx: CommandContext): void {
  withFormatOption(
    withStoreOptions(
      program
        .command('log')
        .summary('read the access log (newest first)')
        .argument('[product]', 'only entries of this product')
        .addOption(new Option('--operation <op>', 'only this operation').choices([...OPERATIONS]))
        .option('--by <principal>', 'only entries by this principal')
        .option('--since <iso-time>', 'only entries at or after this time')
        .option('-l, --limit <n>', 'most entries', '20')
        .option('--offset <n>', 'entries to skip', '0'),
    ),
    ROW_FORMATS,
    'table',
  )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork log\n  meshwork log sales.transactions --operation query --limit 5\n  meshwork log sales.transactions --since 2025-10-01 --format ndjson',
    )
    .action(async (productId: string | undefined, opts: LogCliOptions) => {
      const limit = Number(opts.limit);
      const offset = Number(opts.offset);
      if (!Number.isSafeInteger(limit) || limit < 0 || !Number.isSafeInteger(offset) || offset < 0) {
        throw new MeshError('invalid_input', '--limit and --offset must be whole numbers of 0 or more');
      }
      await withReadOnlyMesh(ctx, opts, async (mesh) => {
        if (productId !== undefined) await mesh.product(productId);
        const entries = await mesh.accessLog({
          ...(productId ? { productId } : {}),
          ...(opts.operation ? { operation: opts.operation } : {}),
          ...(opts.by ? { actor: opts.by } : {}),
          ...(opts.since ? { since: opts.since } : {}),
          limit,
          offset,
        });
        ctx.io.stdout.write(
          formatList(
            entries,
            outputFormat(opts) as RowFormat,
            {
              columns: ['time', 'actor', 'operation', 'product', 'version', 'rows', 'outcome', 'parameters'],
              row: (e) => ({
                time: e.at,
                actor: e.actor,
                operation: e.operation,
                product: e.productId,
                version: e.productVersion,
                rows: e.rowsAffected,
                outcome: e.outcome,
                parameters: JSON.stringify(e.parameters),
              }),
            },
            formatAccessLog,
          ),
        );
      });
    });
}
