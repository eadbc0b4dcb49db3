import { deepEqual } from './plain-data.ts';
import { type ContractDocument, parseSourceDocument } from './source-document.ts';

/**
 * What a published document is to its product version: `contract`, the ODCS contract the spec was read from (its
 * table holds that contract's schema object); `product`, the ODPS descriptor; `port_contract`, the ODCS contract of
 * another output port.
 */
export const PUBLISHED_DOCUMENT_ROLES = ['contract', 'product', 'port_contract'] as const;

/** A published document's role. */
export type PublishedDocumentRole = (typeof PUBLISHED_DOCUMENT_ROLES)[number];

/** An open-standard document a product version was published from, kept byte for byte with the version. */
export interface PublishedDocument {
  readonly role: PublishedDocumentRole;
  /** The file it was read from, relative to the published folder. */
  readonly file: string;
  /** The exact source text. */
  readonly text: string;
}

/** The standard a document of this role follows. */
export function publishedDocumentKind(role: PublishedDocumentRole): 'odcs' | 'odps' {
  return role === 'product' ? 'odps' : 'odcs';
}

/** Parses the contract a product version's spec was read from; undefined when it was published without one. */
export function publishedContract(documents: readonly PublishedDocument[]): ContractDocument | undefined {
  const found = documents.find((d) => d.role === 'contract');
  if (found === undefined) return undefined;
  const doc = parseSourceDocument(found.text, { file: found.file });
  return doc.kind === 'odcs' && doc.syntaxErrors.length === 0 ? { ...doc, kind: 'odcs' } : undefined;
}

/**
 * Tells whether two sets of published documents say the same thing: the same roles holding the same data, whatever
 * their formatting, comments or file names.
 */
export function samePublishedData(a: readonly PublishedDocument[], b: readonly PublishedDocument[]): boolean {
  const data = (docs: readonly PublishedDocument[]) =>
    [...docs]
      .sort((x, y) => x.role.localeCompare(y.role) || x.file.localeCompare(y.file))
      .map((d) => ({ role: d.role, data: parseSourceDocument(d.text).data }));
  const left = data(a);
  const right = data(b);
  return left.length === right.length && left.every((d, i) => deepEqual(d, right[i]));
}
