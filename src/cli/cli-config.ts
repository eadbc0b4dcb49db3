import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { MeshError } from '../core/errors.ts';
import { DEFAULT_STORE, STORE_ENV_VAR } from '../engine/open-engine.ts';
import { OUTPUT_FORMAT_OPTIONS } from './command-context.ts';

/** The configuration file the CLI reads from the current directory. */
export const CONFIG_FILE = 'meshwork.yaml';

/** The environment variable naming the principal recorded in the access log. */
export const ACTOR_ENV_VAR = 'MESHWORK_ACTOR';

/** The environment variable holding the audit key itself (never printed). */
export const AUDIT_KEY_ENV_VAR = 'MESHWORK_AUDIT_KEY';

/** The environment variable naming a file that holds the audit key. */
export const AUDIT_KEY_FILE_ENV_VAR = 'MESHWORK_AUDIT_KEY_FILE';

/** Output formats `meshwork.yaml` may make the default. */
export const CONFIG_FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;

/** An output format `meshwork.yaml` may make the default. */
export type ConfigFormat = (typeof CONFIG_FORMATS)[number];

/** Settings read from `meshwork.yaml`; each is used only when neither a flag nor an environment variable gives it. */
export interface CliConfig {
  /** The store, resolved against the folder holding the file. */
  readonly store?: string;
  readonly actor?: string;
  /** The default output format of commands that print data. */
  readonly format?: ConfigFormat;
  /** A file holding the audit key, resolved against the folder holding meshwork.yaml (never the key itself). */
  readonly auditKeyFile?: string;
  /** `meshwork serve`: the address to listen on. */
  readonly host?: string;
  /** `meshwork serve`: the port to listen on (text, checked by serve). */
  readonly port?: string;
  /** `meshwork serve`: comma-separated origins CORS allows. */
  readonly corsOrigins?: string;
  /** `meshwork serve`: where the World Bank connector's refresh reaches the API. */
  readonly worldBankBaseUrl?: string;
  /** `meshwork serve`: the query timeout in milliseconds (text, checked by serve). */
  readonly queryTimeout?: string;
  /** `meshwork serve`: whether reads wait for their audit entries to be committed (text, checked by serve). */
  readonly durableAudit?: string;
  /** `meshwork serve`: whether webhooks may target non-public addresses (text, checked by serve). */
  readonly webhookAllowPrivate?: string;
}

/** How the settings are looked up, as `--help` shows it. */
export const SETTINGS_HELP = `Settings (a flag wins over an environment variable, which wins over ${CONFIG_FILE} in the current folder):
  store   --store <path>     $${STORE_ENV_VAR}   store: <path>   default ${DEFAULT_STORE}
  actor   --actor <name>     $${ACTOR_ENV_VAR}   actor: <name>   default anonymous
  server  --server <url>     $MESHWORK_URL     -               default none: the store (with --token or $MESHWORK_TOKEN)
  format  --format/--json    -                  format: json    default table (table, json, ndjson or csv)
  audit key  -  $${AUDIT_KEY_ENV_VAR}, else a file named by $${AUDIT_KEY_FILE_ENV_VAR}, else audit_key_file: <path>   default none (unkeyed chain)`;

const CONFIG_KEYS: readonly string[] = [
  'store',
  'actor',
  'format',
  'audit_key_file',
  'host',
  'port',
  'cors_origins',
  'worldbank_base_url',
  'query_timeout',
  'durable_audit',
  'webhook_allow_private',
];

function text(file: string, key: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new MeshError(
      'invalid_input',
      `${file}: ${key} must be non-empty text, e.g. ${key}: ${key === 'store' ? './mesh.duckdb' : 'alice'}`,
    );
  }
  return value.trim();
}

/**
 * Reads `meshwork.yaml` from a folder; a missing file gives no settings.
 * @throws MeshError `invalid_input` for malformed YAML, an unknown setting or a bad value, naming the file.
 */
export async function loadCliConfig(folder: string): Promise<CliConfig> {
  const file = join(folder, CONFIG_FILE);
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  // The YAML parser is loaded only when there is a file to read: most runs have none.
  const { parsePlainYaml } = await import('../contract/parse-plain-yaml.ts');
  const data = parsePlainYaml(raw, file, 'YAML');
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new MeshError('invalid_input', `${file} must hold settings such as "store: ./mesh.duckdb"`);
  }
  const settings = data as Record<string, unknown>;
  for (const key of Object.keys(settings)) {
    if (!CONFIG_KEYS.includes(key)) {
      throw new MeshError(
        'invalid_input',
        `${file}: unknown setting ${key}; the settings are ${CONFIG_KEYS.slice(0, -1).join(', ')} and ${CONFIG_KEYS.at(-1)}`,
      );
    }
  }
  const store = text(file, 'store', settings.store);
  const actor = text(file, 'actor', settings.actor);
  const format = text(file, 'format', settings.format);
  const auditKeyFile = text(file, 'audit_key_file', settings.audit_key_file);
  const host = text(file, 'host', settings.host);
  const port = text(file, 'port', typeof settings.port === 'number' ? String(settings.port) : settings.port);
  const corsOrigins = text(file, 'cors_origins', settings.cors_origins);
  const worldBankBaseUrl = text(file, 'worldbank_base_url', settings.worldbank_base_url);
  const queryTimeout = text(
    file,
    'query_timeout',
    typeof settings.query_timeout === 'number' ? String(settings.query_timeout) : settings.query_timeout,
  );
  const durableAudit = text(
    file,
    'durable_audit',
    typeof settings.durable_audit === 'boolean' ? String(settings.durable_audit) : settings.durable_audit,
  );
  const webhookAllowPrivate = text(
    file,
    'webhook_allow_private',
    typeof settings.webhook_allow_private === 'boolean'
      ? String(settings.webhook_allow_private)
      : settings.webhook_allow_private,
  );
  if (format !== undefined && !(CONFIG_FORMATS as readonly string[]).includes(format)) {
    throw new MeshError(
      'invalid_input',
      `${file}: format must be one of ${CONFIG_FORMATS.join(', ')}; got ${format}`,
    );
  }
  return {
    ...(store === undefined ? {} : { store: /^[a-z]+:\/\//i.test(store) ? store : resolve(folder, store) }),
    ...(actor === undefined ? {} : { actor }),
    ...(format === undefined ? {} : { format: format as ConfigFormat }),
    ...(auditKeyFile === undefined ? {} : { auditKeyFile: resolve(folder, auditKeyFile) }),
    ...(host === undefined ? {} : { host }),
    ...(port === undefined ? {} : { port }),
    ...(corsOrigins === undefined ? {} : { corsOrigins }),
    ...(worldBankBaseUrl === undefined ? {} : { worldBankBaseUrl }),
    ...(queryTimeout === undefined ? {} : { queryTimeout }),
    ...(durableAudit === undefined ? {} : { durableAudit }),
    ...(webhookAllowPrivate === undefined ? {} : { webhookAllowPrivate }),
  };
}

type Env = Readonly<Record<string, string | undefined>>;

function first(...values: (string | undefined)[]): string | undefined {
  return values.find((v) => v !== undefined && v !== '');
}

/** The store a command uses: `--store`, else `$MESHWORK_STORE`, else `store` in meshwork.yaml, else the default. */
export function resolveCliStore(flag: string | undefined, env: Env, config: CliConfig): string {
  return first(flag, env[STORE_ENV_VAR], config.store) ?? DEFAULT_STORE;
}

/** The principal a command acts as: `--actor`, else `$MESHWORK_ACTOR`, else `actor` in meshwork.yaml, else none. */
export function resolveCliActor(flag: string | undefined, env: Env, config: CliConfig): string | undefined {
  return first(flag, env[ACTOR_ENV_VAR], config.actor);
}

/**
 * The audit key a command writes and verifies the chain with: `$MESHWORK_AUDIT_KEY`, else the file named by
 * `$MESHWORK_AUDIT_KEY_FILE`, else the file named by `audit_key_file` in meshwork.yaml, else none. Only the key's
 * source is ever named in an error, never its content.
 * @throws MeshError `not_found` for a key file that cannot be read.
 */
export function resolveCliAuditKey(
  env: Env,
  config: CliConfig,
): { secret: string; source: string } | undefined {
  const inline = env[AUDIT_KEY_ENV_VAR];
  if (inline !== undefined && inline !== '') return { secret: inline, source: `$${AUDIT_KEY_ENV_VAR}` };
  const fromEnv = first(env[AUDIT_KEY_FILE_ENV_VAR]);
  const file = fromEnv ?? config.auditKeyFile;
  if (file === undefined) return undefined;
  const source = fromEnv
    ? `the audit key file ${file} (from $${AUDIT_KEY_FILE_ENV_VAR})`
    : `the audit key file ${file} (audit_key_file in ${CONFIG_FILE})`;
  try {
    return { secret: readFileSync(file, 'utf8'), source };
  } catch (error) {
    throw new MeshError(
      'not_found',
      `cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? 'error'}; check the path and its permissions`,
      {
        cause: error,
      },
    );
  }
}

/**
 * Makes the configured output format the default of every command offering it: the output `--format` where it is
 * one of the command's choices, and `--json` for commands without an output `--format`. Flags still win (Commander ranks a value from
 * the command line above one from config).
 */
export function applyConfigDefaults(program: Command, config: CliConfig): void {
  const format = config.format;
  if (format === undefined) return;
  const visit = (cmd: Command): void => {
    const options = cmd.options as readonly Option[];
    const output = options.find((o) => OUTPUT_FORMAT_OPTIONS.has(o));
    if (output !== undefined) {
      if (output.argChoices?.includes(format)) cmd.setOptionValueWithSource('format', format, 'config');
    } else if (format === 'json' && options.some((o) => o.long === '--json')) {
      cmd.setOptionValueWithSource('json', true, 'config');
      // Such a command has no --format table to switch back with; --no-json does it.
      if (!options.some((o) => o.long === '--no-json')) {
        cmd.addOption(new Option('--no-json', `print for people (overrides format: json in ${CONFIG_FILE})`));
      }
    }
    for (const sub of cmd.commands) visit(sub);
  };
  visit(program);
}
