import { parseSourceDocument } from './chunk-XYK6DAA3.js';
import { deepEqual } from './chunk-EKUJCVLF.js';

// dist/contract/published-document.js
var PUBLISHED_DOCUMENT_ROLES = ['contract', 'product', 'port_contract'];
function publishedDocumentKind(role) {
  return role === 'product' ? 'odps' : 'odcs';
}
function publishedContract(documents) {
  const found = documents.find((d) => d.role === 'contract');
  if (found === void 0) return void 0;
  const doc = parseSourceDocument(found.text, { file: found.file });
  return doc.kind === 'odcs' && doc.syntaxErrors.length === 0 ? { ...doc, kind: 'odcs' } : void 0;
}
function samePublishedData(a, b) {
  const data = (docs) =>
    [...docs]
      .sort((x, y) => x.role.localeCompare(y.role) || x.file.localeCompare(y.file))
      .map((d) => ({ role: d.role, data: parseSourceDocument(d.text).data }));
  const left = data(a);
  const right = data(b);
  return left.length === right.length && left.every((d, i) => deepEqual(d, right[i]));
}

export { PUBLISHED_DOCUMENT_ROLES, publishedDocumentKind, publishedContract, samePublishedData };
