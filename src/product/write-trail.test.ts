import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createTempDir, exampleRecords, exampleSpec, type TempDir } from '../../test/support/example-mesh.ts';
import { failureOf } from '../../test/support/governed-mesh.ts';
import { WriteJournal } from '../catalog/write-journal.ts';
import { openDuckDbEngine } from '../engine/duckdb/duckdb-engine.ts';
import { Mesh } from './mesh.ts';

const KEY = 'write-trail-key-0123456789abcdef';
const REVENUE = fileURLToPath(new URL('../../examples/customer_revenue/product.yaml', import.meta.url));

let dir: TempDir;
let store: string;

/** A keyed store with the sales and customer examples ingested. */
async function openStore(): Promise<Mesh> {
  const mesh = await Mesh.open({ store, auditKey: KEY });
  for (const name of ['sales', 'customers'] as const) {
    await (await mesh.createProduct(exampleSpec(name))).ingest(exampleRecords(name));
  }
  return mesh;
}

async function trailOf(mesh: Mesh, action: string) {
  return {
    audit: await mesh.governance.auditLog({ action: `product.${action}`, limit: 1000 }),
    access: await mesh.accessLog({ operation: action as 'update', limit: 1000 }),
  };
}

beforeEach(() => {
  dir = createTempDir('meshwork-write-trail-');
  store = dir.file('mesh.duckdb');
});

afterEach(() => {
  dir.remove();
});

describe('the trail of each committed write', () => {
  it('writes one audit and one access-log entry per committed update, remove and refresh, with its rows', async () => {
    const mesh = await openStore();
    try {
      const sales = await mesh.product('sales.transactions');
      expect(await sales.update({ transaction_id: 'TXN001' }, { amount: 151 })).toBe(1);
      expect(await sales.remove({ transaction_id: 'TXN002' })).toBe(1);
      const revenue = await mesh.createProduct(parse(readFileSync(REVENUE, 'utf8')));
      const refreshed = await revenue.refresh();
      for (const [action, rows] of [
        ['update', 1],
        ['remove', 1],
        ['refresh', refreshed.records],
      ] as const) {
        const { audit, access } = await trailOf(mesh, action);
        expect(audit.map((e) => [e.outcome, e.details.rowsAffected])).toEqual([['ok', rows]]);
        expect(access.map((e) => [e.outcome, e.rowsAffected])).toEqual([['ok', rows]]);
      }
      // One ingest_batch entry per committed batch, covering every stored row.
      const batches = await sales.accessLog({ operation: 'ingest_batch' });
      expect(batches.reduce((n, e) => n + e.rowsAffected, 0)).toBe(exampleRecords('sales').length);
      expect(await mesh.governance.verifyAudit()).toMatchObject({ ok: true, protection: 'keyed' });
    } finally {
      await mesh.close();
    }
  });

  it('leaves no entry claiming success for a refused update or refresh, and changes nothing', async () => {
    const mesh = await openStore();
    try {
      const sales = await mesh.product('sales.transactions');
      const before = (await sales.query({ transaction_id: 'TXN001' })).rows;
      await failureOf(sales.update({ transaction_id: 'TXN001' }, { amount: -5 }));
      expect((await sales.query({ transaction_id: 'TXN001' })).rows).toEqual(before);
      const revenueSpec = parse(readFileSync(REVENUE, 'utf8')) as { derived: { sql: string } };
      revenueSpec.derived.sql = revenueSpec.derived.sql.replace('COUNT(*)', 'COUNT(*) - 5');
      const revenue = await mesh.createProduct(revenueSpec);
      await failureOf(revenue.refresh());
      expect(await revenue.count()).toBe(0);
      for (const action of ['update', 'refresh']) {
        const { audit, access } = await trailOf(mesh, action);
        expect(audit.filter((e) => e.outcome === 'ok')).toEqual([]);
        expect(access.filter((e) => e.outcome === 'ok')).toEqual([]);
      }
    } finally {
      await mesh.close();
    }
  });

  it('commits no write whose audit entry cannot be written: without the chain key nothing is changed', async () => {
    await (await openStore()).close();
    const mesh = await Mesh.open({ store });
    try {
      const sales = await mesh.product('sales.transactions');
      await expect(sales.update({ transaction_id: 'TXN001' }, { amount: 1 })).rejects.toMatchObject({
        code: 'conflict',
      });
      await expect(sales.remove({ transaction_id: 'TXN001' })).rejects.toMatchObject({ code: 'conflict' });
      const [sample] = exampleRecords('sales');
      await expect(sales.ingest([{ ...sample, transaction_id: 'NEW1' }])).rejects.toMatchObject({
        code: 'conflict',
      });
    } finally {
      await mesh.close();
    }
    const keyed = await Mesh.open({ store, auditKey: KEY });
    try {
      const sales = await keyed.product('sales.transactions');
      expect(await sales.count()).toBe(exampleRecords('sales').length);
      expect((await sales.query({ transaction_id: 'TXN001' })).rows[0]).toMatchObject({ amount: 150 });
      expect(await keyed.governance.verifyAudit()).toMatchObject({ ok: true });
    } finally {
      await keyed.close();
    }
  });

  it('writes the entries of batches committed just before a crash when the store is next opened', async () => {
    await (await openStore()).close();
    // What a process killed between a batch's commit and its chaining leaves: the rows and their journal row.
    const engine = await openDuckDbEngine({ path: store });
    const journal = new WriteJournal();
    await engine.transaction(async (tx) => {
      await journal.startRun(tx, {
        runId: 'crashed-run',
        productId: 'sales.transactions',
        productVersion: '1.0.0',
        actor: 'etl',
        startedAt: '2025-10-08T12:00:00.000Z',
      });
    });
    const [product] = await engine.query(
      "SELECT table_name FROM mw_products WHERE id = 'sales.transactions'",
    );
    const table = String(product?.table_name);
    await engine.transaction(async (tx) => {
      await tx.execute(
        `INSERT INTO "${table}" SELECT * REPLACE ('CRASH1' AS transaction_id) FROM "${table}" WHERE transaction_id = 'TXN001'`,
      );
      await journal.record(tx, {
        runId: 'crashed-run',
        batch: 1,
        productId: 'sales.transactions',
        productVersion: '1.0.0',
        at: '2025-10-08T12:00:01.000Z',
        actor: 'etl',
        principal: 'local-admin',
        parameters: { source: 'crash.ndjson', run: 'crashed-run', batch: 1 },
        rowsAffected: 1,
      });
    });
    await engine.close();

    // Read-only, before any handle that may write has recovered it: no process can be writing the file meanwhile, so
    // the run still marked running is reported as cut short, with what its journal holds; nothing is recovered yet.
    const reader = await Mesh.open({ store, auditKey: KEY, readOnly: true });
    try {
      expect(await (await reader.product('sales.transactions')).interruptedIngests()).toEqual([
        expect.objectContaining({ runId: 'crashed-run', state: 'interrupted', batches: 1, rowsCommitted: 1 }),
      ]);
      const entries = await reader.accessLog({ operation: 'ingest_batch', limit: 100 });
      expect(entries.filter((e) => e.parameters.recovered === true)).toEqual([]);
    } finally {
      await reader.close();
    }

    const mesh = await Mesh.open({ store, auditKey: KEY });
    try {
      const sales = await mesh.product('sales.transactions');
      expect(await sales.interruptedIngests()).toEqual((await sales.metrics()).interruptedIngests);
      expect(await sales.count()).toBe(exampleRecords('sales').length + 1);
      const [entry] = await sales.accessLog({ operation: 'ingest_batch', limit: 1 });
      expect(entry).toMatchObject({
        actor: 'etl',
        rowsAffected: 1,
        parameters: { run: 'crashed-run', batch: 1, recovered: true },
      });
      const [audited] = await mesh.governance.auditLog({ action: 'product.ingest_batch', limit: 1 });
      expect(audited).toMatchObject({ actor: 'etl', principal: 'local-admin', details: { rowsAffected: 1 } });
      expect((await sales.metrics()).interruptedIngests).toEqual([
        expect.objectContaining({ runId: 'crashed-run', state: 'interrupted', batches: 1, rowsCommitted: 1 }),
      ]);
      expect(await mesh.governance.verifyAudit()).toMatchObject({ ok: true });
    } finally {
      await mesh.close();
    }
    // Recovered once: opening again writes nothing more.
    const again = await Mesh.open({ store, auditKey: KEY });
    try {
      const sales = await again.product('sales.transactions');
      expect(
        (await sales.accessLog({ operation: 'ingest_batch', limit: 100 })).filter(
          (e) => e.parameters.recovered === true,
        ),
      ).toHaveLength(1);
    } finally {
      await again.close();
    }
  });
});
