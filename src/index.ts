/**
 * Meshwork's public SDK: open a store, create and use contract-driven data products.
 * @example
 * import { Mesh } from 'meshwork';
 * const mesh = await Mesh.open();
 * const sales = await mesh.product('sales.transactions');
 * const { rows } = await sales.query("region = 'Europe'");
 */
export type { AccessLogEntry, AccessLogQuery, Operation } from './catalog/access-log.ts';
export { OPERATIONS } from './catalog/access-log.ts';
export { guessRecordFormat, openRecordFile } from './connectors/files/open-record-file.ts';
export type { RecordFormat, RecordSource, SourceRecord } from './connectors/files/record-source.ts';
export type { ProductDescriptor, ProductSpec } from './core/descriptor.ts';
export { PRODUCT_ID_PATTERN } from './core/descriptor.ts';
export {
  ContractViolationError,
  ERROR_CODES,
  type ErrorCode,
  type Issue,
  isMeshError,
  MeshError,
  PolicyDeniedError,
} from './core/errors.ts';
export { FIELD_TYPES, type FieldType, STRING_FORMATS, type StringFormat } from './core/field-type.ts';
export type { Filter, FilterInput, ObjectFilter } from './core/filter/index.ts';
export { bindFilter, formatFilter, parseFilterExpression, toFilter } from './core/filter/index.ts';
export {
  allowedTransitions,
  assertTransition,
  canTransition,
  PRODUCT_STATUSES,
  type ProductStatus,
} from './core/lifecycle.ts';
export type { Lineage, LineageEdge, LineageNode } from './core/lineage.ts';
export { parseProductSpec, safeParseProductSpec } from './core/parse-product-spec.ts';
export { QUALITY_LEVELS, type QualityLevel } from './core/quality-level.ts';
export type { Field, Rule, Scalar, Schema } from './core/schema.ts';
export type { Sla } from './core/sla.ts';
export {
  assertValidRecord,
  compileRecordValidator,
  type RecordValidator,
  validateRecord,
} from './core/validation/index.ts';
export type { Engine, EngineCapabilities } from './engine/engine.ts';
export { DEFAULT_STORE, openEngine, resolveStoreLocation, STORE_ENV_VAR } from './engine/open-engine.ts';
export { DataProduct, type DeprecateOptions } from './product/data-product.ts';
export type { IngestOptions, IngestProgress, IngestResult, RejectedRecord } from './product/ingest-result.ts';
export type { LifecycleResult } from './product/lifecycle-result.ts';
export { type CreateProductOptions, Mesh, type MeshOptions } from './product/mesh.ts';
export type { Freshness, ProductMetrics } from './product/product-metrics.ts';
export type { OrderInput, QueryOptions, QueryResult } from './product/query-options.ts';
