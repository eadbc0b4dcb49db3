import { type Command, Option } from 'commander';
import { type CommandContext, type StoreOptions, withStoreOptions, writeJson } from '../command-context.ts';
import { EXIT } from '../exit-codes.ts';
import {
  failsRun,
  formatContractTests,
  formatContractTestsJUnit,
  toContractTests,
} from '../render/format-contract-tests.ts';

/** `meshwork test <product>`: runs the contract's checks against the stored data. */
export function registerTestContract(program: Command, ctx: CommandContext): void {
  withStoreOptions(
    program
      .command('test')
      .summary('run the contract’s quality checks against the stored data')
      .description(
        'Runs every check the contract declares (not null, unique key, allowed values, ranges, formats and patterns, record rules, freshness) as SQL on the stored data and reports pass/fail with failing counts and sample keys. For a product published from ODCS files, the contract\u2019s own quality entries run too (row counts, SQL checks that read the product\u2019s table, checks with a tolerance); entries of other engines are listed as not run. The run is kept in the quality history (see meshwork quality --history). Exit code 5 when a check of severity error fails (a failed warning is shown as WARN).',
      )
      .argument('<product>', 'product id')
      .addOption(
        new Option('--format <format>', 'output format').choices(['text', 'json', 'junit']).default('text'),
      )
      .option('--json', 'same as --format json')
      .option('--no-save', 'do not keep the run in the quality history')
      .addHelpText(
        'after',
        '\nExamples:\n  meshwork test sales.transactions\n  meshwork test customer.profiles --format junit > quality.xml',
      ),
  ).action(
    async (productId: string, opts: StoreOptions & { format: string; json?: boolean; save: boolean }) => {
      const mesh = await ctx.openMesh(opts);
      try {
        const report = await (await mesh.product(productId)).checkQuality({ store: opts.save });
        const cases = toContractTests(report);
        const format = opts.json ? 'json' : opts.format;
        if (format === 'json')
          writeJson(ctx.io, {
            productId,
            version: report.version,
            runId: report.runId,
            totalRecords: report.totalRecords,
            contract: report.contractChecks.contract,
            checks: cases,
          });
        else if (format === 'junit') ctx.io.stdout.write(formatContractTestsJUnit(productId, cases));
        else ctx.io.stdout.write(formatContractTests(productId, cases, report.totalRecords));
        if (cases.some(failsRun)) ctx.setExitCode(EXIT.contractViolation);
      } finally {
        await mesh.close();
      }
    },
  );
}
