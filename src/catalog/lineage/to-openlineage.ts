import { createHash } from 'node:crypto';
import type { ProductDescriptor } from '../../core/descriptor.ts';
import type { LineageGraphView } from './lineage-graph.ts';

/** The OpenLineage namespace products are named in unless another is given. */
export const DEFAULT_OPENLINEAGE_NAMESPACE = 'meshwork';
/** The producer URI written into every event and facet. */
export const OPENLINEAGE_PRODUCER = 'https://github.com/meshwork/meshwork';

/** The JSON schema of an OpenLineage run event. */
export const RUN_EVENT_SCHEMA = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
const FACET_SCHEMAS = {
  schema: 'https://openlineage.io/spec/facets/1-0-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet',
  documentation:
    'https://openlineage.io/spec/facets/1-0-0/DocumentationDatasetFacet.json#/$defs/DocumentationDatasetFacet',
  ownership:
    'https://openlineage.io/spec/facets/1-0-0/OwnershipDatasetFacet.json#/$defs/OwnershipDatasetFacet',
  sql: 'https://openlineage.io/spec/facets/1-0-0/SQLJobFacet.json#/$defs/SQLJobFacet',
} as const;

/** A dataset as OpenLineage names it, with optional facets. */
export interface OpenLineageDataset {
  readonly namespace: string;
  readonly name: string;
  readonly facets?: Readonly<Record<string, unknown>>;
}

/** One OpenLineage `RunEvent`: the job producing a product read its inputs and wrote it. */
export interface OpenLineageRunEvent {
  readonly eventType: 'COMPLETE';
  readonly eventTime: string;
  readonly producer: string;
  readonly schemaURL: string;
  readonly run: { readonly runId: string };
  readonly job: {
    readonly namespace: string;
    readonly name: string;
    readonly facets?: Readonly<Record<string, unknown>>;
  };
  readonly inputs: readonly OpenLineageDataset[];
  readonly outputs: readonly OpenLineageDataset[];
}

/** Options for {@link toOpenLineage}. */
export interface OpenLineageOptions {
  /** The namespace of product datasets and jobs (default `meshwork`). */
  readonly namespace?: string;
}

/** A stable UUID (version 5 layout) from text, so that exporting the same lineage twice gives the same run ids. */
function stableUuid(text: string): string {
  const h = createHash('sha1').update(text).digest('hex');
  const variant = ((Number.parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/** Names a lineage node as an OpenLineage dataset: products in the namespace, `scheme:location` sources by scheme. */
function datasetName(
  id: string,
  kind: 'product' | 'external',
  namespace: string,
): { namespace: string; name: string } {
  if (kind === 'product') return { namespace, name: id };
  const colon = id.indexOf(':');
  return { namespace: id.slice(0, colon), name: id.slice(colon + 1) };
}

function facet(schema: keyof typeof FACET_SCHEMAS, body: Record<string, unknown>): Record<string, unknown> {
  return { _producer: OPENLINEAGE_PRODUCER, _schemaURL: FACET_SCHEMAS[schema], ...body };
}

function productFacets(d: ProductDescriptor): Record<string, unknown> {
  return {
    schema: facet('schema', {
      fields: d.schema.fields.map((f) => ({
        name: f.name,
        type: f.type,
        ...(f.description ? { description: f.description } : {}),
      })),
    }),
    ...(d.description ? { documentation: facet('documentation', { description: d.description }) } : {}),
    ownership: facet('ownership', { owners: [{ name: `team:${d.owner}`, type: 'OWNER' }] }),
  };
}

/**
 * Exports a lineage view as OpenLineage run events: one `COMPLETE` event per product in the view, whose job (named
 * after the product) read the product's upstream nodes in the view and wrote the product. Product datasets carry
 * schema, documentation and ownership facets; derived products' jobs carry their SQL. External sources appear as
 * input datasets only, named by their scheme (`worldbank:api.worldbank.org/v2` → namespace `worldbank`).
 * @example JSON.stringify(toOpenLineage(view, descriptors))
 */
export function toOpenLineage(
  view: LineageGraphView,
  descriptors: ReadonlyMap<string, ProductDescriptor>,
  options: OpenLineageOptions = {},
): OpenLineageRunEvent[] {
  const namespace = options.namespace ?? DEFAULT_OPENLINEAGE_NAMESPACE;
  const kinds = new Map(view.nodes.map((n) => [n.id, n.kind]));
  const events: OpenLineageRunEvent[] = [];
  for (const node of view.nodes) {
    if (node.kind !== 'product') continue;
    const d = descriptors.get(node.id);
    const incoming = view.edges.filter((e) => e.to === node.id);
    const times = [d?.updatedAt, ...incoming.map((e) => e.createdAt)].filter(
      (t): t is string => t !== undefined,
    );
    const eventTime = times.sort().at(-1) ?? new Date(0).toISOString();
    const inputs = incoming.map((e) => {
      const upstream = descriptors.get(e.from);
      return {
        ...datasetName(e.from, kinds.get(e.from) ?? 'external', namespace),
        ...(upstream ? { facets: productFacets(upstream) } : {}),
      };
    });
    events.push({
      eventType: 'COMPLETE',
      eventTime,
      producer: OPENLINEAGE_PRODUCER,
      schemaURL: RUN_EVENT_SCHEMA,
      run: { runId: stableUuid(`${node.id}@${d?.version ?? ''}@${eventTime}`) },
      job: {
        namespace,
        name: node.id,
        ...(d?.derived ? { facets: { sql: facet('sql', { query: d.derived.sql }) } } : {}),
      },
      inputs,
      outputs: [{ namespace, name: node.id, ...(d ? { facets: productFacets(d) } : {}) }],
    });
  }
  return events;
}
