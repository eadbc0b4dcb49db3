import {
  DEFAULT_OPENLINEAGE_NAMESPACE,
  OPENLINEAGE_PRODUCER,
  type OpenLineageDataset,
  type OpenLineageRunEvent,
  RUN_EVENT_SCHEMA,
} from '../lineage/to-openlineage.ts';

/** One run that wrote a product: an ingest or a derived refresh. */
export interface ProductRun {
  /** A UUID naming the run (an ingest run's id). */
  readonly runId: string;
  /** `ingest` or `refresh`: the job is named `<kind>:<product id>`. */
  readonly kind: 'ingest' | 'refresh';
  readonly productId: string;
  readonly eventTime: string;
  /** Product ids read by the run (a refresh's inputs); none for an ingest. */
  readonly inputs: readonly string[];
  /** Counts to keep as an output statistics facet. */
  readonly rowCount?: number;
}

/** Writes an ingest or a refresh as an OpenLineage `COMPLETE` run event (the payload of `ingest.run_completed` and `derived.refreshed`). */
export function toOpenLineageRunPayload(run: ProductRun): OpenLineageRunEvent {
  const ns = DEFAULT_OPENLINEAGE_NAMESPACE;
  const output: OpenLineageDataset = {
    namespace: ns,
    name: run.productId,
    ...(run.rowCount === undefined
      ? {}
      : {
          facets: {
            outputStatistics: {
              _producer: OPENLINEAGE_PRODUCER,
              _schemaURL:
                'https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet',
              rowCount: run.rowCount,
            },
          },
        }),
  };
  return {
    eventType: 'COMPLETE',
    eventTime: run.eventTime,
    producer: OPENLINEAGE_PRODUCER,
    schemaURL: RUN_EVENT_SCHEMA,
    run: { runId: run.runId },
    job: { namespace: ns, name: `${run.kind}:${run.productId}` },
    inputs: run.inputs.map((name) => ({ namespace: ns, name })),
    outputs: [output],
  };
}
