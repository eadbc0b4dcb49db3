import { Option, type Command } from 'commander';
import { STORE_ENV_VAR } from '../engine/open-engine.ts';
import { Mesh } from '../product/mesh.ts';
import type { CliIo } from './cli-io.ts';

/** Options every store-using command accepts. */
export interface StoreOptions {
  readonly store?: string;
  readonly actor?: string;
}

/** What a command needs: the io, and a way to open the store it was pointed at. */
export interface CommandContext {
  readonly io: CliIo;
  openMesh(options: StoreOptions): Promise<Mesh>;
  /** Sets the process exit code for a command that finished without throwing. */
  setExitCode(code: number): void;
}

/** Adds `--store` and `--actor` to a command. */
export function withStoreOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        '--store <location>',
        `store: DuckDB file path or postgres URL (default: $${STORE_ENV_VAR}, then ./.meshwork/mesh.duckdb)`,
      ),
    )
    .addOption(
      new Option('--actor <principal>', 'principal id recorded in the access log').default('anonymous'),
    );
}

/** Adds `--format` (and its `--json` shorthand) to a command. */
export function withFormatOption(cmd: Command, formats: readonly string[], fallback: string): Command {
  return cmd
    .addOption(new Option('--format <format>', 'output format').choices([...formats]).default(fallback))
    .option('--json', 'same as --format json');
}

/** Reads the effective output format from parsed options. */
export function outputFormat(options: { format?: string; json?: boolean }): string {
  return options.json ? 'json' : (options.format ?? 'table');
}

/** Writes a value as pretty JSON followed by a newline. */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
