import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleMesh, openExampleMesh } from '../../../test/support/example-mesh.ts';
import { storeMaskingKey } from '../../../test/support/masking-key.ts';
import { type MaskingKey, maskValue, NO_MASKING } from '../../governance/masking.ts';
import { maskQualityReport } from './mask-quality-report.ts';
import type { QualityReport } from './quality-report.ts';

describe('masking a quality report for a reader', () => {
  let ex: ExampleMesh;
  let report: QualityReport;
  let key: MaskingKey;

  beforeAll(async () => {
    ex = await openExampleMesh();
    key = await storeMaskingKey(ex.store);
    const real = await ex.customers.checkQuality({ store: false });
    const uniqueness = real.uniqueness;
    if (uniqueness === null) throw new Error('customer.profiles has a primary key');
    // A stored report as a table without an enforced key could give it: repeated and failing keys.
    report = {
      ...real,
      uniqueness: { ...uniqueness, duplicates: [{ key: { customer_id: 'CUST001' }, count: 2 }] },
      validity: {
        ...real.validity,
        items: real.validity.items.map((item) => ({ ...item, invalidKeys: [{ customer_id: 'CUST002' }] })),
      },
    };
  });

  afterAll(async () => {
    await ex.cleanup();
  });

  it('masks the key values of repeated and failing records the way query masks them', () => {
    const masked = maskQualityReport(report, new Map([['customer_id', 'hash']]), key);
    expect(masked.uniqueness?.duplicates).toEqual([
      { key: { customer_id: maskValue('CUST001', 'hash', key) }, count: 2 },
    ]);
    expect(masked.validity.items.length).toBeGreaterThan(0);
    for (const item of masked.validity.items) {
      expect(item.invalidKeys).toEqual([{ customer_id: maskValue('CUST002', 'hash', key) }]);
    }
    // The figures stay as they were, and the input is not changed.
    expect(masked.validity.accuracy).toBe(report.validity.accuracy);
    expect(report.uniqueness?.duplicates[0]?.key.customer_id).toBe('CUST001');
  });

  it('returns the report unchanged for a reader who sees everything', () => {
    expect(maskQualityReport(report, NO_MASKING)).toBe(report);
  });
});
