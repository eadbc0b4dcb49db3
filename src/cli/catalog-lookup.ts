import type { ProductLookup } from '../contract/product-rules.ts';
import { EXTERNAL_SOURCE_PATTERN } from '../product/external-source.ts';
import type { Mesh } from '../product/mesh.ts';

/** How validation learns which input products exist: the store's products, and any external source (`scheme:location`). */
export async function catalogLookup(mesh: Mesh): Promise<ProductLookup> {
  const known = new Set((await mesh.listProducts()).map((d) => d.id));
  return { knownProducts: known, resolveProduct: (ref) => EXTERNAL_SOURCE_PATTERN.test(ref.name) };
}
