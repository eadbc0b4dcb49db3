import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbEngine } from '../../src/engine/duckdb/duckdb-engine.ts';
import { ISSUE_COMMANDS } from '../support/issue-commands.ts';
import { ROOT, runCli } from '../support/run-cli.ts';
import { HAS_SCRIPT, runCliOnTty } from '../support/run-cli-tty.ts';

let dir: string;
let store: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-cli-'));
  store = join(dir, 'mesh.duckdb');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const sales = join(ROOT, 'examples/sales/product.yaml');
const salesData = join(ROOT, 'examples/sales/sample_sales.json');

describe('meshwork CLI', () => {
  it('lists every command in --help, grouped, with examples and the exit codes', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const cmd of [...ISSUE_COMMANDS, 'demo', 'create']) {
      expect(run.stdout, cmd).toMatch(new RegExp(`\\n  ${cmd} `));
    }
    expect(run.stdout).toContain('Describe and publish products:');
    expect(run.stdout).toContain('Discover (the catalog):');
    expect(run.stdout).toContain('Examples:\n  meshwork init orders');
    expect(run.stdout).toContain('Exit codes');
    expect(run.stdout).toContain('5  contract violation');
  });

  it('shows examples in a command --help', async () => {
    const run = await runCli(['query', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--where');
    expect(run.stdout).toContain('Examples:');
  });

  it('creates, publishes and lists a product', async () => {
    const created = await runCli(['create', sales, '--store', store]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('sales.transactions 1.0.0 is registered (draft)');
    const published = await runCli(['publish', 'sales.transactions', '--store', store]);
    expect(published.code).toBe(0);
    expect(published.stdout).toContain('draft → published');
    const listed = await runCli(['list', '--store', store, '--json']);
    const products = JSON.parse(listed.stdout) as { id: string; status: string }[];
    expect(products.map((p) => [p.id, p.status])).toEqual([['sales.transactions', 'published']]);
  });

  it('refuses to create the same product twice with exit code 4', async () => {
    const run = await runCli(['create', sales, '--store', store]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('sales.transactions already exists');
    expect(run.stderr).not.toContain('    at ');
  });

  it('ingests a JSON file and prints accepted and rejected counts', async () => {
    const run = await runCli(['ingest', 'sales.transactions', salesData, '--store', store]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('6 accepted, 0 rejected of 6');
  });

  it('reports rejected NDJSON records with their line and reason, stores the rest, exits 5', async () => {
    const file = join(dir, 'mixed.ndjson');
    const rejects = join(dir, 'rejects.ndjson');
    writeFileSync(
      file,
      [
        '{"transaction_id":"TXN100","product_id":"P","customer_id":"C","amount":10,"date":"2025-10-10","product_category":"Books","region":"Europe"}',
        '{"transaction_id":"TXN101","product_id":"P","customer_id":"C","amount":-1,"date":"2025-10-10","product_category":"Books","region":"Europe"}',
        '{not json',
        '{"transaction_id":"TXN001","product_id":"P","customer_id":"C","amount":5,"date":"2025-10-10","product_category":"Books","region":"Europe"}',
      ].join('\n'),
    );
    const run = await runCli(['ingest', 'sales.transactions', file, '--store', store, '--rejects', rejects]);
    expect(run.code).toBe(5);
    expect(run.stdout).toContain('1 accepted, 3 rejected of 4');
    expect(run.stdout).toContain('(line 2) amount: amount must be greater than 0, got -1');
    expect(run.stdout).toContain('line 3 is not valid JSON');
    expect(run.stdout).toContain('TXN001 is already stored');
    const written = readFileSync(rejects, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number });
    expect(written.map((r) => r.line).sort()).toEqual([2, 3, 4]);
  });

  it('ingests through --json with a machine-readable result', async () => {
    const file = join(dir, 'one.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          transaction_id: 'TXN200',
          product_id: 'P',
          customer_id: 'C',
          amount: 1,
          date: '2025-10-11',
          product_category: 'Toys',
          region: 'Asia',
        },
      ]),
    );
    const run = await runCli(['ingest', 'sales.transactions', file, '--store', store, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 1, accepted: 1, rejectedCount: 0 });
  });

  it('gives a clear error for a missing file, bad JSON and a non-array document', async () => {
    const missing = await runCli(['ingest', 'sales.transactions', join(dir, 'nope.json'), '--store', store]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('nope.json does not exist');
    const badFile = join(dir, 'bad.json');
    writeFileSync(badFile, '[\n  {"a": 1},\n  {"b": }\n]');
    const bad = await runCli(['ingest', 'sales.transactions', badFile, '--store', store]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not valid JSON (line 3, column 9, at "}")');
    const objFile = join(dir, 'obj.json');
    writeFileSync(objFile, '{"transaction_id": "X"}');
    const obj = await runCli(['ingest', 'sales.transactions', objFile, '--store', store]);
    expect(obj.code).toBe(2);
    expect(obj.stderr).toContain('must contain a JSON array of records, but it holds an object');
  });

  it('queries with a filter expression, columns, order and limit as a table', async () => {
    const run = await runCli([
      'query',
      'sales.transactions',
      '--where',
      "region = 'Europe' and amount >= 120",
      '--columns',
      'transaction_id,amount',
      '--order-by',
      'amount desc',
      '--store',
      store,
    ]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^transaction_id\s+amount$/);
    expect(lines.slice(2).map((l) => l.split(/\s+/)[0])).toEqual(['TXN002', 'TXN005']);
  });

  it('queries as JSON, NDJSON and CSV', async () => {
    const base = [
      'query',
      'sales.transactions',
      '-w',
      "transaction_id in ('TXN001', 'TXN003')",
      '-o',
      'transaction_id',
      '--store',
      store,
    ];
    const json = JSON.parse((await runCli([...base, '--json'])).stdout) as { rows: { amount: number }[] };
    expect(json.rows.map((r) => r.amount)).toEqual([150, 300.5]);
    const nd = (await runCli([...base, '--format', 'ndjson'])).stdout.trim().split('\n');
    expect(nd.map((l) => (JSON.parse(l) as { transaction_id: string }).transaction_id)).toEqual([
      'TXN001',
      'TXN003',
    ]);
    const csv = (await runCli([...base, '--format', 'csv', '-c', 'transaction_id,date'])).stdout
      .trim()
      .split('\n');
    expect(csv).toEqual(['transaction_id,date', 'TXN001,2025-10-01', 'TXN003,2025-10-03']);
  });

  it('refuses an unknown field in a filter with a suggestion and exit code 2', async () => {
    const run = await runCli([
      'query',
      'sales.transactions',
      '--where',
      "regoin = 'Europe'",
      '--store',
      store,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('regoin');
    expect(run.stderr).toContain('region');
  });

  it('refuses a malformed filter expression with exit code 2', async () => {
    const run = await runCli(['query', 'sales.transactions', '--where', 'amount >', '--store', store]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/meshwork: error: .*column/);
  });

  it('says which product is unknown and exits 3', async () => {
    const run = await runCli(['query', 'sales.nope', '--store', store]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('product sales.nope is not in the catalog');
    expect(run.stderr).toContain('sales.transactions');
  });

  it('rejects an unknown option as a usage error', async () => {
    const run = await runCli(['query', 'sales.transactions', '--colour', '--store', store]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--colour'");
  });

  it('prints metrics and the access log of the operations done', async () => {
    const metrics = JSON.parse(
      (await runCli(['metrics', 'sales.transactions', '--store', store, '--json'])).stdout,
    ) as {
      totalRecords: number;
      accessesByOperation: Record<string, number>;
      byDay: { day: string; reads: number; writes: number }[];
    };
    expect(metrics.totalRecords).toBe(8);
    expect(metrics.accessesByOperation.ingest).toBe(3);
    // The ingests of this test run fall in the 30-day window (today, or yesterday just after midnight).
    expect(metrics.byDay).toHaveLength(30);
    expect(metrics.byDay.reduce((n, d) => n + d.writes, 0)).toBeGreaterThanOrEqual(3);
    const text = (await runCli(['metrics', 'sales.transactions', '--store', store])).stdout;
    expect(text).toMatch(/last 30 days\s+\d+ reads, [1-9]\d* writes on [12] days?/);
    const log = JSON.parse(
      (await runCli(['log', 'sales.transactions', '--operation', 'publish', '--store', store, '--json']))
        .stdout,
    ) as {
      operation: string;
      actor: string;
    }[];
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ operation: 'publish', actor: 'anonymous' });
  });

  it('reads the store from MESHWORK_STORE when --store is not given', async () => {
    const run = await runCli(['list', '--json'], { env: { MESHWORK_STORE: store } });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { id: string }[]).map((p) => p.id)).toEqual(['sales.transactions']);
  });

  it('opens a PostgreSQL store URL, and names the server when it cannot reach it', async () => {
    const run = await runCli(['list', '--store', 'postgres://mesh:secret@127.0.0.1:1/mesh']);
    expect(run.code).toBe(7);
    expect(run.stderr).toContain(
      'cannot reach the PostgreSQL server at postgres://mesh:***@127.0.0.1:1/mesh',
    );
    expect(run.stderr).not.toContain('secret');
  });

  it('deprecates then archives, after which reads are refused with exit code 4', async () => {
    const dep = await runCli(['deprecate', 'sales.transactions', '--sunset', '2027-01-31', '--store', store]);
    expect(dep.code).toBe(0);
    const arch = await runCli(['archive', 'sales.transactions', '--store', store]);
    expect(arch.code).toBe(0);
    const read = await runCli(['query', 'sales.transactions', '--store', store]);
    expect(read.code).toBe(4);
    expect(read.stderr).toContain('archived');
    const again = await runCli(['publish', 'sales.transactions', '--store', store]);
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('archived is final');
  });
});

describe('meshwork demo', () => {
  it('walks through the demo and keeps the state on a second run', async () => {
    const demoStore = join(dir, 'demo.duckdb');
    const first = await runCli(['demo', '--store', demoStore]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('sales.transactions 1.0.0: published');
    expect(first.stdout).toContain('sales.transactions: 6 accepted, 0 rejected of 6');
    expect(first.stdout).toContain('amount must be greater than 0, got -5');
    expect(first.stdout).toContain('tier must be one of');
    expect(first.stdout).toContain('maria.santos@newmail.example');
    expect(first.stdout).toContain("query transaction_id = 'TXN006' now returns 0 record(s)");
    const second = await runCli(['demo', '--store', demoStore]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('already published (kept from an earlier run)');
    expect(second.stdout).toContain('customer.profiles: 0 accepted, 4 rejected of 4');
    const reset = await runCli(['demo', '--reset', '--store', demoStore]);
    expect(reset.stdout).toContain('sales.transactions 1.0.0: published');
  });
});

/** Splits one README command line into arguments: words, and "double" or 'single' quoted strings. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  return words;
}

/** The commands of the README's quick start, as written there (after the marker, up to the end of the block). */
function quickStartCommands(): string[][] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const marker = readme.indexOf('<!-- quick-start:');
  const start = readme.indexOf('```sh\n', marker) + '```sh\n'.length;
  const block = readme.slice(start, readme.indexOf('\n```', start));
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => line.startsWith('npx meshwork '))
    .map((line) => shellWords(line).slice(2));
}

describe('the README quick start, run as a new user would in an empty folder', () => {
  it('goes from init to a published, searchable, queryable product, exactly as written', async () => {
    const home = mkdtempSync(join(dir, 'quick-start-'));
    const commands = quickStartCommands();
    expect(commands.map((c) => c[0])).toEqual([
      'init',
      'validate',
      'publish',
      'ingest',
      'search',
      'query',
      'show',
    ]);
    const runs = [];
    for (const args of commands) {
      const run = await runCli(args, { cwd: home });
      expect(run.code, `meshwork ${args.join(' ')}: ${run.stderr}`).toBe(0);
      runs.push(run);
    }
    const [init, validate, publish, ingest, search, query, show] = runs.map((r) => r.stdout);
    expect(init).toContain('created orders/ with product.odps.yaml, contract.odcs.yaml, sample-data.json');
    expect(validate).toContain('2 document(s), 0 error(s), 0 warning(s)');
    expect(publish).toBe('sales.orders 0.1.0: registered and published\n');
    expect(ingest).toBe('sales.orders: 3 accepted, 0 rejected of 3 record(s)\n');
    expect(search?.split('\n')[2]).toMatch(
      /^sales\.orders\s+1100\s+published\s+bronze\s+sales-team\s+name orders/,
    );
    expect(search).toContain('\nfound 1 product(s); by\n  domain: sales 1\n  status: published 1\n');
    expect(query?.split('\n').slice(2, 4)).toEqual([
      'R003  Third   99.99  2025-10-03 08:15:00',
      'R001  First    12.5  2025-10-01 09:30:00',
    ]);
    expect(show).toContain(
      'output ports   default: version 0.1.0 in table data_sales__orders__v0_1; query, export csv/ndjson/parquet',
    );
    // The README's card lines are what show prints, dates aside (issue 15 item 15: the quality line differed).
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const readmeQuality = readme.split('\n').find((l) => l.startsWith('quality level  '));
    const shownQuality = show
      ?.split('\n')
      .find((l) => l.startsWith('quality level  '))
      ?.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/, 'YYYY-MM-DDTHH:MM:SS.sssZ');
    expect(readmeQuality).toBeDefined();
    expect(shownQuality).toBe(readmeQuality);
    // The store is the default one, under the folder the commands ran in.
    expect(existsSync(join(home, '.meshwork/mesh.duckdb'))).toBe(true);
    const again = await runCli(['publish', 'orders'], { cwd: home });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('sales.orders 0.1.0: unchanged (already published)\n');
  });
});

describe('every command fails clearly, with one line and its exit code', () => {
  let store: string;
  const cli = (...args: string[]) => runCli([...args, '--store', store]);

  beforeAll(async () => {
    store = join(dir, 'failures.duckdb');
    const created = await cli('create', sales);
    if (created.code !== 0) throw new Error(`setup failed: ${created.stderr}`);
  });

  it('refuses usage errors before touching the store, pointing at the command’s --help', async () => {
    const [command, flag, argument, batch, format] = await Promise.all([
      runCli(['serach', 'orders']),
      runCli(['list', '--colour']),
      runCli(['show']),
      runCli(['ingest', 'sales.transactions', salesData, '--batch-size', '0', '--store', store]),
      runCli(['search', 'x', '--format', 'xml']),
    ]);
    expect(command.code).toBe(2);
    expect(command.stderr).toBe(
      "meshwork: error: unknown command 'serach' (Did you mean search?); see `meshwork --help`\n",
    );
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe("meshwork: error: unknown option '--colour'; see `meshwork list --help`\n");
    expect(argument.stderr).toBe(
      "meshwork: error: missing required argument 'product'; see `meshwork show --help`\n",
    );
    expect(batch.code).toBe(2);
    expect(batch.stderr).toBe(
      'meshwork: error: --batch-size must be a positive whole number, got 0; e.g. --batch-size 50000\n',
    );
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/^meshwork: error: option '--format <format>' argument 'xml' is invalid/);
  });

  it('names a missing or malformed file with exit codes 3 and 2', async () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'id: sales.broken\nschema: [unclosed\n');
    const missingSpec = await cli('create', join(dir, 'nope.yaml'));
    expect(missingSpec.code).toBe(3);
    expect(missingSpec.stderr).toMatch(/^meshwork: error: descriptor file .*nope\.yaml does not exist/);
    const malformed = await cli('create', broken);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/^meshwork: error: .*broken\.yaml is not valid YAML\/JSON: /);
    expect(malformed.stderr.trim().split('\n')).toHaveLength(1);
    const [validate, diff] = await Promise.all([
      runCli(['validate', join(dir, 'no-such-folder')]),
      runCli(['diff', join(ROOT, 'examples/sales'), join(dir, 'no-such-folder')]),
    ]);
    expect(validate.code).toBe(3);
    expect(validate.stderr).toMatch(
      /no-such-folder does not exist; give a descriptor file or a product folder/,
    );
    expect(diff.code).toBe(3);
  });

  it('names an unknown product, and the products there are, with exit code 3', async () => {
    for (const args of [
      ['publish', 'sales.nothing'],
      ['deprecate', 'sales.nothing'],
      ['archive', 'sales.nothing'],
      ['log', 'sales.nothing'],
      ['ingest', 'sales.nothing', salesData],
    ]) {
      const run = await cli(...args);
      expect(run.code, args.join(' ')).toBe(3);
      expect(run.stderr, args.join(' ')).toBe(
        'meshwork: error: product sales.nothing is not in the catalog; known products: sales.transactions\n',
      );
    }
  });

  it('refuses a bad filter value in list and log with exit code 2', async () => {
    const status = await cli('list', '--status', 'live');
    expect(status.code).toBe(2);
    expect(status.stderr).toBe(
      'meshwork: error: status filter must be one of draft, published, deprecated, archived; got live\n',
    );
    const limit = await cli('log', '--limit', 'many');
    expect(limit.code).toBe(2);
    expect(limit.stderr).toBe('meshwork: error: --limit and --offset must be whole numbers of 0 or more\n');
  });

  it('refuses a lifecycle move that is not allowed with exit code 4', async () => {
    const run = await cli('deprecate', 'sales.transactions');
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^meshwork: error: sales\.transactions was not deprecated:\n {2}- /);
  });

  it('adds the error code and cause with --verbose, and never a stack trace', async () => {
    const run = await cli('ingest', 'sales.transactions', join(dir, 'nope.ndjson'), '--verbose');
    expect(run.code).toBe(3);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^meshwork: error: file .*nope\.ndjson does not exist or cannot be read; check the path$/,
    );
    expect(lines).toContain('  code: not_found (exit code 3)');
    expect(lines.some((l) => l.startsWith('  cause: ENOENT'))).toBe(true);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('says the store is in use when another process holds it, with exit code 7', async () => {
    // DuckDB lets one process at a time open a file; this test process holds it while the CLI tries.
    const engine = await openDuckDbEngine({ path: store });
    try {
      const run = await cli('list');
      expect(run.code).toBe(7);
      // The holder is this test process, named by its PID, with the way to share a store.
      expect(run.stderr).toMatch(
        new RegExp(
          `^meshwork: error: opening the store .*failures\\.duckdb: the store is in use by process ${process.pid}; to share it, run \`meshwork serve\` on it and point the other commands at the server with --server`,
        ),
      );
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await engine.close();
    }
  });
});

describe('--json is --format json, and lists also print NDJSON and CSV', () => {
  let store: string;
  const cli = (...args: string[]) => runCli([...args, '--store', store]);

  beforeAll(async () => {
    store = join(dir, 'formats.duckdb');
    for (const args of [
      ['create', sales],
      ['publish', 'sales.transactions'],
      ['ingest', 'sales.transactions', salesData],
    ]) {
      const run = await cli(...args);
      if (run.code !== 0) throw new Error(`setup ${args.join(' ')} failed: ${run.stderr}`);
    }
  });

  it('prints the catalog lists as JSON, NDJSON and CSV', async () => {
    const json = JSON.parse((await cli('list', '--format', 'json')).stdout) as { id: string }[];
    expect(json.map((p) => p.id)).toEqual(['sales.transactions']);
    expect((await cli('list', '--format', 'csv')).stdout).toBe(
      'id,domain,version,status,quality,owner,tags,description\nsales.transactions,sales,1.0.0,published,silver,sales-team,sales;transactions;revenue,"Every completed sale with its product, customer, amount, date, category and region."\n',
    );
    const hits = (await cli('search', 'amount', '--format', 'ndjson')).stdout.trim().split('\n');
    expect(hits.map((l) => (JSON.parse(l) as { productId: string }).productId)).toEqual([
      'sales.transactions',
    ]);
    const searchCsv = (await cli('search', 'amount', '--format', 'csv')).stdout.split('\n');
    expect(searchCsv[0]).toBe('product,score,domain,status,quality,owner,matched,description');
    expect(searchCsv[1]).toMatch(/^sales\.transactions,40,sales,published,silver,sales-team,field amount/);
    const log = (await cli('log', 'sales.transactions', '--format', 'csv')).stdout.split('\n');
    expect(log[0]).toBe('time,actor,operation,product,version,rows,outcome,parameters');
    expect(log.filter((l) => l.includes(',ingest,sales.transactions,1.0.0,6,ok,'))).toHaveLength(1);
    const domains = (await cli('domains', '--format', 'csv')).stdout;
    expect(domains).toBe(
      'domain,owner_team,products,draft,published,deprecated,archived,description\nsales,,1,0,1,0,0,\n',
    );
  });

  it('prints the product card, metrics, impact and quality with --format json as --json does', async () => {
    for (const cmd of ['show', 'metrics', 'impact', 'quality']) {
      const viaFormat = await cli(
        cmd,
        'sales.transactions',
        '--format',
        'json',
        ...(cmd === 'quality' ? ['--no-save'] : []),
      );
      const viaJson = await cli(
        cmd,
        'sales.transactions',
        '--json',
        ...(cmd === 'quality' ? ['--no-save'] : []),
      );
      expect(viaFormat.code, cmd).toBe(0);
      const strip = (text: string) =>
        text.replace(/"(checkedAt|computedAt|ageMinutes|dataAsOf|lastAt|measuredAt)": [^,\n]+/g, '');
      expect(Object.keys(JSON.parse(viaFormat.stdout) as object), cmd).toEqual(
        Object.keys(JSON.parse(viaJson.stdout) as object),
      );
      if (cmd === 'show') expect(strip(viaFormat.stdout)).toBe(strip(viaJson.stdout));
    }
    const card = JSON.parse((await cli('show', 'sales.transactions', '--json')).stdout) as {
      versions: { version: string; status: string; tableName: string }[];
      outputPorts: { name: string; version: string; exportFormats: string[] }[];
      domain: { name: string };
    };
    expect(card.versions).toMatchObject([
      { version: '1.0.0', status: 'published', tableName: 'data_sales__transactions__v1' },
    ]);
    expect(card.outputPorts).toEqual([
      {
        name: 'default',
        version: '1.0.0',
        table: 'data_sales__transactions__v1',
        query: true,
        exportFormats: ['csv', 'ndjson', 'parquet'],
      },
    ]);
    expect(card.domain.name).toBe('sales');
  });
});

describe.runIf(HAS_SCRIPT)('on a terminal', () => {
  it('asks init’s questions and scaffolds the product from the answers', async () => {
    const folder = join(dir, 'asked');
    const run = await runCliOnTty(['init', folder], {
      answers: [
        { after: /Product id .*: $/, type: 'sales.asked' },
        { after: /Owner .*: $/, type: 'sales-team' },
        { after: /Description .*: $/, type: 'Orders asked for on a terminal.' },
      ],
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`created ${folder}/ with product.odps.yaml`);
    expect(readFileSync(join(folder, 'product.odps.yaml'), 'utf8')).toContain(
      'purpose: Orders asked for on a terminal.',
    );
  });

  it('shows an ingest progress bar with the rate and the ETA', async () => {
    const store = join(dir, 'tty.duckdb');
    expect((await runCli(['create', sales, '--store', store])).code).toBe(0);
    const file = join(dir, 'tty.ndjson');
    const line = (i: number) =>
      JSON.stringify({
        transaction_id: `TXN${String(i).padStart(6, '0')}`,
        product_id: 'P',
        customer_id: 'C',
        amount: 1 + (i % 50),
        date: '2025-10-10',
        product_category: 'Books',
        region: 'Europe',
      });
    writeFileSync(file, `${Array.from({ length: 20_000 }, (_, i) => line(i)).join('\n')}\n`);
    const run = await runCliOnTty([
      'ingest',
      'sales.transactions',
      file,
      '--batch-size',
      '5000',
      '--store',
      store,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /ingesting .* 100% \| 20000 records \| 20000 committed in 4 batch\(es\) \| \d+ rec\/s \| ETA \d+s/,
    );
    expect(run.stdout).toContain('sales.transactions: 20000 accepted, 0 rejected of 20000 record(s)');
  });

  it('draws no bar with --no-progress or --json, nor when stderr is not a terminal', async () => {
    const store = join(dir, 'tty2.duckdb');
    expect((await runCli(['create', sales, '--store', store])).code).toBe(0);
    const quiet = await runCliOnTty([
      'ingest',
      'sales.transactions',
      salesData,
      '--no-progress',
      '--store',
      store,
    ]);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).not.toContain('ingesting');
    const json = await runCliOnTty(['ingest', 'sales.transactions', salesData, '--json', '--store', store]);
    expect(json.stdout).not.toContain('ingesting');
    const piped = await runCli(['ingest', 'sales.transactions', salesData, '--store', store]);
    expect(piped.stderr).toBe('');
  });
});
