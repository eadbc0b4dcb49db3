/** What a product's contract can be exported as. */
export const CONTRACT_EXPORT_FORMATS = ['odcs', 'odps', 'json-schema', 'sql', 'mermaid', 'markdown'] as const;
/** A contract export format. */
export type ContractExportFormat = (typeof CONTRACT_EXPORT_FORMATS)[number];
