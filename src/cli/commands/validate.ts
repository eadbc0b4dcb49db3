import type { Command } from 'commander';
import { formatProblemsText, hasErrors, type Problem, sortProblems } from '../../contract/problem.ts';
import { openEngine } from '../../engine/open-engine.ts';
import { catalogLookup } from '../catalog-lookup.ts';
import { type CommandContext, writeJson } from '../command-context.ts';
import { EXIT } from '../exit-codes.ts';
import { withReadOnlyMesh } from '../with-mesh.ts';

/** `meshwork validate <paths...>`: checks descriptors against the official schemas and Meshwork's rules. */
export function registerValidate(program: Command, ctx: CommandContext): void {
  program
    .command('validate')
    .summary('check product descriptors and contracts (ODCS, ODPS, Meshwork YAML)')
    .description(
      'Checks each document against its official JSON schema (ODCS v3.1.0, ODPS v1.0.0, DCS, DPDS) or Meshwork’s own format, then against Meshwork’s rules; lint warnings follow good practice. SQL written in documents (derived.sql, SQL quality checks) is checked on DuckDB’s own parse tree, as publish and refresh check it. Every problem has file:line:column, a code and a fix hint. Exit code 5 when any error is found (warnings alone exit 0).',
    )
    .argument('<paths...>', 'files or folders (folders are searched for .yaml/.yml/.json documents)')
    .option(
      '--strict',
      'treat Meshwork-readiness warnings (owner, domain, semver, types, a contract without fields) as errors, as publish does',
    )
    .option('--no-lint', 'skip the good-practice warnings')
    .option('--store <location>', 'also check that input ports name products this store knows')
    .option('--json', 'print problems as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  meshwork validate examples/sales\n  meshwork validate contracts/orders.odcs.yaml --strict --json\n  meshwork validate orders/ --store ./.meshwork/mesh.duckdb   # input ports must name known products',
    )
    .action(
      async (paths: string[], opts: { strict?: boolean; lint: boolean; json?: boolean; store?: string }) => {
        const [{ collectDocumentFiles, validateProductFiles }, { lintUserSql }] = await Promise.all([
          import('../../contract/product-folder.ts'),
          import('../../product/lint-user-sql.ts'),
        ]);
        const files = await collectDocumentFiles(paths);
        // Referenced products are looked up only in a store named here: validating files never creates one.
        const lookup =
          opts.store === undefined
            ? {}
            : await withReadOnlyMesh(ctx, { store: opts.store }, (mesh) => catalogLookup(mesh));
        const checked = validateProductFiles(files, {
          strict: opts.strict === true,
          lint: opts.lint,
          ...lookup,
        });
        // User-written SQL is checked on the engine's own parse tree; an in-memory store parses it, nothing is run.
        const engine = await openEngine(':memory:');
        let problems: Problem[];
        try {
          problems = sortProblems([...checked.problems, ...(await lintUserSql(engine, files))]);
        } finally {
          await engine.close();
        }
        if (opts.json) writeJson(ctx.io, { files: files.map((f) => f.path), problems });
        else {
          ctx.io.stdout.write(files.length === 0 ? 'no documents found\n' : formatProblemsText(problems));
          const errors = problems.filter((p) => p.severity === 'error').length;
          ctx.io.stdout.write(
            `${files.length} document(s), ${errors} error(s), ${problems.length - errors} warning(s)\n`,
          );
        }
        if (hasErrors(problems)) ctx.setExitCode(EXIT.contractViolation);
      },
    );
}
