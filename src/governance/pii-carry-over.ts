import type { QueryShape } from '../engine/query-shape.ts';

/** An output field that carries an upstream PII column without being classified PII itself. */
export interface PiiCarryOver {
  readonly field: string;
  /** The upstream column it comes from, as `product.id.column`. */
  readonly source: string;
}

/**
 * Finds the output fields of a derived product's SQL that may carry an upstream PII column but are not marked PII.
 * The tracking is by column name and conservative: a select-list item (in any query block, CTE or subquery) that
 * reads a PII column, or a column computed from one, makes its output name PII; `*` and `COLUMNS(…)` keep names, so
 * a PII column copied by a star stays PII under its own name; a CTE's column list renames its body's columns by
 * position (all of them count when the body has a star), and a table alias's column list (`FROM t AS x(a, b)`)
 * makes every name PII as soon as the query moves any PII at all. A field named like a PII column is
 * therefore taken for one even when it is computed from something else: rename it or mark it PII.
 * @param piiColumns upstream PII columns: lowercase column name → `product.id.column`.
 * @param fields the derived product's output fields.
 */
export function findPiiCarryOver(
  shape: QueryShape,
  piiColumns: ReadonlyMap<string, string>,
  fields: readonly { readonly name: string; readonly pii?: boolean }[],
): PiiCarryOver[] {
  const tainted = new Map(piiColumns);
  const sourceOf = (reads: readonly string[]): string | undefined => {
    for (const r of reads) {
      const s = tainted.get(r.toLowerCase());
      if (s !== undefined) return s;
    }
    return undefined;
  };
  let moved: string | undefined;
  for (let changed = true; changed; ) {
    changed = false;
    const taint = (name: string, source: string): void => {
      if (!tainted.has(name.toLowerCase())) {
        tainted.set(name.toLowerCase(), source);
        changed = true;
      }
    };
    for (const p of shape.projections) {
      const source = sourceOf(p.reads);
      if (source !== undefined) moved ??= source;
      if (p.star && tainted.size > 0) moved ??= [...tainted.values()][0];
      if (p.name !== undefined && source !== undefined) taint(p.name, source);
      for (const r of p.replaces) {
        const s = sourceOf(r.reads);
        if (s !== undefined) taint(r.name, s);
      }
    }
    for (const c of shape.ctes) {
      c.columnAliases.forEach((alias, i) => {
        const column = c.columns?.[i];
        // A star or an unknown body hides which column lands where: every renamed column counts.
        const exact = c.columns !== undefined && !c.columns.some((p) => p.star);
        const source = exact ? (column === undefined ? undefined : sourceOf(column.reads)) : moved;
        if (source !== undefined) taint(alias, source);
      });
    }
    if (moved !== undefined)
      for (const r of shape.relations) for (const a of r.columnAliases) taint(a, moved);
  }
  return fields.flatMap((f) => {
    const source = tainted.get(f.name.toLowerCase());
    return f.pii === true || source === undefined ? [] : [{ field: f.name, source }];
  });
}
