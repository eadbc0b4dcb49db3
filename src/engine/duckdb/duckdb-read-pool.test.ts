import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MeshError } from '../../core/errors.ts';
import type { Engine, TableSpec } from '../engine.ts';
import { openDuckDbEngine, READ_CONNECTIONS } from './duckdb-engine.ts';

const ITEMS: TableSpec = {
  name: 'items',
  columns: [
    { name: 'id', type: 'integer', notNull: true },
    { name: 'grp', type: 'integer', notNull: true },
  ],
  primaryKey: ['id'],
  indexes: [],
};

describe('DuckDB reads on a pool of connections', () => {
  let dir: string;
  let engine: Engine;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'meshwork-read-pool-'));
    engine = await openDuckDbEngine({ path: join(dir, 'store.duckdb') });
    await engine.createTable(ITEMS);
    await engine.execute('INSERT INTO items SELECT i, i % 10 FROM range(1000) t(i)');
  });
  afterEach(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a read while a transaction is still open, with what was committed before the read started', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let written = (): void => undefined;
    const inserted = new Promise<void>((resolve) => {
      written = resolve;
    });
    const tx = engine.transaction(async (s) => {
      await s.execute('INSERT INTO items VALUES (5000, 1)');
      written();
      await gate;
    });
    await inserted;
    // Before, every read waited for the open transaction; now it runs beside it and does not see its insert.
    expect(await engine.count('items')).toBe(1000);
    expect(await engine.query('SELECT count(*) AS n FROM items WHERE id = $1', [5000])).toEqual([{ n: 0 }]);
    release();
    await tx;
    expect(await engine.count('items')).toBe(1001);
  });

  it('returns the right rows to many reads made at once, more than it has connections', async () => {
    const reads = Array.from({ length: READ_CONNECTIONS * 10 }, (_, i) => i % 10).map(async (grp) => {
      const rows = await engine.select('items', {
        columns: ITEMS.columns,
        where: { kind: 'compare', left: { kind: 'field', field: 'grp' }, op: 'eq', value: grp },
        orderBy: [{ column: 'id', direction: 'asc' }],
        limit: 5,
      });
      return { grp, rows };
    });
    for (const { grp, rows } of await Promise.all(reads)) {
      expect(rows.map((r) => r.id)).toEqual([0, 1, 2, 3, 4].map((k) => grp + 10 * k));
      expect(rows.every((r) => r.grp === grp)).toBe(true);
    }
  });

  it('sees a write committed before the read started', async () => {
    await engine.execute('INSERT INTO items VALUES (7000, 3)');
    expect(
      await engine.count('items', {
        kind: 'compare',
        left: { kind: 'field', field: 'id' },
        op: 'eq',
        value: 7000,
      }),
    ).toBe(1);
  });

  it('lets reads under way finish before it closes, and refuses reads after', async () => {
    const reads = Array.from({ length: READ_CONNECTIONS * 3 }, () => engine.count('items'));
    await engine.close();
    expect(await Promise.all(reads)).toEqual(reads.map(() => 1000));
    const error = await engine.count('items').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshError);
    expect((error as MeshError).code).toBe('storage_unavailable');
  });
});
