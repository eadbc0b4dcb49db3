import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { type Command, Option } from 'commander';
import { SCAFFOLD_FORMATS, type ScaffoldFormat } from '../../contract/scaffold-formats.ts';
import { PRODUCT_ID_PATTERN } from '../../core/descriptor.ts';
import { MeshError } from '../../core/errors.ts';
import { type CommandContext, writeJson } from '../command-context.ts';

interface InitOptions {
  readonly id?: string;
  readonly owner?: string;
  readonly description?: string;
  readonly format: ScaffoldFormat;
  readonly force?: boolean;
  readonly json?: boolean;
}

type Answered = InitOptions & { readonly id: string; readonly owner: string };

/** Asks for missing answers on a terminal, again until each is valid; elsewhere a missing answer is an error naming the flag. */
async function ask(ctx: CommandContext, opts: InitOptions): Promise<Answered> {
  const missing = (['id', 'owner'] as const).filter((k) => !opts[k]);
  if (missing.length === 0) return opts as Answered;
  const input = ctx.io.stdin;
  if (input === undefined || !input.isTTY || !ctx.io.stdout.isTTY) {
    throw new MeshError(
      'invalid_input',
      `init needs ${missing.map((m) => `--${m}`).join(' and ')} when not run on a terminal, e.g. meshwork init orders --id sales.orders --owner sales-team`,
    );
  }
  // The terminal's own line editing (cooked mode) is enough for three answers; readline only reads the lines.
  const rl = createInterface({ input, output: ctx.io.stdout as NodeJS.WritableStream, terminal: false });
  const question = async (text: string, valid: (answer: string) => string | undefined): Promise<string> => {
    for (;;) {
      const answer = (await rl.question(text)).trim();
      const problem = valid(answer);
      if (problem === undefined) return answer;
      ctx.io.stdout.write(`  ${problem}\n`);
    }
  };
  try {
    const id =
      opts.id ??
      (await question('Product id (domain.name, e.g. sales.orders): ', (a) =>
        PRODUCT_ID_PATTERN.test(a)
          ? undefined
          : 'use domain.name in lowercase letters, digits and underscores, e.g. sales.orders',
      ));
    const owner =
      opts.owner ??
      (await question('Owner (team or person): ', (a) =>
        a === '' ? 'a product needs an owner, e.g. sales-team' : undefined,
      ));
    const description =
      opts.description ?? ((await question('Description (optional): ', () => undefined)) || undefined);
    return { ...opts, id, owner, ...(description ? { description } : {}) };
  } finally {
    rl.close();
  }
}

/** Refuses a folder holding files unless --force, before any question is asked. */
async function assertWritable(dir: string, force: boolean | undefined): Promise<void> {
  let existing: string[];
  try {
    existing = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      throw new MeshError('conflict', `${dir} is a file; choose a new folder name`, { cause: error });
    }
    throw new MeshError('invalid_input', `${dir} cannot be read; choose another folder`, { cause: error });
  }
  if (existing.length > 0 && !force) {
    throw new MeshError('conflict', `${dir} is not empty; choose a new folder or pass --force`);
  }
}

/** `meshwork init <dir>`: scaffolds a product folder with descriptor, contract and sample data. */
export function registerInit(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .summary('scaffold a new product folder: descriptor, contract and sample data')
    .description(
      'Writes an ODPS product descriptor and an ODCS contract (or one Meshwork YAML with --format meshwork) with a starter schema, and sample data that passes it. On a terminal it asks for the answers no flag gave; elsewhere --id and --owner are required. Next: meshwork validate <dir>, meshwork publish <dir>, meshwork ingest <id> <dir>/sample-data.json',
    )
    .argument('<dir>', 'folder to create (must be empty or new)')
    .option('--id <id>', 'product id, domain.name in lowercase')
    .option('--owner <owner>', 'owning team or person')
    .option('--description <text>', 'what the product holds')
    .addOption(
      new Option('--format <format>', 'document style (not an output format)')
        .choices([...SCAFFOLD_FORMATS])
        .default('odcs'),
    )
    .option(
      '--force',
      'write into a folder that is not empty (existing files with the same names are replaced)',
    )
    .option('--json', 'print the folder, product id and files written as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork init orders                                   # on a terminal: asks for id, owner, description\n  meshwork init orders --id sales.orders --owner sales-team\n  meshwork init orders --id sales.orders --owner sales-team --format meshwork',
    )
    .action(async (dir: string, raw: InitOptions) => {
      await assertWritable(dir, raw.force);
      const opts = await ask(ctx, raw);
      const { scaffoldProduct } = await import('../../contract/scaffold-product.ts');
      const files = scaffoldProduct({
        id: opts.id,
        owner: opts.owner,
        format: opts.format,
        ...(opts.description ? { description: opts.description } : {}),
      });
      await mkdir(dir, { recursive: true });
      for (const f of files) await writeFile(join(dir, f.path), f.text, 'utf8');
      const sample = join(dir, 'sample-data.json');
      if (opts.json) {
        writeJson(ctx.io, { dir, productId: opts.id, files: files.map((f) => join(dir, f.path)) });
        return;
      }
      ctx.io.stdout.write(
        `created ${dir}/ with ${files.map((f) => f.path).join(', ')}\nnext: meshwork validate ${dir} && meshwork publish ${dir} && meshwork ingest ${opts.id} ${sample}\n`,
      );
    });
}
