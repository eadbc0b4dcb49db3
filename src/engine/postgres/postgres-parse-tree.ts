/**
 * Reading libpg-query's JSON parse tree: nodes, names, positions, literal arguments and select-list items, for
 * {@link describePostgresQuery}'s walk.
 */
import type { FunctionArgument, Projection } from '../query-shape.ts';

/** One node of libpg-query's JSON, or a struct written inline: its fields by name. */
export type Json = Record<string, unknown>;

/** How deep a JSON value nests, measured without recursion. */
export function depthOf(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [value, depth] = top;
    if (depth > max) max = depth;
    if (typeof value !== 'object' || value === null) continue;
    for (const child of Object.values(value)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return max;
}

/** The value as an object with fields, when it is one (not an array). */
export function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/**
 * libpg-query writes a node as `{ "Kind": { …fields } }`; fields typed as one struct (an alias, a window, the arms of
 * a set operation) are written inline, without the wrapper.
 */
export function nodeOf(value: unknown): [string, Json] | undefined {
  const obj = asObject(value);
  if (obj === undefined) return undefined;
  const keys = Object.keys(obj);
  if (keys.length !== 1) return undefined;
  const kind = keys[0] as string;
  const body = asObject(obj[kind]);
  return /^[A-Z]/.test(kind) && body !== undefined ? [kind, body] : undefined;
}

/** The value as a list, or an empty list when it is none (libpg-query leaves out empty lists). */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value as a non-empty string, when it is one. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The strings of a list of `String` nodes (a qualified name, a column list). */
export function names(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const node = nodeOf(item);
    return node?.[0] === 'String' && typeof node[1].sval === 'string' ? [node[1].sval] : [];
  });
}

/** The node's `location` (a UTF-8 byte offset) as a position; none when the parser gave none (-1). */
export function positionOf(node: Json): { position?: number } {
  const at = node.location;
  return typeof at === 'number' && Number.isSafeInteger(at) && at >= 0 ? { position: at } : {};
}

/** A qualified name's parts: `[catalog.][schema.]name`. */
export function splitName(parts: readonly string[]): { name: string; schema?: string; catalog?: string } {
  const name = parts.at(-1) ?? '';
  const schema = parts.length >= 2 ? parts.at(-2) : undefined;
  const catalog = parts.length >= 3 ? parts.slice(0, -2).join('.') : undefined;
  return {
    name,
    ...(schema === undefined ? {} : { schema }),
    ...(catalog === undefined ? {} : { catalog }),
  };
}

/** Column names (each part) referred to anywhere under `node`, and whether a `*` is among them. */
export function columnReads(node: unknown, out: { reads: Set<string>; star: boolean }): void {
  if (Array.isArray(node)) {
    for (const item of node) columnReads(item, out);
    return;
  }
  const obj = asObject(node);
  if (obj === undefined) return;
  const wrapped = nodeOf(obj);
  if (wrapped?.[0] === 'ColumnRef') {
    const fields = Array.isArray(wrapped[1].fields) ? wrapped[1].fields : [];
    for (const part of names(fields)) out.reads.add(part);
    if (fields.some((f) => nodeOf(f)?.[0] === 'A_Star')) out.star = true;
    return;
  }
  for (const value of Object.values(obj)) columnReads(value, out);
}

/** An argument as a literal when PostgreSQL parsed it as a constant (a number, text, boolean or NULL); else not. */
export function argumentOf(value: unknown): FunctionArgument {
  const node = nodeOf(value);
  if (node?.[0] === 'A_Const') {
    const c = node[1];
    if (c.isnull === true) return { literal: true, value: null };
    // libpg-query leaves out fields at their default: `{ ival: {} }` is 0, `{ boolval: {} }` is false.
    const ival = asObject(c.ival);
    if (ival !== undefined) return { literal: true, value: typeof ival.ival === 'number' ? ival.ival : 0 };
    const fval = asObject(c.fval);
    // Numbers beyond a 32-bit integer and decimals are kept as their text.
    if (fval !== undefined && Number.isFinite(Number(fval.fval)))
      return { literal: true, value: Number(fval.fval) };
    const boolval = asObject(c.boolval);
    if (boolval !== undefined) return { literal: true, value: boolval.boolval === true };
    const sval = asObject(c.sval);
    if (sval !== undefined) return { literal: true, value: typeof sval.sval === 'string' ? sval.sval : '' };
    return { literal: false };
  }
  // A minus sign before a parenthesised number, which the parser keeps as the operator `-` with one operand.
  if (node?.[0] === 'A_Expr' && node[1].kind === 'AEXPR_OP' && node[1].lexpr === undefined) {
    const op = names(node[1].name);
    if (op.length === 1 && op[0] === '-') {
      const inner = argumentOf(node[1].rexpr);
      if (inner.literal && typeof inner.value === 'number') return { literal: true, value: -inner.value };
    }
  }
  return { literal: false };
}

/** A select-list item (`ResTarget`) as a {@link Projection}: its name (alias or copied column), reads and star. */
export function projectionOf(target: Json): Projection {
  const found = { reads: new Set<string>(), star: false };
  columnReads(target.val, found);
  const column = nodeOf(target.val);
  const copied =
    column?.[0] === 'ColumnRef' ? nodeOf((column[1].fields as unknown[] | undefined)?.at(-1)) : undefined;
  const name = text(target.name) ?? (copied?.[0] === 'String' ? text(copied[1].sval) : undefined);
  return {
    ...(name === undefined ? {} : { name }),
    reads: [...found.reads],
    star: found.star,
    replaces: [],
    ...positionOf(target),
  };
}

/** The select list of a query, or of the left-most block of a set operation (which names the columns). */
export function firstSelectList(select: Json | undefined): Json[] | undefined {
  if (select === undefined) return undefined;
  if (select.op !== undefined && select.op !== 'SETOP_NONE') return firstSelectList(asObject(select.larg));
  if (!Array.isArray(select.targetList)) return undefined;
  return select.targetList.flatMap((t) => {
    const node = nodeOf(t);
    return node?.[0] === 'ResTarget' ? [node[1]] : [];
  });
}

/** Whether a relation named `name` (unqualified) is read anywhere under `node`. */
export function readsRelation(node: unknown, name: string): boolean {
  if (Array.isArray(node)) return node.some((item) => readsRelation(item, name));
  const obj = asObject(node);
  if (obj === undefined) return false;
  const wrapped = nodeOf(obj);
  if (wrapped?.[0] === 'RangeVar' && wrapped[1].relname === name && wrapped[1].schemaname === undefined)
    return true;
  return Object.values(obj).some((value) => readsRelation(value, name));
}
