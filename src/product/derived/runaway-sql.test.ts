import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ExampleMesh, openExampleMesh } from '../../../test/support/example-mesh.ts';
import { parseMemoryLimit } from '../../engine/memory-limit.ts';
import type { Mesh } from '../mesh.ts';

const SPEC_FILE = fileURLToPath(new URL('../../../examples/customer_revenue/product.yaml', import.meta.url));

/** The shipped customer_revenue product under another id, its SQL replaced by `sql`. */
function derivedSpec(id: string, sql: string): Record<string, unknown> {
  const spec = parse(readFileSync(SPEC_FILE, 'utf8')) as Record<string, unknown>;
  return { ...spec, id, analytics: undefined, segments: undefined, derived: { sql } };
}

/** The sales product joined with itself `n` times: 6^n rows from the six sample sales. */
function crossJoin(n: number): string {
  return Array.from({ length: n }, (_, i) => `{{sales.transactions}} AS t${i}`).join(', ');
}

/** A query with the columns customer_revenue needs, whose `has_profile` is computed by `expr` over `crossJoin(n)`. */
function heavy(expr: string, n: number): string {
  return `SELECT t0.customer_id AS customer_id, COUNT(*) AS transactions, SUM(t0.amount) AS revenue,
  AVG(t0.amount) AS average_value, MIN(t0.date) AS first_purchase, MAX(t0.date) AS last_purchase,
  ${expr} AS has_profile, NULL AS tier, NULL AS lifetime_value
FROM ${crossJoin(n)} GROUP BY t0.customer_id`;
}

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

describe('runaway user SQL is stopped with a clear error, and the store stays usable', () => {
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

  it('a refresh that runs past the time limit for user SQL is stopped and rolled back', async () => {
    await ex.mesh.close();
    mesh = await ex.reopen({ userSqlTimeoutMs: 300 });
    // 6^10 = 60M rows through a regular expression: minutes of work, little memory.
    const concat = Array.from({ length: 10 }, (_, i) => `t${i}.customer_id`).join(' || ');
    const product = await mesh.createProduct(
      derivedSpec(
        'sales.too_slow',
        heavy(`SUM(length(regexp_replace(${concat}, '[0-9]', 'x', 'g'))) > 0`, 10),
      ),
    );
    const started = Date.now();
    const error = await product.refresh().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'storage_unavailable',
      details: { reason: 'interrupted' },
      message: expect.stringContaining('the time limit for user-written SQL, 300 ms'),
    });
    // Far below the minutes the query needs: it was stopped, not waited for.
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(await product.count()).toBe(0);
    expect((await product.derivedStatus()).refreshedAt).toBeNull();
    expect(await (await mesh.product('sales.transactions')).count()).toBe(6);
  });

  it('refuses a memory limit or a time limit it cannot use, before opening the store', async () => {
    await expect(ex.reopen({ memoryLimit: 'lots' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'the memoryLimit option must be a size such as 512MB, 2GB or 4GiB, got "lots"',
    });
    await expect(ex.reopen({ memoryLimit: '1MB' })).rejects.toMatchObject({
      message: expect.stringContaining('at least 64MiB'),
    });
    await expect(ex.reopen({ userSqlTimeoutMs: -1 })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('parseMemoryLimit', () => {
  it('reads decimal and binary units, case and spaces ignored, and plain bytes', () => {
    expect(parseMemoryLimit('2GiB', 'x')).toBe(2 * 2 ** 30);
    expect(parseMemoryLimit('512 mb', 'x')).toBe(512e6);
    expect(parseMemoryLimit('1.5GB', 'x')).toBe(1.5e9);
    expect(parseMemoryLimit('134217728', 'x')).toBe(2 ** 27);
    expect(() => parseMemoryLimit('2 GX', '--memory-limit')).toThrow(/--memory-limit must be a size/);
  });
});
