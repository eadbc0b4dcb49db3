import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.ts';

let dir: string;
let store: string;

const example = (path: string) => join(ROOT, 'examples', path);
const cli = (...args: string[]) => runCli([...args, '--store', store]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-catalog-cli-'));
  store = join(dir, 'mesh.duckdb');
  for (const args of [
    ['create', example('sales/product.yaml')],
    ['create', example('customers/product.yaml')],
    ['create', example('customer_revenue/product.yaml')],
    ['ingest', 'sales.transactions', example('sales/sample_sales.json')],
    ['ingest', 'customer.profiles', example('customers/sample_customers.json')],
  ]) {
    const run = await cli(...args);
    if (run.code !== 0) throw new Error(`setup ${args.join(' ')} failed: ${run.stderr}`);
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const COMMANDS = ['search', 'show', 'domains', 'lineage', 'impact', 'export', 'update', 'remove'];

describe('meshwork --help', () => {
  it('lists the catalog and record commands, each with examples, and the settings precedence', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const cmd of COMMANDS) expect(help.stdout).toMatch(new RegExp(`\\n  ${cmd}\\b`));
    expect(help.stdout).toContain('meshwork.yaml');
    expect(help.stdout).toContain('$MESHWORK_ACTOR');
    for (const cmd of COMMANDS) {
      const run = await runCli([cmd, '--help']);
      expect(run.code, cmd).toBe(0);
      expect(run.stdout, cmd).toContain('Examples:');
    }
  });
});

describe('meshwork search', () => {
  it('prints the hits best first with where they matched', async () => {
    const run = await cli('search', 'revenue');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^product\s+score\s+status\s+quality\s+owner\s+matched/);
    expect(lines[2]).toMatch(
      /^sales\.customer_revenue\s+100\s+draft\s+gold\s+sales-team\s+name Customer revenue/,
    );
    expect(lines[3]).toMatch(/^sales\.transactions\s+30\s+.*tag revenue/);
  });

  it('filters and prints JSON', async () => {
    const run = await cli('search', '', '--pii', '--json');
    expect(run.code).toBe(0);
    expect(
      (JSON.parse(run.stdout) as { hits: { productId: string }[] }).hits.map((h) => h.productId),
    ).toEqual(['customer.profiles']);
    const none = await cli('search', 'zebra', '--domain', 'sales');
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('no products match "zebra"');
  });

  it('refuses a bad filter or limit with exit code 2 and one line', async () => {
    const status = await cli('search', 'x', '--status', 'live');
    expect(status.code).toBe(2);
    expect(status.stderr).toBe(
      'meshwork: error: search filter status must be one of draft, published, deprecated, archived; got live\n',
    );
    expect((await cli('search', 'x', '--limit', 'many')).code).toBe(2);
    expect((await cli('search', 'x', '--quality', 'platinum')).code).toBe(2);
  });
});

describe('meshwork show', () => {
  it('prints a product card with the schema badges, usage and lineage', async () => {
    const run = await cli('show', 'customer.profiles');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^customer\.profiles — Customer profiles\n/);
    expect(run.stdout).toMatch(/owner\s+customer-team/);
    expect(run.stdout).toMatch(/quality level\s+silver declared; not measured yet/);
    expect(run.stdout).toMatch(/customer_id\s+string\s+yes\s+PK/);
    expect(run.stdout).toMatch(/email\s+string\s+yes\s+PII \(hash\)/);
    // Catalog facts only: the count a quality run made (none yet here), and where the live count is.
    expect(run.stdout).toMatch(/records\s+not counted by a quality run yet; last write 20\d\d-/);
    expect(run.stdout).toMatch(/usage\s+live record count and usage: meshwork metrics customer\.profiles\n/);
    expect(run.stdout).toContain('downstream: sales.customer_revenue (draft)');
  });

  it('prints the card as JSON and exits 3 for an unknown product', async () => {
    const json = JSON.parse((await cli('show', 'sales.transactions', '--json')).stdout) as {
      descriptor: { id: string };
      interruptedIngests: unknown[];
      quality: unknown;
      lineage: { downstream: { id: string }[] };
    };
    expect(json.descriptor.id).toBe('sales.transactions');
    expect(json.interruptedIngests).toEqual([]);
    expect(json).not.toHaveProperty('metrics');
    expect(json.quality).toBeNull();
    expect(json.lineage.downstream.map((n) => n.id)).toEqual(['sales.customer_revenue']);
    const unknown = await cli('show', 'sales.nothing');
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/^meshwork: error: product sales\.nothing is not in the catalog/);
  });
});

describe('meshwork domains', () => {
  it('lists domains with product counts, describes one, and prints JSON', async () => {
    const set = await cli(
      'domains',
      'set',
      'sales',
      '--description',
      'Orders and revenue',
      '--owner-team',
      'sales-team',
    );
    expect(set.code).toBe(0);
    expect(set.stdout).toBe('domain sales: Orders and revenue; owner team sales-team; 2 product(s)\n');
    const list = await cli('domains');
    expect(list.stdout).toMatch(/sales\s+sales-team\s+2\s+2\s+0\s+0\s+0\s+Orders and revenue/);
    expect(list.stdout).toMatch(/customer\s+-\s+1\s+1/);
    const json = JSON.parse((await cli('domains', '--json')).stdout) as { name: string }[];
    expect(json.map((d) => d.name)).toEqual(['customer', 'sales']);
  });

  it('refuses a set that changes nothing and a bad name with exit code 2', async () => {
    expect((await cli('domains', 'set', 'sales')).stderr).toMatch(/changes nothing; give --description/);
    expect((await cli('domains', 'set', 'Sales!', '--description', 'x')).code).toBe(2);
  });
});

describe('meshwork lineage and impact', () => {
  it('prints a tree, Mermaid, JSON and OpenLineage', async () => {
    const tree = await cli('lineage', 'sales.customer_revenue');
    expect(tree.code).toBe(0);
    expect(tree.stdout).toBe(
      [
        'sales.customer_revenue (draft, sales-team)',
        'upstream (reads from):',
        '  ├─ customer.profiles (draft, customer-team)',
        '  └─ sales.transactions (draft, sales-team)',
        'downstream (read by): none',
        '',
      ].join('\n'),
    );
    const mermaid = await cli('lineage', '--format', 'mermaid');
    expect(mermaid.stdout).toMatch(/^flowchart LR\n/);
    expect(mermaid.stdout).toContain('n0 --> n1');
    const json = JSON.parse(
      (await cli('lineage', 'sales.transactions', '--json', '--direction', 'down')).stdout,
    ) as {
      edges: { from: string; to: string }[];
    };
    expect(json.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['sales.transactions>sales.customer_revenue']);
    const events = JSON.parse(
      (await cli('lineage', 'sales.customer_revenue', '--format', 'openlineage')).stdout,
    ) as {
      eventType: string;
      job: { name: string };
    }[];
    expect(events.map((e) => [e.eventType, e.job.name])).toContainEqual([
      'COMPLETE',
      'sales.customer_revenue',
    ]);
  });

  it('refuses a bad depth, direction or format with exit code 2 and an unknown product with 3', async () => {
    expect((await cli('lineage', 'sales.transactions', '--depth', '0')).code).toBe(2);
    expect((await cli('lineage', 'sales.transactions', '--direction', 'left')).code).toBe(2);
    expect((await cli('lineage', 'sales.transactions', '--format', 'dot')).code).toBe(2);
    expect((await cli('lineage', 'sales.nothing')).code).toBe(3);
  });

  it('lists what a field change reaches, as text and JSON', async () => {
    const text = await cli('impact', 'sales.transactions', '--field', 'amount');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('1 downstream product(s): 1 affected, 0 potentially affected, 0 unlikely');
    expect(text.stdout).toMatch(
      /sales\.customer_revenue\s+affected\s+1\s+sales-team\s+-\s+its derived SQL names amount/,
    );
    const json = JSON.parse(
      (await cli('impact', 'sales.transactions', '--field', 'region', '--json')).stdout,
    ) as {
      products: { level: string }[];
    };
    expect(json.products.map((p) => p.level)).toEqual(['unlikely']);
    const bad = await cli('impact', 'sales.transactions', '--field', 'amout');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/has no field amout; did you mean amount\?/);
  });
});

describe('meshwork export', () => {
  it('writes CSV, NDJSON and Parquet, and logs every export', async () => {
    const csv = await cli('export', 'sales.transactions', join(dir, 'sales.csv'));
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe(`6 record(s) of sales.transactions written to ${join(dir, 'sales.csv')} (csv)\n`);
    expect(readFileSync(join(dir, 'sales.csv'), 'utf8').split('\n')[1]).toBe(
      'TXN001,PROD123,CUST456,150.0,2025-10-01,Electronics,North America',
    );
    const ndjson = await cli(
      'export',
      'sales.transactions',
      join(dir, 'eu.ndjson'),
      '-w',
      "region = 'Europe'",
      '-c',
      'transaction_id',
    );
    expect(ndjson.stdout).toMatch(/^2 record\(s\)/);
    expect(readFileSync(join(dir, 'eu.ndjson'), 'utf8')).toBe(
      '{"transaction_id":"TXN002"}\n{"transaction_id":"TXN005"}\n',
    );
    const parquet = await cli(
      'export',
      'sales.transactions',
      join(dir, 'sales.data'),
      '--format',
      'parquet',
      '--json',
    );
    expect(JSON.parse(parquet.stdout)).toMatchObject({ format: 'parquet', rows: 6 });
    const log = JSON.parse(
      (await cli('log', 'sales.transactions', '--operation', 'export', '--json')).stdout,
    ) as unknown[];
    expect(log).toHaveLength(3);
  });

  it('refuses an unknown format, a bad filter, a missing folder and an unknown product', async () => {
    const format = await cli('export', 'sales.transactions', join(dir, 'x.xls'));
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/cannot tell the export format of .*x\.xls/);
    expect((await cli('export', 'sales.transactions', join(dir, 'x.csv'), '--format', 'xml')).code).toBe(2);
    expect((await cli('export', 'sales.transactions', join(dir, 'x.csv'), '-w', 'amount >>> 3')).code).toBe(
      2,
    );
    expect((await cli('export', 'sales.transactions', join(dir, 'no/x.csv'))).code).toBe(3);
    expect((await cli('export', 'sales.nothing', join(dir, 'x.csv'))).code).toBe(3);
  });
});

describe('meshwork update and remove', () => {
  it('updates fields typed by the contract and removes records matching a filter', async () => {
    const update = await cli(
      'update',
      'sales.transactions',
      '-w',
      "transaction_id = 'TXN004'",
      '--set',
      'amount=60.5',
      '--set',
      'region=Europe',
    );
    expect(update.stderr).toBe('');
    expect(update.stdout).toBe('1 record(s) of sales.transactions updated (amount, region)\n');
    const rows = JSON.parse(
      (await cli('query', 'sales.transactions', '-w', "transaction_id = 'TXN004'", '--json')).stdout,
    ) as {
      rows: Record<string, unknown>[];
    };
    expect(rows.rows[0]).toMatchObject({ amount: 60.5, region: 'Europe' });
    const remove = await cli(
      'remove',
      'sales.transactions',
      '--where',
      "transaction_id = 'TXN006'",
      '--json',
    );
    expect(JSON.parse(remove.stdout)).toEqual({ productId: 'sales.transactions', removed: 1 });
  });

  it('refuses a change without --where, a bad --set value and an unknown field with exit code 2', async () => {
    const noWhere = await cli('remove', 'sales.transactions');
    expect(noWhere.code).toBe(2);
    expect(noWhere.stderr).toMatch(/remove needs --where/);
    expect((await cli('update', 'sales.transactions', '--set', 'amount=1')).code).toBe(2);
    const value = await cli(
      'update',
      'sales.transactions',
      '-w',
      "transaction_id = 'TXN001'",
      '--set',
      'amount=lots',
    );
    expect(value.code).toBe(2);
    expect(value.stderr).toBe(
      'meshwork: error: --set amount=lots: amount is a number, got "lots"; fix the value after "="\n',
    );
    expect(
      (await cli('update', 'sales.transactions', '-w', "transaction_id = 'TXN001'", '--set', 'amont=1')).code,
    ).toBe(2);
    expect((await cli('update', 'sales.transactions', '-w', "transaction_id = 'TXN001'")).code).toBe(2);
  });

  it('exits 5 when the change breaks the contract and 3 for an unknown product', async () => {
    const broken = await cli(
      'update',
      'sales.transactions',
      '-w',
      "transaction_id = 'TXN001'",
      '--set',
      'amount=-5',
    );
    expect(broken.code).toBe(5);
    expect(broken.stderr).toMatch(/amount must be greater than 0/);
    expect((await cli('remove', 'sales.nothing', '-w', 'x = 1')).code).toBe(3);
  });
});

describe('meshwork ingest from CSV and Parquet', () => {
  it('ingests a CSV file typed by the contract and reports bad lines, exiting 5', async () => {
    const file = join(dir, 'more.csv');
    writeFileSync(
      file,
      'transaction_id,product_id,customer_id,amount,date,product_category,region\nTXN300,P,C,12.5,2025-10-12,Books,Asia\nTXN301,P,C,abc,2025-10-12,Books,Asia\nTXN302,P\n',
    );
    const run = await cli('ingest', 'sales.transactions', file);
    expect(run.code).toBe(5);
    expect(run.stdout).toContain('1 accepted, 2 rejected of 3');
    expect(run.stdout).toContain('amount must be a number, got "abc"');
    expect(run.stdout).toContain('(line 4): line 4 is not valid CSV');
  });

  it('ingests a Parquet file written by export', async () => {
    const file = join(dir, 'asia.parquet');
    expect((await cli('export', 'sales.transactions', file, '-w', "region = 'Asia'")).code).toBe(0);
    expect((await cli('remove', 'sales.transactions', '-w', "region = 'Asia'")).code).toBe(0);
    const run = await cli('ingest', 'sales.transactions', file, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 1, accepted: 1, rejectedCount: 0 });
  });
});

describe('meshwork.yaml and environment variables', () => {
  it('reads store, actor and format from meshwork.yaml; the environment and flags win over it', async () => {
    const project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(
      join(project, 'meshwork.yaml'),
      'store: ./from-config.duckdb\nactor: carol\nformat: json\n',
    );
    const created = await runCli(['create', example('sales/product.yaml')], { cwd: project });
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ id: 'sales.transactions' });
    expect(existsSync(join(project, 'from-config.duckdb'))).toBe(true);
    const table = await runCli(['list', '--format', 'table'], { cwd: project });
    expect(table.stdout).toMatch(/^id\s+version/);
    await runCli(['query', 'sales.transactions'], { cwd: project, env: { MESHWORK_ACTOR: 'dave' } });
    const log = JSON.parse((await runCli(['log', 'sales.transactions'], { cwd: project })).stdout) as {
      actor: string;
    }[];
    expect(log.map((e) => e.actor)).toEqual(['dave', 'carol']);
    const fromEnv = await runCli(['list'], { cwd: project, env: { MESHWORK_STORE: store } });
    expect((JSON.parse(fromEnv.stdout) as unknown[]).length).toBe(3);
    const fromFlag = await runCli(['list', '--store', join(project, 'other.duckdb')], {
      cwd: project,
      env: { MESHWORK_STORE: store },
    });
    // The flag wins: list refuses the missing store it names rather than creating it (issue 15 item 12).
    expect(fromFlag.code).toBe(3);
    expect(fromFlag.stderr).toContain(`no store at ${join(project, 'other.duckdb')}`);
    expect(existsSync(join(project, 'other.duckdb'))).toBe(false);
  });

  it('refuses a broken meshwork.yaml with exit code 2, naming the file', async () => {
    const project = join(dir, 'broken');
    mkdirSync(project);
    writeFileSync(join(project, 'meshwork.yaml'), 'format: xml\n');
    const run = await runCli(['list'], { cwd: project });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `meshwork: error: ${join(project, 'meshwork.yaml')}: format must be one of table, json, ndjson, csv; got xml\n`,
    );
  });
});
