import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshError } from '../../core/errors.ts';
import { canInterrupt, type Engine, type TableColumn, type TableSpec } from '../engine.ts';
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

  it('interrupts a read running on one of the read connections, and that connection answers the next read', async () => {
    if (!canInterrupt(engine)) throw new Error('unreachable');
    // A group per row of a million: a read of hundreds of milliseconds, run on the read pool (not the write turn).
    const heavy = (e: Engine) =>
      e.aggregate('big', {
        groupBy: [BIG.columns[1] as TableColumn],
        measures: [{ fn: 'count', as: 'n' }],
        orderBy: [{ column: 'label', direction: 'desc' }],
        limit: 1,
      });
    const started = Date.now();
    expect(await heavy(engine)).toHaveLength(1);
    const fullMs = Date.now() - started;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('the test deadline')), Math.floor(fullMs / 4));
    const error = await heavy(engine.withReadSignal(controller.signal)).catch((e: unknown) => e);
    clearTimeout(timer);
    expect((error as MeshError).code).toBe('storage_unavailable');
    expect((error as MeshError).details).toMatchObject({ reason: 'interrupted' });
    // Every read connection still answers (the interrupted one included).
    const counts = await Promise.all(Array.from({ length: 8 }, () => engine.count('big')));
    expect(counts).toEqual(counts.map(() => 1_000_000));
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
