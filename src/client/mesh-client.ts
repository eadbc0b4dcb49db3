import type { DomainDefinition, DomainSummary } from '../catalog/domain-registry.ts';
import type { ImpactReport, ProductReader } from '../catalog/lineage/impact-analysis.ts';
import type { LineageGraphView } from '../catalog/lineage/lineage-graph.ts';
import type { OpenLineageRunEvent } from '../catalog/lineage/to-openlineage.ts';
import type { QualityRunSummary } from '../catalog/quality-run-store.ts';
import type { ProductDescriptor } from '../core/descriptor.ts';
import type { ObjectFilter } from '../core/filter/to-filter.ts';
import type { AnalyticsResult } from '../product/analytics/analytics-result.ts';
import type { ContractExportFormat } from '../product/contract-export-formats.ts';
import type { IngestResult } from '../product/ingest-result.ts';
import type { LifecycleResult } from '../product/lifecycle-result.ts';
import type { PublishSpecOutcome } from '../product/publish-spec.ts';
import type { QualityReport } from '../product/quality/quality-report.ts';
import type {
  AnalyticsQuery,
  ContractDocument,
  CreateProductInput,
  IngestRequestOptions,
  LifecycleTransition,
  LineageQuery,
  LineageResult,
  MeshClientOptions,
  MetricsResult,
  ProductCard,
  ProductListQuery,
  PublishVersionInput,
  RowExportQuery,
  RowExportStream,
  RowPageQuery,
  RowQuery,
  RowsPage,
  SearchQuery,
  SearchResult,
  NewSegmentInput,
  SegmentMembersQuery,
  SegmentsResult,
} from './client-types.ts';
import type { SegmentDefinition } from '../product/segments/segment-definition.ts';
import type { SegmentStatistic } from '../product/segments/product-segments.ts';
import { EventsClient } from './events-client.ts';
import { GovernanceClient } from './governance-client.ts';
import { HttpTransport, type QueryValues, type RequestBody } from './http-transport.ts';

const product = (id: string): string => `/products/${encodeURIComponent(id)}`;

/** The query parameters of a rows request: the reserved ones and a `field=value` per equality. */
function rowParams(q: RowPageQuery): QueryValues {
  const params: Record<string, string | number | readonly string[] | undefined> = {
    filter: q.filter,
    columns: q.columns,
    order: q.order,
    limit: q.limit,
    offset: q.offset,
    cursor: q.cursor,
    version: q.version,
  };
  for (const [field, value] of Object.entries(q.where ?? {})) {
    if (field in params)
      throw new TypeError(`where: ${field} is a reserved parameter of the rows API; use filter instead`);
    params[field] = value === null ? 'null' : String(value);
  }
  return params;
}

/**
 * A typed client for a Meshwork server (`meshwork serve`): the SDK's operations over HTTP, built on `fetch`. Every
 * error answer is thrown as a {@link MeshClientError} whose `code` is the SDK's, so callers branch as with a local mesh.
 * @example
 * const client = new MeshClient({ url: 'http://127.0.0.1:8080', token: process.env.MESHWORK_TOKEN });
 * for await (const row of client.rows('sales.transactions', { filter: 'amount > 100' })) console.log(row);
 */
export class MeshClient {
  readonly #http: HttpTransport;
  /** Policies, compliance, principals, tokens, access requests, grants, notifications and the audit log. */
  readonly governance: GovernanceClient;
  /** The events outbox and webhooks. */
  readonly events: EventsClient;

  constructor(options: MeshClientOptions) {
    this.#http = new HttpTransport(options);
    this.governance = new GovernanceClient(this.#http);
    this.events = new EventsClient(this.#http);
  }

  /** The server's base URL. */
  get url(): string {
    return this.#http.url;
  }

  /** Lists product descriptors, optionally of one domain or status. */
  async listProducts(query: ProductListQuery = {}): Promise<ProductDescriptor[]> {
    const r = await this.#http.json<{ products: ProductDescriptor[] }>({
      path: '/products',
      query: { ...query },
    });
    return r.products;
  }

  /**
   * Creates a draft product from a Meshwork spec or from ODPS/ODCS documents and returns its descriptor.
   * @throws MeshClientError `already_exists` (unless ifExists is reuse), `contract_violation` with issues, `unauthorized`.
   */
  createProduct(input: CreateProductInput): Promise<ProductDescriptor> {
    return this.#http.json({ method: 'POST', path: '/products', json: input });
  }

  /**
   * Publishes a spec (or ODPS/ODCS documents) as the product's current version, as `meshwork publish <folder>` does:
   * creates the product, or upgrades it after the breaking-change check, migrating storage; an unchanged version is
   * left as it is.
   * @throws MeshClientContractError for an undeclared breaking change; MeshClientError `conflict` for a refused
   * publish, `policy_denied` with every violation, `unauthorized`.
   */
  publishVersion(id: string, input: PublishVersionInput): Promise<PublishSpecOutcome> {
    return this.#http.json({ method: 'POST', path: `${product(id)}/versions`, json: input });
  }

  /**
   * Reads a product card: descriptor, versions, output ports, deprecation and SLA status.
   * @throws MeshClientError `not_found` for an unknown product.
   */
  product(id: string): Promise<ProductCard> {
    return this.#http.json({ path: product(id) });
  }

  /**
   * Reads one page of rows; pass the page's `nextCursor` as `cursor` for the next one.
   * @throws MeshClientError `invalid_input` for a bad filter, column or cursor; `not_found`; `unauthorized`.
   */
  query(id: string, query: RowPageQuery = {}): Promise<RowsPage> {
    return this.#http.json({ path: `${product(id)}/rows`, query: rowParams(query) });
  }

  /** Reads every page of rows, following the cursors (an `offset` skips rows before the first page only). */
  async *pages(
    id: string,
    query: RowQuery & { readonly offset?: number } = {},
  ): AsyncGenerator<RowsPage, void, undefined> {
    let cursor: string | undefined;
    const { offset, ...rest } = query;
    for (;;) {
      const page = await this.query(
        id,
        cursor === undefined ? { ...rest, ...(offset === undefined ? {} : { offset }) } : { ...rest, cursor },
      );
      yield page;
      if (page.nextCursor === null) return;
      cursor = page.nextCursor;
    }
  }

  /** Reads every matching row, one at a time, fetching page after page as it goes. */
  async *rows(id: string, query: RowQuery = {}): AsyncGenerator<Record<string, unknown>, void, undefined> {
    for await (const page of this.pages(id, query)) yield* page.rows;
  }

  /**
   * Ingests records sent as one JSON array; rejected records are in the result with their issues.
   * @throws MeshClientError `not_found`, `unauthorized`, `conflict` (archived product), `invalid_input` (body too large).
   */
  ingest(id: string, records: readonly unknown[], options: IngestRequestOptions = {}): Promise<IngestResult> {
    return this.#http.json({
      method: 'POST',
      path: `${product(id)}/rows`,
      query: { onExisting: options.onExisting, batchSize: options.batchSize, source: options.source },
      json: records,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  }

  /**
   * Ingests NDJSON streamed from `body` (one record a line), without holding it in memory; each rejected record carries
   * its line number.
   */
  ingestNdjson(
    id: string,
    body: ReadableStream<Uint8Array> | string | Uint8Array,
    options: IngestRequestOptions = {},
  ): Promise<IngestResult> {
    return this.#http.json({
      method: 'POST',
      path: `${product(id)}/rows`,
      query: { onExisting: options.onExisting, batchSize: options.batchSize, source: options.source },
      body: body as RequestBody,
      contentType: 'application/x-ndjson',
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  }

  /**
   * Changes fields on the rows matching `filter` (required) and returns how many changed.
   * @throws MeshClientError `invalid_input`, `contract_violation` for a change breaking the contract.
   */
  async update(
    id: string,
    filter: string | ObjectFilter,
    changes: Readonly<Record<string, unknown>>,
  ): Promise<number> {
    const r = await this.#http.json<{ updated: number }>({
      method: 'PATCH',
      path: `${product(id)}/rows`,
      json: { filter, changes },
    });
    return r.updated;
  }

  /** Removes the rows matching the filter expression (required) and returns how many went. */
  async remove(id: string, filter: string): Promise<number> {
    const r = await this.#http.json<{ removed: number }>({
      method: 'DELETE',
      path: `${product(id)}/rows`,
      query: { filter },
    });
    return r.removed;
  }

  /** Exports matching rows as CSV (default), NDJSON or Parquet; the answer's body is the file, streamed. */
  async export(id: string, query: RowExportQuery = {}): Promise<ReadableStream<Uint8Array>> {
    return (await this.exportStream(id, query)).body;
  }

  /**
   * Exports matching rows like {@link MeshClient.export}, and also says how many rows the file holds and which PII
   * fields the server wrote masked for the caller.
   */
  async exportStream(id: string, query: RowExportQuery = {}): Promise<RowExportStream> {
    const { format, formulaEscape, ...rows } = query;
    const response = await this.#http.send({
      path: `${product(id)}/export`,
      query: {
        ...rowParams(rows),
        format,
        formulaEscape: formulaEscape === undefined ? undefined : String(formulaEscape),
      },
    });
    const count = response.headers.get('x-meshwork-rows');
    let maskedFields: RowExportStream['maskedFields'] = {};
    try {
      const parsed: unknown = JSON.parse(response.headers.get('x-meshwork-masked-fields') ?? '{}');
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        maskedFields = parsed as RowExportStream['maskedFields'];
    } catch {
      // A server without the header (or a garbled one) says nothing about masking.
    }
    return {
      body: response.body ?? new Blob([]).stream(),
      rows: count === null || !/^\d+$/.test(count) ? null : Number(count),
      maskedFields,
    };
  }

  /** The contract of the current version as ODCS (default), ODPS, JSON Schema, SQL DDL, Mermaid or Markdown. */
  async contract(id: string, format: ContractExportFormat = 'odcs'): Promise<ContractDocument> {
    const response = await this.#http.send({ path: `${product(id)}/contract`, query: { format } });
    return {
      format,
      text: await response.text(),
      source: response.headers.get('x-meshwork-source') === 'stored' ? 'stored' : 'generated',
      version: response.headers.get('x-meshwork-version') ?? '',
    };
  }

  /** The product's direct lineage and the graph walked from it. */
  lineage(id: string, query: LineageQuery = {}): Promise<LineageResult> {
    return this.#http.json({ path: `${product(id)}/lineage`, query: { ...query } });
  }

  /** The whole lineage graph (every product and external source), optionally walked in one direction to a depth. */
  lineageGraph(query: LineageQuery = {}): Promise<LineageGraphView> {
    return this.#http.json({ path: '/lineage', query: { ...query } });
  }

  /** Lineage as OpenLineage RunEvents, one per product: walked from `product`, or the whole graph. */
  async openLineage(
    query: LineageQuery & { readonly product?: string; readonly namespace?: string } = {},
  ): Promise<OpenLineageRunEvent[]> {
    return (
      await this.#http.json<{ events: OpenLineageRunEvent[] }>({
        path: '/lineage/openlineage',
        query: { ...query },
      })
    ).events;
  }

  /** What a change of the product (or of one of its fields) reaches downstream. */
  impact(id: string, options: { readonly field?: string } = {}): Promise<ImpactReport> {
    return this.#http.json({ path: `${product(id)}/impact`, query: { field: options.field } });
  }

  /** Runs the quality checks now; the run is kept in the history unless `store` is false. */
  checkQuality(id: string, options: { readonly store?: boolean } = {}): Promise<QualityReport> {
    return this.#http.json({ method: 'POST', path: `${product(id)}/quality`, json: { ...options } });
  }

  /** The product's quality runs, newest first. */
  async qualityHistory(id: string, limit?: number): Promise<QualityRunSummary[]> {
    const r = await this.#http.json<{ runs: QualityRunSummary[] }>({
      path: `${product(id)}/quality`,
      query: { limit },
    });
    return r.runs;
  }

  /** One stored quality run with every check. */
  qualityRun(id: string, runId: number): Promise<QualityReport> {
    return this.#http.json({ path: `${product(id)}/quality/${runId}` });
  }

  /** Usage metrics, freshness and SLA status. */
  metrics(id: string): Promise<MetricsResult> {
    return this.#http.json({ path: `${product(id)}/metrics` });
  }

  /** Who reads the product most (owners of its domain and admins only; 403 for anyone else). */
  async topConsumers(id: string, limit = 10): Promise<ProductReader[]> {
    const r = await this.#http.json<{ consumers: ProductReader[] }>({
      path: `${product(id)}/consumers`,
      query: { limit },
    });
    return r.consumers;
  }

  /** The product's segments and their statistics. */
  segments(id: string): Promise<SegmentsResult> {
    return this.#http.json({ path: `${product(id)}/segments` });
  }

  /** The product's segment definitions, without counting their members (nothing is read from the data). */
  async segmentDefinitions(id: string): Promise<SegmentDefinition[]> {
    return (
      await this.#http.json<{ segments: SegmentDefinition[] }>({
        path: `${product(id)}/segments`,
        query: { statistics: 'false' },
      })
    ).segments;
  }

  /** One segment with its current count and share. @throws MeshClientError `not_found` naming the segments there are. */
  segment(id: string, name: string): Promise<SegmentStatistic> {
    return this.#http.json({ path: `${product(id)}/segments/${encodeURIComponent(name)}` });
  }

  /** One page of a segment's members (read, masked and logged as rows are); pass `nextCursor` as `cursor` for more. */
  segmentMembers(id: string, name: string, query: SegmentMembersQuery = {}): Promise<RowsPage> {
    return this.#http.json({
      path: `${product(id)}/segments/${encodeURIComponent(name)}/rows`,
      query: { ...query },
    });
  }

  /**
   * Keeps a new segment in the catalog and returns it with how many records match now.
   * @throws MeshClientError `already_exists`, `invalid_input` for a bad name or filter, `unauthorized` for non-owners.
   */
  createSegment(id: string, segment: NewSegmentInput): Promise<SegmentStatistic> {
    return this.#http.json({ method: 'POST', path: `${product(id)}/segments`, json: segment });
  }

  /**
   * Removes a segment created in the catalog and returns what was removed.
   * @throws MeshClientError `not_found`, `conflict` for a segment the contract declares.
   */
  removeSegment(id: string, name: string): Promise<SegmentDefinition & { readonly removed: true }> {
    return this.#http.json({
      method: 'DELETE',
      path: `${product(id)}/segments/${encodeURIComponent(name)}`,
    });
  }

  /** The product's declared analytics: breakdowns and totals, optionally filtered or of one segment. */
  analytics(id: string, query: AnalyticsQuery = {}): Promise<AnalyticsResult> {
    return this.#http.json({ path: `${product(id)}/analytics`, query: { ...query } });
  }

  /**
   * Publishes, deprecates or archives the product; a refused transition is `ok: false` with its reasons.
   * @throws MeshClientError `not_found`, `unauthorized`.
   */
  transition(id: string, transition: LifecycleTransition): Promise<LifecycleResult> {
    return this.#http.json({ method: 'POST', path: `${product(id)}/lifecycle`, json: transition });
  }

  /** Searches the catalog; the result has the hits and their facets. */
  search(text: string, query: SearchQuery = {}): Promise<SearchResult> {
    return this.#http.json({ path: '/search', query: { q: text, ...query } });
  }

  /** Every domain with its description, owner team and product counts. */
  async domains(): Promise<DomainSummary[]> {
    return (await this.#http.json<{ domains: DomainSummary[] }>({ path: '/domains' })).domains;
  }

  /** Creates a domain or sets its description and owner team. */
  defineDomain(input: DomainDefinition): Promise<DomainSummary> {
    return this.#http.json({ method: 'POST', path: '/domains', json: input });
  }
}
