import type { QualityCheck } from '../../contract/quality-check.ts';
import {
  bindQualitySql,
  contractCheckQuery,
  type QualityCheckQuery,
} from '../../contract/quality-check-sql.ts';
import { type BoundSql, replaceSpans, type SqlSpan, toCharOffset } from '../../core/bound-sql.ts';
import { MeshError } from '../../core/errors.ts';
import type { QueryDescriber } from '../../engine/engine.ts';
import { quoteAnsiIdent } from '../../engine/sql/sql-dialect.ts';
import { checkUserSql } from '../../governance/user-sql-guard.ts';

/** The length of the identifier (plain or double-quoted) that starts at `at`, if one does and names `name`. */
function identifierAt(text: string, at: number, name: string): number | undefined {
  const rest = text.slice(at);
  const quoted = /^"((?:[^"]|"")*)"/.exec(rest);
  if (quoted)
    return quoted[1]?.replaceAll('""', '"').toLowerCase() === name.toLowerCase()
      ? quoted[0].length
      : undefined;
  const plain = /^[\p{L}_][\p{L}\p{N}_$]*/u.exec(rest);
  return plain && plain[0].toLowerCase() === name.toLowerCase() ? plain[0].length : undefined;
}

/**
 * Points the schema object's name, where the query reads it as a stored table, at the product's table: `FROM orders`
 * becomes `FROM "<table>" AS orders`, so that `orders.total` still resolves. The places come from the engine's
 * parse tree, not from scanning the text.
 */
async function resolveObjectName(
  s: QueryDescriber,
  bound: BoundSql,
  object: string,
  table: string,
  operation: string,
): Promise<BoundSql> {
  const shape = await s.describeQuery(bound.text);
  const spans: SqlSpan[] = [];
  for (const r of shape.relations) {
    if (r.cte || r.schema !== undefined || r.catalog !== undefined) continue;
    if (r.name.toLowerCase() !== object.toLowerCase()) continue;
    const start = r.position === undefined ? undefined : toCharOffset(bound.text, r.position);
    const length = start === undefined ? undefined : identifierAt(bound.text, start, r.name);
    if (start === undefined || length === undefined) {
      throw new MeshError(
        'policy_denied',
        `${operation} refused: cannot tell where the query reads ${object}; write FROM \${table} instead`,
        { details: { operation, node: { kind: 'relation', name: r.name } } },
      );
    }
    const replacement = r.alias === undefined ? `${table} AS ${quoteAnsiIdent(r.name)}` : table;
    spans.push({ start, end: start + length, replacement });
  }
  return spans.length === 0 ? bound : replaceSpans(bound, spans);
}

/**
 * Turns a quality check written in SQL in a contract into the query that measures it, once the user-SQL guard has
 * read its parse tree: placeholders and the schema object's name become the product's table, and the query may read
 * only that table, with allow-listed functions. Nothing of the contract's SQL runs before the guard allowed it.
 * @throws MeshError `policy_denied` naming the offending node; `invalid_input` for a column placeholder on an
 * object-level check.
 */
export async function guardContractSql(
  s: QueryDescriber,
  check: QualityCheck & { kind: 'sql' },
  table: string,
  productId: string,
): Promise<QualityCheckQuery> {
  const operation = `quality check ${check.id} of ${productId}`;
  const quoted = quoteAnsiIdent(table);
  // One trailing ";" is common in SQL files; the query is wrapped into the platform's own statement.
  const query = check.query.replace(/;\s*$/, '');
  let bound = bindQualitySql(
    query,
    { table: quoted, ...(check.field === undefined ? {} : { column: quoteAnsiIdent(check.field) }) },
    check.id,
  );
  if (check.object !== undefined) bound = await resolveObjectName(s, bound, check.object, quoted, operation);
  await checkUserSql(s, bound, {
    operation,
    tables: new Map([[table, `the product's own table`]]),
    howToRead: `\${table}${check.object === undefined ? '' : ` or ${check.object}`}`,
  });
  return contractCheckQuery(bound.text, quoted);
}
