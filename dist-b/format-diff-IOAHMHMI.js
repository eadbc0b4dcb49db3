// dist/contract/format-diff.js
var LABELS = {
  breaking: 'BREAKING',
  non_breaking: 'non-breaking',
  info: 'info',
};
var ORDER = ['breaking', 'non_breaking', 'info'];
function formatDiffText(diff) {
  if (diff.changes.length === 0) return 'no changes\n';
  const sorted = [...diff.changes].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  const kindWidth = Math.max(...sorted.map((c) => LABELS[c.kind].length));
  const pathWidth = Math.max(...sorted.map((c) => c.path.length));
  const lines = sorted.map(
    (c) => `${LABELS[c.kind].padEnd(kindWidth)}  ${c.path.padEnd(pathWidth)}  ${c.message} [${c.code}]`,
  );
  const { breaking, non_breaking, info } = diff.counts;
  lines.push('', `${breaking} breaking, ${non_breaking} non-breaking, ${info} info`);
  return `${lines.join('\n')}
`;
}
function isXmlChar(cp) {
  return (
    cp === 9 ||
    cp === 10 ||
    cp === 13 ||
    (cp >= 32 && cp <= 55295) ||
    (cp >= 57344 && cp <= 65533) ||
    cp >= 65536
  );
}
function escapeXml(text) {
  return Array.from(text)
    .filter((ch) => isXmlChar(ch.codePointAt(0) ?? 0))
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
function formatDiffJUnit(diff, options = {}) {
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
    return `${head}
${body}
    </testcase>`;
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
export { escapeXml, formatDiffJUnit, formatDiffText };
