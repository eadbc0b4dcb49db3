import { Command, CommanderError } from 'commander';
import { ContractViolationError, formatPath, isMeshError, MeshError } from '../core/errors.ts';
import {
  applyConfigDefaults,
  type CliConfig,
  loadCliConfig,
  resolveCliActor,
  resolveCliStore,
  resolveCliAuditKey,
  SETTINGS_HELP,
} from './cli-config.ts';
import { type CliIo, processIo } from './cli-io.ts';
import {
  type CommandContext,
  SERVER_ENV_VAR,
  TOKEN_ENV_VAR,
  withLocalOnlyServerOption,
} from './command-context.ts';
import { registerAccess } from './commands/access.ts';
import { registerAudit } from './commands/audit.ts';
import { registerBackup } from './commands/backup.ts';
import { registerCompletion } from './commands/completion.ts';
import { registerConnect } from './commands/connect.ts';
import { registerContract } from './commands/contract.ts';
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
import { registerRestore } from './commands/restore.ts';
import { registerSearch } from './commands/search.ts';
import { registerSegments } from './commands/segments.ts';
import { registerEvents } from './commands/events.ts';
import { registerServe } from './commands/serve.ts';
import { registerShow } from './commands/show.ts';
import { registerTestContract } from './commands/test-contract.ts';
import { registerUpdateRemove } from './commands/update-remove.ts';
import { registerValidate } from './commands/validate.ts';
import { EXIT, EXIT_CODES_HELP, exitCodeFor } from './exit-codes.ts';

const GET_STARTED_HELP = `Examples:
  meshwork init orders --id sales.orders --owner sales-team   # a product folder with a contract and sample data
  meshwork publish orders && meshwork ingest sales.orders orders/sample-data.json
  meshwork search order && meshwork query sales.orders --where "amount > 10" --json
Every command has --help with examples. Commands that print data take --json, the same as --format json.`;

const CLI_VERSION = '0.1.0';

/** Builds the `meshwork` command tree. */
export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('meshwork')
    .description(
      'Meshwork: contract-driven data products on an embedded store, with catalog, lineage and audit.',
    )
    // Only -V is the program's flag: `--version` belongs to the commands that read a version (query, export) and is
    // the program's version only as the first argument (see runCli).
    .version(CLI_VERSION, '-V', 'output the version number (also --version as the only argument)')
    .option(
      '--verbose',
      'more detail: on errors the error code, details, causes and every issue; after publish, what each policy warning found',
    )
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    })
    .addHelpText('after', `\n${GET_STARTED_HELP}\n\n${EXIT_CODES_HELP}\n\n${SETTINGS_HELP}`);
  // Commands are grouped in --help by what a user is doing, in the order they usually do it.
  program.commandsGroup('Describe and publish products:');
  registerInit(program, ctx);
  registerValidate(program, ctx);
  registerDiff(program, ctx);
  registerContract(program, ctx);
  registerLifecycle(program, ctx);
  registerCreate(program, ctx);
  program.commandsGroup('Write and read data:');
  registerIngest(program, ctx);
  registerQuery(program, ctx);
  registerExport(program, ctx);
  registerUpdateRemove(program, ctx);
  registerRefresh(program, ctx);
  registerConnect(program, ctx);
  program.commandsGroup('Discover (the catalog):');
  registerSearch(program, ctx);
  registerList(program, ctx);
  registerShow(program, ctx);
  registerDomains(program, ctx);
  registerLineage(program, ctx);
  registerLog(program, ctx);
  program.commandsGroup('Quality and usage:');
  registerMetrics(program, ctx);
  registerQuality(program, ctx);
  registerTestContract(program, ctx);
  registerSegments(program, ctx);
  program.commandsGroup('Governance:');
  registerPolicy(program, ctx);
  registerPrincipal(program, ctx);
  registerAccess(program, ctx);
  registerAudit(program, ctx);
  registerBackup(program, ctx);
  registerRestore(program, ctx);
  program.commandsGroup('Events and the shared service:');
  registerEvents(program, ctx);
  registerServe(program, ctx);
  program.commandsGroup('Try it:');
  registerDemo(program, ctx);
  registerCompletion(program, ctx);
  // These touch no server's data: `--server` is accepted only so that it is refused with a clear message.
  for (const c of program.commands)
    if (c.name() === 'init' || c.name() === 'serve') withLocalOnlyServerOption(c);
  const override = (cmd: Command, path: string): void => {
    cmd.exitOverride();
    // Usage errors are one line like every other error: what is wrong, then where to read how to fix it.
    cmd.configureOutput({
      outputError: (text, write) =>
        write(`meshwork: ${text.trim().replace(/\s*\n\s*/g, ' ')}; see \`${path} --help\`\n`),
    });
    for (const sub of cmd.commands) override(sub, `${path} ${sub.name()}`);
  };
  override(program, 'meshwork');
  return program;
}

/** The server a command runs through: `--server`, else `$MESHWORK_URL`; none when both are missing or empty. */
function resolveServer(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const url = flag ?? env[SERVER_ENV_VAR];
  if (url === undefined || url.trim() === '') return undefined;
  if (!/^https?:\/\/[^/\s]+/i.test(url.trim()))
    throw new MeshError(
      'invalid_input',
      `${flag === undefined ? `$${SERVER_ENV_VAR}` : '--server'} must be an http(s) URL such as http://127.0.0.1:8080, got ${url}`,
    );
  return url.trim();
}

/** Commands that open, create or serve a store of their own: `--server` is refused, and so is $MESHWORK_URL. */
const STORE_ONLY = new Set(['meshwork serve', 'meshwork demo', 'meshwork connect worldbank']);
/** Commands that touch no store: `--server` is refused; $MESHWORK_URL does not concern them. */
const FILES_ONLY = new Set(['meshwork init']);

/** Refuses a server for a command that cannot run through one, naming the command (usage error, exit code 2). */
function refuseLocalOnly(command: string, flag: string | undefined, env: NodeJS.ProcessEnv): void {
  const fromEnv = flag === undefined && (env[SERVER_ENV_VAR] ?? '').trim() !== '';
  if (!STORE_ONLY.has(command) && !(FILES_ONLY.has(command) && flag !== undefined)) return;
  if (flag === undefined && !fromEnv) return;
  throw new MeshError(
    'invalid_input',
    FILES_ONLY.has(command)
      ? `${command} works on local files only and cannot run through a server; drop --server`
      : `${command} works on a local store only and cannot run through a server; ${fromEnv ? `unset $${SERVER_ENV_VAR}` : 'drop --server'} and use --store (or run it on the server's machine)`,
  );
}

/** The causes of an error, outermost first (at most a few, in case of a cycle). */
function causes(error: Error): string[] {
  const out: string[] = [];
  let cause: unknown = error.cause;
  while (cause !== undefined && out.length < 5) {
    out.push(cause instanceof Error ? cause.message : String(cause));
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return out;
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
    if (verbose) {
      io.stderr.write(`  code: ${error.code} (exit code ${exitCodeFor(error.code)})\n`);
      if (error.details !== undefined) io.stderr.write(`  details: ${JSON.stringify(error.details)}\n`);
      for (const cause of causes(error)) io.stderr.write(`  cause: ${cause.replace(/\n/g, '\n    ')}\n`);
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
  let command = 'meshwork';
  const ctx: CommandContext = {
    io,
    openMesh: async (opts, access = 'write') => {
      const server = resolveServer(opts.server, io.env);
      if (server !== undefined) {
        const fromFlag = opts.token !== undefined;
        const token = fromFlag ? opts.token : io.env[TOKEN_ENV_VAR];
        if (token === '')
          throw new MeshError(
            'invalid_input',
            `${fromFlag ? '--token' : `$${TOKEN_ENV_VAR}`} is empty; pass the token the server gave you (meshwork token create)`,
          );
        // The client is loaded only by a command that runs through a server.
        const { openRemoteMesh } = await import('./remote/open-remote-mesh.ts');
        return openRemoteMesh({ url: server, command, ...(token === undefined ? {} : { token }) });
      }
      // With a token the CLI acts as (and records) its principal; without one, as the local admin of the store. A
      // token that is given but empty (`--token ""`, an unresolved CI secret) is refused by Mesh.open, never dropped.
      const fromFlag = opts.token !== undefined;
      const token = fromFlag ? opts.token : io.env[TOKEN_ENV_VAR];
      const actor = resolveCliActor(opts.actor, io.env, config);
      const auditKey = resolveCliAuditKey(io.env, config);
      // The platform (and DuckDB's native binding) is loaded by the first command that opens a store, so that --help,
      // --version and the commands that only read files start in a fraction of the time.
      const [{ Mesh }, { AuditKey }] = await Promise.all([
        import('../product/mesh.ts'),
        import('../governance/audit-key.ts'),
      ]);
      return Mesh.open({
        store: resolveCliStore(opts.store, io.env, config),
        ...(auditKey ? { auditKey: AuditKey.from(auditKey.secret, auditKey.source) } : {}),
        readOnly: access === 'read-only',
        create: access === 'write',
        ...(token !== undefined
          ? { token, tokenSource: fromFlag ? '--token' : `$${TOKEN_ENV_VAR}` }
          : actor
            ? { actor }
            : {}),
      });
    },
    storeLocation: (opts) => resolveCliStore(opts.store, io.env, config),
    auditKey: () => resolveCliAuditKey(io.env, config),
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${CLI_VERSION}\n`);
    return EXIT.ok;
  }
  const program = buildProgram(ctx);
  program.hook('preAction', (_program, action) => {
    const names: string[] = [];
    for (let c: Command | null = action; c !== null && c !== program; c = c.parent) names.unshift(c.name());
    command = ['meshwork', ...names].join(' ');
    refuseLocalOnly(command, action.opts<{ server?: string }>().server, io.env);
  });
  const verbose = argv.includes('--verbose');
  try {
    config = await loadCliConfig(io.cwd);
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
