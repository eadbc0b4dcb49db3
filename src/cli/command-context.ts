import { type Command, Option } from 'commander';
import { STORE_ENV_VAR, STORE_LOCATION_HELP } from '../engine/open-engine.ts';
import type { Mesh } from '../product/mesh.ts';
import type { CliIo } from './cli-io.ts';

/** Options every store-using command accepts. */
export interface StoreOptions {
  readonly store?: string;
  readonly actor?: string;
  /**
   * An API token; else `$MESHWORK_TOKEN`; else the CLI acts as the local admin of an embedded store. A given but empty
   * token (flag or variable) is refused.
   */
  readonly token?: string;
  /** A Meshwork server (`meshwork serve`) to run the command through instead of a store; else `$MESHWORK_URL`. */
  readonly server?: string;
}

/** The environment variable the CLI reads an API token from. */
export const TOKEN_ENV_VAR = 'MESHWORK_TOKEN';

/** The environment variable the CLI reads a server URL from (what `--server` sets). */
export const SERVER_ENV_VAR = 'MESHWORK_URL';

/** The `--server` option's help: what it does, and where a command that needs a store refuses it. */
const SERVER_HELP = `run the command through a Meshwork server (meshwork serve) at this URL instead of a store, as the principal of --token (default: $${SERVER_ENV_VAR}; README: "Run it as a service")`;

/** Adds `--server` to a command that only works on a local store, so that it is refused with a clear message. */
export function withLocalOnlyServerOption(cmd: Command): Command {
  return cmd.addOption(
    new Option('--server <url>', 'not supported: this command works on a local store only').hideHelp(),
  );
}

/**
 * How a command opens its store. `write` (the default) creates a missing store. `read` is for data reads, which
 * are audited: a missing store is refused, and the store is opened to write so the audit entry can be appended.
 * `read-only` is for catalog reads that write nothing: a missing store is refused, and the store is opened with
 * DuckDB's read-only mode, so several readers can work at once and a store in a read-only folder can be read.
 */
export type StoreAccess = 'write' | 'read' | 'read-only';

/** What a command needs: the io, and a way to open the store it was pointed at. */
export interface CommandContext {
  readonly io: CliIo;
  openMesh(options: StoreOptions, access?: StoreAccess): Promise<Mesh>;
  /** Where the store is: `--store`, else `$MESHWORK_STORE`, else `store:` in meshwork.yaml, else the default. */
  storeLocation(options: StoreOptions): string;
  /** The audit key the CLI is configured with ($MESHWORK_AUDIT_KEY, …; see cli-config.ts), never printed. */
  auditKey(): { readonly secret: string; readonly source: string } | undefined;
  /** Sets the process exit code for a command that finished without throwing. */
  setExitCode(code: number): void;
}

/** Adds `--store`, `--actor`, `--token` and `--server` to a command. */
export function withStoreOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        '--store <location>',
        `${STORE_LOCATION_HELP} (default: $${STORE_ENV_VAR}, then ./.meshwork/mesh.duckdb); only commands that write create a missing one, and catalog reads open it read-only (README: which commands create, write or only read the store)`,
      ),
    )
    .addOption(
      // No default here: an absent flag lets $MESHWORK_ACTOR, then meshwork.yaml, then `anonymous` decide.
      new Option(
        '--actor <principal>',
        'principal id recorded in the access log (default: $MESHWORK_ACTOR, then meshwork.yaml, then anonymous)',
      ),
    )
    .addOption(
      new Option(
        '--token <token>',
        `API token to act as its principal (default: $${TOKEN_ENV_VAR}; an empty one is refused; with neither: the local admin, see docs/governance.md)`,
      ),
    )
    .addOption(new Option('--server <url>', SERVER_HELP));
}

/** What `--no-formula-escape` sets: whether CSV text cells that would start a spreadsheet formula get a leading `'`. */
export interface FormulaEscapeOptions {
  readonly formulaEscape?: boolean;
}

/** Adds `--no-formula-escape` (CSV output keeps formula-like text cells as they are) to a command. */
export function withFormulaEscapeOption(cmd: Command): Command {
  return cmd.option(
    '--no-formula-escape',
    "CSV: write text cells starting with = + - @ tab or CR as they are, without the leading ' that stops spreadsheets running them as formulas (for machine consumers)",
  );
}

/** Output formats of commands printing one report or card: text for people, JSON for machines. */
export const CARD_FORMATS = ['text', 'json'] as const;

/** Adds `--format` (and its `--json` shorthand) to a command. */
export function withFormatOption(cmd: Command, formats: readonly string[], fallback: string): Command {
  const option = new Option('--format <format>', 'output format').choices([...formats]).default(fallback);
  OUTPUT_FORMAT_OPTIONS.add(option);
  return cmd.addOption(option).option('--json', 'same as --format json');
}

/** The `--format` options that choose an output format (not an input or file format), for meshwork.yaml's `format`. */
export const OUTPUT_FORMAT_OPTIONS = new WeakSet<Option>();

/** Reads the effective output format from parsed options. */
export function outputFormat(options: { format?: string; json?: boolean }): string {
  return options.json ? 'json' : (options.format ?? 'table');
}

/** Writes a value as pretty JSON followed by a newline. */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
