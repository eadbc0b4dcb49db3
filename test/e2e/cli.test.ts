import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.ts';

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
  it('lists every command in --help with the exit codes', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const cmd of [
      'demo',
      'create',
      'publish',
      'deprecate',
      'archive',
      'list',
      'ingest',
      'query',
      'metrics',
      'log',
    ]) {
      expect(run.stdout).toContain(cmd);
    }
    expect(run.stdout).toContain('Exit codes');
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
    };
    expect(metrics.totalRecords).toBe(8);
    expect(metrics.accessesByOperation.ingest).toBe(3);
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

  it('refuses a PostgreSQL store with a clear message until that engine lands', async () => {
    const run = await runCli(['list', '--store', 'postgres://localhost/mesh']);
    expect(run.code).toBe(7);
    expect(run.stderr).toContain('PostgreSQL stores are not supported yet');
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
