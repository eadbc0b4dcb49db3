import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExampleMesh, openExampleMesh } from '../../../test/support/example-mesh.ts';
import { derivedSpec, heavy } from '../../../test/support/heavy-derived-sql.ts';
import { parseMemoryLimit } from '../../engine/memory-limit.ts';
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

describe('runaway user SQL is stopped with a clear error, and the store stays usable', () => {
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
