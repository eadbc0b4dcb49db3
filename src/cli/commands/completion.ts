import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { MeshError } from '../../core/errors.ts';
import { isPostgresUrl } from '../../engine/open-engine.ts';
import { type CommandContext, type StoreOptions, withStoreOptions } from '../command-context.ts';
import { COMPLETION_SHELLS, type CompletionShell, toCompletionScript } from '../completion-script.ts';

/**
 * The product ids of an existing embedded store, read from the catalog table with the file opened read-only; none
 * when there is no such file or it cannot be read (a writer holds it, it is no store), since completion must never
 * create, migrate or lock a store, nor print an error into the user's command line.
 */
async function storeProductIds(location: string): Promise<string[]> {
  if (isPostgresUrl(location) || location.startsWith(':memory:') || !existsSync(location)) return [];
  try {
    const { queryStoreFileReadOnly } = await import('../../engine/duckdb/read-store-file.ts');
    const rows = await queryStoreFileReadOnly(location, 'SELECT id FROM mw_products ORDER BY id');
    return rows.map((r) => String(r.id));
  } catch {
    return [];
  }
}

/** `meshwork completion <shell>` prints a completion script; the hidden `meshwork __complete products` feeds it ids. */
export function registerCompletion(program: Command, ctx: CommandContext): void {
  program
    .command('completion')
    .summary('print a shell completion script (bash, zsh or fish)')
    .description(
      'Prints a script that completes commands, options and (where a command takes a product) the product ids of the store, which it reads with `meshwork __complete products`.',
    )
    .argument('<shell>', `the shell: ${COMPLETION_SHELLS.join(', ')}`)
    .addHelpText(
      'after',
      '\nExamples:\n  source <(meshwork completion bash)          # in ~/.bashrc\n  source <(meshwork completion zsh)           # in ~/.zshrc\n  meshwork completion fish > ~/.config/fish/completions/meshwork.fish',
    )
    .action((shell: string) => {
      if (!(COMPLETION_SHELLS as readonly string[]).includes(shell)) {
        throw new MeshError(
          'invalid_input',
          `completion: unknown shell "${shell}"; use one of ${COMPLETION_SHELLS.join(', ')}`,
        );
      }
      ctx.io.stdout.write(toCompletionScript(program, shell as CompletionShell));
    });
  withStoreOptions(
    program
      .command('__complete', { hidden: true })
      .description('prints completion candidates: `products` lists the product ids of the store, one a line')
      .argument('<what>', 'what to list: products'),
  )
    .addHelpText('after', '\nExample:\n  meshwork __complete products --store /tmp/demo.duckdb')
    .action(async (what: string, opts: StoreOptions) => {
      if (what !== 'products') return;
      const ids = await storeProductIds(ctx.storeLocation(opts));
      if (ids.length > 0) ctx.io.stdout.write(`${ids.join('\n')}\n`);
    });
}
