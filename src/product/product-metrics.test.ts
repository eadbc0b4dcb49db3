import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ExampleMesh,
  exampleRecords,
  exampleSpec,
  openExampleMesh,
} from '../../test/support/example-mesh.ts';

describe('product metrics', () => {
  let em: ExampleMesh;
  beforeEach(async () => {
    em = await openExampleMesh({ ingest: false });
  });
  afterEach(async () => {
    await em.cleanup();
  });

  it('reports totals, accesses by operation, status, quality level and SLA', async () => {
    await em.sales.ingest(exampleRecords('sales'));
    await em.sales.query({ region: 'Europe' });
    await em.sales.query();
    await em.sales.update({ transaction_id: 'TXN001' }, { amount: 10 });
    await em.sales.remove({ transaction_id: 'TXN002' });
    await em.sales.publish();
    const metrics = await em.sales.metrics();
    expect(metrics).toMatchObject({
      productId: 'sales.transactions',
      version: '1.0.0',
      status: 'published',
      qualityLevel: 'silver',
      sla: { availability: 99.9, freshnessMinutes: 60, completeness: 99, accuracy: 99 },
      totalRecords: 5,
      accessesByOperation: { create: 1, ingest: 1, query: 2, update: 1, remove: 1, publish: 1 },
      totalAccesses: 7,
    });
  });

  it('counts accesses per product only', async () => {
    await em.customers.query();
    expect((await em.sales.metrics()).accessesByOperation).toEqual({ create: 1 });
    expect((await em.customers.metrics()).accessesByOperation).toEqual({ create: 1, query: 1 });
  });

  it('calls a product that was never written stale', async () => {
    expect((await em.sales.metrics()).freshness).toEqual({
      lastWriteAt: null,
      ageMinutes: null,
      maxMinutes: 60,
      stale: true,
    });
  });

  it('calls a product fresh within its SLA and stale once the clock passes it', async () => {
    const writtenAt = em.clock.iso();
    await em.sales.ingest(exampleRecords('sales'));
    em.clock.advance(59);
    expect((await em.sales.metrics()).freshness).toEqual({
      lastWriteAt: writtenAt,
      ageMinutes: 59,
      maxMinutes: 60,
      stale: false,
    });
    em.clock.advance(2);
    expect((await em.sales.metrics()).freshness).toMatchObject({ ageMinutes: 61, stale: true });
  });

  it('measures each product against its own freshness target', async () => {
    await em.sales.ingest(exampleRecords('sales'));
    await em.customers.ingest(exampleRecords('customers'));
    em.clock.advance(6);
    expect((await em.customers.metrics()).freshness.stale).toBe(true);
    expect((await em.sales.metrics()).freshness.stale).toBe(false);
  });

  it('counts updates and removals as writes, but not queries or rejected ingests', async () => {
    await em.sales.ingest(exampleRecords('sales'));
    em.clock.advance(30);
    await em.sales.query();
    await em.sales.ingest({ transaction_id: 'BAD' });
    expect((await em.sales.metrics()).freshness.ageMinutes).toBe(30);
    await em.sales.update({ transaction_id: 'TXN001' }, { amount: 1 });
    expect((await em.sales.metrics()).freshness.ageMinutes).toBe(0);
    em.clock.advance(45);
    await em.sales.remove({ transaction_id: 'TXN001' });
    expect((await em.sales.metrics()).freshness).toMatchObject({
      lastWriteAt: em.clock.iso(),
      ageMinutes: 0,
    });
  });

  it('counts successful reads and row-changing writes per UTC day over the last 30 days, zero on a quiet day', async () => {
    const today = em.clock.iso().slice(0, 10);
    await em.sales.ingest(exampleRecords('sales'));
    await em.sales.query();
    await em.sales.query({ region: 'Europe' });
    await em.sales.ingest({ transaction_id: 'BAD' });
    em.clock.advance(24 * 60);
    const tomorrow = em.clock.iso().slice(0, 10);
    await em.sales.update({ transaction_id: 'TXN001' }, { amount: 10 });
    await em.sales.query();
    const { byDay } = await em.sales.metrics();
    expect(byDay).toHaveLength(30);
    expect(byDay.at(-1)).toEqual({ day: tomorrow, reads: 1, writes: 1 });
    expect(byDay.at(-2)).toEqual({ day: today, reads: 2, writes: 1 });
    expect(byDay.slice(0, -2).every((d) => d.reads === 0 && d.writes === 0)).toBe(true);
    expect(byDay.map((d) => d.day)).toEqual([...byDay.map((d) => d.day)].sort());
    // The other product's usage is its own.
    expect((await em.customers.metrics()).byDay.every((d) => d.reads === 0 && d.writes === 0)).toBe(true);
  });

  it('drops days older than 30 days from the usage per day', async () => {
    await em.sales.query();
    em.clock.advance(30 * 24 * 60);
    const { byDay } = await em.sales.metrics();
    expect(byDay).toHaveLength(30);
    expect(byDay.reduce((n, d) => n + d.reads, 0)).toBe(0);
    expect((await em.sales.metrics()).accessesByOperation.query).toBe(1);
  });

  it('has no staleness without a freshness target', async () => {
    const { sla: _sla, ...spec } = exampleSpec('sales');
    const product = await em.mesh.createProduct({ ...spec, id: 'sales.no_sla' });
    expect((await product.metrics()).freshness).toEqual({
      lastWriteAt: null,
      ageMinutes: null,
      maxMinutes: null,
      stale: null,
    });
  });
});
