import { type DerivedSpec, findInputPlaceholders } from './derived-spec.ts';
import type { Path, SpecReader } from './spec-reader.ts';

/**
 * Reads a descriptor's `derived` section: the SQL transformation and the input products its placeholders name, each
 * of which must be listed in `upstream`.
 */
export function readDerivedSpec(
  r: SpecReader,
  raw: unknown,
  path: Path,
  productId: string,
  upstream: readonly string[],
): DerivedSpec | undefined {
  const obj = r.object(raw, path, 'derived');
  if (!obj) return undefined;
  const sql = r.string(obj, 'sql', path, true);
  const description = r.string(obj, 'description', path, false);
  if (sql === undefined) return undefined;
  const at: Path = [...path, 'sql'];
  const placeholders = findInputPlaceholders(sql);
  let ok = true;
  for (const p of placeholders) {
    if (!p.valid) {
      r.add(at, 'placeholder', `{{${p.id}}} is not a product id; write input products as {{domain.name}}`);
      ok = false;
    } else if (p.id === productId) {
      r.add(at, 'placeholder', `a derived product cannot read itself ({{${p.id}}})`);
      ok = false;
    } else if (!upstream.includes(p.id)) {
      r.add(
        at,
        'placeholder',
        `the SQL reads {{${p.id}}}, which is not in upstream; add ${p.id} to upstream`,
      );
      ok = false;
    }
  }
  if (placeholders.length === 0) {
    r.add(
      at,
      'placeholder',
      'the SQL reads no input product; name each input as a placeholder such as {{sales.transactions}}',
    );
    ok = false;
  }
  // What the SQL reads and calls is decided on the engine's parse tree when it is created, published or refreshed
  // (governance/user-sql-guard.ts); reading the descriptor only binds placeholders.
  if (!ok) return undefined;
  const inputs = placeholders.map((p) => p.id);
  return description === undefined ? { sql, inputs } : { sql, inputs, description };
}
