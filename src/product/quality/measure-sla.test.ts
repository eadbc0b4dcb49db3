import { describe, expect, it } from 'vitest';
import { measureSla } from './measure-sla.ts';

const now = new Date('2025-10-08T12:00:00.000Z');
const sla = { freshnessMinutes: 60, completeness: 99, accuracy: 99 };
const fresh = '2025-10-08T11:50:00.000Z';

describe('measureSla', () => {
  it('says unknown, never met, when the only quality run checked 0 records', () => {
    const s = measureSla({
      productId: 'p',
      sla,
      lastWriteAt: fresh,
      run: { runId: 1, checkedAt: fresh, totalRecords: 0, completeness: null, accuracy: null },
      now,
    });
    expect(s.freshness.met).toBe(true);
    expect(s.verdict).toBe('unknown');
    expect(s.met).toBeNull();
    expect(s.measuredTargets).toBe(1);
    expect(s.declaredTargets).toBe(3);
    expect(s.completeness.basis).toMatch(/0 records/);
  });

  it('does not count a quality run older than the freshness window', () => {
    const s = measureSla({
      productId: 'p',
      sla,
      lastWriteAt: fresh,
      run: {
        runId: 2,
        checkedAt: '2025-10-08T09:00:00.000Z',
        totalRecords: 10,
        completeness: 100,
        accuracy: 100,
      },
      now,
    });
    expect(s.completeness.measured).toBeNull();
    expect(s.completeness.basis).toMatch(/older than the 60-minute freshness window/);
    expect(s.verdict).toBe('unknown');
  });

  it('is met only when every declared target is measured and met, availability included', () => {
    const run = { runId: 3, checkedAt: fresh, totalRecords: 10, completeness: 100, accuracy: 100 };
    const withoutServer = measureSla({
      productId: 'p',
      sla: { ...sla, availability: 99.9 },
      lastWriteAt: fresh,
      run,
      now,
    });
    expect(withoutServer.verdict).toBe('unknown');
    expect(withoutServer.availability.basis).toMatch(/unmeasured/);
    const measured = measureSla({
      productId: 'p',
      sla: { ...sla, availability: 99.9 },
      lastWriteAt: fresh,
      run,
      availability: { measured: 99.95, basis: 'server uptime over 30 days' },
      now,
    });
    expect(measured.verdict).toBe('met');
    expect(measured.met).toBe(true);
  });

  it('says missed as soon as one measured target is missed, even with others unmeasured', () => {
    const s = measureSla({
      productId: 'p',
      sla: { ...sla, availability: 99.9 },
      lastWriteAt: '2025-10-08T09:00:00.000Z',
      run: null,
      now,
    });
    expect(s.freshness.met).toBe(false);
    expect(s.verdict).toBe('missed');
  });
});
