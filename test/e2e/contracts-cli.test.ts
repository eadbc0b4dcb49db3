import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BAD_ORDERS,
  GOOD_ORDERS,
  ORDERS_CONTRACT,
  ORDERS_PRODUCT,
  writeOrdersFolder,
} from '../support/orders-contract.ts';
import { ROOT, runCli } from '../support/run-cli.ts';

let dir: string;
let store: string;
const salesYaml = readFileSync(join(ROOT, 'examples/sales/product.yaml'), 'utf8');

/** Writes a variant of the sales descriptor into its own folder. */
function variant(name: string, edit: (text: string) => string): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'product.yaml'), edit(salesYaml));
  return folder;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-contracts-'));
  store = join(dir, 'mesh.duckdb');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('meshwork init, validate, publish, diff', () => {
  it('scaffolds an ODPS + ODCS product that validates, publishes and takes its sample data', async () => {
    const folder = join(dir, 'orders');
    const init = await runCli(['init', folder, '--id', 'sales.orders', '--owner', 'sales-team']);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('product.odps.yaml, contract.odcs.yaml, sample-data.json');
    const validate = await runCli(['validate', folder, '--strict']);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain('2 document(s), 0 error(s)');
    const publish = await runCli(['publish', folder, '--store', store]);
    expect(publish.stderr).not.toContain('error');
    expect(publish.code).toBe(0);
    expect(publish.stdout).toContain('sales.orders 0.1.0: registered and published');
    const ingest = await runCli([
      'ingest',
      'sales.orders',
      join(folder, 'sample-data.json'),
      '--store',
      store,
    ]);
    expect(ingest.stdout).toContain('3 accepted, 0 rejected');
  });

  it('refuses to scaffold without an id when not on a terminal', async () => {
    const run = await runCli(['init', join(dir, 'nothing'), '--owner', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('init needs --id');
  });

  it('reports a broken descriptor with file, line, column and code, and exits 5', async () => {
    const folder = variant('broken', (t) => t.replace('type: number', 'type: money'));
    const run = await runCli(['validate', folder]);
    expect(run.code).toBe(5);
    expect(run.stdout).toMatch(
      /product\.yaml:\d+:\d+ +error +spec_unknown_type +field amount has unknown type "money"/,
    );
    const json = JSON.parse((await runCli(['validate', folder, '--json'])).stdout) as {
      problems: { line: number }[];
    };
    const line = salesYaml.split('\n').findIndex((l) => l.includes('type: number')) + 1;
    expect(json.problems[0]?.line).toBe(line);
  });

  it('is idempotent for an unchanged version and upgrades a minor version with a new optional field', async () => {
    const v1 = variant('v1', (t) => t);
    expect((await runCli(['publish', v1, '--store', store])).stdout).toContain(
      'sales.transactions 1.0.0: registered and published',
    );
    expect((await runCli(['publish', v1, '--store', store])).stdout).toContain(
      'unchanged (already published)',
    );
    await runCli([
      'ingest',
      'sales.transactions',
      join(ROOT, 'examples/sales/sample_sales.json'),
      '--store',
      store,
    ]);
    const v2 = variant('v2', (t) =>
      t
        .replace('version: 1.0.0', 'version: 1.1.0')
        .replace(
          '    - name: region',
          '    - name: channel\n      type: string\n      required: false\n      description: Sales channel.\n    - name: region',
        ),
    );
    const up = await runCli(['publish', v2, '--store', store]);
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('sales.transactions 1.1.0: upgraded from 1.0.0');
    const rows = JSON.parse(
      (
        await runCli([
          'query',
          'sales.transactions',
          '-c',
          'transaction_id,channel',
          '-o',
          'transaction_id',
          '-l',
          '1',
          '--json',
          '--store',
          store,
        ])
      ).stdout,
    ) as { rows: unknown[] };
    expect(rows.rows).toEqual([{ transaction_id: 'TXN001', channel: null }]);
  });

  it('refuses a breaking change without a major version, naming the change', async () => {
    const v3 = variant('v3', (t) =>
      t.replace('version: 1.0.0', 'version: 1.2.0').replace('type: number', 'type: integer'),
    );
    const diff = await runCli(['diff', join(dir, 'v2'), v3]);
    expect(diff.code).toBe(5);
    expect(diff.stdout).toContain('breaking');
    expect(diff.stdout).toContain('version bump refused');
    const publish = await runCli(['publish', v3, '--store', store]);
    expect(publish.code).toBe(5);
    expect(publish.stderr).toContain('publishing sales.transactions 1.2.0 refused');
    expect(publish.stderr).toContain('amount');
    const junit = await runCli(['diff', join(dir, 'v2'), v3, '--format', 'junit']);
    expect(junit.stdout).toMatch(/^<\?xml/);
    expect(junit.stdout).toContain('<failure');
  });

  it('accepts the same breaking change as a new major version in a new table', async () => {
    const v4 = variant('v4', (t) =>
      t.replace('version: 1.0.0', 'version: 2.0.0').replace('type: number', 'type: integer'),
    );
    const publish = await runCli(['publish', v4, '--store', store, '--json']);
    expect(publish.code).toBe(0);
    // The rows whose amount is a whole number are carried over; 300.5 and 50.25 would change, so they are not.
    expect(JSON.parse(publish.stdout)).toMatchObject({
      action: 'upgraded',
      previousVersion: '1.1.0',
      version: '2.0.0',
      storage: { mode: 'carried', carried: 4, rejected: 2 },
    });
    const metrics = JSON.parse(
      (await runCli(['metrics', 'sales.transactions', '--json', '--store', store])).stdout,
    ) as {
      version: string;
      totalRecords: number;
    };
    expect(metrics).toMatchObject({ version: '2.0.0', totalRecords: 4 });
  });

  it('refuses a changed descriptor that keeps its version', async () => {
    const same = variant('same', (t) =>
      t
        .replace('version: 1.0.0', 'version: 2.0.0')
        .replace('type: number', 'type: integer')
        .replace('Sales region.', 'Region of the sale.'),
    );
    const run = await runCli(['publish', same, '--store', store]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('already registered with different content; bump the version');
  });

  it('runs the contract checks on stored data and fails a stale product with exit 5 and JUnit output', async () => {
    const folder = variant('stale', (t) =>
      t
        .replace('id: sales.transactions', 'id: sales.stale_sales')
        .replace('freshnessMinutes: 60', 'freshnessMinutes: 0.001'),
    );
    expect((await runCli(['publish', folder, '--store', store])).code).toBe(0);
    await runCli([
      'ingest',
      'sales.stale_sales',
      join(ROOT, 'examples/sales/sample_sales.json'),
      '--store',
      store,
    ]);
    await new Promise((r) => setTimeout(r, 200));
    const text = await runCli(['test', 'sales.stale_sales', '--store', store]);
    expect(text.code).toBe(5);
    expect(text.stdout).toContain('pass  unique: transaction_id  (6 distinct of 6)');
    expect(text.stdout).toContain('pass  constraint: amount.exclusiveMinimum');
    expect(text.stdout).toMatch(/FAIL {2}freshness/);
    const junit = await runCli(['test', 'sales.stale_sales', '--format', 'junit', '--store', store]);
    expect(junit.stdout).toContain('<testcase classname="sales.stale_sales" name="unique: transaction_id"/>');
    expect(junit.stdout).toMatch(/name="freshness">\s*<failure/);
    const json = JSON.parse(
      (await runCli(['test', 'sales.stale_sales', '--json', '--no-save', '--store', store])).stdout,
    ) as {
      runId: number;
      checks: { name: string; passed: boolean }[];
    };
    expect(json.runId).toBe(0);
    expect(json.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['freshness']);
  });
});

describe('meshwork test with the checks of a published ODCS contract', () => {
  it('runs its row-count and SQL checks on the stored data: exit 0 when they hold, 5 with counts and keys when not', async () => {
    const folder = writeOrdersFolder(dir, 'orders-checked');
    const orders = join(dir, 'orders.duckdb');
    const good = join(dir, 'good-orders.json');
    const bad = join(dir, 'bad-orders.json');
    writeFileSync(good, JSON.stringify(GOOD_ORDERS));
    writeFileSync(bad, JSON.stringify(BAD_ORDERS));
    const publish = await runCli(['publish', folder, '--store', orders]);
    expect(publish.code).toBe(0);
    expect(publish.stdout).toContain('sales.orders 1.0.0: registered and published');
    expect((await runCli(['ingest', 'sales.orders', good, '--store', orders])).code).toBe(0);

    const pass = await runCli(['test', 'sales.orders', '--store', orders]);
    expect(pass.code).toBe(0);
    expect(pass.stdout).toContain(
      'pass  contract row_count: order_volume  (row count — measured 3, expected row count between 1 and 5)  [contract.odcs.yaml:62]',
    );
    expect(pass.stdout).toMatch(
      /pass {2}contract sql: no_negative_totals .*measured 0, expected query result = 0/,
    );
    expect(pass.stdout).toContain('n/a   contract custom: soda_checks');
    expect(pass.stdout).toContain('10 passed, 0 failed, 1 not run');

    expect((await runCli(['ingest', 'sales.orders', bad, '--store', orders])).code).toBe(0);
    const fail = await runCli(['test', 'sales.orders', '--store', orders]);
    expect(fail.code).toBe(5);
    expect(fail.stdout).toMatch(
      /FAIL {2}contract row_count: order_volume .*measured 6, expected row count between 1 and 5/,
    );
    expect(fail.stdout).toMatch(
      /FAIL {2}contract sql: no_negative_totals .*measured 2, expected query result = 0/,
    );
    expect(fail.stdout).toMatch(/FAIL {2}contract not_null: few_missing_emails .*; 3 failing\)/);
    expect(fail.stdout).toContain('e.g. {"order_id":"O4"}');
    expect(fail.stdout).toContain('7 passed, 3 failed, 1 not run');

    const json = await runCli(['test', 'sales.orders', '--json', '--no-save', '--store', orders]);
    expect(json.code).toBe(5);
    const report = JSON.parse(json.stdout) as {
      contract: string;
      checks: {
        name: string;
        passed: boolean | null;
        measured?: number;
        failing: number;
        samples: unknown[];
      }[];
    };
    expect(report.contract).toBe('contract.odcs.yaml');
    const check = (name: string) => report.checks.find((c) => c.name === name);
    expect(check('contract row_count: order_volume')).toMatchObject({ passed: false, measured: 6 });
    expect(check('contract sql: no_negative_totals')).toMatchObject({ passed: false, measured: 2 });
    expect(check('contract not_null: few_missing_emails')).toMatchObject({
      passed: false,
      failing: 3,
      samples: [{ order_id: 'O2' }, { order_id: 'O4' }, { order_id: 'O5' }],
    });
    expect(check('contract sql: europe_orders')?.passed).toBe(true);

    const junit = await runCli(['test', 'sales.orders', '--format', 'junit', '--store', orders]);
    expect(junit.code).toBe(5);
    expect(junit.stdout).toContain('<testsuite name="sales.orders" tests="11" failures="3" skipped="1">');
    expect(junit.stdout).toMatch(
      /name="contract row_count: order_volume">\s*<failure message="row count — measured 6/,
    );
    expect(junit.stdout).toMatch(/name="contract sql: no_negative_totals">\s*<failure/);
    expect(junit.stdout).toContain('<testcase classname="sales.orders" name="contract sql: europe_orders"/>');
  });

  it('exports the published contract byte for byte and diffs its quality checks', async () => {
    const orders = join(dir, 'orders.duckdb');
    const odcs = await runCli(['contract', 'sales.orders', '--store', orders]);
    expect(odcs.code).toBe(0);
    expect(odcs.stdout).toBe(ORDERS_CONTRACT);
    const odps = await runCli(['contract', 'sales.orders', '--format', 'odps', '--store', orders]);
    expect(odps.stdout).toBe(ORDERS_PRODUCT);
    const page = join(dir, 'orders.md');
    const markdown = await runCli([
      'contract',
      'sales.orders',
      '--format',
      'markdown',
      '-o',
      page,
      '--store',
      orders,
    ]);
    expect(markdown.stdout).toBe(`sales.orders 1.0.0 written to ${page} (markdown, generated)\n`);
    expect(readFileSync(page, 'utf8')).toContain('| `order_volume` | row count');
    const sql = await runCli(['contract', 'sales.orders', '--format', 'sql', '--store', orders]);
    expect(sql.stdout).toContain('CREATE TABLE "sales_orders"');
    const looser = writeOrdersFolder(
      dir,
      'orders-looser',
      (c) => c.replace('          - 5\n', '          - 50\n'),
      '1.1.0',
    );
    const diff = await runCli(['diff', join(dir, 'orders-checked'), looser]);
    expect(diff.code).toBe(5);
    expect(diff.stdout).toContain('quality check order_volume has a looser threshold');
    const publish = await runCli(['publish', looser, '--store', orders]);
    expect(publish.code).toBe(5);
    expect(publish.stderr).toContain('publishing sales.orders 1.1.0 refused');
  });

  it('refuses input ports naming products the store does not know, with their line', async () => {
    const folder = writeOrdersFolder(dir, 'orders-fed');
    const product = join(folder, 'product.odps.yaml');
    writeFileSync(
      product,
      `${readFileSync(product, 'utf8')}inputPorts:\n  - name: sales.nothing\n    version: 1.0.0\n    contractId: sales.nothing\n`,
    );
    const orders = join(dir, 'orders.duckdb');
    expect((await runCli(['validate', folder, '--strict'])).code).toBe(0);
    const validate = await runCli(['validate', folder, '--strict', '--store', orders]);
    expect(validate.code).toBe(5);
    expect(validate.stdout).toMatch(
      /product\.odps\.yaml:18:\d+ +error +input_product_unknown +input port sales\.nothing/,
    );
    const publish = await runCli(['publish', folder, '--store', orders]);
    expect(publish.code).toBe(5);
    expect(publish.stderr).toContain('nothing was published');
    expect(publish.stderr).toContain('input_product_unknown');
  });

  it('refuses to publish a contract whose SQL check reads another table', async () => {
    const folder = writeOrdersFolder(dir, 'orders-peeking', (c) =>
      c.replace('SELECT COUNT(*) FROM orders WHERE', 'SELECT COUNT(*) FROM mw_principals WHERE'),
    );
    const validate = await runCli(['validate', folder, '--strict']);
    expect(validate.code).toBe(5);
    expect(validate.stdout).toMatch(/contract\.odcs\.yaml:\d+:\d+ +error +quality_sql_unsafe/);
    expect(validate.stdout).toContain('relation mw_principals at position');
    const store = join(dir, 'peeking.duckdb');
    const publish = await runCli(['publish', folder, '--store', store]);
    expect(publish.code).toBe(6);
    expect(publish.stderr).toContain(
      'quality check europe_orders of sales.orders refused: relation mw_principals',
    );
    const list = await runCli(['list', '--store', store, '--json']);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });
});
