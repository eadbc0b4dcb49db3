import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_FOLDER, BUILT_IN_PRODUCTS } from './built-in-products.ts';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const WORLDBANK_SPEC = fileURLToPath(
  new URL('../connectors/worldbank/worldbank-product.yaml', import.meta.url),
);

describe('the built-in products shipped inside the library', () => {
  it('are the files examples/ shows people, byte for byte', () => {
    const folders = readdirSync(BUILT_IN_FOLDER);
    expect(folders.sort()).toEqual(['customer_revenue', 'customers', 'sales']);
    for (const folder of folders) {
      for (const file of readdirSync(join(BUILT_IN_FOLDER, folder))) {
        expect(readFileSync(join(BUILT_IN_FOLDER, folder, file), 'utf8'), `${folder}/${file}`).toBe(
          readFileSync(join(EXAMPLES, folder, file), 'utf8'),
        );
      }
    }
    expect(readFileSync(WORLDBANK_SPEC, 'utf8')).toBe(
      readFileSync(join(EXAMPLES, 'worldbank/product.yaml'), 'utf8'),
    );
  });

  it('are read from the library folder, never from examples/', () => {
    for (const product of BUILT_IN_PRODUCTS) {
      expect(product.descriptor.startsWith(BUILT_IN_FOLDER)).toBe(true);
      if (product.sampleData !== undefined) expect(product.sampleData.startsWith(BUILT_IN_FOLDER)).toBe(true);
    }
  });
});

describe('library code', () => {
  it('reads no file from examples/ at run time (the CLI demo alone shows the examples)', () => {
    const SRC = fileURLToPath(new URL('../', import.meta.url));
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!['cli', 'testdata'].includes(entry.name)) walk(path);
        } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
          if (/new URL\([^)]*examples\//.test(readFileSync(path, 'utf8')))
            offenders.push(path.slice(SRC.length));
        }
      }
    };
    walk(SRC);
    expect(offenders).toEqual([]);
  });
});
