import { execFile, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleMesh, openExampleMesh } from '../support/example-mesh.ts';
import { runCli } from '../support/run-cli.ts';

const run = promisify(execFile);
const LAUNCHER = fileURLToPath(new URL('../support/meshwork-from-source.js', import.meta.url));

/** Commands a user types most, and ones with subcommands; every script must offer them all. */
const COMMANDS = [
  'init',
  'publish',
  'ingest',
  'query',
  'list',
  'show',
  'segments',
  'audit',
  'demo',
  'completion',
];

const installed = (shell: string): boolean =>
  spawnSync(shell, ['--version'], { stdio: 'ignore' }).status === 0;

describe('meshwork completion', () => {
  const scripts: Record<string, string> = {};
  let example: ExampleMesh;

  beforeAll(async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const { code, stdout, stderr } = await runCli(['completion', shell]);
      if (code !== 0) throw new Error(`completion ${shell} failed: ${stderr}`);
      scripts[shell] = stdout;
    }
    example = await openExampleMesh({ ingest: false });
    await example.mesh.close();
  });

  afterAll(() => example?.cleanup());

  it('prints a bash script that bash accepts, offering every command', () => {
    const script = scripts.bash ?? '';
    const check = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(script).toContain('complete -o default -F _meshwork meshwork');
    for (const command of COMMANDS) expect(script).toMatch(new RegExp(`\\b${command}\\b`));
  });

  it('prints a zsh script registered with compdef, offering every command', () => {
    const script = scripts.zsh ?? '';
    expect(script.startsWith('#compdef meshwork\n')).toBe(true);
    expect(script).toContain('compdef _meshwork meshwork');
    for (const command of COMMANDS) expect(script).toContain(`'${command}:`);
    // zsh is not installed on every machine; where it is, it checks the syntax too.
    if (installed('zsh')) expect(spawnSync('zsh', ['-n'], { input: script }).status).toBe(0);
  });

  it('prints a fish script of complete commands, offering every command', () => {
    const script = scripts.fish ?? '';
    const lines = script.trimEnd().split('\n');
    expect(lines.filter((l) => !l.startsWith('#') && !l.startsWith('complete -c meshwork '))).toEqual([]);
    for (const command of COMMANDS) {
      const offered = new RegExp(`__fish_use_subcommand' -a ${command} -d `);
      expect(lines.filter((l) => offered.test(l))).toHaveLength(1);
    }
    if (installed('fish')) expect(spawnSync('fish', ['-n'], { input: script }).status).toBe(0);
  });

  it('refuses an unknown shell with a usage error', async () => {
    const { code, stderr } = await runCli(['completion', 'powershell']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown shell "powershell"; use one of bash, zsh, fish');
  });

  it('lists the product ids of a store, and nothing (without creating it) for a missing store', async () => {
    const listed = await runCli(['__complete', 'products', '--store', example.store]);
    expect(listed.stdout).toBe('customer.profiles\nsales.transactions\n');
    const missing = example.dir.file('missing.duckdb');
    const none = await runCli(['__complete', 'products', '--store', missing]);
    expect(none).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(missing)).toBe(false);
  });

  it('completes commands, options and product ids in bash', async () => {
    const file = example.dir.file('completion.bash');
    writeFileSync(file, scripts.bash ?? '');
    const probe = `meshwork() { ${JSON.stringify(process.execPath)} ${JSON.stringify(LAUNCHER)} "$@"; }
source ${JSON.stringify(file)}
t() { COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _meshwork; echo "\${COMPREPLY[*]}"; }
t meshwork ing
t meshwork query --wh
t meshwork segments ""
t meshwork ingest ""
t meshwork segments show s
`;
    const { stdout } = await run('bash', ['-c', probe], {
      env: { ...process.env, MESHWORK_STORE: example.store },
    });
    expect(stdout.split('\n')).toEqual([
      'ingest',
      '--where',
      'list show create remove',
      'customer.profiles sales.transactions',
      'sales.transactions',
      '',
    ]);
  });
});
