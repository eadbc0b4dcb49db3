/**
 * What a SQL text reads and calls, as the engine's own parser sees it, described without engine terms so that the
 * platform can decide on it the same way for every engine (see {@link EngineSession.describeQuery}).
 */
export interface QueryShape {
  /** How many statements the text holds (0 when the engine could not parse it). */
  readonly statements: number;
  /** True when the text is exactly one SELECT (or WITH … SELECT, or a set operation of SELECTs). */
  readonly singleSelect: boolean;
  /**
   * Why the engine would not describe the text, when it would not: a syntax error, or a statement other than a
   * query (DuckDB describes only SELECT statements).
   */
  readonly error?: string;
  /** Every relation named in a FROM or JOIN, at any depth, in order of position. */
  readonly relations: readonly RelationRef[];
  /** Every function called: scalar, aggregate, window and table functions, and operators the parser spells as functions. */
  readonly functions: readonly FunctionCall[];
  /** Every common table expression defined, at any depth. */
  readonly ctes: readonly CteDefinition[];
  /** Every select-list item of every query block, to follow where the output columns come from. */
  readonly projections: readonly Projection[];
  /** Other notable constructs: set operations, subqueries, VALUES lists and anything the describer does not know. */
  readonly others: readonly OtherNode[];
  /**
   * Name prefixes (lowercase) of the engine's own catalog objects that an unqualified name can reach, such as system
   * views and catalog functions; a CTE taking such a name could stand in for one.
   */
  readonly systemNamePrefixes: readonly string[];
  /**
   * Schemas (lowercase) that the engine's parser itself writes on calls of built-in syntax, so that a call there is
   * judged by its name alone, e.g. DuckDB's `main` for `TRIM(BOTH …)`; empty when the describer leaves such a schema
   * out itself.
   */
  readonly implicitFunctionSchemas: readonly string[];
}

/**
 * A position in the described text: a 0-based offset in UTF-8 bytes (as both DuckDB and PostgreSQL report it), when
 * the engine reports one.
 */
export interface SqlPosition {
  readonly position?: number;
}

/** A relation named in a FROM or JOIN. */
export interface RelationRef extends SqlPosition {
  /** The name as written, without quotes (engines may compare it case-insensitively). */
  readonly name: string;
  readonly schema?: string;
  readonly catalog?: string;
  /** The alias given to the relation (`FROM t AS x`), if any. */
  readonly alias?: string;
  /** The name of a CTE in scope at this point, so the reference reads that CTE and not a stored table. */
  readonly cte: boolean;
  /** Column names given to the relation in its alias (`FROM t AS x(a, b)`), which rename its columns by position. */
  readonly columnAliases: readonly string[];
}

/** Kinds of function call. */
export const FUNCTION_KINDS = ['scalar', 'window', 'table'] as const;
/**
 * A kind of function call: `scalar` covers scalar and aggregate calls (the parser cannot tell them apart),
 * `window` a call with OVER, `table` a function in FROM that returns rows.
 */
export type FunctionKind = (typeof FUNCTION_KINDS)[number];

/** A function call. */
export interface FunctionCall extends SqlPosition {
  /** The function's name as written, lowercase (operators as their symbol, e.g. `+` or `~~` for LIKE). */
  readonly name: string;
  readonly schema?: string;
  readonly catalog?: string;
  readonly kind: FunctionKind;
  /**
   * The call's arguments in order, each a literal value when the argument is written as one (`repeat('x', 3)`:
   * `'x'` and `3`), so that the platform can bound functions whose result grows with an argument. Absent when the
   * describer cannot tell the arguments (table functions).
   */
  readonly args?: readonly FunctionArgument[];
}

/** One argument of a {@link FunctionCall}: a literal's value, or `literal: false` for any other expression. */
export type FunctionArgument =
  | { readonly literal: true; readonly value: string | number | boolean | null }
  | { readonly literal: false };

/** A common table expression (`WITH name AS (…)`). */
export interface CteDefinition extends SqlPosition {
  readonly name: string;
  /** Column names listed after the CTE's name, renaming its columns by position. */
  readonly columnAliases: readonly string[];
  readonly recursive: boolean;
  /**
   * The select-list items of the body's (first) query block, in order, which `columnAliases` rename by position;
   * absent when the describer cannot tell them.
   */
  readonly columns?: readonly Projection[];
}

/** One item of a select list: the name it gives its column and the column names it reads. */
export interface Projection extends SqlPosition {
  /** The output column's name: its alias, or the name of the column it copies; absent for an unnamed expression. */
  readonly name?: string;
  /** Every column name (each part of a qualified name) the item's expression refers to, subqueries included. */
  readonly reads: readonly string[];
  /** True for `*`, `t.*` or `COLUMNS(…)`, which copy columns under their own names. */
  readonly star: boolean;
  /** Columns a `* REPLACE (expr AS name)` recomputes: each name with the column names its expression reads. */
  readonly replaces: readonly { readonly name: string; readonly reads: readonly string[] }[];
}

/** Kinds of other notable constructs. */
export const OTHER_NODE_KINDS = ['set_operation', 'subquery', 'values', 'show', 'unsupported'] as const;
/** A kind of other construct; `show` (DESCRIBE, SUMMARIZE) and `unsupported` (unknown to the describer) stand out. */
export type OtherNodeKind = (typeof OTHER_NODE_KINDS)[number];

/** Another notable construct. */
export interface OtherNode extends SqlPosition {
  readonly kind: OtherNodeKind;
  /** The engine's own name for the node, e.g. `UNION` or `SHOW_REF`. */
  readonly detail: string;
}
