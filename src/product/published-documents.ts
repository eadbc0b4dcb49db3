import { ProductDocumentStore, type StoredProductDocument } from '../catalog/product-document-store.ts';
import { MeshError } from '../core/errors.ts';
import type { MeshContext } from './mesh-context.ts';

const documentStore = new ProductDocumentStore();

/**
 * Reads the ODCS and ODPS documents a product version (default: the current one) was published from, byte for
 * byte; empty when that version was published from a spec alone.
 * @throws MeshError `not_found` for an unknown product or a version the catalog never recorded.
 */
export async function readPublishedDocuments(
  ctx: MeshContext,
  productId: string,
  version?: string,
): Promise<StoredProductDocument[]> {
  const record = await ctx.registry.find(ctx.engine, productId);
  if (!record) throw new MeshError('not_found', `product ${productId} is not in the catalog`);
  const wanted = version ?? record.descriptor.version;
  if (wanted !== record.descriptor.version) {
    const known = (await ctx.registry.versions(ctx.engine, productId)).map((d) => d.version);
    if (!known.includes(wanted)) {
      throw new MeshError(
        'not_found',
        `product ${productId} has no version ${wanted}; its versions are ${known.join(', ')}`,
        { details: { productId, version: wanted } },
      );
    }
  }
  return documentStore.list(ctx.engine, productId, wanted);
}
