/**
 * Many writers and readers on one product at once, through the SDK and through HTTP together: no lost write, no
 * duplicate key, counts that add up, readers that never see a half-written batch, and no deadlock (every call ends).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedMesh, serveGovernedMesh } from '../support/http-server.ts';

const SALES = 'sales.transactions';
const WRITERS = 6;
const BATCHES = 8;
const BATCH = 50;

function sale(id: string, amount = 1): Record<string, unknown> {
  return {
    transaction_id: id,
    product_id: 'P1',
    customer_id: 'C1',
    amount,
    date: '2025-10-01',
    product_category: 'Books',
    region: 'Asia',
  };
}

describe('concurrent writers and readers on one product, through the SDK and HTTP at once', () => {
  let s: ServedMesh;
  beforeAll(async () => {
    // Readers loop as fast as the server answers (reads no longer wait behind writes): no rate limit in the way.
    s = await serveGovernedMesh({ limits: { rateLimit: 1_000_000 } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('stores every batch once, refuses every duplicate key, and readers only ever see whole batches', async () => {
    const product = await s.gm.alice.product(SALES);
    const base = await product.count();
    const loggedBefore = (await product.accessLog({ operation: 'ingest', limit: 100_000 })).length;
    // Every writer sends its own keys, and also one key every other writer sends too (which only one may store).
    const writer = async (w: number): Promise<{ accepted: number; skipped: number }> => {
      let accepted = 0;
      let skipped = 0;
      for (let b = 0; b < BATCHES; b++) {
        const records = Array.from({ length: BATCH }, (_, i) => sale(`W${w}-${b}-${i}`));
        records.push(sale(`SHARED-${b}`));
        if (w % 2 === 0) {
          const result = await product.ingest(records, { onExisting: 'skip' });
          accepted += result.accepted;
          skipped += result.skipped;
        } else {
          const res = await s.call(`/products/${SALES}/rows?onExisting=skip`, {
            as: 'alice',
            method: 'POST',
            body: JSON.stringify(records),
          });
          const text = await res.text();
          expect(res.status, text).toBe(200);
          const result = JSON.parse(text) as { accepted: number; skipped: number };
          accepted += result.accepted;
          skipped += result.skipped;
        }
      }
      return { accepted, skipped };
    };
    // Readers count all along, through both interfaces, without pause: a count only grows, and only by whole rows of
    // batches. Reads run beside each other, so each reader's own counts (each begun after the one before ended) only
    // grow. Every write first commits the reads queued before it (their access-log and audit entries), so this flood
    // also checks that writes keep their turn under read load (see ReadTrail.flush).
    let writing = true;
    const seenBy: number[][] = [];
    const reader = async (http: boolean): Promise<void> => {
      const seen: number[] = [];
      seenBy.push(seen);
      while (writing) {
        if (http) {
          const res = await s.call(
            `/products/${SALES}/rows?limit=1&filter=${encodeURIComponent("region = 'Asia'")}`,
            {
              as: 'alice',
            },
          );
          expect(res.status).toBe(200);
        }
        seen.push(await product.count());
      }
    };
    const readers = [reader(false), reader(true), reader(true)];
    let results: { accepted: number; skipped: number }[];
    try {
      results = await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    } finally {
      // Readers stop even when a writer fails, so that a failure here leaves no loop running into the next test.
      writing = false;
      await Promise.allSettled(readers);
    }
    await Promise.all(readers);

    const accepted = results.reduce((sum, r) => sum + r.accepted, 0);
    const skipped = results.reduce((sum, r) => sum + r.skipped, 0);
    // Each writer's own keys all stored; each shared key stored exactly once, skipped by every other writer.
    expect(accepted).toBe(WRITERS * BATCHES * BATCH + BATCHES);
    expect(skipped).toBe((WRITERS - 1) * BATCHES);
    expect(await product.count()).toBe(base + accepted);
    for (let b = 0; b < BATCHES; b++) expect(await product.count({ transaction_id: `SHARED-${b}` })).toBe(1);
    const keys = (
      await product.query("transaction_id like 'W%'", { columns: ['transaction_id'], limit: 100_000 })
    ).rows;
    expect(new Set(keys.map((r) => r.transaction_id)).size).toBe(keys.length);
    expect(keys.length).toBe(WRITERS * BATCHES * BATCH);
    // What readers saw: never a count going down for one reader, never outside [base, final].
    const seen = seenBy.flat();
    expect(seen.length).toBeGreaterThan(WRITERS);
    for (const own of seenBy)
      for (let i = 1; i < own.length; i++) expect(own[i]).toBeGreaterThanOrEqual(own[i - 1] as number);
    for (const n of seen) {
      expect(n).toBeGreaterThanOrEqual(base);
      expect(n).toBeLessThanOrEqual(base + accepted);
    }
    // The access log accounts for every stored row, and the audit chain is whole.
    const ingests = await product.accessLog({ operation: 'ingest', limit: 100_000 });
    expect(ingests.length - loggedBefore).toBe(WRITERS * BATCHES);
    // Newest first: the entries of this test's ingests come before the template's.
    const ours = ingests.slice(0, WRITERS * BATCHES);
    expect(ours.reduce((sum, e) => sum + e.rowsAffected, 0)).toBe(accepted);
    expect((await s.gm.mesh.governance.verifyAudit()).ok).toBe(true);
  }, 300_000);

  it('applies concurrent updates of different rows all, and of the same row one after the other, never half', async () => {
    const product = await s.gm.alice.product(SALES);
    const ids = Array.from({ length: 12 }, (_, i) => `U${i}`);
    await product.ingest(ids.map((id) => sale(id, 1)));
    // Each row changed by its own writer, half through the SDK and half through HTTP; and every writer also sets the
    // shared row U0, so its final value is one of theirs.
    await Promise.all(
      ids.map(async (id, i) => {
        const amount = 100 + i;
        if (i % 2 === 0) {
          expect(await product.update({ transaction_id: id }, { amount })).toBe(1);
          await product.update({ transaction_id: 'U0' }, { amount: 1000 + i });
        } else {
          for (const [filter, value] of [
            [`transaction_id = '${id}'`, amount],
            ["transaction_id = 'U0'", 1000 + i],
          ] as const) {
            const res = await s.call(`/products/${SALES}/rows`, {
              as: 'alice',
              method: 'PATCH',
              body: JSON.stringify({ filter, changes: { amount: value } }),
            });
            expect(res.status, await res.text()).toBe(200);
          }
        }
      }),
    );
    const rows = (await product.query("transaction_id like 'U%'", { limit: 100 })).rows;
    const amount = new Map(rows.map((r) => [r.transaction_id, r.amount]));
    for (const [i, id] of ids.entries()) if (i > 0) expect(amount.get(id), id).toBe(100 + i);
    expect(ids.map((_, i) => 1000 + i)).toContain(amount.get('U0'));
    const updates = await product.accessLog({ operation: 'update', limit: 1000 });
    expect(updates.length).toBeGreaterThanOrEqual(ids.length * 2);
    expect((await s.gm.mesh.governance.verifyAudit()).ok).toBe(true);
  }, 300_000);
});
