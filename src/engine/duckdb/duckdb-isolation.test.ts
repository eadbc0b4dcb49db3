import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshError } from '../../core/errors.ts';
import { canIsolate, type Engine, type TableSpec } from '../engine.ts';
import { openDuckDbEngine } from './duckdb-engine.ts';

const NOTES: TableSpec = {
  name: 'notes',
  columns: [
    { name: 'id', type: 'string', notNull: true },
    { name: 'n', type: 'integer', notNull: false },
  ],
  primaryKey: ['id'],
  indexes: [],
};

let dir: string;
let engine: Engine;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-isolation-'));
  writeFileSync(join(dir, 'secret.txt'), 'the secret');
  engine = await openDuckDbEngine({ path: join(dir, 'mesh.duckdb') });
  await engine.createTable(NOTES);
  await engine.insertRows(NOTES, [['a', 1]]);
});

afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<MeshError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MeshError);
  return error as MeshError;
}

describe('DuckDB isolated stores (the second wall for user SQL)', () => {
  it('opens a store that reads no file, writes no file and cannot turn file access back on', async () => {
    expect(canIsolate(engine)).toBe(true);
    if (!canIsolate(engine)) return;
    const isolated = await engine.openIsolated();
    try {
      expect(isolated.capabilities.isolatedStores).toBe(false);
      const secret = join(dir, 'secret.txt');
      const read = await failure(isolated.query(`SELECT content FROM read_text('${secret}')`));
      expect(read.message).toContain('file system operations are disabled');
      const out = join(dir, 'out.csv');
      await failure(isolated.execute(`COPY (SELECT 1 AS x) TO '${out}'`));
      expect(existsSync(out)).toBe(false);
      expect((await failure(isolated.execute('SET enable_external_access = true'))).message).toMatch(
        /locked|Cannot enable external access/,
      );
      await failure(isolated.execute(`ATTACH '${join(dir, 'mesh.duckdb')}' AS store`));
      // It does not see the store's tables.
      expect(await isolated.tableExists('notes')).toBe(false);
    } finally {
      await isolated.close();
    }
  });

  it('leaves the store itself able to read and write files for ingest and exports', async () => {
    if (!canIsolate(engine)) throw new Error('DuckDB isolates');
    const isolated = await engine.openIsolated();
    await isolated.close();
    const rows = await engine.query(`SELECT content FROM read_text('${join(dir, 'secret.txt')}')`);
    expect(rows).toEqual([{ content: 'the secret' }]);
    const out = join(dir, 'notes.csv');
    expect(await engine.exportTo('notes', { columns: NOTES.columns }, out, 'csv')).toBe(1);
    expect(readFileSync(out, 'utf8')).toContain('a,1');
  });
});
