import type { DomainSummary } from '../catalog/domain-registry.ts';
import type { LineageDirection, LineageGraphView } from '../catalog/lineage/lineage-graph.ts';
import type { OutputPort } from '../catalog/output-ports.ts';
import type { SearchFacets, SearchFilters, SearchHit } from '../catalog/search/search-query.ts';
import type { ProductDescriptor, ProductSpec } from '../core/descriptor.ts';
import type { ProductStatus } from '../core/lifecycle.ts';
import type { Lineage } from '../core/lineage.ts';
import type { Scalar } from '../core/schema.ts';
import type { ContractExportFormat } from '../product/contract-export-formats.ts';
import type { OnExisting } from '../product/ingest-result.ts';
import type { ProductMetrics } from '../product/product-metrics.ts';
import type { SlaStatus } from '../product/quality/quality-report.ts';
import type { SegmentDefinition } from '../product/segments/segment-definition.ts';
import type { SegmentStatistics } from '../product/segments/product-segments.ts';
import type { ProductVersionEntry } from '../catalog/product-registry.ts';
import type { DeprecationNotice } from '../product/data-product.ts';

/** How {@link MeshClient} reaches a Meshwork server. */
export interface MeshClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** An API token (`mwt_…`) sent as `Authorization: Bearer`. */
  readonly token?: string;
  /** The fetch to use (default: the global one), e.g. one with a proxy or a test's. */
  readonly fetch?: typeof globalThis.fetch;
}

/** Which rows to read: a filter expression and/or field equalities, columns, order, page size, older major. */
export interface RowQuery {
  /** A filter expression, e.g. `amount > 100 and region = 'Europe'`. */
  readonly filter?: string;
  /** Field equalities, all of which must hold (sent as `field=value` parameters). */
  readonly where?: Readonly<Record<string, Scalar>>;
  readonly columns?: readonly string[];
  /** Each an optionally `desc` field, e.g. `amount desc`. */
  readonly order?: readonly string[];
  /** Rows per page (the server caps it). */
  readonly limit?: number;
  /** An older published major, e.g. `1`. */
  readonly version?: string;
}

/** {@link RowQuery} plus where to continue. */
export interface RowPageQuery extends RowQuery {
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
}

/** One page of rows (PII masked unless the caller's grant allows it). */
export interface RowsPage {
  readonly rows: Record<string, Scalar>[];
  readonly count: number;
  /** Pass as `cursor` for the next page; null on the last one. */
  readonly nextCursor: string | null;
}

/** What a product card holds: descriptor, versions, output ports, deprecation and SLA status. */
export interface ProductCard {
  readonly descriptor: ProductDescriptor;
  readonly versions: ProductVersionEntry[];
  readonly outputPorts: OutputPort[];
  readonly deprecation: DeprecationNotice | null;
  readonly slaStatus: SlaStatus;
}

/** How to create a product: a Meshwork spec, or ODPS/ODCS documents (YAML or JSON text). */
export type CreateProductInput =
  | { readonly spec: ProductSpec | Readonly<Record<string, unknown>>; readonly ifExists?: 'error' | 'reuse' }
  | {
      readonly documents: readonly { readonly name: string; readonly text: string }[];
      readonly ifExists?: 'error' | 'reuse';
    };

/** How to ingest. */
export interface IngestRequestOptions {
  /** A record whose key is stored already: reject (default), skip or update. */
  readonly onExisting?: OnExisting;
  readonly signal?: AbortSignal;
}

/** Export formats the server streams. */
export type RowExportFormat = 'csv' | 'ndjson' | 'parquet';

/** What to export. */
export interface RowExportQuery extends Omit<RowQuery, 'limit'> {
  readonly format?: RowExportFormat;
}

/** A contract document as the server sent it. */
export interface ContractDocument {
  readonly format: ContractExportFormat;
  readonly text: string;
  /** `stored`: the document the version was published from; `generated`: written from the catalog's model. */
  readonly source: 'stored' | 'generated';
  readonly version: string;
}

/** A product's direct lineage and the graph walked from it. */
export interface LineageResult {
  readonly direct: Lineage;
  readonly graph: LineageGraphView;
}

/** How far to walk the lineage graph. */
export interface LineageQuery {
  readonly direction?: LineageDirection;
  readonly depth?: number;
}

/** Usage metrics and SLA status. */
export interface MetricsResult {
  readonly metrics: ProductMetrics;
  readonly sla: SlaStatus;
}

/** Segments and their statistics. */
export interface SegmentsResult {
  readonly segments: SegmentDefinition[];
  readonly statistics: SegmentStatistics;
}

/** Which analytics to compute. */
export interface AnalyticsQuery {
  readonly filter?: string;
  readonly segment?: string;
  readonly top?: number;
  readonly breakdowns?: readonly string[];
}

/** A lifecycle transition. */
export type LifecycleTransition =
  | { readonly action: 'publish' | 'archive' }
  | { readonly action: 'deprecate'; readonly sunset?: string; readonly reason?: string };

/** Search hits with their facets. */
export interface SearchResult {
  readonly hits: SearchHit[];
  readonly facets: SearchFacets;
}

/** Search filters and the page size. */
export type SearchQuery = SearchFilters;

/** Filters of the product list. */
export interface ProductListQuery {
  readonly domain?: string;
  readonly status?: ProductStatus;
}

export type { DomainSummary };
