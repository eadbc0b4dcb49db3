import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTestStore } from '../../test/support/test-store.ts';
import { ensureCatalogTables } from '../catalog/catalog-tables.ts';
import type { Engine } from '../engine/engine.ts';
import { openEngine } from '../engine/open-engine.ts';
import { AuditLog, type NewAuditEntry } from './audit-log.ts';
import { ReadTrail } from './read-trail.ts';

function read(n: number): { audit: NewAuditEntry } {
  return {
    audit: {
      at: '2026-12-05T12:00:00.000Z',
      actor: 'bob',
      principal: 'bob',
      action: 'product.query',
      target: 'sales.transactions',
      outcome: 'ok',
      details: { n },
    },
  };
}

describe('the read trail', () => {
  let engine: Engine;
  const log = new AuditLog();

  beforeEach(async () => {
    engine = await openEngine(await newTestStore(':memory:'));
    await ensureCatalogTables(engine);
    await log.start(engine, {
      ...read(0).audit,
      action: 'store.created',
      actor: 'system',
      principal: 'system',
    });
  });

  afterEach(async () => {
    await engine.close();
  });

  it('serves many writers asking for a flush at once with two flushes while reads keep arriving', async () => {
    // The engine as it is, except that a read arrives while each flush's transaction runs (as under a flood of
    // reads), so that every flush finds new entries queued by the one before it.
    let flushes = 0;
    let arrived = 1;
    let flooding = true;
    const holder: { trail?: ReadTrail } = {};
    let started: () => void = () => undefined;
    const firstStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const busy: Engine = new Proxy(engine, {
      get(target, prop) {
        if (prop === 'transaction') {
          const transaction: Engine['transaction'] = (fn) => {
            flushes += 1;
            started();
            if (flooding) void holder.trail?.add(read(++arrived));
            return target.transaction(fn);
          };
          return transaction;
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    // No timer flush within the test: only the writers' flushes run.
    const trail = new ReadTrail(busy, log, { maxDelayMs: 600_000 });
    holder.trail = trail;
    await trail.add(read(1));
    const first = trail.flush();
    await firstStarted;
    // Nine more writers ask while the first flush runs.
    const writers = Array.from({ length: 9 }, () => trail.flush());
    await Promise.all([first, ...writers]);
    // The running flush, then one more shared by the other nine (not one per writer, each finding new reads).
    expect(flushes).toBe(2);
    flooding = false;
    await trail.close();
    const entries = await log.list(engine, { action: 'product.query', order: 'asc', limit: 100 });
    expect(entries.map((e) => e.details.n)).toEqual(Array.from({ length: arrived }, (_, i) => i + 1));
    expect((await log.verify(engine)).ok).toBe(true);
  });

  it('has committed every read queued before a flush when that flush returns', async () => {
    const trail = new ReadTrail(engine, log, { maxDelayMs: 600_000 });
    await trail.add(read(1));
    const first = trail.flush();
    await trail.add(read(2));
    // Asked while the first flush runs: it waits for a flush that starts after it, which takes read 2.
    await trail.flush();
    await first;
    expect(trail.pending).toBe(0);
    const entries = await log.list(engine, { action: 'product.query', order: 'asc', limit: 10 });
    expect(entries.map((e) => e.details.n)).toEqual([1, 2]);
    await trail.close();
  });
});
