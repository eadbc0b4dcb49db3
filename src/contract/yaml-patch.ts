// Surgical edits of YAML source text, one concept in one class (Patcher); rendering of new values lives in
// yaml-render.ts and the matching of list items in list-alignment.ts.

import {
  type Document,
  isMap,
  isNode,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  parseDocument,
  type Scalar,
  stringify,
} from 'yaml';
import { alignByIdentity, range } from './list-alignment.ts';
import { deepEqual, isPlainObject, isScalarValue, type PlainObject } from './plain-data.ts';
import { YAML_OPTIONS } from './yaml-options.ts';
import { flowQuote, isBlockScalar, quoteOf, renderFlow, renderScalar } from './yaml-render.ts';

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly order: number;
}

/** Where a node sits: the document root, the value of a block-map key at `keyCol`, or a block-sequence item. */
type Parent =
  | { readonly kind: 'root' }
  | { readonly kind: 'map'; readonly keyCol: number }
  | { readonly kind: 'seq' };

/**
 * Rewrites YAML source text so that it holds `next`, touching only the parts whose values changed: comments,
 * key order, quoting and spacing of everything else keep their exact bytes. When a surgical edit cannot be made
 * (or its result does not read back as `next`), the whole document is re-rendered through the `yaml` Document API,
 * which keeps comments and key order but may change spacing.
 */
export function patchYamlText(text: string, next: unknown): string {
  const doc = parseDocument(text, YAML_OPTIONS);
  const current: unknown = doc.toJS();
  if (doc.errors.length === 0 && deepEqual(current, next)) return text;
  const contents = doc.contents;
  if (doc.errors.length > 0 || contents === null) return stringify(next, renderOptions(true));
  if (isMap(contents) && contents.flow === true && text.trimStart().startsWith('{')) {
    // A JSON document: re-indent it as JSON rather than squeezing it onto one flow line.
    const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
    return JSON.stringify(next, null, indent) + (text.endsWith('\n') ? '\n' : '');
  }
  const patcher = new Patcher(text, detectIndentSeq(doc, text));
  patcher.patch(contents, current, next, { kind: 'root' });
  const candidate = patcher.failed ? undefined : applyEdits(text, patcher.edits);
  if (candidate !== undefined && readsBackAs(candidate, next)) return candidate;
  return rerender(text, next);
}

function readsBackAs(text: string, next: unknown): boolean {
  const doc = parseDocument(text, YAML_OPTIONS);
  return doc.errors.length === 0 && deepEqual(doc.toJS(), next);
}

function applyEdits(text: string, edits: readonly Edit[]): string | undefined {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.order - a.order);
  let out = text;
  let limit = text.length;
  for (const edit of sorted) {
    if (edit.end > limit) return undefined; // overlapping edits: let the caller fall back
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    limit = edit.start;
  }
  return out;
}

function renderOptions(indentSeq: boolean) {
  return { ...YAML_OPTIONS, indent: 2, indentSeq, lineWidth: 0, minContentWidth: 0 } as const;
}

/** Uses the document's own habit for block sequences under a key (indented or not). */
function detectIndentSeq(doc: Document, text: string): boolean {
  const root = doc.contents;
  if (!isMap(root)) return true;
  for (const pair of root.items) {
    const value = pair.value;
    if (isSeq(value) && value.flow !== true && isNode(pair.key) && pair.key.range && value.range) {
      return column(text, value.range[0]) > column(text, pair.key.range[0]);
    }
  }
  return true;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

class Patcher {
  readonly edits: Edit[] = [];
  failed = false;
  readonly #text: string;
  readonly #indentSeq: boolean;
  readonly #eol: string;

  constructor(text: string, indentSeq: boolean) {
    this.#text = text;
    this.#indentSeq = indentSeq;
    this.#eol = text.includes('\r\n') ? '\r\n' : '\n';
  }

  patch(node: Node, before: unknown, after: unknown, parent: Parent): void {
    if (this.failed || deepEqual(before, after)) return;
    if (isMap(node) && node.flow !== true && isPlainObject(before) && isPlainObject(after)) {
      this.#patchMap(node.items, before, after, parent, node);
    } else if (isSeq(node) && node.flow !== true && Array.isArray(before) && Array.isArray(after)) {
      this.#patchSeq(node.items, before, after, parent, node);
    } else {
      this.#replace(node, after, parent);
    }
  }

  #edit(start: number, end: number, text: string): void {
    this.edits.push({ start, end, text, order: this.edits.length });
  }

  #patchMap(
    pairs: readonly Pair[],
    before: PlainObject,
    after: PlainObject,
    parent: Parent,
    node: Node,
  ): void {
    const keyed: { key: string; pair: Pair; keyNode: Node }[] = [];
    for (const pair of pairs) {
      const k = pair.key;
      if (!isScalar(k) || !k.range || (typeof k.value !== 'string' && typeof k.value !== 'number')) {
        this.failed = true;
        return;
      }
      keyed.push({ key: String(k.value), pair, keyNode: k });
    }
    const first = keyed[0];
    const last = keyed[keyed.length - 1];
    const added = Object.keys(after).filter((k) => !Object.hasOwn(before, k));
    if (first === undefined || last === undefined || keyed.every((p) => !Object.hasOwn(after, p.key))) {
      // Nothing of the old mapping survives: write the new one in its place.
      this.#replace(node, after, parent);
      return;
    }
    const keyCol = column(this.#text, first.keyNode.range?.[0] ?? 0);
    for (let i = 0; i < keyed.length; i++) {
      const { key, pair, keyNode } = keyed[i] as (typeof keyed)[number];
      const start = keyNode.range?.[0] ?? 0;
      if (!Object.hasOwn(after, key)) {
        const kept = keyed.findIndex((p, j) => j > i && Object.hasOwn(after, p.key));
        const next = keyed[kept];
        if (next !== undefined && !this.#startsLine(start)) {
          // `- gone: 1` followed by kept keys: pull the next kept key up onto the dash line.
          this.#edit(start, next.keyNode.range?.[0] ?? start, '');
          i = kept - 1;
        } else {
          this.#deleteLines(start, this.#pairEnd(pair));
        }
      } else if (isNode(pair.value)) {
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

  #patchSeq(
    items: readonly unknown[],
    before: readonly unknown[],
    after: readonly unknown[],
    parent: Parent,
    node: Node,
  ): void {
    const nodes = items.filter(isNode);
    if (after.length === 0 || nodes.length !== before.length || !node.range) {
      this.#replace(node, after, parent);
      return;
    }
    const dashCol = column(this.#text, node.range[0]);
    const insertAfter = (i: number, values: readonly unknown[]): void => {
      if (values.length === 0) return;
      const text = values.map((v) => this.#eol + this.#block([v], dashCol)).join('');
      const at = this.#lineEnd(this.#nodeEnd(nodes[i] as Node));
      this.#edit(at, at, text);
    };
    const anchors = [
      [-1, -1] as const,
      ...alignByIdentity(before, after),
      [before.length, after.length] as const,
    ];
    for (let g = 0; g + 1 < anchors.length; g++) {
      const [pa, pb] = anchors[g] as readonly [number, number];
      const [qa, qb] = anchors[g + 1] as readonly [number, number];
      if (qa < before.length) this.patch(nodes[qa] as Node, before[qa], after[qb], { kind: 'seq' });
      // Items between two matched anchors: patch in place pairwise, then delete or insert the rest.
      const olds = range(pa + 1, qa);
      const news = range(pb + 1, qb);
      const paired = Math.min(olds.length, news.length);
      for (let k = 0; k < paired; k++) {
        const i = olds[k] as number;
        this.patch(nodes[i] as Node, before[i], after[news[k] as number], { kind: 'seq' });
      }
      for (const i of olds.slice(paired)) this.#deleteItem(nodes[i] as Node);
      const extra = news.slice(paired).map((j) => after[j]);
      if (extra.length === 0) continue;
      const last = olds.length > 0 ? olds[olds.length - 1] : pa >= 0 ? pa : undefined;
      if (last !== undefined) {
        insertAfter(last, extra);
      } else {
        const first = nodes[qa] as Node;
        const at = lineStart(this.#text, this.#dashOf(first));
        this.#edit(at, at, extra.map((v) => this.#block([v], dashCol) + this.#eol).join(''));
      }
    }
  }

  #dashOf(item: Node): number {
    return this.#text.lastIndexOf('-', (item.range?.[0] ?? 0) - 1);
  }

  #deleteItem(item: Node): void {
    this.#deleteLines(this.#dashOf(item), this.#nodeEnd(item));
  }

  #startsLine(offset: number): boolean {
    return /^[ \t]*$/.test(this.#text.slice(lineStart(this.#text, offset), offset));
  }

  /** Deletes from `start` to the end of the line holding `end`; whole lines when `start` begins its line. */
  #deleteLines(start: number, end: number): void {
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
      // The key shares its line with a `- ` (first key of a sequence item): keep the dash.
      this.#edit(start, stop, '');
    }
  }

  #replace(node: Node, value: unknown, parent: Parent): void {
    if (!node.range) {
      this.failed = true;
      return;
    }
    const text = this.#text;
    let start = node.range[0];
    const end = Math.max(start, this.#nodeEnd(node));
    if (isScalarValue(value)) {
      let out: string;
      if (isScalar(node) && isBlockScalar(node) && typeof value === 'string' && value.includes('\n')) {
        out = this.#literal(value, node, parent);
      } else {
        out = renderScalar(value, isScalar(node) ? quoteOf(node.type) : 'plain', false);
      }
      if (start === end && text[start - 1] === ':') out = ` ${out}`;
      this.#edit(start, end, out);
      return;
    }
    const empty = Array.isArray(value)
      ? value.length === 0
      : isPlainObject(value) && Object.keys(value).length === 0;
    const flow = (isMap(node) || isSeq(node)) && node.flow === true;
    if (flow || empty) {
      const padded = flow && text[start + 1] === ' ';
      const out = renderFlow(value, flowQuote(node), padded);
      this.#edit(start, end, start === end && text[start - 1] === ':' ? ` ${out}` : out);
      return;
    }
    const ls = lineStart(text, start);
    const ownLine = /^[ \t]*$/.test(text.slice(ls, start));
    if (parent.kind === 'seq' && !ownLine) {
      const indent = column(text, start);
      this.#edit(start, end, this.#block(value, indent).slice(indent));
      return;
    }
    const base = parent.kind === 'map' ? parent.keyCol : parent.kind === 'seq' ? column(text, start) : 0;
    const indent = parent.kind === 'map' && !(Array.isArray(value) && !this.#indentSeq) ? base + 2 : base;
    if (ownLine) {
      this.#edit(ls, end, this.#block(value, indent));
    } else {
      while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
      this.#edit(start, end, this.#eol + this.#block(value, indent));
    }
  }

  #literal(value: string, node: Scalar, parent: Parent): string {
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

  #block(value: unknown, indent: number): string {
    const rendered = stringify(value, renderOptions(this.#indentSeq)).replace(/\n$/, '');
    const pad = ' '.repeat(indent);
    return rendered
      .split('\n')
      .map((l) => (l === '' ? l : pad + l))
      .join(this.#eol);
  }

  #nodeEnd(node: Node): number {
    const [start, end] = node.range ?? [0, 0];
    let i = end;
    while (i > start && /\s/.test(this.#text[i - 1] ?? '')) i--;
    return i;
  }

  #pairEnd(pair: Pair): number {
    const value = pair.value;
    if (isNode(value) && value.range) return this.#nodeEnd(value);
    const key = pair.key;
    return isNode(key) && key.range ? key.range[1] : 0;
  }

  #lineEnd(offset: number): number {
    const i = this.#text.indexOf('\n', offset);
    if (i === -1) return this.#text.length;
    return this.#text[i - 1] === '\r' ? i - 1 : i;
  }
}

/** Falls back to the Document API: comments and key order survive, spacing may not. */
function rerender(text: string, next: unknown): string {
  const doc = parseDocument(text, YAML_OPTIONS);
  assign(doc, [], doc.toJS(), next);
  return doc.toString({ lineWidth: 0 });
}

function assign(doc: Document, path: (string | number)[], before: unknown, after: unknown): void {
  if (deepEqual(before, after)) return;
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (isMap(node) && isPlainObject(before) && isPlainObject(after)) {
    for (const k of Object.keys(before)) if (!Object.hasOwn(after, k)) doc.deleteIn([...path, k]);
    for (const [k, v] of Object.entries(after)) {
      if (Object.hasOwn(before, k)) assign(doc, [...path, k], before[k], v);
      else doc.setIn([...path, k], doc.createNode(v));
    }
  } else if (isSeq(node) && Array.isArray(before) && Array.isArray(after) && after.length >= before.length) {
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
