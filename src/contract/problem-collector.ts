import { isMap, isNode, isScalar, isSeq, type Node } from 'yaml';
import { formatPath } from '../core/errors.ts';
import type { DataPath } from './plain-data.ts';
import { PROBLEM_CATALOG, type Problem, type ProblemCode } from './problem.ts';
import type { SourceDocument } from './source-document.ts';

/** Which part of a key/value pair a problem points at. */
export type Anchor = 'key' | 'value';

/**
 * Finds the 1-based line and column of the node at `path` in a document (its key or its value); when the path
 * goes deeper than the document, the deepest existing node is used.
 */
export function locate(
  doc: SourceDocument,
  path: DataPath,
  anchor: Anchor = 'value',
): { line: number; column: number } {
  let node: unknown = doc.yaml.contents;
  let offset = isNode(node) ? (node.range?.[0] ?? 0) : 0;
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
      if (pair === undefined || !isNode(pair.key)) break;
      const keyOffset = pair.key.range?.[0] ?? offset;
      const value = pair.value;
      const valueRange = isNode(value) ? value.range : undefined;
      // An empty value (`key:`) has no text of its own: point at the key.
      const valueOffset = valueRange == null || valueRange[0] === valueRange[1] ? keyOffset : valueRange[0];
      offset = last && anchor === 'key' ? keyOffset : valueOffset;
      node = value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part];
      if (!isNode(item)) break;
      offset = (item as Node).range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  const pos = doc.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** Collects problems for one document, placing each at its line and column. */
export class ProblemCollector {
  readonly problems: Problem[] = [];
  readonly #doc: SourceDocument;
  readonly #strict: boolean;

  constructor(doc: SourceDocument, strict: boolean) {
    this.#doc = doc;
    this.#strict = strict;
  }

  /** The document the problems are about. */
  get doc(): SourceDocument {
    return this.#doc;
  }

  /** Records a problem at `path`; `meshwork` codes are errors only in strict mode. */
  add(code: ProblemCode, path: DataPath, message: string, hint: string, anchor: Anchor = 'value'): void {
    const declared = PROBLEM_CATALOG[code].severity;
    const severity = declared === 'meshwork' ? (this.#strict ? 'error' : 'warning') : declared;
    const { line, column } = locate(this.#doc, path, anchor);
    this.problems.push({
      file: this.#doc.file,
      line,
      column,
      severity,
      code,
      message,
      hint,
      path: formatPath(path),
    });
  }
}
