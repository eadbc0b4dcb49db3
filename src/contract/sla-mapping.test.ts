import { describe, expect, it } from 'vitest';
import { durationToMinutes, importSla, percentValue, updateSlaEntry } from './sla-mapping.ts';

describe('reading SLA values', () => {
  it.each([
    [4, 'd', 5760],
    [2, 'hours', 120],
    [90, 'seconds', 1.5],
    [1, 'y', 525600],
    ['25h', undefined, 1500],
    ['10 min', undefined, 10],
    ['PT1H30M', undefined, 90],
    ['P1D', undefined, 1440],
    ['3', 'h', 180],
  ] as const)('reads the duration %j %s as %d minutes', (value, unit, minutes) => {
    expect(durationToMinutes(value, unit)).toBe(minutes);
  });

  it.each([
    [4, undefined],
    [4, 'fortnights'],
    ['soon', undefined],
    ['P', undefined],
  ] as const)('refuses the duration %j %s', (value, unit) => {
    expect(durationToMinutes(value, unit)).toBeUndefined();
  });

  it('reads percentages written as strings, numbers or fractions', () => {
    expect(percentValue('99.9%')).toBe(99.9);
    expect(percentValue(99.5, 'percent')).toBe(99.5);
    expect(percentValue('0.999')).toBe(99.9);
    expect(percentValue(1, '%')).toBe(1);
    expect(percentValue('high')).toBeUndefined();
  });

  it('prefers a freshness entry over a latency entry and remembers its element', () => {
    const sla = importSla([
      { property: 'latency', value: 4, unit: 'd', element: 'orders.created_at' },
      { property: 'freshness', value: 30, unit: 'min', element: 'orders.updated_at' },
    ]);
    expect(sla).toEqual({
      sla: { freshnessMinutes: 30 },
      origins: { freshnessMinutes: 1 },
      freshnessElement: 'orders.updated_at',
    });
  });

  it('writes a new target in the unit and style the entry already has', () => {
    expect(updateSlaEntry({ property: 'latency', value: 4, unit: 'd' }, 'freshnessMinutes', 2880)).toEqual({
      property: 'latency',
      value: 2,
      unit: 'd',
    });
    expect(updateSlaEntry({ property: 'latency', value: 4, unit: 'd' }, 'freshnessMinutes', 90)).toEqual({
      property: 'latency',
      value: 90,
      unit: 'min',
    });
    expect(updateSlaEntry({ property: 'availability', value: '99%' }, 'availability', 99.5)).toEqual({
      property: 'availability',
      value: '99.5%',
    });
    expect(updateSlaEntry({ property: 'availability', value: 0.99 }, 'availability', 99.5)).toEqual({
      property: 'availability',
      value: 0.995,
    });
  });
});
