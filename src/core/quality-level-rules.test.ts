import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUALITY_LEVEL_RULES,
  deriveQualityLevel,
  type QualityMeasurements,
} from './quality-level-rules.ts';

const perfect: QualityMeasurements = {
  totalRecords: 10,
  completeness: 100,
  validity: 100,
  uniqueness: 100,
  fresh: true,
};

describe('deriving a quality level', () => {
  const rules = {
    silver: { completeness: 99, validity: 99, uniqueness: 100 },
    gold: { completeness: 100, validity: 100, uniqueness: 100, fresh: true, minRecords: 5 },
  };

  it('awards gold when every requirement of silver and gold holds', () => {
    expect(deriveQualityLevel(rules, perfect)).toEqual({ level: 'gold', unmet: { silver: [], gold: [] } });
  });

  it('stops at silver and says why gold was not earned', () => {
    const result = deriveQualityLevel(rules, { ...perfect, validity: 99.5, fresh: false, totalRecords: 3 });
    expect(result.level).toBe('silver');
    expect(result.unmet.gold).toEqual([
      'holds 3 record(s), needs at least 5',
      'validity is 99.5%, below 100%',
      'data is stale against the SLA freshness target',
    ]);
  });

  it('gives bronze when silver fails, even if gold’s own requirements would hold', () => {
    const result = deriveQualityLevel({ silver: { validity: 100 }, gold: {} }, { ...perfect, validity: 90 });
    expect(result.level).toBe('bronze');
    expect(result.unmet).toEqual({
      silver: ['validity is 90%, below 100%'],
      gold: ['a lower level was not earned'],
    });
  });

  it('treats a figure that could not be measured as unmet', () => {
    const result = deriveQualityLevel(
      { silver: { uniqueness: 100, fresh: true } },
      { ...perfect, uniqueness: null, fresh: null },
    );
    expect(result.level).toBe('bronze');
    expect(result.unmet.silver).toEqual([
      'key uniqueness could not be measured (needs at least 100%)',
      'freshness cannot be measured (no SLA target or never written)',
    ]);
  });

  it('never awards a level no rule is declared for', () => {
    expect(deriveQualityLevel(DEFAULT_QUALITY_LEVEL_RULES, perfect)).toEqual({
      level: 'silver',
      unmet: { silver: [], gold: ['no rule is declared for this level'] },
    });
    expect(deriveQualityLevel({}, perfect).level).toBe('bronze');
  });
});
