/**
 * The conformance suite every storage engine runs (kysely/hono style): one set of behaviours, one call per engine.
 * @example describeEngine('duckdb', () => openDuckDbEngine({ path: freshFile() }));
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MeshError } from '../../src/core/errors.ts';
import type { CompareOp, Filter, FilterFunction, Operand } from '../../src/core/filter/ast.ts';
import type { Scalar } from '../../src/core/schema.ts';
import type { Engine, Row, TableColumn, TableSpec } from '../../src/engine/engine.ts';

const INJECTION = "'); DROP TABLE conformance_orders; --";

const ORDERS: TableSpec = {
  name: 'conformance_orders',
  columns: [
    { name: 'id', type: 'string', notNull: true },
    { name: 'qty', type: 'integer', notNull: true },
    { name: 'price', type: 'number', notNull: true },
    { name: 'paid', type: 'boolean', notNull: true },
    { name: 'ordered_on', type: 'date', notNull: true },
    { name: 'shipped_at', type: 'timestamp', notNull: false },
    { name: 'region', type: 'string', notNull: false },
    { name: 'note', type: 'string', notNull: false },
  ],
  primaryKey: ['id'],
  indexes: [['region'], ['ordered_on', 'qty']],
};

/** A table keyed on a date and a string, so key matching works across types. */
const READINGS: TableSpec = {
  name: 'conformance_readings',
  columns: [
    { name: 'station', type: 'string', notNull: true },
    { name: 'day', type: 'date', notNull: true },
    { name: 'value', type: 'number', notNull: false },
  ],
  primaryKey: ['station', 'day'],
  indexes: [],
};

const column = (spec: TableSpec, name: string): TableColumn => {
  const found = spec.columns.find((c) => c.name === name);
  if (!found) throw new Error(`test table ${spec.name} has no column ${name}`);
  return found;
};
const col = (name: string): TableColumn => column(ORDERS, name);

/** The stored rows as they must read back: dates and timestamps as text, integers as numbers. */
const EXPECTED: readonly Row[] = [
  {
    id: 'A1',
    qty: 1,
    price: 10.5,
    paid: true,
    ordered_on: '2025-01-15',
    shipped_at: '2025-01-16 09:30:00',
    region: 'Europe',
    note: '50% off',
  },
  {
    id: 'A2',
    qty: 2,
    price: 20,
    paid: false,
    ordered_on: '2025-02-20',
    shipped_at: null,
    region: 'Asia',
    note: 'under_score',
  },
  {
    id: 'A3',
    qty: 3,
    price: 30.25,
    paid: true,
    ordered_on: '2025-02-28',
    shipped_at: '2025-03-01 00:00:00.25',
    region: 'Europe',
    note: null,
  },
  {
    id: 'B1',
    qty: 10,
    price: 5,
    paid: true,
    ordered_on: '2024-12-31',
    shipped_at: '2025-01-02 23:59:59',
    region: 'North America',
    note: 'back\\slash',
  },
  {
    id: 'B2',
    qty: 0,
    price: 0.5,
    paid: false,
    ordered_on: '2025-03-05',
    shipped_at: null,
    region: null,
    note: 'underXscore',
  },
  {
    id: 'C1',
    qty: 7,
    price: 99.99,
    paid: true,
    ordered_on: '2025-02-01',
    shipped_at: '2025-02-03 12:00:00',
    region: 'europe',
    note: 'Mixed CASE',
  },
];

const toValues = (row: Row): Scalar[] => ORDERS.columns.map((c) => row[c.name] ?? null);

const field = (name: string): Operand => ({ kind: 'field', field: name });
const call = (fn: FilterFunction, name: string): Operand => ({ kind: 'call', fn, field: name });
const cmp = (left: Operand | string, op: CompareOp, value: Scalar): Filter => ({
  kind: 'compare',
  left: typeof left === 'string' ? field(left) : left,
  op,
  value,
});
const like = (name: string, pattern: string, options: { ci?: boolean; not?: boolean } = {}): Filter => ({
  kind: 'like',
  left: field(name),
  pattern,
  caseInsensitive: options.ci === true,
  negated: options.not === true,
});

/**
 * Runs the engine conformance suite against `openEngine`, which must return a fresh, empty store on each call.
 * Each test opens its own engine and closes it afterwards.
 */
export function describeEngine(name: string, openEngine: () => Promise<Engine>): void {
  describe(`engine conformance: ${name}`, () => {
    let engine: Engine;

    beforeEach(async () => {
      engine = await openEngine();
    });
    afterEach(async () => {
      await engine.close();
    });

    const seed = async (): Promise<void> => {
      await engine.createTable(ORDERS);
      const result = await engine.insertRows(ORDERS, EXPECTED.map(toValues));
      expect(result).toEqual({ inserted: EXPECTED.length, duplicateIndexes: [] });
    };

    /** Ids of the rows matching a filter, in id order. */
    const ids = async (where: Filter): Promise<string[]> => {
      const rows = await engine.select(ORDERS.name, {
        columns: [col('id')],
        where,
        orderBy: [{ column: 'id', direction: 'asc' }],
      });
      return rows.map((r) => String(r.id));
    };

    describe('tables', () => {
      it('creates a table from a spec with all six field types and drops it again', async () => {
        expect(await engine.tableExists(ORDERS.name)).toBe(false);
        await engine.createTable(ORDERS);
        expect(await engine.tableExists(ORDERS.name)).toBe(true);
        await engine.createTable(ORDERS);
        expect(await engine.tableExists(ORDERS.name)).toBe(true);
        await engine.dropTable(ORDERS.name);
        expect(await engine.tableExists(ORDERS.name)).toBe(false);
      });

      it('creates the declared indexes under the platform index names', async () => {
        await engine.createTable(ORDERS);
        // Creating an index whose name is taken fails in every SQL engine, which proves the index exists.
        for (const name of ['conformance_orders__ix_region', 'conformance_orders__ix_ordered_on_qty']) {
          await expect(
            engine.execute(`CREATE INDEX "${name}" ON conformance_orders (price)`),
          ).rejects.toThrow(/already exists/i);
        }
        await expect(
          engine.execute('CREATE INDEX "conformance_fresh" ON conformance_orders (price)'),
        ).resolves.toBeTypeOf('number');
      });

      it('refuses to select from a table that does not exist with not_found', async () => {
        const error = await engine
          .select('conformance_missing', { columns: [col('id')] })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MeshError);
        expect((error as MeshError).code).toBe('not_found');
      });
    });

    describe('values', () => {
      it('reads back every type: dates and timestamps as text, integers as JS numbers', async () => {
        await seed();
        const rows = await engine.select(ORDERS.name, {
          columns: ORDERS.columns,
          orderBy: [{ column: 'id', direction: 'asc' }],
        });
        expect(rows).toEqual(EXPECTED);
        const first = rows[0] as Row;
        expect(typeof first.qty).toBe('number');
        expect(typeof first.paid).toBe('boolean');
        expect(first.ordered_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(first.shipped_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      });

      it('reads back extreme values exactly', async () => {
        const extremes = [
          {
            ...(EXPECTED[0] as Row),
            id: 'E1',
            qty: Number.MAX_SAFE_INTEGER,
            price: 1e-300,
            note: '😀 naïve 中文',
          },
          {
            ...(EXPECTED[0] as Row),
            id: 'E2',
            qty: -Number.MAX_SAFE_INTEGER,
            price: -1.7976931348623157e308,
            ordered_on: '0001-01-01',
            shipped_at: '9999-12-31 23:59:59.999999',
            note: '',
          },
          {
            ...(EXPECTED[0] as Row),
            id: 'E3',
            qty: 0,
            price: 0.1 + 0.2,
            ordered_on: '2024-02-29',
            shipped_at: '2024-02-29 12:34:56.000001',
          },
        ];
        await engine.createTable(ORDERS);
        await engine.insertRows(ORDERS, extremes.map(toValues));
        const rows = await engine.select(ORDERS.name, {
          columns: ORDERS.columns,
          orderBy: [{ column: 'id', direction: 'asc' }],
        });
        expect(rows).toEqual(extremes);
        expect(await ids(cmp('qty', 'eq', Number.MAX_SAFE_INTEGER))).toEqual(['E1']);
      });

      it('compares a number column with whole numbers beyond the int64 range (plain doubles) instead of failing to bind them', async () => {
        await seed();
        const all = await ids(cmp('price', 'lt', Number.MAX_VALUE));
        expect(all.length).toBeGreaterThan(0);
        for (const value of [-9223372036854778000, -1e300])
          expect(await ids(cmp('price', 'lt', value)), `price < ${value}`).toEqual([]);
        for (const value of [9223372036854778000, 1e300, 2 ** 64])
          expect(await ids(cmp('price', 'lt', value)), `price < ${value}`).toEqual(all);
        expect(await engine.query('SELECT $1 > 0 AS big', [1e300])).toEqual([{ big: true }]);
      });

      it('writes a large batch exactly: every type, long and short and non-ASCII text, nulls in some stretches', async () => {
        // 5,000 rows span several of DuckDB's 2,048-row chunks; nulls appear only in the second thousand rows, so
        // a chunk with nulls is followed by chunks without them.
        // Text holding NUL only where the engine can store it (see the next test for the others).
        const nul = engine.capabilities.nulInText;
        const texts = [
          '',
          'a',
          'twelve bytes',
          'thirteen byte',
          'ünïcødé',
          nul ? 'a\u0000b' : 'a\u0001b',
          '中文字符串',
          'x'.repeat(300),
          `a longer text with a ${nul ? '\u0000' : '\u007f'} inside`,
        ];
        const expected: Row[] = [];
        for (let i = 0; i < 5000; i++) {
          const withNulls = i >= 1000 && i < 2000 && i % 3 === 0;
          expected.push({
            id: `R${String(i).padStart(5, '0')}`,
            qty: i % 2 === 0 ? i * 1_000_003 : -i,
            price: i / 7,
            paid: i % 5 === 0,
            ordered_on: `20${String(10 + (i % 15))}-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`,
            shipped_at: withNulls
              ? null
              : `2025-03-0${1 + (i % 9)} 0${i % 10}:15:30.${String(i * 10 + 1).padStart(6, '0')}`,
            region: withNulls ? null : (texts[i % texts.length] as string),
            note: withNulls ? null : `${texts[(i + 3) % texts.length]}-${i}`,
          });
        }
        await engine.createTable(ORDERS);
        expect(await engine.insertRows(ORDERS, expected.map(toValues))).toEqual({
          inserted: expected.length,
          duplicateIndexes: [],
        });
        const rows = await engine.select(ORDERS.name, {
          columns: ORDERS.columns,
          orderBy: [{ column: 'id', direction: 'asc' }],
        });
        expect(rows).toEqual(expected);
        const nulls = expected.filter((r) => r.note === null).length;
        expect(nulls).toBeGreaterThan(300);
        expect(await engine.count(ORDERS.name, { kind: 'null', left: field('note'), isNull: true })).toBe(
          nulls,
        );
      });

      it('stores text holding NUL when the engine can, and otherwise refuses the batch with invalid_input', async () => {
        await engine.createTable(ORDERS);
        const row = toValues({ ...(EXPECTED[0] as Row), note: 'a\u0000b' });
        if (engine.capabilities.nulInText) {
          await engine.insertRows(ORDERS, [row]);
          expect(await engine.select(ORDERS.name, { columns: [col('note')] })).toEqual([
            { note: 'a\u0000b' },
          ]);
          return;
        }
        const error = await engine
          .insertRows(ORDERS, [toValues(EXPECTED[1] as Row), row])
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MeshError);
        expect((error as MeshError).code).toBe('invalid_input');
        expect((error as MeshError).message).toMatch(/NUL/);
        expect(await engine.count(ORDERS.name)).toBe(0);
      });

      it('returns only the requested columns, in the requested order', async () => {
        await seed();
        const rows = await engine.select(ORDERS.name, {
          columns: [col('region'), col('id')],
          where: cmp('id', 'eq', 'A1'),
        });
        expect(rows).toEqual([{ region: 'Europe', id: 'A1' }]);
        expect(Object.keys(rows[0] as Row)).toEqual(['region', 'id']);
      });

      it('inserts nothing and reports nothing for an empty batch', async () => {
        await engine.createTable(ORDERS);
        expect(await engine.insertRows(ORDERS, [])).toEqual({ inserted: 0, duplicateIndexes: [] });
        expect(await engine.count(ORDERS.name)).toBe(0);
      });
    });

    describe('primary keys', () => {
      it('skips rows whose key is already stored, reports their indexes and inserts the rest', async () => {
        await seed();
        const again = { ...(EXPECTED[1] as Row), price: 999 };
        const fresh = { ...(EXPECTED[0] as Row), id: 'D1' };
        const result = await engine.insertRows(ORDERS, [toValues(fresh), toValues(again)]);
        expect(result).toEqual({ inserted: 1, duplicateIndexes: [1] });
        expect(await engine.count(ORDERS.name)).toBe(EXPECTED.length + 1);
        const stored = await engine.select(ORDERS.name, {
          columns: [col('price')],
          where: cmp('id', 'eq', 'A2'),
        });
        expect(stored).toEqual([{ price: 20 }]);
      });

      it('with assumeNew, fails the whole call with conflict on a stored or repeated key and keeps nothing of it', async () => {
        await seed();
        const fresh = (id: string) => toValues({ ...(EXPECTED[0] as Row), id });
        for (const rows of [
          [fresh('N1'), toValues(EXPECTED[1] as Row)],
          [fresh('N2'), fresh('N2')],
        ]) {
          const error = await engine
            .transaction((tx) => tx.insertRows(ORDERS, rows, { assumeNew: true }))
            .then(
              () => undefined,
              (e: unknown) => e,
            );
          expect(error).toBeInstanceOf(MeshError);
          expect((error as MeshError).code).toBe('conflict');
        }
        expect(await engine.count(ORDERS.name)).toBe(EXPECTED.length);
        expect(await engine.insertRows(ORDERS, [fresh('N3')], { assumeNew: true })).toEqual({
          inserted: 1,
          duplicateIndexes: [],
        });
        expect(await engine.count(ORDERS.name)).toBe(EXPECTED.length + 1);
      });

      it('matches composite keys that include a date column', async () => {
        await engine.createTable(READINGS);
        await engine.insertRows(READINGS, [
          ['north', '2025-01-01', 1.5],
          ['north', '2025-01-02', 2.5],
        ]);
        const result = await engine.insertRows(READINGS, [
          ['north', '2025-01-02', 9],
          ['south', '2025-01-02', 3],
          ['north', '2025-01-03', null],
        ]);
        expect(result).toEqual({ inserted: 2, duplicateIndexes: [0] });
        const rows = await engine.select(READINGS.name, {
          columns: READINGS.columns,
          orderBy: [
            { column: 'station', direction: 'asc' },
            { column: 'day', direction: 'asc' },
          ],
        });
        expect(rows).toEqual([
          { station: 'north', day: '2025-01-01', value: 1.5 },
          { station: 'north', day: '2025-01-02', value: 2.5 },
          { station: 'north', day: '2025-01-03', value: null },
          { station: 'south', day: '2025-01-02', value: 3 },
        ]);
      });
      it('writes each value to its column when a later column sits in the middle of the spec', async () => {
        await engine.createTable(READINGS);
        await engine.insertRows(READINGS, [['north', '2025-01-01', 1.5]]);
        const note: TableColumn = { name: 'note', type: 'string', notNull: false };
        await engine.addColumn(READINGS.name, note);
        // The new column is stored last, but a spec may list it anywhere.
        const widened: TableSpec = {
          ...READINGS,
          columns: [READINGS.columns[0] as TableColumn, note, ...READINGS.columns.slice(1)],
        };
        const result = await engine.insertRows(widened, [
          ['north', 'late', '2025-01-02', 2.5],
          ['north', null, '2025-01-01', 9],
        ]);
        expect(result).toEqual({ inserted: 1, duplicateIndexes: [1] });
        const rows = await engine.select(READINGS.name, {
          columns: widened.columns,
          orderBy: [{ column: 'day', direction: 'asc' }],
        });
        expect(rows).toEqual([
          { station: 'north', note: null, day: '2025-01-01', value: 1.5 },
          { station: 'north', note: 'late', day: '2025-01-02', value: 2.5 },
        ]);
      });
    });

    describe('filters', () => {
      beforeEach(seed);

      it.each([
        ['eq on text', cmp('region', 'eq', 'Europe'), ['A1', 'A3']],
        ['ne on text (nulls never match)', cmp('region', 'ne', 'Europe'), ['A2', 'B1', 'C1']],
        ['gt on an integer', cmp('qty', 'gt', 3), ['B1', 'C1']],
        ['gte on an integer', cmp('qty', 'gte', 3), ['A3', 'B1', 'C1']],
        ['lt on a number', cmp('price', 'lt', 10.5), ['B1', 'B2']],
        ['lte on a number', cmp('price', 'lte', 10.5), ['A1', 'B1', 'B2']],
        ['eq on a boolean', cmp('paid', 'eq', false), ['A2', 'B2']],
        ['gte on a date', cmp('ordered_on', 'gte', '2025-02-20'), ['A2', 'A3', 'B2']],
        ['lt on a date', cmp('ordered_on', 'lt', '2025-01-15'), ['B1']],
        ['gt on a timestamp', cmp('shipped_at', 'gt', '2025-02-03 12:00:00'), ['A3']],
        ['eq on a timestamp with a fraction', cmp('shipped_at', 'eq', '2025-03-01 00:00:00.25'), ['A3']],
      ] as const)('selects with a comparison: %s', async (_label, where, expected) => {
        expect(await ids(where)).toEqual(expected);
      });

      it('selects with in and not in lists', async () => {
        expect(await ids({ kind: 'in', left: field('qty'), values: [0, 2, 7], negated: false })).toEqual([
          'A2',
          'B2',
          'C1',
        ]);
        expect(
          await ids({ kind: 'in', left: field('region'), values: ['Europe', 'Asia'], negated: true }),
        ).toEqual(['B1', 'C1']);
        expect(
          await ids({
            kind: 'in',
            left: field('ordered_on'),
            values: ['2024-12-31', '2025-03-05'],
            negated: false,
          }),
        ).toEqual(['B1', 'B2']);
      });

      it('treats an empty in list as matching nothing and an empty not in list as matching everything', async () => {
        expect(await ids({ kind: 'in', left: field('id'), values: [], negated: false })).toEqual([]);
        expect(await ids({ kind: 'in', left: field('id'), values: [], negated: true })).toHaveLength(
          EXPECTED.length,
        );
      });

      it('selects with like, where % and _ are wildcards', async () => {
        expect(await ids(like('note', 'under_score'))).toEqual(['A2', 'B2']);
        expect(await ids(like('region', '%rope'))).toEqual(['A1', 'A3', 'C1']);
        expect(await ids(like('region', 'Eu%'))).toEqual(['A1', 'A3']);
      });

      it('reads a backslash in a like pattern as the escape character', async () => {
        expect(await ids(like('note', 'under\\_score'))).toEqual(['A2']);
        expect(await ids(like('note', '%\\%%'))).toEqual(['A1']);
        expect(await ids(like('note', 'back\\\\slash'))).toEqual(['B1']);
      });

      it('selects with ilike ignoring case, and with not like', async () => {
        expect(await ids(like('note', 'mixed%', { ci: true }))).toEqual(['C1']);
        expect(await ids(like('note', 'mixed%'))).toEqual([]);
        expect(await ids(like('region', 'EUROPE', { ci: true }))).toEqual(['A1', 'A3', 'C1']);
        expect(await ids(like('note', 'under%', { not: true }))).toEqual(['A1', 'B1', 'C1']);
      });

      it('selects with null checks', async () => {
        expect(await ids({ kind: 'null', left: field('region'), isNull: true })).toEqual(['B2']);
        expect(await ids({ kind: 'null', left: field('shipped_at'), isNull: false })).toEqual([
          'A1',
          'A3',
          'B1',
          'C1',
        ]);
        expect(await ids(cmp('note', 'eq', null))).toEqual(['A3']);
        expect(await ids(cmp('note', 'ne', null))).toEqual(['A1', 'A2', 'B1', 'B2', 'C1']);
      });

      it('combines conditions with and, or and not', async () => {
        const europe = cmp('region', 'eq', 'Europe');
        const big = cmp('qty', 'gte', 3);
        expect(await ids({ kind: 'and', items: [europe, big] })).toEqual(['A3']);
        expect(await ids({ kind: 'or', items: [europe, big] })).toEqual(['A1', 'A3', 'B1', 'C1']);
        expect(await ids({ kind: 'not', item: europe })).toEqual(['A2', 'B1', 'C1']);
        expect(
          await ids({ kind: 'and', items: [{ kind: 'or', items: [europe, cmp('paid', 'eq', false)] }, big] }),
        ).toEqual(['A3']);
      });

      it('treats an empty and as everything and an empty or as nothing', async () => {
        expect(await ids({ kind: 'and', items: [] })).toHaveLength(EXPECTED.length);
        expect(await ids({ kind: 'or', items: [] })).toEqual([]);
      });

      it.each([
        ['year() of a date', cmp(call('year', 'ordered_on'), 'eq', 2024), ['B1']],
        ['month() of a date', cmp(call('month', 'ordered_on'), 'eq', 2), ['A2', 'A3', 'C1']],
        ['day() of a timestamp', cmp(call('day', 'shipped_at'), 'eq', 1), ['A3']],
        ['year() of a timestamp', cmp(call('year', 'shipped_at'), 'eq', 2025), ['A1', 'A3', 'B1', 'C1']],
        ['lower() of text', cmp(call('lower', 'region'), 'eq', 'europe'), ['A1', 'A3', 'C1']],
        ['upper() of text', cmp(call('upper', 'region'), 'eq', 'EUROPE'), ['A1', 'A3', 'C1']],
        ['length() of text', cmp(call('length', 'region'), 'eq', 4), ['A2']],
        ['length() with a comparison', cmp(call('length', 'note'), 'gt', 10), ['A2', 'B2']],
      ] as const)('selects with a function operand: %s', async (_label, where, expected) => {
        expect(await ids(where)).toEqual(expected);
      });

      it('applies function operands inside in, like and null checks', async () => {
        expect(
          await ids({ kind: 'in', left: call('month', 'ordered_on'), values: [1, 3], negated: false }),
        ).toEqual(['A1', 'B2']);
        expect(
          await ids({
            kind: 'like',
            left: call('lower', 'note'),
            pattern: 'mixed%',
            caseInsensitive: false,
            negated: false,
          }),
        ).toEqual(['C1']);
        expect(await ids({ kind: 'null', left: call('upper', 'region'), isNull: true })).toEqual(['B2']);
      });
    });

    describe('ordering and paging', () => {
      beforeEach(seed);

      const idsBy = async (spec: Omit<Parameters<Engine['select']>[1], 'columns'>): Promise<string[]> =>
        (await engine.select(ORDERS.name, { columns: [col('id')], ...spec })).map((r) => String(r.id));

      it('orders by one column in either direction', async () => {
        expect(await idsBy({ orderBy: [{ column: 'price', direction: 'desc' }] })).toEqual([
          'C1',
          'A3',
          'A2',
          'A1',
          'B1',
          'B2',
        ]);
        expect(await idsBy({ orderBy: [{ column: 'ordered_on', direction: 'asc' }] })).toEqual([
          'B1',
          'A1',
          'C1',
          'A2',
          'A3',
          'B2',
        ]);
      });

      it('orders by several columns and puts nulls last in both directions', async () => {
        // C1's lower-case 'europe' is left out: where it sorts depends on the engine's collation.
        expect(
          await idsBy({
            where: { kind: 'not', item: cmp('id', 'eq', 'C1') },
            orderBy: [
              { column: 'region', direction: 'asc' },
              { column: 'id', direction: 'desc' },
            ],
          }),
        ).toEqual(['A2', 'A3', 'A1', 'B1', 'B2']);
        expect(
          await idsBy({ orderBy: [{ column: 'shipped_at', direction: 'desc' }] }).then((r) =>
            r.slice(-2).sort(),
          ),
        ).toEqual(['A2', 'B2']);
        expect(
          await idsBy({ orderBy: [{ column: 'shipped_at', direction: 'asc' }] }).then((r) =>
            r.slice(-2).sort(),
          ),
        ).toEqual(['A2', 'B2']);
      });

      it('applies limit and offset after ordering', async () => {
        const order = [{ column: 'id', direction: 'asc' }] as const;
        expect(await idsBy({ orderBy: order, limit: 2 })).toEqual(['A1', 'A2']);
        expect(await idsBy({ orderBy: order, limit: 2, offset: 2 })).toEqual(['A3', 'B1']);
        expect(await idsBy({ orderBy: order, offset: 4 })).toEqual(['B2', 'C1']);
        expect(await idsBy({ orderBy: order, limit: 0 })).toEqual([]);
        expect(await idsBy({ orderBy: order, limit: 5, offset: 10 })).toEqual([]);
      });

      it('reads the rows strictly after a keyset position, ascending and descending', async () => {
        const asc = [
          { column: 'paid', direction: 'asc' },
          { column: 'id', direction: 'asc' },
        ] as const;
        expect(await idsBy({ orderBy: asc })).toEqual(['A2', 'B2', 'A1', 'A3', 'B1', 'C1']);
        expect(await idsBy({ orderBy: asc, after: [false, 'B2'] })).toEqual(['A1', 'A3', 'B1', 'C1']);
        expect(await idsBy({ orderBy: asc, after: [true, 'A1'], limit: 2 })).toEqual(['A3', 'B1']);
        const desc = [
          { column: 'ordered_on', direction: 'desc' },
          { column: 'id', direction: 'desc' },
        ] as const;
        expect(await idsBy({ orderBy: desc, after: ['2025-02-20', 'A2'] })).toEqual(['C1', 'A1', 'B1']);
      });

      it('combines a keyset position with a filter', async () => {
        expect(
          await idsBy({
            where: cmp('paid', 'eq', true),
            orderBy: [{ column: 'id', direction: 'asc' }],
            after: ['A3'],
          }),
        ).toEqual(['B1', 'C1']);
      });
    });

    describe('count, update and delete', () => {
      beforeEach(seed);

      it('counts every row, or the rows matching a filter', async () => {
        expect(await engine.count(ORDERS.name)).toBe(EXPECTED.length);
        expect(await engine.count(ORDERS.name, cmp('region', 'eq', 'Europe'))).toBe(2);
        expect(await engine.count(ORDERS.name, cmp('region', 'eq', 'Antarctica'))).toBe(0);
      });

      it('counts all rows and the rows matching each filter in one call, an empty filter matching everything', async () => {
        const { total, counts } = await engine.countEach(ORDERS.name, [
          cmp('region', 'eq', 'Europe'),
          cmp('region', 'eq', 'Antarctica'),
          { kind: 'and', items: [] },
        ]);
        expect(total).toBe(EXPECTED.length);
        expect(counts).toEqual([2, 0, EXPECTED.length]);
        expect(await engine.countEach(ORDERS.name, [])).toEqual({ total: EXPECTED.length, counts: [] });
      });

      it('updates the matching rows, returns how many changed and leaves the others alone', async () => {
        const changed = await engine.update(ORDERS.name, cmp('region', 'eq', 'Europe'), [
          { column: col('qty'), value: 42 },
          { column: col('ordered_on'), value: '2026-06-30' },
          { column: col('shipped_at'), value: null },
          { column: col('paid'), value: false },
        ]);
        expect(changed).toBe(2);
        const rows = await engine.select(ORDERS.name, {
          columns: [col('id'), col('qty'), col('ordered_on'), col('shipped_at'), col('paid')],
          orderBy: [{ column: 'id', direction: 'asc' }],
          limit: 4,
        });
        expect(rows).toEqual([
          { id: 'A1', qty: 42, ordered_on: '2026-06-30', shipped_at: null, paid: false },
          { id: 'A2', qty: 2, ordered_on: '2025-02-20', shipped_at: null, paid: false },
          { id: 'A3', qty: 42, ordered_on: '2026-06-30', shipped_at: null, paid: false },
          { id: 'B1', qty: 10, ordered_on: '2024-12-31', shipped_at: '2025-01-02 23:59:59', paid: true },
        ]);
      });

      it('updates an indexed column', async () => {
        expect(
          await engine.update(ORDERS.name, cmp('id', 'eq', 'A2'), [
            { column: col('region'), value: 'Oceania' },
          ]),
        ).toBe(1);
        expect(await ids(cmp('region', 'eq', 'Oceania'))).toEqual(['A2']);
        expect(await ids(cmp('region', 'eq', 'Asia'))).toEqual([]);
      });

      it('returns 0 when an update or delete matches nothing', async () => {
        const nothing = cmp('id', 'eq', 'Z9');
        expect(await engine.update(ORDERS.name, nothing, [{ column: col('qty'), value: 1 }])).toBe(0);
        expect(await engine.delete(ORDERS.name, nothing)).toBe(0);
        expect(await engine.count(ORDERS.name)).toBe(EXPECTED.length);
      });

      it('deletes the matching rows and returns how many were deleted', async () => {
        expect(await engine.delete(ORDERS.name, cmp('paid', 'eq', false))).toBe(2);
        expect(await ids({ kind: 'and', items: [] })).toEqual(['A1', 'A3', 'B1', 'C1']);
      });
    });

    describe('aggregates', () => {
      beforeEach(seed);

      it('computes count, sum, avg, min, max and count_distinct per group, ordered by a measure', async () => {
        const rows = await engine.aggregate(ORDERS.name, {
          groupBy: [col('paid')],
          measures: [
            { fn: 'count', as: 'n' },
            { fn: 'sum', column: col('qty'), as: 'total_qty' },
            { fn: 'avg', column: col('price'), as: 'avg_price' },
            { fn: 'min', column: col('ordered_on'), as: 'first_day' },
            { fn: 'max', column: col('shipped_at'), as: 'last_ship' },
            { fn: 'count_distinct', column: col('region'), as: 'regions' },
            { fn: 'count', column: col('note'), as: 'notes' },
          ],
          orderBy: [{ column: 'n', direction: 'desc' }],
        });
        expect(rows).toEqual([
          {
            paid: true,
            n: 4,
            total_qty: 21,
            avg_price: expect.closeTo((10.5 + 30.25 + 5 + 99.99) / 4, 9),
            first_day: '2024-12-31',
            last_ship: '2025-03-01 00:00:00.25',
            regions: 3,
            notes: 3,
          },
          {
            paid: false,
            n: 2,
            total_qty: 2,
            avg_price: 10.25,
            first_day: '2025-02-20',
            last_ship: null,
            regions: 1,
            notes: 2,
          },
        ]);
        expect(typeof rows[0]?.n).toBe('number');
      });

      it('aggregates a filtered table without groups', async () => {
        const rows = await engine.aggregate(ORDERS.name, {
          groupBy: [],
          measures: [
            { fn: 'count', as: 'n' },
            { fn: 'max', column: col('qty'), as: 'most' },
            { fn: 'min', column: col('price'), as: 'cheapest' },
          ],
          where: cmp('region', 'eq', 'Europe'),
        });
        expect(rows).toEqual([{ n: 2, most: 3, cheapest: 10.5 }]);
      });

      it('groups by a text column, orders by the group and applies a limit', async () => {
        const rows = await engine.aggregate(ORDERS.name, {
          groupBy: [col('region')],
          measures: [{ fn: 'sum', column: col('price'), as: 'revenue' }],
          where: { kind: 'not', item: cmp('id', 'eq', 'C1') },
          orderBy: [{ column: 'region', direction: 'asc' }],
          limit: 3,
        });
        expect(rows).toEqual([
          { region: 'Asia', revenue: 20 },
          { region: 'Europe', revenue: 40.75 },
          { region: 'North America', revenue: 5 },
        ]);
      });
    });

    describe('transactions', () => {
      it('commits everything a transaction wrote and returns its result', async () => {
        await engine.createTable(ORDERS);
        const result = await engine.transaction(async (tx) => {
          await tx.insertRows(ORDERS, EXPECTED.slice(0, 2).map(toValues));
          await tx.update(ORDERS.name, cmp('id', 'eq', 'A1'), [{ column: col('qty'), value: 5 }]);
          return tx.count(ORDERS.name);
        });
        expect(result).toBe(2);
        expect(await engine.count(ORDERS.name, cmp('qty', 'eq', 5))).toBe(1);
      });

      it('rolls back every write when the transaction fails, and passes the error on', async () => {
        await seed();
        const boom = new Error('stop halfway');
        await expect(
          engine.transaction(async (tx) => {
            await tx.insertRows(ORDERS, [toValues({ ...(EXPECTED[0] as Row), id: 'X1' })]);
            await tx.delete(ORDERS.name, cmp('region', 'eq', 'Europe'));
            await tx.update(ORDERS.name, cmp('id', 'eq', 'B1'), [{ column: col('qty'), value: 0 }]);
            await tx.createTable(READINGS);
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(await ids({ kind: 'and', items: [] })).toEqual(EXPECTED.map((r) => r.id));
        expect(await engine.count(ORDERS.name, cmp('qty', 'eq', 10))).toBe(1);
        expect(await engine.tableExists(READINGS.name)).toBe(false);
      });

      it('rolls back when the engine itself fails inside the transaction', async () => {
        await seed();
        await expect(
          engine.transaction(async (tx) => {
            await tx.insertRows(ORDERS, [toValues({ ...(EXPECTED[0] as Row), id: 'X2' })]);
            await tx.execute('INSERT INTO conformance_orders (id) VALUES ($1)', ['X3']);
          }),
        ).rejects.toBeInstanceOf(MeshError);
        expect(await engine.count(ORDERS.name)).toBe(EXPECTED.length);
        expect(await engine.count(ORDERS.name, cmp('id', 'eq', 'X2'))).toBe(0);
      });

      it('keeps what an open transaction wrote to itself until it commits, while other operations go on', async () => {
        await seed();
        const open = await engine.begin();
        const added = await open.session.insertRows(ORDERS, [
          toValues({ ...(EXPECTED[0] as Row), id: 'O1' }),
        ]);
        expect(added).toEqual({ inserted: 1, duplicateIndexes: [] });
        expect(await open.session.count(ORDERS.name)).toBe(EXPECTED.length + 1);
        expect(await engine.count(ORDERS.name)).toBe(EXPECTED.length);
        await engine.update(ORDERS.name, cmp('id', 'eq', 'A1'), [{ column: col('qty'), value: 707 }]);
        await open.commit();
        expect(await ids(cmp('id', 'eq', 'O1'))).toEqual(['O1']);
        expect(await ids(cmp('qty', 'eq', 707))).toEqual(['A1']);
        await expect(open.commit()).rejects.toThrow(/already finished/);
      });

      it('drops everything an open transaction wrote when it is rolled back', async () => {
        await seed();
        const open = await engine.begin();
        await open.session.insertRows(ORDERS, [toValues({ ...(EXPECTED[0] as Row), id: 'R1' })]);
        await open.session.delete(ORDERS.name, cmp('region', 'eq', 'Europe'));
        await open.rollback();
        await open.rollback();
        expect(await ids({ kind: 'and', items: [] })).toEqual(EXPECTED.map((r) => r.id));
        // Its connection is reused by the next one.
        const next = await engine.begin();
        await next.session.insertRows(ORDERS, [toValues({ ...(EXPECTED[0] as Row), id: 'R2' })]);
        await next.commit();
        expect(await ids({ kind: 'in', left: field('id'), values: ['R1', 'R2'], negated: false })).toEqual([
          'R2',
        ]);
      });

      it('refuses, at its commit, the later of two open transactions that append the same key', async () => {
        await seed();
        const first = await engine.begin();
        const second = await engine.begin();
        await first.session.insertRows(ORDERS, [toValues({ ...(EXPECTED[0] as Row), id: 'K1', qty: 101 })], {
          assumeNew: true,
        });
        await second.session.insertRows(
          ORDERS,
          [
            toValues({ ...(EXPECTED[0] as Row), id: 'K2', qty: 202 }),
            toValues({ ...(EXPECTED[0] as Row), id: 'K1', qty: 202 }),
          ],
          { assumeNew: true },
        );
        await first.commit();
        const refused = await second.commit().catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(MeshError);
        expect((refused as MeshError).code).toBe('conflict');
        expect(await ids({ kind: 'in', left: field('id'), values: ['K1', 'K2'], negated: false })).toEqual([
          'K1',
        ]);
        expect(await engine.count(ORDERS.name, cmp('qty', 'eq', 202))).toBe(0);
      });

      it('stays usable after a rolled-back transaction', async () => {
        await seed();
        await expect(engine.transaction(() => Promise.reject(new Error('nope')))).rejects.toThrow('nope');
        await engine.insertRows(ORDERS, [toValues({ ...(EXPECTED[0] as Row), id: 'Y1' })]);
        expect(await engine.count(ORDERS.name)).toBe(EXPECTED.length + 1);
      });
    });

    describe('exports', () => {
      let dir: string;
      beforeEach(async () => {
        await seed();
        dir = mkdtempSync(join(tmpdir(), 'meshwork-export-'));
      });
      afterEach(() => {
        rmSync(dir, { recursive: true, force: true });
      });
      const lines = (path: string): string[] => readFileSync(path, 'utf8').trim().split('\n');

      it('writes every row to CSV with a header, dates and timestamps as text and nulls empty', async () => {
        const path = join(dir, 'orders.csv');
        const n = await engine.exportTo(
          ORDERS.name,
          { columns: ORDERS.columns, orderBy: [{ column: 'id', direction: 'asc' }] },
          path,
          'csv',
        );
        expect(n).toBe(EXPECTED.length);
        const [header, first, second] = lines(path);
        expect(header).toBe('id,qty,price,paid,ordered_on,shipped_at,region,note');
        expect(first).toBe('A1,1,10.5,true,2025-01-15,2025-01-16 09:30:00,Europe,50% off');
        expect(second).toBe('A2,2,20.0,false,2025-02-20,,Asia,under_score');
      });

      it('writes NDJSON, one object per row, with the filter, order and columns asked for', async () => {
        const path = join(dir, 'orders.ndjson');
        const n = await engine.exportTo(
          ORDERS.name,
          {
            columns: [col('id'), col('qty'), col('ordered_on'), col('shipped_at')],
            where: cmp('region', 'eq', 'Europe'),
            orderBy: [{ column: 'qty', direction: 'desc' }],
          },
          path,
          'ndjson',
        );
        expect(n).toBe(2);
        expect(lines(path).map((l) => JSON.parse(l) as unknown)).toEqual([
          { id: 'A3', qty: 3, ordered_on: '2025-02-28', shipped_at: '2025-03-01 00:00:00.25' },
          { id: 'A1', qty: 1, ordered_on: '2025-01-15', shipped_at: '2025-01-16 09:30:00' },
        ]);
      });

      it('writes masked columns as a fixed text or an HMAC-SHA256 prefix, byte for byte node:crypto’s, and keeps nulls null', async () => {
        const path = join(dir, 'masked.ndjson');
        const key = randomBytes(32);
        await engine.insertRows(ORDERS, [
          toValues({ ...(EXPECTED[0] as Row), id: 'Z9', note: '😀 naïve 中文' }),
        ]);
        await engine.exportTo(
          ORDERS.name,
          {
            columns: [col('id'), col('region'), col('note')],
            orderBy: [{ column: 'id', direction: 'asc' }],
            masks: new Map([
              ['region', { kind: 'replace', text: '***' }],
              ['note', { kind: 'hmac', key, length: 16 }],
            ]),
          },
          path,
          'ndjson',
        );
        const hmac = (text: string) =>
          createHmac('sha256', key).update(text, 'utf8').digest('hex').slice(0, 16);
        const written = lines(path).map(
          (l) => JSON.parse(l) as { id: string; region: unknown; note: unknown },
        );
        expect(written.slice(0, 2)).toEqual([
          { id: 'A1', region: '***', note: hmac('50% off') },
          { id: 'A2', region: '***', note: hmac('under_score') },
        ]);
        expect(written.find((r) => r.id === 'B2')).toEqual({
          id: 'B2',
          region: null,
          note: hmac('underXscore'),
        });
        expect(written.map((r) => r.note)).toContain(hmac('back\\slash'));
        expect(written.map((r) => r.note)).toContain(null);
        expect(written.find((r) => r.id === 'Z9')?.note).toBe(hmac('😀 naïve 中文'));
        expect(written[0]?.note).not.toBe(createHash('sha256').update('50% off').digest('hex').slice(0, 16));
      });

      it('prefixes a quote to formula-like text cells when asked, never to numbers', async () => {
        const path = join(dir, 'formulas.csv');
        await engine.insertRows(ORDERS, [
          toValues({ ...(EXPECTED[0] as Row), id: 'Z1', qty: -4, note: '=1+2' }),
          toValues({ ...(EXPECTED[0] as Row), id: 'Z2', qty: -5, note: '-3' }),
        ]);
        const spec = {
          columns: [col('id'), col('qty'), col('note')],
          where: { kind: 'in', left: field('id'), values: ['Z1', 'Z2', 'A1'], negated: false },
          orderBy: [{ column: 'id', direction: 'asc' }],
        } as const;
        await engine.exportTo(ORDERS.name, { ...spec, escapeFormulas: true }, path, 'csv');
        expect(lines(path)).toEqual(['id,qty,note', 'A1,1,50% off', "Z1,-4,'=1+2", "Z2,-5,'-3"]);
        await engine.exportTo(ORDERS.name, spec, path, 'csv');
        expect(lines(path)).toEqual(['id,qty,note', 'A1,1,50% off', 'Z1,-4,=1+2', 'Z2,-5,-3']);
      });

      it('writes a Parquet file when the engine can', async () => {
        if (!engine.capabilities.parquet) return;
        const path = join(dir, 'orders.parquet');
        expect(await engine.exportTo(ORDERS.name, { columns: ORDERS.columns }, path, 'parquet')).toBe(6);
        const bytes = readFileSync(path);
        expect(bytes.subarray(0, 4).toString('latin1')).toBe('PAR1');
        expect(bytes.subarray(-4).toString('latin1')).toBe('PAR1');
      });

      it('replaces an existing file and takes a file name with a quote in it verbatim', async () => {
        const path = join(dir, "o'brien.csv");
        writeFileSync(
          path,
          'old content that is longer than the export will be, to show it is replaced\n'.repeat(50),
        );
        await engine.exportTo(
          ORDERS.name,
          { columns: [col('id')], where: cmp('id', 'eq', INJECTION) },
          path,
          'csv',
        );
        expect(readFileSync(path, 'utf8').trim()).toBe('id');
        expect(await engine.count(ORDERS.name)).toBe(EXPECTED.length);
      });

      it('fails with a MeshError when the folder does not exist', async () => {
        const error = await engine
          .exportTo(ORDERS.name, { columns: [col('id')] }, join(dir, 'missing', 'x.csv'), 'csv')
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MeshError);
      });
    });

    describe('parameters', () => {
      beforeEach(seed);

      it('stores and reads back a value that looks like SQL verbatim', async () => {
        const row = { ...(EXPECTED[0] as Row), id: INJECTION, note: `${INJECTION}\\%_"` };
        expect(await engine.insertRows(ORDERS, [toValues(row)])).toEqual({
          inserted: 1,
          duplicateIndexes: [],
        });
        const read = await engine.select(ORDERS.name, {
          columns: ORDERS.columns,
          where: cmp('id', 'eq', INJECTION),
        });
        expect(read).toEqual([row]);
        expect(await engine.tableExists(ORDERS.name)).toBe(true);
      });

      it('binds filter values, list values, like patterns and changes as parameters', async () => {
        expect(await ids(cmp('region', 'eq', INJECTION))).toEqual([]);
        expect(
          await ids({ kind: 'in', left: field('region'), values: [INJECTION, 'Asia'], negated: false }),
        ).toEqual(['A2']);
        expect(await ids(like('note', `%${INJECTION}%`))).toEqual([]);
        expect(
          await engine.update(ORDERS.name, cmp('id', 'eq', 'A1'), [
            { column: col('note'), value: INJECTION },
          ]),
        ).toBe(1);
        expect(await ids(cmp('note', 'eq', INJECTION))).toEqual(['A1']);
        expect(await engine.count(ORDERS.name)).toBe(EXPECTED.length);
      });

      it('binds the $n parameters of platform statements and queries', async () => {
        expect(
          await engine.execute('UPDATE conformance_orders SET note = $1 WHERE id = $2', [INJECTION, 'B2']),
        ).toBe(1);
        expect(
          await engine.query('SELECT id, note FROM conformance_orders WHERE note = $1', [INJECTION]),
        ).toEqual([{ id: 'B2', note: INJECTION }]);
        expect(await engine.count(ORDERS.name)).toBe(EXPECTED.length);
      });
    });
  });
}
