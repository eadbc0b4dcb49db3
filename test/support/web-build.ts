/**
 * Builds the web catalog from web/ with Vite into a temp folder, so the browser tests run the
 * current sources and never a dist/web/ that may be stale or missing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './run-cli.ts';

/** Builds web/ into a new temp folder (index.html and assets/) and returns it; the caller removes it. */
export async function buildWebCatalog(): Promise<string> {
  const { build } = await import('vite');
  const outDir = mkdtempSync(join(tmpdir(), 'meshwork-web-'));
  await build({
    configFile: join(ROOT, 'web', 'vite.config.ts'),
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
  return outDir;
}
