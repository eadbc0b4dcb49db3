import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChangeKind } from '../../src/contract/contract-change.ts';
import type { BumpLevel } from '../../src/contract/version-bump.ts';
import { ROOT } from './run-cli.ts';

/** A change a diff fixture expects, without its message. */
export interface ExpectedChange {
  readonly kind: ChangeKind;
  readonly code: string;
  readonly path: string;
}

/** One old/new contract pair under test/fixtures/diff and the verdict it expects. */
export interface DiffFixture {
  /** The folder name, e.g. `06-nested-depth3-type-change`. */
  readonly name: string;
  readonly folder: string;
  readonly oldFile: string;
  readonly newFile: string;
  readonly about: string;
  readonly breaking: boolean;
  readonly changes: readonly ExpectedChange[];
  readonly versionBump: { readonly ok: boolean; readonly required: BumpLevel; readonly actual: BumpLevel };
}

/** The folder holding the old/new contract pairs. */
export const DIFF_FIXTURES = join(ROOT, 'test/fixtures/diff');

/** Reads every old/new contract pair with its `expected.json`, in folder order. */
export function diffFixtures(): DiffFixture[] {
  return readdirSync(DIFF_FIXTURES)
    .sort()
    .map((name) => {
      const folder = join(DIFF_FIXTURES, name);
      const expected = JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8')) as Omit<
        DiffFixture,
        'name' | 'folder' | 'oldFile' | 'newFile'
      >;
      return {
        ...expected,
        name,
        folder,
        oldFile: join(folder, 'old.odcs.yaml'),
        newFile: join(folder, 'new.odcs.yaml'),
      };
    });
}

/** Orders changes by path, then code, so that two lists compare whatever order a diff found them in. */
export function sortChanges(changes: readonly ExpectedChange[]): ExpectedChange[] {
  return changes
    .map(({ kind, code, path }) => ({ kind, code, path }))
    .sort((a, b) => a.path.localeCompare(b.path) || a.code.localeCompare(b.code));
}
