import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTestStore } from '../../../test/support/test-store.ts';
import type { QualityCheck } from '../../contract/quality-check.ts';
import { MeshError } from '../../core/errors.ts';
import type { Engine } from '../../engine/engine.ts';
import { openEngine } from '../../engine/open-engine.ts';
import { guardContractSql } from './contract-sql-check.ts';

const TABLE = 'data_sales__orders__v1';

let engine: Engine;

beforeAll(async () => {
  engine = await openEngine(await newTestStore(':memory:'));
  await engine.execute(
    `CREATE TABLE ${TABLE} (id VARCHAR, parent VARCHAR, region VARCHAR, total DOUBLE PRECISION, ts TIMESTAMP)`,
  );
  await engine.execute(`INSERT INTO ${TABLE} VALUES
    ('o1', NULL, 'Europe', 10, TIMESTAMP '2025-01-01 10:00'),
    ('o2', 'o1', 'Asia', -5, TIMESTAMP '2025-01-01 11:00'),
    ('o3', 'o1', 'Europe', NULL, TIMESTAMP '2025-01-01 13:00')`);
  await engine.execute('CREATE TABLE secret (v INTEGER)');
});

afterAll(async () => {
  await engine.close();
});

function sqlCheck(query: string, field?: string): QualityCheck & { kind: 'sql' } {
  return {
    id: 'c',
    kind: 'sql',
    query,
    object: 'orders',
    ...(field === undefined ? {} : { field }),
    threshold: { op: 'eq', value: 0 },
    unit: 'rows',
    severity: 'error',
    origin: 'declared',
    sampleKeys: [],
  };
}

async function measure(query: string, field?: string): Promise<unknown> {
  const q = await guardContractSql(engine, sqlCheck(query, field), TABLE, 'sales.orders');
  expect(q.fromContract).toBe(true);
  const [row] = await engine.query(q.sql, q.params);
  return row?.failing;
}

describe('contract SQL through the user-SQL guard', () => {
  it.each([
    ['the object name, with and without alias', 'select count(*) from orders where orders.total < 0;', 1],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ODCS placeholders, not a JavaScript template.
    ['placeholders', 'SELECT COUNT(*) FROM ${table} WHERE ${column} IS NULL', 1],
    [
      'a self-join with IS DISTINCT FROM',
      'SELECT COUNT(*) FROM orders a JOIN orders b ON a.id = b.parent WHERE a.region IS DISTINCT FROM b.region',
      1,
    ],
    [
      'a CTE read after its definition',
      'WITH big AS (SELECT * FROM orders WHERE total > 0) SELECT COUNT(*) FROM big',
      1,
    ],
    [
      'a CTE with column names',
      'WITH x(n) AS (SELECT total FROM orders) SELECT COUNT(*) FROM x WHERE n < 0',
      1,
    ],
    [
      'EXTRACT … FROM and a window in a subquery',
      'SELECT MAX(d) FROM (SELECT EXTRACT(EPOCH FROM (ts - LAG(ts) OVER (ORDER BY ts))) AS d FROM orders) AS gaps',
      7200,
    ],
    [
      'TRIM and SUBSTRING with FROM',
      "SELECT COUNT(*) FROM orders WHERE trim(both 'x' from region) = '' OR substring(region from 2) = 'sia'",
      1,
    ],
    ['a scalar subquery', 'SELECT (SELECT COUNT(*) FROM orders) - COUNT(DISTINCT id) FROM orders', 0],
    [
      'casts with type parameters',
      "SELECT COUNT(*) FROM orders WHERE CAST(total AS DECIMAL(10, 2)) < 0 OR total::varchar = '1'",
      1,
    ],
    [
      'strings that look like SQL',
      "SELECT COUNT(*) FROM orders WHERE region = 'x; DROP TABLE mw_grants --'",
      0,
    ],
    ['a trailing comment', 'SELECT COUNT(*) FROM orders -- all rows', 3],
  ])('accepts and runs %s', async (_, query, expected) => {
    expect(Number(await measure(query, 'total'))).toBe(expected);
  });

  it('names the node and its position in the text as written, placeholders included', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ODCS placeholders, not a JavaScript template.
    const query = 'SELECT COUNT(*) FROM ${table} WHERE total < (SELECT max(v) FROM secret)';
    const error = await guardContractSql(engine, sqlCheck(query), TABLE, 'sales.orders').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MeshError);
    const at = query.indexOf('secret');
    expect((error as MeshError).details?.node).toEqual({ kind: 'relation', name: 'secret', position: at });
    expect((error as MeshError).message).toBe(
      `quality check c of sales.orders refused: relation secret at position ${at} is not a table this SQL may read; read only the product's own table through \${table} or orders`,
    );
  });
});
