import {
  PUBLISHED_DOCUMENT_ROLES,
  type PublishedDocument,
  type PublishedDocumentRole,
  publishedDocumentKind,
} from '../contract/published-document.ts';
import type { EngineSession, Row } from '../engine/engine.ts';

/** A published document as stored with its product version. */
export interface StoredProductDocument extends PublishedDocument {
  readonly productId: string;
  readonly version: string;
  /** `odcs` or `odps`. */
  readonly kind: string;
  /** ISO 8601 time the document was stored. */
  readonly storedAt: string;
}

function toRole(value: unknown): PublishedDocumentRole {
  const role = String(value);
  if (!(PUBLISHED_DOCUMENT_ROLES as readonly string[]).includes(role)) {
    throw new Error(`mw_product_documents holds the unknown role ${role}`);
  }
  return role as PublishedDocumentRole;
}

function toDocument(r: Row): StoredProductDocument {
  return {
    productId: String(r.product_id),
    version: String(r.version),
    role: toRole(r.role),
    kind: String(r.kind),
    file: String(r.file),
    text: String(r.text),
    storedAt: String(r.stored_at),
  };
}

/** Keeps the ODCS and ODPS documents each product version was published from (platform table `mw_product_documents`). */
export class ProductDocumentStore {
  /** Stores a version's documents in order, replacing any stored for that version before. */
  async replace(
    s: EngineSession,
    productId: string,
    version: string,
    documents: readonly PublishedDocument[],
    at: string,
  ): Promise<void> {
    await s.execute('DELETE FROM mw_product_documents WHERE product_id = $1 AND version = $2', [
      productId,
      version,
    ]);
    for (const [position, d] of documents.entries()) {
      await s.execute(
        `INSERT INTO mw_product_documents (product_id, version, position, role, kind, file, text, stored_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [productId, version, position, d.role, publishedDocumentKind(d.role), d.file, d.text, at],
      );
    }
  }

  /** Lists a version's documents in the order they were stored; empty when it was published without any. */
  async list(s: EngineSession, productId: string, version: string): Promise<StoredProductDocument[]> {
    const rows = await s.query(
      `SELECT product_id, version, role, kind, file, text, stored_at FROM mw_product_documents
       WHERE product_id = $1 AND version = $2 ORDER BY position`,
      [productId, version],
    );
    return rows.map(toDocument);
  }
}
