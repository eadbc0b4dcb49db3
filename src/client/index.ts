/**
 * `meshwork/client`: a typed client for a Meshwork server, built on `fetch`, with no store or server code in it.
 * @example
 * import { MeshClient } from 'meshwork/client';
 * const client = new MeshClient({ url: 'http://127.0.0.1:8080', token: process.env.MESHWORK_TOKEN });
 */
export type {
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
  RowExportFormat,
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
export {
  EventsClient,
  type EventsPage,
  type WebhookDeliveryInfo,
  type WebhookInfo,
} from './events-client.ts';
export { GovernanceClient } from './governance-client.ts';
export { MeshClient } from './mesh-client.ts';
export type { ProductReader } from '../catalog/lineage/impact-analysis.ts';
export {
  isMeshClientError,
  MeshClientContractError,
  MeshClientError,
  type ProblemFields,
} from './mesh-client-error.ts';
export { ContractViolationError, type ErrorCode, type Issue, MeshError } from '../core/errors.ts';
