import type { ProductDescriptor } from '../../core/descriptor.ts';
import type { LineageGraph } from './lineage-graph.ts';

/** How sure the analysis is that a downstream product is hit by the change, from surest to least sure. */
export const IMPACT_LEVELS = ['affected', 'potentially_affected', 'unlikely'] as const;
/** An impact level. */
export type ImpactLevel = (typeof IMPACT_LEVELS)[number];

/** Someone who read a product (a `query` or `export` in the access log). */
export interface ProductReader {
  readonly actor: string;
  /** How many reads the access log holds. */
  readonly reads: number;
  readonly lastReadAt: string;
}

/** One downstream product the change reaches. */
export interface ImpactedProduct {
  readonly productId: string;
  readonly level: ImpactLevel;
  /** Why it got this level, in a sentence. */
  readonly reason: string;
  /** Edges from the changed product. */
  readonly distance: number;
  /** The shortest chain of products from the changed product to this one, both included. */
  readonly path: readonly string[];
  readonly owner?: string;
  readonly domain?: string;
  readonly status?: string;
  /**
   * Who reads this product: its consumers, who see the change when it reaches it. Null when the asker may not see
   * them: like `topConsumers`, only the product's owners and platform admins are shown who reads it.
   */
  readonly readers: readonly ProductReader[] | null;
}

/** What changing a product (or one of its fields) reaches downstream. */
export interface ImpactReport {
  readonly productId: string;
  /** The changed field, or null for a change of the product as a whole. */
  readonly field: string | null;
  /** The rule the levels follow. */
  readonly rule: string;
  /** Who reads the changed product itself: they see the change first. Null when the asker may not see them. */
  readonly readers: readonly ProductReader[] | null;
  /** Every downstream product, surest impact first, then nearest, then by id. */
  readonly products: readonly ImpactedProduct[];
}

/** The rule {@link analyzeImpact} follows, as shown to users. */
export const IMPACT_RULE =
  'Every product downstream of the changed product is listed. Without a field, all of them are affected. With a ' +
  'field, a direct consumer whose derived SQL reads the changed product is affected when the SQL names the field or ' +
  'selects *, and unlikely to be affected when it does not; a direct consumer without SQL (lineage declared as ' +
  'upstream only) is potentially affected. A product further down inherits from the products it reads: below an ' +
  'affected or potentially affected product it is potentially affected (column-level lineage is not tracked), below ' +
  'only unlikely ones it is unlikely.';

/** Blanks out comments, string literals and `{{…}}` placeholders, so that only SQL code is searched. */
function sqlCode(sql: string): string {
  return sql
    .replaceAll(/\{\{[^{}]*\}\}/g, ' ')
    .replaceAll(/'(?:[^']|'')*'/g, "''")
    .replaceAll(/--[^\n]*/g, ' ')
    .replaceAll(/\/\*[\s\S]*?\*\//g, ' ');
}

/** Tells whether SQL code names a column (as a word, quoted or not) or selects every column with `*`. */
export function sqlReadsField(sql: string, field: string): 'names' | 'star' | false {
  const code = sqlCode(sql);
  const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (new RegExp(`(^|[^A-Za-z0-9_])"?${escaped}"?($|[^A-Za-z0-9_])`, 'i').test(code)) return 'names';
  const withoutCounts = code.replaceAll(/\(\s*\*\s*\)/g, '()');
  if (/\bselect\s+(distinct\s+)?\*|\.\s*\*/i.test(withoutCounts)) return 'star';
  return false;
}

const RANK: Readonly<Record<ImpactLevel, number>> = { affected: 0, potentially_affected: 1, unlikely: 2 };

/** The level a product inherits from one it reads. */
function inherit(level: ImpactLevel): ImpactLevel {
  return level === 'unlikely' ? 'unlikely' : 'potentially_affected';
}

/** Everything {@link analyzeImpact} needs, loaded by the caller. */
export interface ImpactInput {
  readonly product: ProductDescriptor;
  readonly field: string | null;
  readonly graph: LineageGraph;
  /** Descriptors of the downstream products (those missing are treated as products without SQL). */
  readonly descriptors: ReadonlyMap<string, ProductDescriptor>;
  /** Readers by product id; a product missing here has its readers hidden from the asker (null in the report). */
  readonly readers: ReadonlyMap<string, readonly ProductReader[]>;
}

/** Classifies every product downstream of a changed product (or field) by {@link IMPACT_RULE}. */
export function analyzeImpact(input: ImpactInput): ImpactReport {
  const root = input.product.id;
  const walk = input.graph.walk(root, 'down');
  const levels = new Map<string, { level: ImpactLevel; reason: string }>();
  const field = input.field;
  for (const e of input.graph.outOf(root)) {
    const child = input.descriptors.get(e.to);
    if (field === null) {
      levels.set(e.to, { level: 'affected', reason: `reads ${root} directly` });
      continue;
    }
    const reads = child?.derived?.inputs.includes(root) ? sqlReadsField(child.derived.sql, field) : undefined;
    if (reads === undefined) {
      levels.set(e.to, {
        level: 'potentially_affected',
        reason: `declares ${root} as upstream; no derived SQL tells which fields it reads`,
      });
    } else if (reads === false) {
      levels.set(e.to, {
        level: 'unlikely',
        reason: `its derived SQL reads ${root} but never names ${field}`,
      });
    } else {
      levels.set(e.to, {
        level: 'affected',
        reason:
          reads === 'names' ? `its derived SQL names ${field}` : `its derived SQL selects * from its inputs`,
      });
    }
  }
  // Propagate to products further down until nothing changes; levels only get surer, so this ends (cycles too).
  let changed = true;
  while (changed) {
    changed = false;
    for (const id of walk.distances.keys()) {
      if (id === root) continue;
      const current = levels.get(id);
      if (current === undefined) continue;
      for (const e of input.graph.outOf(id)) {
        if (e.to === root) continue;
        const candidate = inherit(current.level);
        const known = levels.get(e.to);
        if (known === undefined || RANK[candidate] < RANK[known.level]) {
          levels.set(e.to, {
            level: candidate,
            reason:
              field === null
                ? `reads ${id}, which is downstream of ${root}`
                : `reads ${id}, which is ${current.level.replace('_', ' ')}`,
          });
          changed = true;
        }
      }
    }
  }
  const paths = shortestPaths(input.graph, root);
  const products: ImpactedProduct[] = [];
  for (const [id, { level, reason }] of levels) {
    const d = input.descriptors.get(id);
    products.push({
      productId: id,
      level: field === null ? 'affected' : level,
      reason,
      distance: walk.distances.get(id) ?? 0,
      path: paths.get(id) ?? [root, id],
      ...(d ? { owner: d.owner, domain: d.domain, status: d.status } : {}),
      readers: input.readers.get(id) ?? null,
    });
  }
  products.sort(
    (a, b) =>
      RANK[a.level] - RANK[b.level] ||
      a.distance - b.distance ||
      (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0),
  );
  return { productId: root, field, rule: IMPACT_RULE, readers: input.readers.get(root) ?? null, products };
}

function shortestPaths(graph: LineageGraph, root: string): Map<string, string[]> {
  const paths = new Map<string, string[]>([[root, [root]]]);
  let frontier = [root];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const e of graph.outOf(id)) {
        if (paths.has(e.to)) continue;
        paths.set(e.to, [...(paths.get(id) ?? [root]), e.to]);
        next.push(e.to);
      }
    }
    frontier = next;
  }
  return paths;
}
