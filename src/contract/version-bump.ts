import semver from 'semver';
import { ContractViolationError, type Issue } from '../core/errors.ts';
import type { ContractChange } from './contract-change.ts';

/** How big a version step is, from none to major. */
export const BUMP_LEVELS = ['none', 'patch', 'minor', 'major'] as const;

/** A version step. */
export type BumpLevel = (typeof BUMP_LEVELS)[number];

/** Whether a new version fits the changes: the step the changes need and the step that was taken. */
export type VersionBumpResult =
  | { readonly ok: true; readonly required: BumpLevel; readonly actual: BumpLevel }
  | { readonly ok: false; readonly required: BumpLevel; readonly actual: BumpLevel; readonly issue: Issue };

/** The smallest step the changes need: major for a breaking change, patch for a non-breaking one, none for info. */
export function requiredBump(changes: readonly ContractChange[]): BumpLevel {
  if (changes.some((c) => c.kind === 'breaking')) return 'major';
  if (changes.some((c) => c.kind === 'non_breaking')) return 'patch';
  return 'none';
}

/**
 * The step from one version to another. Below 1.0.0 a minor step counts as major (`0.3.1` → `0.4.0` may break),
 * following the semver rule that anything may change in 0.x and Cargo's convention for it.
 */
export function bumpLevel(from: string, to: string): BumpLevel {
  if (semver.lte(to, from)) return 'none';
  if (semver.major(to) > semver.major(from)) return 'major';
  if (semver.minor(to) > semver.minor(from)) return semver.major(from) === 0 ? 'major' : 'minor';
  return 'patch';
}

/**
 * Checks that a new version is a big enough step for the changes: a breaking change needs a major step (a minor
 * step below 1.0.0), a non-breaking change any increase, info-only changes none (the same version is fine).
 * @example checkVersionBump('1.4.0', '2.0.0', diffContracts(a, b).changes)
 */
export function checkVersionBump(
  oldVersion: string,
  newVersion: string,
  changes: readonly ContractChange[],
): VersionBumpResult {
  const required = requiredBump(changes);
  for (const [label, v] of [
    ['old', oldVersion],
    ['new', newVersion],
  ] as const) {
    if (semver.valid(v) === null) {
      return {
        ok: false,
        required,
        actual: 'none',
        issue: {
          path: ['version'],
          code: 'invalid_version',
          message: `the ${label} version ${JSON.stringify(v)} is not a semantic version such as 1.2.0`,
        },
      };
    }
  }
  if (semver.lt(newVersion, oldVersion)) {
    return {
      ok: false,
      required,
      actual: 'none',
      issue: {
        path: ['version'],
        code: 'version_decreased',
        message: `version ${newVersion} is lower than the published ${oldVersion}; use a higher version`,
      },
    };
  }
  const actual = bumpLevel(oldVersion, newVersion);
  const rank = (level: BumpLevel): number => BUMP_LEVELS.indexOf(level);
  if (rank(actual) >= rank(required)) return { ok: true, required, actual };
  const breaking = changes.filter((c) => c.kind === 'breaking');
  const next =
    required === 'major' ? nextBreaking(oldVersion) : (semver.inc(oldVersion, 'patch') ?? oldVersion);
  const message =
    required === 'major'
      ? `version ${newVersion} is not a major step from ${oldVersion}, but ${breaking.length} change(s) break consumers (first: ${breaking[0]?.message ?? ''}); use ${next} or later`
      : `version ${newVersion} is the same as ${oldVersion}, but the contract changed; use ${next} or later`;
  return {
    ok: false,
    required,
    actual,
    issue: {
      path: ['version'],
      code: required === 'major' ? 'major_bump_required' : 'version_not_increased',
      message,
    },
  };
}

function nextBreaking(version: string): string {
  return (
    (semver.major(version) === 0 ? semver.inc(version, 'minor') : semver.inc(version, 'major')) ?? version
  );
}

/**
 * Checks a version step like {@link checkVersionBump}.
 * @throws ContractViolationError (`contract_violation`) carrying the issue when the step is too small.
 */
export function assertVersionBump(
  oldVersion: string,
  newVersion: string,
  changes: readonly ContractChange[],
): void {
  const result = checkVersionBump(oldVersion, newVersion, changes);
  if (!result.ok) throw new ContractViolationError(result.issue.message, [result.issue]);
}
