import { type Document, isNode, type LineCounter, visit } from 'yaml';

/** The explicit tags a plain document may carry: those of YAML 1.2's core schema, which give JSON-like data. */
const PLAIN_TAGS: ReadonlySet<string> = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
);

const STANDARD_PREFIX = 'tag:yaml.org,2002:';

/** Where the value of an unsupported tag starts (1-based line and column) and how it was written (`!!binary`, `!foo`). */
export interface UnsupportedTag {
  readonly line: number;
  readonly column: number;
  readonly tag: string;
}

/**
 * Finds the first node with an explicit tag outside YAML 1.2's core schema: `!!binary`, `!!set`, `!!omap`,
 * `!!timestamp`, `!!js/function`, or an application tag such as `!foo`. Such values would read as binary data, sets,
 * dates or plain strings with their meaning dropped, none of which a document of plain data holds.
 */
export function findUnsupportedTag(doc: Document, lineCounter: LineCounter): UnsupportedTag | undefined {
  let found: UnsupportedTag | undefined;
  visit(doc, (_key, node) => {
    if (!isNode(node) || node.tag === undefined || PLAIN_TAGS.has(node.tag)) return undefined;
    const pos = lineCounter.linePos(node.range?.[0] ?? 0);
    found = { line: pos.line, column: pos.col, tag: displayTag(node.tag) };
    return visit.BREAK;
  });
  return found;
}

/** Says why a tag is refused and what to do instead. */
export function unsupportedTagMessage(tag: string): string {
  return `the YAML tag ${tag} is not supported: documents hold plain values only (text, numbers, booleans, null, lists and mappings); remove the tag, or quote the value to keep it as text`;
}

function displayTag(tag: string): string {
  if (tag.startsWith(STANDARD_PREFIX)) return `!!${tag.slice(STANDARD_PREFIX.length)}`;
  return tag.startsWith('!') ? tag : `!<${tag}>`;
}
