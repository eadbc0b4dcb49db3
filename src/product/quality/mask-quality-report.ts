import { type MaskingKey, type MaskingPlan, maskRows } from '../../governance/masking.ts';
import type { QualityReport } from './quality-report.ts';

/**
 * Masks the record keys a quality report lists (repeated keys, keys of failing records) the way `query` masks them
 * for the same reader, so that a report never shows a PII key a grant leaves out; returns a new report.
 */
export function maskQualityReport(report: QualityReport, plan: MaskingPlan, key?: MaskingKey): QualityReport {
  if (plan.size === 0) return report;
  const uniqueness =
    report.uniqueness === null
      ? null
      : {
          ...report.uniqueness,
          duplicates: report.uniqueness.duplicates.map((d) => ({
            key: maskRows([{ ...d.key }], plan, key)[0] ?? {},
            count: d.count,
          })),
        };
  return {
    ...report,
    uniqueness,
    validity: {
      ...report.validity,
      items: report.validity.items.map((item) => ({
        ...item,
        invalidKeys: maskRows(
          item.invalidKeys.map((k) => ({ ...k })),
          plan,
          key,
        ),
      })),
    },
  };
}
