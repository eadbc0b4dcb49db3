import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, exampleSpec, type TempDir } from '../../test/support/example-mesh.ts';
import { Mesh } from './mesh.ts';

function sale(i: number): Record<string, unknown> {
  return {
    transaction_id: `K${i}`,
    product_id: 'P1',
    customer_id: 'C1',
    amount: 1,
    date: '2025-10-01',
    product_category: 'Books',
    region: 'Europe',
  };
}

describe('closing a mesh during an ingest', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = createTempDir('meshwork-ingest-close-');
  });
  afterEach(() => {
    dir.remove();
  });

  it('stops the ingest with storage_unavailable every time, and the store reopens with whole batches and a sound audit chain', async () => {
    const BATCH = 2;
    for (let round = 0; round < 12; round += 1) {
      const store = dir.file(`round-${round}.duckdb`);
      const setup = await Mesh.open({ store });
      await setup.createProduct(exampleSpec('sales'));
      await setup.close();
      const mesh = await Mesh.open({ store });
      const sales = await mesh.product('sales.transactions');
      let closing: Promise<void> | undefined;
      const failure = await sales
        .ingest(
          Array.from({ length: BATCH * 4 }, (_, i) => sale(i)),
          {
            batchSize: BATCH,
            // The mesh closes while the next batch's transaction is open (the ingest overlaps its batches).
            onProgress: (p) => {
              if (p.batches >= 1) closing ??= mesh.close();
            },
          },
        )
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      await closing;
      expect(failure, `round ${round}`).toMatchObject({ code: 'storage_unavailable' });
      expect((failure as Error).message).toMatch(
        /^ingest of sales\.transactions stopped (at|after) batch \d/,
      );
      const again = await Mesh.open({ store });
      try {
        const stored = await (await again.product('sales.transactions')).count();
        expect(stored % BATCH).toBe(0);
        expect(stored).toBeGreaterThanOrEqual(BATCH);
        expect(stored).toBeLessThan(BATCH * 4);
        expect(await again.governance.verifyAudit()).toMatchObject({ ok: true });
      } finally {
        await again.close();
      }
    }
  }, 300_000);
});
