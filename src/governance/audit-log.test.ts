import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureCatalogTables } from '../catalog/catalog-tables.ts';
import { openDuckDbEngine } from '../engine/duckdb/duckdb-engine.ts';
import type { Engine } from '../engine/engine.ts';
import { AuditLog, GENESIS_HASH, hashAuditEntry } from './audit-log.ts';

describe('the hash-chained audit log', () => {
  let engine: Engine;
  const log = new AuditLog();

  beforeEach(async () => {
    engine = await openDuckDbEngine({ path: ':memory:' });
    await ensureCatalogTables(engine);
    for (let i = 1; i <= 5; i++) {
      await (i === 1 ? log.start.bind(log) : log.append.bind(log))(engine, {
        at: `2025-10-08T12:0${i}:00.000Z`,
        actor: i % 2 === 0 ? 'bob' : 'alice',
        principal: i % 2 === 0 ? 'bob' : 'alice',
        action: 'product.query',
        target: 'sales.transactions',
        outcome: i === 4 ? 'denied' : 'ok',
        details: { n: i, filter: `amount > ${i}` },
      });
    }
  });

  afterEach(async () => {
    await engine.close();
  });

  it('links every entry to the hash of the previous one, starting from the genesis hash', async () => {
    const entries = await log.list(engine, { order: 'asc' });
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < entries.length; i++) expect(entries[i]?.prevHash).toBe(entries[i - 1]?.hash);
    for (const e of entries) {
      const { hash, ...unsigned } = e;
      expect(hashAuditEntry(unsigned)).toBe(hash);
    }
  });

  it('verifies an untouched chain and reports its head', async () => {
    const entries = await log.list(engine, { order: 'desc', limit: 1 });
    expect(await log.verify(engine)).toMatchObject({
      ok: true,
      entries: 5,
      headHash: entries[0]?.hash,
      protection: 'unkeyed',
    });
  });

  it('detects an edited entry', async () => {
    await engine.execute(`UPDATE mw_audit_log SET outcome = 'ok' WHERE seq = 4`);
    expect(await log.verify(engine)).toMatchObject({ ok: false, seq: 4, problem: 'edited', entries: 3 });
  });

  it('detects an edited entry whose hash was recomputed, by the broken link after it', async () => {
    const [e] = await log.list(engine, { order: 'asc', limit: 10 }).then((l) => l.filter((x) => x.seq === 2));
    if (!e) throw new Error('no entry 2');
    const { hash: _old, ...unsigned } = e;
    const forged = { ...unsigned, details: { n: 2, filter: 'amount > 0' } };
    await engine.execute('UPDATE mw_audit_log SET details = $1, hash = $2 WHERE seq = 2', [
      JSON.stringify(forged.details),
      hashAuditEntry(forged),
    ]);
    expect(await log.verify(engine)).toMatchObject({ ok: false, seq: 3, problem: 'broken_link' });
  });

  it('detects a deleted entry in the middle', async () => {
    await engine.execute('DELETE FROM mw_audit_log WHERE seq = 3');
    const v = await log.verify(engine);
    expect(v).toMatchObject({ ok: false, seq: 3, problem: 'missing' });
    expect(v.ok ? '' : v.message).toMatch(/entry 3 is missing: the chain jumps from 2 to 4/);
  });

  it('detects deleted entries at the end', async () => {
    await engine.execute('DELETE FROM mw_audit_log WHERE seq >= 4');
    const v = await log.verify(engine);
    expect(v).toMatchObject({ ok: false, seq: 4, problem: 'truncated', entries: 3 });
    expect(v.ok ? '' : v.message).toMatch(/entries 4 to 5 were removed/);
  });

  it('detects reordered entries', async () => {
    await engine.execute('UPDATE mw_audit_log SET seq = -1 WHERE seq = 2');
    await engine.execute('UPDATE mw_audit_log SET seq = 2 WHERE seq = 3');
    await engine.execute('UPDATE mw_audit_log SET seq = 3 WHERE seq = -1');
    const v = await log.verify(engine);
    expect(v).toMatchObject({ ok: false, seq: 2, problem: 'reordered' });
    expect(v.ok ? '' : v.message).toBe('entry 2 was moved: it was written as entry 3');
  });

  it('filters entries by action, target, principal and outcome', async () => {
    expect((await log.list(engine, { principal: 'bob' })).map((e) => e.seq)).toEqual([4, 2]);
    expect((await log.list(engine, { outcome: 'denied' })).map((e) => e.seq)).toEqual([4]);
    expect(await log.list(engine, { action: 'policy.apply' })).toEqual([]);
    expect((await log.list(engine, { target: 'sales.transactions', limit: 2 })).length).toBe(2);
  });

  it('keeps the chain whole when two handles of one store file append at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshwork-audit-race-'));
    const first = await openDuckDbEngine({ path: join(dir, 'mesh.duckdb') });
    const second = await openDuckDbEngine({ path: join(dir, 'mesh.duckdb') });
    try {
      await ensureCatalogTables(first);
      await log.start(first, {
        at: '2025-10-08T13:00:00.000Z',
        actor: 'system',
        principal: 'system',
        action: 'audit.genesis',
        target: '',
        outcome: 'ok',
        details: {},
      });
      // The engine queues every handle's transactions on its one instance, so appends never interleave.
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          log.append(i % 2 === 0 ? first : second, {
            at: `2025-10-08T13:${String(i).padStart(2, '0')}:00.000Z`,
            actor: i % 2 === 0 ? 'alice' : 'bob',
            principal: i % 2 === 0 ? 'alice' : 'bob',
            action: 'product.query',
            target: 'sales.transactions',
            outcome: 'ok',
            details: { n: i },
          }),
        ),
      );
      const entries = await log.list(second, { order: 'asc', limit: 100 });
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
      expect(await log.verify(first)).toMatchObject({ ok: true, entries: 41 });
    } finally {
      await second.close();
      await first.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps appending after a verification, on the same chain', async () => {
    const next = await log.append(engine, {
      at: '2025-10-08T13:00:00.000Z',
      actor: 'alice',
      principal: 'alice',
      action: 'grant.revoke',
      target: 'sales.transactions',
      outcome: 'ok',
      details: {},
    });
    expect(next.seq).toBe(6);
    expect((await log.verify(engine)).ok).toBe(true);
  });
});
