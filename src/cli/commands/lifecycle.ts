import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import type { LifecycleResult } from '../../product/lifecycle-result.ts';
import type { DataProduct } from '../../product/data-product.ts';
import type { Mesh } from '../../product/mesh.ts';
import { type CommandContext, type StoreOptions, withStoreOptions, writeJson } from '../command-context.ts';
import { EXIT } from '../exit-codes.ts';
import { readSpecFile } from '../read-spec-file.ts';

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

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Resolves a product argument: an id, or a descriptor file that is registered first when new. */
async function resolveProduct(mesh: Mesh, arg: string): Promise<DataProduct> {
  if (await isFile(arg)) return mesh.createProduct(await readSpecFile(arg), { ifExists: 'reuse' });
  return mesh.product(arg);
}

/** `meshwork publish|deprecate|archive`: moves a product through its lifecycle. */
export function registerLifecycle(program: Command, ctx: CommandContext): void {
  withStoreOptions(
    program
      .command('publish')
      .summary('publish a product (draft → published), checking it is complete')
      .argument('<product>', 'product id, or a descriptor file (registered first when new)')
      .option('--json', 'print the result as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork publish sales.transactions\n  meshwork publish examples/sales/product.yaml',
      ),
  ).action(async (arg: string, opts: StoreOptions & { json?: boolean }) => {
    const mesh = await ctx.openMesh(opts);
    try {
      const product = await resolveProduct(mesh, arg);
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
