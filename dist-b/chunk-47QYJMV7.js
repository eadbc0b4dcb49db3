// dist/contract/yaml-tags.js
import { isNode, visit } from 'yaml';
var PLAIN_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
);
var STANDARD_PREFIX = 'tag:yaml.org,2002:';
function findUnsupportedTag(doc, lineCounter) {
  let found;
  visit(doc, (_key, node) => {
    if (!isNode(node) || node.tag === void 0 || PLAIN_TAGS.has(node.tag)) return void 0;
    const pos = lineCounter.linePos(node.range?.[0] ?? 0);
    found = { line: pos.line, column: pos.col, tag: displayTag(node.tag) };
    return visit.BREAK;
  });
  return found;
}
function unsupportedTagMessage(tag) {
  return `the YAML tag ${tag} is not supported: documents hold plain values only (text, numbers, booleans, null, lists and mappings); remove the tag, or quote the value to keep it as text`;
}
function displayTag(tag) {
  if (tag.startsWith(STANDARD_PREFIX)) return `!!${tag.slice(STANDARD_PREFIX.length)}`;
  return tag.startsWith('!') ? tag : `!<${tag}>`;
}

export { findUnsupportedTag, unsupportedTagMessage };
