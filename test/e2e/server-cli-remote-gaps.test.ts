import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir, type TempDir } from '../support/example-mesh.ts';
import { type CliRun, ROOT, runCli } from '../support/run-cli.ts';
import { type ServedCli, serveCli } from '../support/serve-cli.ts';

/**
 * What may differ between a local store and a server for the same commands: times, the acting principal (the local
 * admin is `anonymous`, the server's `admin`), run ids, opaque cursors, per-store masking hashes and each side's folder.
 */
function normalized(text: string, home: string): string {
  return text
    .split(home)
    .join('HOME')
    .replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, 'TIME')
    .replace(/\b(anonymous|admin)\b/g, 'ACTOR')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UUID')
    .replace(/(--cursor |"nextCursor": ")[A-Za-z0-9_-]+/g, '$1CURSOR')
    .replace(/\b[0-9a-f]{16}\b/g, 'HASH');
}

const SALES = join(ROOT, 'examples/sales');
const CUSTOMERS = join(ROOT, 'examples/customers');

describe('the CLI through a server, for the commands a server used to refuse', () => {
  let dir: TempDir;
  let served: ServedCli;
  let token: string;
  let localHome: string;
  let remoteHome: string;
  let remoteEnv: Record<string, string>;

  beforeAll(async () => {
    dir = createTempDir();
    served = await serveCli(['--port', '0', '--store', dir.file('served.duckdb')]);
    if (served.adminToken === undefined) throw new Error(`serve printed no admin token: ${served.stderr()}`);
    token = served.adminToken;
    localHome = dir.file('local');
    remoteHome = dir.file('remote');
    mkdirSync(localHome);
    mkdirSync(remoteHome);
    remoteEnv = { MESHWORK_URL: served.url, MESHWORK_TOKEN: token };
    // Input files, the same for both sides.
    writeFileSync(
      dir.file('sales.csv'),
      [
        'transaction_id,product_id,customer_id,amount,date,product_category,region',
        'TXN101,PROD1,CUST1,10.5,2025-11-01,"=HYPERLINK(""x"")",Europe',
        'TXN102,PROD2,CUST2,-3,2025-11-02,Books,Europe',
        'TXN103,PROD3,CUST3,20,not-a-date,Books,Asia',
        'TXN104,PROD4,CUST4,30,2025-11-04,Toys,Asia',
        '',
      ].join('\n'),
    );
    const record = (id: string, amount: number) =>
      JSON.stringify({
        transaction_id: id,
        product_id: 'P',
        customer_id: 'C',
        amount,
        date: '2025-11-05',
        product_category: 'x',
        region: 'Europe',
      });
    writeFileSync(dir.file('bad.ndjson'), `${record('TXN201', 5)}\n{bad json\n\n${record('TXN202', 0)}\n`);
    const duck = await DuckDBInstance.create(':memory:');
    const c = await duck.connect();
    await c.run(
      `COPY (SELECT 'TXN301' AS transaction_id, 'P' AS product_id, 'C' AS customer_id, 12.5::DOUBLE AS amount, DATE '2025-11-09' AS date, 'Toys' AS product_category, 'Asia' AS region
             UNION ALL SELECT 'TXN302', 'P', 'C', -1.0, DATE '2025-11-10', 'Toys', 'Asia')
       TO '${dir.file('sales.parquet')}' (FORMAT parquet)`,
    );
    c.closeSync();
    duck.closeSync();
    for (const args of [
      ['publish', SALES],
      ['ingest', 'sales.transactions', join(SALES, 'sample_sales.json')],
      ['publish', CUSTOMERS],
      ['ingest', 'customer.profiles', join(CUSTOMERS, 'sample_customers.json')],
    ]) {
      const local = await runCli(args, { cwd: localHome });
      const remote = await runCli(args, { cwd: remoteHome, env: remoteEnv });
      if (local.code !== 0 || remote.code !== 0)
        throw new Error(`set-up ${args.join(' ')}: ${local.stderr} / ${remote.stderr}`);
    }
  }, 120_000);
  afterAll(async () => {
    await served?.stop();
    dir?.remove();
  });

  /** Runs one command on the local store and through the server; both runs. */
  async function both(args: readonly string[], env: Record<string, string> = {}) {
    const local = await runCli(args, { cwd: localHome, env });
    const remote = await runCli(args, { cwd: remoteHome, env: { ...remoteEnv, ...env } });
    return { local, remote };
  }

  /** Expects the same exit code, standard output and standard error (normalized) from both sides. */
  function expectSame(args: readonly string[], runs: { local: CliRun; remote: CliRun }): void {
    const name = `meshwork ${args.join(' ')}`;
    expect(runs.remote.code, `${name}: ${runs.remote.stderr}`).toBe(runs.local.code);
    expect(normalized(runs.remote.stdout, remoteHome), name).toBe(normalized(runs.local.stdout, localHome));
    expect(normalized(runs.remote.stderr, remoteHome), name).toBe(normalized(runs.local.stderr, localHome));
  }

  async function same(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
    const runs = await both(args, env);
    expectSame(args, runs);
    return runs.remote;
  }

  it('ingests CSV, Parquet and NDJSON read on the client, with the same rejects, lines and rejects file', async () => {
    const csv = await same([
      'ingest',
      'sales.transactions',
      dir.file('sales.csv'),
      '--rejects',
      'csv-rejects.ndjson',
    ]);
    expect(csv.code).toBe(5);
    expect(csv.stdout).toContain('2 accepted, 2 rejected of 4 record(s)');
    expect(readFileSync(join(remoteHome, 'csv-rejects.ndjson'), 'utf8')).toBe(
      readFileSync(join(localHome, 'csv-rejects.ndjson'), 'utf8'),
    );
    const ndjson = await same([
      'ingest',
      'sales.transactions',
      dir.file('bad.ndjson'),
      '--rejects',
      'ndjson-rejects.ndjson',
      '--json',
    ]);
    const result = JSON.parse(ndjson.stdout) as { rejected: { line: number; issues: { code: string }[] }[] };
    // The malformed line keeps the reader's own message and the file's line numbers (a blank line sits between).
    expect(result.rejected.map((r) => [r.line, r.issues[0]?.code])).toEqual([
      [2, 'parse'],
      [4, 'minimum'],
    ]);
    expect(readFileSync(join(remoteHome, 'ndjson-rejects.ndjson'), 'utf8')).toBe(
      readFileSync(join(localHome, 'ndjson-rejects.ndjson'), 'utf8'),
    );
    const parquet = await same(['ingest', 'sales.transactions', dir.file('sales.parquet')]);
    expect(parquet.stdout).toContain('1 accepted, 1 rejected of 2 record(s)');
    await same(['ingest', 'sales.transactions', dir.file('missing.csv')]);
    // The access log names each ingest's source as the local store does.
    const log = await same(['log', 'sales.transactions', '--operation', 'ingest', '--format', 'csv']);
    expect(log.stdout).toContain('sales.parquet (parquet)');
    expect(log.stdout).toContain('sales.csv (csv)');
  }, 180_000);

  it('pages with --offset, exports with --no-formula-escape and notes the PII it wrote masked', async () => {
    await same([
      'query',
      'sales.transactions',
      '--offset',
      '2',
      '--limit',
      '2',
      '--order-by',
      'transaction_id',
    ]);
    await same([
      'query',
      'sales.transactions',
      '--offset',
      '3',
      '--order-by',
      'transaction_id',
      '--format',
      'csv',
    ]);
    const kept = await same(['export', 'sales.transactions', 'kept.csv', '--no-formula-escape']);
    expect(kept.code).toBe(0);
    const keptCsv = readFileSync(join(remoteHome, 'kept.csv'), 'utf8');
    expect(keptCsv).toBe(readFileSync(join(localHome, 'kept.csv'), 'utf8'));
    expect(keptCsv).toContain(',"=HYPERLINK(""x"")",');
    await same(['export', 'sales.transactions', 'escaped.csv']);
    expect(readFileSync(join(remoteHome, 'escaped.csv'), 'utf8')).toContain(`,"'=HYPERLINK(""x"")",`);
    await same(['export', 'sales.transactions', 'some.parquet', '--where', 'amount > 100']);

    // A consumer granted customer.profiles without PII, on each side.
    const tokens: Record<'local' | 'remote', string> = { local: '', remote: '' };
    for (const side of ['local', 'remote'] as const) {
      const run = (args: string[], extra: Record<string, string> = {}) =>
        runCli(args, {
          cwd: side === 'local' ? localHome : remoteHome,
          env: side === 'local' ? extra : { ...remoteEnv, ...extra },
        });
      expect((await run(['principal', 'add', 'bob', '--role', 'consumer'])).code).toBe(0);
      const created = await run(['token', 'create', '--for', 'bob', '--json']);
      tokens[side] = (JSON.parse(created.stdout) as { token: string }).token;
      const asked = await run(['access', 'request', 'customer.profiles', '--purpose', 'churn', '--json'], {
        MESHWORK_TOKEN: tokens[side],
      });
      const id = String((JSON.parse(asked.stdout) as { id: number }).id);
      expect((await run(['access', 'approve', id, '--comment', 'ok'])).code).toBe(0);
    }
    const args = ['export', 'customer.profiles', 'customers.csv'];
    const runs = {
      local: await runCli(args, { cwd: localHome, env: { MESHWORK_TOKEN: tokens.local } }),
      remote: await runCli(args, { cwd: remoteHome, env: { ...remoteEnv, MESHWORK_TOKEN: tokens.remote } }),
    };
    expectSame(args, runs);
    expect(runs.remote.stderr).toContain('note: PII written masked for you: name (redact), email (hash)');
  }, 180_000);

  it('shows, creates and removes segments', async () => {
    await same(['segments', 'show', 'customer.profiles', 'high_value']);
    await same(['segments', 'show', 'customer.profiles', 'high_value', '-c', 'customer_id,tier', '--json']);
    await same([
      'segments',
      'show',
      'customer.profiles',
      'recent_interactions',
      '-w',
      "tier = 'gold'",
      '--format',
      'csv',
    ]);
    const created = await same([
      'segments',
      'create',
      'sales.transactions',
      'big',
      '-w',
      'amount > 100',
      '-d',
      'Big sales',
    ]);
    expect(created.stdout).toMatch(
      /^segment big of sales\.transactions is stored: \d+ record\(s\) match now\n$/,
    );
    await same(['segments', 'create', 'sales.transactions', 'big', '-w', 'amount > 1']);
    await same([
      'segments',
      'show',
      'sales.transactions',
      'big',
      '--order-by',
      'amount desc',
      '--limit',
      '2',
    ]);
    await same(['segments', 'show', 'sales.transactions', 'big', '--all', '--format', 'csv']);
    await same(['segments', 'show', 'sales.transactions', 'nope']);
    const removed = await same(['segments', 'remove', 'sales.transactions', 'big', '--json']);
    expect(JSON.parse(removed.stdout)).toMatchObject({ name: 'big', where: 'amount > 100', removed: true });
    const again = await same(['segments', 'remove', 'sales.transactions', 'big']);
    expect(again.code).toBe(3);
    await same(['segments', 'remove', 'customer.profiles', 'high_value']);
  }, 180_000);

  it('reads the access log, tests and explains policies, dispatches webhooks and draws the whole lineage', async () => {
    // (CSV: a table's column widths follow the actor's name, which differs between the two sides)
    await same(['log', 'customer.profiles', '--operation', 'publish', '--format', 'csv']);
    await same(['log', 'sales.nothing']);
    const passed = await same(['policy', 'test', 'fields-described', 'sales.transactions']);
    expect(passed.stdout).toMatch(/^PASS fields-described/);
    await same(['policy', 'test', 'pii-classified', 'customer.profiles', '--json']);
    await same(['policy', 'explain', 'pii-classified', 'customer.profiles']);
    await same(['policy', 'test', 'no-such-policy', 'sales.transactions']);
    const dispatched = await same(['webhook', 'dispatch', '--json']);
    expect(JSON.parse(dispatched.stdout)).toEqual({ delivered: 0, failed: 0 });
    const lineage = await same(['lineage']);
    expect(lineage.stdout).toContain('sales.transactions');
    await same(['lineage', '--json']);
    const openLineage = await same(['lineage', '--format', 'openlineage']);
    expect(openLineage.stdout).toContain('"eventType"');
    await same(['lineage', 'sales.transactions', '--format', 'openlineage', '--namespace', 'acme']);
    // Keying the audit chain needs the key of the process holding the store: refused through a server, saying why.
    const enroll = await runCli(['audit', 'enroll-key'], { cwd: remoteHome, env: remoteEnv });
    expect(enroll.code).toBe(2);
    expect(enroll.stderr).toContain('audit enroll-key does not work through --server');
  }, 180_000);

  it('publishes new versions of a published product (carried over, or --empty) and groups policy warnings', async () => {
    const folder = (home: string, name: string, version: string, extra: string) => {
      const path = join(home, name);
      mkdirSync(path, { recursive: true });
      const spec = readFileSync(join(SALES, 'product.yaml'), 'utf8')
        .replace(/^version: 1\.0\.0$/m, `version: ${version}`)
        .replace(/(\n {4}- name: region\n {6}type: string\n {6}description: Sales region\.)/, `$1${extra}`);
      writeFileSync(join(path, 'product.yaml'), spec);
    };
    const optional =
      '\n    - name: channel\n      type: string\n      required: false\n      description: Sales channel.';
    const required = '\n    - name: channel\n      type: string\n      description: Sales channel.';
    for (const home of [localHome, remoteHome]) {
      folder(home, 'breaking', '1.1.0', required);
      folder(home, 'minor', '1.1.0', optional);
      folder(home, 'major', '2.0.0', optional);
      mkdirSync(join(home, 'notes'));
      writeFileSync(
        join(home, 'notes', 'product.yaml'),
        'id: sales.notes\nname: Notes\ndomain: sales\nowner: sales-team\ndescription: Notes on sales.\nversion: 1.0.0\nschema:\n  primaryKey: [id]\n  fields:\n    - name: id\n      type: string\n      description: The id.\n    - name: note\n      type: string\n',
      );
    }
    const refused = await same(['publish', 'breaking']);
    expect(refused.code).toBe(5);
    const minor = await same(['publish', 'minor']);
    expect(minor.stdout).toBe('sales.transactions 1.1.0: upgraded from 1.0.0 (1 change(s))\n');
    await same(['publish', 'minor']);
    const major = await same(['publish', 'major', '--empty']);
    expect(major.stdout).toContain('started empty (--empty)');
    await same([
      'query',
      'sales.transactions',
      '--version',
      '1',
      '--limit',
      '2',
      '--order-by',
      'transaction_id',
    ]);
    await same(['query', 'sales.transactions', '--format', 'csv']);
    await same(['access', 'migration', 'sales.transactions']);
    const warned = await same(['publish', 'notes']);
    expect(warned.stderr).toContain('warning: policy fields-described');
    const failed = await same(['policy', 'test', 'fields-described', 'sales.notes']);
    expect(failed.code).toBe(6);
    expect(failed.stdout).toMatch(/^FAIL fields-described/);
  }, 180_000);
  it('refreshes a derived product and tells whether it is behind, as on a store', async () => {
    const spec = join(ROOT, 'examples/customer_revenue/product.yaml');
    // Earlier tests may have left the sales product's current version empty: its sample sales go in again.
    const sample = join(SALES, 'sample_sales.json');
    expect((await same(['ingest', 'sales.transactions', sample, '--on-existing', 'skip'])).code).toBe(0);
    expect((await same(['create', spec])).code).toBe(0);
    const behind = await same(['refresh', 'sales.customer_revenue', '--status']);
    expect(behind.code).toBe(0);
    const refreshed = await same(['refresh', 'sales.customer_revenue', '--json']);
    expect(refreshed.code).toBe(0);
    const result = JSON.parse(refreshed.stdout) as { productId: string; records: number; inputs: unknown[] };
    expect(result).toMatchObject({ productId: 'sales.customer_revenue' });
    expect(result.records).toBeGreaterThan(0);
    expect(result.inputs).toHaveLength(2);
    const status = await same(['refresh', 'sales.customer_revenue', '--status', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ stale: false, changedInputs: [] });
    const notDerived = await same(['refresh', 'sales.transactions']);
    expect(notDerived.code).toBe(2);
    expect(notDerived.stderr).toContain('is not derived');
  }, 120_000);
});
