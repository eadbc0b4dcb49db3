import type { Command } from 'commander';
import { MeshError } from '../../core/errors.ts';
import { type CommandContext, type StoreOptions, withStoreOptions, writeJson } from '../command-context.ts';
import { parseAssignments } from '../parse-assignments.ts';
import { withMesh } from '../with-mesh.ts';

interface ChangeCliOptions extends StoreOptions {
  readonly where?: string;
  readonly set: string[];
  readonly json?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Refuses a change without a filter before the store is opened. */
function requireWhere(command: string, where: string | undefined): string {
  if (where === undefined || where.trim() === '') {
    throw new MeshError(
      'invalid_input',
      `${command} needs --where "<filter>" naming the records to change; it never changes every record by accident`,
    );
  }
  return where;
}

/** `meshwork update` and `meshwork remove`: change or delete the records matching a filter. */
export function registerUpdateRemove(program: Command, ctx: CommandContext): void {
  withStoreOptions(
    program
      .command('update')
      .summary('change fields of the records matching a filter')
      .description(
        'Sets fields on every record matching --where. Values are read as the field types of the contract (numbers, integers, true/false; text may be quoted; null clears an optional field) and checked against the contract and its rules before anything changes. The primary key cannot be changed.',
      )
      .argument('<product>', 'product id')
      .option('-w, --where <expression>', 'filter naming the records to change (required)')
      .option('-s, --set <field=value>', 'a field and its new value (repeat for several)', collect, [])
      .option('--json', 'print the result as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork update customer.profiles --where "customer_id = \'C001\'" --set email=new@example.com\n  meshwork update sales.transactions -w "region = \'EU\'" --set region=Europe --set amount=10.5',
      ),
  ).action(async (productId: string, opts: ChangeCliOptions) => {
    const where = requireWhere('update', opts.where);
    await withMesh(ctx, opts, async (mesh) => {
      const product = await mesh.product(productId);
      const changes = parseAssignments(opts.set, (await product.descriptor()).schema);
      const updated = await product.update(where, changes);
      if (opts.json) writeJson(ctx.io, { productId, updated, fields: Object.keys(changes) });
      else
        ctx.io.stdout.write(
          `${updated} record(s) of ${productId} updated (${Object.keys(changes).join(', ')})\n`,
        );
    });
  });
  withStoreOptions(
    program
      .command('remove')
      .summary('remove the records matching a filter')
      .argument('<product>', 'product id')
      .option('-w, --where <expression>', 'filter naming the records to remove (required)')
      .option('--json', 'print the result as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork remove sales.transactions --where "transaction_id = \'TXN001\'"\n  meshwork remove sales.transactions -w "date < \'2024-01-01\'" --json',
      ),
  ).action(async (productId: string, opts: Omit<ChangeCliOptions, 'set'>) => {
    const where = requireWhere('remove', opts.where);
    await withMesh(ctx, opts, async (mesh) => {
      const removed = await (await mesh.product(productId)).remove(where);
      if (opts.json) writeJson(ctx.io, { productId, removed });
      else ctx.io.stdout.write(`${removed} record(s) removed from ${productId}\n`);
    });
  });
}
