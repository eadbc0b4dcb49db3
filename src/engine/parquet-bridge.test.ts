import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDuckDbEngine } from './duckdb/duckdb-engine.ts';
import type { Engine, TableSpec } from './engine.ts';
import { readParquetBatches, writeParquetFrom } from './parquet-bridge.ts';

const SPEC: TableSpec = {
  name: 'data_demo__t__v1',
  columns: [
    { name: 'id', type: 'string', notNull: true },
    { name: 'n', type: 'integer', notNull: false },
    { name: 'x', type: 'number', notNull: false },
    { name: 'ok', type: 'boolean', notNull: false },
    { name: 'd', type: 'date', notNull: false },
    { name: 'ts', type: 'timestamp', notNull: false },
  ],
  primaryKey: ['id'],
  indexes: [],
};

const ROWS = Array.from({ length: 25 }, (_, i) => [
  `r${String(i).padStart(2, '0')}`,
  i % 5 === 0 ? null : i * 1000,
  i / 4,
  i % 2 === 0,
  `2025-01-${String((i % 28) + 1).padStart(2, '0')}`,
  `2025-01-01 10:00:${String(i % 60).padStart(2, '0')}`,
]);

let engines: Engine[] = [];
let dir = '';
afterEach(async () => {
  for (const e of engines) await e.close();
  engines = [];
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

async function memory(): Promise<Engine> {
  const engine = await openDuckDbEngine({ path: ':memory:' });
  engines.push(engine);
  return engine;
}

describe('the Parquet bridge', () => {
  it('writes rows read from an engine to Parquet with the spec’s types and reads them back in batches', async () => {
    dir = mkdtempSync(join(tmpdir(), 'meshwork-bridge-'));
    const source = await memory();
    await source.createTable(SPEC);
    await source.insertRows(SPEC, ROWS);
    const file = join(dir, 't.parquet');
    expect(await writeParquetFrom(source, SPEC, file, { batchRows: 7 })).toBe(ROWS.length);

    const probe = await memory();
    const types = await probe.query(
      `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${file}'))`,
    );
    expect(types.map((t) => `${t.column_name}:${t.column_type}`)).toEqual([
      'id:VARCHAR',
      'n:BIGINT',
      'x:DOUBLE',
      'ok:BOOLEAN',
      'd:DATE',
      'ts:TIMESTAMP',
    ]);

    const target = await memory();
    await target.createTable(SPEC);
    const sizes: number[] = [];
    for await (const batch of readParquetBatches(file, SPEC, { batchRows: 10 })) {
      sizes.push(batch.length);
      await target.insertRows(SPEC, batch, { assumeNew: true });
    }
    expect(sizes).toEqual([10, 10, 5]);
    const orderBy = [{ column: 'id', direction: 'asc' as const }];
    expect(await target.select(SPEC.name, { columns: SPEC.columns, orderBy })).toEqual(
      await source.select(SPEC.name, { columns: SPEC.columns, orderBy }),
    );
  });
});
