import { PRODUCT_ID_PATTERN, type ProductDescriptor } from '../../core/descriptor.ts';
import { MeshError } from '../../core/errors.ts';
import type { LineageEdge, LineageNodeKind } from '../../core/lineage.ts';

/** Which way a lineage walk goes from its root: to the sources, to the consumers, or both. */
export const LINEAGE_DIRECTIONS = ['up', 'down', 'both'] as const;
/** A lineage walk direction. */
export type LineageDirection = (typeof LINEAGE_DIRECTIONS)[number];

/** Options for a lineage walk. */
export interface LineageWalkOptions {
  /** Default `both`. */
  readonly direction?: LineageDirection;
  /** Most edges to follow from the root (1 = direct neighbours only); unlimited when left out. */
  readonly depth?: number;
}

/** A node of a lineage view, with what the catalog knows about it. */
export interface LineageGraphNode {
  readonly id: string;
  readonly kind: LineageNodeKind;
  readonly name?: string;
  readonly domain?: string;
  readonly owner?: string;
  readonly version?: string;
  readonly status?: string;
  /** Edges from the root going upstream to this node, or null when the walk did not reach it that way. */
  readonly upstreamDistance: number | null;
  /** Edges from the root going downstream to this node, or null when the walk did not reach it that way. */
  readonly downstreamDistance: number | null;
  /** Whether the node has more lineage in the walked direction that the depth limit cut off. */
  readonly truncated: boolean;
}

/** A part of the lineage graph: a walk from one root, or the whole graph when `root` is null. */
export interface LineageGraphView {
  readonly root: string | null;
  readonly direction: LineageDirection;
  /** The depth limit of the walk, or null for none. */
  readonly depth: number | null;
  /** Nodes in a stable order: the root first, then by id. */
  readonly nodes: readonly LineageGraphNode[];
  /** Edges between the view's nodes, ordered by source then target. */
  readonly edges: readonly LineageEdge[];
}

/** What a one-way walk found: each node's distance, the edges followed and the nodes cut off by the depth. */
export interface LineageWalk {
  readonly distances: ReadonlyMap<string, number>;
  readonly edges: readonly LineageEdge[];
  readonly truncated: ReadonlySet<string>;
}

/**
 * Checks lineage walk options given as plain data.
 * @throws MeshError `invalid_input` for an unknown direction or a depth that is not a whole number of 1 or more.
 */
export function parseLineageWalkOptions(input: {
  readonly direction?: unknown;
  readonly depth?: unknown;
}): LineageWalkOptions {
  const out: { direction?: LineageDirection; depth?: number } = {};
  if (input.direction !== undefined) {
    if (!(LINEAGE_DIRECTIONS as readonly unknown[]).includes(input.direction)) {
      throw new MeshError(
        'invalid_input',
        `lineage direction must be one of ${LINEAGE_DIRECTIONS.join(', ')}; got ${String(input.direction)}`,
      );
    }
    out.direction = input.direction as LineageDirection;
  }
  if (input.depth !== undefined) {
    const d = input.depth;
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1) {
      throw new MeshError(
        'invalid_input',
        `lineage depth must be a whole number of 1 or more (leave it out for no limit); got ${String(d)}`,
      );
    }
    out.depth = d;
  }
  return out;
}

function edgeKey(e: LineageEdge): string {
  return `${e.from}\u0000${e.to}`;
}

function byEdge(a: LineageEdge, b: LineageEdge): number {
  return a.from === b.from ? (a.to < b.to ? -1 : a.to > b.to ? 1 : 0) : a.from < b.from ? -1 : 1;
}

/** The lineage graph of a whole mesh, held in memory for walks: edges by source and by target. */
export class LineageGraph {
  readonly #edges: readonly LineageEdge[];
  readonly #out = new Map<string, LineageEdge[]>();
  readonly #in = new Map<string, LineageEdge[]>();

  constructor(edges: readonly LineageEdge[]) {
    this.#edges = [...edges].sort(byEdge);
    const add = (map: Map<string, LineageEdge[]>, key: string, e: LineageEdge) => {
      const list = map.get(key);
      if (list) list.push(e);
      else map.set(key, [e]);
    };
    for (const e of this.#edges) {
      add(this.#out, e.from, e);
      add(this.#in, e.to, e);
    }
  }

  /** Every edge, ordered by source then target. */
  get edges(): readonly LineageEdge[] {
    return this.#edges;
  }

  /** Every node that has at least one edge, ordered by id. */
  nodeIds(): string[] {
    return [...new Set([...this.#out.keys(), ...this.#in.keys()])].sort();
  }

  /** Tells whether a node has any edge. */
  has(id: string): boolean {
    return this.#out.has(id) || this.#in.has(id);
  }

  /** Edges into a node (from its direct upstream). */
  into(id: string): readonly LineageEdge[] {
    return this.#in.get(id) ?? [];
  }

  /** Edges out of a node (to its direct downstream). */
  outOf(id: string): readonly LineageEdge[] {
    return this.#out.get(id) ?? [];
  }

  /**
   * Walks breadth-first from `root` upstream or downstream, at most `depth` edges far. Each node is visited once,
   * so cycles end the walk instead of looping.
   */
  walk(root: string, direction: 'up' | 'down', depth?: number): LineageWalk {
    const distances = new Map<string, number>([[root, 0]]);
    const edges = new Map<string, LineageEdge>();
    const truncated = new Set<string>();
    let frontier = [root];
    let level = 0;
    while (frontier.length > 0) {
      const next: string[] = [];
      for (const id of frontier) {
        const around = direction === 'up' ? this.into(id) : this.outOf(id);
        if (around.length === 0) continue;
        if (depth !== undefined && level >= depth) {
          truncated.add(id);
          continue;
        }
        for (const e of around) {
          edges.set(edgeKey(e), e);
          const other = direction === 'up' ? e.from : e.to;
          if (!distances.has(other)) {
            distances.set(other, level + 1);
            next.push(other);
          }
        }
      }
      frontier = next;
      level += 1;
    }
    return { distances, edges: [...edges.values()].sort(byEdge), truncated };
  }

  /**
   * Builds the view of a walk from `root` (or of the whole graph when `root` is null), describing product nodes
   * from their descriptors.
   */
  view(
    root: string | null,
    options: LineageWalkOptions,
    describe: ReadonlyMap<string, ProductDescriptor>,
    /** More nodes for the whole graph (root null): catalog products without any edge are still part of it. */
    isolated: readonly string[] = [],
  ): LineageGraphView {
    const direction = options.direction ?? 'both';
    const up = root !== null && direction !== 'down' ? this.walk(root, 'up', options.depth) : undefined;
    const down = root !== null && direction !== 'up' ? this.walk(root, 'down', options.depth) : undefined;
    const ids =
      root === null
        ? [...new Set([...this.nodeIds(), ...isolated])]
        : [...new Set([root, ...(up?.distances.keys() ?? []), ...(down?.distances.keys() ?? [])])];
    const edges =
      root === null
        ? [...this.#edges]
        : [
            ...new Map([...(up?.edges ?? []), ...(down?.edges ?? [])].map((e) => [edgeKey(e), e])).values(),
          ].sort(byEdge);
    const ordered = ids.filter((id) => id !== root).sort();
    if (root !== null) ordered.unshift(root);
    const nodes = ordered.map((id): LineageGraphNode => {
      const d = describe.get(id);
      const kind: LineageNodeKind = PRODUCT_ID_PATTERN.test(id) ? 'product' : 'external';
      return {
        id,
        kind,
        ...(d
          ? { name: d.name, domain: d.domain, owner: d.owner, version: d.version, status: d.status }
          : {}),
        upstreamDistance: up?.distances.get(id) ?? null,
        downstreamDistance: down?.distances.get(id) ?? null,
        truncated: (up?.truncated.has(id) ?? false) || (down?.truncated.has(id) ?? false),
      };
    });
    return { root, direction, depth: options.depth ?? null, nodes, edges };
  }
}
