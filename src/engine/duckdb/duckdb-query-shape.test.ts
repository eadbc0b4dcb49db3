import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { openDuckDbEngine } from './duckdb-engine.ts';

let engine: Engine;

beforeAll(async () => {
  engine = await openDuckDbEngine({ path: ':memory:' });
});

afterAll(async () => {
  await engine.close();
});

describe('describeQuery on DuckDB (json_serialize_sql)', () => {
  it('lists relations, functions of every kind, CTEs and projections with their positions', async () => {
    const sql =
      "WITH x AS (SELECT a FROM main.t) SELECT upper(b) AS u, count(*) OVER () AS n FROM x JOIN read_text('f') ON true WHERE a IN (SELECT 1 FROM u)";
    const shape = await engine.describeQuery(sql);
    expect(shape).toMatchObject({ statements: 1, singleSelect: true });
    expect(shape.relations.map((r) => [r.name, r.schema, r.cte, r.position])).toEqual([
      ['t', 'main', false, sql.indexOf('main.t')],
      ['x', undefined, true, sql.indexOf('x JOIN')],
      ['u', undefined, false, sql.indexOf('u)')],
    ]);
    expect(shape.functions.map((f) => [f.name, f.kind, f.position])).toEqual([
      ['upper', 'scalar', sql.indexOf('upper')],
      ['count', 'window', sql.indexOf('count')],
      ['read_text', 'table', sql.indexOf('read_text')],
    ]);
    expect(shape.ctes.map((c) => c.name)).toEqual(['x']);
    expect(shape.projections.find((p) => p.name === 'u')?.reads).toEqual(['b']);
    expect(shape.others.map((o) => o.kind)).toContain('subquery');
  });

  it("gives each call's arguments, literals with their values and anything else as not literal", async () => {
    const shape = await engine.describeQuery(
      "SELECT repeat('x', 3), lpad(a, -2, NULL), rpad(a, 9999999999, 'y'), repeat('x', n), repeat('x', CAST(4 AS BIGINT)), round(a, 1.5) FROM t",
    );
    const args = Object.fromEntries(shape.functions.map((f) => [`${f.name}@${f.position}`, f.args]));
    expect(Object.values(args)).toEqual([
      [
        { literal: true, value: 'x' },
        { literal: true, value: 3 },
      ],
      [{ literal: false }, { literal: true, value: -2 }, { literal: true, value: null }],
      [{ literal: false }, { literal: true, value: 9999999999 }, { literal: true, value: 'y' }],
      [{ literal: true, value: 'x' }, { literal: false }],
      [{ literal: true, value: 'x' }, { literal: false }],
      [{ literal: false }, { literal: true, value: 1.5 }],
    ]);
  });

  it('scopes CTEs conservatively: not in their own body unless recursive, not before their definition', async () => {
    const own = await engine.describeQuery('WITH s AS (SELECT * FROM s) SELECT * FROM s');
    expect(own.relations.map((r) => r.cte)).toEqual([false, true]);
    const recursive = await engine.describeQuery(
      'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r',
    );
    expect(recursive.relations.map((r) => r.cte)).toEqual([true, true]);
    const forward = await engine.describeQuery(
      'WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a, b',
    );
    expect(forward.relations.map((r) => [r.name, r.cte])).toEqual([
      ['b', false],
      ['a', true],
      ['b', true],
    ]);
    const nested = await engine.describeQuery('SELECT * FROM (WITH c AS (SELECT 1) SELECT * FROM c), c');
    expect(nested.relations.map((r) => [r.name, r.cte])).toEqual([
      ['c', true],
      ['c', false],
    ]);
  });

  it('reports statements it will not describe, and several statements', async () => {
    expect((await engine.describeQuery('DROP TABLE x')).error).toContain('Only SELECT');
    expect((await engine.describeQuery('SELEC 1')).error).toMatch(/syntax error/i);
    expect(await engine.describeQuery('SELECT 1; SELECT 2')).toMatchObject({
      statements: 2,
      singleSelect: false,
    });
  });
});
