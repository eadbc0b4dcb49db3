import { mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTempDir,
  type ExampleMesh,
  exampleFile,
  exampleRecords,
  exampleSpec,
  openExampleMesh,
} from '../../test/support/example-mesh.ts';
import { TEST_ENGINE } from '../../test/support/test-store.ts';
import { MeshError } from '../core/errors.ts';
import { openDuckDbEngine } from '../engine/duckdb/duckdb-engine.ts';
import type { IngestProgress, RejectedRecord } from './ingest-result.ts';
import { Mesh } from './mesh.ts';

const sale = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  transaction_id: id,
  product_id: 'PROD900',
  customer_id: 'CUST900',
  amount: 10,
  date: '2025-10-09',
  product_category: 'Books',
  region: 'Europe',
  ...extra,
});

const customer = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  customer_id: id,
  name: 'Test Person',
  email: 'test.person@example.com',
  registration_date: '2025-01-01',
  lifetime_value: 0,
  tier: 'bronze',
  last_interaction: '2025-10-08 09:00:00',
  ...extra,
});

const idsOf = async (em: ExampleMesh): Promise<string[]> =>
  (await em.sales.query(undefined, { columns: ['transaction_id'], orderBy: 'transaction_id' })).rows.map(
    (r) => String(r.transaction_id),
  );

const codes = (r: RejectedRecord | undefined): string[] => (r?.issues ?? []).map((i) => i.code);

const errorOf = async (promise: Promise<unknown>): Promise<MeshError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MeshError);
  return error as MeshError;
};

const SAMPLE_IDS = ['TXN001', 'TXN002', 'TXN003', 'TXN004', 'TXN005', 'TXN006'];

describe('ingest', () => {
  let em: ExampleMesh;
  beforeEach(async () => {
    em = await openExampleMesh();
  });
  afterEach(async () => {
    await em.cleanup();
  });

  it('stores the sample sales and reads them back with the same values', async () => {
    const { rows } = await em.sales.query(undefined, { orderBy: 'transaction_id' });
    expect(rows).toEqual(exampleRecords('sales'));
  });

  it('stores one record passed on its own', async () => {
    const result = await em.sales.ingest(sale('N1'));
    expect(result).toEqual({
      total: 1,
      accepted: 1,
      rejected: [],
      rejectedCount: 0,
      batches: 1,
      skipped: 0,
      updated: 0,
      interrupted: false,
    });
    expect(await em.sales.count({ transaction_id: 'N1' })).toBe(1);
  });

  it('stores many records passed as an array', async () => {
    const result = await em.sales.ingest([sale('N1'), sale('N2'), sale('N3')]);
    expect(result.accepted).toBe(3);
    expect(result.total).toBe(3);
    expect(await em.sales.count()).toBe(9);
  });

  it('stores text holding U+0000 where the engine can, and otherwise rejects that record alone with its reason', async () => {
    const result = await em.sales.ingest([sale('N1'), { ...sale('N2'), region: 'Eu\u0000rope' }, sale('N3')]);
    if (TEST_ENGINE === 'duckdb') {
      expect(result.accepted).toBe(3);
      expect((await em.sales.query({ transaction_id: 'N2' })).rows[0]?.region).toBe('Eu\u0000rope');
      return;
    }
    expect(result.accepted).toBe(2);
    expect(result.rejected).toEqual([
      {
        index: 1,
        issues: [
          {
            path: [1, 'region'],
            code: 'nul_character',
            message: expect.stringContaining('region holds the NUL character (U+0000)'),
          },
        ],
      },
    ]);
    expect(await em.sales.count({ transaction_id: 'N3' })).toBe(1);
    expect(await em.sales.count({ transaction_id: 'N2' })).toBe(0);
  });

  it('rejects every bad record with its index and reasons while the valid ones in the same batch land', async () => {
    const result = await em.sales.ingest([
      sale('N1'),
      sale('N2', { amount: -50 }),
      sale('N3', { date: '2025-13-40' }),
      sale('N4'),
      sale('N4', { amount: 99 }),
      sale('TXN001'),
      sale('N5', { amount: '12.50' }),
      sale('N6', { discount: 5 }),
      (({ region: _dropped, ...rest }) => rest)(sale('N7')),
      sale('N8'),
    ]);
    expect(result.total).toBe(10);
    expect(result.accepted).toBe(3);
    expect(result.rejectedCount).toBe(7);
    expect(result.rejected.map((r) => r.index)).toEqual([1, 2, 4, 5, 6, 7, 8]);
    const byIndex = new Map(result.rejected.map((r) => [r.index, r]));

    expect(codes(byIndex.get(1))).toEqual(['minimum']);
    expect(byIndex.get(1)?.issues[0]?.path).toEqual([1, 'amount']);
    expect(byIndex.get(1)?.issues[0]?.message).toMatch(/amount must be greater than 0, got -50/);

    expect(codes(byIndex.get(2))).toEqual(['type']);
    expect(byIndex.get(2)?.issues[0]?.path).toEqual([2, 'date']);
    expect(byIndex.get(2)?.issues[0]?.message).toMatch(/date .*2025-13-40/);

    expect(codes(byIndex.get(4))).toEqual(['duplicate_key']);
    expect(byIndex.get(4)?.issues[0]?.message).toMatch(/N4 appears twice in the input \(first at record 3\)/);

    expect(codes(byIndex.get(5))).toEqual(['duplicate_key']);
    expect(byIndex.get(5)?.issues[0]?.message).toMatch(/TXN001 is already stored/);

    expect(codes(byIndex.get(6))).toEqual(['type']);
    expect(byIndex.get(6)?.issues[0]?.message).toMatch(/amount must be a number/);

    expect(codes(byIndex.get(7))).toEqual(['unknown_field']);
    expect(byIndex.get(7)?.issues[0]?.path).toEqual([7, 'discount']);

    expect(codes(byIndex.get(8))).toEqual(['required']);
    expect(byIndex.get(8)?.issues[0]?.path).toEqual([8, 'region']);

    expect(await idsOf(em)).toEqual(['N1', 'N4', 'N8', ...SAMPLE_IDS]);
    // The first N4 landed with its own values; the stored TXN001 was not overwritten.
    expect((await em.sales.query({ transaction_id: 'N4' })).rows[0]?.amount).toBe(10);
    expect((await em.sales.query({ transaction_id: 'TXN001' })).rows[0]?.amount).toBe(150);
  });

  it('lists every reason of a record with several problems', async () => {
    const result = await em.sales.ingest(sale('N1', { amount: 'lots', date: 'yesterday', colour: 'red' }));
    expect(result.accepted).toBe(0);
    expect(result.rejected[0]?.issues.map((i) => i.path)).toEqual([
      [0, 'amount'],
      [0, 'date'],
      [0, 'colour'],
    ]);
  });

  it('rejects a customer with a malformed e-mail without echoing the personal data', async () => {
    const result = await em.customers.ingest([customer('C1', { email: 'not-an-email' }), customer('C2')]);
    expect(result.accepted).toBe(1);
    const issue = result.rejected[0]?.issues[0];
    expect(result.rejected[0]?.index).toBe(0);
    expect(issue?.code).toBe('format');
    expect(issue?.path).toEqual([0, 'email']);
    expect(issue?.message).toMatch(/email must be an email address/);
    expect(issue?.message).not.toContain('not-an-email');
  });

  it('rejects a customer with a tier outside the allowed values and a negative lifetime value', async () => {
    const result = await em.customers.ingest(customer('C1', { tier: 'platinum', lifetime_value: -1 }));
    expect(codes(result.rejected[0]).sort()).toEqual(['enum', 'minimum']);
  });

  it('rejects values that are not records', async () => {
    const result = await em.sales.ingest([42, null, ['TXN1'], 'text', sale('N1')]);
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((r) => [r.index, codes(r)])).toEqual([
      [0, ['not_object']],
      [1, ['not_object']],
      [2, ['not_object']],
      [3, ['not_object']],
    ]);
  });

  it('stores an optional field that is missing as null and a timestamp with an offset in UTC', async () => {
    const { last_interaction: _omitted, ...withoutLast } = customer('C1');
    await em.customers.ingest([
      withoutLast,
      customer('C2', { last_interaction: '2025-10-07T10:30:00+02:00' }),
    ]);
    const { rows } = await em.customers.query(
      { customer_id: ['C1', 'C2'] },
      { columns: ['customer_id', 'last_interaction'], orderBy: 'customer_id' },
    );
    expect(rows).toEqual([
      { customer_id: 'C1', last_interaction: null },
      { customer_id: 'C2', last_interaction: '2025-10-07 08:30:00' },
    ]);
  });

  it('accepts an empty batch and writes nothing', async () => {
    expect(await em.sales.ingest([])).toEqual({
      total: 0,
      accepted: 0,
      rejected: [],
      rejectedCount: 0,
      batches: 0,
      skipped: 0,
      updated: 0,
      interrupted: false,
    });
    expect(await em.sales.count()).toBe(6);
  });

  it('writes one transaction per batch and reports progress after each batch and each block read', async () => {
    const progress: IngestProgress[] = [];
    const records = Array.from({ length: 5 }, (_, i) => sale(`B${i}`));
    const result = await em.sales.ingest(records, { batchSize: 2, onProgress: (p) => progress.push(p) });
    expect(result.batches).toBe(3);
    expect(result.accepted).toBe(5);
    // Two batches are written while the records after them are validated, so the first report is the end of the
    // (only) block read, with batches 1 and 2 under way; then one report per batch, in order.
    expect(progress.map((p) => [p.processed, p.accepted])).toEqual([
      [5, 0],
      [5, 2],
      [5, 4],
      [5, 5],
    ]);
  });

  it('when reading fails, finishes the batch being written before passing the error on', async () => {
    // Records from an async iterable reach the pipeline in blocks of 8,192: the first block fills one batch of
    // 5,000 (written) and part of the next (not), then the source fails while the second block is being read.
    async function* breaksAfterOneBlock(): AsyncGenerator<unknown> {
      for (let i = 0; i < 8192; i++) yield sale(`S${String(i).padStart(5, '0')}`);
      throw new Error('the source went away');
    }
    const progress: IngestProgress[] = [];
    const error = await em.sales
      .ingest(breaksAfterOneBlock(), { batchSize: 5000, onProgress: (p) => progress.push(p) })
      .catch((e: unknown) => e);
    expect(String(error)).toContain('the source went away');
    // Checked as the error arrives: the first batch's write had already finished and reported.
    expect(progress.at(-1)).toMatchObject({ processed: 8192, accepted: 5000 });
    // The first batch was committed by the time the error arrived; the records read after it were not written.
    expect(await em.sales.count("transaction_id like 'S%'")).toBe(5000);
  });

  it('lets other writes to the product go on while its batches are written, and loses none of them', async () => {
    const records = Array.from({ length: 20_000 }, (_, i) => sale(`C${String(i).padStart(5, '0')}`));
    // Started once two batches are stored, so they run while later batches' transactions are open.
    let others: Promise<[number, number]> | undefined;
    const result = await em.sales.ingest(records, {
      batchSize: 2000,
      onProgress: (p) => {
        if (p.accepted >= 4000 && !others) {
          others = Promise.all([
            em.sales.update({ transaction_id: 'TXN001' }, { amount: 99 }),
            em.sales.remove({ transaction_id: 'TXN002' }),
          ]);
        }
      },
    });
    const [nUpdated, nRemoved] = (await others) ?? [];
    expect(result).toMatchObject({ accepted: 20_000, rejectedCount: 0, batches: 10 });
    expect([nUpdated, nRemoved]).toEqual([1, 1]);
    expect(await em.sales.count()).toBe(SAMPLE_IDS.length - 1 + 20_000);
    expect((await em.sales.query({ transaction_id: 'TXN001' })).rows[0]?.amount).toBe(99);
    expect(await em.sales.count("transaction_id like 'C%'")).toBe(20_000);
  });

  it('reports progress while a large batch is still being read, before anything is written', async () => {
    const progress: IngestProgress[] = [];
    const records = Array.from({ length: 20_000 }, (_, i) => sale(`P${i}`));
    const result = await em.sales.ingest(records, { onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ accepted: 20_000, batches: 1 });
    const beforeWrite = progress.filter((p) => p.accepted === 0).map((p) => p.processed);
    expect(beforeWrite).toEqual([8192, 16_384, 20_000]);
    expect(progress.at(-1)).toMatchObject({ processed: 20_000, accepted: 20_000 });
  });

  it('finds a duplicate key that falls into a later batch of the same input', async () => {
    const result = await em.sales.ingest([sale('D1'), sale('D2'), sale('D1', { amount: 1 })], {
      batchSize: 2,
    });
    expect(result.accepted).toBe(2);
    expect(result.rejected.map((r) => [r.index, codes(r)])).toEqual([[2, ['duplicate_key']]]);
    expect((await em.sales.query({ transaction_id: 'D1' })).rows[0]?.amount).toBe(10);
  });

  it('lists at most maxRejected rejected records, counts them all and hands each to onRejected', async () => {
    const seen: number[] = [];
    const bad = Array.from({ length: 5 }, (_, i) => sale(`X${i}`, { amount: -i - 1 }));
    const result = await em.sales.ingest(bad, { maxRejected: 2, onRejected: (r) => seen.push(r.index) });
    expect(result.rejected).toHaveLength(2);
    expect(result.rejectedCount).toBe(5);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('rejects every repeat of a key inside one batch, hands each repeat to onRejected and writes the rest', async () => {
    const handed: [number, unknown][] = [];
    const records = [
      sale('R1', { amount: 1 }),
      sale('R2'),
      sale('R1', { amount: 2 }),
      sale('TXN001'),
      sale('R1', { amount: 3 }),
      sale('R3'),
    ];
    const result = await em.sales.ingest(records, {
      onRejected: (r, record) => handed.push([r.index, record]),
    });
    expect(result).toMatchObject({ total: 6, accepted: 3, rejectedCount: 3, batches: 1 });
    expect(result.rejected.map((r) => [r.index, r.issues[0]?.message])).toEqual([
      [2, expect.stringMatching(/R1 appears twice in the input \(first at record 0\)/)],
      [3, expect.stringMatching(/TXN001 is already stored/)],
      [4, expect.stringMatching(/R1 appears twice in the input \(first at record 0\)/)],
    ]);
    expect(handed.map(([i]) => i).sort()).toEqual([2, 3, 4]);
    expect(handed.find(([i]) => i === 4)?.[1]).toEqual(records[4]);
    expect((await em.sales.query({ transaction_id: 'R1' })).rows.map((r) => r.amount)).toEqual([1]);
    expect(await em.sales.count({ transaction_id: { in: ['R2', 'R3'] } })).toBe(2);
  });

  it('ingests records from an async iterable', async () => {
    async function* generate(): AsyncGenerator<Record<string, unknown>> {
      for (let i = 0; i < 4; i++) yield sale(`G${i}`);
    }
    const result = await em.sales.ingest(generate(), { batchSize: 3 });
    expect(result).toMatchObject({ total: 4, accepted: 4, batches: 2 });
    expect(await em.sales.count({ transaction_id: { like: 'G%' } })).toBe(4);
  });

  it('enforces the rules a product declares', async () => {
    const spec = { ...exampleSpec('sales'), id: 'sales.big_orders' } as Record<string, unknown>;
    const schema = spec.schema as Record<string, unknown>;
    const product = await em.mesh.createProduct({
      ...spec,
      schema: { ...schema, rules: [{ name: 'big_enough', check: 'amount >= 100' }] },
    });
    const result = await product.ingest([sale('R1', { amount: 99.5 }), sale('R2', { amount: 100 })]);
    expect(result.accepted).toBe(1);
    expect(result.rejected[0]?.issues[0]?.code).toBe('rule');
    expect(result.rejected[0]?.issues[0]?.message).toMatch(/big_enough/);
  });

  it('records each ingest in the access log with its counts', async () => {
    await em.sales.ingest([sale('N1'), sale('N2', { amount: -1 })]);
    const [entry] = await em.sales.accessLog({ operation: 'ingest', limit: 1 });
    expect(entry?.rowsAffected).toBe(1);
    expect(entry?.parameters).toMatchObject({ source: 'array', total: 2, accepted: 1, rejected: 1 });
  });
});

describe('ingestFile', () => {
  let em: ExampleMesh;
  beforeEach(async () => {
    em = await openExampleMesh({ ingest: false });
  });
  afterEach(async () => {
    await em.cleanup();
  });

  const write = (name: string, text: string): string => {
    const path = em.dir.file(name);
    writeFileSync(path, text);
    return path;
  };
  const ndjson = (records: readonly unknown[]): string =>
    `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

  it('loads a JSON array file', async () => {
    const result = await em.sales.ingestFile(exampleFile('sales'));
    expect(result).toMatchObject({ total: 6, accepted: 6, rejectedCount: 0 });
    expect(await idsOf(em)).toEqual(SAMPLE_IDS);
  });

  it('loads an NDJSON file, skipping blank lines', async () => {
    const path = write('sales.ndjson', `${JSON.stringify(sale('L1'))}\n\n${JSON.stringify(sale('L2'))}\r\n`);
    const result = await em.sales.ingestFile(path);
    expect(result).toMatchObject({ total: 2, accepted: 2, rejectedCount: 0 });
    expect(await idsOf(em)).toEqual(['L1', 'L2']);
  });

  it('reads a .jsonl file as NDJSON and honours an explicit format', async () => {
    expect((await em.sales.ingestFile(write('a.jsonl', ndjson([sale('J1')])))).accepted).toBe(1);
    expect(
      (await em.sales.ingestFile(write('b.txt', ndjson([sale('J2')])), { format: 'ndjson' })).accepted,
    ).toBe(1);
    expect(await idsOf(em)).toEqual(['J1', 'J2']);
  });

  it('rejects an NDJSON line larger than the record limit without holding it, and reads the lines after it', async () => {
    const long = JSON.stringify(sale('BIG', { region: 'x'.repeat(3 * 1024 * 1024) }));
    // The long line spans several 1 MiB reads; the one at the end of the file has no newline after it.
    const text = [JSON.stringify(sale('L1')), long, JSON.stringify(sale('L3')), 'x'.repeat(300)].join('\n');
    const result = await em.sales.ingestFile(write('big.ndjson', text), { maxRecordBytes: 200 });
    expect(result.accepted).toBe(2);
    expect(result.rejected.map((r) => [r.line, r.issues[0]?.message])).toEqual([
      [2, 'line 2 is larger than 200 bytes, the most one record may hold; it was skipped'],
      [4, 'line 4 is larger than 200 bytes, the most one record may hold; it was skipped'],
    ]);
    expect(await idsOf(em)).toEqual(['L1', 'L3']);
    // Under a limit it fits, the long line is read as any other record: parsed, then judged by the contract.
    const fits = await em.sales.ingestFile(write('fits.ndjson', `${long}\n`), {
      maxRecordBytes: 4 * 1024 * 1024,
    });
    expect(fits.rejected.map((r) => [r.line, r.issues.map((i) => [i.path, i.code])])).toEqual([]);
  });

  it('refuses a JSON array file holding a record larger than the limit before reading any record', async () => {
    const path = write(
      'big.json',
      `[\n${JSON.stringify(sale('B1'))},\n  ${JSON.stringify(sale('B2', { note: 'y'.repeat(2 * 1024 * 1024) }))}\n]`,
    );
    await expect(em.sales.ingestFile(path, { maxRecordBytes: 1024 * 1024 })).rejects.toThrow(
      `${path}: the record starting at line 3, column 3 is larger than 1 MiB, the most one record may hold; the file was refused before any record was read`,
    );
    expect(await idsOf(em)).toEqual([]);
    await expect(em.sales.ingestFile(path, { maxRecordBytes: 0 })).rejects.toThrow(
      'maxRecordBytes must be a positive whole number, got 0',
    );
  });

  it('rejects a malformed NDJSON line with its line number while the other lines land', async () => {
    const text = [
      JSON.stringify(sale('L1')),
      '{"transaction_id": "L2", "amount": ',
      JSON.stringify(sale('L3', { amount: -5 })),
      '42',
      JSON.stringify(sale('L5')),
    ].join('\n');
    const result = await em.sales.ingestFile(write('sales.ndjson', text));
    expect(result.accepted).toBe(2);
    expect(result.rejected.map((r) => [r.index, r.line, codes(r)])).toEqual([
      [1, 2, ['parse']],
      [2, 3, ['minimum']],
      [3, 4, ['not_object']],
    ]);
    const parseMessage = result.rejected[0]?.issues[0]?.message ?? '';
    expect(parseMessage).toMatch(/^line 2 is not valid JSON \(column 36, at the end of the line\)/);
    expect(parseMessage).not.toContain('L2');
    expect(await idsOf(em)).toEqual(['L1', 'L5']);
  });

  it('refuses a missing file with not_found and names it', async () => {
    const path = em.dir.file('nowhere.json');
    const error = await errorOf(em.sales.ingestFile(path));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain(path);
  });

  it('refuses a folder with invalid_input', async () => {
    const path = em.dir.file('folder.json');
    mkdirSync(path);
    expect((await errorOf(em.sales.ingestFile(path))).code).toBe('invalid_input');
  });

  it('refuses a JSON file with a syntax error, giving its line and column, and stores nothing', async () => {
    const path = write(
      'broken.json',
      `[\n  ${JSON.stringify(sale('B1'))},\n  {"transaction_id": "B2", "amount": tru}\n]\n`,
    );
    const error = await errorOf(em.sales.ingestFile(path));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('line 3, column 38');
    expect(error.details).toMatchObject({ line: 3, column: 38 });
    expect(await em.sales.count()).toBe(0);
  });

  it('refuses a truncated JSON file, pointing at its end', async () => {
    const error = await errorOf(
      em.sales.ingestFile(write('cut.json', `[\n  ${JSON.stringify(sale('B1'))},\n`)),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/line 3, column 1/);
  });

  it('streams a JSON array file, giving each rejected record the line it starts on', async () => {
    const records = [sale('J1'), sale('J2', { amount: -1 }), sale('J3')];
    const path = write('lines.json', `[\n${records.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n]\n`);
    const result = await em.sales.ingestFile(path, { batchSize: 1 });
    expect(result).toMatchObject({ total: 3, accepted: 2, batches: 2 });
    expect(result.rejected.map((r) => [r.index, r.line])).toEqual([[1, 3]]);
  });

  it('refuses a JSON array whose last record is malformed before writing any batch of it', async () => {
    const good = Array.from({ length: 50 }, (_, i) => `  ${JSON.stringify(sale(`K${i}`))}`);
    const path = write(
      'late-error.json',
      `[\n${good.join(',\n')},\n  {"transaction_id": "K99", "amount": }\n]\n`,
    );
    const error = await errorOf(em.sales.ingestFile(path, { batchSize: 10 }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('line 52, column 39');
    expect(await em.sales.count({ transaction_id: { like: 'K%' } })).toBe(0);
  });

  it('refuses a JSON file that does not hold an array', async () => {
    const error = await errorOf(em.sales.ingestFile(write('object.json', JSON.stringify(sale('O1')))));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/must contain a JSON array of records, but it holds an object/);
    expect(await em.sales.count()).toBe(0);
  });

  it('reads a JSON file that starts with a byte order mark', async () => {
    const path = write('bom.json', `\uFEFF${JSON.stringify([sale('M1')])}`);
    expect((await em.sales.ingestFile(path)).accepted).toBe(1);
  });

  it('reads an NDJSON file that starts with a byte order mark', async () => {
    const path = write('bom.ndjson', `\uFEFF${ndjson([sale('M1'), sale('M2')])}`);
    expect((await em.sales.ingestFile(path)).accepted).toBe(2);
  });

  it('loads an empty JSON array without writing anything', async () => {
    expect(await em.sales.ingestFile(write('empty.json', '[]'))).toMatchObject({ total: 0, accepted: 0 });
  });

  it('records the file ingest in the access log with its source', async () => {
    await em.sales.ingestFile(exampleFile('sales'));
    const [entry] = await em.sales.accessLog({ operation: 'ingest' });
    expect(entry?.parameters).toMatchObject({ source: 'sample_sales.json (json)', accepted: 6 });
  });
});

describe('ingestFile and bytes that are not UTF-8', () => {
  let em: ExampleMesh;
  beforeEach(async () => {
    em = await openExampleMesh({ ingest: false });
  });
  afterEach(async () => {
    await em.cleanup();
  });

  const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');
  /** Three NDJSON sales; the second names its category in Latin-1 (é is the byte 0xE9, invalid in UTF-8). */
  const file = (name: string): { path: string; badOffset: number } => {
    const first = `${JSON.stringify(sale('U1', { product_category: 'Café ☕' }))}\n`;
    const second = `${JSON.stringify(sale('U2', { product_category: 'Caf\u00e9' }))}\n`;
    const third = `${JSON.stringify(sale('U3'))}\n`;
    const bytes = Buffer.concat([Buffer.from(first), latin1(second), Buffer.from(third)]);
    const path = em.dir.file(name);
    writeFileSync(path, bytes);
    return { path, badOffset: Buffer.byteLength(first) + second.indexOf('\u00e9') };
  };

  it('rejects an NDJSON line with invalid UTF-8, naming its line and byte offset, and stores the others', async () => {
    const { path, badOffset } = file('latin1.ndjson');
    const result = await em.sales.ingestFile(path);
    expect(result).toMatchObject({ total: 3, accepted: 2, rejectedCount: 1 });
    expect(result.rejected[0]).toMatchObject({ index: 1, line: 2 });
    expect(result.rejected[0]?.issues[0]?.message).toBe(
      `line 2 is not valid UTF-8 (byte offset ${badOffset} of the file); save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8), or ingest with --invalid-utf8 replace (invalidUtf8: 'replace') to store U+FFFD in place of the bad bytes`,
    );
    const rows = (await em.sales.query(undefined, { orderBy: 'transaction_id' })).rows;
    expect(rows.map((r) => [r.transaction_id, r.product_category])).toEqual([
      ['U1', 'Café ☕'],
      ['U3', 'Books'],
    ]);
  });

  it('stores U+FFFD for invalid UTF-8 only when asked to replace it', async () => {
    const { path } = file('replace.ndjson');
    const result = await em.sales.ingestFile(path, { invalidUtf8: 'replace' });
    expect(result).toMatchObject({ accepted: 3, rejectedCount: 0 });
    const [u2] = (await em.sales.query({ transaction_id: 'U2' })).rows;
    expect(u2?.product_category).toBe('Caf\ufffd');
    const bad = await errorOf(em.sales.ingestFile(path, { invalidUtf8: 'drop' as 'replace' }));
    expect(bad.message).toBe('invalidUtf8 must be reject or replace, got "drop"');
  });

  it('refuses a JSON array file with invalid UTF-8 whole, before anything is written', async () => {
    const good = JSON.stringify(sale('J1'), null, 2);
    const bad = JSON.stringify(sale('J2', { region: 'Am\u00e9rica' }), null, 2);
    const text = `[\n${good},\n${bad}\n]\n`;
    const path = em.dir.file('latin1.json');
    writeFileSync(path, latin1(text));
    const offset = Buffer.byteLength(text.slice(0, text.indexOf('\u00e9')));
    const line = text.slice(0, text.indexOf('\u00e9')).split('\n').length;
    const error = await errorOf(em.sales.ingestFile(path));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(`${path} is not valid UTF-8 (line ${line}, byte offset ${offset})`);
    expect(error.details).toMatchObject({ file: path, line, byteOffset: offset });
    expect(await idsOf(em)).toEqual([]);
    expect((await em.sales.ingestFile(path, { invalidUtf8: 'replace' })).accepted).toBe(2);
  });

  it('rejects a CSV line with invalid UTF-8 and says so', async () => {
    const header = 'transaction_id,product_id,customer_id,amount,date,product_category,region\n';
    const path = em.dir.file('latin1.csv');
    writeFileSync(
      path,
      Buffer.concat([
        Buffer.from(`${header}C1,P,C,1,2025-10-01,Books,Europe\n`),
        latin1('C2,P,C,1,2025-10-01,Caf\u00e9,Europe\n'),
      ]),
    );
    const result = await em.sales.ingestFile(path);
    expect(result).toMatchObject({ accepted: 1, rejectedCount: 1 });
    expect(result.rejected[0]?.line).toBe(3);
    expect(result.rejected[0]?.issues[0]?.message).toMatch(
      /^line 3 is not valid UTF-8 \(in the cell starting at byte offset \d+ of the file\)/,
    );
  });

  it('hands a rejected record’s text to onRejected as it was written, 1e400 included', async () => {
    const path = em.dir.file('huge.ndjson');
    const line =
      '{"transaction_id":"H1","product_id":"P","customer_id":"C","amount":1e400,"date":"2025-10-01","product_category":"Books","region":"Europe"}';
    writeFileSync(path, `${line}\n${JSON.stringify(sale('H2'))}\n`);
    const seen: { record: unknown; text: string | undefined }[] = [];
    const result = await em.sales.ingestFile(path, {
      onRejected: (_r, record, text) => seen.push({ record, text }),
    });
    expect(result).toMatchObject({ accepted: 1, rejectedCount: 1 });
    expect(seen).toHaveLength(1);
    expect((seen[0]?.record as { amount: number } | undefined)?.amount).toBe(Number.POSITIVE_INFINITY);
    expect(seen[0]?.text).toBe(line);
  });
});

describe('ingest when the engine fails mid-write', () => {
  it('keeps the rows stored before and writes nothing of the failing batch', async () => {
    const dir = createTempDir();
    const engine = await openDuckDbEngine({ path: dir.file('mesh.duckdb') });
    try {
      const mesh = await Mesh.open({ engine });
      const sales = await mesh.createProduct(exampleSpec('sales'));
      await sales.ingest(exampleRecords('sales'));
      // A constraint the contract does not know about, added behind the platform's back, makes the engine refuse
      // a write that validation let through — the honest way to fail inside the batch's transaction.
      const [{ table_name: table } = { table_name: '' }] = await engine.query(
        'SELECT table_name FROM mw_products WHERE id = $1',
        ['sales.transactions'],
      );
      await engine.execute(`CREATE UNIQUE INDEX one_sale_a_day ON "${String(table)}" (customer_id, date)`);

      const error = await errorOf(
        sales.ingest(
          [
            sale('F1', { customer_id: 'NEW1' }),
            sale('F2', { customer_id: 'NEW2' }),
            sale('F3', { customer_id: 'NEW3' }),
            sale('F4', { customer_id: 'CUST456', date: '2025-10-01' }),
            sale('F5', { customer_id: 'NEW5' }),
          ],
          { batchSize: 2 },
        ),
      );
      expect(error.code).toBe('conflict');
      expect(error.message).toContain('stopped at batch 2');
      expect(error.details).toMatchObject({ acceptedBefore: 2, batchesStored: 1 });
      const { rows } = await sales.query(undefined, {
        columns: ['transaction_id'],
        orderBy: 'transaction_id',
      });
      expect(rows.map((r) => r.transaction_id)).toEqual(['F1', 'F2', ...SAMPLE_IDS]);
      expect((await sales.query({ transaction_id: 'TXN001' })).rows).toEqual([exampleRecords('sales')[0]]);
      await mesh.close();
    } finally {
      await engine.close();
      dir.remove();
    }
  });
});
