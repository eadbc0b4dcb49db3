import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshError } from '../../core/errors.ts';
import { canInterrupt, type Engine, type TableSpec } from '../engine.ts';
import { openDuckDbEngine } from './duckdb-engine.ts';

const BIG: TableSpec = {
  name: 'big',
  columns: [
    { name: 'id', type: 'integer', notNull: true },
    { name: 'label', type: 'string', notNull: false },
  ],
  primaryKey: [],
  indexes: [],
};

/** An export that sorts a million rows by text: long enough (hundreds of ms) to be stopped half-way. */
const heavyExport = (engine: Engine, path: string) =>
  engine.exportTo(
    'big',
    { columns: BIG.columns, orderBy: [{ column: 'label', direction: 'desc' }] },
    path,
    'csv',
  );

describe('DuckDB reads bound to a signal', () => {
  let dir: string;
  let engine: Engine;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'meshwork-signal-'));
    engine = await openDuckDbEngine({ path: ':memory:' });
    await engine.createTable(BIG);
    await engine.execute(
      'INSERT INTO big SELECT i, md5(i::VARCHAR) || md5((i * 7)::VARCHAR) FROM range(1000000) t(i)',
    );
  });
  afterAll(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is a capability of the DuckDB engine', () => {
    expect(canInterrupt(engine)).toBe(true);
  });

  it('interrupts a read that is running when the signal aborts, and the store answers the next read', async () => {
    if (!canInterrupt(engine)) throw new Error('unreachable');
    const started = Date.now();
    await heavyExport(engine, join(dir, 'full.csv'));
    const fullMs = Date.now() - started;
    const controller = new AbortController();
    const view = engine.withReadSignal(controller.signal);
    const timer = setTimeout(() => controller.abort(new Error('the test deadline')), Math.floor(fullMs / 4));
    const began = Date.now();
    const error = await heavyExport(view, join(dir, 'cut.csv')).catch((e: unknown) => e);
    clearTimeout(timer);
    expect(error).toBeInstanceOf(MeshError);
    expect((error as MeshError).code).toBe('storage_unavailable');
    expect((error as MeshError).details).toMatchObject({ reason: 'interrupted' });
    expect((error as MeshError).message).toMatch(/the test deadline/);
    expect(Date.now() - began).toBeLessThan(fullMs);
    expect(await engine.count('big')).toBe(1_000_000);
  });

  it('refuses a read once the signal has aborted, without touching the connection', async () => {
    if (!canInterrupt(engine)) throw new Error('unreachable');
    const view = engine.withReadSignal(AbortSignal.abort(new Error('too late')));
    const error = await view.select('big', { columns: BIG.columns, limit: 1 }).catch((e: unknown) => e);
    expect((error as MeshError).code).toBe('storage_unavailable');
    expect(await engine.select('big', { columns: BIG.columns, limit: 1 })).toHaveLength(1);
  });

  it('never binds writes, and closing the view leaves the store open', async () => {
    if (!canInterrupt(engine)) throw new Error('unreachable');
    const view = engine.withReadSignal(AbortSignal.abort());
    expect(await view.execute('CREATE TABLE side (x INTEGER)')).toBeGreaterThanOrEqual(0);
    await view.close();
    expect(await engine.query('SELECT count(*) AS n FROM side')).toEqual([{ n: 0 }]);
  });
});
