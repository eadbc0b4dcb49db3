import { describe, expect, it } from 'vitest';
import { ContractViolationError } from '../core/errors.ts';
import { cloneData } from './plain-data.ts';
import {
  MAX_DOCUMENT_LENGTH,
  parseSourceDocument,
  readContractDocument,
  readDocument,
  readProductDocument,
  updateDocument,
  writeDocument,
} from './source-document.ts';
import { officialExample, officialExamples } from './testdata/official-examples.ts';

type Json = Record<string, unknown>;

/** The lines of `after` that are not in `before`, and the lines of `before` that are not in `after`. */
function changedLines(before: string, after: string): { added: string[]; removed: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  return { removed: a.slice(head, a.length - tail), added: b.slice(head, b.length - tail) };
}

describe('reading and writing documents', () => {
  const all = [
    ...officialExamples('odcs', ['.yaml']),
    ...officialExamples('odps', ['.yaml']),
    ...officialExamples('dcs', ['.yaml']),
    ...officialExamples('dpds', ['.json', '.yaml']),
  ];

  it.each(all.map((e) => [e.name, e.text]))(
    'writes %s back byte for byte when nothing changed',
    (name, text) => {
      const doc = parseSourceDocument(text, { file: name });
      expect(doc.syntaxErrors).toEqual([]);
      expect(writeDocument(doc)).toBe(text);
      expect(writeDocument(updateDocument(doc, cloneData(doc.data)))).toBe(text);
    },
  );

  it.each(
    [...officialExamples('odcs', ['.yaml']), ...officialExamples('odps', ['.yaml'])].map((e) => [
      e.name,
      e.text,
    ]),
  )('changes only the edited values of %s', (name, text) => {
    const doc = readDocument(text, { file: name });
    const data = cloneData(doc.data) as Json;
    data.version = '9.9.9';
    data.meshworkNote = 'added by a test';
    const next = updateDocument(doc, data);
    expect(next.data).toEqual(data);
    // Every other line of the source is still there, in order; only the version line and the new key are new.
    const lines = (t: string): string[] => t.split('\n').map((l) => l.replace(/\r$/, ''));
    const kept = lines(text).filter((l) => !/^version:/.test(l));
    const out = lines(next.text);
    let at = 0;
    for (const line of out) if (at < kept.length && line === kept[at]) at++;
    expect(at).toBe(kept.length);
    const fresh = out.filter((l) => !kept.includes(l)).map((l) => l.replace(/ #.*$/, '').replaceAll('"', ''));
    expect(fresh.sort()).toEqual(['meshworkNote: added by a test', 'version: 9.9.9']);
  });

  it('keeps comments, quoting and spacing around a changed nested value', () => {
    const text = officialExample('odcs/all/full-example.odcs.yaml');
    const doc = readContractDocument(text);
    const data = cloneData(doc.data) as { schema: { properties: Json[] }[] };
    const prop = data.schema[0]?.properties[1];
    if (prop === undefined) throw new Error('fixture changed');
    prop.description = 'The receiver, as registered.';
    const out = writeDocument(updateDocument(doc, data));
    expect(changedLines(text, out)).toEqual({
      removed: ['        description: A description for column rcvr_id.'],
      added: ['        description: The receiver, as registered.'],
    });
  });

  it('keeps the quote style of a rewritten string', () => {
    const text = 'a: \'one\'\nb: "two" # note\nc: three\n';
    const doc = readDocument(text);
    const out = updateDocument(doc, { a: "it's", b: 'dos', c: '1.0' }).text;
    expect(out).toBe('a: \'it\'\'s\'\nb: "dos" # note\nc: "1.0"\n');
  });

  it('adds keys to a nested mapping at its indentation and list items at the dash column', () => {
    const text = 'top:\n  # keep me\n  a: 1\nlist:\n- x\n- y # why\nend: true\n';
    const doc = readDocument(text);
    const out = updateDocument(doc, {
      top: { a: 1, b: { c: [1, 2] } },
      list: ['x', 'y', 'z'],
      end: true,
    }).text;
    expect(out).toBe(
      'top:\n  # keep me\n  a: 1\n  b:\n    c:\n    - 1\n    - 2\nlist:\n- x\n- y # why\n- z\nend: true\n',
    );
  });

  it('removes keys and list items with their lines and nothing else', () => {
    const text = '# head\na: 1\nb:\n  - p: 1\n    q: 2\n  - p: 3\n# tail\nc: 3\n';
    const doc = readDocument(text);
    const out = updateDocument(doc, { a: 1, b: [{ q: 2 }], c: 3 }).text;
    expect(out).toBe('# head\na: 1\nb:\n  - q: 2\n# tail\nc: 3\n');
    expect(updateDocument(doc, { b: [], c: 3 }).text).toBe('# head\nb:\n  []\n# tail\nc: 3\n');
  });

  it('matches list items by name, so removing or inserting one leaves its neighbours untouched', () => {
    const text =
      'props:\n  - name: a # first\n    type: x\n  - name: b\n    type: y\n  - name: c # last\n    type: z\n';
    const doc = readDocument(text);
    const a = { name: 'a', type: 'x' };
    const c = { name: 'c', type: 'z' };
    expect(updateDocument(doc, { props: [a, c] }).text).toBe(
      'props:\n  - name: a # first\n    type: x\n  - name: c # last\n    type: z\n',
    );
    expect(
      updateDocument(doc, { props: [{ name: 'z', type: 'w' }, a, { name: 'b', type: 'y' }, c] }).text,
    ).toBe(
      'props:\n  - name: z\n    type: w\n  - name: a # first\n    type: x\n  - name: b\n    type: y\n  - name: c # last\n    type: z\n',
    );
    // A renamed item is patched in place.
    expect(updateDocument(doc, { props: [a, { name: 'bb', type: 'y' }, c] }).text).toBe(
      text.replace('name: b\n', 'name: bb\n'),
    );
  });

  it('rewrites a changed flow list in the same quoting style', () => {
    const doc = readDocument("tags: [ 'finance', 'payments']\n");
    expect(updateDocument(doc, { tags: ['finance', 'cards'] }).text).toBe("tags: [ 'finance', 'cards' ]\n");
  });

  it('keeps a literal block scalar literal when its new value has several lines', () => {
    const doc = readDocument('q: |\n  select 1\n  from t\nz: 1\n');
    expect(updateDocument(doc, { q: 'select 2\nfrom u\n', z: 1 }).text).toBe(
      'q: |\n  select 2\n  from u\nz: 1\n',
    );
  });

  it('fills a key that had no value', () => {
    const doc = readDocument('a:\nb: 2\n');
    expect(updateDocument(doc, { a: 'x', b: 2 }).text).toBe('a: x\nb: 2\n');
  });

  it('picks up changes made through the yaml Document API', () => {
    const text = officialExample('odps/customer-data-product.odps.yaml');
    const doc = readProductDocument(text);
    doc.yaml.setIn(['status'], 'active');
    const out = writeDocument(doc);
    expect(changedLines(text, out)).toEqual({ removed: ['status: draft'], added: ['status: active'] });
  });

  it('keeps JSON documents as indented JSON when they change', () => {
    const doc = readDocument('{\n    "a": 1,\n    "b": [1]\n}\n');
    expect(updateDocument(doc, { a: 2, b: [1] }).text).toBe(
      '{\n    "a": 2,\n    "b": [\n        1\n    ]\n}\n',
    );
  });

  it('keeps dates as strings (YAML 1.2 core schema)', () => {
    const doc = readContractDocument(officialExample('odcs/fundamentals/table-column-description.odcs.yaml'));
    const data = doc.data as { schema: { properties: { examples: unknown[] }[] }[] };
    expect(data.schema[0]?.properties[0]?.examples).toEqual(['2022-10-03', '2025-01-28']);
  });

  it('refuses text that is not well-formed YAML, naming the line and column', () => {
    expect(() => readDocument('a: [1, 2\nb: 3\n', { file: 'bad.yaml' })).toThrow(ContractViolationError);
    const doc = parseSourceDocument('a: 1\na: 2\n', { file: 'bad.yaml' });
    expect(doc.syntaxErrors[0]).toMatchObject({ line: 2, column: 1, code: 'DUPLICATE_KEY' });
  });

  it('refuses an alias bomb at once, on its first alias, and reads a self-referencing alias without hanging', () => {
    const levels = Array.from({ length: 12 }, (_, i) =>
      i === 0
        ? 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'
        : `a${i}: &a${i} [${Array(10)
            .fill(`*a${i - 1}`)
            .join(', ')}]`,
    );
    const bomb = `kind: DataContract\n${levels.join('\n')}\nboom: *a11\n`;
    const started = Date.now();
    const doc = parseSourceDocument(bomb, { file: 'bomb.yaml' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(doc.data).toBeUndefined();
    expect(doc.syntaxErrors).toEqual([
      expect.objectContaining({
        line: 3,
        column: 10,
        code: 'ALIAS_LIMIT',
        message: expect.stringContaining('alias bomb'),
      }),
    ]);
    expect(() => readDocument(bomb, { file: 'bomb.yaml' })).toThrow(/bomb\.yaml:3:10: .*alias bomb/);
    const loop = parseSourceDocument('kind: DataContract\nself: &s\n  - *s\n');
    expect(loop.syntaxErrors).toEqual([]);
  });

  it('refuses binary, set, timestamp, JS and application tags, naming the line, column and tag', () => {
    // The column is where the tagged value starts.
    const cases: [string, number, number, string][] = [
      ['kind: DataContract\nlogo: !!binary aGVsbG8=\n', 2, 16, '!!binary'],
      ['kind: DataContract\ntags: !!set {a, b}\n', 2, 13, '!!set'],
      ['kind: DataContract\nwhen: !!timestamp 2001-12-14\n', 2, 19, '!!timestamp'],
      ['kind: DataContract\nrun: !!js/function "function () {}"\n', 2, 20, '!!js/function'],
      ['kind: DataContract\nschema:\n  - name: t\n    note: !foo bar\n', 4, 16, '!foo'],
      ['kind: DataContract\nx: !<tag:example.com,2000:thing> 1\n', 2, 34, '!<tag:example.com,2000:thing>'],
    ];
    for (const [text, line, column, tag] of cases) {
      const doc = parseSourceDocument(text, { file: 'tagged.yaml' });
      expect(doc.data, tag).toBeUndefined();
      expect(doc.syntaxErrors, tag).toEqual([
        {
          line,
          column,
          code: 'UNSUPPORTED_TAG',
          message: expect.stringContaining(`the YAML tag ${tag} is not supported`),
        },
      ]);
      expect(() => readDocument(text, { file: 'tagged.yaml' }), tag).toThrow(ContractViolationError);
      expect(() => readDocument(text, { file: 'tagged.yaml' }), tag).toThrow(
        `tagged.yaml:${line}:${column}: the YAML tag ${tag}`,
      );
    }
  });

  it('reads the core schema’s own tags as plain values', () => {
    const doc = parseSourceDocument(
      'kind: DataContract\na: !!str 1\nb: !!int 2\nc: !!bool true\nd: !!null ~\ne: !!map {x: 1}\nf: !!seq [1]\n',
    );
    expect(doc.syntaxErrors).toEqual([]);
    expect(doc.data).toEqual({ kind: 'DataContract', a: '1', b: 2, c: true, d: null, e: { x: 1 }, f: [1] });
  });

  it('refuses a huge document unread', () => {
    const huge = `kind: DataContract\nnotes: "${'x'.repeat(MAX_DOCUMENT_LENGTH)}"\n`;
    const started = Date.now();
    const doc = parseSourceDocument(huge, { file: 'huge.yaml' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(doc.syntaxErrors).toEqual([expect.objectContaining({ line: 1, column: 1, code: 'TOO_LARGE' })]);
    expect(() => readDocument(huge, { file: 'huge.yaml' })).toThrow(/huge\.yaml:1:1: the document has 8 MB/);
  });

  it('refuses a document that is not a mapping', () => {
    expect(() => readDocument('- 1\n- 2\n')).toThrow(/must be a mapping/);
  });

  it('refuses a product document where a contract is expected and the other way round', () => {
    expect(() => readContractDocument(officialExample('odps/simple-data-product.odps.yaml'))).toThrow(
      /expected an ODCS/,
    );
    expect(() => readProductDocument(officialExample('odcs/schema/table-column.odcs.yaml'))).toThrow(
      /expected an ODPS/,
    );
  });
});
