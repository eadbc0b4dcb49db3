/**
 * The memory limit of a store (`Mesh.open({ memoryLimit })`), a DuckDB setting: PostgreSQL's memory is the server's to
 * set, so this suite runs on DuckDB only (runaway-sql.test.ts holds what both engines do).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExampleMesh, openExampleMesh } from '../../../test/support/example-mesh.ts';
import { derivedSpec, heavy } from '../../../test/support/heavy-derived-sql.ts';
import type { Mesh } from '../mesh.ts';

let ex: ExampleMesh;
let mesh: Mesh | undefined;

beforeEach(async () => {
  ex = await openExampleMesh();
});

afterEach(async () => {
  await mesh?.close();
  mesh = undefined;
  await ex.cleanup();
});

describe('runaway user SQL is stopped by the memory limit, and the store stays usable', () => {
  it('a refresh that needs more memory than the memory limit fails naming the limit and writes nothing', async () => {
    await ex.mesh.close();
    mesh = await ex.reopen({ memoryLimit: '64MiB' });
    // 6^8 = 1.7M rows, each aggregated as ~150 characters of text: about 250 MB for string_agg to hold.
    const concat = Array.from({ length: 8 }, (_, i) => `t${i}.transaction_id`).join(' || ');
    const product = await mesh.createProduct(
      derivedSpec('sales.too_big', heavy(`length(string_agg(${concat} || lpad('', 100, 'x'), ',')) > 0`, 8)),
    );
    const error = await product.refresh().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'storage_unavailable',
      details: { reason: 'memory_limit' },
      message: expect.stringContaining('needed more memory than the engine may use'),
    });
    expect(await product.count()).toBe(0);
    // The store answers as before, and a refresh that fits still runs.
    expect(await (await mesh.product('sales.transactions')).count()).toBe(6);
    const revenue = await mesh.createProduct(derivedSpec('sales.revenue_again', heavy('true', 1)));
    expect((await revenue.refresh()).records).toBe(4);
  });
});
