import { parse } from 'libpg-query';
import type {
  CteDefinition,
  FunctionCall,
  OtherNode,
  Projection,
  QueryShape,
  RelationRef,
} from '../query-shape.ts';
import {
  argumentOf,
  asArray,
  asObject,
  depthOf,
  firstSelectList,
  type Json,
  names,
  nodeOf,
  positionOf,
  projectionOf,
  readsRelation,
  splitName,
  text,
} from './postgres-parse-tree.ts';

/**
 * PostgreSQL's catalog relations and functions reachable by unqualified names (pg_catalog is always on the search
 * path: pg_tables, pg_class, pg_read_file …) and the standard's information_schema; then DuckDB's, which name nothing
 * here, so that a CTE name refused on one engine is refused on the other and a product's SQL moves between them.
 */
const SYSTEM_NAME_PREFIXES = ['pg_', 'information_schema', 'duckdb_', 'pragma_', 'sqlite_'] as const;

/** PostgreSQL's parser spells built-in syntax as calls of `pg_catalog` functions only with `COERCE_SQL_SYNTAX`. */
const IMPLICIT_FUNCTION_SCHEMAS = [] as const;

/** Operators that compare (DuckDB's parser does not spell these as functions either). */
const COMPARISONS = new Set(['=', '<>', '!=', '<', '>', '<=', '>=']);

/**
 * Type names a cast may name: built-in types whose input reads nothing but the text it is given. A cast to any other
 * type (regclass and the other reg* types and oid read the catalog; a type from an extension or a schema runs code of
 * its own) lands in `others` as unsupported.
 */
const SAFE_CAST_TYPES = new Set([
  'bool',
  'boolean',
  'int2',
  'int4',
  'int8',
  'smallint',
  'integer',
  'int',
  'bigint',
  'numeric',
  'decimal',
  'float4',
  'float8',
  'real',
  'text',
  'varchar',
  'bpchar',
  'char',
  'character',
  'date',
  'time',
  'timetz',
  'timestamp',
  'timestamptz',
  'interval',
  'uuid',
  'json',
  'jsonb',
  'bytea',
  'bit',
  'varbit',
]);

/**
 * Node kinds that hold only values, names and the nodes under them: the walk goes on inside them without noting them.
 * Every other kind the walk does not handle on its own lands in `others` as unsupported, so that the guard refuses it.
 */
const PLAIN_NODES = new Set([
  'ResTarget',
  'ColumnRef',
  'A_Const',
  'A_Star',
  'String',
  'Integer',
  'Float',
  'Boolean',
  'BitString',
  'List',
  'JoinExpr',
  'BoolExpr',
  'NullTest',
  'BooleanTest',
  'CaseExpr',
  'CaseWhen',
  'A_ArrayExpr',
  'A_Indirection',
  'A_Indices',
  'RowExpr',
  'WindowDef',
  'ParamRef',
  'NamedArgExpr',
  'GroupingSet',
  'GroupingFunc',
  'CTESearchClause',
  'CTECycleClause',
]);

/**
 * The deepest parse tree described, in levels of libpg-query's JSON (an operator or a subquery takes two or three):
 * about the 1,000 levels of expressions DuckDB allows, and well within the stack the walk needs.
 */
const MAX_TREE_DEPTH = 3000;
const TOO_DEEP =
  'the query nests too deeply to be described; write it with fewer nested expressions or subqueries';

/**
 * Parses SQL with PostgreSQL's own parser (libpg-query, offline: nothing is bound, planned or run) and describes it
 * as a {@link QueryShape}: what a PostgreSQL engine's `describeQuery` returns. Text the parser refuses, statements
 * other than one query, `SELECT … INTO`, row locks (`FOR UPDATE`) and data-modifying statements in WITH come back
 * with `error`; node kinds the describer does not know land in `others` as unsupported. Positions are UTF-8 byte
 * offsets, as PostgreSQL reports them. CTE names are matched exactly (after PostgreSQL's folding of unquoted names),
 * within the query that defines them, after their definition, and in every CTE body of a WITH RECURSIVE.
 * @example const shape = await describePostgresQuery('SELECT upper(name) FROM t')
 */
export async function describePostgresQuery(sql: string): Promise<QueryShape> {
  let tree: unknown;
  try {
    tree = await parse(sql);
  } catch (error) {
    // A tree nested deeper than JavaScript's stack (reading libpg-query's JSON) is refused like PostgreSQL's own limit.
    if (error instanceof RangeError) return emptyShape(TOO_DEEP);
    const details = (error as { sqlDetails?: { message?: unknown; cursorPosition?: unknown } }).sqlDetails;
    if (details === undefined) throw error;
    const message = typeof details.message === 'string' ? details.message : 'cannot be parsed';
    const at = typeof details.cursorPosition === 'number' ? ` at position ${details.cursorPosition}` : '';
    return emptyShape(`${message}${at}`);
  }
  if (depthOf(tree) > MAX_TREE_DEPTH) return emptyShape(TOO_DEEP);
  const stmts = asObject(tree)?.stmts;
  const statements = (Array.isArray(stmts) ? stmts : [])
    .map((s) => asObject(asObject(s)?.stmt))
    .filter((s): s is Json => s !== undefined);
  const walker = new Walker();
  for (const statement of statements) {
    const [kind, body] = nodeOf(statement) ?? [];
    if (kind === 'SelectStmt' && body !== undefined) walker.select(body, new Set());
    else walker.refuse(`only a query is described, not ${statementName(kind)}`);
  }
  const byPosition = <T extends { position?: number }>(items: T[]): T[] =>
    items.sort((a, b) => (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER));
  return {
    statements: statements.length,
    singleSelect: statements.length === 1 && walker.error === undefined,
    ...(walker.error === undefined ? {} : { error: walker.error }),
    relations: byPosition(walker.relations),
    functions: byPosition(walker.functions),
    ctes: byPosition(walker.ctes),
    projections: walker.projections,
    others: byPosition(walker.others),
    systemNamePrefixes: SYSTEM_NAME_PREFIXES,
    implicitFunctionSchemas: IMPLICIT_FUNCTION_SCHEMAS,
  };
}

function emptyShape(error: string): QueryShape {
  return {
    statements: 0,
    singleSelect: false,
    error,
    relations: [],
    functions: [],
    ctes: [],
    projections: [],
    others: [],
    systemNamePrefixes: SYSTEM_NAME_PREFIXES,
    implicitFunctionSchemas: IMPLICIT_FUNCTION_SCHEMAS,
  };
}

/** `InsertStmt` → `INSERT`, `VariableSetStmt` → `VARIABLESET`: the statement's kind for messages. */
function statementName(kind: string | undefined): string {
  return kind === undefined ? 'an unknown statement' : kind.replace(/Stmt$/, '').toUpperCase();
}

class Walker {
  readonly relations: RelationRef[] = [];
  readonly functions: FunctionCall[] = [];
  readonly ctes: CteDefinition[] = [];
  readonly projections: Projection[] = [];
  readonly others: OtherNode[] = [];
  /** The first reason the text is not a plain query, if any. */
  error: string | undefined;

  refuse(why: string): void {
    this.error ??= why;
  }

  walk(value: unknown, scope: ReadonlySet<string>): void {
    if (Array.isArray(value)) {
      for (const item of value) this.walk(item, scope);
      return;
    }
    const obj = asObject(value);
    if (obj === undefined) return;
    const node = nodeOf(obj);
    if (node === undefined) {
      // A struct written inline (an alias, a window definition, a type name): its fields may hold nodes.
      for (const field of Object.values(obj)) this.walk(field, scope);
      return;
    }
    this.#node(node[0], node[1], scope);
  }

  /** A query block: a SELECT, a set operation of queries or a VALUES list, with the WITH clause it defines. */
  select(stmt: Json, scope: ReadonlySet<string>): void {
    if (stmt.intoClause !== undefined) this.refuse('SELECT … INTO creates a table');
    if (stmt.lockingClause !== undefined) this.refuse('FOR UPDATE / FOR SHARE locks rows');
    const local = this.#with(asObject(stmt.withClause), scope);
    if (stmt.op !== undefined && stmt.op !== 'SETOP_NONE') {
      const op = String(stmt.op).replace(/^SETOP_/, '');
      this.others.push({ kind: 'set_operation', detail: stmt.all === true ? `${op} ALL` : op });
      for (const arm of [stmt.larg, stmt.rarg]) {
        const body = asObject(arm);
        if (body !== undefined) this.select(body, local);
      }
    }
    if (Array.isArray(stmt.valuesLists)) this.others.push({ kind: 'values', detail: 'VALUES' });
    if (Array.isArray(stmt.targetList)) {
      for (const item of stmt.targetList) {
        const target = nodeOf(item);
        if (target?.[0] === 'ResTarget') this.projections.push(projectionOf(target[1]));
      }
    }
    for (const [key, value] of Object.entries(stmt)) {
      if (!['withClause', 'larg', 'rarg', 'intoClause', 'lockingClause'].includes(key))
        this.walk(value, local);
    }
  }

  /** Records a WITH clause's CTEs and walks their bodies; returns the names in scope after it. */
  #with(clause: Json | undefined, scope: ReadonlySet<string>): ReadonlySet<string> {
    if (clause === undefined) return scope;
    const recursive = clause.recursive === true;
    const entries = asArray(clause.ctes).flatMap((c) => {
      const node = nodeOf(c);
      if (node?.[0] === 'CommonTableExpr' && typeof node[1].ctename === 'string')
        return [{ cte: node[1], name: node[1].ctename }];
      this.others.push({ kind: 'unsupported', detail: `WITH ${node?.[0] ?? 'entry'}` });
      return [];
    });
    const local = new Set(scope);
    // WITH RECURSIVE lets every CTE of the clause read every other one, and itself, in any order.
    if (recursive) for (const e of entries) local.add(e.name);
    for (const { cte, name } of entries) {
      const [kind, body] = nodeOf(cte.ctequery) ?? [];
      if (kind !== 'SelectStmt') this.refuse(`a ${statementName(kind)} in WITH changes data`);
      const query = kind === 'SelectStmt' ? body : undefined;
      const columns = firstSelectList(query);
      this.ctes.push({
        name,
        columnAliases: names(cte.aliascolnames),
        recursive: recursive && readsRelation(cte.ctequery, name),
        ...(columns === undefined ? {} : { columns: columns.map(projectionOf) }),
        ...positionOf(cte),
      });
      if (query !== undefined) this.select(query, new Set(local));
      else this.walk(cte.ctequery, new Set(local));
      this.walk([cte.search_clause, cte.cycle_clause], local);
      local.add(name);
    }
    return local;
  }

  #node(kind: string, node: Json, scope: ReadonlySet<string>): void {
    switch (kind) {
      case 'SelectStmt':
        this.select(node, scope);
        return;
      case 'RangeVar':
        this.#relation(node, scope);
        return;
      case 'FuncCall':
        this.#call(node, scope, node.over === undefined ? 'scalar' : 'window', false);
        return;
      case 'A_Expr':
        this.#operator(node, scope);
        return;
      case 'TypeCast':
        this.#cast(node, scope);
        return;
      case 'SubLink':
        this.others.push({
          kind: 'subquery',
          detail: String(node.subLinkType ?? 'SUBLINK'),
          ...positionOf(node),
        });
        this.#operatorName(names(node.operName), node, [node.testexpr, node.subselect]);
        this.walk([node.testexpr, node.subselect], scope);
        return;
      case 'RangeSubselect':
        this.others.push({
          kind: 'subquery',
          detail: node.lateral === true ? 'LATERAL SUBQUERY' : 'SUBQUERY',
        });
        this.walk([node.subquery, node.alias], scope);
        return;
      case 'RangeFunction':
        this.#tableFunctions(node, scope);
        return;
      case 'RangeTableFunc':
        this.#named('xmltable', 'table', node);
        break;
      case 'JsonTable':
        this.#named('json_table', 'table', node);
        break;
      case 'RangeTableSample':
        this.others.push({ kind: 'unsupported', detail: 'TABLESAMPLE', ...positionOf(node) });
        break;
      case 'SQLValueFunction':
        // CURRENT_DATE, LOCALTIMESTAMP(3) …: the name as written, without its precision.
        this.#named(
          String(node.op)
            .replace(/^SVFOP_/, '')
            .replace(/_N$/, '')
            .toLowerCase(),
          'scalar',
          node,
          [],
        );
        break;
      case 'XmlExpr':
        this.#named(
          String(node.op) === 'IS_DOCUMENT'
            ? 'is_document'
            : String(node.op).replace(/^IS_/, '').toLowerCase(),
          'scalar',
          node,
          asArray(node.args),
        );
        break;
      case 'XmlSerialize':
        this.#named('xmlserialize', 'scalar', node, [node.expr]);
        break;
      case 'CoalesceExpr':
        this.#named('coalesce', 'scalar', node, asArray(node.args));
        break;
      case 'MinMaxExpr':
        this.#named(node.op === 'IS_LEAST' ? 'least' : 'greatest', 'scalar', node, asArray(node.args));
        break;
      case 'SortBy':
        this.#operatorName(names(node.useOp), node, [node.node]);
        break;
      case 'CollateClause':
        this.others.push({ kind: 'unsupported', detail: 'COLLATE', ...positionOf(node) });
        break;
      default:
        if (!PLAIN_NODES.has(kind))
          this.others.push({ kind: 'unsupported', detail: kind, ...positionOf(node) });
    }
    for (const value of Object.values(node)) this.walk(value, scope);
  }

  /** A call written as syntax of its own; `operands` are its arguments, absent when they cannot be told. */
  #named(name: string, kind: FunctionCall['kind'], node: Json, operands?: readonly unknown[]): void {
    this.functions.push({
      name,
      kind,
      ...(operands === undefined ? {} : { args: operands.filter((o) => o !== undefined).map(argumentOf) }),
      ...positionOf(node),
    });
  }

  #relation(ref: Json, scope: ReadonlySet<string>): void {
    const name = typeof ref.relname === 'string' ? ref.relname : '';
    const schema = text(ref.schemaname);
    const catalog = text(ref.catalogname);
    const alias = asObject(ref.alias);
    const aliasName = text(alias?.aliasname);
    this.relations.push({
      name,
      ...(schema === undefined ? {} : { schema }),
      ...(catalog === undefined ? {} : { catalog }),
      ...(aliasName === undefined ? {} : { alias: aliasName }),
      // PostgreSQL matches a CTE by its exact name (unquoted names are already folded to lowercase).
      cte: schema === undefined && catalog === undefined && scope.has(name),
      columnAliases: names(alias?.colnames),
      ...positionOf(ref),
    });
  }

  /**
   * A function call. `grammar` marks a call the grammar itself writes for an operator's clause (LIKE … ESCAPE);
   * calls it writes for SQL syntax (EXTRACT, TRIM, AT TIME ZONE, CURRENT_USER …) carry `COERCE_SQL_SYNTAX`. Both name
   * `pg_catalog`, which the user did not write, so the schema is left out and the name alone decides.
   */
  #call(call: Json, scope: ReadonlySet<string>, kind: FunctionCall['kind'], grammar: boolean): void {
    const parts = names(call.funcname).map((p) => p.toLowerCase());
    const builtinSyntax =
      (grammar || call.funcformat === 'COERCE_SQL_SYNTAX') && parts.length === 2 && parts[0] === 'pg_catalog';
    const { name, ...qualifiers } = splitName(builtinSyntax ? parts.slice(1) : parts);
    this.functions.push({
      name,
      ...qualifiers,
      kind,
      args: Array.isArray(call.args) ? call.args.map(argumentOf) : [],
      ...positionOf(call),
    });
    for (const [key, value] of Object.entries(call)) if (key !== 'funcname') this.walk(value, scope);
  }

  /** An operator, noted as a function named by its symbol unless it compares; a qualified one always. */
  #operatorName(parts: readonly string[], node: Json, operands: readonly unknown[]): void {
    if (parts.length === 0) return;
    if (parts.length === 1 && COMPARISONS.has(parts[0] as string)) return;
    this.functions.push({
      ...splitName(parts),
      kind: 'scalar',
      args: operands.filter((o) => o !== undefined).map(argumentOf),
      ...positionOf(node),
    });
  }

  #operator(expr: Json, scope: ReadonlySet<string>): void {
    const parts = names(expr.name);
    switch (expr.kind) {
      case 'AEXPR_OP':
      case 'AEXPR_OP_ANY':
      case 'AEXPR_OP_ALL':
      case 'AEXPR_LIKE':
      case 'AEXPR_ILIKE':
      case 'AEXPR_SIMILAR':
        this.#operatorName(parts, expr, [expr.lexpr, expr.rexpr]);
        break;
      case 'AEXPR_NULLIF':
        this.#named('nullif', 'scalar', expr, [expr.lexpr, expr.rexpr]);
        break;
      case 'AEXPR_DISTINCT':
      case 'AEXPR_NOT_DISTINCT':
      case 'AEXPR_IN':
      case 'AEXPR_BETWEEN':
      case 'AEXPR_NOT_BETWEEN':
      case 'AEXPR_BETWEEN_SYM':
      case 'AEXPR_NOT_BETWEEN_SYM':
        // Comparisons; their operator is always the built-in one.
        break;
      default:
        this.others.push({ kind: 'unsupported', detail: String(expr.kind), ...positionOf(expr) });
    }
    // LIKE … ESCAPE and SIMILAR TO: the grammar writes the pattern as a call of pg_catalog.like_escape (or
    // similar_to_escape).
    const pattern = nodeOf(expr.rexpr);
    const grammarCall =
      ['AEXPR_LIKE', 'AEXPR_ILIKE', 'AEXPR_SIMILAR'].includes(String(expr.kind)) &&
      pattern?.[0] === 'FuncCall' &&
      ['like_escape', 'similar_to_escape'].includes(names(pattern[1].funcname).at(-1) ?? '');
    this.walk(expr.lexpr, scope);
    if (grammarCall && pattern !== undefined) this.#call(pattern[1], scope, 'scalar', true);
    else this.walk(expr.rexpr, scope);
  }

  #cast(cast: Json, scope: ReadonlySet<string>): void {
    const type = asObject(cast.typeName);
    const parts = names(type?.names).map((p) => p.toLowerCase());
    const name = parts.at(-1) ?? '';
    const safe =
      SAFE_CAST_TYPES.has(name) &&
      (parts.length === 1 || (parts.length === 2 && parts[0] === 'pg_catalog')) &&
      type?.pct_type !== true &&
      type?.setof !== true;
    if (!safe) {
      this.others.push({
        kind: 'unsupported',
        detail: `CAST AS ${parts.join('.') || 'unknown type'}`,
        ...positionOf(cast),
      });
    }
    this.walk([cast.arg, type?.typmods, type?.arrayBounds], scope);
  }

  /** `FROM f(…)`, `ROWS FROM (f(…), g(…))`, `LATERAL f(…)`: each call a table function. */
  #tableFunctions(range: Json, scope: ReadonlySet<string>): void {
    const items = Array.isArray(range.functions) ? range.functions : [];
    for (const item of items) {
      const pair = nodeOf(item);
      const [fn, columns] = pair?.[0] === 'List' && Array.isArray(pair[1].items) ? pair[1].items : [item];
      const call = nodeOf(fn);
      if (call?.[0] === 'FuncCall') this.#call(call[1], scope, 'table', false);
      else {
        this.others.push({
          kind: 'unsupported',
          detail: `FROM ${call?.[0] ?? 'expression'}`,
          ...positionOf(range),
        });
        this.walk(fn, scope);
      }
      this.walk(columns, scope);
    }
    this.walk([range.alias, range.coldeflist], scope);
  }
}
