import type { ProductRecord } from '../catalog/product-registry.ts';
import { MeshError } from '../core/errors.ts';
import type { EngineSession } from '../engine/engine.ts';
import type { MeshContext } from './mesh-context.ts';

/**
 * Reads a product's catalog entry for a read of its data (analytics, segments, quality checks).
 * @throws MeshError `not_found` for an unknown product, `conflict` for an archived one (its data is kept for audit only).
 */
export async function loadReadableProduct(
  ctx: MeshContext,
  productId: string,
  session: EngineSession = ctx.engine,
): Promise<ProductRecord> {
  // A read outside a transaction starts by syncing the per-process cache its read decisions use (see CatalogCache);
  // the entry itself is read afresh, since its last write time moves without a catalog change.
  if (session === ctx.engine) await ctx.cache?.sync(session);
  const record = await ctx.registry.find(session, productId);
  if (!record) throw new MeshError('not_found', `product ${productId} is not in the catalog`);
  if (record.descriptor.status === 'archived') {
    throw new MeshError(
      'conflict',
      `product ${productId} is archived; archived products refuse reads (its data is kept for audit only)`,
      { details: { productId, status: 'archived' } },
    );
  }
  return record;
}
