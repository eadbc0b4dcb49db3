import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDbEngine } from './duckdb-engine.ts';

describe('opening a store file that does not exist yet, several times at once in one process', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'meshwork-open-race-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives a handle opened while another one creates the file the same new store, never "an empty file"', async () => {
    for (let round = 0; round < 60; round += 1) {
      const path = join(dir, `store-${round}.duckdb`);
      const first = openDuckDbEngine({ path });
      // The second open comes as soon as DuckDB has created the file, which it fills a moment later.
      while (!existsSync(path)) await new Promise((resolve) => setImmediate(resolve));
      const engines = await Promise.all([first, openDuckDbEngine({ path })]);
      await engines[0].execute('CREATE TABLE t (i INTEGER)');
      await engines[0].execute('INSERT INTO t VALUES (1)');
      // One instance behind both: each sees the other's writes.
      for (const engine of engines) expect((await engine.query('SELECT COUNT(*) AS n FROM t'))[0]?.n).toBe(1);
      for (const engine of engines) await engine.close();
    }
  }, 300_000);
});
