import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExampleMesh, exampleSpec, openExampleMesh } from '../../test/support/example-mesh.ts';
import { MeshError } from '../core/errors.ts';
import type { DataProduct } from './data-product.ts';

const errorOf = async (promise: Promise<unknown>): Promise<MeshError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MeshError);
  return error as MeshError;
};

describe('product lifecycle', () => {
  let em: ExampleMesh;
  beforeEach(async () => {
    em = await openExampleMesh();
  });
  afterEach(async () => {
    await em.cleanup();
  });

  const status = async (product: DataProduct): Promise<string> => (await product.descriptor()).status;

  it('creates products as drafts', async () => {
    expect(await status(em.sales)).toBe('draft');
  });

  it('publishes a complete product and stamps the change with the clock', async () => {
    em.clock.advance(30);
    const result = await em.sales.publish();
    expect(result).toEqual({ ok: true, from: 'draft', status: 'published', reasons: [], warnings: [] });
    const d = await em.sales.descriptor();
    expect(d.status).toBe('published');
    expect(d.updatedAt).toBe(em.clock.iso());
    expect(d.createdAt).not.toBe(d.updatedAt);
  });

  it('refuses to publish a product without an owner, says why, and keeps it a draft', async () => {
    const { owner: _owner, ...spec } = exampleSpec('sales');
    const product = await em.mesh.createProduct({ ...spec, id: 'sales.unowned' });
    const result = await product.publish();
    expect(result.ok).toBe(false);
    expect(result.status).toBe('draft');
    expect(result.reasons).toEqual(['the product has no owner; set owner in its descriptor']);
    expect(await status(product)).toBe('draft');
    expect(await product.accessLog({ operation: 'publish' })).toEqual([]);
  });

  it('warns, but publishes, at the bronze quality level', async () => {
    const product = await em.mesh.createProduct({
      ...exampleSpec('sales'),
      id: 'sales.raw',
      qualityLevel: 'bronze',
    });
    const result = await product.publish();
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([expect.stringMatching(/bronze/)]);
  });

  it('deprecates a published product with a sunset date and reason, and publishes it again', async () => {
    await em.sales.publish();
    const deprecated = await em.sales.deprecate({ sunset: '2026-01-31', reason: 'replaced by sales.orders' });
    expect(deprecated).toMatchObject({ ok: true, from: 'published', status: 'deprecated' });
    const [entry] = await em.sales.accessLog({ operation: 'deprecate' });
    expect(entry?.parameters).toEqual({
      from: 'published',
      to: 'deprecated',
      sunset: '2026-01-31',
      reason: 'replaced by sales.orders',
    });
    expect(await em.sales.publish()).toMatchObject({ ok: true, from: 'deprecated', status: 'published' });
  });

  it('refuses a sunset that is not a date', async () => {
    await em.sales.publish();
    const result = await em.sales.deprecate({ sunset: 'next spring' });
    expect(result.ok).toBe(false);
    expect(result.reasons).toEqual([expect.stringMatching(/sunset must be a date YYYY-MM-DD/)]);
    expect(await status(em.sales)).toBe('published');
  });

  it('archives a deprecated product, and a draft', async () => {
    await em.sales.publish();
    await em.sales.deprecate({ sunset: '2026-01-31' });
    expect(await em.sales.archive()).toMatchObject({ ok: true, from: 'deprecated', status: 'archived' });
    expect(await em.customers.archive()).toMatchObject({ ok: true, from: 'draft', status: 'archived' });
  });

  it.each([
    [
      'a draft cannot be deprecated',
      [] as const,
      'deprecate',
      'draft',
      /from draft it may become published or archived/,
    ],
    [
      'a published product cannot be archived',
      ['publish'] as const,
      'archive',
      'published',
      /it may become deprecated/,
    ],
    [
      'a published product cannot be published again',
      ['publish'] as const,
      'publish',
      'published',
      /cannot become published/,
    ],
    [
      'an archived product cannot come back',
      ['archive'] as const,
      'publish',
      'archived',
      /archived is final/,
    ],
  ] as const)(
    'refuses a transition the lifecycle does not allow: %s',
    async (_label, before, action, stays, reason) => {
      for (const step of before) await em.sales[step]();
      const result = await em.sales[action]();
      expect(result.ok).toBe(false);
      expect(result.status).toBe(stays);
      expect(result.reasons.join(' ')).toMatch(reason);
      expect(await status(em.sales)).toBe(stays);
    },
  );

  it('records each lifecycle change in the access log', async () => {
    await em.sales.publish();
    await em.sales.deprecate({ sunset: '2026-01-31' });
    await em.sales.archive();
    const entries = await em.sales.accessLog({ order: 'asc' });
    expect(
      entries
        .filter((e) => ['publish', 'deprecate', 'archive'].includes(e.operation))
        .map((e) => e.parameters),
    ).toEqual([
      { from: 'draft', to: 'published' },
      { from: 'published', to: 'deprecated', sunset: '2026-01-31' },
      { from: 'deprecated', to: 'archived' },
    ]);
  });

  it('lists products by status', async () => {
    await em.sales.publish();
    expect((await em.mesh.listProducts({ status: 'published' })).map((d) => d.id)).toEqual([
      'sales.transactions',
    ]);
    expect((await em.mesh.listProducts({ status: 'draft' })).map((d) => d.id)).toEqual(['customer.profiles']);
  });

  describe('an archived product', () => {
    beforeEach(async () => {
      await em.sales.archive();
    });

    it('refuses reads with a conflict error', async () => {
      const error = await errorOf(em.sales.query({ region: 'Europe' }));
      expect(error.code).toBe('conflict');
      expect(error.message).toMatch(/sales\.transactions is archived; archived products refuse reads/);
      expect((await errorOf(em.sales.count())).code).toBe('conflict');
    });

    it('refuses ingest, from records and from a file, with a conflict error', async () => {
      const record = {
        transaction_id: 'Z1',
        product_id: 'P',
        customer_id: 'C',
        amount: 1,
        date: '2025-10-09',
      };
      const error = await errorOf(em.sales.ingest({ ...record, product_category: 'x', region: 'y' }));
      expect(error.code).toBe('conflict');
      expect(error.message).toMatch(/refuse writes/);
      const file = em.dir.file('more.json');
      writeFileSync(file, '[]');
      expect((await errorOf(em.sales.ingestFile(file))).code).toBe('conflict');
    });

    it('refuses update and remove with a conflict error', async () => {
      expect((await errorOf(em.sales.update({ transaction_id: 'TXN001' }, { amount: 1 }))).code).toBe(
        'conflict',
      );
      expect((await errorOf(em.sales.remove({ transaction_id: 'TXN001' }))).code).toBe('conflict');
    });

    it('keeps its data, descriptor, metrics and log for audit', async () => {
      expect((await em.sales.metrics()).totalRecords).toBe(6);
      expect(await status(em.sales)).toBe('archived');
      expect((await em.sales.accessLog({ operation: 'archive' })).length).toBe(1);
    });
  });
});
