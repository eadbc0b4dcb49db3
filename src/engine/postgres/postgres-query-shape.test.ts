import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQL_ACCEPTED } from '../../../test/support/sql-attacks.ts';
import { openDuckDbEngine } from '../duckdb/duckdb-engine.ts';
import type { Engine } from '../engine.ts';
import type { QueryShape } from '../query-shape.ts';
import { describePostgresQuery } from './postgres-query-shape.ts';

const d = describePostgresQuery;

const names = (shape: QueryShape): string[] =>
  shape.functions.map((f) => [f.catalog, f.schema, f.name].filter((p) => p !== undefined).join('.'));

describe('describePostgresQuery (libpg-query)', () => {
  it('lists relations, functions of every kind, CTEs and projections with their positions', async () => {
    const sql =
      "WITH x AS (SELECT a FROM main.t) SELECT upper(b) AS u, count(*) OVER () AS n FROM x JOIN read_text('f') ON true WHERE a IN (SELECT 1 FROM u)";
    const shape = await d(sql);
    expect(shape).toMatchObject({ statements: 1, singleSelect: true });
    expect(shape.error).toBeUndefined();
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
    expect(shape.systemNamePrefixes).toContain('pg_');
    expect(shape.systemNamePrefixes).toContain('information_schema');
    expect(shape.implicitFunctionSchemas).toEqual([]);
  });

  it("gives each call's arguments, literals with their values and anything else as not literal", async () => {
    const shape = await d(
      "SELECT repeat('x', 3), lpad(a, -2, NULL), rpad(a, 9999999999, 'y'), repeat('x', n), repeat('x', CAST(4 AS BIGINT)), round(a, 1.5), f(0, false, true, -(7))",
    );
    expect(shape.functions.map((f) => f.args)).toEqual([
      [
        { literal: true, value: 'x' },
        { literal: true, value: 3 },
      ],
      [{ literal: false }, { literal: true, value: -2 }, { literal: true, value: null }],
      [{ literal: false }, { literal: true, value: 9999999999 }, { literal: true, value: 'y' }],
      [{ literal: true, value: 'x' }, { literal: false }],
      [{ literal: true, value: 'x' }, { literal: false }],
      [{ literal: false }, { literal: true, value: 1.5 }],
      [
        { literal: true, value: 0 },
        { literal: true, value: false },
        { literal: true, value: true },
        { literal: true, value: -7 },
      ],
    ]);
  });

  it('scopes CTEs as PostgreSQL does: not in their own body unless recursive, not before their definition', async () => {
    const own = await d('WITH s AS (SELECT * FROM s) SELECT * FROM s');
    expect(own.relations.map((r) => r.cte)).toEqual([false, true]);
    const recursive = await d(
      'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r',
    );
    expect(recursive.relations.map((r) => r.cte)).toEqual([true, true]);
    expect(recursive.ctes).toMatchObject([{ name: 'r', recursive: true, columnAliases: ['n'] }]);
    const forward = await d('WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a, b');
    expect(forward.relations.map((r) => [r.name, r.cte])).toEqual([
      ['b', false],
      ['a', true],
      ['b', true],
    ]);
    const nested = await d('SELECT * FROM (WITH c AS (SELECT 1) SELECT * FROM c) AS s, c');
    expect(nested.relations.map((r) => [r.name, r.cte])).toEqual([
      ['c', true],
      ['c', false],
    ]);
  });

  it('lets every CTE of a WITH RECURSIVE read the others in any order, and only those', async () => {
    const shape = await d(
      'WITH RECURSIVE a AS (SELECT * FROM b), b AS (SELECT * FROM t) SELECT * FROM a WHERE EXISTS (SELECT 1 FROM b)',
    );
    expect(shape.relations.map((r) => [r.name, r.cte])).toEqual([
      ['b', true],
      ['t', false],
      ['a', true],
      ['b', true],
    ]);
    expect(shape.ctes.map((c) => [c.name, c.recursive])).toEqual([
      ['a', false],
      ['b', false],
    ]);
  });

  it('matches CTE names exactly, as PostgreSQL folds only unquoted names', async () => {
    const shape = await d('WITH "Secret" AS (SELECT 1) SELECT * FROM secret, "Secret", SECRET');
    expect(shape.relations.map((r) => [r.name, r.cte])).toEqual([
      ['secret', false],
      ['Secret', true],
      ['secret', false],
    ]);
  });

  it('scopes a WITH inside a CTE body, a subquery or a set operation arm to that query', async () => {
    const shape = await d(
      'WITH o AS (WITH i AS (SELECT 1) SELECT * FROM i) SELECT * FROM o, i WHERE EXISTS (WITH e AS (SELECT 1) SELECT * FROM e) UNION ALL (WITH u AS (SELECT 2) SELECT * FROM u) UNION ALL SELECT * FROM e',
    );
    expect(shape.relations.map((r) => [r.name, r.cte])).toEqual([
      ['i', true],
      ['o', true],
      ['i', false],
      ['e', true],
      ['u', true],
      ['e', false],
    ]);
  });

  it('never takes a qualified name for a CTE', async () => {
    const shape = await d('WITH t AS (SELECT 1) SELECT * FROM public.t, db.public.t');
    expect(shape.relations.map((r) => [r.catalog, r.schema, r.name, r.cte])).toEqual([
      [undefined, 'public', 't', false],
      ['db', 'public', 't', false],
    ]);
  });

  it('reports aliases and their column names on relations and CTE columns', async () => {
    const shape = await d('WITH c(x, y) AS (SELECT a, b AS bee FROM t) SELECT * FROM ONLY t AS z(p, q), c');
    expect(shape.relations.find((r) => r.alias === 'z')).toMatchObject({
      name: 't',
      columnAliases: ['p', 'q'],
    });
    expect(shape.ctes[0]).toMatchObject({ name: 'c', columnAliases: ['x', 'y'], recursive: false });
    expect(shape.ctes[0]?.columns?.map((p) => [p.name, p.reads])).toEqual([
      ['a', ['a']],
      ['bee', ['b']],
    ]);
  });

  it('describes each select-list item: its name, the columns it reads (subqueries too) and stars', async () => {
    const shape = await d(
      'SELECT t.a, b + c AS s, upper(d), (SELECT max(e) FROM u) AS m, *, t.* FROM t UNION SELECT x, y, z, w, 1, 2 FROM v',
    );
    expect(shape.projections.map((p) => [p.name, p.reads, p.star])).toEqual([
      ['a', ['t', 'a'], false],
      ['s', ['b', 'c'], false],
      [undefined, ['d'], false],
      ['m', ['e'], false],
      [undefined, [], true],
      [undefined, ['t'], true],
      [undefined, ['e'], false],
      ['x', ['x'], false],
      ['y', ['y'], false],
      ['z', ['z'], false],
      ['w', ['w'], false],
      [undefined, [], false],
      [undefined, [], false],
    ]);
    expect(shape.projections.every((p) => p.replaces.length === 0)).toBe(true);
  });

  it('reports statements it will not describe, and several statements', async () => {
    expect(await d('DROP TABLE x')).toMatchObject({
      singleSelect: false,
      error: expect.stringContaining('DROP'),
    });
    const syntax = await d('SELEC 1');
    expect(syntax).toMatchObject({ statements: 0, singleSelect: false, relations: [] });
    expect(syntax.error).toMatch(/syntax error at or near "SELEC" at position 0/);
    expect(await d('SELECT 1; SELECT 2')).toMatchObject({ statements: 2, singleSelect: false });
    expect((await d('SELECT 1; SELECT 2')).error).toBeUndefined();
    expect(await d('-- nothing')).toMatchObject({ statements: 0, singleSelect: false });
  });

  it.each([
    ['INSERT', 'INSERT INTO t VALUES (1)', 'INSERT'],
    ['UPDATE', "UPDATE t SET a = 'x'", 'UPDATE'],
    ['DELETE', 'DELETE FROM t', 'DELETE'],
    ['MERGE', 'MERGE INTO t USING u ON t.a = u.a WHEN MATCHED THEN DELETE', 'MERGE'],
    ['COPY', "COPY t TO '/tmp/x'", 'COPY'],
    ['COPY … TO PROGRAM', "COPY (SELECT 1) TO PROGRAM 'id'", 'COPY'],
    ['CALL', 'CALL p()', 'CALL'],
    ['DO', 'DO $$ BEGIN END $$', 'DO'],
    ['SET', 'SET search_path = evil', 'VARIABLESET'],
    ['SHOW', 'SHOW data_directory', 'VARIABLESHOW'],
    ['EXPLAIN', 'EXPLAIN ANALYZE SELECT 1', 'EXPLAIN'],
    ['a stacked statement', 'SELECT 1; DROP TABLE t', 'DROP'],
    ['SELECT … INTO', 'SELECT * INTO copy FROM t', 'INTO'],
    ['FOR UPDATE', 'SELECT * FROM t FOR UPDATE', 'FOR UPDATE'],
    [
      'FOR SHARE in a subquery',
      'SELECT * FROM (SELECT * FROM t FOR KEY SHARE) AS s',
      'FOR UPDATE / FOR SHARE',
    ],
    ['INSERT in WITH', 'WITH i AS (INSERT INTO t VALUES (1) RETURNING *) SELECT * FROM i', 'INSERT in WITH'],
    ['DELETE in WITH', 'WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', 'DELETE in WITH'],
  ])('refuses %s as not one query', async (_, sql, words) => {
    const shape = await d(sql);
    expect(shape.singleSelect).toBe(false);
    expect(shape.error).toContain(words);
  });

  it.each([
    [
      'WITH and a set operation',
      'WITH a AS (SELECT 1) SELECT * FROM a UNION ALL SELECT 2 INTERSECT SELECT 3',
    ],
    ['VALUES', 'VALUES (1), (2)'],
    ['TABLE', 'TABLE t'],
    ['a parenthesised query with ORDER BY and LIMIT', '(SELECT a FROM t) ORDER BY 1 LIMIT 2 OFFSET 1'],
  ])('takes %s for one query', async (_, sql) => {
    expect(await d(sql)).toMatchObject({ statements: 1, singleSelect: true });
    expect((await d(sql)).error).toBeUndefined();
  });

  it('notes set operations, subqueries of every kind and VALUES lists', async () => {
    const shape = await d(
      'SELECT ARRAY(SELECT 1), EXISTS (SELECT 1), (SELECT 1), a = ANY (SELECT 1) FROM (VALUES (1)) AS v(a), LATERAL (SELECT 1) AS l UNION SELECT 1, 2, 3, 4 EXCEPT ALL SELECT 1, 2, 3, 4',
    );
    expect(shape.others.map((o) => [o.kind, o.detail])).toEqual(
      expect.arrayContaining([
        ['set_operation', 'EXCEPT ALL'],
        ['set_operation', 'UNION'],
        ['subquery', 'ARRAY_SUBLINK'],
        ['subquery', 'EXISTS_SUBLINK'],
        ['subquery', 'EXPR_SUBLINK'],
        ['subquery', 'ANY_SUBLINK'],
        ['subquery', 'SUBQUERY'],
        ['subquery', 'LATERAL SUBQUERY'],
        ['values', 'VALUES'],
      ]),
    );
    expect(shape.others.filter((o) => o.kind === 'unsupported')).toEqual([]);
  });

  it('keeps a schema the user wrote, and leaves out the pg_catalog that the grammar writes for SQL syntax', async () => {
    const shape = await d(
      "SELECT pg_catalog.upper(a), s.f(a), db.s.g(a), EXTRACT(YEAR FROM d), trim(both 'x' from a), substring(a from 2 for 1), position('a' in a), overlay(a placing 'b' from 1), d AT TIME ZONE 'UTC', a LIKE 'x!%' ESCAPE '!', a NOT SIMILAR TO 'x', COLLATION FOR (a), pg_catalog.like_escape('a', 'b') FROM t",
    );
    expect(names(shape)).toEqual([
      'pg_catalog.upper',
      's.f',
      'db.s.g',
      'extract',
      'btrim',
      'substring',
      'position',
      'overlay',
      'timezone',
      '~~',
      'like_escape',
      '!~',
      'similar_to_escape',
      'pg_collation_for',
      'pg_catalog.like_escape',
    ]);
  });

  it('names the functions written as keywords: CURRENT_USER, CURRENT_DATE, LOCALTIMESTAMP …', async () => {
    const shape = await d(
      'SELECT current_user, session_user, current_role, user, current_schema, current_catalog, current_date, current_time(2), current_timestamp, localtimestamp(3), current_schema()',
    );
    expect(names(shape)).toEqual([
      'current_user',
      'session_user',
      'current_role',
      'user',
      'current_schema',
      'current_catalog',
      'current_date',
      'current_time',
      'current_timestamp',
      'localtimestamp',
      'current_schema',
    ]);
  });

  it('spells operators as functions except comparisons, and keeps the schema of OPERATOR(schema.op)', async () => {
    const shape = await d(
      "SELECT a + 1, -a, a || 'x', a ~ 'x', a ILIKE 'x', a OPERATOR(public.+) 1, a OPERATOR(pg_catalog.=) 1 FROM t WHERE a = 1 AND a <> 2 AND a IS DISTINCT FROM 3 AND a IN (1, 2) AND a BETWEEN 1 AND 2 AND a = ANY (ARRAY[1]) AND a OPERATOR(s.<) ALL (SELECT 1) ORDER BY a USING OPERATOR(s.>), a USING <",
    );
    expect(names(shape)).toEqual(['+', '-', '||', '~', '~~*', 'public.+', 'pg_catalog.=', 's.<', 's.>']);
  });

  it('records greatest, least, coalesce and nullif as the calls they are', async () => {
    const shape = await d('SELECT greatest(a, 1), least(a, 2), coalesce(a, 3), nullif(a, 4) FROM t');
    expect(names(shape)).toEqual(['greatest', 'least', 'coalesce', 'nullif']);
  });

  it('takes every call in FROM for a table function: plain, LATERAL, ROWS FROM, WITH ORDINALITY', async () => {
    const shape = await d(
      "SELECT * FROM generate_series(1, 3) AS g, LATERAL pg_ls_dir(g.x) AS l, ROWS FROM (unnest(ARRAY[1]), dblink('h', 'q') AS (a int)) WITH ORDINALITY AS r, XMLTABLE('/a' PASSING '<a/>' COLUMNS x int) AS x, JSON_TABLE('[1]', '$[*]' COLUMNS (v int PATH '$')) AS j",
    );
    expect(shape.functions.filter((f) => f.kind === 'table').map((f) => f.name)).toEqual([
      'generate_series',
      'pg_ls_dir',
      'unnest',
      'dblink',
      'xmltable',
      'json_table',
    ]);
    expect(shape.functions.find((f) => f.name === 'generate_series')?.args).toEqual([
      { literal: true, value: 1 },
      { literal: true, value: 3 },
    ]);
  });

  it('tells window calls by OVER, also with a named window, and walks FILTER and WITHIN GROUP', async () => {
    const shape = await d(
      'SELECT count(*) FILTER (WHERE pg_sleep(1) IS NULL) OVER w, sum(a), percentile_cont(0.5) WITHIN GROUP (ORDER BY lower(b)) FROM t WINDOW w AS (PARTITION BY upper(c))',
    );
    expect(shape.functions.map((f) => [f.name, f.kind])).toEqual([
      ['count', 'window'],
      ['pg_sleep', 'scalar'],
      ['sum', 'scalar'],
      ['percentile_cont', 'scalar'],
      ['lower', 'scalar'],
      ['upper', 'scalar'],
    ]);
  });

  it('lands constructs that can reach outside, or that it does not know, in others as unsupported', async () => {
    const shape = await d(
      "SELECT 'mw_tokens'::regclass, CAST(1 AS oid), 'f'::pg_catalog.regproc, a::my_type, a COLLATE \"C\", json_object('k': a), a IS JSON, xmlparse(document '<a/>'), xmlserialize(document x AS text) FROM t TABLESAMPLE BERNOULLI (5)",
    );
    expect(shape.others.filter((o) => o.kind === 'unsupported').map((o) => o.detail)).toEqual([
      'CAST AS regclass',
      'CAST AS oid',
      'CAST AS pg_catalog.regproc',
      'CAST AS my_type',
      'COLLATE',
      'JsonObjectConstructor',
      'JsonIsPredicate',
      'TABLESAMPLE',
      'JsonKeyValue', // no position: last
    ]);
    expect(names(shape)).toEqual(['xmlparse', 'xmlserialize']);
  });

  it('lets casts to built-in value types through without a note', async () => {
    const shape = await d(
      "SELECT a::int, CAST(a AS DECIMAL(10, 2)), a::varchar(3), a::text, DATE '2024-01-01', INTERVAL '1 day', a::timestamptz, a::boolean, a::double precision, a::bigint[], a::jsonb FROM t",
    );
    expect(shape.others).toEqual([]);
    expect(shape.functions).toEqual([]);
  });

  it('refuses a query nested deeper than it describes, without running out of stack', async () => {
    for (const sql of [
      `SELECT ${'1 + '.repeat(5000)}1`,
      `SELECT ${'('.repeat(20000)}1${')'.repeat(20000)}`,
      `SELECT * FROM ${'(SELECT * FROM '.repeat(2000)}t${') AS x'.repeat(2000)}`,
    ]) {
      const shape = await d(sql);
      expect(shape).toMatchObject({ statements: 0, singleSelect: false });
      expect(shape.error).toBeDefined();
    }
    expect((await d(`SELECT ${'1 + '.repeat(500)}1`)).error).toBeUndefined();
  });

  it('reports positions as UTF-8 byte offsets, like DuckDB', async () => {
    const sql = "SELECT 'ééé' AS a, upper(b) FROM t";
    const shape = await d(sql);
    const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
    expect(shape.functions[0]?.position).toBe(bytes(sql.slice(0, sql.indexOf('upper'))));
    expect(shape.relations[0]?.position).toBe(bytes(sql.slice(0, sql.indexOf('t', sql.indexOf('FROM')))));
  });
});

describe('describePostgresQuery next to DuckDB on SQL both read alike', () => {
  let duck: Engine;

  beforeAll(async () => {
    duck = await openDuckDbEngine({ path: ':memory:' });
  });

  afterAll(async () => {
    await duck.close();
  });

  const relations = (s: QueryShape): unknown[] =>
    s.relations.map((r) => [r.name, r.schema, r.alias, r.cte, r.columnAliases, r.position]);
  const ctes = (s: QueryShape): unknown[] => s.ctes.map((c) => [c.name, c.columnAliases, c.recursive]);
  const projections = (s: QueryShape): unknown[] =>
    s.projections.map((p) => [p.name, [...p.reads].sort(), p.star]).sort();

  it.each([
    'SELECT a, b AS c FROM s.t AS x(a, b) JOIN u ON x.a = u.a WHERE a > 1',
    'WITH p AS (SELECT customer_id, lower(email) AS mail FROM profiles) SELECT customer_id, mail AS contact FROM p',
    'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT * FROM n, t',
    "SELECT upper(a), lpad(a, 8, '0'), count(a) OVER (PARTITION BY b) FROM t WHERE a IN (SELECT x FROM u)",
    'SELECT * FROM t WHERE EXISTS (WITH e AS (SELECT 1) SELECT * FROM e) AND a = (SELECT max(b) FROM v)',
  ])('finds the same relations, select-list items and calls in %s', async (sql) => {
    const pg = await d(sql);
    const dk = await duck.describeQuery(sql);
    expect(relations(pg)).toEqual(relations(dk));
    expect(ctes(pg)).toEqual(ctes(dk));
    expect(projections(pg)).toEqual(projections(dk));
    expect(pg.functions.map((f) => [f.name, f.kind, f.args, f.position])).toEqual(
      dk.functions.map((f) => [f.name, f.kind, f.args, f.position]),
    );
  });

  // Calls may be spelt apart (DuckDB's count_star, date_part for EXTRACT, no call for COALESCE); what is read is not.
  it.each(
    SQL_ACCEPTED.map((a) => [
      a.id,
      a.sql
        .replaceAll(/\{\{\s*([a-z_]+)\.([a-z_]+)\s*\}\}/g, '"data_$1__$2__v1"')
        // biome-ignore lint/suspicious/noTemplateCurlyInString: ODCS placeholders, not a JavaScript template.
        .replaceAll('${table}', 't')
        // biome-ignore lint/suspicious/noTemplateCurlyInString: ODCS placeholders, not a JavaScript template.
        .replaceAll('${column}', 'c'),
    ]),
  )('finds the same relations and select-list items in the accepted query %s', async (_, sql) => {
    const pg = await d(sql);
    const dk = await duck.describeQuery(sql);
    expect(relations(pg)).toEqual(relations(dk));
    expect(ctes(pg)).toEqual(ctes(dk));
    expect(projections(pg)).toEqual(projections(dk));
  });
});
