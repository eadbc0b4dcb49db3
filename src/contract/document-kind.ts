import { asObject } from './plain-data.ts';

/**
 * The document standards Meshwork reads: ODCS data contracts, ODPS data products, the older Data Contract
 * Specification (`dcs`) and the Open Data Mesh descriptor (`dpds`); `unknown` is anything else.
 */
export const DOCUMENT_KINDS = ['odcs', 'odps', 'dcs', 'dpds', 'unknown'] as const;

/** A document standard. */
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const ODCS_API_VERSION = /^v[23]\.\d+\.\d+$/;

/**
 * Tells which standard a parsed document follows, from its `kind`/`apiVersion` fields
 * (or the `dataContractSpecification` / `dataProductDescriptor` version keys of the older standards).
 */
export function detectDocumentKind(data: unknown): DocumentKind {
  const obj = asObject(data);
  if (obj === undefined) return 'unknown';
  if (obj.kind === 'DataContract') return 'odcs';
  if (obj.kind === 'DataProduct') return 'odps';
  if ('dataContractSpecification' in obj) return 'dcs';
  if ('dataProductDescriptor' in obj) return 'dpds';
  if (obj.kind === undefined && typeof obj.apiVersion === 'string' && ODCS_API_VERSION.test(obj.apiVersion)) {
    return 'odcs';
  }
  return 'unknown';
}

/** Names a document kind for messages. */
export function describeDocumentKind(kind: DocumentKind): string {
  switch (kind) {
    case 'odcs':
      return 'ODCS data contract';
    case 'odps':
      return 'ODPS data product';
    case 'dcs':
      return 'Data Contract Specification document';
    case 'dpds':
      return 'DPDS data product descriptor';
    case 'unknown':
      return 'unrecognised document';
  }
}
