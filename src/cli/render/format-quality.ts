import type { QualityRunSummary } from '../../catalog/quality-run-store.ts';
import type { QualityReport, SlaStatus, SlaTargetStatus } from '../../product/quality/quality-report.ts';
import { renderTable } from './table.ts';

function pct(n: number | null): string {
  return n === null ? 'n/a' : `${Math.round(n * 100) / 100}%`;
}

function result(passed: boolean | null): string {
  return passed === null ? '-' : passed ? 'ok' : 'FAIL';
}

function met(m: boolean | null): string {
  return m === null ? 'not measured' : m ? 'met' : 'MISSED';
}

function target(name: string, t: SlaTargetStatus): string {
  if (t.target === null) return `${name}: no target`;
  return `${name} ${pct(t.measured)} / target ${t.target}%: ${met(t.met)}`;
}

/** Renders a measured SLA as lines, one per target. */
export function formatSlaStatus(sla: SlaStatus): string {
  const f = sla.freshness;
  const freshness =
    f.targetMinutes === null
      ? 'freshness: no target'
      : `freshness ${f.ageMinutes === null ? 'never written' : `${f.ageMinutes} min old`} / target ${f.targetMinutes} min: ${met(f.met)}`;
  const verdict = sla.verdict === 'met' ? 'met' : sla.verdict === 'missed' ? 'MISSED' : 'unknown';
  const a = sla.availability;
  const availability =
    a.target === null
      ? 'availability: no target'
      : a.measured === null
        ? `availability target ${a.target}%: not measured (${a.basis})`
        : `availability ${pct(a.measured)} / target ${a.target}%: ${met(a.met)} (${a.basis})`;
  const lines = [
    sla.declaredTargets === 0
      ? 'SLA: none declared'
      : `SLA: ${verdict} (${sla.measuredTargets} of ${sla.declaredTargets} declared target(s) measured${sla.verdict === 'unknown' ? '; an unmeasured target is never counted as met' : ''})`,
    `  ${freshness}`,
    `  ${target('completeness', sla.completeness)} (${sla.completeness.basis})`,
    `  ${target('accuracy', sla.accuracy)} (${sla.accuracy.basis})`,
    `  ${availability}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Renders a quality report for people: verdict, completeness, uniqueness, validity, SLA and quality level. */
export function formatQualityReport(r: QualityReport): string {
  const out: string[] = [];
  const run = r.runId > 0 ? `run ${r.runId}` : 'unsaved run';
  out.push(
    `quality of ${r.productId} ${r.version} — ${run} at ${r.checkedAt}: ${r.verdict.toUpperCase()} (${r.totalRecords} record(s))\n`,
  );
  out.push(
    `\ncompleteness: ${pct(r.completeness.overall)} of required values present (SLA target ${r.completeness.target}%): ${result(r.completeness.passed)}\n`,
  );
  out.push(
    renderTable(
      r.completeness.items.map((c) => ({
        field: c.field,
        required: c.required ? 'yes' : 'no',
        present: c.present,
        missing: c.missing,
        rate: pct(c.rate),
        target: c.target === null ? '-' : `${c.target}%`,
        result: result(c.passed),
      })),
    ),
  );
  const u = r.uniqueness;
  if (u === null) out.push('\nuniqueness: the product has no primary key\n');
  else {
    out.push(
      `\nuniqueness of ${u.key.join(', ')}: ${pct(u.rate)} (${u.distinct} distinct of ${u.total}, ${u.duplicateRecords} duplicate record(s)): ${result(u.passed)}\n`,
    );
    for (const d of u.duplicates) {
      out.push(
        `  ${Object.entries(d.key)
          .map(([k, v]) => `${k} ${String(v)}`)
          .join(', ')} occurs ${d.count} times\n`,
      );
    }
  }
  const v = r.validity;
  out.push(
    `\nvalidity: ${pct(v.accuracy)} of records pass every check (${v.validRecords} of ${r.totalRecords}; SLA accuracy target ${v.target}%): ${result(v.passed)}\n`,
  );
  if (v.items.length > 0) {
    out.push(
      renderTable(
        v.items.map((i) => ({
          check: i.name,
          kind: i.kind,
          expression: i.expression,
          valid: i.valid,
          invalid: i.invalid,
          rate: pct(i.rate),
          result: result(i.passed),
        })),
      ),
    );
  }
  for (const i of v.items) {
    if (i.invalidKeys.length > 0) {
      const keys = i.invalidKeys.map((k) => Object.values(k).map(String).join('/')).join(', ');
      out.push(`  ${i.name} fails for ${keys}${i.invalid > i.invalidKeys.length ? ' …' : ''}\n`);
    }
  }
  if (!v.validRecordsExact)
    out.push('  (format or pattern checks failed: records passing every check is a lower bound)\n');
  // Runs stored before contract-level checks existed have none.
  const contract = r.contractChecks;
  if (contract !== undefined && contract.items.length > 0) {
    out.push(`\ncontract checks (${contract.contract ?? 'contract'}): ${result(contract.passed)}\n`);
    out.push(
      renderTable(
        contract.items.map((c) => ({
          check: c.id,
          kind: c.kind,
          severity: c.severity,
          expected: c.expected,
          measured: c.measured === null ? '-' : Math.round(c.measured * 100) / 100,
          result: c.passed === false && c.severity !== 'error' ? 'warn' : result(c.passed),
        })),
      ),
    );
    for (const c of contract.items) {
      if (c.failingKeys.length > 0) {
        const keys = c.failingKeys.map((k) => Object.values(k).map(String).join('/')).join(', ');
        out.push(`  ${c.id} fails for ${keys}${(c.failing ?? 0) > c.failingKeys.length ? ' …' : ''}\n`);
      }
      if (c.note !== undefined) out.push(`  ${c.id}: ${c.note}\n`);
    }
  }
  out.push(`\n${formatSlaStatus(r.sla)}`);
  const level = r.qualityLevel;
  out.push(
    `\nquality level: derived ${level.derived} (declared ${level.declared}; rules from the ${level.rulesSource})\n`,
  );
  for (const [name, reasons] of Object.entries(level.unmet)) {
    if (reasons !== undefined && reasons.length > 0)
      out.push(`  ${name} not earned: ${reasons.join('; ')}\n`);
  }
  if (r.failures.length > 0) out.push(`\nfailures:\n${r.failures.map((f) => `  - ${f}\n`).join('')}`);
  return out.join('');
}

/** Renders stored quality runs as a table, newest first. */
export function formatQualityHistory(productId: string, runs: readonly QualityRunSummary[]): string {
  if (runs.length === 0)
    return `${productId} has no quality runs yet; run \`meshwork quality ${productId}\`\n`;
  return renderTable(
    runs.map((r) => ({
      run: r.runId,
      checked_at: r.checkedAt,
      version: r.productVersion,
      verdict: r.verdict,
      records: r.totalRecords,
      completeness: pct(r.completeness),
      validity: pct(r.validity),
      uniqueness: pct(r.uniqueness),
      level: r.derivedLevel,
    })),
  );
}
