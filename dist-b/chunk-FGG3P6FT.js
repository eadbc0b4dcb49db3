import { ContractViolationError } from './chunk-Z2USMJAC.js';

// dist/contract/version-bump.js
import semver from 'semver';
var BUMP_LEVELS = ['none', 'patch', 'minor', 'major'];
function requiredBump(changes) {
  if (changes.some((c) => c.kind === 'breaking')) return 'major';
  if (changes.some((c) => c.kind === 'non_breaking')) return 'patch';
  return 'none';
}
function bumpLevel(from, to) {
  if (semver.lte(to, from)) return 'none';
  if (semver.major(to) > semver.major(from)) return 'major';
  if (semver.minor(to) > semver.minor(from)) return semver.major(from) === 0 ? 'major' : 'minor';
  return 'patch';
}
function checkVersionBump(oldVersion, newVersion, changes) {
  const required = requiredBump(changes);
  for (const [label, v] of [
    ['old', oldVersion],
    ['new', newVersion],
  ]) {
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
  const rank = (level) => BUMP_LEVELS.indexOf(level);
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
function nextBreaking(version) {
  return (
    (semver.major(version) === 0 ? semver.inc(version, 'minor') : semver.inc(version, 'major')) ?? version
  );
}
function assertVersionBump(oldVersion, newVersion, changes) {
  const result = checkVersionBump(oldVersion, newVersion, changes);
  if (!result.ok) throw new ContractViolationError(result.issue.message, [result.issue]);
}

export { BUMP_LEVELS, requiredBump, bumpLevel, checkVersionBump, assertVersionBump };
