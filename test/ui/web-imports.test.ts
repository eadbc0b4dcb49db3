import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const WEB = fileURLToPath(new URL('../../web/src/', import.meta.url));

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(folder, e.name)) : /\.tsx?$/.test(e.name) ? [join(folder, e.name)] : [],
  );
}

// dependency-cruiser's swc parser does not read TSX, so this test keeps web/ on its one way into src/: the
// meshwork/client entry, which loads no store or server code (src/client/client-imports.test.ts).
it('imports nothing from src/ but the meshwork/client entry', () => {
  const files = sources(WEB);
  expect(files.length).toBeGreaterThan(5);
  const offending: string[] = [];
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(/from '((?:\.\.\/)+src\/[^']+)'/g)) {
      if (!m[1]?.endsWith('/src/client/index.ts')) offending.push(`${file}: ${m[1]}`);
    }
  }
  expect(offending).toEqual([]);
});
