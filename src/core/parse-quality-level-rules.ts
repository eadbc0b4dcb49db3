import {
  EARNED_QUALITY_LEVELS,
  type EarnedQualityLevel,
  type QualityLevelRule,
  type QualityLevelRules,
} from './quality-level-rules.ts';
import type { Path, SpecReader } from './spec-reader.ts';

const REQUIREMENTS = ['completeness', 'validity', 'uniqueness', 'fresh', 'minRecords'] as const;

function readRule(r: SpecReader, raw: unknown, path: Path, level: string): QualityLevelRule | undefined {
  const obj = r.object(raw, path, `the ${level} rule`);
  if (!obj) return undefined;
  const rule: { -readonly [K in keyof QualityLevelRule]?: QualityLevelRule[K] } = {};
  for (const key of Object.keys(obj)) {
    if (!(REQUIREMENTS as readonly string[]).includes(key)) {
      r.add(
        [...path, key],
        'unknown_key',
        `unknown requirement ${key} for ${level}; use ${REQUIREMENTS.join(', ')}`,
      );
    }
  }
  for (const key of ['completeness', 'validity', 'uniqueness'] as const) {
    const n = r.number(obj, key, path);
    if (n === undefined) continue;
    if (n < 0 || n > 100)
      r.add([...path, key], 'range', `${level}.${key} is a percentage and must be between 0 and 100`);
    else rule[key] = n;
  }
  const fresh = r.boolean(obj, 'fresh', path);
  if (fresh !== undefined) rule.fresh = fresh;
  const minRecords = r.number(obj, 'minRecords', path);
  if (minRecords !== undefined) {
    if (!Number.isSafeInteger(minRecords) || minRecords < 0) {
      r.add([...path, 'minRecords'], 'range', `${level}.minRecords must be a whole number of 0 or more`);
    } else rule.minRecords = minRecords;
  }
  return rule;
}

/** Reads a descriptor's `qualityLevels` section: the requirements each level above bronze declares. */
export function readQualityLevelRules(
  r: SpecReader,
  raw: unknown,
  path: Path,
): QualityLevelRules | undefined {
  const obj = r.object(raw, path, 'qualityLevels');
  if (!obj) return undefined;
  const rules: Partial<Record<EarnedQualityLevel, QualityLevelRule>> = {};
  for (const [level, entry] of Object.entries(obj)) {
    if (level === 'bronze') {
      r.add(
        [...path, level],
        'enum',
        'bronze is the level every product has; declare rules for silver and gold only',
      );
      continue;
    }
    if (!(EARNED_QUALITY_LEVELS as readonly string[]).includes(level)) {
      r.add(
        [...path, level],
        'enum',
        `unknown quality level ${level}; declare rules for ${EARNED_QUALITY_LEVELS.join(' and ')}`,
      );
      continue;
    }
    const rule = readRule(r, entry, [...path, level], level);
    if (rule) rules[level as EarnedQualityLevel] = rule;
  }
  return rules;
}
