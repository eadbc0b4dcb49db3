import { stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { formatProblemsText, hasErrors, type Problem } from '../../contract/problem.ts';
import { formatViolation } from '../../governance/policy.ts';
import type { LifecycleResult } from '../../product/lifecycle-result.ts';
import type { Mesh } from '../../product/mesh.ts';
import type { PublishStorage } from '../../product/publish-spec.ts';
import { catalogLookup } from '../catalog-lookup.ts';
import { type CommandContext, type StoreOptions, withStoreOptions, writeJson } from '../command-context.ts';
import { EXIT } from '../exit-codes.ts';
import { formatPolicyWarnings, type PolicyWarning } from '../render/format-policies.ts';

interface LifecycleCliOptions extends StoreOptions {
  readonly json?: boolean;
  /** `publish --empty`: a new major starts without the previous major's rows. */
  readonly empty?: boolean;
  /** `publish --rejects <file>`: where the rows a carry-over leaves behind are listed, one JSON object a line. */
  readonly rejects?: string;
  /** The program's `--verbose`: policy warnings then show the CEL sub-expression that failed at each path. */
  readonly verbose?: boolean;
}

/**
 * Writes a lifecycle change's warnings to stderr. Each failed warning policy is one line (its id, what it asks for
 * and the offending paths, from the results the publish stored); the CEL detail only with --verbose. A warning that
 * is no policy's (or whose policy cannot be read back) is written as it is.
 */
async function writeWarnings(
  ctx: CommandContext,
  mesh: Mesh,
  productId: string,
  warnings: readonly string[],
  verbose: boolean,
): Promise<void> {
  // The lifecycle result names each policy violation as `policy <formatViolation>`; the stored results say which.
  const policies: PolicyWarning[] = [];
  const grouped = new Set<string>();
  if (warnings.some((w) => w.startsWith('policy '))) {
    try {
      const described = new Map((await mesh.governance.listPolicies()).map((p) => [p.id, p.description]));
      for (const r of await mesh.governance.policyResults(productId)) {
        const description = described.get(r.policyId);
        const lines = r.violations.map((v) => `policy ${formatViolation(v)}`);
        if (r.passed || description === undefined || !lines.some((l) => warnings.includes(l))) continue;
        policies.push({ policyId: r.policyId, description, violations: r.violations });
        for (const l of lines) grouped.add(l);
      }
    } catch {
      // The change is made already: rather than fail it, write the warnings as the lifecycle result has them.
      policies.length = 0;
      grouped.clear();
    }
  }
  for (const w of warnings) if (!grouped.has(w)) ctx.io.stderr.write(`warning: ${w}\n`);
  ctx.io.stderr.write(formatPolicyWarnings(productId, policies, verbose));
}

async function report(
  ctx: CommandContext,
  mesh: Mesh,
  id: string,
  verb: string,
  r: LifecycleResult,
  opts: LifecycleCliOptions,
): Promise<void> {
  if (opts.json) writeJson(ctx.io, { productId: id, ...r });
  else if (r.ok) {
    ctx.io.stdout.write(`${id} ${verb}: ${r.from} → ${r.status}\n`);
    await writeWarnings(ctx, mesh, id, r.warnings, opts.verbose === true);
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
async function publishFromFiles(ctx: CommandContext, path: string, opts: LifecycleCliOptions): Promise<void> {
  // The schema validator is loaded by the commands that read product files, not at start-up.
  const { collectDocumentFiles, readProductFolder, validateProductFiles } = await import(
    '../../contract/product-folder.ts'
  );
  const files = await collectDocumentFiles([path]);
  const refuse = (problems: readonly Problem[]): void => {
    if (opts.json) writeJson(ctx.io, { ok: false, problems });
    else
      ctx.io.stderr.write(
        `meshwork: error: ${path} is not valid; nothing was published\n${formatProblemsText(problems.filter((p) => p.severity === 'error'))}`,
      );
    ctx.setExitCode(EXIT.contractViolation);
  };
  // The documents are checked before the store is opened, so that a broken folder touches nothing.
  const { problems } = validateProductFiles(files, { strict: true, lint: false });
  if (hasErrors(problems)) {
    refuse(problems);
    return;
  }
  const mesh = await ctx.openMesh(opts);
  try {
    // Input ports must name products this store knows (or external sources), reported with their line like the rest.
    const ports = validateProductFiles(files, { strict: true, lint: false, ...(await catalogLookup(mesh)) });
    if (hasErrors(ports.problems)) {
      refuse(ports.problems);
      return;
    }
    const root = (await stat(path)).isDirectory() ? path : dirname(path);
    const { spec, documents } = readProductFolder(files, { root });
    const outcome = await mesh.publishSpec(spec, {
      documents,
      ...(opts.empty === true ? { empty: true } : {}),
      // A rejects file lists every row left behind; otherwise the first few are shown.
      ...(opts.rejects === undefined ? {} : { rejectLimit: Number.MAX_SAFE_INTEGER }),
    });
    const storage = outcome.storage;
    if (opts.rejects !== undefined && storage !== null) {
      await writeFile(
        opts.rejects,
        storage.rejects.map((r) => `${JSON.stringify({ key: r.key, reasons: r.reasons })}\n`).join(''),
        'utf8',
      );
    }
    if (opts.json) writeJson(ctx.io, { ok: true, ...outcome });
    else {
      const what =
        outcome.action === 'created'
          ? 'registered and published'
          : outcome.action === 'unchanged'
            ? 'unchanged (already published)'
            : `upgraded from ${outcome.previousVersion ?? '?'} (${outcome.changes.length} change(s))`;
      ctx.io.stdout.write(`${outcome.productId} ${outcome.version}: ${what}\n`);
      if (storage !== null)
        ctx.io.stdout.write(storageLines(outcome.previousVersion ?? '?', storage, opts.rejects));
      const warnings = outcome.lifecycle?.warnings ?? [];
      await writeWarnings(ctx, mesh, outcome.productId, warnings, opts.verbose === true);
    }
  } finally {
    await mesh.close();
  }
}

/** Says what a publish that opened a new table did with the previous version's rows. */
function storageLines(previous: string, storage: PublishStorage, rejectsFile: string | undefined): string {
  if (storage.mode === 'empty') {
    return `  new table ${storage.table}, started empty (--empty): no rows carried over from ${previous}, which keeps its rows in ${storage.previousTable}\n`;
  }
  const lines = [
    `  new table ${storage.table}: ${storage.carried} row(s) carried over from ${previous}, ${storage.rejected} rejected (they stay in ${storage.previousTable})`,
  ];
  if (storage.rejected > 0) {
    if (rejectsFile !== undefined) lines.push(`  rejected rows and reasons written to ${rejectsFile}`);
    else {
      for (const r of storage.rejects.slice(0, 5))
        lines.push(`  - ${JSON.stringify(r.key)}: ${r.reasons.join('; ')}`);
      lines.push('  list every rejected row with --rejects <file>');
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `meshwork publish|deprecate|archive`: moves a product through its lifecycle. */
export function registerLifecycle(program: Command, ctx: CommandContext): void {
  withStoreOptions(
    program
      .command('publish')
      .summary('publish a product: from its descriptor files (validate, check changes, migrate), or by id')
      .description(
        'With a folder or file: validates the descriptor (Meshwork YAML, or ODPS + ODCS) strictly, checks the change against the published version (a breaking change needs a major version; the refusal names what it breaks), creates or migrates storage, keeps the ODCS/ODPS documents with the version (for meshwork test and exports), and publishes. Running it again on an unchanged version does nothing. A new major version (or a new minor below 1.0.0) gets a new table: the rows that fit the new contract are carried over in the same transaction (dropped columns dropped, new optional columns empty), the others are reported and stay in the previous table, which keeps serving the previous major (query --version) until its migration window closes. A refused publish leaves at most a draft, which the next publish of that version replaces. With a product id: moves a draft to published after the completeness checks.',
      )
      .argument('<product>', 'a product folder or descriptor file, or a product id')
      .option('--json', 'print the result as JSON')
      .option('--empty', 'start a new major version empty instead of carrying the previous rows over')
      .option('--rejects <file>', 'write every row a carry-over leaves behind, with its reasons, as NDJSON')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork publish examples/sales\n  meshwork publish orders/ --json\n  meshwork publish sales.transactions\n  meshwork publish orders/ --rejects carry-over-rejects.ndjson\n  meshwork publish orders/ --empty',
      ),
  ).action(
    async (
      arg: string,
      cliOpts: StoreOptions & { json?: boolean; empty?: boolean; rejects?: string },
      cmd: Command,
    ) => {
      const opts: LifecycleCliOptions = { ...cliOpts, verbose: cmd.optsWithGlobals().verbose === true };
      if (await exists(arg)) {
        await publishFromFiles(ctx, arg, opts);
        return;
      }
      const mesh = await ctx.openMesh(opts);
      try {
        const product = await mesh.product(arg);
        await report(ctx, mesh, product.id, 'published', await product.publish(), opts);
      } finally {
        await mesh.close();
      }
    },
  );
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
      await report(ctx, mesh, id, 'deprecated', r, opts);
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
      await report(ctx, mesh, id, 'archived', await (await mesh.product(id)).archive(), opts);
    } finally {
      await mesh.close();
    }
  });
}
