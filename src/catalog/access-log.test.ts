import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTestStore } from '../../test/support/test-store.ts';
import type { Engine } from '../engine/engine.ts';
import { openEngine } from '../engine/open-engine.ts';
import { AccessLog, type NewAccessLogEntry } from './access-log.ts';
import { ensureCatalogTables } from './catalog-tables.ts';

const entry = (overrides: Partial<NewAccessLogEntry>): NewAccessLogEntry => ({
  at: '2025-10-08T12:00:00.000Z',
  actor: 'anonymous',
  operation: 'query',
  productId: 'sales.transactions',
  productVersion: '1.0.0',
  parameters: {},
  rowsAffected: 0,
  outcome: 'ok',
  message: null,
  ...overrides,
});

describe('AccessLog', () => {
  let engine: Engine;
  const log = new AccessLog();
  beforeEach(async () => {
    engine = await openEngine(await newTestStore(':memory:'));
    await ensureCatalogTables(engine);
  });
  afterEach(async () => {
    await engine.close();
  });

  it('stores an entry with its parameters and numbers entries in order', async () => {
    await log.record(
      engine,
      entry({ parameters: { filter: "region = 'Europe'", limit: 5 }, rowsAffected: 2 }),
    );
    await log.record(engine, entry({ operation: 'ingest', message: 'note' }));
    const [second, first] = await log.list(engine);
    expect(first).toEqual({
      seq: 1,
      ...entry({ parameters: { filter: "region = 'Europe'", limit: 5 }, rowsAffected: 2 }),
    });
    expect(second).toMatchObject({ seq: 2, operation: 'ingest', message: 'note' });
  });

  it('filters by product, operation, actor and a time range, and pages', async () => {
    await log.record(engine, entry({ at: '2025-10-08T10:00:00.000Z', actor: 'alice' }));
    await log.record(engine, entry({ at: '2025-10-08T11:00:00.000Z', productId: 'customer.profiles' }));
    await log.record(engine, entry({ at: '2025-10-08T12:00:00.000Z', operation: 'remove', actor: 'alice' }));
    const seqs = async (q: Parameters<AccessLog['list']>[1]) => (await log.list(engine, q)).map((e) => e.seq);
    expect(await seqs({ actor: 'alice' })).toEqual([3, 1]);
    expect(await seqs({ productId: 'customer.profiles' })).toEqual([2]);
    expect(await seqs({ operation: 'remove' })).toEqual([3]);
    expect(await seqs({ since: '2025-10-08T11:00:00.000Z' })).toEqual([3, 2]);
    expect(await seqs({ until: '2025-10-08T11:00:00.000Z' })).toEqual([1]);
    expect(await seqs({ order: 'asc', limit: 2 })).toEqual([1, 2]);
    expect(await seqs({ order: 'asc', limit: 2, offset: 2 })).toEqual([3]);
    expect(await seqs({ actor: "alice' OR '1'='1" })).toEqual([]);
  });

  it('counts operations per product', async () => {
    await log.record(engine, entry({}));
    await log.record(engine, entry({}));
    await log.record(engine, entry({ operation: 'update' }));
    await log.record(engine, entry({ productId: 'customer.profiles' }));
    expect(await log.counts(engine, 'sales.transactions')).toEqual({ query: 2, update: 1 });
    expect(await log.counts(engine, 'nobody.here')).toEqual({});
  });
});
