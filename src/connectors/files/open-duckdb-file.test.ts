import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshError } from '../../core/errors.ts';
import { toFieldValue } from './open-duckdb-file.ts';
import { guessRecordFormat, openRecordFile } from './open-record-file.ts';
import type { RecordSource, SourceRecord } from './record-source.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-files-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function all(source: RecordSource): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const r of source) out.push(r);
  return out;
}

const types = { id: 'string', qty: 'integer', price: 'number', paid: 'boolean', day: 'date' } as const;

describe('toFieldValue', () => {
  it('types text to the contract field: numbers, integers, booleans and midnight timestamps as days', () => {
    expect(toFieldValue(' 12.50 ', 'number')).toBe(12.5);
    expect(toFieldValue('-3', 'integer')).toBe(-3);
    expect(toFieldValue('1e3', 'number')).toBe(1000);
    expect(toFieldValue('Yes', 'boolean')).toBe(true);
    expect(toFieldValue('0', 'boolean')).toBe(false);
    expect(toFieldValue('2025-01-02 00:00:00', 'date')).toBe('2025-01-02');
    expect(toFieldValue('007', 'string')).toBe('007');
  });

  it('keeps what does not convert, so validation rejects it with its usual message', () => {
    expect(toFieldValue('abc', 'number')).toBe('abc');
    expect(toFieldValue('', 'integer')).toBe('');
    expect(toFieldValue('maybe', 'boolean')).toBe('maybe');
    expect(toFieldValue('2025-01-02 10:00:00', 'date')).toBe('2025-01-02 10:00:00');
    expect(toFieldValue('12', undefined)).toBe('12');
  });

  it('turns big integers into numbers when they are safe and into text when they are not', () => {
    expect(toFieldValue(42n, 'integer')).toBe(42);
    expect(toFieldValue(2n ** 60n, 'integer')).toBe('1152921504606846976');
  });
});

describe('guessRecordFormat', () => {
  it('reads CSV and Parquet from the extension', () => {
    expect(guessRecordFormat('a/b.CSV')).toBe('csv');
    expect(guessRecordFormat('b.tsv')).toBe('csv');
    expect(guessRecordFormat('b.parquet')).toBe('parquet');
    expect(guessRecordFormat('b.pq')).toBe('parquet');
    expect(guessRecordFormat('b.jsonl')).toBe('ndjson');
    expect(guessRecordFormat('b.txt')).toBe('json');
  });
});

describe('CSV files', () => {
  it('streams the rows as records typed to the contract, empty cells absent', async () => {
    const file = join(dir, 'orders.csv');
    writeFileSync(
      file,
      'id,qty,price,paid,day,extra\nA,1,10.5,true,2025-01-02,x\n"B, Inc",2,,false,2025-01-03,\n',
    );
    const source = await openRecordFile(file, { fieldTypes: types });
    expect(source.description).toBe('orders.csv (csv)');
    expect(await all(source)).toEqual([
      { value: { id: 'A', qty: 1, price: 10.5, paid: true, day: '2025-01-02', extra: 'x' } },
      { value: { id: 'B, Inc', qty: 2, paid: false, day: '2025-01-03' } },
    ]);
    expect(source.progress()).toEqual({
      bytesRead: source.progress().totalBytes,
      totalBytes: expect.any(Number),
    });
  });

  it('reports lines with too few or too many columns by line, after the valid rows', async () => {
    const file = join(dir, 'ragged.csv');
    writeFileSync(file, 'id,qty\nA,1\nB\nC,3\nD,4,extra\n');
    const records = await all(await openRecordFile(file, { fieldTypes: types }));
    expect(records.filter((r) => r.error === undefined).map((r) => r.value)).toEqual([
      { id: 'A', qty: 1 },
      { id: 'C', qty: 3 },
    ]);
    expect(records.filter((r) => r.error !== undefined)).toEqual([
      {
        value: undefined,
        line: 3,
        error: expect.stringMatching(/^line 3 is not valid CSV \(Expected Number of Columns: 2 Found: 1\)/),
      },
      { value: undefined, line: 5, error: expect.stringMatching(/^line 5 is not valid CSV/) },
    ]);
    expect(JSON.stringify(records)).not.toContain('extra');
  });

  it('streams a file of many chunks in order', async () => {
    const file = join(dir, 'many.csv');
    writeFileSync(file, `id,qty\n${Array.from({ length: 10_000 }, (_, i) => `K${i},${i}`).join('\n')}\n`);
    const records = await all(await openRecordFile(file, { fieldTypes: types }));
    expect(records).toHaveLength(10_000);
    expect(records[9_999]).toEqual({ value: { id: 'K9999', qty: 9999 } });
  });
});

describe('Parquet files', () => {
  it('reads typed columns: dates and timestamps as text, decimals and big integers as numbers', async () => {
    const file = join(dir, 'typed.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run(
      `COPY (SELECT 'A' AS id, 7::BIGINT AS qty, 12.34::DECIMAL(10,2) AS price, true AS paid, DATE '2025-01-02' AS day,
         TIMESTAMP '2025-01-02 10:30:00' AS at, NULL::VARCHAR AS note) TO '${file}' (FORMAT parquet)`,
    );
    conn.closeSync();
    instance.closeSync();
    const records = await all(await openRecordFile(file, { fieldTypes: { ...types, at: 'timestamp' } }));
    expect(records).toEqual([
      { value: { id: 'A', qty: 7, price: 12.34, paid: true, day: '2025-01-02', at: '2025-01-02 10:30:00' } },
    ]);
  });

  it('fails with invalid_input for a file that is not Parquet', async () => {
    const file = join(dir, 'fake.parquet');
    writeFileSync(file, 'not parquet at all');
    const error = await all(await openRecordFile(file)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshError);
    expect((error as MeshError).code).toBe('invalid_input');
    expect((error as MeshError).message).toMatch(/fake\.parquet cannot be read as a Parquet file/);
  });
});
