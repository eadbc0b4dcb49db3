import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir, type TempDir } from '../support/example-mesh.ts';
import { ROOT } from '../support/run-cli.ts';

const run = promisify(execFile);

/** One file of the tarball, as `npm pack --json` lists it. */
interface PackedFile {
  readonly path: string;
}

/** The SDK example in README.md, between its markers, as a user would copy it. */
function readmeSdkExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const match = /<!-- sdk-example:start -->\s*```js\n([\s\S]*?)```\s*<!-- sdk-example:end -->/.exec(readme);
  if (match?.[1] === undefined)
    throw new Error('README.md has no ```js block between the sdk-example markers');
  return match[1];
}

const TS_CONSUMER = `import { type DataProduct, Mesh, MeshError, type ProductDescriptor } from 'meshwork';
import { type DuckDbEngineOptions, openDuckDbEngine } from 'meshwork/engine/duckdb';
import { MeshClient, MeshClientError, type RowsPage } from 'meshwork/client';

export async function describeProduct(store: string, id: string): Promise<ProductDescriptor> {
  const mesh = await Mesh.open({ store });
  try {
    const product: DataProduct = await mesh.product(id);
    return await product.descriptor();
  } catch (error) {
    if (error instanceof MeshError && error.code === 'not_found') throw new Error(\`no \${id}\`, { cause: error });
    throw error;
  } finally {
    await mesh.close();
  }
}
export const openEngine: typeof openDuckDbEngine = openDuckDbEngine;
export type EngineOptions = DuckDbEngineOptions;
export async function firstPage(url: string, token: string): Promise<RowsPage | 'missing'> {
  try {
    return await new MeshClient({ url, token }).query('sales.orders', { limit: 10 });
  } catch (error) {
    if (error instanceof MeshClientError && error.code === 'not_found') return 'missing';
    throw error;
  }
}
`;

// One pack and one install, shared by every assertion below: `npm pack` runs `prepare`, so the tarball is built from
// the sources as they are now, never from a dist/ left by an earlier build.
describe('the npm package', () => {
  let dir: TempDir;
  let consumer: string;
  let files: readonly string[] = [];
  let version = '';

  beforeAll(async () => {
    dir = createTempDir('meshwork-pack-');
    const packed = await run('npm', ['pack', '--json', '--pack-destination', dir.path], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    const [entry] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
      filename: string;
      version: string;
      files: PackedFile[];
    }[];
    if (entry === undefined) throw new Error(`npm pack printed no entry: ${packed.stdout}`);
    files = entry.files.map((f) => f.path);
    version = entry.version;
    consumer = join(dir.path, 'consumer');
    mkdirSync(consumer);
    writeFileSync(
      join(consumer, 'package.json'),
      `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`,
    );
    await run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--registry=https://registry.npmjs.org/',
        join(dir.path, entry.filename),
      ],
      { cwd: consumer, maxBuffer: 64 * 1024 * 1024 },
    );
  }, 600_000);

  afterAll(() => dir?.remove());

  it('ships the compiled library, the command and the examples, and no tests, fixtures or benchmarks', () => {
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    expect(files).toContain('bin/meshwork.js');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('dist/engine/duckdb/index.d.ts');
    expect(files).toContain('dist/contract/schemas/odcs-json-schema-v3.1.0.json');
    expect(files).toContain('examples/sales/product.yaml');
    // The web catalog, built by npm pack's build, which `meshwork serve` serves at / from the package.
    expect(files).toContain('dist/web/index.html');
    expect(files.filter((f) => /(^|\/)(test|tests|fixtures|testdata|bench)\//.test(f))).toEqual([]);
    expect(files.filter((f) => /\.test\.|\.spec\./.test(f))).toEqual([]);
    expect(files.filter((f) => f.startsWith('src/') || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual(
      [],
    );
  });

  it('installs without tsx or TypeScript', () => {
    expect(existsSync(join(consumer, 'node_modules/meshwork/dist/index.js'))).toBe(true);
    expect(existsSync(join(consumer, 'node_modules/@duckdb/node-api'))).toBe(true);
    expect(existsSync(join(consumer, 'node_modules/tsx'))).toBe(false);
    expect(existsSync(join(consumer, 'node_modules/typescript'))).toBe(false);
  });

  it('runs `npx meshwork --version` with plain node', async () => {
    const { stdout } = await run('npx', ['--no-install', 'meshwork', '--version'], { cwd: consumer });
    expect(stdout.trim()).toBe(version);
  });

  it('runs `npx meshwork demo` on a store in the consumer folder', async () => {
    const { stdout } = await run('npx', ['--no-install', 'meshwork', 'demo', '--store', 'demo.duckdb'], {
      cwd: consumer,
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(stdout).toContain('Meshwork demo on store');
    expect(stdout).toContain('sales.transactions');
    expect(existsSync(join(consumer, 'demo.duckdb'))).toBe(true);
  }, 300_000);

  it('runs the README SDK example as written: creates a product, ingests and queries', async () => {
    writeFileSync(join(consumer, 'first.mjs'), readmeSdkExample());
    const { stdout } = await run(process.execPath, ['first.mjs'], { cwd: consumer });
    expect(stdout.trim().split('\n')).toEqual([
      '2 accepted, 1 rejected',
      '[{"sku":"A1","price":3.5},{"sku":"B2","price":12}]',
    ]);
  });

  it('exposes only the SDK, the DuckDB and PostgreSQL engines, the server and the client', async () => {
    const script = `for (const entry of ['meshwork', 'meshwork/engine/duckdb', 'meshwork/engine/postgres', 'meshwork/server', 'meshwork/client', 'meshwork/cli', 'meshwork/dist/index.js']) {
  try { await import(entry); console.log(entry, 'ok'); } catch (error) { console.log(entry, error.code); }
}
`;
    writeFileSync(join(consumer, 'entries.mjs'), script);
    const { stdout } = await run(process.execPath, ['entries.mjs'], { cwd: consumer });
    expect(stdout.trim().split('\n')).toEqual([
      'meshwork ok',
      'meshwork/engine/duckdb ok',
      'meshwork/engine/postgres ok',
      'meshwork/server ok',
      'meshwork/client ok',
      'meshwork/cli ERR_PACKAGE_PATH_NOT_EXPORTED',
      'meshwork/dist/index.js ERR_PACKAGE_PATH_NOT_EXPORTED',
    ]);
  });

  it('ships a client that loads only its own files and the error classes (no DuckDB, no server)', () => {
    const clientDir = join(consumer, 'node_modules/meshwork/dist/client');
    const loaded = readdirSync(clientDir)
      .filter((f) => f.endsWith('.js'))
      .flatMap((f) =>
        [...readFileSync(join(clientDir, f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]),
      );
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((spec) => !/^\.\/[a-z-]+\.js$|^\.\.\/core\/errors\.js$/.test(spec ?? ''))).toEqual(
      [],
    );
  });

  it('type-checks a strict NodeNext TypeScript consumer against the installed declarations', async () => {
    writeFileSync(join(consumer, 'consumer.ts'), TS_CONSUMER);
    writeFileSync(
      join(consumer, 'broken.ts'),
      `import { Mesh } from 'meshwork';\nexport const n: number = Mesh;\n`,
    );
    const tsconfig = (file: string) => ({
      compilerOptions: {
        strict: true,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        noEmit: true,
        skipLibCheck: false,
        // The consumer has no @types/node of its own; the project's copy stands in for it.
        typeRoots: [join(ROOT, 'node_modules/@types')],
        types: ['node'],
      },
      files: [file],
    });
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify(tsconfig('consumer.ts')));
    writeFileSync(join(consumer, 'tsconfig.broken.json'), JSON.stringify(tsconfig('broken.ts')));
    const tsc = join(ROOT, 'node_modules/.bin/tsc');
    await expect(run(tsc, ['-p', 'tsconfig.json'], { cwd: consumer })).resolves.toBeDefined();
    // The same compiler refuses a wrong use, so the check above really read the package's types.
    const broken = await run(tsc, ['-p', 'tsconfig.broken.json'], { cwd: consumer }).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    );
    expect(broken).toContain("Type 'typeof Mesh' is not assignable to type 'number'");
  }, 300_000);
});
