import { describe, expect, it } from 'vitest';
import { findDerivedSqlProblems, findInputPlaceholders, substituteInputs } from './derived-spec.ts';

describe('derived product SQL', () => {
  const sql =
    'SELECT s.customer_id FROM {{ sales.transactions }} s JOIN {{customer.profiles}} c USING (customer_id) JOIN {{sales.transactions}} t USING (customer_id)';

  it('finds each input placeholder once, in order', () => {
    expect(findInputPlaceholders(sql)).toEqual([
      { id: 'sales.transactions', valid: true },
      { id: 'customer.profiles', valid: true },
    ]);
    expect(findInputPlaceholders('SELECT * FROM {{Sales}}')).toEqual([{ id: 'Sales', valid: false }]);
  });

  it('puts the platform’s table names in place of the placeholders', () => {
    const tables = new Map([
      ['sales.transactions', '"data_sales__transactions__v1"'],
      ['customer.profiles', '"data_customer__profiles__v1"'],
    ]);
    expect(substituteInputs(sql, tables)).toBe(
      'SELECT s.customer_id FROM "data_sales__transactions__v1" s JOIN "data_customer__profiles__v1" c USING (customer_id) JOIN "data_sales__transactions__v1" t USING (customer_id)',
    );
    expect(() => substituteInputs('SELECT 1 FROM {{a.b}}', tables)).toThrow(
      'no table resolved for input a.b',
    );
  });

  it('accepts a single query, with a WITH clause, comments and keywords inside strings', () => {
    expect(
      findDerivedSqlProblems(
        "WITH x AS (SELECT * FROM {{a.b}}) SELECT 'drop; delete' AS note FROM x -- update\n",
      ),
    ).toEqual([]);
  });

  it('refuses anything that is not one read-only query', () => {
    expect(findDerivedSqlProblems('DELETE FROM {{a.b}}')).toEqual([
      'the transformation must be one query starting with SELECT or WITH',
      'the transformation may only read data, but it uses DELETE',
    ]);
    expect(findDerivedSqlProblems('SELECT 1 FROM {{a.b}}; DROP TABLE x')).toContain(
      'the transformation must be a single statement (remove the extra ";")',
    );
    expect(
      findDerivedSqlProblems("SELECT * FROM {{a.b}} WHERE x IN (SELECT 1 FROM read_csv('f')) ATTACH"),
    ).toContain('the transformation may only read data, but it uses ATTACH');
  });

  it('refuses platform and product tables named directly instead of through placeholders', () => {
    expect(findDerivedSqlProblems('SELECT * FROM mw_access_log')).toEqual([
      'the transformation names the table mw_access_log directly; read input products through placeholders such as {{sales.transactions}}',
    ]);
    expect(findDerivedSqlProblems('SELECT * FROM data_sales__transactions__v1')).toHaveLength(1);
    expect(findDerivedSqlProblems('SELECT data_quality FROM {{a.b}}')).toEqual([]);
  });
});
