import type { ChangeKind, ContractDiff } from './contract-change.ts';

const LABELS: Readonly<Record<ChangeKind, string>> = {
  breaking: 'BREAKING',
  non_breaking: 'non-breaking',
  info: 'info',
};
const ORDER: readonly ChangeKind[] = ['breaking', 'non_breaking', 'info'];

/**
 * Renders a diff as aligned plain text, breaking changes first, ending with a summary line.
 * @example formatDiffText(diffContracts(before, after))
 */
export function formatDiffText(diff: ContractDiff): string {
  if (diff.changes.length === 0) return 'no changes\n';
  const sorted = [...diff.changes].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  const kindWidth = Math.max(...sorted.map((c) => LABELS[c.kind].length));
  const pathWidth = Math.max(...sorted.map((c) => c.path.length));
  const lines = sorted.map(
    (c) => `${LABELS[c.kind].padEnd(kindWidth)}  ${c.path.padEnd(pathWidth)}  ${c.message} [${c.code}]`,
  );
  const { breaking, non_breaking, info } = diff.counts;
  lines.push('', `${breaking} breaking, ${non_breaking} non-breaking, ${info} info`);
  return `${lines.join('\n')}\n`;
}

/** Tells whether XML 1.0 may hold a code point (no control characters, lone surrogates or U+FFFE/U+FFFF). */
function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    cp >= 0x10000
  );
}

/** Escapes text for XML content and attributes, dropping characters XML 1.0 cannot hold. */
export function escapeXml(text: string): string {
  return Array.from(text)
    .filter((ch) => isXmlChar(ch.codePointAt(0) ?? 0))
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Options for {@link formatDiffJUnit}. */
export interface JUnitOptions {
  /** The test suite name (default `contract diff`). */
  readonly suiteName?: string;
}

/**
 * Renders a diff as JUnit XML for CI: one test case per change, breaking changes as failures.
 * @example writeFileSync('contract-diff.xml', formatDiffJUnit(diff))
 */
export function formatDiffJUnit(diff: ContractDiff, options: JUnitOptions = {}): string {
  const suite = escapeXml(options.suiteName ?? 'contract diff');
  const tests = diff.changes.length;
  const failures = diff.counts.breaking;
  const cases = diff.changes.map((c) => {
    const name = escapeXml(`${c.code} ${c.path}`);
    const head = `    <testcase classname="contract.${c.kind}" name="${name}">`;
    const body =
      c.kind === 'breaking'
        ? `      <failure type="${escapeXml(c.code)}" message="${escapeXml(c.message)}">${escapeXml(c.message)}</failure>`
        : `      <system-out>${escapeXml(c.message)}</system-out>`;
    return `${head}\n${body}\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${suite}" tests="${tests}" failures="${failures}" errors="0">`,
    `  <testsuite name="${suite}" tests="${tests}" failures="${failures}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
