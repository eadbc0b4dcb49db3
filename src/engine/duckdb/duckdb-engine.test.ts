import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeEngine } from '../../../test/support/describe-engine.ts';
import { MeshError } from '../../core/errors.ts';
import type { Engine, TableColumn, TableSpec } from '../engine.ts';
import { openDuckDbEngine } from './duckdb-engine.ts';

let dir: string;
let files = 0;
const freshFile = (): string => {
  files += 1;
  return join(dir, `store-${files}.duckdb`);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-duckdb-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describeEngine('duckdb file', () => openDuckDbEngine({ path: freshFile() }));
describeEngine('duckdb :memory:', () => openDuckDbEngine({ path: ':memory:' }));

const NOTES: TableSpec = {
  name: 'notes',
  columns: [
    { name: 'id', type: 'integer', notNull: true },
    { name: 'body', type: 'string', notNull: false },
    { name: 'written_on', type: 'date', notNull: false },
  ],
  primaryKey: ['id'],
  indexes: [['written_on']],
};

describe('DuckDB engine', () => {
  const open: Engine[] = [];
  const track = async (engine: Promise<Engine>): Promise<Engine> => {
    const e = await engine;
    open.push(e);
    return e;
  };
  afterEach(async () => {
    for (const e of open.splice(0)) await e.close();
  });

  it('gives back every row after the file is closed and opened again', async () => {
    const path = freshFile();
    const first = await openDuckDbEngine({ path });
    await first.createTable(NOTES);
    await first.insertRows(NOTES, [
      [1, 'first', '2025-01-01'],
      [2, null, null],
    ]);
    await first.close();
    const again = await track(openDuckDbEngine({ path }));
    expect(await again.tableExists('notes')).toBe(true);
    const rows = await again.select('notes', {
      columns: NOTES.columns,
      orderBy: [{ column: 'id', direction: 'asc' }],
    });
    expect(rows).toEqual([
      { id: 1, body: 'first', written_on: '2025-01-01' },
      { id: 2, body: null, written_on: null },
    ]);
    // The primary key survives the reopen too.
    expect(await again.insertRows(NOTES, [[1, 'again', null]])).toEqual({
      inserted: 0,
      duplicateIndexes: [0],
    });
  });

  it('rolls back a transaction from begin() that is still open when the store is closed', async () => {
    const path = freshFile();
    const first = await openDuckDbEngine({ path });
    await first.createTable(NOTES);
    await first.insertRows(NOTES, [[1, 'kept', null]]);
    const open = await first.begin();
    await open.session.insertRows(NOTES, [[2, 'never committed', null]]);
    await first.close();
    await expect(open.commit()).rejects.toBeInstanceOf(Error);
    await expect(first.begin()).rejects.toThrow(/closed/);
    const again = await track(openDuckDbEngine({ path }));
    expect(await again.select('notes', { columns: NOTES.columns })).toEqual([
      { id: 1, body: 'kept', written_on: null },
    ]);
  });

  it('keeps each :memory: store separate from every other', async () => {
    const a = await track(openDuckDbEngine({ path: ':memory:' }));
    const b = await track(openDuckDbEngine({ path: ':memory:' }));
    await a.createTable(NOTES);
    expect(await a.tableExists('notes')).toBe(true);
    expect(await b.tableExists('notes')).toBe(false);
    expect(a.location).not.toBe(b.location);
  });

  it('shares one instance between two handles on the same file, so writes are visible across them', async () => {
    const path = freshFile();
    const a = await track(openDuckDbEngine({ path }));
    const b = await track(openDuckDbEngine({ path }));
    await a.createTable(NOTES);
    await a.insertRows(NOTES, [[1, 'from a', null]]);
    expect(await b.count('notes')).toBe(1);
    await b.insertRows(NOTES, [[2, 'from b', null]]);
    expect(await a.count('notes')).toBe(2);
  });

  it('lets two handles on the same file write the same row at once without a transaction conflict', async () => {
    const path = freshFile();
    const a = await track(openDuckDbEngine({ path }));
    const b = await track(openDuckDbEngine({ path }));
    await a.createTable(NOTES);
    await a.insertRows(NOTES, [[1, 'start', null]]);
    const where = { kind: 'compare', left: { kind: 'field', field: 'id' }, op: 'eq', value: 1 } as const;
    const body = NOTES.columns[1] as TableColumn;
    const write = (engine: Engine, text: string) =>
      engine.transaction(async (tx) => {
        await tx.update('notes', where, [{ column: body, value: text }]);
        // Give the other handle every chance to start its own transaction in between.
        await new Promise((resolve) => setImmediate(resolve));
        return tx.update('notes', where, [{ column: body, value: `${text}!` }]);
      });
    await expect(Promise.all([write(a, 'from a'), write(b, 'from b')])).resolves.toEqual([1, 1]);
    expect(await b.select('notes', { columns: [body] })).toEqual([{ body: 'from b!' }]);
  });

  it('keeps the other handle working when one of two handles on the same file is closed', async () => {
    const path = freshFile();
    const a = await openDuckDbEngine({ path });
    const b = await track(openDuckDbEngine({ path }));
    await a.createTable(NOTES);
    await a.close();
    await b.insertRows(NOTES, [[1, 'still here', null]]);
    expect(await b.count('notes')).toBe(1);
  });

  it('resolves relative paths, so two spellings of one file share an instance', async () => {
    const path = freshFile();
    const a = await track(openDuckDbEngine({ path }));
    const b = await track(openDuckDbEngine({ path: relative(process.cwd(), path) }));
    expect(a.location).toBe(b.location);
    await a.createTable(NOTES);
    expect(await b.tableExists('notes')).toBe(true);
  });

  it('lists the declared indexes in duckdb_indexes()', async () => {
    const e = await track(openDuckDbEngine({ path: ':memory:' }));
    await e.createTable(NOTES);
    const rows = await e.query("SELECT index_name FROM duckdb_indexes() WHERE table_name = 'notes'");
    expect(rows).toEqual([{ index_name: 'notes__ix_written_on' }]);
  });

  it('opens stores with automatic extension download and loading turned off', async () => {
    const e = await track(openDuckDbEngine({ path: freshFile() }));
    const rows = await e.query(
      "SELECT current_setting('autoinstall_known_extensions') AS install, current_setting('autoload_known_extensions') AS load",
    );
    expect(rows).toEqual([{ install: false, load: false }]);
  });

  it('checkpoints at 128 MB of write-ahead log, and on close, so the log is folded into the file', async () => {
    const path = freshFile();
    const e = await openDuckDbEngine({ path });
    const [setting] = await e.query("SELECT current_setting('checkpoint_threshold') AS threshold");
    expect(setting?.threshold).toBe('122.0 MiB'); // 128 MB, as DuckDB prints it
    await e.createTable(NOTES);
    await e.insertRows(NOTES, [[1, 'kept', '2025-01-01']]);
    expect(statSync(`${path}.wal`).size).toBeGreaterThan(0);
    await e.close();
    expect(existsSync(`${path}.wal`)).toBe(false);
  });

  it('creates the folder of a new store file', async () => {
    const path = join(dir, 'nested', 'deeper', 'store.duckdb');
    const e = await track(openDuckDbEngine({ path }));
    await e.createTable(NOTES);
    expect(e.location).toBe(path);
  });

  it('refuses a store whose folder cannot be created with storage_unavailable', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const error = await openDuckDbEngine({ path: join(blocker, 'store.duckdb') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshError);
    expect((error as MeshError).code).toBe('storage_unavailable');
  });

  it('refuses a file that is not a DuckDB database with invalid_input, naming it', async () => {
    const bogus = join(dir, 'bogus.duckdb');
    writeFileSync(bogus, 'this is not a database file, just some text that is long enough to look like one');
    const error = await openDuckDbEngine({ path: bogus }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshError);
    expect((error as MeshError).code).toBe('invalid_input');
    expect((error as MeshError).message).toContain(`the store ${bogus} is not a DuckDB database`);
  });

  it('refuses operations after close with storage_unavailable', async () => {
    const e = await openDuckDbEngine({ path: ':memory:' });
    await e.close();
    const error = await e.count('notes').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(MeshError);
    expect((error as MeshError).code).toBe('storage_unavailable');
    await expect(e.close()).resolves.toBeUndefined();
  });

  it('stores rows in a table whose column names look like its own staging columns', async () => {
    const e = await track(openDuckDbEngine({ path: ':memory:' }));
    const odd: TableSpec = {
      name: 'odd',
      columns: [
        { name: '__i', type: 'integer', notNull: true },
        { name: 'i', type: 'string', notNull: false },
      ],
      primaryKey: ['__i'],
      indexes: [],
    };
    await e.createTable(odd);
    expect(await e.insertRows(odd, [[7, 'seven']])).toEqual({ inserted: 1, duplicateIndexes: [] });
    expect(
      await e.insertRows(odd, [
        [7, 'again'],
        [8, 'eight'],
      ]),
    ).toEqual({ inserted: 1, duplicateIndexes: [0] });
    expect(await e.count('odd')).toBe(2);
  });

  it('runs operations issued at once one after another without mixing up a transaction', async () => {
    const e = await track(openDuckDbEngine({ path: ':memory:' }));
    await e.createTable(NOTES);
    const failing = e.transaction(async (tx) => {
      await tx.insertRows(NOTES, [[1, 'rolled back', null]]);
      throw new Error('abort');
    });
    const outside = e.insertRows(NOTES, [[2, 'kept', null]]);
    await expect(failing).rejects.toThrow('abort');
    await outside;
    const rows = await e.select('notes', { columns: NOTES.columns });
    expect(rows).toEqual([{ id: 2, body: 'kept', written_on: null }]);
  });
});
