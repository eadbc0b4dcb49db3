import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MeshError } from '../../core/errors.ts';
import { openDuckDbEngine } from './duckdb-engine.ts';

describe('closing a DuckDB handle while statements run', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshwork-close-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends a transaction’s running statement with storage_unavailable, closes, and keeps only committed rows', async () => {
    const path = join(dir, 'store.duckdb');
    const setup = await openDuckDbEngine({ path });
    await setup.execute('CREATE TABLE t (i BIGINT)');
    await setup.close();
    for (let round = 0; round < 20; round += 1) {
      const engine = await openDuckDbEngine({ path });
      const committed = await engine.begin();
      await committed.session.execute('INSERT INTO t SELECT i FROM range(1000) r(i)');
      await committed.commit();
      const open = await engine.begin();
      // A statement long enough to be running on DuckDB's threads when the close begins.
      const running = open.session.execute(
        'INSERT INTO t SELECT i FROM range(3000000) r(i) ORDER BY hash(i)',
      );
      const outcome = running.then(
        () => undefined,
        (error: unknown) => error,
      );
      await engine.close();
      const error = await outcome;
      // Interrupted (the usual case) or finished just before: never a crash, never a hang.
      if (error !== undefined) expect(error).toMatchObject({ code: 'storage_unavailable' });
      // The transaction was never committed, and nothing more runs on it.
      const next = await open.session.execute('SELECT 1').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(next).toBeInstanceOf(MeshError);
      expect(next).toMatchObject({ code: 'storage_unavailable', details: { reason: 'closed' } });
      const again = await openDuckDbEngine({ path });
      try {
        expect((await again.query('SELECT COUNT(*) AS n FROM t'))[0]?.n).toBe((round + 1) * 1000);
      } finally {
        await again.close();
      }
    }
  }, 300_000);

  it('refuses a transaction, a read and a write on a closed handle with storage_unavailable', async () => {
    const engine = await openDuckDbEngine({ path: join(dir, 'store.duckdb') });
    await engine.close();
    for (const call of [
      () => engine.begin(),
      () => engine.query('SELECT 1'),
      () => engine.execute('SELECT 1'),
    ])
      await expect(call()).rejects.toMatchObject({ code: 'storage_unavailable' });
  });

  it('shares one close among callers and lets each of them finish', async () => {
    const engine = await openDuckDbEngine({ path: join(dir, 'store.duckdb') });
    const reads = Array.from({ length: 8 }, () => engine.query('SELECT COUNT(*) AS n FROM range(100000)'));
    await Promise.all([engine.close(), engine.close(), ...reads]);
    const again = await openDuckDbEngine({ path: join(dir, 'store.duckdb') });
    await again.close();
  });
});
