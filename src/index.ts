/**
 * Meshwork's public SDK: open a store, create and use contract-driven data products.
 * @example
 * import { Mesh } from 'meshwork';
 * const mesh = await Mesh.open();
 * const sales = await mesh.product('sales.transactions');
 * const { rows } = await sales.query("region = 'Europe'");
 */

// Opening a store and working with its products.
export { type CreateProductOptions, Mesh, type MeshOptions } from './product/mesh.ts';
export { DataProduct, type DeprecateOptions } from './product/data-product.ts';
export { DEFAULT_STORE, openEngine, resolveStoreLocation, STORE_ENV_VAR } from './engine/open-engine.ts';
export { parseMemoryLimit } from './engine/memory-limit.ts';
export type { LifecycleResult } from './product/lifecycle-result.ts';
export type { PublishSpecOptions, PublishSpecOutcome, PublishStorage } from './product/publish-spec.ts';
export {
  allowedTransitions,
  assertTransition,
  canTransition,
  PRODUCT_STATUSES,
  type ProductStatus,
} from './core/lifecycle.ts';

// Errors: every failure is a MeshError with a machine-readable code.
export {
  ContractViolationError,
  ERROR_CODES,
  type ErrorCode,
  type Issue,
  isMeshError,
  MeshError,
  PolicyDeniedError,
} from './core/errors.ts';
export { PolicyViolationError } from './governance/policy-violation-error.ts';

// Descriptors, schemas and contracts: parsing, product folders, exports to open standards.
export type { ProductDescriptor, ProductSpec } from './core/descriptor.ts';
export { PRODUCT_ID_PATTERN } from './core/descriptor.ts';
export { parseProductSpec, safeParseProductSpec } from './core/parse-product-spec.ts';
export type { Field, Rule, Scalar, Schema } from './core/schema.ts';
export { FIELD_TYPES, type FieldType, STRING_FORMATS, type StringFormat } from './core/field-type.ts';
export type { Sla } from './core/sla.ts';
export { type AccessSpec, type AutoApproveSpec, DEFAULT_PORT } from './core/access-spec.ts';
export type { DerivedSpec } from './core/derived-spec.ts';
export { SEGMENT_NAME_PATTERN, type SegmentSpec } from './core/segment-spec.ts';
export {
  type AnalyticsSpec,
  type BreakdownOrder,
  type BreakdownSpec,
  MEASURE_FUNCTIONS,
  type MeasureFunction,
  type MeasureSpec,
  TIME_BUCKETS,
  type TimeBucket,
} from './core/analytics-spec.ts';
export type { Lineage, LineageEdge, LineageNode } from './core/lineage.ts';
export {
  collectDocumentFiles,
  type ProductFolder,
  readProductFolder,
} from './contract/product-folder.ts';
export type { PublishedDocument, PublishedDocumentRole } from './contract/published-document.ts';
export type { StoredProductDocument } from './catalog/product-document-store.ts';
export {
  CONTRACT_EXPORT_FORMATS,
  type ContractExport,
  type ContractExportFormat,
  exportContract,
} from './product/contract-export.ts';

// Records: validation against a contract, and filters over them.
export {
  assertValidRecord,
  compileRecordValidator,
  type RecordValidator,
  validateRecord,
} from './core/validation/index.ts';
export type { Filter, FilterInput, ObjectFilter } from './core/filter/index.ts';
export { bindFilter, formatFilter, parseFilterExpression, toFilter } from './core/filter/index.ts';

// Writing data: ingest from memory or files (JSON, NDJSON, CSV, Parquet) and the ingest runs journal.
export {
  type IngestOptions,
  type IngestProgress,
  type IngestResult,
  ON_EXISTING_MODES,
  type OnExisting,
  type RejectedRecord,
} from './product/ingest-result.ts';
export {
  guessRecordFormat,
  INVALID_UTF8_POLICIES,
  type InvalidUtf8Policy,
  type OpenRecordFileOptions,
  openRecordFile,
} from './connectors/files/open-record-file.ts';
export type { RecordFormat, RecordSource, SourceRecord } from './connectors/files/record-source.ts';
export type { IngestRun, IngestRunState } from './catalog/write-journal.ts';

// Reading data: queries, exports, declared analytics, segments and derived products.
export type { OrderInput, QueryOptions, QueryResult } from './product/query-options.ts';
export type { ExportOptions, ExportResult } from './product/export-options.ts';
export type {
  AnalyticsOptions,
  AnalyticsResult,
  BreakdownResult,
  MeasureValue,
} from './product/analytics/analytics-result.ts';
export {
  type NewSegment,
  ProductSegments,
  type SegmentStatistic,
  type SegmentStatistics,
} from './product/segments/product-segments.ts';
export type { SegmentDefinition, SegmentSource } from './product/segments/segment-definition.ts';
export type {
  DerivedInput,
  DerivedStatus,
  RefreshResult,
} from './product/derived/refresh-derived-product.ts';
export type { Freshness, ProductMetrics } from './product/product-metrics.ts';

// Quality: contract checks, quality runs and reports, SLA verdicts and earned quality levels.
export {
  type ContractChecks,
  compileContractChecks,
  VALIDITY_CHECK_KINDS,
  type ValidityCheck,
  type ValidityCheckKind,
} from './product/quality/quality-checks.ts';
export {
  type CompletenessItem,
  type ContractCheckItem,
  type ContractChecksResult,
  type QualityReport,
  type QualityRunOptions,
  type QualityVerdict,
  SLA_VERDICTS,
  type SlaStatus,
  type SlaTargetStatus,
  type SlaVerdict,
  type UniquenessItem,
  type ValidityItem,
} from './product/quality/quality-report.ts';
export type { QualityRunSummary } from './catalog/quality-run-store.ts';
export { QUALITY_LEVELS, type QualityLevel } from './core/quality-level.ts';
export {
  DEFAULT_QUALITY_LEVEL_RULES,
  type DerivedQualityLevel,
  deriveQualityLevel,
  EARNED_QUALITY_LEVELS,
  type EarnedQualityLevel,
  type QualityLevelRule,
  type QualityLevelRules,
  type QualityMeasurements,
} from './core/quality-level-rules.ts';

// The catalog: domains, full-text search with facets, usage (the access log), lineage and impact analysis.
export type { Domain, DomainDefinition, DomainSummary } from './catalog/domain-registry.ts';
export {
  parseSearchFilters,
  SEARCH_FACETS,
  type SearchFacets,
  type SearchFilters,
  type SearchHit,
  type SearchHits,
  type SearchMatch,
} from './catalog/search/search-query.ts';
export { PLACE_WEIGHTS, SEARCH_PLACES, type SearchPlace } from './catalog/search/search-terms.ts';
export type { AccessLogEntry, AccessLogQuery, Operation, UsageDay } from './catalog/access-log.ts';
export { OPERATIONS } from './catalog/access-log.ts';
export {
  LINEAGE_DIRECTIONS,
  type LineageDirection,
  type LineageGraphNode,
  type LineageGraphView,
  type LineageWalkOptions,
} from './catalog/lineage/lineage-graph.ts';
export {
  IMPACT_LEVELS,
  IMPACT_RULE,
  type ImpactedProduct,
  type ImpactLevel,
  type ImpactReport,
  type ProductReader,
} from './catalog/lineage/impact-analysis.ts';
export type { ImpactOptions, LineageExportOptions } from './product/catalog-queries.ts';
export { toLineageMermaid } from './catalog/lineage/to-lineage-mermaid.ts';
export {
  type OpenLineageDataset,
  type OpenLineageOptions,
  type OpenLineageRunEvent,
  toOpenLineage,
} from './catalog/lineage/to-openlineage.ts';

// Governance: principals and tokens, access requests and grants, PII masking, notifications.
export { Governance } from './governance/governance.ts';
export {
  LOCAL_ADMIN,
  PRINCIPAL_KINDS,
  type Principal,
  type PrincipalKind,
  parseRole,
  type Role,
} from './governance/principal.ts';
export type { StoredPrincipal } from './governance/principal-store.ts';
export type { CreatedToken, CreateTokenOptions, NewPrincipal } from './governance/identity-service.ts';
export type { TokenInfo } from './governance/token-store.ts';
export type { AccessListOptions } from './governance/access-listing.ts';
export type { AccessRequestInput, ApproveOptions } from './governance/access-service.ts';
export {
  ACCESS_REQUEST_STATUSES,
  type AccessRequest,
  type AccessRequestStatus,
  type Grant,
} from './governance/access-store.ts';
export { type MaskingKey, maskValue, REDACTED } from './governance/masking.ts';
export type { MigrationReport, PinnedConsumer } from './governance/migration-report.ts';
export type { Notification } from './governance/notification-store.ts';

// Policies as code: CEL policies, their evaluation and explanation, lifecycle guards and compliance.
export { DEFAULT_POLICIES } from './governance/default-policies.ts';
export { parsePolicies, safeParsePolicies } from './governance/parse-policies.ts';
export {
  formatViolation,
  POLICY_EVENTS,
  POLICY_SEVERITIES,
  type PolicyDefinition,
  type PolicyEvaluation,
  type PolicyEvent,
  type PolicyResult,
  type PolicyScope,
  type PolicySeverity,
  type PolicyViolation,
  type StoredPolicy,
} from './governance/policy.ts';
export {
  evaluatePolicy,
  evaluatePolicySet,
  explainPolicy,
  type PolicyExplanation,
} from './governance/evaluate-policies.ts';
export type { Offender, TraceNode, TraceValue } from './governance/explain-expression.ts';
export type { GrantFacts, PolicyRequest, PolicySubject, QualityFacts } from './governance/policy-input.ts';
export type {
  AppliedPolicy,
  ApplyPoliciesResult,
  PolicyHookContext,
  PolicyTestResult,
} from './governance/policy-service.ts';
export type { PolicyVersion, StoredPolicyResult } from './governance/policy-store.ts';
export {
  type GuardedStatus,
  type GuardFailure,
  LIFECYCLE_GUARDS,
  type LifecycleGuard,
} from './governance/lifecycle-guards.ts';
export type { ComplianceReport, DomainCompliance, ProductCompliance } from './governance/compliance.ts';

// The audit log: a keyed hash chain, its entries and their verification.
export { AuditKey } from './governance/audit-key.ts';
export {
  AUDIT_OUTCOMES,
  AUDIT_PROBLEMS,
  type AuditAnchor,
  type AuditEntry,
  type AuditHead,
  type AuditOutcome,
  type AuditProblem,
  type AuditQuery,
  type AuditVerification,
  type AuditVerifyOptions,
  parseAuditAnchor,
} from './governance/audit-log.ts';

// Backup and restore: a consistent snapshot of a whole store, restored onto any engine (docs/operations.md).
export {
  type BackupProgress,
  type BackupResult,
  createBackup,
  type CreateBackupOptions,
} from './backup/create-backup.ts';
export { restoreBackup, type RestoreBackupOptions, type RestoreResult } from './backup/restore-backup.ts';
export {
  type BackupManifest,
  type BackupPlatformTable,
  type BackupProductTable,
  type BackupSequence,
  MANIFEST_FILE,
  readBackupManifest,
  verifyBackupFiles,
} from './backup/backup-manifest.ts';

// User-written SQL (derived products, SQL quality rules): checked on the engine's own parse tree.
export {
  type AllowedUserSql,
  assertUserSqlAllowed,
  checkUserSql,
  type RefusedNode,
  type UserSqlRules,
} from './governance/user-sql-guard.ts';
export { USER_SQL_FUNCTIONS } from './governance/user-sql-functions.ts';
export type {
  CteDefinition,
  FunctionCall,
  FunctionKind,
  OtherNode,
  Projection,
  QueryShape,
  RelationRef,
} from './engine/query-shape.ts';

// The storage engine port (DuckDB's implementation is `meshwork/engine/duckdb`).
export type {
  CarryOverReject,
  CarryOverResult,
  CarryOverSpec,
  Engine,
  EngineCapabilities,
  IsolatingEngine,
  QueryDescriber,
} from './engine/engine.ts';
export { canIsolate, EXPORT_FORMATS, type ExportFormat } from './engine/engine.ts';

// Built-in products of the original demo (generic, sales, customers).
export {
  BUILT_IN_PRODUCTS,
  type BuiltInProduct,
  type InstalledProducts,
  type InstallOptions,
  installBuiltInProducts,
  readBuiltInDescriptor,
} from './domains/built-in-products.ts';

// Events (the outbox), live tailing and webhooks (docs/events.md).
export type { EventQuery } from './catalog/events/event-outbox.ts';
export { MAX_EVENT_PAGE } from './catalog/events/event-outbox.ts';
export type { EventPayloadKind, EventType, MeshEvent } from './catalog/events/event-types.ts';
export { EVENT_TYPES, isEventType } from './catalog/events/event-types.ts';
export type { DeliveryStatus, Webhook, WebhookDelivery } from './catalog/events/webhook-store.ts';
export type { TailOptions } from './product/events/mesh-events.ts';
export type { RegisteredWebhook, WebhookRegistration } from './product/webhooks/mesh-webhooks.ts';
export { MeshWebhooks } from './product/webhooks/mesh-webhooks.ts';
export type {
  DispatchPass,
  WebhookDispatcherOptions,
  WebhookLogger,
  WebhookPayload,
} from './product/webhooks/webhook-dispatcher.ts';
export { WebhookDispatcher } from './product/webhooks/webhook-dispatcher.ts';
export type { WebhookSignatureHeaders } from './product/webhooks/webhook-signature.ts';
export { generateWebhookSecret, signWebhook } from './product/webhooks/webhook-signature.ts';
export type { WebhookTargetPolicy } from './product/webhooks/webhook-target.ts';
