import { describe, expect, it } from 'vitest';
import { ContractViolationError } from '../core/errors.ts';
import { type ContractChange, change } from './contract-change.ts';
import { assertVersionBump, bumpLevel, checkVersionBump, requiredBump } from './version-bump.ts';

const breaking: ContractChange[] = [
  change('field_removed', 'schema.fields.amount', 'field amount (number) was removed'),
];
const additive: ContractChange[] = [
  change('field_added', 'schema.fields.note', 'optional field note (string) was added'),
];
const cosmetic: ContractChange[] = [change('owner_changed', 'owner', 'the owner changed from a to b')];

describe('checking version bumps', () => {
  it('needs a major step for a breaking change', () => {
    expect(checkVersionBump('1.4.2', '2.0.0', breaking)).toEqual({
      ok: true,
      required: 'major',
      actual: 'major',
    });
    const result = checkVersionBump('1.4.2', '1.5.0', breaking);
    expect(result).toMatchObject({ ok: false, required: 'major', actual: 'minor' });
    expect(!result.ok && result.issue).toMatchObject({
      path: ['version'],
      code: 'major_bump_required',
      message: expect.stringContaining('use 2.0.0 or later'),
    });
  });

  it('counts a minor step as major below 1.0.0', () => {
    expect(checkVersionBump('0.3.1', '0.4.0', breaking)).toEqual({
      ok: true,
      required: 'major',
      actual: 'major',
    });
    expect(checkVersionBump('0.3.1', '0.3.2', breaking)).toMatchObject({
      ok: false,
      issue: { message: expect.stringContaining('use 0.4.0') },
    });
    expect(checkVersionBump('0.3.1', '1.0.0', breaking).ok).toBe(true);
  });

  it('needs any increase for a non-breaking change', () => {
    expect(checkVersionBump('1.4.2', '1.4.3', additive)).toEqual({
      ok: true,
      required: 'patch',
      actual: 'patch',
    });
    expect(checkVersionBump('1.4.2', '1.5.0', additive).ok).toBe(true);
    expect(checkVersionBump('1.4.2', '1.4.2', additive)).toMatchObject({
      ok: false,
      issue: { code: 'version_not_increased' },
    });
  });

  it('needs no step for info-only changes or none', () => {
    expect(checkVersionBump('1.4.2', '1.4.2', cosmetic)).toEqual({
      ok: true,
      required: 'none',
      actual: 'none',
    });
    expect(checkVersionBump('1.4.2', '1.4.2', [])).toEqual({ ok: true, required: 'none', actual: 'none' });
  });

  it('refuses a lower version and a version that is not semantic', () => {
    expect(checkVersionBump('1.4.2', '1.3.9', [])).toMatchObject({
      ok: false,
      issue: { code: 'version_decreased' },
    });
    expect(checkVersionBump('1.4', '1.5.0', [])).toMatchObject({
      ok: false,
      issue: { code: 'invalid_version' },
    });
    expect(checkVersionBump('1.4.2', 'v2', breaking)).toMatchObject({
      ok: false,
      issue: { code: 'invalid_version' },
    });
  });

  it('throws a contract violation carrying the issue', () => {
    expect(() => assertVersionBump('1.0.0', '1.1.0', breaking)).toThrow(ContractViolationError);
    expect(() => assertVersionBump('1.0.0', '2.0.0', breaking)).not.toThrow();
  });

  it('measures steps, including pre-releases', () => {
    expect(bumpLevel('1.0.0', '1.0.0')).toBe('none');
    expect(bumpLevel('1.0.0', '1.0.1')).toBe('patch');
    expect(bumpLevel('1.0.0', '1.1.0')).toBe('minor');
    expect(bumpLevel('1.0.0', '2.0.0-rc.1')).toBe('major');
    expect(bumpLevel('2.0.0-rc.1', '2.0.0')).toBe('patch');
    expect(requiredBump([...cosmetic, ...additive])).toBe('patch');
  });
});
