import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindContractSql, type ContractSqlResult } from './contract-sql-guard.ts';

const TARGET = { table: '"data_sales__orders__v1"', object: 'orders', column: '"total"' };

function sqlOf(result: ContractSqlResult): string {
  if (!result.ok) throw new Error(`refused: ${result.problems.join('; ')}`);
  return result.sql;
}

function problemsOf(result: ContractSqlResult): string {
  return result.ok ? '' : result.problems.join('; ');
}

describe('bindContractSql', () => {
  it('points the schema object and the placeholders at the product table, keeping the object name as alias', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ODCS placeholders, not a JavaScript template.
    expect(sqlOf(bindContractSql('SELECT COUNT(*) FROM ${table} WHERE ${column} IS NULL', TARGET))).toBe(
      'SELECT COUNT(*) FROM "data_sales__orders__v1" WHERE "total" IS NULL',
    );
    expect(sqlOf(bindContractSql('select count(*) from Orders where orders.total < 0;', TARGET))).toBe(
      'select count(*) from "data_sales__orders__v1" AS Orders where orders.total < 0',
    );
    expect(sqlOf(bindContractSql('SELECT COUNT(*) FROM orders AS o WHERE o.total < 0', TARGET))).toBe(
      'SELECT COUNT(*) FROM "data_sales__orders__v1" AS o WHERE o.total < 0',
    );
  });

  it('turns comments into spaces so that none can swallow what follows the query', () => {
    expect(sqlOf(bindContractSql('SELECT COUNT(*) /* all */ FROM orders -- rows', TARGET))).toBe(
      'SELECT COUNT(*)   FROM "data_sales__orders__v1" AS orders',
    );
  });

  it.each([
    [
      'a subquery with EXTRACT … FROM and a window',
      'SELECT MAX(d) FROM (SELECT EXTRACT(EPOCH FROM (ts - LAG(ts) OVER (ORDER BY ts))) AS d FROM orders)',
    ],
    [
      'a self-join with IS DISTINCT FROM',
      'SELECT COUNT(*) FROM orders a JOIN orders b ON a.id = b.parent WHERE a.region IS DISTINCT FROM b.region',
    ],
    [
      'a CTE read after its definition',
      'WITH big AS (SELECT * FROM orders WHERE total > 100) SELECT COUNT(*) FROM big',
    ],
    ['a CTE with column names', 'WITH x(n) AS (SELECT total FROM orders) SELECT COUNT(*) FROM x WHERE n < 0'],
    [
      'TRIM and SUBSTRING with FROM',
      "SELECT COUNT(*) FROM orders WHERE trim(both 'x' from region) = '' OR substring(region from 2) = 'a'",
    ],
    [
      'a scalar subquery in the select list',
      'SELECT (SELECT COUNT(*) FROM orders) - COUNT(DISTINCT id) FROM orders',
    ],
    [
      'casts with type parameters',
      "SELECT COUNT(*) FROM orders WHERE CAST(total AS DECIMAL(10, 2)) < 0 OR total::varchar(5) = '1'",
    ],
    ['strings that look like SQL', "SELECT COUNT(*) FROM orders WHERE region = 'x; DROP TABLE mw_grants --'"],
  ])('accepts %s', (_, query) => {
    expect(problemsOf(bindContractSql(query, TARGET))).toBe('');
  });

  it.each([
    ['another table', 'SELECT COUNT(*) FROM mw_grants', 'reads mw_grants'],
    ['another table after a comma', 'SELECT COUNT(*) FROM orders, secret', 'reads secret'],
    [
      'another table after ON',
      'SELECT COUNT(*) FROM orders a JOIN orders b ON a.id = b.id, secret',
      'reads secret',
    ],
    [
      'a join to another table',
      'SELECT COUNT(*) FROM orders JOIN "data_customer__profiles__v1" c ON true',
      'reads "data_customer__profiles__v1"',
    ],
    ['a table in nested parentheses', 'SELECT COUNT(*) FROM ((secret))', 'reads secret'],
    ['a parenthesised join', 'SELECT COUNT(*) FROM (secret CROSS JOIN orders)', 'reads secret'],
    ['a FROM-first subquery', 'SELECT COUNT(*) FROM orders WHERE id IN (FROM secret)', 'reads secret'],
    ['a schema-qualified table', 'SELECT COUNT(*) FROM main.orders', 'reads main'],
    ['a file', "SELECT COUNT(*) FROM '/etc/passwd'", "reads '/etc/passwd'"],
    ['a table function', "SELECT COUNT(*) FROM read_csv('/etc/passwd')", 'reads read_csv'],
    ['a lateral table function', 'SELECT COUNT(*) FROM orders, LATERAL secret', 'reads LATERAL'],
    [
      'a CTE that shadows a later name',
      'WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a',
      'reads b',
    ],
    ['a CTE reading its own name', 'WITH s AS (SELECT * FROM s) SELECT COUNT(*) FROM s', 'reads s'],
    ['a TABLE statement', 'SELECT COUNT(*) FROM orders WHERE id IN (TABLE secret)', 'uses TABLE'],
    ['a write in a CTE', 'WITH d AS (DELETE FROM orders RETURNING *) SELECT COUNT(*) FROM d', 'uses DELETE'],
    ['a second statement', 'SELECT 1; DROP TABLE orders', 'single statement'],
    ['a query that is not a SELECT', 'DELETE FROM orders', 'must start with SELECT or WITH'],
    ['a file-reading function', "SELECT pg_read_file('/etc/passwd')", 'calls pg_read_file'],
    [
      'dynamic SQL through a function',
      "SELECT query_to_xml('SELECT * FROM secret', true, true, '')",
      'calls query_to_xml',
    ],
    [
      'a schema-qualified function',
      'SELECT COUNT(*) FROM orders WHERE pg_catalog.lower(region) = 1',
      'through a schema',
    ],
    ['parameters', 'SELECT COUNT(*) FROM orders WHERE total > $1', '$ parameters'],
    ['dollar quoting', "SELECT $$ ' $$ FROM orders", '$ parameters'],
    ['escape strings', "SELECT COUNT(*) FROM orders WHERE region = E'\\''", 'escape strings'],
    ['an unclosed string', "SELECT COUNT(*) FROM orders WHERE region = 'x", 'not closed'],
    ['an unclosed comment', 'SELECT COUNT(*) FROM orders /* x', 'not closed'],
    ['an unbalanced parenthesis', 'SELECT COUNT(*) FROM orders WHERE (total > 0', 'does not close'],
    [
      'a column placeholder without a column',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: ODCS placeholders, not a JavaScript template.
      'SELECT COUNT(*) FROM orders WHERE ${column} IS NULL',
      'names a column',
    ],
  ])('refuses %s', (_, query, problem) => {
    const result = bindContractSql(
      query,
      problem === 'names a column' ? { table: TARGET.table, object: 'orders' } : TARGET,
    );
    expect(result.ok).toBe(false);
    expect(problemsOf(result)).toContain(problem);
  });
});

describe('bound contract SQL on DuckDB', () => {
  let dir: string;
  let instance: DuckDBInstance;
  let db: DuckDBConnection;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'meshwork-sql-guard-'));
    instance = await DuckDBInstance.create(join(dir, 'guard.duckdb'));
    db = await instance.connect();
    await db.run(
      'CREATE TABLE data_sales__orders__v1 (id VARCHAR, parent VARCHAR, region VARCHAR, total DOUBLE)',
    );
    await db.run(`INSERT INTO data_sales__orders__v1 VALUES
      ('o1', NULL, 'Europe', 10), ('o2', 'o1', 'Asia', -5), ('o3', 'o1', 'Europe', NULL)`);
    await db.run('CREATE TABLE secret (v INTEGER)');
  });

  afterAll(() => {
    db.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });

  async function scalar(query: string): Promise<unknown> {
    const reader = await db.runAndReadAll(`SELECT (${sqlOf(bindContractSql(query, TARGET))}\n) AS v`);
    return reader.getRowObjectsJS()[0]?.v;
  }

  it('runs the rewritten queries against the product table, aliases and placeholders included', async () => {
    expect(await scalar('select count(*) from orders where orders.total < 0 -- negative')).toBe(1n);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ODCS placeholders, not a JavaScript template.
    expect(await scalar('SELECT COUNT(*) FROM ${table} WHERE ${column} IS NULL')).toBe(1n);
    expect(
      await scalar(
        'SELECT COUNT(*) FROM orders a JOIN orders b ON a.id = b.parent WHERE a.region IS DISTINCT FROM b.region',
      ),
    ).toBe(1n);
    expect(await scalar('WITH big AS (SELECT * FROM orders WHERE total > 0) SELECT COUNT(*) FROM big')).toBe(
      1n,
    );
  });
});
