import { describe, expect, it } from 'vitest';
import { isDateString, normalizeTimestamp } from './normalize-temporal.ts';

describe('isDateString', () => {
  it('accepts real calendar dates, including 29 February in leap years', () => {
    for (const d of ['2025-10-01', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31'])
      expect(isDateString(d)).toBe(true);
  });

  it('rejects impossible dates and other shapes', () => {
    for (const d of [
      '2025-02-30',
      '2025-02-29',
      '1900-02-29',
      '2025-04-31',
      '2025-13-01',
      '2025-00-10',
      '0000-01-01',
    ]) {
      expect(isDateString(d)).toBe(false);
    }
    for (const d of ['2025-1-01', '2025/10/01', '20251001', '2025-10-01 ', '2025-10-01T00:00:00Z', '']) {
      expect(isDateString(d)).toBe(false);
    }
  });
});

describe('normalizeTimestamp', () => {
  it('keeps canonical timestamps as they are', () => {
    expect(normalizeTimestamp('2025-10-07 10:30:00')).toBe('2025-10-07 10:30:00');
  });

  it('reads a date as midnight', () => {
    expect(normalizeTimestamp('2025-10-06')).toBe('2025-10-06 00:00:00');
  });

  it('reads ISO 8601 with T, Z, fractions and offsets, converting to UTC', () => {
    expect(normalizeTimestamp('2025-10-07T10:30:00Z')).toBe('2025-10-07 10:30:00');
    expect(normalizeTimestamp('2025-10-07t10:30z')).toBe('2025-10-07 10:30:00');
    expect(normalizeTimestamp('2025-10-07T10:30:00.500Z')).toBe('2025-10-07 10:30:00.5');
    expect(normalizeTimestamp('2025-10-07T10:30:00,123456789')).toBe('2025-10-07 10:30:00.123456');
    expect(normalizeTimestamp('2025-10-07T10:30:00.000+00:00')).toBe('2025-10-07 10:30:00');
    expect(normalizeTimestamp('2025-10-07T01:30:00+02:00')).toBe('2025-10-06 23:30:00');
    expect(normalizeTimestamp('2024-12-31T23:30:00-0100')).toBe('2025-01-01 00:30:00');
    expect(normalizeTimestamp('2024-02-28T23:00:00-05')).toBe('2024-02-29 04:00:00');
  });

  it('orders canonical values correctly as plain strings', () => {
    const values = [
      '2025-10-07T10:30:00.5Z',
      '2025-10-07 10:30:00',
      '2025-10-07T10:30:00.123Z',
      '2025-10-07T10:30:01Z',
    ];
    const sorted = values.map((v) => normalizeTimestamp(v) as string).sort();
    expect(sorted).toEqual([
      '2025-10-07 10:30:00',
      '2025-10-07 10:30:00.123',
      '2025-10-07 10:30:00.5',
      '2025-10-07 10:30:01',
    ]);
  });

  it('rejects impossible times, dates and zones', () => {
    for (const t of [
      '2025-10-07 24:00:00',
      '2025-10-07 10:60:00',
      '2025-10-07 10:30:60',
      '2025-02-30 10:00:00',
      '2025-10-07T10:30:00+24:00',
      '2025-10-07T10:30:00+02:60',
      '9999-12-31T23:00:00-02:00',
      '2025-10-07 10',
      '2025-10-07T',
      'yesterday',
      '',
    ]) {
      expect(normalizeTimestamp(t)).toBeUndefined();
    }
  });
});
