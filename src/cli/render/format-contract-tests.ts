import type { Scalar } from '../../core/schema.ts';
import type { QualityReport } from '../../product/quality/quality-report.ts';

/** One contract test: a check run against the stored data. */
export interface ContractTestCase {
  readonly name: string;
  readonly passed: boolean | null;
  /** Records failing the check. */
  readonly failing: number;
  /** What was measured against what, as a sentence. */
  readonly detail: string;
  /** Keys of a few failing records. */
  readonly samples: readonly Readonly<Record<string, Scalar>>[];
}

function pct(rate: number | null): string {
  return rate === null ? 'n/a' : `${Math.round(rate * 100) / 100}%`;
}

/** Turns a quality report into one test case per contract check. */
export function toContractTests(report: QualityReport): ContractTestCase[] {
  const cases: ContractTestCase[] = [];
  for (const c of report.completeness.items.filter((i) => i.required)) {
    cases.push({
      name: `not null: ${c.field}`,
      passed: c.passed,
      failing: c.missing,
      detail: `${pct(c.rate)} present, target ${c.target ?? '-'}%`,
      samples: [],
    });
  }
  const u = report.uniqueness;
  if (u) {
    cases.push({
      name: `unique: ${u.key.join(', ')}`,
      passed: u.passed,
      failing: u.duplicateRecords,
      detail: `${u.distinct} distinct of ${u.total}`,
      samples: u.duplicates.map((d) => d.key),
    });
  }
  for (const v of report.validity.items) {
    cases.push({
      name: `${v.kind}: ${v.name}`,
      passed: v.passed,
      failing: v.invalid,
      detail: `${v.expression} — ${pct(v.rate)} valid, target ${v.target}%`,
      samples: v.invalidKeys,
    });
  }
  const f = report.sla.freshness;
  if (f.targetMinutes !== null) {
    cases.push({
      name: 'freshness',
      passed: f.met,
      failing: f.met === false ? 1 : 0,
      detail:
        f.ageMinutes === null
          ? 'never written'
          : `${Math.round(f.ageMinutes)} min since the last write, target ${f.targetMinutes} min`,
      samples: [],
    });
  }
  return cases;
}

/** Renders contract tests for people. */
export function formatContractTests(
  productId: string,
  cases: readonly ContractTestCase[],
  total: number,
): string {
  const lines = [`${productId}: ${cases.length} check(s) on ${total} record(s)`];
  for (const c of cases) {
    const mark = c.passed === false ? 'FAIL' : c.passed === null ? 'n/a ' : 'pass';
    lines.push(`  ${mark}  ${c.name}  (${c.detail}${c.failing > 0 ? `; ${c.failing} failing` : ''})`);
    for (const s of c.samples.slice(0, 5)) lines.push(`        e.g. ${JSON.stringify(s)}`);
  }
  const failed = cases.filter((c) => c.passed === false).length;
  lines.push(`${cases.length - failed} passed, ${failed} failed`);
  return `${lines.join('\n')}\n`;
}

function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Renders contract tests as JUnit XML for CI systems. */
export function formatContractTestsJUnit(productId: string, cases: readonly ContractTestCase[]): string {
  const failed = cases.filter((c) => c.passed === false).length;
  const body = cases
    .map((c) => {
      const open = `    <testcase classname="${xml(productId)}" name="${xml(c.name)}"`;
      if (c.passed === false) {
        return `${open}>\n      <failure message="${xml(`${c.failing} failing: ${c.detail}`)}">${xml(JSON.stringify(c.samples))}</failure>\n    </testcase>`;
      }
      if (c.passed === null) return `${open}>\n      <skipped message="${xml(c.detail)}"/>\n    </testcase>`;
      return `${open}/>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="${xml(productId)}" tests="${cases.length}" failures="${failed}">\n${body}\n  </testsuite>\n</testsuites>\n`;
}
