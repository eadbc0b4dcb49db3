import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffFixtures, sortChanges } from '../../test/support/diff-fixtures.ts';
import { diffContracts, diffVersions } from './contract-diff.ts';
import { readProductFolder } from './product-folder.ts';
import { publishedContract } from './published-document.ts';
import { readContractDocument } from './source-document.ts';
import { validateDocuments } from './validate-documents.ts';
import { checkVersionBump } from './version-bump.ts';

const fixtures = diffFixtures();

/** Reads one side of a pair the way `meshwork diff` reads a file: its spec and its contract. */
function version(path: string) {
  const folder = readProductFolder([{ path, text: readFileSync(path, 'utf8') }]);
  return { spec: folder.spec, contract: publishedContract(folder.documents) };
}

describe('the breaking-change diff on the old/new contract pairs of test/fixtures/diff', () => {
  it('has at least 20 pairs', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s: both contracts are valid ODCS v3.1.0', (_, f) => {
    const { problems } = validateDocuments([
      { path: f.oldFile, text: readFileSync(f.oldFile, 'utf8') },
      { path: f.newFile, text: readFileSync(f.newFile, 'utf8') },
    ]);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s: classifies the changes as expected', (_, f) => {
    const before = version(f.oldFile);
    const after = version(f.newFile);
    expect(before.contract).toBeDefined();
    const diff = diffVersions(before, after);
    expect(sortChanges(diff.changes)).toEqual(sortChanges(f.changes));
    expect(diff.breaking).toBe(f.breaking);
    const bump = checkVersionBump(before.spec.version, after.spec.version, diff.changes);
    expect({ ok: bump.ok, required: bump.required, actual: bump.actual }).toEqual(f.versionBump);
    // The contracts alone give the same changes as a product version read from them.
    const contracts = diffContracts(
      readContractDocument(readFileSync(f.oldFile, 'utf8')),
      readContractDocument(readFileSync(f.newFile, 'utf8')),
    );
    expect(sortChanges(contracts.changes)).toEqual(sortChanges(diff.changes));
  });

  it('names every changed nested property by its full path in the message', () => {
    const f = fixtures.find((x) => x.name.endsWith('nested-depth3-type-change'));
    expect(f).toBeDefined();
    if (f === undefined) return;
    const diff = diffVersions(version(f.oldFile), version(f.newFile));
    expect(diff.changes.map((c) => c.message)).toEqual([
      'orders.customer.address.zip narrowed from string to integer; existing values may not fit',
    ]);
  });
});
