// Build steps around `tsc -p tsconfig.build.json`: `clean` empties dist/ first, so no module deleted from src/
// survives there; `assets` copies the non-TypeScript files that the compiled library reads at run time (through
// `new URL(..., import.meta.url)`) beside the modules that read them, since tsc only emits what it compiles.
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Folders under src/ holding files read at run time, copied to the same place under dist/. */
const ASSET_FOLDERS = ['contract/schemas', 'domains/built-in'];
/** Single files under src/ read at run time. */
const ASSET_FILES = ['connectors/worldbank/worldbank-product.yaml'];

const step = process.argv[2];
if (step === 'clean') {
  rmSync(`${ROOT}dist`, { recursive: true, force: true });
} else if (step === 'assets') {
  for (const folder of ASSET_FOLDERS) {
    cpSync(`${ROOT}src/${folder}`, `${ROOT}dist/${folder}`, { recursive: true });
  }
  for (const file of ASSET_FILES) cpSync(`${ROOT}src/${file}`, `${ROOT}dist/${file}`);
} else {
  console.error(`usage: node scripts/dist.mjs clean|assets (got ${step ?? 'nothing'})`);
  process.exitCode = 2;
}
