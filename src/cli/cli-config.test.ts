import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MeshError } from '../core/errors.ts';
import { DEFAULT_STORE } from '../engine/open-engine.ts';
import { applyConfigDefaults, loadCliConfig, resolveCliActor, resolveCliStore } from './cli-config.ts';
import { withFormatOption } from './command-context.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const write = (text: string) => writeFileSync(join(dir, 'meshwork.yaml'), text);
const refusal = async (): Promise<MeshError> => {
  try {
    await loadCliConfig(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(MeshError);
    return error as MeshError;
  }
  throw new Error('expected the config to be refused');
};

describe('loadCliConfig', () => {
  it('reads store (resolved against the folder), actor and format', async () => {
    write('store: data/mesh.duckdb\nactor: alice\nformat: json\n');
    expect(await loadCliConfig(dir)).toEqual({
      store: join(dir, 'data/mesh.duckdb'),
      actor: 'alice',
      format: 'json',
    });
  });

  it('gives no settings without a file, or for an empty one', async () => {
    expect(await loadCliConfig(dir)).toEqual({});
    write('# nothing yet\n');
    expect(await loadCliConfig(dir)).toEqual({});
  });

  it('keeps a database URL as it is', async () => {
    write('store: postgres://mesh@localhost/mesh\n');
    expect((await loadCliConfig(dir)).store).toBe('postgres://mesh@localhost/mesh');
  });

  it('refuses malformed YAML, unknown settings and bad values with invalid_input naming the file', async () => {
    write('store: [unclosed\n');
    expect((await refusal()).message).toMatch(/meshwork\.yaml is not valid YAML/);
    write('stor: x\n');
    expect((await refusal()).message).toMatch(
      /unknown setting stor; the settings are store, actor, format, audit_key_file, host, port, cors_origins, worldbank_base_url, query_timeout, durable_audit, webhook_allow_private, memory_limit and user_sql_timeout$/,
    );
    write('format: xml\n');
    expect((await refusal()).message).toMatch(/format must be one of table, json, ndjson, csv; got xml/);
    write('actor: 3\n');
    expect((await refusal()).code).toBe('invalid_input');
    write('- a list\n');
    expect((await refusal()).message).toMatch(/must hold settings/);
  });
});

describe('settings precedence', () => {
  const config = { store: '/from/config.duckdb', actor: 'carol' };

  it('takes the flag first, then the environment, then meshwork.yaml, then the default', async () => {
    const env = { MESHWORK_STORE: '/from/env.duckdb', MESHWORK_ACTOR: 'dave' };
    expect(resolveCliStore('/from/flag.duckdb', env, config)).toBe('/from/flag.duckdb');
    expect(resolveCliStore(undefined, env, config)).toBe('/from/env.duckdb');
    expect(resolveCliStore(undefined, {}, config)).toBe('/from/config.duckdb');
    expect(resolveCliStore(undefined, {}, {})).toBe(DEFAULT_STORE);
    expect(resolveCliActor('bob', env, config)).toBe('bob');
    expect(resolveCliActor(undefined, env, config)).toBe('dave');
    expect(resolveCliActor(undefined, { MESHWORK_ACTOR: '' }, config)).toBe('carol');
    expect(resolveCliActor(undefined, {}, {})).toBeUndefined();
  });
});

describe('applyConfigDefaults', () => {
  const program = () => {
    const p = new Command('meshwork').exitOverride();
    withFormatOption(p.command('query'), ['table', 'json', 'csv'], 'table');
    withFormatOption(p.command('lineage'), ['tree', 'mermaid', 'json'], 'tree');
    p.command('list').option('--json');
    p.command('ingest').option('--format <format>').option('--json');
    return p;
  };
  const opts = (p: Command, name: string) => p.commands.find((c) => c.name() === name)?.opts() ?? {};

  it('makes the configured format the default output wherever a command offers it, leaving input formats alone', async () => {
    const p = program();
    applyConfigDefaults(p, { format: 'json' });
    expect(opts(p, 'query').format).toBe('json');
    expect(opts(p, 'lineage').format).toBe('json');
    expect(opts(p, 'list').json).toBe(true);
    expect(opts(p, 'ingest')).toEqual({ json: true });
  });

  it('lets a command-line flag win over the configured format', async () => {
    const p = program();
    applyConfigDefaults(p, { format: 'csv' });
    expect(opts(p, 'lineage').format).toBe('tree');
    await p.parseAsync(['query', '--format', 'table'], { from: 'user' });
    expect(opts(p, 'query').format).toBe('table');
    const q = program();
    applyConfigDefaults(q, { format: 'json' });
    await q.parseAsync(['list', '--no-json'], { from: 'user' });
    expect(opts(q, 'list').json).toBe(false);
  });
});
