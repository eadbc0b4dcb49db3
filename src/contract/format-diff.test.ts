import { describe, expect, it } from 'vitest';
import { change, toContractDiff } from './contract-change.ts';
import { escapeXml, formatDiffJUnit, formatDiffText } from './format-diff.ts';

const diff = toContractDiff([
  change('owner_changed', 'owner', 'the owner changed from a to b'),
  change('field_removed', 'schema.fields.amount', 'field amount (number) was removed'),
  change('field_added', 'schema.fields.note', 'optional field note (string) was added'),
]);

/**
 * A small well-formedness check for the XML we write: one prolog, balanced tags, quoted attributes,
 * and no raw `<` or `&` outside tags and known entities.
 */
function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  expect(body).not.toContain('<?xml');
  const stack: string[] = [];
  const tag =
    /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const text = body.slice(i, lt === -1 ? body.length : lt);
    expect(text.replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toMatch(/[<&]/);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    if (m === null) throw new Error(`malformed tag at ${lt}: ${body.slice(lt, lt + 40)}`);
    const [, closing, name, , selfClosing] = m;
    if (closing === '/') expect(stack.pop()).toBe(name);
    else if (selfClosing !== '/') stack.push(name ?? '');
    i = tag.lastIndex;
  }
  expect(stack).toEqual([]);
}

describe('rendering diffs', () => {
  it('renders text with breaking changes first and a summary', () => {
    expect(formatDiffText(diff)).toBe(
      [
        'BREAKING      schema.fields.amount  field amount (number) was removed [field_removed]',
        'non-breaking  schema.fields.note    optional field note (string) was added [field_added]',
        'info          owner                 the owner changed from a to b [owner_changed]',
        '',
        '1 breaking, 1 non-breaking, 1 info',
        '',
      ].join('\n'),
    );
    expect(formatDiffText(toContractDiff([]))).toBe('no changes\n');
  });

  it('renders JUnit XML with one test case per change and breaking ones failing', () => {
    const xml = formatDiffJUnit(diff, { suiteName: 'sales.transactions 1.0.0 → 2.0.0' });
    assertWellFormedXml(xml);
    expect(xml).toContain(
      '<testsuites name="sales.transactions 1.0.0 → 2.0.0" tests="3" failures="1" errors="0">',
    );
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toContain(
      '<failure type="field_removed" message="field amount (number) was removed">field amount (number) was removed</failure>',
    );
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    const nasty = toContractDiff([
      change('rule_added', 'schema.rules.<r&"\'>', "rule <r> (a < 1 && b > 'x'\u0000\u001b) was added"),
    ]);
    const xml = formatDiffJUnit(nasty);
    assertWellFormedXml(xml);
    expect(xml).toContain('name="rule_added schema.rules.&lt;r&amp;&quot;&apos;&gt;"');
    expect([...xml].filter((ch) => ch === '\u0000' || ch === '\u001b')).toEqual([]);
    expect(escapeXml('a\uD800b\u{1F600}')).toBe('ab\u{1F600}');
  });

  it('renders an empty diff as an empty, valid suite', () => {
    const xml = formatDiffJUnit(toContractDiff([]));
    assertWellFormedXml(xml);
    expect(xml).toContain('tests="0" failures="0"');
  });
});
