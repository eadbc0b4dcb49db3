// Build steps around `tsc -p tsconfig.build.json`: `clean` empties dist/ first, so no module deleted from src/
// survives there; `assets` copies the non-TypeScript files that the compiled library reads at run time (through
// `new URL(..., import.meta.url)`) beside the modules that read them, since tsc only emits what it compiles;
// `cli` bundles the compiled CLI for the `meshwork` command (see CLI_BUNDLE below).
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleCli } from './bundle-cli.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Folders under src/ holding files read at run time, copied to the same place under dist/. */
const ASSET_FOLDERS = ['contract/schemas', 'domains/built-in'];
/** Single files under src/ read at run time. */
const ASSET_FILES = ['connectors/worldbank/worldbank-product.yaml'];

/**
 * The `meshwork` command runs the CLI bundled by esbuild (scripts/bundle-cli.mjs), not the ~240 modules tsc emits:
 * resolving and loading each module is most of a short command's start (BENCHMARKS.md, "CLI start-up"). The
 * library entry points keep tsc's module structure.
 */
const CLI_BUNDLE = 'dist/cli-bundle';

const step = process.argv[2];
if (step === 'clean') {
  rmSync(`${ROOT}dist`, { recursive: true, force: true });
} else if (step === 'assets') {
  for (const folder of ASSET_FOLDERS) {
    cpSync(`${ROOT}src/${folder}`, `${ROOT}dist/${folder}`, { recursive: true });
  }
  for (const file of ASSET_FILES) cpSync(`${ROOT}src/${file}`, `${ROOT}dist/${file}`);
} else if (step === 'cli') {
  await bundleCli({ entry: `${ROOT}dist/cli/main.js`, outdir: `${ROOT}${CLI_BUNDLE}`, sourcemap: true });
} else {
  console.error(`usage: node scripts/dist.mjs clean|assets|cli (got ${step ?? 'nothing'})`);
  process.exitCode = 2;
}
