import { describe, expect, it } from 'vitest';
import { bindInputs, findInputPlaceholders } from './derived-spec.ts';

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

  it('puts the platform’s table names in place of the placeholders and maps positions back', () => {
    const tables = new Map([
      ['sales.transactions', '"data_sales__transactions__v1"'],
      ['customer.profiles', '"data_customer__profiles__v1"'],
    ]);
    const bound = bindInputs(sql, tables);
    expect(bound.text).toBe(
      'SELECT s.customer_id FROM "data_sales__transactions__v1" s JOIN "data_customer__profiles__v1" c USING (customer_id) JOIN "data_sales__transactions__v1" t USING (customer_id)',
    );
    // `s JOIN` right after the first table, and a position inside the second table name, both in the user's text.
    const after = bound.text.indexOf(' s JOIN');
    expect(bound.toSourcePosition(after)).toBe(sql.indexOf(' s JOIN'));
    expect(bound.toSourcePosition(bound.text.indexOf('data_customer'))).toBe(sql.indexOf('{{customer'));
    expect(() => bindInputs('SELECT 1 FROM {{a.b}}', tables)).toThrow('no table resolved for input a.b');
  });
});
