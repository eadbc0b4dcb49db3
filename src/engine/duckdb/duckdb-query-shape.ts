import type {
  CteDefinition,
  FunctionArgument,
  FunctionCall,
  OtherNode,
  Projection,
  QueryShape,
  RelationRef,
} from '../query-shape.ts';

/** DuckDB's catalog views and functions reachable by unqualified names (duckdb_tables, pragma_…, sqlite_master …). */
const SYSTEM_NAME_PREFIXES = ['duckdb_', 'pragma_', 'sqlite_', 'pg_', 'information_schema'] as const;
/** DuckDB's parser writes some built-in syntax as calls in the default schema: TRIM(BOTH …), EXTRACT, [1, 2] … */
const IMPLICIT_FUNCTION_SCHEMAS = ['main'] as const;

/**
 * Turns the JSON of DuckDB's `json_serialize_sql()` into a {@link QueryShape}. The walk visits every object of the
 * tree, so that a node in a place it does not know (a new clause in a later DuckDB release) is still seen: query
 * nodes are told by their `cte_map`, expressions by their `class`, table references by their `sample` field.
 * Scoping of CTEs is conservative: a CTE is in scope in the query that defines it and in the bodies of the CTEs
 * after it, and in its own body only when it is recursive; a reference that might read a stored table is reported as
 * one (`cte: false`).
 */
export function toQueryShape(json: unknown): QueryShape {
  const root = asObject(json);
  if (root === undefined) throw new Error('json_serialize_sql returned no object');
  if (root.error === true) {
    const message = typeof root.error_message === 'string' ? root.error_message : 'cannot be parsed';
    return {
      statements: 0,
      singleSelect: false,
      error: message,
      relations: [],
      functions: [],
      ctes: [],
      projections: [],
      others: [],
      systemNamePrefixes: SYSTEM_NAME_PREFIXES,
      implicitFunctionSchemas: IMPLICIT_FUNCTION_SCHEMAS,
    };
  }
  const statements = Array.isArray(root.statements) ? root.statements : [];
  const walker = new Walker();
  for (const statement of statements) walker.walk(statement, new Set());
  const byPosition = <T extends { position?: number }>(items: T[]): T[] =>
    items.sort((a, b) => (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER));
  return {
    statements: statements.length,
    singleSelect: statements.length === 1,
    relations: byPosition(walker.relations),
    functions: byPosition(walker.functions),
    ctes: byPosition(walker.ctes),
    projections: walker.projections,
    others: byPosition(walker.others),
    systemNamePrefixes: SYSTEM_NAME_PREFIXES,
    implicitFunctionSchemas: IMPLICIT_FUNCTION_SCHEMAS,
  };
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** DuckDB writes "no position" as the largest 64-bit number. */
function positionOf(node: Json): { position?: number } {
  const at = node.query_location;
  return typeof at === 'number' && Number.isSafeInteger(at) && at >= 0 ? { position: at } : {};
}

function qualifiers(schema: unknown, catalog: unknown): { schema?: string; catalog?: string } {
  const s = text(schema);
  const c = text(catalog);
  return { ...(s === undefined ? {} : { schema: s }), ...(c === undefined ? {} : { catalog: c }) };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Column names (each part) referred to anywhere under `node`, and whether a `*` is among them. */
function columnReads(node: unknown, out: { reads: Set<string>; star: boolean }): void {
  if (Array.isArray(node)) {
    for (const item of node) columnReads(item, out);
    return;
  }
  const obj = asObject(node);
  if (obj === undefined) return;
  if (obj.class === 'COLUMN_REF') for (const part of strings(obj.column_names)) out.reads.add(part);
  if (obj.class === 'STAR') out.star = true;
  for (const value of Object.values(obj)) columnReads(value, out);
}

/** An argument as a literal when DuckDB parsed it as a constant (a number, text, boolean or NULL); else not a literal. */
function argumentOf(node: unknown): FunctionArgument {
  const obj = asObject(node);
  if (obj?.class === 'CONSTANT') {
    const value = asObject(obj.value);
    if (value?.is_null === true) return { literal: true, value: null };
    const type = asObject(value?.type);
    const v = value?.value;
    if (typeof v === 'boolean') return { literal: true, value: v };
    // Wide integers may be written as text; a DECIMAL is written as its unscaled integer with the scale in its type.
    const numeric = /^(U?TINYINT|U?SMALLINT|U?INTEGER|U?BIGINT|U?HUGEINT|DECIMAL|DOUBLE|FLOAT)$/.test(
      String(type?.id),
    );
    if (numeric && (typeof v === 'number' || (typeof v === 'string' && Number.isFinite(Number(v))))) {
      const scale = type?.id === 'DECIMAL' ? Number(asObject(type.type_info)?.scale ?? 0) : 0;
      return { literal: true, value: Number(v) / 10 ** scale };
    }
    if (typeof v === 'string') return { literal: true, value: v };
    return { literal: false };
  }
  // A minus sign before a number literal, which DuckDB may keep as the operator `-` with one argument.
  if (obj?.class === 'FUNCTION' && obj.function_name === '-' && Array.isArray(obj.children)) {
    if (obj.children.length === 1) {
      const inner = argumentOf(obj.children[0]);
      if (inner.literal && typeof inner.value === 'number') return { literal: true, value: -inner.value };
    }
  }
  return { literal: false };
}

function projectionOf(item: Json): Projection {
  const found = { reads: new Set<string>(), star: false };
  columnReads(item, found);
  const alias = text(item.alias);
  const names = strings(item.column_names);
  const name = alias ?? (item.class === 'COLUMN_REF' ? names.at(-1) : undefined);
  const replaces = (Array.isArray(item.replace_list) ? item.replace_list : []).flatMap((entry) => {
    const e = asObject(entry);
    const key = text(e?.key);
    if (e === undefined || key === undefined) return [];
    const r = { reads: new Set<string>(), star: false };
    columnReads(e.value, r);
    return [{ name: key, reads: [...r.reads] }];
  });
  return {
    ...(name === undefined ? {} : { name }),
    reads: [...found.reads],
    star: found.star,
    replaces,
    ...positionOf(item),
  };
}

/** The select list of a query node, or of the left-most block of a set operation (which names the columns). */
function firstSelectList(node: Json | undefined): Json[] | undefined {
  if (node === undefined) return undefined;
  if (Array.isArray(node.select_list)) {
    return node.select_list.map(asObject).filter((o): o is Json => o !== undefined);
  }
  return firstSelectList(asObject(node.left));
}

class Walker {
  readonly relations: RelationRef[] = [];
  readonly functions: FunctionCall[] = [];
  readonly ctes: CteDefinition[] = [];
  readonly projections: Projection[] = [];
  readonly others: OtherNode[] = [];

  walk(node: unknown, scope: ReadonlySet<string>): void {
    if (Array.isArray(node)) {
      for (const item of node) this.walk(item, scope);
      return;
    }
    const obj = asObject(node);
    if (obj === undefined) return;
    if ('cte_map' in obj) this.#queryNode(obj, scope);
    else if (typeof obj.class === 'string') this.#expression(obj, scope);
    else if ('sample' in obj && typeof obj.type === 'string') this.#tableRef(obj, scope);
    else this.#rest(obj, scope, []);
  }

  #rest(obj: Json, scope: ReadonlySet<string>, skip: readonly string[]): void {
    for (const [key, value] of Object.entries(obj)) if (!skip.includes(key)) this.walk(value, scope);
  }

  #queryNode(node: Json, scope: ReadonlySet<string>): void {
    const local = new Set(scope);
    const entries = Array.isArray(asObject(node.cte_map)?.map)
      ? (asObject(node.cte_map)?.map as unknown[])
      : [];
    for (const entry of entries) {
      const e = asObject(entry);
      const name = text(e?.key);
      const value = asObject(e?.value);
      if (e === undefined || name === undefined || value === undefined) continue;
      const body = asObject(asObject(value.query)?.node);
      const recursive = body?.type === 'RECURSIVE_CTE_NODE' && body.cte_name === name;
      const columns = firstSelectList(body);
      this.ctes.push({
        name,
        columnAliases: strings(value.aliases),
        recursive,
        ...(columns === undefined ? {} : { columns: columns.map(projectionOf) }),
        ...(body === undefined ? {} : positionOf(body)),
      });
      const bodyScope = new Set(local);
      if (recursive) bodyScope.add(name.toLowerCase());
      this.walk(value, bodyScope);
      local.add(name.toLowerCase());
    }
    if (node.type === 'SET_OPERATION_NODE') {
      this.others.push({ kind: 'set_operation', detail: text(node.setop_type) ?? 'SET_OPERATION' });
    }
    if (node.type === 'RECURSIVE_CTE_NODE') {
      const name = text(node.cte_name);
      if (name !== undefined) local.add(name.toLowerCase());
    }
    if (Array.isArray(node.select_list)) {
      for (const item of node.select_list) {
        const obj = asObject(item);
        if (obj !== undefined) this.projections.push(projectionOf(obj));
      }
    }
    this.#rest(node, local, ['cte_map']);
  }

  #expression(expr: Json, scope: ReadonlySet<string>): void {
    const name = text(expr.function_name);
    if (name !== undefined) {
      this.functions.push({
        name: name.toLowerCase(),
        ...qualifiers(expr.schema, expr.catalog),
        kind: expr.class === 'WINDOW' ? 'window' : 'scalar',
        args: Array.isArray(expr.children) ? expr.children.map(argumentOf) : [],
        ...positionOf(expr),
      });
    }
    if (expr.class === 'SUBQUERY')
      this.others.push({ kind: 'subquery', detail: 'SUBQUERY', ...positionOf(expr) });
    this.#rest(expr, scope, []);
  }

  #tableRef(ref: Json, scope: ReadonlySet<string>): void {
    const at = positionOf(ref);
    switch (ref.type) {
      case 'BASE_TABLE': {
        const name = typeof ref.table_name === 'string' ? ref.table_name : '';
        const q = qualifiers(ref.schema_name, ref.catalog_name);
        const unqualified = q.schema === undefined && q.catalog === undefined;
        const alias = text(ref.alias);
        this.relations.push({
          name,
          ...q,
          ...(alias === undefined ? {} : { alias }),
          cte: unqualified && scope.has(name.toLowerCase()),
          columnAliases: strings(ref.column_name_alias),
          ...at,
        });
        break;
      }
      case 'TABLE_FUNCTION': {
        const fn = asObject(ref.function);
        const name = text(fn?.function_name) ?? 'unknown';
        this.functions.push({
          name: name.toLowerCase(),
          ...(fn === undefined ? {} : qualifiers(fn.schema, fn.catalog)),
          kind: 'table',
          ...(fn === undefined ? at : positionOf(fn)),
        });
        // The call's arguments may hold further calls and subqueries; the call itself is recorded above.
        if (fn !== undefined) this.#rest(fn, scope, []);
        this.#rest(ref, scope, ['function']);
        return;
      }
      case 'JOIN':
      case 'EMPTY':
        break;
      case 'SUBQUERY':
        this.others.push({ kind: 'subquery', detail: 'SUBQUERY', ...at });
        break;
      case 'EXPRESSION_LIST':
        this.others.push({ kind: 'values', detail: 'VALUES', ...at });
        break;
      case 'SHOW_REF':
        this.others.push({ kind: 'show', detail: text(ref.show_type) ?? 'SHOW', ...at });
        break;
      default:
        this.others.push({ kind: 'unsupported', detail: String(ref.type), ...at });
    }
    this.#rest(ref, scope, []);
  }
}
