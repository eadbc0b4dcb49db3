import type { ProductSpec } from '../core/descriptor.ts';
import type { Field, Scalar } from '../core/schema.ts';
import { compileContractLevelChecks, compileQualityChecks } from './compile-quality-checks.ts';
import { describeQualityCheck, measuredQuantity } from './quality-check.ts';
import { formatThreshold } from './quality-threshold.ts';
import type { SourceDocument } from './source-document.ts';

/** Options for {@link toMarkdown}. */
export interface MarkdownOptions {
  /** The product's lifecycle status, shown in the facts table. */
  readonly status?: string;
  /** The ODCS contract the spec was read from: its declared quality checks are listed too. */
  readonly contract?: SourceDocument;
}

/** Makes text safe inside a Markdown table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replaceAll('|', '\\|');
}

function code(text: string): string {
  return `\`${text.replaceAll('`', "'")}\``;
}

function scalar(value: Scalar): string {
  return typeof value === 'string' ? value : String(value);
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

function constraints(f: Field): string {
  const out: string[] = [];
  if (f.enum !== undefined) out.push(`one of ${f.enum.map((v) => code(scalar(v))).join(', ')}`);
  if (f.minimum !== undefined) out.push(`>= ${f.minimum}`);
  if (f.exclusiveMinimum !== undefined) out.push(`> ${f.exclusiveMinimum}`);
  if (f.maximum !== undefined) out.push(`<= ${f.maximum}`);
  if (f.exclusiveMaximum !== undefined) out.push(`< ${f.exclusiveMaximum}`);
  if (f.minLength !== undefined) out.push(`at least ${f.minLength} characters`);
  if (f.maxLength !== undefined) out.push(`at most ${f.maxLength} characters`);
  if (f.format !== undefined) out.push(`format ${f.format}`);
  if (f.pattern !== undefined) out.push(`matches ${code(f.pattern)}`);
  return out.join('; ');
}

/**
 * Writes a product's documentation page in Markdown: the facts (id, domain, owner, version, status, quality level,
 * tags, upstream), the schema with keys, PII and constraints, the record rules, the quality checks with their
 * thresholds (with the contract, also those only it declares) and the service levels.
 * @example await writeFile('sales.md', toMarkdown(spec, { status: 'published' }))
 */
export function toMarkdown(spec: ProductSpec, options: MarkdownOptions = {}): string {
  const lines: string[] = [`# ${spec.name} (${code(spec.id)})`, ''];
  if (spec.description !== '') lines.push(spec.description, '');
  const facts: [string, string][] = [
    ['Id', code(spec.id)],
    ['Domain', spec.domain],
    ['Owner', spec.owner || '—'],
    ['Version', spec.version],
    ...(options.status === undefined ? [] : [['Status', options.status] as [string, string]]),
    ['Quality level', spec.qualityLevel],
    ['Tags', spec.tags.join(', ') || '—'],
    ['Upstream', spec.upstream.map(code).join(', ') || '—'],
  ];
  lines.push(...table(['Fact', 'Value'], facts), '');
  const key = new Set(spec.schema.primaryKey);
  lines.push('## Schema', '');
  lines.push(
    ...table(
      ['Field', 'Type', 'Required', 'Key', 'PII', 'Description', 'Constraints'],
      spec.schema.fields.map((f) => [
        code(f.name),
        f.type,
        f.required ? 'yes' : 'no',
        key.has(f.name) ? 'yes' : '',
        f.pii ? `yes${f.masking === undefined ? '' : ` (${f.masking})`}` : (f.classification ?? ''),
        f.description ?? '',
        constraints(f),
      ]),
    ),
    '',
  );
  if (spec.schema.primaryKey.length > 0)
    lines.push(`Primary key: ${spec.schema.primaryKey.map(code).join(', ')}.`, '');
  if (spec.schema.rules.length > 0) {
    lines.push('## Rules', '', 'Every record satisfies:', '');
    for (const r of spec.schema.rules) {
      lines.push(
        `- ${code(r.name)}: ${code(r.check)}${r.description === undefined ? '' : ` — ${r.description}`}`,
      );
    }
    lines.push('');
  }
  const checks = [
    ...compileQualityChecks(spec),
    ...(options.contract === undefined ? [] : compileContractLevelChecks(options.contract)),
  ];
  if (checks.length > 0) {
    lines.push('## Quality checks', '');
    lines.push(
      ...table(
        ['Check', 'Requires', 'Threshold', 'Severity', 'From'],
        checks.map((c) => [
          code(c.id),
          c.description === undefined
            ? describeQualityCheck(c)
            : `${describeQualityCheck(c)} — ${c.description}`,
          `${measuredQuantity(c)} ${formatThreshold(c.threshold)}`,
          c.severity,
          c.origin === 'declared' ? 'contract' : 'schema',
        ]),
      ),
      '',
    );
  }
  const sla: [string, string][] = [];
  if (spec.sla.availability !== undefined) sla.push(['Availability', `${spec.sla.availability}%`]);
  if (spec.sla.freshnessMinutes !== undefined)
    sla.push(['Freshness', `written at least every ${spec.sla.freshnessMinutes} min`]);
  if (spec.sla.completeness !== undefined) sla.push(['Completeness', `${spec.sla.completeness}%`]);
  if (spec.sla.accuracy !== undefined) sla.push(['Accuracy', `${spec.sla.accuracy}%`]);
  if (sla.length > 0) lines.push('## Service levels', '', ...table(['Target', 'Promise'], sla), '');
  return `${lines.join('\n').trimEnd()}\n`;
}
