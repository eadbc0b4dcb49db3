import { Command, CommanderError } from 'commander';
import { ContractViolationError, formatPath, isMeshError } from '../core/errors.ts';
import { Mesh } from '../product/mesh.ts';
import {
  applyConfigDefaults,
  type CliConfig,
  loadCliConfig,
  resolveCliActor,
  resolveCliStore,
  SETTINGS_HELP,
} from './cli-config.ts';
import { type CliIo, processIo } from './cli-io.ts';
import { type CommandContext, TOKEN_ENV_VAR } from './command-context.ts';
import { registerAccess } from './commands/access.ts';
import { registerAudit } from './commands/audit.ts';
import { registerConnect } from './commands/connect.ts';
import { registerCreate } from './commands/create.ts';
import { registerDemo } from './commands/demo.ts';
import { registerDiff } from './commands/diff.ts';
import { registerDomains } from './commands/domains.ts';
import { registerExport } from './commands/export.ts';
import { registerIngest } from './commands/ingest.ts';
import { registerInit } from './commands/init.ts';
import { registerLifecycle } from './commands/lifecycle.ts';
import { registerLineage } from './commands/lineage.ts';
import { registerList } from './commands/list.ts';
import { registerLog } from './commands/log.ts';
import { registerMetrics } from './commands/metrics.ts';
import { registerPolicy } from './commands/policy.ts';
import { registerPrincipal } from './commands/principal.ts';
import { registerQuality } from './commands/quality.ts';
import { registerQuery } from './commands/query.ts';
import { registerRefresh } from './commands/refresh.ts';
import { registerSearch } from './commands/search.ts';
import { registerSegments } from './commands/segments.ts';
import { registerShow } from './commands/show.ts';
import { registerTestContract } from './commands/test-contract.ts';
import { registerUpdateRemove } from './commands/update-remove.ts';
import { registerValidate } from './commands/validate.ts';
import { EXIT, EXIT_CODES_HELP, exitCodeFor } from './exit-codes.ts';

/** Builds the `meshwork` command tree. */
export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('meshwork')
    .description(
      'Meshwork: contract-driven data products on an embedded store, with catalog, lineage and audit.',
    )
    .version('0.1.0')
    .option('--verbose', 'show details (causes, all issues) on errors')
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `\n${EXIT_CODES_HELP}\n\n${SETTINGS_HELP}`);
  registerDemo(program, ctx);
  registerCreate(program, ctx);
  registerLifecycle(program, ctx);
  registerList(program, ctx);
  registerIngest(program, ctx);
  registerQuery(program, ctx);
  registerMetrics(program, ctx);
  registerLog(program, ctx);
  registerConnect(program, ctx);
  registerInit(program, ctx);
  registerValidate(program, ctx);
  registerDiff(program, ctx);
  registerTestContract(program, ctx);
  registerQuality(program, ctx);
  registerSegments(program, ctx);
  registerRefresh(program, ctx);
  registerPolicy(program, ctx);
  registerPrincipal(program, ctx);
  registerAccess(program, ctx);
  registerAudit(program, ctx);
  registerSearch(program, ctx);
  registerShow(program, ctx);
  registerDomains(program, ctx);
  registerLineage(program, ctx);
  registerExport(program, ctx);
  registerUpdateRemove(program, ctx);
  const override = (cmd: Command): void => {
    cmd.exitOverride();
    for (const sub of cmd.commands) override(sub);
  };
  override(program);
  return program;
}

function reportError(io: CliIo, error: unknown, verbose: boolean): number {
  if (isMeshError(error)) {
    io.stderr.write(`meshwork: error: ${error.message}\n`);
    if (error instanceof ContractViolationError) {
      const shown = verbose ? error.issues : error.issues.slice(0, 10);
      for (const issue of shown) {
        const path = formatPath(issue.path);
        io.stderr.write(`  - ${path ? `${path}: ` : ''}${issue.message}\n`);
      }
      if (shown.length < error.issues.length)
        io.stderr.write(`  … ${error.issues.length - shown.length} more (--verbose)\n`);
    }
    if (verbose && error.cause !== undefined) {
      io.stderr.write(
        `  cause: ${error.cause instanceof Error ? error.cause.message : String(error.cause)}\n`,
      );
    }
    return exitCodeFor(error.code);
  }
  const err = error instanceof Error ? error : new Error(String(error));
  io.stderr.write(
    `meshwork: internal error: ${err.message}\n  this is a bug; please report it with the command you ran\n`,
  );
  if (verbose && err.stack) io.stderr.write(`${err.stack}\n`);
  return EXIT.internal;
}

/**
 * Runs the `meshwork` command line and returns the exit code.
 * @example process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  let config: CliConfig = {};
  const ctx: CommandContext = {
    io,
    openMesh: (opts) => {
      // With a token the CLI acts as (and records) its principal; without one, as the local admin of the store.
      const token = opts.token || io.env[TOKEN_ENV_VAR] || undefined;
      const actor = resolveCliActor(opts.actor, io.env, config);
      return Mesh.open({
        store: resolveCliStore(opts.store, io.env, config),
        ...(token ? { token } : actor ? { actor } : {}),
      });
    },
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const program = buildProgram(ctx);
  const verbose = argv.includes('--verbose');
  try {
    config = loadCliConfig(io.cwd);
    applyConfigDefaults(program, config);
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return EXIT.ok;
      }
      return error.exitCode === 0 ? EXIT.ok : EXIT.invalidInput;
    }
    return reportError(io, error, verbose);
  }
}
