import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { type Command, Option } from 'commander';
import { SCAFFOLD_FORMATS, type ScaffoldFormat, scaffoldProduct } from '../../contract/scaffold-product.ts';
import { MeshError } from '../../core/errors.ts';
import type { CommandContext } from '../command-context.ts';

interface InitOptions {
  readonly id?: string;
  readonly owner?: string;
  readonly description?: string;
  readonly format: ScaffoldFormat;
  readonly force?: boolean;
}

/** Asks for missing answers on a terminal; elsewhere a missing answer is an error naming the flag. */
async function ask(
  ctx: CommandContext,
  opts: InitOptions,
): Promise<Required<Pick<InitOptions, 'id' | 'owner'>> & InitOptions> {
  const missing = (['id', 'owner'] as const).filter((k) => !opts[k]);
  if (missing.length === 0) return opts as Required<Pick<InitOptions, 'id' | 'owner'>> & InitOptions;
  if (!process.stdin.isTTY || !ctx.io.stdout.isTTY) {
    throw new MeshError(
      'invalid_input',
      `init needs ${missing.map((m) => `--${m}`).join(' and ')} when not run on a terminal`,
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const id = opts.id ?? (await rl.question('Product id (domain.name, e.g. sales.orders): ')).trim();
    const owner = opts.owner ?? (await rl.question('Owner (team or person): ')).trim();
    const description =
      opts.description ?? ((await rl.question('Description (optional): ')).trim() || undefined);
    return { ...opts, id, owner, ...(description ? { description } : {}) };
  } finally {
    rl.close();
  }
}

/** `meshwork init <dir>`: scaffolds a product folder with descriptor, contract and sample data. */
export function registerInit(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .summary('scaffold a new product folder: descriptor, contract and sample data')
    .description(
      'Writes an ODPS product descriptor and an ODCS contract (or one Meshwork YAML with --format meshwork) with a\nstarter schema, and sample data that passes it. Asks for missing answers on a terminal; takes flags otherwise.\nNext: meshwork validate <dir>, meshwork publish <dir>, meshwork ingest <id> <dir>/sample-data.json',
    )
    .argument('<dir>', 'folder to create (must be empty or new)')
    .option('--id <id>', 'product id, domain.name in lowercase')
    .option('--owner <owner>', 'owning team or person')
    .option('--description <text>', 'what the product holds')
    .addOption(
      new Option('--format <format>', 'document style').choices([...SCAFFOLD_FORMATS]).default('odcs'),
    )
    .option(
      '--force',
      'write into a folder that is not empty (existing files with the same names are replaced)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork init orders --id sales.orders --owner sales-team\n  meshwork init orders --id sales.orders --owner sales-team --format meshwork',
    )
    .action(async (dir: string, raw: InitOptions) => {
      const opts = await ask(ctx, raw);
      const files = scaffoldProduct({
        id: opts.id,
        owner: opts.owner,
        format: opts.format,
        ...(opts.description ? { description: opts.description } : {}),
      });
      await mkdir(dir, { recursive: true });
      const existing = await readdir(dir);
      if (existing.length > 0 && !opts.force) {
        throw new MeshError('conflict', `${dir} is not empty; choose a new folder or pass --force`);
      }
      for (const f of files) await writeFile(join(dir, f.path), f.text, 'utf8');
      ctx.io.stdout.write(
        `created ${dir}/ with ${files.map((f) => f.path).join(', ')}\nnext: meshwork validate ${dir} && meshwork publish ${dir} && meshwork ingest ${opts.id} ${join(dir, 'sample-data.json')}\n`,
      );
    });
}
