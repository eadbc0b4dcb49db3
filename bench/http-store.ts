/** The store of `npm run bench:http`: generated customer profiles and a consumer holding a grant without PII. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { Mesh } from '../src/product/mesh.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

const TIERS = ['gold', 'silver', 'bronze'] as const;

function* profiles(count: number): Generator<Record<string, unknown>> {
  for (let i = 0; i < count; i += 1) {
    const id = String(i).padStart(7, '0');
    yield {
      customer_id: `CUST${id}`,
      name: `Customer ${id}`,
      email: `customer${id}@example.com`,
      registration_date: new Date(Date.UTC(2020, 0, 1) + (i % 1500) * 86_400_000).toISOString().slice(0, 10),
      lifetime_value: Math.round(((i * 7919) % 100_000) / 10) / 10,
      tier: TIERS[i % 3],
      last_interaction: null,
    };
  }
}

/** Creates the store: customer.profiles with `rows` profiles, published; bob a consumer with a grant without PII. */
export async function setUpHttpStore(store: string, rows: number): Promise<string> {
  const mesh = await Mesh.open({ store });
  try {
    const spec = parse(readFileSync(join(ROOT, 'examples/customers/product.yaml'), 'utf8')) as unknown;
    const product = await mesh.createProduct(spec);
    const batch: Record<string, unknown>[] = [];
    for (const record of profiles(rows)) {
      batch.push(record);
      if (batch.length === 20_000) {
        await product.ingest(batch.splice(0));
      }
    }
    if (batch.length > 0) await product.ingest(batch);
    await product.publish();
    const gov = mesh.governance;
    await gov.addPrincipal({ id: 'admin', roles: ['admin'] });
    await gov.addPrincipal({ id: 'bob', roles: ['consumer'] });
    const bob = await mesh.as('bob');
    const request = await bob.governance.requestAccess({
      product: 'customer.profiles',
      purpose: 'benchmark',
    });
    await gov.approve(request.id, { comment: 'benchmark' });
    return (await gov.createToken({ principal: 'bob', name: 'bench' })).token;
  } finally {
    await mesh.close();
  }
}
