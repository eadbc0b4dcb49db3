import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMeshError } from '../../src/core/errors.ts';
import { Mesh } from '../../src/product/mesh.ts';
import { ROOT, runCli } from '../support/run-cli.ts';

let dir: string;
let store: string;

const customers = join(ROOT, 'examples/customers/product.yaml');
const customerData = join(ROOT, 'examples/customers/sample_customers.json');
const on = (...args: string[]) => runCli([...args, '--store', store]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-store-access-'));
  store = join(dir, 'mesh.duckdb');
  expect((await on('create', customers)).code).toBe(0);
  expect((await on('ingest', 'customer.profiles', customerData)).code).toBe(0);
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The store file's bytes and modification time, and the files beside it (a write would leave a .wal). */
function snapshot(): { bytes: string; mtimeMs: number; files: string[] } {
  return {
    bytes: readFileSync(store).toString('base64'),
    mtimeMs: statSync(store).mtimeMs,
    files: readdirSync(dir).sort(),
  };
}

describe('a store that is not there (issue 15 item 12)', () => {
  it('is refused by commands that read, in one line naming the path and the commands that create one, and is not created', async () => {
    const missing = join(dir, 'typo', 'mesh.duckb');
    for (const args of [
      ['list'],
      ['search', 'customer'],
      ['show', 'customer.profiles'],
      ['query', 'customer.profiles'],
    ]) {
      const run = await runCli([...args, '--store', missing]);
      expect(run.code, args.join(' ')).toBe(3);
      expect(run.stdout, args.join(' ')).toBe('');
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr).toContain(`no store at ${missing}`);
      expect(run.stderr).toContain('meshwork create');
    }
    expect(readdirSync(dir)).not.toContain('typo');
  });

  it('refuses an empty file and a file that is not a DuckDB database with one line and exit code 2', async () => {
    const empty = join(dir, 'empty.duckdb');
    const foreign = join(dir, 'notes.duckdb');
    writeFileSync(empty, '');
    writeFileSync(foreign, 'product,owner\nsales.orders,sales-team\n');
    for (const [file, says] of [
      [empty, 'is an empty file (0 bytes), not a DuckDB database'],
      [foreign, 'is not a DuckDB database'],
    ] as const) {
      for (const args of [['list'], ['ingest', 'customer.profiles', customerData]]) {
        const run = await runCli([...args, '--store', file]);
        expect(run.code, `${args[0]} ${file}`).toBe(2);
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(run.stderr).toContain(`the store ${file} ${says}`);
      }
    }
    expect(readFileSync(foreign, 'utf8')).toBe('product,owner\nsales.orders,sales-team\n');
    expect(statSync(empty).size).toBe(0);
  });
});

describe('commands that only read the catalog (issue 15 item 12)', () => {
  it('leave the store file byte for byte as it was, and create no write-ahead log', async () => {
    const before = snapshot();
    for (const args of [
      ['list'],
      ['search', 'customer'],
      ['domains'],
      ['lineage'],
      ['lineage', 'customer.profiles'],
      ['show', 'customer.profiles'],
      ['contract', 'customer.profiles'],
      ['audit', 'verify'],
      ['audit', 'list'],
      ['log', 'customer.profiles'],
      ['policy', 'list'],
      ['validate', join(ROOT, 'examples/customers'), '--store', store],
    ]) {
      const run = await on(...args);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
    }
    expect(snapshot()).toEqual(before);
  }, 60_000);

  it('work while another reader holds the store, where a writer is refused as the store being in use', async () => {
    const reader = await Mesh.open({ store, readOnly: true });
    try {
      const [a, b, c] = await Promise.all([
        on('list', '--json'),
        on('search', 'customer', '--json'),
        on('show', 'customer.profiles', '--json'),
      ]);
      expect(a.code, a.stderr).toBe(0);
      expect(b.code, b.stderr).toBe(0);
      expect(c.code, c.stderr).toBe(0);
      expect((JSON.parse(c.stdout) as { descriptor: { id: string } }).descriptor.id).toBe(
        'customer.profiles',
      );
      expect((JSON.parse(a.stdout) as { id: string }[]).map((p) => p.id)).toContain('customer.profiles');
      const writer = await on('ingest', 'customer.profiles', customerData);
      expect(writer.code).toBe(7);
      expect(writer.stderr).toContain(
        `the store is in use by process ${process.pid}; to share it, run \`meshwork serve\``,
      );
      expect((await reader.listProducts()).map((p) => p.id)).toContain('customer.profiles');
    } finally {
      await reader.close();
    }
  }, 60_000);

  it('opens the store with DuckDB’s read-only mode, where every write is refused with storage_unavailable', async () => {
    const before = snapshot();
    const reader = await Mesh.open({ store, readOnly: true });
    try {
      const refused = await reader
        .product('customer.profiles')
        .then((p) => p.ingest([{ customer_id: 'C999' }]))
        .catch((error: unknown) => error);
      expect(isMeshError(refused) && refused.code).toBe('storage_unavailable');
      expect(String((refused as Error).message)).toContain('the store was opened read-only');
    } finally {
      await reader.close();
    }
    expect(snapshot()).toEqual(before);
  });
});
