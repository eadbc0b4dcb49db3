/**
 * Template stores: a populated store (the example products, published, with principals…) is built once per test
 * run, and each test gets its own copy of the file instead of building it again. Templates live in the run's folder
 * that `test/support/template-setup.ts` (vitest globalSetup) creates and removes; the first worker that needs one
 * builds it under a private name and renames it into place, so workers never read a half-built file. Outside a
 * configured run (no folder provided) every call builds the store itself.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { openDuckDbEngine } from '../../src/engine/duckdb/duckdb-engine.ts';

const building = new Map<string, Promise<string>>();

function templateFolder(): string | undefined {
  try {
    return inject('meshworkTemplates');
  } catch {
    return undefined;
  }
}

/**
 * Puts a store at `target` that `build` would have made: a copy of the run's template named `key` (built by `build`
 * on first use), with a masking secret of its own as every real store has; without a template folder, `build`
 * writes `target` directly. `build` must close the store it writes.
 */
export async function storeFromTemplate(
  key: string,
  target: string,
  build: (store: string) => Promise<void>,
): Promise<void> {
  const folder = templateFolder();
  if (folder === undefined) {
    await build(target);
    return;
  }
  const template = await templatePath(folder, key, build);
  copyFileSync(template, target);
  const engine = await openDuckDbEngine({ path: target });
  try {
    await engine.execute("UPDATE mw_secrets SET value = $1 WHERE name = 'masking'", [
      randomBytes(32).toString('hex'),
    ]);
  } finally {
    await engine.close();
  }
}

function templatePath(folder: string, key: string, build: (store: string) => Promise<void>): Promise<string> {
  const path = join(folder, `${key}.duckdb`);
  let pending = building.get(path);
  if (pending === undefined) {
    pending = (async () => {
      if (existsSync(path)) return path;
      const own = join(folder, `${key}.${process.pid}.${randomBytes(4).toString('hex')}.duckdb`);
      await build(own);
      // Closing checkpointed the store, so the file alone holds it; a rename is atomic, and a twin build is as good.
      if (existsSync(`${own}.wal`)) throw new Error(`template ${key} left a write-ahead log behind`);
      renameSync(own, path);
      return path;
    })();
    building.set(path, pending);
  }
  return pending;
}
