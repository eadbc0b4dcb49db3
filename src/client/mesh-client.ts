import type { DomainDefinition, DomainSummary } from '../catalog/domain-registry.ts';
import type { ImpactReport } from '../catalog/lineage/impact-analysis.ts';
import type { QualityRunSummary } from '../catalog/quality-run-store.ts';
import type { ProductDescriptor } from '../core/descriptor.ts';
import type { ObjectFilter } from '../core/filter/to-filter.ts';
import type { AnalyticsResult } from '../product/analytics/analytics-result.ts';
import type { ContractExportFormat } from '../product/contract-export-formats.ts';
import type { IngestResult } from '../product/ingest-result.ts';
import type { LifecycleResult } from '../product/lifecycle-result.ts';
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
  RowExportQuery,
  RowPageQuery,
  RowQuery,
  RowsPage,
  SearchQuery,
  SearchResult,
  SegmentsResult,
} from './client-types.ts';
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

  /** Reads every page of rows, following the cursors. */
  async *pages(id: string, query: RowQuery = {}): AsyncGenerator<RowsPage, void, undefined> {
    let cursor: string | undefined;
    for (;;) {
      const page = await this.query(id, { ...query, ...(cursor === undefined ? {} : { cursor }) });
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
      query: { onExisting: options.onExisting },
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
      query: { onExisting: options.onExisting },
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
    const { format, ...rows } = query;
    const response = await this.#http.send({
      path: `${product(id)}/export`,
      query: { ...rowParams(rows), format },
    });
    if (response.body === null) return new Blob([]).stream();
    return response.body;
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

  /** The product's segments and their statistics. */
  segments(id: string): Promise<SegmentsResult> {
    return this.#http.json({ path: `${product(id)}/segments` });
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
