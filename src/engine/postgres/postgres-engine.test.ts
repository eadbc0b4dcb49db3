import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeEngine } from '../../../test/support/describe-engine.ts';
import { exampleSpec } from '../../../test/support/example-mesh.ts';
import {
  dropFreshPostgresDatabases,
  freshPostgresDatabase,
  withDatabase,
} from '../../../test/support/postgres-cluster.ts';
import { MeshError } from '../../core/errors.ts';
import { Mesh } from '../../product/mesh.ts';
import { openDuckDbEngine } from '../duckdb/duckdb-engine.ts';
import type { CarryOverSpec, Engine, TableColumn, TableSpec } from '../engine.ts';
import { readParquetBatches } from '../parquet-bridge.ts';
import { openPostgresEngine } from './postgres-engine.ts';
import { redactPostgresUrl } from './postgres-url.ts';

afterAll(dropFreshPostgresDatabases);

describeEngine('postgres', async () => openPostgresEngine({ url: await freshPostgresDatabase() }));

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

/** The error a promise fails with (the test fails when it succeeds). */
async function errorOf(promise: Promise<unknown>): Promise<MeshError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MeshError);
  return error as MeshError;
}

describe('PostgreSQL engine', () => {
  const open: Engine[] = [];
  const track = async (engine: Promise<Engine>): Promise<Engine> => {
    const e = await engine;
    open.push(e);
    return e;
  };
  afterEach(async () => {
    for (const e of open.splice(0)) await e.close();
  });
  const fresh = async (): Promise<{ url: string; engine: Engine }> => {
    const url = await freshPostgresDatabase();
    return { url, engine: await track(openPostgresEngine({ url })) };
  };

  it('returns BIGINT and NUMERIC as numbers and dates as text from platform queries, leaving pg’s global parsers alone', async () => {
    const { engine } = await fresh();
    expect(
      await engine.query(
        "SELECT CAST($1 AS BIGINT) AS big, COUNT(*) AS n, SUM(CAST(2 AS BIGINT)) AS total, DATE '2025-01-15' AS d, TIMESTAMP '2025-01-16 09:30:00' AS t, CAST(0.5 AS DOUBLE PRECISION) AS half",
        [Number.MAX_SAFE_INTEGER],
      ),
    ).toEqual([
      { big: Number.MAX_SAFE_INTEGER, n: 1, total: 2, d: '2025-01-15', t: '2025-01-16 09:30:00', half: 0.5 },
    ]);
    expect(pg.types.getTypeParser(20)('5')).toBe('5');
  });

  it('runs the platform’s portable SQL unchanged: sequences, ON CONFLICT, RETURNING, string_agg and chr', async () => {
    const { engine } = await fresh();
    await engine.execute('CREATE SEQUENCE IF NOT EXISTS mw_t_seq');
    await engine.execute('CREATE TABLE IF NOT EXISTS mw_t (k VARCHAR PRIMARY KEY, n BIGINT NOT NULL)');
    const first = await engine.query("INSERT INTO mw_t (k, n) VALUES ($1, nextval('mw_t_seq')) RETURNING n", [
      'a',
    ]);
    expect(first).toEqual([{ n: 1 }]);
    await engine.execute(
      'INSERT INTO mw_t (k, n) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET n = excluded.n',
      ['a', 7],
    );
    await engine.execute('INSERT INTO mw_t (k, n) VALUES ($1, $2) ON CONFLICT (k) DO NOTHING', ['b', 8]);
    expect(await engine.query("SELECT string_agg(k || chr(61) || n, ',' ORDER BY k) AS s FROM mw_t")).toEqual(
      [{ s: 'a=7,b=8' }],
    );
  });

  it('shows its URL with the password hidden and declares its capabilities', async () => {
    const url = await freshPostgresDatabase();
    const u = new URL(url);
    u.password = 'hunter2';
    const engine = await track(openPostgresEngine({ url: u.toString() }));
    expect(engine.kind).toBe('postgres');
    expect(engine.location).not.toContain('hunter2');
    expect(engine.location).toBe(u.toString().replace('hunter2', '***'));
    expect(engine.capabilities).toEqual({
      multiProcess: true,
      parquet: false,
      isolatedStores: false,
      localFile: false,
      nulInText: false,
      overlappingAppends: false,
    });
    expect(redactPostgresUrl('postgres://a:b@h/db?sslpassword=c&sslmode=require')).toBe(
      'postgres://a:***@h/db?sslpassword=***&sslmode=require',
    );
  });

  it('refuses an unreachable server with storage_unavailable naming the redacted URL', async () => {
    const error = await errorOf(openPostgresEngine({ url: 'postgres://mesh:hunter2@127.0.0.1:1/mesh' }));
    expect(error.code).toBe('storage_unavailable');
    expect(error.message).toContain(
      'cannot reach the PostgreSQL server at postgres://mesh:***@127.0.0.1:1/mesh',
    );
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses a login the server rejects with storage_unavailable, saying to check the user and password', async () => {
    // The throwaway cluster trusts loopback logins, so the server rejects a role it does not have instead.
    const url = new URL(await freshPostgresDatabase());
    url.username = 'nobody_here';
    url.password = 'hunter2';
    const error = await errorOf(openPostgresEngine({ url: url.toString() }));
    expect(error.code).toBe('storage_unavailable');
    expect(error.message).toMatch(/refused the login .*check the user and password/);
    expect(error.message).toContain('nobody_here:***@');
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses a missing database with not_found when it may not create it, and creates it otherwise', async () => {
    const url = withDatabase(await freshPostgresDatabase(), `mw_missing_${process.pid}_${Date.now()}`);
    const missing = await errorOf(openPostgresEngine({ url, create: false }));
    expect(missing.code).toBe('not_found');
    expect((await errorOf(openPostgresEngine({ url, readOnly: true }))).code).toBe('not_found');
    const engine = await track(openPostgresEngine({ url }));
    await engine.createTable(NOTES);
    expect(await engine.tableExists('notes')).toBe(true);
    await engine.close();
    const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
    await admin.end();
  });

  it('opened read-only, reads and refuses every write with storage_unavailable', async () => {
    const { url, engine } = await fresh();
    await engine.createTable(NOTES);
    await engine.insertRows(NOTES, [[1, 'kept', '2025-01-01']]);
    const reader = await track(openPostgresEngine({ url, readOnly: true }));
    expect(reader.readOnly).toBe(true);
    expect(await reader.count('notes')).toBe(1);
    for (const write of [
      () => reader.insertRows(NOTES, [[2, 'no', null]]),
      () => reader.execute('DELETE FROM notes'),
      () => reader.createTable({ ...NOTES, name: 'other' }),
      () =>
        reader.update('notes', { kind: 'and', items: [] }, [
          { column: NOTES.columns[1] as TableColumn, value: 'x' },
        ]),
    ]) {
      const error = await errorOf(write());
      expect(error.code).toBe('storage_unavailable');
      expect(error.message).toMatch(/opened read-only/);
    }
    expect(await engine.count('notes')).toBe(1);
  });

  it('stops a transaction’s running statement when its signal aborts, rolls it back and stays usable', async () => {
    const { engine } = await fresh();
    await engine.createTable(NOTES);
    const started = Date.now();
    const error = await errorOf(
      engine.transaction(
        async (tx) => {
          await tx.insertRows(NOTES, [[1, 'rolled back', null]]);
          await tx.query('SELECT pg_sleep(30)');
        },
        { signal: AbortSignal.timeout(300) },
      ),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error.code).toBe('storage_unavailable');
    expect(error.details?.reason).toBe('interrupted');
    expect(await engine.count('notes')).toBe(0);
    await engine.insertRows(NOTES, [[2, 'after', null]]);
    expect(await engine.count('notes')).toBe(1);
    // An aborted signal refuses a transaction before it starts.
    const before = await errorOf(engine.transaction(async () => undefined, { signal: AbortSignal.abort() }));
    expect(before.details?.reason).toBe('interrupted');
  });

  it('interrupts a read bound to a signal (withReadSignal) and keeps the store usable', async () => {
    const { engine } = await fresh();
    await engine.execute('CREATE TABLE big AS SELECT g AS id FROM generate_series(1, 10) g');
    await engine.execute(
      'CREATE VIEW slow AS SELECT id, pg_sleep(5) IS NULL AS body, CAST(NULL AS DATE) AS written_on FROM big',
    );
    if (!('withReadSignal' in engine)) throw new Error('the postgres engine binds reads to signals');
    const view = (engine as Engine & { withReadSignal(s: AbortSignal): Engine }).withReadSignal(
      AbortSignal.timeout(300),
    );
    const started = Date.now();
    const error = await errorOf(view.count('slow'));
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(error.details?.reason).toBe('interrupted');
    expect(await engine.count('big')).toBe(10);
  });

  it('rolls back a transaction from begin() still open when the engine closes, and refuses its commit', async () => {
    const { url, engine } = await fresh();
    await engine.createTable(NOTES);
    const tx = await engine.begin();
    await tx.session.insertRows(NOTES, [[1, 'never', null]]);
    await engine.close();
    const error = await errorOf(tx.commit());
    expect(error.code).toBe('storage_unavailable');
    await tx.rollback();
    const again = await track(openPostgresEngine({ url }));
    expect(await again.count('notes')).toBe(0);
  });

  it('lets two handles on one database (as two processes would) see each other’s commits', async () => {
    const { url, engine } = await fresh();
    const other = await track(openPostgresEngine({ url }));
    await engine.createTable(NOTES);
    await other.insertRows(NOTES, [[1, 'from the other', '2025-01-02']]);
    expect(await engine.select('notes', { columns: NOTES.columns })).toEqual([
      { id: 1, body: 'from the other', written_on: '2025-01-02' },
    ]);
  });

  it('reads tables and columns whose names exceed PostgreSQL’s 63 bytes, and keeps their index names apart', async () => {
    const { url, engine } = await fresh();
    const long = `data_${'a_very_long_domain_name'.repeat(2)}__${'and_a_long_product'.repeat(2)}__v1`;
    const column = `measured_${'x'.repeat(60)}`;
    const spec: TableSpec = {
      name: long,
      columns: [
        { name: 'id', type: 'integer', notNull: true },
        { name: column, type: 'string', notNull: false },
      ],
      primaryKey: ['id'],
      indexes: [[column], ['id', column]],
    };
    await engine.createTable(spec);
    await engine.insertRows(spec, [[1, 'one']]);
    expect(await engine.tableExists(long)).toBe(true);
    expect(await engine.select(long, { columns: spec.columns })).toEqual([{ id: 1, [column]: 'one' }]);
    // The platform's own SQL names the table in full too, and PostgreSQL cuts it the same way.
    expect(await engine.query(`SELECT count(*) AS n FROM "${long}"`)).toEqual([{ n: 1 }]);
    // A second handle learns the table's columns from the information schema.
    const other = await track(openPostgresEngine({ url }));
    expect(
      await other.count(long, { kind: 'compare', left: { kind: 'field', field: 'id' }, op: 'eq', value: 1 }),
    ).toBe(1);
    const indexes = await engine.query('SELECT count(*) AS n FROM pg_indexes WHERE tablename LIKE $1', [
      'data_a_very_long%',
    ]);
    // The primary key's and both declared ones.
    expect(indexes).toEqual([{ n: 3 }]);
  });

  it('refuses a long table name that PostgreSQL would cut to the name of another table, naming both', async () => {
    const { engine } = await fresh();
    const stem = `data_${'long_domain_'.repeat(3)}__${'long_product_'.repeat(3)}`;
    expect(Buffer.byteLength(`${stem}__v1`)).toBeGreaterThan(63);
    const v1: TableSpec = {
      name: `${stem}__v1`,
      columns: [{ name: 'id', type: 'integer', notNull: true }],
      primaryKey: ['id'],
      indexes: [],
    };
    await engine.createTable(v1);
    // The same name again is the same table: created once, kept.
    await engine.createTable(v1);
    await engine.insertRows(v1, [[1]]);
    const v2 = { ...v1, name: `${stem}__v2` };
    const refused = await engine.createTable(v2).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MeshError);
    expect((refused as MeshError).code).toBe('conflict');
    expect((refused as MeshError).message).toContain(`names the table of ${stem}__v1`);
    expect(await engine.count(v1.name)).toBe(1);
    await expect(engine.createTable(v1, { exclusive: true })).rejects.toMatchObject({
      code: 'already_exists',
    });
  });

  it('refuses the next major of a product whose id is too long to tell its tables apart, and keeps the first', async () => {
    const { url } = await fresh();
    const mesh = await Mesh.open({ store: url });
    try {
      const id = `sales.${'transactions_of_every_store_and_channel_'.repeat(2)}x`;
      const spec = { ...exampleSpec('sales'), id, analytics: undefined };
      await mesh.createProduct(spec);
      const major = await mesh.publishSpec({ ...spec, version: '2.0.0' }).catch((e: unknown) => e);
      expect(major).toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('use a shorter product id'),
      });
      expect((await mesh.product(id).then((p) => p.descriptor())).version).toBe('1.0.0');
    } finally {
      await mesh.close();
    }
  });

  it('sees a column another handle added after it cached the table (a replica publishing a minor version)', async () => {
    const { url, engine } = await fresh();
    await engine.createTable(NOTES);
    await engine.insertRows(NOTES, [[1, 'one', null]]);
    expect(await engine.count('notes')).toBe(1);
    const other = await track(openPostgresEngine({ url }));
    const mood: TableColumn = { name: 'mood', type: 'string', notNull: false };
    await other.addColumn('notes', mood);
    const wider: TableSpec = { ...NOTES, columns: [...NOTES.columns, mood] };
    await other.insertRows(wider, [[2, 'two', null, 'glad']]);
    const glad = {
      kind: 'compare',
      left: { kind: 'field', field: 'mood' },
      op: 'eq',
      value: 'glad',
    } as const;
    expect(await engine.count('notes', glad)).toBe(1);
    expect(await engine.select('notes', { columns: wider.columns, where: glad })).toEqual([
      { id: 2, body: 'two', written_on: null, mood: 'glad' },
    ]);
    expect(await engine.update('notes', glad, [{ column: mood, value: 'calm' }])).toBe(1);
  });

  it('runs a read-only transaction beside an open write transaction of the same handle, and refuses a write in it', async () => {
    const { engine } = await fresh();
    await engine.createTable(NOTES);
    await engine.insertRows(NOTES, [[1, 'one', null]]);
    const seen = await engine.transaction(async (tx) => {
      await tx.insertRows(NOTES, [[2, 'two', null]]);
      // Inside the write transaction, which holds the handle's turn: the read-only one does not wait for it, and
      // sees what is committed.
      return engine.transaction((ro) => ro.count('notes'), { readOnly: true });
    });
    expect(seen).toBe(1);
    expect(await engine.count('notes')).toBe(2);
    const refused = await engine
      .transaction((ro) => ro.execute("INSERT INTO notes VALUES (3, 'three', NULL)"), { readOnly: true })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MeshError);
    expect((refused as MeshError).code).toBe('storage_unavailable');
    expect((refused as MeshError).message).toContain('read-only transaction');
    expect(await engine.count('notes')).toBe(2);
  });

  it('runs transactions of several handles one at a time, so read-then-write steps lose no update', async () => {
    const { url, engine } = await fresh();
    const other = await track(openPostgresEngine({ url }));
    await engine.execute('CREATE TABLE counter (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)');
    await engine.execute('INSERT INTO counter VALUES (1, 0)');
    const bump = (e: Engine) =>
      e.transaction(async (tx) => {
        const [row] = await tx.query('SELECT n FROM counter WHERE id = 1');
        await new Promise((resolve) => setTimeout(resolve, 5));
        await tx.execute('UPDATE counter SET n = $1 WHERE id = 1', [Number(row?.n) + 1]);
      });
    await Promise.all(Array.from({ length: 10 }, (_, i) => bump(i % 2 === 0 ? engine : other)));
    expect(await engine.query('SELECT n FROM counter')).toEqual([{ n: 10 }]);
  });

  it('does not run out of connections when queued transactions read outside themselves, or open transactions begin more', async () => {
    const url = await freshPostgresDatabase();
    const engine = await track(openPostgresEngine({ url, maxConnections: 2 }));
    await engine.createTable(NOTES);
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        engine.transaction(async (tx) => {
          await tx.insertRows(NOTES, [[i, 'x', null]]);
          // A read outside the transaction, as platform code does on DuckDB's read connections.
          await engine.count('notes');
        }),
      ),
    );
    // Each ingest holds one transaction of begin() while it begins the next.
    const first = await Promise.all(Array.from({ length: 6 }, () => engine.begin()));
    const second = await Promise.all(Array.from({ length: 6 }, () => engine.begin()));
    for (const open of [...first, ...second]) await open.rollback();
    expect(await engine.count('notes')).toBe(6);
  });

  it('writes a Parquet export through the bridge: typed columns, filter, order and masks as the server applied them', async () => {
    const { engine } = await fresh();
    await engine.createTable(NOTES);
    await engine.insertRows(NOTES, [
      [1, 'first', '2025-01-02'],
      [2, 'second', null],
      [3, "it's third", '2025-03-04'],
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'meshwork-pg-export-'));
    try {
      const file = join(dir, 'x.parquet');
      const written = await engine.exportTo(
        'notes',
        {
          columns: NOTES.columns,
          where: { kind: 'compare', left: { kind: 'field', field: 'id' }, op: 'gt', value: 1 },
          orderBy: [{ column: 'id', direction: 'desc' }],
          masks: new Map([['body', { kind: 'replace', text: '***' }]]),
        },
        file,
        'parquet',
      );
      expect(written).toBe(2);
      const batches: unknown[][][] = [];
      const asText: TableSpec = {
        ...NOTES,
        columns: NOTES.columns.map((c) => (c.name === 'body' ? { ...c, type: 'string' } : c)),
      };
      for await (const batch of readParquetBatches(file, asText)) batches.push(batch);
      expect(batches.flat()).toEqual([
        [2, '***', null],
        [3, '***', '2025-03-04'],
      ]);
      expect(readdirSync(dir)).toEqual(['x.parquet']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PostgreSQL and DuckDB give the same results', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshwork-pg-duck-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `scenario` on a fresh store of each engine and returns both results. */
  const onBoth = async <T>(scenario: (engine: Engine) => Promise<T>): Promise<[T, T]> => {
    const duck = await openDuckDbEngine({ path: join(dir, `${Date.now()}-${Math.random()}.duckdb`) });
    const post = await openPostgresEngine({ url: await freshPostgresDatabase() });
    try {
      return [await scenario(duck), await scenario(post)];
    } finally {
      await duck.close();
      await post.close();
    }
  };

  const OLD: TableSpec = {
    name: 'old_v1',
    columns: [
      { name: 'id', type: 'string', notNull: true },
      { name: 'amount', type: 'string', notNull: false },
      { name: 'price', type: 'number', notNull: false },
      { name: 'day', type: 'string', notNull: false },
      { name: 'flag', type: 'integer', notNull: false },
    ],
    primaryKey: ['id'],
    indexes: [],
  };
  const NEW: TableSpec = {
    name: 'new_v2',
    columns: [
      { name: 'id', type: 'string', notNull: true },
      { name: 'amount', type: 'integer', notNull: true },
      { name: 'price', type: 'integer', notNull: false },
      { name: 'day', type: 'date', notNull: false },
      { name: 'flag', type: 'number', notNull: false },
      { name: 'added', type: 'string', notNull: false },
    ],
    primaryKey: ['id'],
    indexes: [],
  };
  const by = (spec: TableSpec, name: string): TableColumn =>
    spec.columns.find((c) => c.name === name) as TableColumn;

  it('carries rows over with conversions, checks and reasons alike', async () => {
    const spec: CarryOverSpec = {
      from: OLD.name,
      to: NEW.name,
      columns: NEW.columns.map((target) => ({
        target,
        source: target.name === 'added' ? null : by(OLD, target.name),
      })),
      checks: [
        {
          reason: 'amount must not be negative',
          holds: { kind: 'compare', left: { kind: 'field', field: 'amount' }, op: 'gte', value: 0 },
        },
      ],
      keyColumns: [by(OLD, 'id')],
      rejectLimit: 10,
    };
    const [duck, post] = await onBoth(async (engine) => {
      await engine.createTable(OLD);
      await engine.createTable(NEW);
      await engine.insertRows(OLD, [
        ['a', '10', 2, '2025-01-15', 1],
        ['b', 'ten', 2.5, '2025-02-30', 0],
        ['c', '-3', null, null, null],
        ['d', null, 4, 'not a day', 7],
        ['e', '99999999999999999999', 1, '2025-12-31', 2],
      ]);
      const result = await engine.carryOver(spec);
      const rows = await engine.select(NEW.name, {
        columns: NEW.columns,
        orderBy: [{ column: 'id', direction: 'asc' }],
      });
      return { result, rows };
    });
    expect(post).toEqual(duck);
    expect(post.result.copied).toBe(1);
  });

  it('replaces stored rows with replaceStored and refuses a key repeated in the batch alike', async () => {
    const NOTES2: TableSpec = { ...NOTES, name: 'notes2' };
    const [duck, post] = await onBoth(async (engine) => {
      await engine.createTable(NOTES2);
      await engine.insertRows(NOTES2, [
        [1, 'one', '2025-01-01'],
        [2, 'two', null],
      ]);
      const replaced = await engine.insertRows(
        NOTES2,
        [
          [2, 'TWO', '2025-02-02'],
          [3, 'three', null],
        ],
        { replaceStored: true },
      );
      const repeated = await engine
        .insertRows(
          NOTES2,
          [
            [4, 'x', null],
            [4, 'y', null],
          ],
          { replaceStored: true },
        )
        .then(
          () => 'stored',
          (e: unknown) => (e as MeshError).code,
        );
      const rows = await engine.select(NOTES2.name, {
        columns: NOTES2.columns,
        orderBy: [{ column: 'id', direction: 'asc' }],
      });
      return { replaced, repeated, rows };
    });
    expect(post).toEqual(duck);
    expect(post.replaced).toEqual({ inserted: 2, duplicateIndexes: [], replaced: 1 });
    expect(post.repeated).toBe('conflict');
  });

  it('aggregates with group keys computed by functions alike', async () => {
    const SALES: TableSpec = {
      name: 'sales',
      columns: [
        { name: 'id', type: 'integer', notNull: true },
        { name: 'sold_at', type: 'timestamp', notNull: true },
        { name: 'amount', type: 'number', notNull: true },
      ],
      primaryKey: ['id'],
      indexes: [],
    };
    const [duck, post] = await onBoth(async (engine) => {
      await engine.createTable(SALES);
      await engine.insertRows(SALES, [
        [1, '2025-01-15 10:00:00', 10],
        [2, '2025-01-20 11:00:00', 5.5],
        [3, '2025-02-01 00:00:00', 1],
        [4, '2024-02-03 12:30:00.5', 2],
      ]);
      return engine.aggregate(SALES.name, {
        groupBy: [],
        groupByCalls: [
          { fn: 'year', column: by(SALES, 'sold_at'), as: 'y' },
          { fn: 'month', column: by(SALES, 'sold_at'), as: 'm' },
        ],
        measures: [
          { fn: 'sum', column: by(SALES, 'amount'), as: 'total' },
          { fn: 'max', column: by(SALES, 'sold_at'), as: 'last' },
        ],
        orderBy: [
          { column: 'y', direction: 'asc' },
          { column: 'm', direction: 'asc' },
        ],
      });
    });
    expect(post).toEqual(duck);
    expect(post).toHaveLength(3);
  });
});
