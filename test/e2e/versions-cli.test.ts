import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

let dir: string;
// Each step spawns the CLI, which opens the store: a few seconds each on a busy machine.
const SLOW = 300_000;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-versions-cli-'));
  const init = await runCli(['init', 'orders', '--id', 'sales.orders', '--owner', 'sales-team'], {
    cwd: dir,
  });
  expect(init.code, init.stderr).toBe(0);
}, SLOW);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A copy of the scaffolded folder, at another version, with its contract edited. */
function variant(name: string, version: string, edit: (contract: string) => string = (c) => c): string {
  const folder = join(dir, name);
  cpSync(join(dir, 'orders'), folder, { recursive: true });
  for (const file of ['contract.odcs.yaml', 'product.odps.yaml']) {
    const path = join(folder, file);
    const text = readFileSync(path, 'utf8').replaceAll('0.1.0', version);
    writeFileSync(path, file === 'contract.odcs.yaml' ? edit(text) : text);
  }
  return folder;
}

/** Removes one property (and its indented lines) from the scaffolded contract. */
const withoutField = (field: string) => (contract: string) =>
  contract.replace(new RegExp(`      - name: ${field}\\n(?:        .*\\n)+`), '');

const record = (id: string, amount: number) => ({ id, amount, created_at: '2025-10-05 10:00:00' });

describe('versions and storage through the CLI', () => {
  it(
    'keeps a product writable after a 0.x minor step removes a required field',
    async () => {
      const store = join(dir, 'zero.duckdb');
      const cli = (...args: string[]) => runCli([...args, '--store', store], { cwd: dir });
      expect((await cli('publish', 'orders')).code).toBe(0);
      expect((await cli('ingest', 'sales.orders', 'orders/sample-data.json')).code).toBe(0);
      const next = variant('orders-0.2', '0.2.0', withoutField('label'));
      const diff = await runCli(['diff', 'orders/contract.odcs.yaml', join(next, 'contract.odcs.yaml')], {
        cwd: dir,
      });
      expect(diff.stdout).toContain('version bump ok');
      const published = await cli('publish', next);
      expect(published.code, published.stderr).toBe(0);
      expect(published.stdout).toContain(
        'new table data_sales__orders__v0_2: 3 row(s) carried over from 0.1.0, 0 rejected',
      );
      writeFileSync(join(dir, 'more.json'), JSON.stringify([record('R009', 5)]));
      const ingest = await cli('ingest', 'sales.orders', 'more.json');
      expect(ingest.code, ingest.stderr).toBe(0);
      expect(ingest.stdout).toBe('sales.orders: 1 accepted, 0 rejected of 1 record(s)\n');
      const query = await cli('query', 'sales.orders', '--json');
      expect((JSON.parse(query.stdout) as { rows: { id: string }[] }).rows.map((r) => r.id).sort()).toEqual([
        'R001',
        'R002',
        'R003',
        'R009',
      ]);
    },
    SLOW,
  );

  it(
    'carries rows into a new major, lists the rejects, keeps major 1 readable and starts empty on request',
    async () => {
      const store = join(dir, 'major.duckdb');
      const cli = (...args: string[]) => runCli([...args, '--store', store], { cwd: dir });
      const v1 = variant('orders-1', '1.0.0');
      expect((await cli('publish', v1)).code).toBe(0);
      expect((await cli('ingest', 'sales.orders', join(v1, 'sample-data.json'))).code).toBe(0);
      // 2.0.0: label dropped, and amounts must now be at least 10 (R002 has 0).
      const v2 = variant('orders-2', '2.0.0', (c) =>
        withoutField('label')(c).replace('minimum: 0', 'minimum: 10'),
      );
      const rejects = join(dir, 'rejects.ndjson');
      const published = await cli('publish', v2, '--rejects', rejects);
      expect(published.code, published.stderr).toBe(0);
      expect(published.stdout).toContain(
        'new table data_sales__orders__v2: 2 row(s) carried over from 1.0.0, 1 rejected (they stay in data_sales__orders__v1)',
      );
      expect(published.stdout).toContain(`rejected rows and reasons written to ${rejects}`);
      expect(readFileSync(rejects, 'utf8')).toBe(
        '{"key":{"id":"R002"},"reasons":["amount is below the minimum 10"]}\n',
      );
      const current = await cli('query', 'sales.orders', '--json');
      expect((JSON.parse(current.stdout) as { rows: unknown[] }).rows).toHaveLength(2);
      const old = await cli('query', 'sales.orders', '--version', '1', '-o', 'id', '--format', 'csv');
      expect(old.code, old.stderr).toBe(0);
      expect(old.stdout.split('\n')[0]).toBe('id,label,amount,created_at');
      expect(old.stdout).toContain('R002,Second,0,');
      const log = await cli('log', 'sales.orders', '--json');
      const entries = JSON.parse(log.stdout) as {
        operation: string;
        productVersion: string;
        parameters: object;
      }[];
      expect(
        entries.find((e) => e.operation === 'publish' && e.productVersion === '2.0.0')?.parameters,
      ).toMatchObject({ rows: 'carried', carried: 2, rejected: 1 });
      expect(entries[0]).toMatchObject({ operation: 'query', productVersion: '1.0.0' });
      const v3 = variant('orders-3', '3.0.0', withoutField('label'));
      const empty = await cli('publish', v3, '--empty');
      expect(empty.stdout).toContain('new table data_sales__orders__v3, started empty (--empty)');
      expect((await cli('query', 'sales.orders')).stdout).toContain('(no rows)');
      const show = await cli('show', 'sales.orders');
      expect(show.stdout).toContain(
        'default: version 2.0.0 in table data_sales__orders__v2; query --version 2, export --version 2 csv/ndjson/parquet; default: version 1.0.0 in table data_sales__orders__v1; query --version 1',
      );
      const missing = await cli('query', 'sales.orders', '--version', '9');
      expect(missing.code).toBe(3);
      expect(missing.stderr).toContain('has no published version 9 to read; its versions are 1, 2, 3');
    },
    SLOW,
  );

  it(
    'lets the next publish of the same version replace the draft a blocking policy refused',
    async () => {
      const store = join(dir, 'refused.duckdb');
      const cli = (...args: string[]) => runCli([...args, '--store', store], { cwd: dir });
      // A PII field without a classification breaks the blocking policy pii-classified.
      const refused = variant('orders-pii', '0.1.0', (c) =>
        c.replace(
          '        description: A short human-readable label.\n',
          '        description: A short human-readable label.\n        tags: [pii]\n',
        ),
      );
      const first = await cli('publish', refused);
      expect(first.code).toBe(6);
      expect(first.stderr).toContain('refused by 1 blocking policy');
      const fixed = await cli('publish', 'orders');
      expect(fixed.code, fixed.stderr).toBe(0);
      expect(fixed.stdout).toBe('sales.orders 0.1.0: registered and published\n');
      const show = await cli('show', 'sales.orders');
      expect(show.stdout).toContain('versions       0.1.0 (published,');
      const contract = await cli('contract', 'sales.orders');
      expect(contract.stdout).not.toContain('pii');
    },
    SLOW,
  );

  it(
    'says in --help what publish and query do with versions',
    async () => {
      const publish = await runCli(['publish', '--help']);
      expect(publish.stdout).toContain('--empty');
      expect(publish.stdout).toContain('--rejects <file>');
      expect(publish.stdout).toContain('are carried over in the same transaction');
      const query = await runCli(['query', '--help']);
      expect(query.stdout).toContain('--version <major>');
      expect((await runCli(['--version'])).stdout).toBe('0.1.0\n');
    },
    SLOW,
  );
});
