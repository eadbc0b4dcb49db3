// Public API of the contract folder: reading and writing ODCS/ODPS documents, mapping them to and from
// Meshwork's model, validation and lint, quality checks, breaking-change diffs and exports.

export {
  type CompileQualityOptions,
  compileContractLevelChecks,
  compileQualityChecks,
} from './compile-quality-checks.ts';
export {
  CHANGE_CATALOG,
  CHANGE_KINDS,
  type ChangeCode,
  type ChangeKind,
  type ContractChange,
  type ContractDiff,
} from './contract-change.ts';
export {
  type DiffInput,
  diffContracts,
  diffDeclared,
  diffVersions,
  type ProductVersion,
} from './contract-diff.ts';
export { diffSchemaObjects } from './diff-schema-objects.ts';
export { type ContractToSpecOptions, contractToSpec, MESHWORK_RULE_ENGINE } from './contract-to-spec.ts';
export { type DataContractToSpecOptions, dataContractModels, dataContractToSpec } from './dcs-to-spec.ts';
export { DOCUMENT_KINDS, type DocumentKind, detectDocumentKind } from './document-kind.ts';
export { type DpdsToSpecOptions, dpdsToSpec } from './dpds-to-spec.ts';
export { formatDiffJUnit, formatDiffText, type JUnitOptions } from './format-diff.ts';
export { OFFICIAL_SCHEMA_VERSIONS } from './official-schemas.ts';
export { looksLikePii, PII_CLASSIFICATIONS, PII_TAGS } from './pii-rule.ts';
export {
  formatProblemsText,
  hasErrors,
  PROBLEM_CATALOG,
  PROBLEM_SEVERITIES,
  type Problem,
  type ProblemCode,
  type ProblemSeverity,
  type ValidationResult,
} from './problem.ts';
export {
  collectDocumentFiles,
  isMeshworkSpec,
  meshworkSpecProblems,
  type ProductFolder,
  type ReadProductFolderOptions,
  readProductFolder,
  specFromDocuments,
  validateProductFiles,
} from './product-folder.ts';
export { DEFAULT_DOMAIN, toIdPart } from './product-id.ts';
export type { InputPortRef, ProductLookup } from './product-rules.ts';
export {
  PUBLISHED_DOCUMENT_ROLES,
  type PublishedDocument,
  type PublishedDocumentRole,
  publishedContract,
  samePublishedData,
} from './published-document.ts';
export {
  describeQualityCheck,
  FORMAT_PATTERNS,
  measuredQuantity,
  QUALITY_CHECK_KINDS,
  type QualityCheck,
  type QualityCheckBase,
  type QualityCheckKind,
  type QualitySeverity,
} from './quality-check.ts';
export {
  bindQualitySql,
  contractCheckQuery,
  evaluateQualityCheck,
  type QualityCheckOutcome,
  type QualityCheckQuery,
  type QualityCheckSqlOptions,
  qualityCheckSql,
  type SqlQuery,
} from './quality-check-sql.ts';
export { formatThreshold, meetsThreshold, type QualityThreshold } from './quality-threshold.ts';
export {
  SCAFFOLD_FORMATS,
  type ScaffoldFile,
  type ScaffoldFormat,
  type ScaffoldOptions,
  scaffoldProduct,
} from './scaffold-product.ts';
export { durationToMinutes } from './sla-mapping.ts';
export {
  type ContractDocument,
  type ProductDocument,
  parseSourceDocument,
  type ReadDocumentOptions,
  readContractDocument,
  readDocument,
  readProductDocument,
  type SourceDocument,
  type SyntaxProblem,
  updateDocument,
  writeDocument,
} from './source-document.ts';
export { ODCS_API_VERSION, type SpecToContractOptions, specToContract } from './spec-to-contract.ts';
export {
  ODPS_API_VERSION,
  type SpecToProductDocumentOptions,
  specToProductDocument,
  type UpstreamPort,
} from './spec-to-product-document.ts';
export { type JsonSchema, toJsonSchema } from './to-json-schema.ts';
export { type MarkdownOptions, toMarkdown } from './to-markdown.ts';
export { toMermaidEr } from './to-mermaid-er.ts';
export { quoteAnsiIdent, SQL_TYPES, type SqlDdlOptions, toSqlDdl } from './to-sql-ddl.ts';
export { dataContractUnmapped, dpdsUnmapped } from './unmapped-paths.ts';
export {
  type DocumentFile,
  lintDocuments,
  type ValidateOptions,
  validateDocuments,
} from './validate-documents.ts';
export {
  assertVersionBump,
  BUMP_LEVELS,
  type BumpLevel,
  bumpLevel,
  checkVersionBump,
  requiredBump,
  type VersionBumpResult,
} from './version-bump.ts';
