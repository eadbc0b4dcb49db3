import { asObject, deepEqual, deepFreeze, isPlainObject, isScalarValue } from './chunk-EKUJCVLF.js';
import { findUnsupportedTag, unsupportedTagMessage } from './chunk-47QYJMV7.js';
import { ContractViolationError } from './chunk-Z2USMJAC.js';

// dist/contract/document-kind.js
var ODCS_API_VERSION = /^v[23]\.\d+\.\d+$/;
function detectDocumentKind(data) {
  const obj = asObject(data);
  if (obj === void 0) return 'unknown';
  if (obj.kind === 'DataContract') return 'odcs';
  if (obj.kind === 'DataProduct') return 'odps';
  if ('dataContractSpecification' in obj) return 'dcs';
  if ('dataProductDescriptor' in obj) return 'dpds';
  if (obj.kind === void 0 && typeof obj.apiVersion === 'string' && ODCS_API_VERSION.test(obj.apiVersion)) {
    return 'odcs';
  }
  return 'unknown';
}
function describeDocumentKind(kind) {
  switch (kind) {
    case 'odcs':
      return 'ODCS data contract';
    case 'odps':
      return 'ODPS data product';
    case 'dcs':
      return 'Data Contract Specification document';
    case 'dpds':
      return 'DPDS data product descriptor';
    case 'unknown':
      return 'unrecognised document';
  }
}

// dist/contract/source-document.js
import { LineCounter, parseDocument as parseDocument2, visit } from 'yaml';

// dist/contract/yaml-options.js
var YAML_OPTIONS = { version: '1.2', schema: 'core' };

// dist/contract/yaml-patch.js
import {
  isMap as isMap2,
  isNode as isNode2,
  isScalar as isScalar2,
  isSeq as isSeq2,
  parseDocument,
  stringify,
} from 'yaml';

// dist/contract/list-alignment.js
function range(from, to) {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
function identity(value) {
  if (isPlainObject(value)) {
    for (const key of ['name', 'property', 'id', 'server', 'username', 'role', 'channel', 'url', 'metric']) {
      const v = value[key];
      if (typeof v === 'string' || typeof v === 'number') return `${key}=${v}`;
    }
  }
  return JSON.stringify(value) ?? 'undefined';
}
function alignByIdentity(before, after) {
  const a = before.map(identity);
  const b = after.map(identity);
  const n = a.length;
  const m = b.length;
  const table = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let i2 = n - 1; i2 >= 0; i2--) {
    const row = table[i2];
    const below = table[i2 + 1];
    for (let j2 = m - 1; j2 >= 0; j2--) {
      row[j2] = a[i2] === b[j2] ? below[j2 + 1] + 1 : Math.max(below[j2], row[j2 + 1]);
    }
  }
  const pairs = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if ((table[i + 1]?.[j] ?? 0) >= (table[i]?.[j + 1] ?? 0)) {
      i++;
    } else {
      j++;
    }
  }
  return pairs;
}

// dist/contract/yaml-render.js
import { isMap, isNode, isScalar, isSeq, parse, Scalar } from 'yaml';
function isBlockScalar(node) {
  return node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
}
function quoteOf(type) {
  if (type === Scalar.QUOTE_SINGLE) return 'single';
  if (type === Scalar.QUOTE_DOUBLE) return 'double';
  return 'plain';
}
function flowQuote(node) {
  if (isScalar(node)) return quoteOf(node.type);
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items) {
      const scalar = isNode(item) ? item : isNode(item.value) ? item.value : void 0;
      if (isScalar(scalar) && typeof scalar.value === 'string') return quoteOf(scalar.type);
    }
  }
  return 'plain';
}
function isPlainSafe(value, inFlow) {
  if (value === '' || value !== value.trim() || /[\n\r\t]/.test(value)) return false;
  if (
    /^[-?:,[\]{}#&*!|>'"%@`]/.test(value) ||
    value.includes(': ') ||
    value.endsWith(':') ||
    value.includes(' #')
  ) {
    return false;
  }
  if (inFlow && /[,[\]{}]/.test(value)) return false;
  try {
    return parse(value, YAML_OPTIONS) === value;
  } catch {
    return false;
  }
}
function renderScalar(value, quote, inFlow) {
  if (value === null || value === void 0) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  const s = String(value);
  if (quote === 'single' && !/[\n\r]/.test(s)) return `'${s.replaceAll("'", "''")}'`;
  if (quote === 'double') return JSON.stringify(s);
  return isPlainSafe(s, inFlow) ? s : JSON.stringify(s);
}
function renderFlow(value, quote, padded) {
  const inner = (v) => renderFlow(v, quote, false);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const body = value.map(inner).join(', ');
    return padded ? `[ ${body} ]` : `[${body}]`;
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, v]) => `${renderScalar(k, 'plain', true)}: ${inner(v)}`).join(', ')} }`;
  }
  return renderScalar(value, quote, true);
}

// dist/contract/yaml-patch.js
function patchYamlText(text, next) {
  const doc = parseDocument(text, YAML_OPTIONS);
  const current = doc.toJS();
  if (doc.errors.length === 0 && deepEqual(current, next)) return text;
  const contents = doc.contents;
  if (doc.errors.length > 0 || contents === null) return stringify(next, renderOptions(true));
  if (isMap2(contents) && contents.flow === true && text.trimStart().startsWith('{')) {
    const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
    return JSON.stringify(next, null, indent) + (text.endsWith('\n') ? '\n' : '');
  }
  const patcher = new Patcher(text, detectIndentSeq(doc, text));
  patcher.patch(contents, current, next, { kind: 'root' });
  const candidate = patcher.failed ? void 0 : applyEdits(text, patcher.edits);
  if (candidate !== void 0 && readsBackAs(candidate, next)) return candidate;
  return rerender(text, next);
}
function readsBackAs(text, next) {
  const doc = parseDocument(text, YAML_OPTIONS);
  return doc.errors.length === 0 && deepEqual(doc.toJS(), next);
}
function applyEdits(text, edits) {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.order - a.order);
  let out = text;
  let limit = text.length;
  for (const edit of sorted) {
    if (edit.end > limit) return void 0;
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    limit = edit.start;
  }
  return out;
}
function renderOptions(indentSeq) {
  return { ...YAML_OPTIONS, indent: 2, indentSeq, lineWidth: 0, minContentWidth: 0 };
}
function detectIndentSeq(doc, text) {
  const root = doc.contents;
  if (!isMap2(root)) return true;
  for (const pair of root.items) {
    const value = pair.value;
    if (isSeq2(value) && value.flow !== true && isNode2(pair.key) && pair.key.range && value.range) {
      return column(text, value.range[0]) > column(text, pair.key.range[0]);
    }
  }
  return true;
}
function lineStart(text, offset) {
  return text.lastIndexOf('\n', offset - 1) + 1;
}
function column(text, offset) {
  return offset - lineStart(text, offset);
}
var Patcher = class {
  edits = [];
  failed = false;
  #text;
  #indentSeq;
  #eol;
  constructor(text, indentSeq) {
    this.#text = text;
    this.#indentSeq = indentSeq;
    this.#eol = text.includes('\r\n') ? '\r\n' : '\n';
  }
  patch(node, before, after, parent) {
    if (this.failed || deepEqual(before, after)) return;
    if (isMap2(node) && node.flow !== true && isPlainObject(before) && isPlainObject(after)) {
      this.#patchMap(node.items, before, after, parent, node);
    } else if (isSeq2(node) && node.flow !== true && Array.isArray(before) && Array.isArray(after)) {
      this.#patchSeq(node.items, before, after, parent, node);
    } else {
      this.#replace(node, after, parent);
    }
  }
  #edit(start, end, text) {
    this.edits.push({ start, end, text, order: this.edits.length });
  }
  #patchMap(pairs, before, after, parent, node) {
    const keyed = [];
    for (const pair of pairs) {
      const k = pair.key;
      if (!isScalar2(k) || !k.range || (typeof k.value !== 'string' && typeof k.value !== 'number')) {
        this.failed = true;
        return;
      }
      keyed.push({ key: String(k.value), pair, keyNode: k });
    }
    const first = keyed[0];
    const last = keyed[keyed.length - 1];
    const added = Object.keys(after).filter((k) => !Object.hasOwn(before, k));
    if (first === void 0 || last === void 0 || keyed.every((p) => !Object.hasOwn(after, p.key))) {
      this.#replace(node, after, parent);
      return;
    }
    const keyCol = column(this.#text, first.keyNode.range?.[0] ?? 0);
    for (let i = 0; i < keyed.length; i++) {
      const { key, pair, keyNode } = keyed[i];
      const start = keyNode.range?.[0] ?? 0;
      if (!Object.hasOwn(after, key)) {
        const kept = keyed.findIndex((p, j) => j > i && Object.hasOwn(after, p.key));
        const next = keyed[kept];
        if (next !== void 0 && !this.#startsLine(start)) {
          this.#edit(start, next.keyNode.range?.[0] ?? start, '');
          i = kept - 1;
        } else {
          this.#deleteLines(start, this.#pairEnd(pair));
        }
      } else if (isNode2(pair.value)) {
        this.patch(pair.value, before[key], after[key], { kind: 'map', keyCol });
      } else if (!deepEqual(before[key], after[key])) {
        this.failed = true;
      }
    }
    if (added.length > 0) {
      const at = this.#lineEnd(this.#pairEnd(last.pair));
      const text = added.map((k) => this.#eol + this.#block({ [k]: after[k] }, keyCol)).join('');
      this.#edit(at, at, text);
    }
  }
  #patchSeq(items, before, after, parent, node) {
    const nodes = items.filter(isNode2);
    if (after.length === 0 || nodes.length !== before.length || !node.range) {
      this.#replace(node, after, parent);
      return;
    }
    const dashCol = column(this.#text, node.range[0]);
    const insertAfter = (i, values) => {
      if (values.length === 0) return;
      const text = values.map((v) => this.#eol + this.#block([v], dashCol)).join('');
      const at = this.#lineEnd(this.#nodeEnd(nodes[i]));
      this.#edit(at, at, text);
    };
    const anchors = [[-1, -1], ...alignByIdentity(before, after), [before.length, after.length]];
    for (let g = 0; g + 1 < anchors.length; g++) {
      const [pa, pb] = anchors[g];
      const [qa, qb] = anchors[g + 1];
      if (qa < before.length) this.patch(nodes[qa], before[qa], after[qb], { kind: 'seq' });
      const olds = range(pa + 1, qa);
      const news = range(pb + 1, qb);
      const paired = Math.min(olds.length, news.length);
      for (let k = 0; k < paired; k++) {
        const i = olds[k];
        this.patch(nodes[i], before[i], after[news[k]], { kind: 'seq' });
      }
      for (const i of olds.slice(paired)) this.#deleteItem(nodes[i]);
      const extra = news.slice(paired).map((j) => after[j]);
      if (extra.length === 0) continue;
      const last = olds.length > 0 ? olds[olds.length - 1] : pa >= 0 ? pa : void 0;
      if (last !== void 0) {
        insertAfter(last, extra);
      } else {
        const first = nodes[qa];
        const at = lineStart(this.#text, this.#dashOf(first));
        this.#edit(at, at, extra.map((v) => this.#block([v], dashCol) + this.#eol).join(''));
      }
    }
  }
  #dashOf(item) {
    return this.#text.lastIndexOf('-', (item.range?.[0] ?? 0) - 1);
  }
  #deleteItem(item) {
    this.#deleteLines(this.#dashOf(item), this.#nodeEnd(item));
  }
  #startsLine(offset) {
    return /^[ \t]*$/.test(this.#text.slice(lineStart(this.#text, offset), offset));
  }
  /** Deletes from `start` to the end of the line holding `end`; whole lines when `start` begins its line. */
  #deleteLines(start, end) {
    const text = this.#text;
    const stop = this.#lineEnd(end);
    const ls = lineStart(text, start);
    if (/^[ \t]*$/.test(text.slice(ls, start))) {
      if (ls > 0) {
        const cut = text[ls - 2] === '\r' ? ls - 2 : ls - 1;
        this.#edit(cut, stop, '');
      } else {
        const after = text.startsWith('\r\n', stop) ? stop + 2 : stop + 1;
        this.#edit(0, Math.min(after, text.length), '');
      }
    } else {
      this.#edit(start, stop, '');
    }
  }
  #replace(node, value, parent) {
    if (!node.range) {
      this.failed = true;
      return;
    }
    const text = this.#text;
    let start = node.range[0];
    const end = Math.max(start, this.#nodeEnd(node));
    if (isScalarValue(value)) {
      let out;
      if (isScalar2(node) && isBlockScalar(node) && typeof value === 'string' && value.includes('\n')) {
        out = this.#literal(value, node, parent);
      } else {
        out = renderScalar(value, isScalar2(node) ? quoteOf(node.type) : 'plain', false);
      }
      if (start === end && text[start - 1] === ':') out = ` ${out}`;
      this.#edit(start, end, out);
      return;
    }
    const empty = Array.isArray(value)
      ? value.length === 0
      : isPlainObject(value) && Object.keys(value).length === 0;
    const flow = (isMap2(node) || isSeq2(node)) && node.flow === true;
    if (flow || empty) {
      const padded = flow && text[start + 1] === ' ';
      const out = renderFlow(value, flowQuote(node), padded);
      this.#edit(start, end, start === end && text[start - 1] === ':' ? ` ${out}` : out);
      return;
    }
    const ls = lineStart(text, start);
    const ownLine = /^[ \t]*$/.test(text.slice(ls, start));
    if (parent.kind === 'seq' && !ownLine) {
      const indent2 = column(text, start);
      this.#edit(start, end, this.#block(value, indent2).slice(indent2));
      return;
    }
    const base = parent.kind === 'map' ? parent.keyCol : parent.kind === 'seq' ? column(text, start) : 0;
    const indent = parent.kind === 'map' && !(Array.isArray(value) && !this.#indentSeq) ? base + 2 : base;
    if (ownLine) {
      this.#edit(ls, end, this.#block(value, indent));
    } else {
      while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '	')) start--;
      this.#edit(start, end, this.#eol + this.#block(value, indent));
    }
  }
  #literal(value, node, parent) {
    const text = this.#text;
    const [start] = node.range ?? [0];
    const firstContent = text.indexOf('\n', start) + 1;
    const oldIndent = /^[ ]*/.exec(text.slice(firstContent))?.[0].length ?? 0;
    const indent =
      oldIndent > 0 ? oldIndent : (parent.kind === 'map' ? parent.keyCol : column(text, start)) + 2;
    const trailing = /\n*$/.exec(value)?.[0].length ?? 0;
    const header = trailing === 0 ? '|-' : trailing === 1 ? '|' : '|+';
    const body = value.slice(0, value.length - trailing);
    const pad = ' '.repeat(indent);
    const lines = body.split('\n').map((l) => (l === '' ? '' : pad + l));
    return `${header}${this.#eol}${lines.join(this.#eol)}${this.#eol.repeat(Math.max(0, trailing - 1))}`;
  }
  #block(value, indent) {
    const rendered = stringify(value, renderOptions(this.#indentSeq)).replace(/\n$/, '');
    const pad = ' '.repeat(indent);
    return rendered
      .split('\n')
      .map((l) => (l === '' ? l : pad + l))
      .join(this.#eol);
  }
  #nodeEnd(node) {
    const [start, end] = node.range ?? [0, 0];
    let i = end;
    while (i > start && /\s/.test(this.#text[i - 1] ?? '')) i--;
    return i;
  }
  #pairEnd(pair) {
    const value = pair.value;
    if (isNode2(value) && value.range) return this.#nodeEnd(value);
    const key = pair.key;
    return isNode2(key) && key.range ? key.range[1] : 0;
  }
  #lineEnd(offset) {
    const i = this.#text.indexOf('\n', offset);
    if (i === -1) return this.#text.length;
    return this.#text[i - 1] === '\r' ? i - 1 : i;
  }
};
function rerender(text, next) {
  const doc = parseDocument(text, YAML_OPTIONS);
  assign(doc, [], doc.toJS(), next);
  return doc.toString({ lineWidth: 0 });
}
function assign(doc, path, before, after) {
  if (deepEqual(before, after)) return;
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (isMap2(node) && isPlainObject(before) && isPlainObject(after)) {
    for (const k of Object.keys(before)) if (!Object.hasOwn(after, k)) doc.deleteIn([...path, k]);
    for (const [k, v] of Object.entries(after)) {
      if (Object.hasOwn(before, k)) assign(doc, [...path, k], before[k], v);
      else doc.setIn([...path, k], doc.createNode(v));
    }
  } else if (isSeq2(node) && Array.isArray(before) && Array.isArray(after) && after.length >= before.length) {
    before.forEach((v, i) => {
      assign(doc, [...path, i], v, after[i]);
    });
    for (const v of after.slice(before.length)) doc.addIn(path, doc.createNode(v));
  } else if (path.length === 0) {
    doc.contents = doc.createNode(after);
  } else {
    doc.setIn(path, doc.createNode(after));
  }
}

// dist/contract/source-document.js
var MAX_DOCUMENT_LENGTH = 8 * 1024 * 1024;
function parseSourceDocument(text, options = {}) {
  if (text.length > MAX_DOCUMENT_LENGTH) return tooLarge(text, options.file ?? '<input>');
  const lineCounter = new LineCounter();
  const yaml = parseDocument2(text, { ...YAML_OPTIONS, lineCounter, keepSourceTokens: true });
  const syntaxErrors = yaml.errors.map((e) => toSyntaxProblem(e, lineCounter));
  let data;
  const tag = syntaxErrors.length > 0 ? void 0 : findUnsupportedTag(yaml, lineCounter);
  if (tag !== void 0) {
    syntaxErrors.push({
      line: tag.line,
      column: tag.column,
      code: 'UNSUPPORTED_TAG',
      message: unsupportedTagMessage(tag.tag),
    });
  } else if (syntaxErrors.length > 0) data = safeToJs(yaml);
  else {
    const read = readData(yaml, lineCounter);
    data = read.data;
    if (read.problem !== void 0) syntaxErrors.push(read.problem);
  }
  return {
    file: options.file ?? '<input>',
    kind: detectDocumentKind(data),
    text,
    yaml,
    lineCounter,
    data,
    syntaxErrors,
  };
}
function tooLarge(text, file) {
  const yaml = parseDocument2('', YAML_OPTIONS);
  const megabytes = Math.round((text.length / 1024 / 1024) * 10) / 10;
  return {
    file,
    kind: 'unknown',
    text,
    yaml,
    lineCounter: new LineCounter(),
    data: void 0,
    syntaxErrors: [
      {
        line: 1,
        column: 1,
        code: 'TOO_LARGE',
        message: `the document has ${megabytes} MB of text, more than the ${MAX_DOCUMENT_LENGTH / 1024 / 1024} MB a contract or product document may have; it was not read`,
      },
    ],
  };
}
function readData(doc, lineCounter) {
  try {
    return { data: deepFreeze(doc.toJS()) };
  } catch (error) {
    if (!(error instanceof ReferenceError && /alias/i.test(error.message))) throw error;
    let offset = 0;
    visit(doc, {
      Alias(_, node) {
        offset = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    const pos = lineCounter.linePos(offset);
    return {
      data: void 0,
      problem: {
        line: pos.line,
        column: pos.col,
        code: 'ALIAS_LIMIT',
        message:
          'the document expands its aliases too often (an alias bomb) and was not read; write the values out instead of nesting aliases',
      },
    };
  }
}
function safeToJs(doc) {
  try {
    return deepFreeze(doc.toJS());
  } catch {
    return void 0;
  }
}
function toSyntaxProblem(error, lineCounter) {
  const pos = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
  const firstLine = error.message.split('\n')[0] ?? error.message;
  return {
    line: pos.line,
    column: pos.col,
    code: error.code,
    message: firstLine.replace(/ at line \d+, column \d+:?$/, ''),
  };
}
function readDocument(text, options = {}) {
  const doc = parseSourceDocument(text, options);
  const issues = doc.syntaxErrors.map((e) => ({
    path: [],
    code: 'yaml_syntax',
    message: `${doc.file}:${e.line}:${e.column}: ${e.message}`,
  }));
  if (issues.length === 0 && (typeof doc.data !== 'object' || doc.data === null || Array.isArray(doc.data))) {
    issues.push({
      path: [],
      code: 'not_a_mapping',
      message: `${doc.file}: the document must be a mapping of keys to values`,
    });
  }
  if (issues.length > 0) {
    throw new ContractViolationError(`cannot read ${doc.file}: ${issues[0]?.message ?? ''}`, issues);
  }
  return doc;
}
function readContractDocument(text, options = {}) {
  return expectKind(readDocument(text, options), 'odcs');
}
function readProductDocument(text, options = {}) {
  return expectKind(readDocument(text, options), 'odps');
}
function expectKind(doc, kind) {
  if (doc.kind !== kind && doc.kind !== 'unknown') {
    const message = `${doc.file} is ${withArticle(describeDocumentKind(doc.kind))}, expected ${withArticle(describeDocumentKind(kind))}`;
    throw new ContractViolationError(message, [{ path: ['kind'], code: 'wrong_kind', message }]);
  }
  return { ...doc, kind };
}
function withArticle(noun) {
  return `${/^[AEIOUaeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}
function writeDocument(doc) {
  if (doc.syntaxErrors.length > 0) return doc.text;
  const current = doc.yaml.toJS();
  if (deepEqual(current, doc.data)) return doc.text;
  return patchYamlText(doc.text, current);
}
function updateDocument(doc, data) {
  const text = patchYamlText(writeDocument(doc), data);
  const next = parseSourceDocument(text, { file: doc.file });
  return { ...next, kind: doc.kind };
}

export {
  detectDocumentKind,
  YAML_OPTIONS,
  parseSourceDocument,
  readContractDocument,
  readProductDocument,
  writeDocument,
  updateDocument,
};
