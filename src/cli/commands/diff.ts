import { type Command, Option } from 'commander';
import { type CommandContext, writeJson } from '../command-context.ts';
import { EXIT } from '../exit-codes.ts';

/** `meshwork diff <old> <new>`: classifies the changes between two versions of a product's contract. */
export function registerDiff(program: Command, ctx: CommandContext): void {
  program
    .command('diff')
    .summary('classify contract changes as breaking or not and check the version bump')
    .description(
      'Compares two versions of a product (files or folders: Meshwork YAML, or ODPS + ODCS). Breaking changes (field removed or renamed, type narrowed, field made required, key changed, allowed values reduced, SLA weakened, …) need a major version bump (below 1.0.0 a minor step counts as major). With ODCS contracts on both sides, every schema object is compared by name (a removed object is breaking, an added one is not), nested properties of objects and array items at every depth with their paths (schema.orders.customer.address.zip), and changed quality checks (tightened, loosened, added, removed) and servers. Exit code 5 when the version bump does not match the changes.',
    )
    .argument('<old>', 'the previous version (file or folder)')
    .argument('<new>', 'the new version (file or folder)')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json', 'junit']).default('text'),
    )
    .option('--json', 'same as --format json')
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork diff v1/ v2/\n  meshwork diff old.odcs.yaml new.odcs.yaml --format junit > contract-diff.xml',
    )
    .action(async (oldPath: string, newPath: string, opts: { format: string; json?: boolean }) => {
      const [
        { diffVersions },
        { formatDiffJUnit, formatDiffText },
        { collectDocumentFiles, readProductFolder },
        { publishedContract },
        { checkVersionBump },
      ] = await Promise.all([
        import('../../contract/contract-diff.ts'),
        import('../../contract/format-diff.ts'),
        import('../../contract/product-folder.ts'),
        import('../../contract/published-document.ts'),
        import('../../contract/version-bump.ts'),
      ]);
      const old = readProductFolder(await collectDocumentFiles([oldPath]));
      const next = readProductFolder(await collectDocumentFiles([newPath]));
      const before = old.spec;
      const after = next.spec;
      // With an ODCS contract on both sides, every schema object, nested property, quality check and server is
      // compared in the contracts themselves (a spec holds one object with flat fields).
      const diff = diffVersions(
        { spec: before, contract: publishedContract(old.documents) },
        { spec: after, contract: publishedContract(next.documents) },
      );
      const bump = checkVersionBump(before.version, after.version, diff.changes);
      const format = opts.json ? 'json' : opts.format;
      if (format === 'json') writeJson(ctx.io, { ...diff, versionBump: bump });
      else if (format === 'junit')
        ctx.io.stdout.write(
          formatDiffJUnit(diff, { suiteName: `${after.id} ${before.version} → ${after.version}` }),
        );
      else {
        ctx.io.stdout.write(`${after.id}: ${before.version} → ${after.version}\n${formatDiffText(diff)}`);
        ctx.io.stdout.write(
          bump.ok
            ? `version bump ok (needs ${bump.required}, is ${bump.actual})\n`
            : `version bump refused: ${bump.issue.message}\n`,
        );
      }
      if (!bump.ok) ctx.setExitCode(EXIT.contractViolation);
    });
}
