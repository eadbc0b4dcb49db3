import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatProblemsText, hasErrors } from '../../contract/problem.ts';
import {
  collectDocumentFiles,
  specFromDocuments,
  validateProductFiles,
} from '../../contract/product-folder.ts';
import type { LifecycleResult } from '../../product/lifecycle-result.ts';
import { type CommandContext, type StoreOptions, withStoreOptions, writeJson } from '../command-context.ts';
import { EXIT } from '../exit-codes.ts';

function report(
  ctx: CommandContext,
  id: string,
  verb: string,
  r: LifecycleResult,
  json: boolean | undefined,
): void {
  if (json) writeJson(ctx.io, { productId: id, ...r });
  else if (r.ok) {
    ctx.io.stdout.write(`${id} ${verb}: ${r.from} → ${r.status}\n`);
    for (const w of r.warnings) ctx.io.stderr.write(`warning: ${w}\n`);
  } else {
    ctx.io.stderr.write(
      `meshwork: error: ${id} was not ${verb}:\n${r.reasons.map((x) => `  - ${x}\n`).join('')}`,
    );
  }
  if (!r.ok) ctx.setExitCode(EXIT.conflict);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Publishes from descriptor files: validate strictly, then register, check and migrate the version. */
async function publishFromFiles(
  ctx: CommandContext,
  path: string,
  opts: StoreOptions & { json?: boolean },
): Promise<void> {
  const files = await collectDocumentFiles([path]);
  const { problems } = validateProductFiles(files, { strict: true, lint: false });
  if (hasErrors(problems)) {
    if (opts.json) writeJson(ctx.io, { ok: false, problems });
    else
      ctx.io.stderr.write(
        `meshwork: error: ${path} is not valid; nothing was published\n${formatProblemsText(problems.filter((p) => p.severity === 'error'))}`,
      );
    ctx.setExitCode(EXIT.contractViolation);
    return;
  }
  const spec = specFromDocuments(files);
  const mesh = await ctx.openMesh(opts);
  try {
    const outcome = await mesh.publishSpec(spec);
    if (opts.json) writeJson(ctx.io, { ok: true, ...outcome });
    else {
      const what =
        outcome.action === 'created'
          ? 'registered and published'
          : outcome.action === 'unchanged'
            ? 'unchanged (already published)'
            : `upgraded from ${outcome.previousVersion ?? '?'} (${outcome.changes.length} change(s))`;
      ctx.io.stdout.write(`${outcome.productId} ${outcome.version}: ${what}\n`);
      for (const w of outcome.lifecycle?.warnings ?? []) ctx.io.stderr.write(`warning: ${w}\n`);
    }
  } finally {
    await mesh.close();
  }
}

/** `meshwork publish|deprecate|archive`: moves a product through its lifecycle. */
export function registerLifecycle(program: Command, ctx: CommandContext): void {
  withStoreOptions(
    program
      .command('publish')
      .summary('publish a product: from its descriptor files (validate, check changes, migrate), or by id')
      .description(
        'With a folder or file: validates the descriptor (Meshwork YAML, or ODPS + ODCS) strictly, checks the change\nagainst the published version (a breaking change needs a major version; the refusal names what it breaks),\ncreates or migrates storage, and publishes. Running it again on an unchanged version does nothing.\nWith a product id: moves a draft to published after the completeness checks.',
      )
      .argument('<product>', 'a product folder or descriptor file, or a product id')
      .option('--json', 'print the result as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork publish examples/sales\n  meshwork publish orders/ --json\n  meshwork publish sales.transactions',
      ),
  ).action(async (arg: string, opts: StoreOptions & { json?: boolean }) => {
    if (await exists(arg)) {
      await publishFromFiles(ctx, arg, opts);
      return;
    }
    const mesh = await ctx.openMesh(opts);
    try {
      const product = await mesh.product(arg);
      report(ctx, product.id, 'published', await product.publish(), opts.json);
    } finally {
      await mesh.close();
    }
  });
  withStoreOptions(
    program
      .command('deprecate')
      .summary('deprecate a published product')
      .argument('<product>', 'product id')
      .option('--sunset <date>', 'date (YYYY-MM-DD) after which consumers should not rely on it')
      .option('--reason <text>', 'why it is deprecated')
      .option('--json', 'print the result as JSON')
      .addHelpText(
        'after',
        '\nExample:\n  meshwork deprecate sales.transactions --sunset 2027-01-31 --reason "replaced by sales.orders"',
      ),
  ).action(async (id: string, opts: StoreOptions & { sunset?: string; reason?: string; json?: boolean }) => {
    const mesh = await ctx.openMesh(opts);
    try {
      const product = await mesh.product(id);
      const r = await product.deprecate({
        ...(opts.sunset ? { sunset: opts.sunset } : {}),
        ...(opts.reason ? { reason: opts.reason } : {}),
      });
      report(ctx, id, 'deprecated', r, opts.json);
    } finally {
      await mesh.close();
    }
  });
  withStoreOptions(
    program
      .command('archive')
      .summary('archive a product: its data is kept but no longer read or written')
      .argument('<product>', 'product id')
      .option('--json', 'print the result as JSON')
      .addHelpText('after', '\nExample:\n  meshwork archive sales.transactions'),
  ).action(async (id: string, opts: StoreOptions & { json?: boolean }) => {
    const mesh = await ctx.openMesh(opts);
    try {
      report(ctx, id, 'archived', await (await mesh.product(id)).archive(), opts.json);
    } finally {
      await mesh.close();
    }
  });
}
