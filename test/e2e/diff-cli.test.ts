import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiffFixture, diffFixtures, sortChanges } from '../support/diff-fixtures.ts';
import { runCli } from '../support/run-cli.ts';

let dir: string;
const fixtures = diffFixtures();

function fixture(name: string): DiffFixture {
  const found = fixtures.find((f) => f.name.endsWith(name));
  if (found === undefined) throw new Error(`no diff fixture ${name}`);
  return found;
}

/** Copies one side of a pair into its own product folder, as a team would publish it. */
function folder(f: DiffFixture, side: 'old' | 'new'): string {
  const out = join(dir, f.name, side);
  mkdirSync(out, { recursive: true });
  copyFileSync(side === 'old' ? f.oldFile : f.newFile, join(out, 'contract.odcs.yaml'));
  return out;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-diff-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('meshwork diff on the old/new contract pairs', () => {
  it.each([
    'second-object-required-field-removed',
    'object-removed',
    'object-added',
    'nested-type-pii-classification',
    'array-items-field-removed',
    'zero-x-minor-step-with-breaking-change',
    'zero-x-patch-step-with-breaking-change',
  ])('%s: reports the expected changes and version verdict as JSON', async (name) => {
    const f = fixture(name);
    const run = await runCli(['diff', f.oldFile, f.newFile, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(f.versionBump.ok ? 0 : 5);
    const out = JSON.parse(run.stdout) as {
      changes: { kind: string; code: string; path: string }[];
      breaking: boolean;
      versionBump: { ok: boolean; required: string; actual: string };
    };
    expect(sortChanges(out.changes as DiffFixture['changes'])).toEqual(sortChanges(f.changes));
    expect(out.breaking).toBe(f.breaking);
    expect(out.versionBump).toMatchObject(f.versionBump);
  });

  it('prints each nested change with its path and refuses the patch bump', async () => {
    const f = fixture('nested-type-pii-classification');
    const run = await runCli(['diff', f.oldFile, f.newFile]);
    expect(run.code).toBe(5);
    expect(run.stdout).toContain(
      'schema.orders.customer.address.zip.type            orders.customer.address.zip narrowed from string to integer',
    );
    expect(run.stdout).toContain('3 breaking, 0 non-breaking, 0 info');
    expect(run.stdout).toContain('use 2.0.0 or later');
  });

  it('says "no changes" for an unchanged contract', async () => {
    const f = fixture('unchanged');
    const run = await runCli(['diff', f.oldFile, f.newFile]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'shop.orders: 1.0.0 → 1.0.0\nno changes\nversion bump ok (needs none, is none)\n',
    );
  });
});

describe('meshwork publish checks the same changes', () => {
  it('refuses a patch release that removes a required field from the second schema object', async () => {
    const f = fixture('second-object-required-field-removed');
    const store = join(dir, 'second.duckdb');
    expect((await runCli(['publish', folder(f, 'old'), '--store', store])).code).toBe(0);
    const run = await runCli(['publish', folder(f, 'new'), '--store', store]);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('publishing shop.orders 1.0.1 refused');
    expect(run.stderr).toContain('- schema.customers.email: field customers.email (string) was removed');
  });

  it('refuses 0.1.0 → 0.1.1 with a nested breaking change and accepts 0.1.0 → 0.2.0 as a major step', async () => {
    const patch = fixture('zero-x-patch-step-with-breaking-change');
    const store = join(dir, 'zero.duckdb');
    expect((await runCli(['publish', folder(patch, 'old'), '--store', store])).code).toBe(0);
    const refused = await runCli(['publish', folder(patch, 'new'), '--store', store]);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('schema.orders.customer.address.zip.type');
    expect(refused.stderr).toContain('use 0.2.0 or later');
    const minor = fixture('zero-x-minor-step-with-breaking-change');
    const accepted = await runCli(['publish', folder(minor, 'new'), '--store', store]);
    expect(accepted.stderr).not.toContain('error');
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain('shop.orders 0.2.0');
  });
});
