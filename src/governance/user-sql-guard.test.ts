import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindSql } from '../core/bound-sql.ts';
import { isMeshError } from '../core/errors.ts';
import { openDuckDbEngine } from '../engine/duckdb/duckdb-engine.ts';
import type { Engine, QueryDescriber } from '../engine/engine.ts';
import { describePostgresQuery } from '../engine/postgres/postgres-query-shape.ts';
import { USER_SQL_FUNCTIONS } from './user-sql-functions.ts';
import { checkUserSql, type RefusedNode } from './user-sql-guard.ts';

let duck: Engine;

beforeAll(async () => {
  duck = await openDuckDbEngine({ path: ':memory:' });
});

afterAll(async () => {
  await duck.close();
});

const parsers: [string, () => QueryDescriber][] = [
  ['DuckDB', () => duck],
  ['PostgreSQL', () => ({ describeQuery: describePostgresQuery })],
];

const RULES = {
  operation: 'refresh of sales.probe',
  tables: new Map([['data_sales__transactions__v1', 'sales.transactions']]),
  howToRead: '{{domain.name}} placeholders',
};

async function refusal(describer: QueryDescriber, source: string): Promise<RefusedNode | undefined> {
  const bound = bindSql(source, /\{\{\s*sales\.transactions\s*\}\}/g, () => 'data_sales__transactions__v1');
  const error = await checkUserSql(describer, bound, RULES).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error === undefined) return undefined;
  if (!isMeshError(error) || error.code !== 'policy_denied') throw error;
  return (error.details as { node: RefusedNode }).node;
}

describe.each(parsers)('the user-SQL guard on %s', (_, describer) => {
  it('points at the offending node in characters of the text as written, after non-ASCII text and placeholders', async () => {
    const source = "SELECT 'été — ok' AS v, x.* FROM {{ sales.transactions }} AS t, mw_tokens AS x";
    expect(await refusal(describer(), source)).toEqual({
      kind: 'relation',
      name: 'mw_tokens',
      position: source.indexOf('mw_tokens'),
    });
  });

  it('refuses text that is not SQL, saying what the parser said, with the word "statement" once', async () => {
    const bound = bindSql('SELECT FROM WHERE (', /\{\{\s*sales\.transactions\s*\}\}/g, () => '');
    const error = await checkUserSql(describer(), bound, RULES).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'policy_denied',
      details: { node: { kind: 'statement', name: 'statement' } },
    });
    expect((error as Error).message).toMatch(
      /^refresh of sales\.probe refused: statement is not one SELECT the engine can parse \(.*syntax error.*\); write a single SELECT/i,
    );
  });

  it.each([
    'pg_read_file',
    'pg_read_binary_file',
    'pg_ls_dir',
    'pg_stat_file',
    'lo_import',
    'lo_export',
    'dblink',
    'dblink_exec',
    'current_setting',
    'set_config',
    'pg_sleep',
    'txid_current',
    'pg_current_xact_id',
    'pg_advisory_lock',
    'query_to_xml',
    'table_to_xml',
    'cursor_to_xml',
    'xpath',
    'pg_terminate_backend',
    'pg_notify',
    'nextval',
    'setval',
    'version',
    'has_table_privilege',
  ])('refuses %s, which reads or changes what lies outside the values', async (name) => {
    expect(USER_SQL_FUNCTIONS.has(name)).toBe(false);
    const source = `SELECT ${name}('x') AS v FROM {{sales.transactions}}`;
    expect(await refusal(describer(), source)).toMatchObject({ kind: 'function', name });
  });

  it('accepts the spellings of PostgreSQL built-in syntax for allowed functions', async () => {
    const source =
      "SELECT trim(both 'x' from customer_id) AS a, substring(customer_id from 2 for 3) AS b, position('C' in customer_id) AS c, EXTRACT(YEAR FROM CAST(amount AS TIMESTAMP)) AS d, customer_id LIKE 'C!%' ESCAPE '!' AS e, customer_id NOT SIMILAR TO 'C%' AS f, customer_id !~ '^C' AS g, customer_id ~* 'c' AS h, current_date AS i, current_timestamp AS j FROM {{sales.transactions}}";
    expect(await refusal(describer(), source)).toBeUndefined();
  });
});
