import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTestStore } from '../../test/support/test-store.ts';
import type { Engine, EngineSession } from '../engine/engine.ts';
import { openEngine } from '../engine/open-engine.ts';
import { bumpCatalogGeneration, CatalogCache } from './catalog-cache.ts';

/** The engine, with its generation reads counted and, while `hold` is set, answered only once `hold` resolves. */
function watched(engine: Engine): {
  session: EngineSession;
  reads: () => number;
  hold: (p?: Promise<void>) => void;
} {
  let reads = 0;
  let held: Promise<void> | undefined;
  const session = new Proxy(engine, {
    get(target, prop) {
      if (prop === 'query') {
        const query: EngineSession['query'] = async (sql, params) => {
          reads += 1;
          const rows = await target.query(sql, params);
          if (held !== undefined) await held;
          return rows;
        };
        return query;
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    session,
    reads: () => reads,
    hold: (p) => {
      held = p;
    },
  };
}

describe('CatalogCache', () => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await openEngine(await newTestStore(':memory:'));
    await engine.execute('CREATE TABLE mw_meta (key VARCHAR PRIMARY KEY, value VARCHAR)');
  });
  afterEach(async () => {
    await engine.close();
  });

  it('shares generation checks among reads made at once: a burst of 50 costs at most two', async () => {
    const cache = new CatalogCache();
    const w = watched(engine);
    await Promise.all(Array.from({ length: 50 }, () => cache.sync(w.session)));
    expect(w.reads()).toBeLessThanOrEqual(2);
    await cache.sync(w.session);
    expect(w.reads()).toBeLessThanOrEqual(3);
  });

  it('drops its entries for a change committed before a sync call, even while an older check is still running', async () => {
    const cache = new CatalogCache();
    const w = watched(engine);
    await cache.sync(w.session);
    expect(await cache.get('grant', async () => 'before the change')).toBe('before the change');
    let release = (): void => undefined;
    w.hold(
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    );
    // This check reads the generation now and answers later: it cannot know of the change below.
    const early = cache.sync(w.session);
    await bumpCatalogGeneration(engine);
    w.hold(undefined);
    const late = cache.sync(w.session);
    release();
    await Promise.all([early, late]);
    expect(await cache.get('grant', async () => 'after the change')).toBe('after the change');
  });

  it('keeps its entries while the generation stays the same', async () => {
    const cache = new CatalogCache();
    await cache.sync(engine);
    await cache.get('product', async () => 'cached');
    await cache.sync(engine);
    expect(await cache.get('product', async () => 'read again')).toBe('cached');
  });
});
