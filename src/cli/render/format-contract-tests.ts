import type { Scalar } from '../../core/schema.ts';
import type { ContractCheckItem, QualityReport } from '../../product/quality/quality-report.ts';

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
  /** For checks declared in the published ODCS contract: where, how severe, what was measured against what. */
  readonly location?: string;
  readonly severity?: 'error' | 'warning' | 'info';
  readonly measured?: number | null;
  readonly expected?: string;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** A contract-level check as a test case; whole-table checks (row count, SQL) have no failing records to count. */
function contractCase(c: ContractCheckItem): ContractTestCase {
  const name =
    c.id === c.kind || c.id.startsWith(`${c.kind}:`) ? `contract ${c.id}` : `contract ${c.kind}: ${c.id}`;
  const measured =
    c.measured === null
      ? (c.note ?? 'not measured')
      : `measured ${round(c.measured)}, expected ${c.expected}`;
  return {
    name,
    passed: c.passed,
    failing: c.failing ?? 0,
    detail: `${c.expression} — ${measured}${c.measured !== null && c.note !== undefined ? ` (${c.note})` : ''}`,
    samples: c.failingKeys,
    location: c.location,
    severity: c.severity,
    measured: c.measured,
    expected: c.expected,
  };
}

/** Tells whether a failed case fails the run: every check except contract checks of severity warning or info. */
export function failsRun(c: ContractTestCase): boolean {
  return c.passed === false && (c.severity === undefined || c.severity === 'error');
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
  for (const c of report.contractChecks.items) cases.push(contractCase(c));
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
    const mark = c.passed === false ? (failsRun(c) ? 'FAIL' : 'WARN') : c.passed === null ? 'n/a ' : 'pass';
    const where = c.location === undefined ? '' : `  [${c.location}]`;
    lines.push(`  ${mark}  ${c.name}  (${c.detail}${c.failing > 0 ? `; ${c.failing} failing` : ''})${where}`);
    for (const s of c.samples.slice(0, 5)) lines.push(`        e.g. ${JSON.stringify(s)}`);
  }
  const failed = cases.filter(failsRun).length;
  const warned = cases.filter((c) => c.passed === false && !failsRun(c)).length;
  const skipped = cases.filter((c) => c.passed === null).length;
  lines.push(
    `${cases.length - failed - warned - skipped} passed, ${failed} failed${warned > 0 ? `, ${warned} warning(s)` : ''}${skipped > 0 ? `, ${skipped} not run` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Renders contract tests as JUnit XML for CI systems. */
export function formatContractTestsJUnit(productId: string, cases: readonly ContractTestCase[]): string {
  const failed = cases.filter(failsRun).length;
  const skipped = cases.filter((c) => c.passed === null).length;
  const body = cases
    .map((c) => {
      const open = `    <testcase classname="${xml(productId)}" name="${xml(c.name)}"`;
      if (failsRun(c)) {
        return `${open}>\n      <failure message="${xml(`${c.failing > 0 ? `${c.failing} failing: ` : ''}${c.detail}`)}">${xml(JSON.stringify(c.samples))}</failure>\n    </testcase>`;
      }
      if (c.passed === false) {
        // JUnit has no warnings: a failed check of severity warning or info passes, with what it found as output.
        return `${open}>\n      <system-out>${xml(`${c.severity ?? 'warning'}: ${c.failing > 0 ? `${c.failing} failing: ` : ''}${c.detail} ${JSON.stringify(c.samples)}`)}</system-out>\n    </testcase>`;
      }
      if (c.passed === null) return `${open}>\n      <skipped message="${xml(c.detail)}"/>\n    </testcase>`;
      return `${open}/>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="${xml(productId)}" tests="${cases.length}" failures="${failed}" skipped="${skipped}">\n${body}\n  </testsuite>\n</testsuites>\n`;
}
