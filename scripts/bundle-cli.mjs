// Bundles the CLI with esbuild into a few ES modules (one per lazily loaded command, split at each `await import`),
// for a fast start: the build bundles the compiled dist/cli/main.js for the `meshwork` command, and the test run
// bundles src/cli/main.ts once for the CLI processes the tests spawn (test/support/template-setup.ts).
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

/**
 * Bundles `entry` into `outdir`. DuckDB's native binding and pino stay in node_modules, so `outdir` must lie inside the project. A module
 * that finds a file through `import.meta.url` gets its own location's URL instead of the bundle's, so the files
 * beside it (schemas, built-in products, examples) are found from the bundle as from the module itself.
 * @param {{ entry: string, outdir: string, sourcemap?: boolean }} options
 */
export async function bundleCli({ entry, outdir, sourcemap = false }) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [entry],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Pure-JavaScript dependencies are bundled too (resolving a few hundred package files at every start cost more
    // than the command itself); DuckDB's native binding, pino (its transports load files by path in worker threads)
    // cli-progress (loaded with a dynamic import whose named export the bundle's CommonJS wrapper loses) and the
    // PostgreSQL driver with libpg-query (whose WebAssembly loader finds its .wasm file through `__dirname`) stay in
    // node_modules, loaded from there when a command needs them.
    external: [
      '@duckdb/node-bindings',
      '@duckdb/node-bindings-*',
      'pino',
      'pino-*',
      'thread-stream',
      'cli-progress',
      'pg',
      'pg-*',
      'libpg-query',
    ],
    // Bundled CommonJS code calls `require` for Node's built-ins: give the ES module bundle a real one.
    banner: {
      js: "import { createRequire as __meshworkCreateRequire } from 'node:module';\nconst require = __meshworkCreateRequire(import.meta.url);",
    },
    sourcemap,
    // The maps point at the files they came from (dist/ and node_modules/, both installed) instead of copying them.
    sourcesContent: false,
    logLevel: 'warning',
    plugins: [
      {
        // DuckDB's Node API is CommonJS spread over ~180 files that `require` would resolve and read one by one at
        // every start: bundle it (only its native binding, @duckdb/node-bindings, stays in node_modules).
        name: 'bundled-duckdb-api',
        setup(b) {
          b.onLoad({ filter: /[\\/]engine[\\/]duckdb[\\/]duckdb-api\.[jt]s$/ }, () => ({
            contents: "import * as api from '@duckdb/node-api';\nexport const duckdbApi = api;\n",
            loader: 'js',
          }));
        },
      },
      {
        name: 'module-location',
        setup(b) {
          b.onLoad({ filter: /\.[jt]s$/ }, (args) => {
            const contents = readFileSync(args.path, 'utf8');
            if (!contents.includes('import.meta.url')) return undefined;
            const location = relative(outdir, args.path).split('\\').join('/');
            return {
              contents: contents.replaceAll(
                'import.meta.url',
                `new URL(${JSON.stringify(location)}, import.meta.url).href`,
              ),
              loader: args.path.endsWith('.ts') ? 'ts' : 'js',
              resolveDir: dirname(args.path),
            };
          });
        },
      },
    ],
  });
}
