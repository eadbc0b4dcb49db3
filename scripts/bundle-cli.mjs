// Bundles the CLI with esbuild into a few ES modules (one per lazily loaded command, split at each `await import`),
// for a fast start: the build bundles the compiled dist/cli/main.js for the `meshwork` command, and the test run
// bundles src/cli/main.ts once for the CLI processes the tests spawn (test/support/template-setup.ts).
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

/**
 * Bundles `entry` into `outdir`. Dependencies stay in node_modules, so `outdir` must lie inside the project. A module
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
    packages: 'external',
    sourcemap,
    logLevel: 'warning',
    plugins: [
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
