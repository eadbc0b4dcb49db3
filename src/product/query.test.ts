import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExampleMesh, openExampleMesh } from '../../test/support/example-mesh.ts';
import { MeshError } from '../core/errors.ts';
import type { FilterInput } from '../core/filter/to-filter.ts';
import type { DataProduct } from './data-product.ts';
import type { QueryOptions } from './query-options.ts';

const INJECTION = "Europe'); DROP TABLE data_sales__transactions__v1; --";

const errorOf = async (promise: Promise<unknown>): Promise<MeshError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MeshError);
  return error as MeshError;
};

describe('query', () => {
  let em: ExampleMesh;
  beforeEach(async () => {
    em = await openExampleMesh();
  });
  afterEach(async () => {
    await em.cleanup();
  });

  /** The keys of the matching records, sorted. */
  const sales = async (filter?: FilterInput): Promise<string[]> =>
    (await em.sales.query(filter, { columns: ['transaction_id'] })).rows
      .map((r) => String(r.transaction_id))
      .sort();
  const customers = async (filter?: FilterInput): Promise<string[]> =>
    (await em.customers.query(filter, { columns: ['customer_id'] })).rows
      .map((r) => String(r.customer_id))
      .sort();

  describe('filters', () => {
    it('finds records by an equality object filter', async () => {
      expect(await sales({ region: 'Europe' })).toEqual(['TXN002', 'TXN005']);
      expect(await customers({ tier: 'gold' })).toEqual(['CUST001', 'CUST004']);
    });

    it('returns every record without a filter', async () => {
      expect(await sales()).toHaveLength(6);
      expect(await sales({})).toHaveLength(6);
      expect(await sales('')).toHaveLength(6);
    });

    it.each([
      [{ amount: { gt: 150 } }, ['TXN002', 'TXN003']],
      [{ amount: { gte: 150 } }, ['TXN001', 'TXN002', 'TXN003']],
      [{ amount: { lt: 75 } }, ['TXN004']],
      [{ amount: { lte: 75 } }, ['TXN004', 'TXN006']],
      [{ region: { ne: 'North America' } }, ['TXN002', 'TXN004', 'TXN005']],
      [{ amount: { gt: 100, lt: 250 } }, ['TXN001', 'TXN002', 'TXN005']],
      [{ date: { gte: '2025-10-03', lt: '2025-10-05' } }, ['TXN003', 'TXN004', 'TXN005']],
    ] as const)('compares with operators: %j', async (filter, expected) => {
      expect(await sales(filter)).toEqual(expected);
    });

    it('matches one of a list with an array, in and nin', async () => {
      expect(await sales({ region: ['Europe', 'Asia'] })).toEqual(['TXN002', 'TXN004', 'TXN005']);
      expect(await sales({ product_category: { in: ['Books', 'Apparel'] } })).toEqual([
        'TXN002',
        'TXN004',
        'TXN005',
      ]);
      expect(await sales({ region: { nin: ['North America'] } })).toEqual(['TXN002', 'TXN004', 'TXN005']);
    });

    it('matches text with like, ilike and contains', async () => {
      expect(await sales({ product_category: { like: 'Elec%' } })).toEqual(['TXN001', 'TXN003']);
      expect(await sales({ product_category: { like: 'elec%' } })).toEqual([]);
      expect(await sales({ region: { ilike: 'north%' } })).toEqual(['TXN001', 'TXN003', 'TXN006']);
      expect(await sales({ product_category: { contains: 'ook' } })).toEqual(['TXN002', 'TXN005']);
    });

    it('treats % and _ in contains as plain characters', async () => {
      await em.sales.ingest([
        { ...(await one(em.sales, 'TXN001')), transaction_id: 'P1', product_category: '100% Cotton' },
        { ...(await one(em.sales, 'TXN001')), transaction_id: 'P2', product_category: '1000 Cotton' },
      ]);
      expect(await sales({ product_category: { contains: '100%' } })).toEqual(['P1']);
      expect(await sales({ product_category: { like: '100%' } })).toEqual(['P1', 'P2']);
    });

    it('finds missing values with null checks', async () => {
      await em.customers.ingest({
        customer_id: 'CUST005',
        name: 'Rui Costa',
        email: 'rui.costa@example.com',
        registration_date: '2025-09-01',
        lifetime_value: 0,
        tier: 'bronze',
      });
      expect(await customers({ last_interaction: null })).toEqual(['CUST005']);
      expect(await customers({ last_interaction: { isNull: true } })).toEqual(['CUST005']);
      expect(await customers({ last_interaction: { isNull: false } })).toEqual([
        'CUST001',
        'CUST002',
        'CUST003',
        'CUST004',
      ]);
      expect(await customers('last_interaction is null')).toEqual(['CUST005']);
      expect(await customers("last_interaction is not null and tier = 'bronze'")).toEqual(['CUST003']);
    });

    it('combines conditions with $and, $or, $not and several keys', async () => {
      expect(await sales({ region: 'Europe', amount: { gt: 150 } })).toEqual(['TXN002']);
      expect(await sales({ $or: [{ region: 'Asia' }, { amount: { gte: 300 } }] })).toEqual([
        'TXN003',
        'TXN004',
      ]);
      expect(await sales({ $and: [{ region: 'North America' }, { amount: { lt: 100 } }] })).toEqual([
        'TXN006',
      ]);
      expect(await sales({ $not: { region: 'North America' } })).toEqual(['TXN002', 'TXN004', 'TXN005']);
    });

    it.each([
      ["amount > 100 and region = 'Europe'", ['TXN002', 'TXN005']],
      ["region = 'Asia' or amount >= 300", ['TXN003', 'TXN004']],
      ["not (region = 'North America')", ['TXN002', 'TXN004', 'TXN005']],
      ["region in ('Europe', 'Asia') and amount < 150", ['TXN004', 'TXN005']],
      ["product_category like 'Home%'", ['TXN006']],
      ['length(product_category) > 7', ['TXN001', 'TXN003', 'TXN006']],
      ["lower(region) = 'europe'", ['TXN002', 'TXN005']],
      ['day(date) = 3', ['TXN003', 'TXN004']],
    ])('reads a text expression: %s', async (expression, expected) => {
      expect(await sales(expression)).toEqual(expected);
    });

    it('reads date and timestamp functions and comparisons in expressions', async () => {
      expect(await customers('year(registration_date) = 2025')).toEqual(['CUST003']);
      expect(await customers('month(last_interaction) = 10 and day(last_interaction) = 7')).toEqual([
        'CUST001',
        'CUST004',
      ]);
      expect(await customers("upper(tier) = 'GOLD'")).toEqual(['CUST001', 'CUST004']);
      expect(await customers("last_interaction > '2025-10-07 10:30:00'")).toEqual(['CUST004']);
      expect(await customers({ last_interaction: { gte: new Date('2025-10-07T10:30:00Z') } })).toEqual([
        'CUST001',
        'CUST004',
      ]);
    });

    it('accepts a filter tree', async () => {
      expect(
        await sales({ kind: 'compare', left: { kind: 'field', field: 'amount' }, op: 'gt', value: 250 }),
      ).toEqual(['TXN003']);
    });

    it('counts the records matching a filter', async () => {
      expect(await em.sales.count()).toBe(6);
      expect(await em.sales.count({ region: 'North America' })).toBe(3);
      expect(await em.sales.count('amount > 1000')).toBe(0);
    });
  });

  describe('projection, ordering and paging', () => {
    const ids = async (options: QueryOptions, filter?: FilterInput): Promise<string[]> =>
      (await em.sales.query(filter, { ...options, columns: ['transaction_id'] })).rows.map((r) =>
        String(r.transaction_id),
      );

    it('returns only the requested fields, in the requested order', async () => {
      const { rows } = await em.sales.query(
        { transaction_id: 'TXN004' },
        { columns: ['amount', 'transaction_id'] },
      );
      expect(rows).toEqual([{ amount: 50.25, transaction_id: 'TXN004' }]);
      expect(Object.keys(rows[0] ?? {})).toEqual(['amount', 'transaction_id']);
    });

    it('orders by a field written in any of the accepted forms', async () => {
      const byAmountDesc = ['TXN003', 'TXN002', 'TXN001', 'TXN005', 'TXN006', 'TXN004'];
      expect(await ids({ orderBy: 'amount desc' })).toEqual(byAmountDesc);
      expect(await ids({ orderBy: '-amount' })).toEqual(byAmountDesc);
      expect(await ids({ orderBy: { field: 'amount', direction: 'desc' } })).toEqual(byAmountDesc);
      expect(await ids({ orderBy: 'amount' })).toEqual([...byAmountDesc].reverse());
    });

    it('orders by several fields', async () => {
      expect(await ids({ orderBy: ['region', 'amount desc'] })).toEqual([
        'TXN004',
        'TXN002',
        'TXN005',
        'TXN003',
        'TXN001',
        'TXN006',
      ]);
    });

    it('pages with limit and offset', async () => {
      expect(await ids({ orderBy: 'transaction_id', limit: 2 })).toEqual(['TXN001', 'TXN002']);
      expect(await ids({ orderBy: 'transaction_id', limit: 2, offset: 2 })).toEqual(['TXN003', 'TXN004']);
      expect(await ids({ orderBy: 'transaction_id', limit: 2, offset: 6 })).toEqual([]);
    });

    it('refuses a negative or fractional limit or offset', async () => {
      expect((await errorOf(em.sales.query(undefined, { limit: -1 }))).code).toBe('invalid_input');
      expect((await errorOf(em.sales.query(undefined, { limit: 1.5 }))).code).toBe('invalid_input');
      expect((await errorOf(em.sales.query(undefined, { offset: -3 }))).code).toBe('invalid_input');
    });

    describe('with a cursor', () => {
      beforeEach(async () => {
        const amounts = [10, 20, 20, 30, 30, 30, 40, 50, 50, 60, 70, 70, 70, 80, 90, 90, 100];
        await em.sales.ingest(
          amounts.map((amount, i) => ({
            transaction_id: `PG${String(i).padStart(2, '0')}`,
            product_id: 'PROD900',
            customer_id: `CUST9${i % 3}`,
            amount,
            date: '2025-10-09',
            product_category: 'Books',
            region: i % 2 === 0 ? 'Europe' : 'Asia',
          })),
        );
      });

      /** Reads every page and returns the pages' rows. */
      const pages = async (
        filter: FilterInput | undefined,
        options: QueryOptions,
      ): Promise<Record<string, unknown>[][]> => {
        const out: Record<string, unknown>[][] = [];
        let cursor: string | null = null;
        do {
          const page = await em.sales.query(filter, { ...options, ...(cursor === null ? {} : { cursor }) });
          out.push(page.rows);
          cursor = page.nextCursor;
          expect(out.length).toBeLessThan(50);
        } while (cursor !== null);
        return out;
      };

      it('reads every record exactly once across all pages, in order', async () => {
        const all = (
          await em.sales.query(undefined, { orderBy: ['amount desc', 'transaction_id desc'] })
        ).rows.map((r) => r.transaction_id);
        const read = await pages(undefined, { orderBy: 'amount desc', limit: 4 });
        expect(read.slice(0, -1).every((p) => p.length === 4)).toBe(true);
        const ids = read.flat().map((r) => r.transaction_id);
        expect(ids).toEqual(all);
        expect(new Set(ids).size).toBe(23);
      });

      it('pages with a filter and ends with a null cursor on a short last page', async () => {
        const read = await pages({ region: 'Europe' }, { orderBy: 'amount', limit: 5 });
        const ids = read.flat().map((r) => r.transaction_id);
        expect(ids).toHaveLength(await em.sales.count({ region: 'Europe' }));
        expect(new Set(ids).size).toBe(ids.length);
        expect(read.at(-1)?.length).toBeLessThan(5);
      });

      it('pages by key order when no order is given, and hides the key when it was not asked for', async () => {
        const read = await pages(undefined, { columns: ['amount'], limit: 10 });
        expect(read.map((p) => p.length)).toEqual([10, 10, 3]);
        for (const row of read.flat()) expect(Object.keys(row)).toEqual(['amount']);
        const amounts = read.flat().map((r) => r.amount);
        const expected = (
          await em.sales.query(undefined, { orderBy: 'transaction_id', columns: ['amount'] })
        ).rows.map((r) => r.amount);
        expect(amounts).toEqual(expected);
      });

      it('gives no cursor without a limit', async () => {
        expect((await em.sales.query(undefined, { orderBy: 'amount' })).nextCursor).toBeNull();
      });

      it('refuses a cursor made for another order', async () => {
        const { nextCursor } = await em.sales.query(undefined, { orderBy: 'amount', limit: 3 });
        const error = await errorOf(
          em.sales.query(undefined, { orderBy: 'date', limit: 3, cursor: String(nextCursor) }),
        );
        expect(error.code).toBe('invalid_input');
        expect(error.message).toMatch(/cursor is not valid for this query/);
      });

      it('refuses a cursor together with an offset', async () => {
        const { nextCursor } = await em.sales.query(undefined, { orderBy: 'amount', limit: 3 });
        const error = await errorOf(
          em.sales.query(undefined, { orderBy: 'amount', limit: 3, offset: 3, cursor: String(nextCursor) }),
        );
        expect(error.code).toBe('invalid_input');
      });

      it.each([
        ['garbage', 'not a cursor at all'],
        ['a value of the wrong type', { o: ['amount:asc', 'transaction_id:asc'], v: ['lots', 'PG01'] }],
        ['too few values', { o: ['amount:asc', 'transaction_id:asc'], v: [20] }],
        ['a null value', { o: ['amount:asc', 'transaction_id:asc'], v: [null, 'PG01'] }],
      ])('refuses a tampered cursor holding %s with invalid_input', async (_label, content) => {
        const cursor =
          typeof content === 'string' ? content : Buffer.from(JSON.stringify(content)).toString('base64url');
        const error = await errorOf(em.sales.query(undefined, { orderBy: 'amount', limit: 3, cursor }));
        expect(error.code).toBe('invalid_input');
      });

      it('refuses cursor paging over an optional field', async () => {
        const error = await errorOf(
          em.customers.query(undefined, { orderBy: 'last_interaction', limit: 2, cursor: 'anything' }),
        );
        expect(error.code).toBe('invalid_input');
        expect(error.message).toMatch(/required \(non-null\) order fields/);
      });
    });
  });

  describe('field names and values', () => {
    it('refuses an unknown field in a filter with invalid_input naming it and suggesting the right one', async () => {
      const error = await errorOf(em.sales.query({ regoin: 'Europe' }));
      expect(error.code).toBe('invalid_input');
      expect(error.message).toContain('"regoin"');
      expect(error.message).toContain('did you mean "region"');
      const fromText = await errorOf(em.sales.query("regoin = 'Europe'"));
      expect(fromText.code).toBe('invalid_input');
      expect(fromText.message).toContain('"regoin"');
    });

    it('refuses an unknown field in columns or orderBy with invalid_input naming it', async () => {
      const inColumns = await errorOf(em.sales.query(undefined, { columns: ['transaction_id', 'price'] }));
      expect(inColumns.code).toBe('invalid_input');
      expect(inColumns.message).toContain('"price"');
      const inOrder = await errorOf(em.sales.query(undefined, { orderBy: 'price desc' }));
      expect(inOrder.code).toBe('invalid_input');
      expect(inOrder.message).toContain('"price"');
    });

    it('stops a field name that carries SQL before it reaches the store', async () => {
      const field = 'region = region; DROP TABLE data_sales__transactions__v1; --';
      expect((await errorOf(em.sales.query({ [field]: 'x' }))).code).toBe('invalid_input');
      expect((await errorOf(em.sales.query(undefined, { orderBy: `amount; DROP TABLE x` }))).code).toBe(
        'invalid_input',
      );
      expect((await errorOf(em.sales.query(undefined, { columns: [field] }))).code).toBe('invalid_input');
      // Refused queries never ran, so none was logged (the count below is a read, logged as one).
      expect(await em.sales.accessLog({ operation: 'query' })).toHaveLength(0);
      expect(await em.sales.count()).toBe(6);
    });

    it('refuses a value of the wrong type for its field with invalid_input', async () => {
      expect((await errorOf(em.sales.query({ amount: 'lots' }))).code).toBe('invalid_input');
      expect((await errorOf(em.sales.query({ date: '2025-13-40' }))).code).toBe('invalid_input');
      expect((await errorOf(em.sales.query("amount > '100'"))).code).toBe('invalid_input');
      expect((await errorOf(em.sales.query({ region: { like: 5 } } as never))).code).toBe('invalid_input');
    });

    it('binds values as parameters, so text that looks like SQL is only ever data', async () => {
      expect(await sales({ region: INJECTION })).toEqual([]);
      const record = { ...(await one(em.sales, 'TXN002')), transaction_id: 'Q1', region: INJECTION };
      expect((await em.sales.ingest(record)).accepted).toBe(1);
      expect((await em.sales.query({ region: INJECTION })).rows).toEqual([record]);
      expect(await sales(`region = '${INJECTION.replaceAll("'", "''")}'`)).toEqual(['Q1']);
      expect(await sales({ region: { contains: "'); DROP" } })).toEqual(['Q1']);
      expect(await em.sales.count()).toBe(7);
    });
  });

  it('records each query in the access log with its filter, options and row count', async () => {
    await em.sales.query(
      { region: 'Europe' },
      { columns: ['transaction_id'], orderBy: 'amount desc', limit: 5 },
    );
    const [entry] = await em.sales.accessLog({ operation: 'query' });
    expect(entry?.rowsAffected).toBe(2);
    expect(entry?.parameters).toEqual({
      filter: "region = 'Europe'",
      columns: ['transaction_id'],
      orderBy: 'amount desc',
      limit: 5,
    });
  });
});

/** Reads one stored sale by key. */
async function one(product: DataProduct, id: string): Promise<Record<string, unknown>> {
  const { rows } = await product.query({ transaction_id: id });
  const [row] = rows;
  if (row === undefined) throw new Error(`sale ${id} is not stored`);
  return row;
}
