import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIR = fileURLToPath(new URL('.', import.meta.url));
/** What the client may load at run time: itself and Meshwork's error classes. Everything else is `import type`. */
const ALLOWED = [/^\.\/[a-z-]+\.ts$/, /^\.\.\/core\/errors\.ts$/];

/** The modules a file loads when it runs: imports and re-exports that are not type-only. */
function runtimeImports(text: string): string[] {
  const out: string[] = [];
  const statement = /^(import|export)\s+(type\s+)?([^;]*?)\s+from\s+'([^']+)'/gms;
  for (const m of text.matchAll(statement)) {
    if (m[2] !== undefined) continue;
    const what = m[3] ?? '';
    // `import { type A, type B } from` is erased too when every name is a type.
    const names = /^\{([^}]*)\}$/s.exec(what.trim())?.[1];
    if (names?.split(',').every((n) => n.trim() === '' || n.trim().startsWith('type '))) continue;
    out.push(m[4] ?? '');
  }
  for (const m of text.matchAll(/^import\s+'([^']+)'/gm)) out.push(m[1] ?? '');
  return out;
}

describe('meshwork/client', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

  it('loads nothing but its own files and the error classes at run time (no store, engine or server code)', () => {
    expect(files.length).toBeGreaterThan(3);
    const offending = files.flatMap((f) =>
      runtimeImports(readFileSync(`${DIR}${f}`, 'utf8'))
        .filter((spec) => !ALLOWED.some((a) => a.test(spec)))
        .map((spec) => `${f} → ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it('recognises a value import as one to check', () => {
    expect(
      runtimeImports("import { Mesh } from '../product/mesh.ts';\nimport type { X } from './x.ts';"),
    ).toEqual(['../product/mesh.ts']);
  });
});
