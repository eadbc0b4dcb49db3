import type { StoredProductDocument } from '../catalog/product-document-store.ts';
import { publishedContract } from '../contract/published-document.ts';
import { type ProductDocument, parseSourceDocument, writeDocument } from '../contract/source-document.ts';
import { specToContract } from '../contract/spec-to-contract.ts';
import { specToProductDocument } from '../contract/spec-to-product-document.ts';
import { toJsonSchema } from '../contract/to-json-schema.ts';
import { toMarkdown } from '../contract/to-markdown.ts';
import { toMermaidEr } from '../contract/to-mermaid-er.ts';
import { toSqlDdl } from '../contract/to-sql-ddl.ts';
import type { ProductDescriptor } from '../core/descriptor.ts';
import type { ProductStatus } from '../core/lifecycle.ts';
import type { DataProduct } from './data-product.ts';

import type { ContractExportFormat } from './contract-export-formats.ts';

export { CONTRACT_EXPORT_FORMATS, type ContractExportFormat } from './contract-export-formats.ts';

/** A product's contract in one format. */
export interface ContractExport {
  readonly productId: string;
  readonly version: string;
  readonly format: ContractExportFormat;
  /** `stored`: the document the version was published from, unchanged; `generated`: written from the catalog's model. */
  readonly source: 'stored' | 'generated';
  readonly text: string;
}

/** ODCS and ODPS name the lifecycle states their own way. */
const STANDARD_STATUS: Readonly<Record<ProductStatus, string>> = {
  draft: 'draft',
  published: 'active',
  deprecated: 'deprecated',
  archived: 'retired',
};

function productDocument(documents: readonly StoredProductDocument[]): ProductDocument | undefined {
  const found = documents.find((d) => d.role === 'product');
  if (found === undefined) return undefined;
  const doc = parseSourceDocument(found.text, { file: found.file });
  return doc.kind === 'odps' && doc.syntaxErrors.length === 0 ? { ...doc, kind: 'odps' } : undefined;
}

/** Writes the export from a descriptor and the documents its version was published from. */
export function renderContractExport(
  d: ProductDescriptor,
  documents: readonly StoredProductDocument[],
  format: ContractExportFormat,
): ContractExport {
  const contract = publishedContract(documents);
  const product = productDocument(documents);
  const status = STANDARD_STATUS[d.status];
  const out = (source: ContractExport['source'], text: string): ContractExport => ({
    productId: d.id,
    version: d.version,
    format,
    source,
    text,
  });
  switch (format) {
    // A stored document maps to this very version, so writing the descriptor into it changes nothing: the bytes
    // come back as published (comments, key order, unknown fields and all).
    case 'odcs':
      return contract === undefined
        ? out('generated', writeDocument(specToContract(d, undefined, { status })))
        : out('stored', writeDocument(specToContract(d, contract)));
    case 'odps': {
      const contractId =
        contract === undefined ? d.id : String((contract.data as { id?: unknown }).id ?? d.id);
      return product === undefined
        ? out('generated', writeDocument(specToProductDocument(d, undefined, { status, contractId })))
        : out('stored', writeDocument(specToProductDocument(d, product)));
    }
    case 'json-schema':
      return out('generated', `${JSON.stringify(toJsonSchema(d), null, 2)}\n`);
    case 'sql':
      return out('generated', toSqlDdl(d));
    case 'mermaid':
      return out('generated', toMermaidEr(contract ?? d));
    case 'markdown':
      return out('generated', toMarkdown(d, { status: d.status, ...(contract ? { contract } : {}) }));
  }
}

/**
 * Exports a product's contract (its current version): as ODCS or ODPS — the document it was published from, byte
 * for byte, when it was published from files, else written from the catalog — or as a JSON Schema of a record, SQL
 * DDL (DuckDB and PostgreSQL), a Mermaid ER diagram or a Markdown documentation page.
 * @example const { text } = await exportContract(await mesh.product('sales.orders'), 'odcs')
 */
export async function exportContract(
  product: DataProduct,
  format: ContractExportFormat,
): Promise<ContractExport> {
  const d = await product.descriptor();
  return renderContractExport(d, await product.publishedDocuments(d.version), format);
}
