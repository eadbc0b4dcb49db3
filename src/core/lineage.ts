/** The kind of node at the far end of a lineage edge. */
export const LINEAGE_NODE_KINDS = ['product', 'external'] as const;
/** A lineage node kind. */
export type LineageNodeKind = (typeof LINEAGE_NODE_KINDS)[number];

/** A directed edge: data flows from `from` into `to`. */
export interface LineageEdge {
  /** Source node id: a product id, or an external source such as `worldbank:api.worldbank.org/v2`. */
  readonly from: string;
  /** Target node id (a product id). */
  readonly to: string;
  /** Optional note on how data flows, e.g. `join on customer_id`. */
  readonly description?: string;
  /** When the edge was recorded (ISO 8601). */
  readonly createdAt: string;
}

/** A related product as shown in a lineage view. */
export interface LineageNode {
  readonly id: string;
  readonly kind: LineageNodeKind;
  readonly domain?: string;
  readonly owner?: string;
  readonly version?: string;
  readonly status?: string;
  readonly description?: string;
  /** When the edge to this node was recorded. */
  readonly linkedAt: string;
}

/** A product's direct upstream dependencies and downstream consumers. */
export interface Lineage {
  readonly productId: string;
  readonly upstream: readonly LineageNode[];
  readonly downstream: readonly LineageNode[];
}
