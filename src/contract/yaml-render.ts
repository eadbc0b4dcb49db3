import { isMap, isNode, isScalar, isSeq, type Node, type Pair, parse, Scalar } from 'yaml';
import { isPlainObject } from './plain-data.ts';
import { YAML_OPTIONS } from './yaml-options.ts';

/** How a string is quoted in YAML source. */
export type Quote = 'single' | 'double' | 'plain';

/** Tells whether a scalar is written as a block (`|` or `>`). */
export function isBlockScalar(node: Scalar): boolean {
  return node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
}

/** Tells how a scalar of a given source type is quoted. */
export function quoteOf(type: Scalar['type']): Quote {
  if (type === Scalar.QUOTE_SINGLE) return 'single';
  if (type === Scalar.QUOTE_DOUBLE) return 'double';
  return 'plain';
}

/** The quoting a flow collection's strings use, so that a rewritten flow list keeps the same look. */
export function flowQuote(node: Node): Quote {
  if (isScalar(node)) return quoteOf(node.type);
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items) {
      const scalar = isNode(item)
        ? item
        : isNode((item as Pair).value)
          ? ((item as Pair).value as Node)
          : undefined;
      if (isScalar(scalar) && typeof scalar.value === 'string') return quoteOf(scalar.type);
    }
  }
  return 'plain';
}

/** Tells whether a string can be written without quotes and still read back as the same string. */
export function isPlainSafe(value: string, inFlow: boolean): boolean {
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

/** Writes a scalar in the given quote style, falling back to double quotes when plain text would read back differently. */
export function renderScalar(value: unknown, quote: Quote, inFlow: boolean): string {
  if (value === null || value === undefined) return 'null';
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

/** Writes a value as a one-line flow collection (`[a, b]`, `{ k: v }`). */
export function renderFlow(value: unknown, quote: Quote, padded: boolean): string {
  const inner = (v: unknown): string => renderFlow(v, quote, false);
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
