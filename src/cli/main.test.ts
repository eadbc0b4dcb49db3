import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ISSUE_COMMANDS } from '../../test/support/issue-commands.ts';
import type { CliIo } from './cli-io.ts';
import { buildProgram, main } from './main.ts';

/** An io whose output is kept for the assertions; stdin (and TTY-ness) only when a test needs them. */
function captureIo(options: { stdin?: PassThrough; tty?: boolean; cwd?: string } = {}) {
  const out = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  Object.assign(out, { isTTY: options.tty === true });
  const io: CliIo = {
    stdout: out,
    stderr: {
      write: (text: string) => {
        stderr += text;
        return true;
      },
    },
    ...(options.stdin ? { stdin: Object.assign(options.stdin, { isTTY: options.tty === true }) } : {}),
    env: {},
    cwd: options.cwd ?? process.cwd(),
  };
  return { io, out: () => stdout, err: () => stderr };
}

function commandTree(): Map<string, Command> {
  const { io } = captureIo();
  const program = buildProgram({
    io,
    openMesh: () => Promise.reject(new Error('no store in this test')),
    storeLocation: () => ':memory:',
    auditKey: () => undefined,
    setExitCode: () => undefined,
  });
  const all = new Map<string, Command>();
  const walk = (cmd: Command, prefix: string): void => {
    for (const sub of cmd.commands) {
      const name = `${prefix}${sub.name()}`;
      all.set(name, sub);
      walk(sub, `${name} `);
    }
  };
  walk(program, '');
  return all;
}

function helpOf(cmd: Command): string {
  let text = '';
  cmd.configureOutput({ writeOut: (s) => (text += s) });
  cmd.outputHelp();
  return text;
}

/** Splits a command line into words as a shell would (quotes kept together, no expansion), up to a `#` comment. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (const ch of line) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else word = `${word ?? ''}${ch}`;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (ch === '#' && word === undefined) {
      break;
    } else {
      word = `${word ?? ''}${ch}`;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The meshwork invocations in the `Example:`/`Examples:` sections of a help text, each as its words. */
function examplesIn(help: string): string[][] {
  const invocations: string[][] = [];
  const lines = help.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^Examples?:$/.test(lines[i] ?? '')) continue;
    for (let j = i + 1; lines[j]?.startsWith('  '); j++) {
      // `a && b` and `a | b` are two commands; `NAME=value meshwork …` sets the environment of one; `> file` is no argument.
      const commands: string[][] = [[]];
      for (const w of shellWords(lines[j] ?? '')) {
        if (['&&', '||', '|', ';'].includes(w)) commands.push([]);
        else commands.at(-1)?.push(w);
      }
      for (const command of commands) {
        const start = command.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
        const redirect = command.findIndex((w) => /^\d?[<>]/.test(w));
        if (command[start] === 'meshwork')
          invocations.push(command.slice(start, redirect === -1 ? undefined : redirect));
      }
    }
  }
  return invocations;
}

/** Thrown instead of running a command: which one the arguments reached. */
class WouldRun {
  constructor(readonly path: string) {}
}

/**
 * Parses a meshwork invocation against the real command tree without running anything, and names the command it
 * would run, or the usage error it gets (unknown command or option, missing argument, bad choice, extra arguments).
 */
async function commandRunBy(words: readonly string[]): Promise<string> {
  const run = captureIo();
  const program = buildProgram({
    io: run.io,
    openMesh: () => Promise.reject(new Error('no store in this test')),
    storeLocation: () => ':memory:',
    auditKey: () => undefined,
    setExitCode: () => undefined,
  });
  const stub = (cmd: Command, path: string): void => {
    for (const sub of cmd.commands) {
      const subPath = `${path}${sub.name()}`;
      if (sub.commands.length === 0)
        sub.action(() => {
          throw new WouldRun(subPath);
        });
      stub(sub, `${subPath} `);
    }
  };
  stub(program, '');
  try {
    await program.parseAsync(words.slice(1), { from: 'user' });
    return `nothing ran; ${run.err()}`;
  } catch (error) {
    if (error instanceof WouldRun) return error.path;
    return run.err() || String(error);
  }
}

/** The commands issue #5 lists, and every other command of the product, data, catalog and quality workflow. */
const WORKFLOW_COMMANDS = [
  ...ISSUE_COMMANDS,
  'domains list',
  'domains set',
  'impact',
  'create',
  'demo',
  'connect',
  'connect worldbank',
  'quality',
  'refresh',
  'segments',
  'segments list',
  'segments show',
  'segments create',
  'segments remove',
];

/** Commands whose output is data, and the formats each can print it in. */
const DATA_COMMANDS: Readonly<Record<string, readonly string[]>> = {
  list: ['table', 'json', 'ndjson', 'csv'],
  search: ['table', 'json', 'ndjson', 'csv'],
  log: ['table', 'json', 'ndjson', 'csv'],
  'domains list': ['table', 'json', 'ndjson', 'csv'],
  query: ['table', 'json', 'ndjson', 'csv'],
  'segments show': ['table', 'json', 'ndjson', 'csv'],
  show: ['text', 'json'],
  metrics: ['text', 'json'],
  impact: ['text', 'json'],
  quality: ['text', 'json'],
  lineage: ['tree', 'mermaid', 'json', 'openlineage'],
  diff: ['text', 'json', 'junit'],
  test: ['text', 'json', 'junit'],
};

describe('the meshwork command tree', () => {
  it('has every workflow command, each with examples in its --help', () => {
    const tree = commandTree();
    for (const name of WORKFLOW_COMMANDS) {
      const cmd = tree.get(name);
      expect(cmd, name).toBeDefined();
      expect(helpOf(cmd as Command), name).toMatch(/\nExamples?:\n {2}meshwork /);
    }
  });

  it('gives every command that prints data --format with json among its formats, and --json for it', () => {
    const tree = commandTree();
    for (const [name, formats] of Object.entries(DATA_COMMANDS)) {
      const cmd = tree.get(name) as Command;
      const format = cmd.options.find((o) => o.long === '--format');
      expect(format?.argChoices, name).toEqual(formats);
      expect(
        cmd.options.some((o) => o.long === '--json'),
        name,
      ).toBe(true);
    }
  });

  it('gives every command and subcommand --help with examples that are real invocations of it', async () => {
    const tree = commandTree();
    // Every registered command, found by walking the tree, so that a command added later without examples fails here.
    expect(tree.size).toBeGreaterThan(WORKFLOW_COMMANDS.length);
    expect([...tree.keys()]).toEqual(expect.arrayContaining([...WORKFLOW_COMMANDS, 'audit verify']));
    for (const [name, cmd] of tree) {
      if (name === 'help' || name.endsWith(' help')) continue;
      const help = helpOf(cmd);
      expect(help, name).toMatch(/\nExamples?:\n {2}\S/);
      const examples = examplesIn(help);
      expect(examples.length, `${name} has an example running meshwork`).toBeGreaterThan(0);
      const ran: string[] = [];
      for (const words of examples) {
        const path = await commandRunBy(words);
        expect(tree.has(path) ? 'a command' : path, `example of ${name}: ${words.join(' ')}`).toBe(
          'a command',
        );
        ran.push(path);
      }
      // An example may show a step before (e.g. `create` before `refresh`); one at least runs the command (or, for
      // a group, one of its subcommands).
      expect(
        ran.some((path) => path === name || path.startsWith(`${name} `)),
        `${name} has an example running it; its examples run ${ran.join(', ')}`,
      ).toBe(true);
    }
  });

  it('gives every other workflow command --json for its result', () => {
    const tree = commandTree();
    for (const name of WORKFLOW_COMMANDS) {
      const cmd = tree.get(name) as Command;
      // Groups and the demo walkthrough have no result data.
      if (cmd.commands.length > 0 || name === 'demo') continue;
      expect(
        cmd.options.some((o) => o.long === '--json'),
        name,
      ).toBe(true);
    }
  });
  it('lets --help wrap descriptions itself: no hard line break inside a paragraph (issue 15 item 15)', () => {
    for (const [name, cmd] of commandTree()) {
      const description = cmd.description();
      expect(description.replace(/\n\n/g, ''), name).not.toContain('\n');
    }
  });

  it('tells a user --store takes a DuckDB file path or a PostgreSQL URL, and names an unreachable server', async () => {
    const withStore = [...commandTree()].filter(([, cmd]) => cmd.options.some((o) => o.long === '--store'));
    expect(withStore.length).toBeGreaterThan(20);
    const helps = withStore.map(([name, cmd]) => [name, helpOf(cmd).replace(/\s+/g, ' ')] as const);
    for (const [name, help] of helps) {
      expect(help, name).not.toContain('PostgreSQL URLs are refused');
    }
    expect(
      helps.filter(([, help]) => help.includes('a DuckDB file path, or a PostgreSQL URL')).length,
    ).toBeGreaterThan(20);
    // Port 1 refuses every connection: the engine loads and says which server it could not reach.
    const { io, err } = captureIo();
    expect(await main(['list', '--store', 'postgres://mesh:secret@127.0.0.1:1/mesh'], io)).toBe(7);
    expect(err()).toMatch(
      /cannot reach the PostgreSQL server at postgres:\/\/mesh:\*\*\*@127\.0\.0\.1:1\/mesh/,
    );
    expect(err()).not.toContain('secret');
  });
});

describe('main', () => {
  it('prints a usage error on one line pointing at the command’s --help, with exit code 2', async () => {
    const unknownFlag = captureIo();
    expect(await main(['query', 'sales.transactions', '--wher', 'x'], unknownFlag.io)).toBe(2);
    expect(unknownFlag.err()).toBe(
      "meshwork: error: unknown option '--wher' (Did you mean --where?); see `meshwork query --help`\n",
    );
    const missing = captureIo();
    expect(await main(['segments', 'show', 'customer.profiles'], missing.io)).toBe(2);
    expect(missing.err()).toBe(
      "meshwork: error: missing required argument 'segment'; see `meshwork segments show --help`\n",
    );
    const command = captureIo();
    expect(await main(['serach', 'x'], command.io)).toBe(2);
    expect(command.err()).toMatch(
      /^meshwork: error: unknown command 'serach' \(Did you mean search\?\); see/,
    );
  });

  it('prints a user error as one line, and with --verbose its code, details and cause, never a stack', async () => {
    const plain = captureIo();
    expect(await main(['create', '/no/such/spec.yaml', '--store', ':memory:'], plain.io)).toBe(3);
    expect(plain.err()).toBe(
      'meshwork: error: descriptor file /no/such/spec.yaml does not exist or cannot be read; check the path\n',
    );
    const verbose = captureIo();
    expect(await main(['create', '/no/such/spec.yaml', '--store', ':memory:', '--verbose'], verbose.io)).toBe(
      3,
    );
    const lines = verbose.err().trimEnd().split('\n');
    expect(lines[0]).toBe(plain.err().trimEnd());
    expect(lines[1]).toBe('  code: not_found (exit code 3)');
    expect(lines[2]).toMatch(/^ {2}cause: ENOENT: no such file or directory/);
    expect(verbose.err()).not.toMatch(/\n\s+at /);
  });

  it('runs the demo on the store meshwork.yaml names, like every other command', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshwork-demo-config-'));
    try {
      writeFileSync(join(dir, 'meshwork.yaml'), 'store: ./from-config.duckdb\n');
      const run = captureIo({ cwd: dir });
      expect(await main(['demo'], run.io)).toBe(0);
      expect(run.out()).toContain(`Meshwork demo on store ${join(dir, 'from-config.duckdb')}\n`);
      expect(existsSync(join(dir, 'from-config.duckdb'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a misspelt lifecycle state in list instead of listing nothing', async () => {
    const run = captureIo();
    expect(await main(['list', '--status', 'live', '--store', ':memory:'], run.io)).toBe(2);
    expect(run.err()).toBe(
      'meshwork: error: status filter must be one of draft, published, deprecated, archived; got live\n',
    );
  });
});

describe('meshwork init', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshwork-init-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for the missing answers on a terminal, again until each is valid', async () => {
    const stdin = new PassThrough();
    const run = captureIo({ stdin, tty: true });
    // Type each answer once its question is on the screen, as a person would.
    const answers: [RegExp, string][] = [
      [/Product id .*: $/, 'Sales Orders'],
      [/e\.g\. sales\.orders\nProduct id .*: $/, 'sales.orders'],
      [/Owner .*: $/, ''],
      [/needs an owner.*\nOwner .*: $/, 'sales-team'],
      [/Description .*: $/, 'Orders taken by the web shop.'],
    ];
    const typing = setInterval(() => {
      const next = answers[0];
      if (next?.[0].test(run.out())) {
        answers.shift();
        stdin.write(`${next[1]}\n`);
      }
    }, 5);
    try {
      expect(await main(['init', join(dir, 'orders')], run.io)).toBe(0);
    } finally {
      clearInterval(typing);
    }
    expect(run.out()).toContain('  use domain.name in lowercase letters, digits and underscores');
    expect(run.out()).toContain('  a product needs an owner, e.g. sales-team');
    expect(run.out()).toContain(`created ${join(dir, 'orders')}/ with product.odps.yaml`);
    expect(readdirSync(join(dir, 'orders')).sort()).toEqual([
      'contract.odcs.yaml',
      'product.odps.yaml',
      'sample-data.json',
    ]);
  });

  it('asks nothing and names the flags when not on a terminal', async () => {
    const run = captureIo({ stdin: new PassThrough(), tty: false });
    expect(await main(['init', join(dir, 'orders'), '--owner', 'sales-team'], run.io)).toBe(2);
    expect(run.err()).toBe(
      'meshwork: error: init needs --id when not run on a terminal, e.g. meshwork init orders --id sales.orders --owner sales-team\n',
    );
    expect(run.out()).toBe('');
  });

  it('refuses a folder that is not empty before asking anything, with exit code 4', async () => {
    const first = captureIo();
    expect(await main(['init', dir, '--id', 'sales.orders', '--owner', 'x', '--json'], first.io)).toBe(0);
    expect(JSON.parse(first.out())).toMatchObject({ dir, productId: 'sales.orders' });
    const again = captureIo({ stdin: new PassThrough(), tty: true });
    expect(await main(['init', dir], again.io)).toBe(4);
    expect(again.err()).toBe(`meshwork: error: ${dir} is not empty; choose a new folder or pass --force\n`);
    expect(again.out()).toBe('');
  });
});

describe('meshwork publish', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshwork-publish-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('warns about each failed policy on one line, and shows the CEL detail only with --verbose', async () => {
    const folder = join(dir, 'orders');
    expect(
      await main(['init', folder, '--id', 'sales.orders', '--owner', 'sales-team'], captureIo().io),
    ).toBe(0);
    const sla =
      'warning: policy published-sla-and-quality: a published product promises an SLA and declares quality rules or quality-level targets (at status, schema.rules, qualityLevels)\n';
    const plain = captureIo();
    expect(await main(['publish', folder, '--store', ':memory:'], plain.io)).toBe(0);
    expect(plain.out()).toBe('sales.orders 0.1.0: registered and published\n');
    expect(plain.err()).toBe(
      `warning: publishing at bronze quality level: consumers get raw, unvalidated data\n${sla}`,
    );
    const verbose = captureIo();
    expect(await main(['publish', folder, '--store', ':memory:', '--verbose'], verbose.io)).toBe(0);
    expect(verbose.err()).toContain(
      `${sla}  status: product.status != "published" is false\n  schema.rules: size(product.schema.rules) > 0 is false\n  qualityLevels: size(product.qualityLevels) > 0 is false\n  trace: meshwork policy explain published-sla-and-quality sales.orders --event publish\n`,
    );
  });
});
