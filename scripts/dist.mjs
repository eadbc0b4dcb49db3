// Build steps around `tsc -p tsconfig.build.json`: `clean` empties dist/ first, so no module deleted from src/
// survives there; `assets` copies the non-TypeScript files that the compiled library reads at run time (through
// `new URL(..., import.meta.url)`) beside the modules that read them, since tsc only emits what it compiles;
// `cli` bundles the compiled CLI for the `meshwork` command (see CLI_BUNDLE below).
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Folders under src/ holding files read at run time, copied to the same place under dist/. */
const ASSET_FOLDERS = ['contract/schemas', 'domains/built-in'];
/** Single files under src/ read at run time. */
const ASSET_FILES = ['connectors/worldbank/worldbank-product.yaml'];

/**
 * The `meshwork` command runs the CLI bundled by esbuild into a few files (one per lazily loaded command, split by
 * `await import`), not the ~240 modules tsc emits: resolving and loading each module is most of a short command's
 * start (see BENCHMARKS.md, "CLI start-up"). The library entry points keep tsc's module structure. Dependencies stay
 * in node_modules. A module that finds a file through `import.meta.url` gets its compiled location's URL instead, so
 * the files `assets` copies are found from the bundle as from the module itself.
 */
const CLI_BUNDLE = 'dist/cli-bundle';

async function bundleCli() {
  const { build } = await import('esbuild');
  const outdir = `${ROOT}${CLI_BUNDLE}`;
  await build({
    entryPoints: [`${ROOT}dist/cli/main.js`],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [
      {
        name: 'module-location',
        setup(b) {
          b.onLoad({ filter: /\.js$/ }, (args) => {
            const contents = readFileSync(args.path, 'utf8');
            if (!contents.includes('import.meta.url')) return undefined;
            const location = relative(outdir, args.path).split('\\').join('/');
            return {
              contents: contents.replaceAll(
                'import.meta.url',
                `new URL(${JSON.stringify(location)}, import.meta.url).href`,
              ),
              loader: 'js',
              resolveDir: dirname(args.path),
            };
          });
        },
      },
    ],
  });
}

const step = process.argv[2];
if (step === 'clean') {
  rmSync(`${ROOT}dist`, { recursive: true, force: true });
} else if (step === 'assets') {
  for (const folder of ASSET_FOLDERS) {
    cpSync(`${ROOT}src/${folder}`, `${ROOT}dist/${folder}`, { recursive: true });
  }
  for (const file of ASSET_FILES) cpSync(`${ROOT}src/${file}`, `${ROOT}dist/${file}`);
} else if (step === 'cli') {
  await bundleCli();
} else {
  console.error(`usage: node scripts/dist.mjs clean|assets|cli (got ${step ?? 'nothing'})`);
  process.exitCode = 2;
}
