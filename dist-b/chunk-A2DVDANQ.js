// dist/product/contract-export-formats.js
var CONTRACT_EXPORT_FORMATS = ['odcs', 'odps', 'json-schema', 'sql', 'mermaid', 'markdown'];

export { CONTRACT_EXPORT_FORMATS };
