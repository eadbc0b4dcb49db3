import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { MeshError } from '../core/errors.ts';
import type { DataProduct } from '../product/data-product.ts';
import type { IngestResult } from '../product/ingest-result.ts';
import type { Mesh } from '../product/mesh.ts';

/**
 * The folder holding the descriptors and sample data of the built-in products: part of the library (copied into
 * dist/ by the build), so an installed package needs no `examples/` folder. `examples/` holds the same files for
 * people to read and copy; a test keeps the two identical.
 */
export const BUILT_IN_FOLDER = fileURLToPath(new URL('./built-in/', import.meta.url));

/** A product shipped with Meshwork: a descriptor (and sample data), no code of its own. */
export interface BuiltInProduct {
  readonly id: string;
  /** The descriptor file. */
  readonly descriptor: string;
  /** The sample data file, for products that are loaded rather than derived. */
  readonly sampleData?: string;
}

/** The sales and customer domain products, in the order they must be created (inputs before derived products). */
export const BUILT_IN_PRODUCTS: readonly BuiltInProduct[] = [
  {
    id: 'sales.transactions',
    descriptor: `${BUILT_IN_FOLDER}sales/product.yaml`,
    sampleData: `${BUILT_IN_FOLDER}sales/sample_sales.json`,
  },
  {
    id: 'customer.profiles',
    descriptor: `${BUILT_IN_FOLDER}customers/product.yaml`,
    sampleData: `${BUILT_IN_FOLDER}customers/sample_customers.json`,
  },
  { id: 'sales.customer_revenue', descriptor: `${BUILT_IN_FOLDER}customer_revenue/product.yaml` },
];

/**
 * Reads a built-in product's descriptor as plain data, ready for `mesh.createProduct`.
 * @throws MeshError `not_found` for an id that is not built in.
 */
export async function readBuiltInDescriptor(id: string): Promise<unknown> {
  const product = BUILT_IN_PRODUCTS.find((p) => p.id === id);
  if (product === undefined) {
    throw new MeshError(
      'not_found',
      `${id} is not a built-in product; built in: ${BUILT_IN_PRODUCTS.map((p) => p.id).join(', ')}`,
    );
  }
  return parse(await readFile(product.descriptor, 'utf8'));
}

/** Options for {@link installBuiltInProducts}. */
export interface InstallOptions {
  /** Load the sample data into the products that have some (default true). */
  readonly load?: boolean;
  /** Refresh the derived products after loading (default true). */
  readonly refresh?: boolean;
}

/** What {@link installBuiltInProducts} did. */
export interface InstalledProducts {
  readonly products: Readonly<Record<string, DataProduct>>;
  /** Ingest results of the sample data, by product id. */
  readonly loaded: Readonly<Record<string, IngestResult>>;
}

/**
 * Creates the built-in sales and customer products in a store (reusing any that exist), loads their sample data and
 * refreshes the derived ones.
 * @example const { products } = await installBuiltInProducts(mesh); await products['sales.transactions']?.analytics();
 */
export async function installBuiltInProducts(
  mesh: Mesh,
  options: InstallOptions = {},
): Promise<InstalledProducts> {
  const products: Record<string, DataProduct> = {};
  const loaded: Record<string, IngestResult> = {};
  for (const p of BUILT_IN_PRODUCTS) {
    const product = await mesh.createProduct(await readBuiltInDescriptor(p.id), { ifExists: 'reuse' });
    products[p.id] = product;
    if (options.load !== false && p.sampleData !== undefined)
      loaded[p.id] = await product.ingestFile(p.sampleData);
  }
  if (options.refresh !== false) {
    for (const p of BUILT_IN_PRODUCTS) {
      const product = products[p.id];
      if (product !== undefined && (await product.descriptor()).derived !== undefined)
        await product.refresh();
    }
  }
  return { products, loaded };
}
