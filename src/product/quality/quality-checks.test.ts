import { describe, expect, it } from 'vitest';
import { exampleSpec } from '../../../test/support/example-mesh.ts';
import { parseProductSpec } from '../../core/parse-product-spec.ts';
import type { Schema } from '../../core/schema.ts';
import { compileContractChecks } from './quality-checks.ts';

const schema = (fields: unknown[], rules: unknown[] = []): Schema =>
  parseProductSpec({ id: 'test.checks', schema: { fields, rules } }).schema;

describe('contract checks', () => {
  it('turns the sales contract into checks on ids, amount and date', () => {
    const checks = compileContractChecks(parseProductSpec(exampleSpec('sales')).schema);
    expect(checks.validity.map((c) => [c.name, c.kind, c.expression])).toEqual([
      ['transaction_id.minLength', 'constraint', 'length(transaction_id) >= 1'],
      ['product_id.minLength', 'constraint', 'length(product_id) >= 1'],
      ['customer_id.minLength', 'constraint', 'length(customer_id) >= 1'],
      ['amount.exclusiveMinimum', 'constraint', 'amount > 0'],
      ['date.type', 'type', 'year(date) is not null'],
    ]);
  });

  it('compiles every numeric, length and enum constraint, letting optional fields be empty', () => {
    const checks = compileContractChecks(
      schema([
        { name: 'n', type: 'integer', minimum: 1, maximum: 9, exclusiveMinimum: 0, exclusiveMaximum: 10 },
        { name: 's', type: 'string', required: false, minLength: 2, maxLength: 5, enum: ['ab', 'abc'] },
      ]),
    );
    expect(checks.validity.map((c) => c.expression)).toEqual([
      'n >= 1',
      'n > 0',
      'n <= 9',
      'n < 10',
      "s is null or s in ('ab', 'abc')",
      's is null or length(s) >= 2',
      's is null or length(s) <= 5',
    ]);
  });

  it('checks named formats and patterns with regular expressions, letting optional fields be empty', () => {
    const checks = compileContractChecks(
      schema([
        { name: 'email', type: 'string', format: 'email' },
        { name: 'code', type: 'string', required: false, pattern: '[A-Z]{3}' },
      ]),
    );
    expect(checks.validity).toEqual([
      expect.objectContaining({
        name: 'email.format',
        kind: 'format',
        method: 'pattern',
        format: 'email',
        expression: 'email matches the email format',
      }),
      expect.objectContaining({
        name: 'code.pattern',
        kind: 'format',
        method: 'pattern',
        pattern: '[A-Z]{3}',
      }),
    ]);
  });

  it('keeps record rules as they are written', () => {
    const checks = compileContractChecks(
      schema(
        [{ name: 'amount', type: 'number' }],
        [{ name: 'small', check: 'amount < 1000', description: 'Small sales' }],
      ),
    );
    expect(checks.validity).toEqual([
      expect.objectContaining({
        name: 'small',
        kind: 'rule',
        expression: 'amount < 1000',
        description: 'Small sales',
      }),
    ]);
  });
});
