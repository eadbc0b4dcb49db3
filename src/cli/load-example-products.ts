import type { Mesh } from '../product/mesh.ts';
import { EXAMPLES_DIR } from './commands/demo.ts';
import { readSpecFile } from './read-spec-file.ts';

/**
 * Loads the example products into a mesh (for `meshwork serve --examples`, which `npm start` runs): sales.transactions
 * and customer.profiles published with their sample data, the derived sales.customer_revenue refreshed from them
 * (so the catalog has lineage), and a quality run of each. Returns the ids created.
 */
export async function loadExampleProducts(mesh: Mesh): Promise<string[]> {
  const sales = await mesh.createProduct(await readSpecFile(`${EXAMPLES_DIR}sales/product.yaml`));
  const customers = await mesh.createProduct(await readSpecFile(`${EXAMPLES_DIR}customers/product.yaml`));
  for (const p of [sales, customers]) await p.publish();
  await sales.ingestFile(`${EXAMPLES_DIR}sales/sample_sales.json`);
  await customers.ingestFile(`${EXAMPLES_DIR}customers/sample_customers.json`);
  // Sample sales and sample profiles name different customers; give one buyer a profile so the join shows rows.
  await customers.ingest({
    customer_id: 'CUST456',
    name: 'Rui Alves',
    email: 'rui.alves@example.com',
    registration_date: '2025-02-02',
    lifetime_value: 450.5,
    tier: 'silver',
  });
  const revenue = await mesh.createProduct(
    await readSpecFile(`${EXAMPLES_DIR}customer_revenue/product.yaml`),
  );
  await revenue.refresh();
  for (const p of [sales, customers, revenue]) await p.checkQuality();
  return [sales.id, customers.id, revenue.id];
}
