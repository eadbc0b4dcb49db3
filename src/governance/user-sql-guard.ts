import { type BoundSql, toCharOffset } from '../core/bound-sql.ts';
import { MeshError } from '../core/errors.ts';
import type { QueryDescriber } from '../engine/engine.ts';
import type { QueryShape, RelationRef } from '../engine/query-shape.ts';
import { MAX_SIZED_RESULT, SIZED_USER_SQL_FUNCTIONS, USER_SQL_FUNCTIONS } from './user-sql-functions.ts';

/** What a user's SQL is checked against. */
export interface UserSqlRules {
  /** The operation, for messages, e.g. `refresh of sales.customer_revenue`. */
  readonly operation: string;
  /**
   * The stored tables the SQL may read, by their exact name (as the platform created them), each with what it holds
   * for messages (a product id, or "the product's own table").
   */
  readonly tables: ReadonlyMap<string, string>;
  /** How the user names those tables, for the fix in messages, e.g. `{{domain.name}} placeholders`. */
  readonly howToRead: string;
}

/** Kinds of node a refusal names. */
export type RefusedNodeKind = 'statement' | 'relation' | 'function' | 'cte' | 'construct';

/** The node of the parse tree a refusal is about. */
export interface RefusedNode {
  readonly kind: RefusedNodeKind;
  /** The node's name as written: a function or relation name, a CTE name, or the kind of statement or construct. */
  readonly name: string;
  /** 0-based offset in the SQL as the user wrote it, when the engine reports one. */
  readonly position?: number;
}

/** A user SQL the guard let through: the stored tables it reads, in order of first mention. */
export interface AllowedUserSql {
  readonly tables: readonly string[];
  readonly shape: QueryShape;
}

/**
 * Names the platform gives its own tables: catalog and governance tables (`mw_…`) and product tables (`data_…`).
 * A CTE may not take one, so that it can neither hide a stored table nor be mistaken for one.
 */
const PLATFORM_TABLE_PREFIXES = ['mw_', 'data_'] as const;
/** CTE names are plain ASCII identifiers, so no look-alike of another name can pass. */
const CTE_NAME = /^[a-z_][a-z0-9_]*$/;

function qualified(r: RelationRef): string {
  return [r.catalog, r.schema, r.name].filter((p) => p !== undefined).join('.');
}

/**
 * Decides on a described statement: exactly one SELECT; every relation either a CTE it defines or one of the allowed
 * stored tables (named exactly, without schema); CTE names plain and never a platform table's name; only functions of
 * the allow-list ({@link USER_SQL_FUNCTIONS}), without schema (or in a schema the parser itself writes for built-in
 * syntax, {@link QueryShape.implicitFunctionSchemas}) and without catalog; no table functions; no DESCRIBE/SHOW or constructs the
 * describer does not know. Positions in the refusal are mapped back to the user's text with `toSourcePosition`.
 * @throws MeshError `policy_denied` naming the first offending node and its position, with `details.node`.
 */
export function assertUserSqlAllowed(
  shape: QueryShape,
  rules: UserSqlRules,
  toSourcePosition: (position: number) => number = (p) => p,
): AllowedUserSql {
  const refuse = (node: RefusedNode, why: string, fix: string): never => {
    const mapped: RefusedNode =
      node.position === undefined ? node : { ...node, position: toSourcePosition(node.position) };
    const at = mapped.position === undefined ? '' : ` at position ${mapped.position}`;
    const what =
      node.kind === 'construct' || node.name === node.kind ? node.name : `${node.kind} ${node.name}`;
    throw new MeshError('policy_denied', `${rules.operation} refused: ${what}${at} ${why}; ${fix}`, {
      details: { operation: rules.operation, node: mapped },
    });
  };
  if (shape.error !== undefined) {
    refuse(
      { kind: 'statement', name: 'statement' },
      `is not one SELECT the engine can parse (${shape.error.split('\n')[0]})`,
      'write a single SELECT (or WITH … SELECT) query; statements that change data, settings or files are not allowed',
    );
  }
  if (!shape.singleSelect || shape.statements !== 1) {
    refuse(
      { kind: 'statement', name: `${shape.statements} statements` },
      'where one SELECT is allowed',
      'write exactly one SELECT and remove the extra ";"',
    );
  }
  const allowedLower = new Set([...rules.tables.keys()].map((t) => t.toLowerCase()));
  for (const cte of shape.ctes) {
    const lower = cte.name.toLowerCase();
    if (
      !CTE_NAME.test(lower) ||
      allowedLower.has(lower) ||
      PLATFORM_TABLE_PREFIXES.some((p) => lower.startsWith(p)) ||
      shape.systemNamePrefixes.some((p) => lower.startsWith(p))
    ) {
      refuse(
        { kind: 'cte', name: cte.name, ...(cte.position === undefined ? {} : { position: cte.position }) },
        'takes a name reserved for stored tables, or is not a plain identifier',
        "name CTEs with plain ASCII letters, digits and underscores, not like a platform or system table (mw_, data_, the engine's catalog views)",
      );
    }
  }
  const tables: string[] = [];
  for (const r of shape.relations) {
    const at = r.position === undefined ? {} : { position: r.position };
    if (r.cte) continue;
    const unqualified = r.schema === undefined && r.catalog === undefined;
    if (!unqualified || !rules.tables.has(r.name)) {
      refuse(
        { kind: 'relation', name: qualified(r), ...at },
        'is not a table this SQL may read',
        `read only ${[...rules.tables.values()].join(', ')} through ${rules.howToRead}`,
      );
    }
    if (!tables.includes(r.name)) tables.push(r.name);
  }
  for (const f of shape.functions) {
    const at = f.position === undefined ? {} : { position: f.position };
    const name = [f.catalog, f.schema, f.name].filter((p) => p !== undefined).join('.');
    if (f.kind === 'table') {
      refuse(
        { kind: 'function', name, ...at },
        'is a table function',
        `user SQL may call no table functions; read only ${[...rules.tables.values()].join(', ')} through ${rules.howToRead}`,
      );
    }
    // Some parsers write built-in syntax as calls in a schema of their own (the shape names it), so that schema is
    // accepted for allow-listed names; any other schema or a catalog is refused.
    const qualifiedOk =
      (f.schema === undefined || shape.implicitFunctionSchemas.includes(f.schema)) && f.catalog === undefined;
    if (!qualifiedOk || !USER_SQL_FUNCTIONS.has(f.name)) {
      refuse(
        { kind: 'function', name, ...at },
        'is not on the allow-list of functions',
        'use only arithmetic, text, date, conditional, cast, aggregate and window functions, without a schema (see docs/governance.md)',
      );
    }
    const sizeAt = SIZED_USER_SQL_FUNCTIONS.get(f.name);
    if (sizeAt !== undefined) {
      const size = f.args?.[sizeAt];
      const n = size?.literal === true && typeof size.value === 'number' ? size.value : undefined;
      if (n === undefined || !Number.isInteger(n) || n > MAX_SIZED_RESULT) {
        const got = n === undefined ? 'it is not a whole number written in the SQL' : `it asks for ${n}`;
        refuse(
          { kind: 'function', name, ...at },
          `builds a result as long as its argument ${sizeAt + 1} says, which must be a whole number written in the SQL, at most ${MAX_SIZED_RESULT.toLocaleString('en-US')} (${got})`,
          `write the length as a number no larger than ${MAX_SIZED_RESULT.toLocaleString('en-US')}, e.g. lpad(code, 8, '0')`,
        );
      }
    }
  }
  for (const o of shape.others) {
    if (o.kind === 'show' || o.kind === 'unsupported') {
      refuse(
        { kind: 'construct', name: o.detail, ...(o.position === undefined ? {} : { position: o.position }) },
        'is not allowed in user SQL',
        'write a plain SELECT over the tables it may read',
      );
    }
  }
  return { tables, shape };
}

/**
 * Parses user SQL with the engine's own parser ({@link EngineSession.describeQuery}) and lets it through only when
 * {@link assertUserSqlAllowed} does. Nothing in the SQL runs.
 * @throws MeshError `policy_denied` naming the offending node and its position.
 * @example await checkUserSql(tx, bindInputs(sql, tables), { operation: 'refresh of a.b', tables, howToRead: '{{…}}' })
 */
export async function checkUserSql(
  session: QueryDescriber,
  sql: BoundSql,
  rules: UserSqlRules,
): Promise<AllowedUserSql> {
  const shape = await session.describeQuery(sql.text);
  // Parsers report positions in UTF-8 bytes of the bound text; the refusal points at characters of the user's text.
  return assertUserSqlAllowed(shape, rules, (p) => sql.toSourcePosition(toCharOffset(sql.text, p)));
}
