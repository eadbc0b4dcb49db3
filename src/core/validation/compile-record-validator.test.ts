import { describe, expect, it } from 'vitest';
import { SAMPLE_CUSTOMERS, SAMPLE_SALES } from '../../../test/support/sample-data.ts';
import { ContractViolationError, type Issue, MeshError } from '../errors.ts';
import type { Field, Schema } from '../schema.ts';
import { assertValidRecord, compileRecordValidator, validateRecord } from './compile-record-validator.ts';

// The demo's sample data (shared/seed/sample_sales.json and sample_customers.json).
const SALES = SAMPLE_SALES;

const CUSTOMERS = SAMPLE_CUSTOMERS;

const sales: Schema = {
  fields: [
    { name: 'transaction_id', type: 'string', required: true, pattern: 'TXN\\d{3,}' },
    { name: 'product_id', type: 'string', required: true },
    { name: 'customer_id', type: 'string', required: true },
    { name: 'amount', type: 'number', required: true, exclusiveMinimum: 0 },
    { name: 'date', type: 'date', required: true },
    {
      name: 'product_category',
      type: 'string',
      required: true,
      enum: ['Electronics', 'Books', 'Apparel', 'Home Goods'],
    },
    { name: 'region', type: 'string', required: true },
  ],
  primaryKey: ['transaction_id'],
  indexes: [],
  rules: [{ name: 'big_sales_outside_asia', check: "amount < 10000 or region != 'Asia'" }],
};

const customers: Schema = {
  fields: [
    { name: 'customer_id', type: 'string', required: true },
    { name: 'name', type: 'string', required: true, minLength: 2, maxLength: 40 },
    { name: 'email', type: 'string', required: true, format: 'email', pii: true },
    { name: 'registration_date', type: 'date', required: true },
    { name: 'lifetime_value', type: 'number', required: true, minimum: 0 },
    { name: 'tier', type: 'string', required: true, enum: ['gold', 'silver', 'bronze'] },
    { name: 'last_interaction', type: 'timestamp', required: false },
  ],
  primaryKey: ['customer_id'],
  indexes: [],
  rules: [
    { name: 'gold_is_valuable', check: "tier != 'gold' or lifetime_value >= 3000" },
    { name: 'seen_since_launch', check: "last_interaction is null or last_interaction >= '2020-01-01'" },
  ],
};

function schemaOf(...fields: Field[]): Schema {
  return { fields, primaryKey: [], indexes: [], rules: [] };
}

function issuesOf(schema: Schema, record: unknown, index = 0): Issue[] {
  const result = compileRecordValidator(schema).validate(record, index);
  if (result.ok) throw new Error(`expected the record to be rejected, got ${JSON.stringify(result.row)}`);
  return result.issues;
}

function rowOf(schema: Schema, record: unknown): unknown[] {
  const result = compileRecordValidator(schema).validate(record, 0);
  if (!result.ok)
    throw new Error(`expected the record to pass: ${result.issues.map((i) => i.message).join('; ')}`);
  return result.row;
}

describe('compileRecordValidator', () => {
  it('lists the columns in schema order', () => {
    expect(compileRecordValidator(sales).columns).toEqual(sales.fields.map((f) => f.name));
  });

  it('accepts every sample sale and returns its values in column order', () => {
    const validator = compileRecordValidator(sales);
    SALES.forEach((sale, i) => {
      expect(validator.validate(sale, i)).toEqual({
        ok: true,
        row: sales.fields.map((f) => sale[f.name as keyof typeof sale]),
      });
    });
  });

  it("reads only the record's own fields, so a field named constructor is missing, not a function", () => {
    const schema: Schema = {
      fields: [{ name: 'constructor', type: 'string', required: true }],
      primaryKey: [],
      indexes: [],
      rules: [],
    };
    const result = compileRecordValidator(schema).validate({}, 0);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.message).toBe('constructor is required but missing');
    expect(rowOf(schema, { constructor: 'x' })).toEqual(['x']);
  });

  it('accepts every sample customer', () => {
    const validator = compileRecordValidator(customers);
    for (const [i, customer] of CUSTOMERS.entries()) expect(validator.validate(customer, i).ok).toBe(true);
  });

  it('fills a missing optional field with null', () => {
    const { last_interaction: _, ...rest } = CUSTOMERS[2] as (typeof CUSTOMERS)[number];
    expect(rowOf(customers, rest)[6]).toBeNull();
    expect(rowOf(customers, { ...rest, last_interaction: null })[6]).toBeNull();
  });

  it('ignores keys whose value is undefined', () => {
    expect(rowOf(customers, { ...CUSTOMERS[0], nickname: undefined })[0]).toBe('CUST001');
  });

  it('normalizes ISO 8601 timestamps, offsets and Dates to UTC YYYY-MM-DD HH:MM:SS', () => {
    const schema = schemaOf({ name: 'at', type: 'timestamp', required: true });
    expect(rowOf(schema, { at: '2025-10-07T10:30:00Z' })).toEqual(['2025-10-07 10:30:00']);
    expect(rowOf(schema, { at: '2025-10-07T01:30:00.120+02:00' })).toEqual(['2025-10-06 23:30:00.12']);
    expect(rowOf(schema, { at: '2025-10-07' })).toEqual(['2025-10-07 00:00:00']);
    expect(rowOf(schema, { at: new Date('2025-10-07T10:30:00.250Z') })).toEqual(['2025-10-07 10:30:00.25']);
  });

  it('accepts whole numbers held as bigint and returns them as numbers', () => {
    const schema = schemaOf(
      { name: 'n', type: 'integer', required: true },
      { name: 'x', type: 'number', required: true },
    );
    expect(rowOf(schema, { n: 42n, x: 7n })).toEqual([42, 7]);
  });

  it('accepts 29 February in a leap year', () => {
    expect(rowOf(sales, { ...SALES[0], date: '2024-02-29' })[4]).toBe('2024-02-29');
  });

  describe('rejects', () => {
    it('a record that is not an object', () => {
      for (const bad of [null, 'TXN001', 42, ['TXN001']]) {
        const [issue] = issuesOf(sales, bad, 7);
        expect(issue?.code).toBe('not_object');
        expect(issue?.path).toEqual([7]);
      }
      expect(issuesOf(sales, ['a'], 7)[0]?.message).toBe(
        'record 7 must be an object of field values such as { "transaction_id": ... }, got a list of 1 item(s)',
      );
    });

    it('a missing or null required field', () => {
      const { amount: _, ...noAmount } = SALES[0] as (typeof SALES)[number];
      expect(issuesOf(sales, noAmount, 3)).toEqual([
        { path: [3, 'amount'], code: 'required', message: 'amount is required but missing' },
      ]);
      expect(issuesOf(sales, { ...SALES[0], region: null })).toEqual([
        { path: [0, 'region'], code: 'required', message: 'region is required but is null' },
      ]);
    });

    it('a sale with a negative amount, naming field, value and limit', () => {
      expect(issuesOf(sales, { ...SALES[0], amount: -50 }, 2)).toEqual([
        { path: [2, 'amount'], code: 'minimum', message: 'amount must be greater than 0, got -50' },
      ]);
    });

    it('values of the wrong type, with a hint for quoted numbers', () => {
      expect(issuesOf(sales, { ...SALES[0], amount: '150.00' })[0]).toEqual({
        path: [0, 'amount'],
        code: 'type',
        message: 'amount must be a number, got "150.00" (send numbers without quotes)',
      });
      expect(issuesOf(sales, { ...SALES[0], region: 5 })[0]?.message).toBe('region must be text, got 5');
      expect(issuesOf(sales, { ...SALES[0], amount: Number.NaN })[0]?.message).toBe(
        'amount must be a finite number, got NaN',
      );
      expect(issuesOf(sales, { ...SALES[0], amount: Number.POSITIVE_INFINITY })[0]?.message).toBe(
        'amount must be a finite number, got Infinity',
      );
    });

    it('integers that are fractions, unsafe or text', () => {
      const schema = schemaOf({ name: 'n', type: 'integer', required: true });
      expect(issuesOf(schema, { n: 2.5 })[0]?.message).toBe('n must be a whole number, got 2.5');
      expect(issuesOf(schema, { n: 2 ** 53 })[0]?.message).toBe(
        'n must be a whole number between -9007199254740991 and 9007199254740991, got 9007199254740992',
      );
      expect(issuesOf(schema, { n: 2n ** 60n })[0]?.code).toBe('type');
      expect(issuesOf(schema, { n: '3' })[0]?.message).toBe(
        'n must be a whole number, got "3" (send numbers without quotes)',
      );
    });

    it('booleans given as text', () => {
      const schema = schemaOf({ name: 'active', type: 'boolean', required: true });
      expect(issuesOf(schema, { active: 'true' })[0]?.message).toBe(
        'active must be true or false, got "true"',
      );
    });

    it('dates that are not real calendar dates or not written YYYY-MM-DD', () => {
      expect(issuesOf(sales, { ...SALES[0], date: '2025-02-30' })[0]).toEqual({
        path: [0, 'date'],
        code: 'type',
        message: 'date must be a real calendar date, got "2025-02-30"',
      });
      expect(issuesOf(sales, { ...SALES[0], date: '01/10/2025' })[0]?.message).toBe(
        'date must be a date written YYYY-MM-DD, got "01/10/2025"',
      );
      expect(issuesOf(sales, { ...SALES[0], date: new Date('2025-10-01') })[0]?.message).toBe(
        'date must be a date written YYYY-MM-DD, got a Date object',
      );
    });

    it('timestamps that are not real points in time', () => {
      for (const bad of [
        '2025-10-07 25:00:00',
        '2025-10-07T10:30:00+25:00',
        'yesterday',
        1759833000,
        new Date('x'),
      ]) {
        const [issue] = issuesOf(customers, { ...CUSTOMERS[0], last_interaction: bad });
        expect(issue?.code).toBe('type');
        expect(issue?.message).toContain(
          'last_interaction must be a timestamp such as "2025-10-07 10:30:00"',
        );
      }
    });

    it('values outside the enum', () => {
      expect(issuesOf(customers, { ...CUSTOMERS[0], tier: 'platinum' })).toEqual([
        {
          path: [0, 'tier'],
          code: 'enum',
          message: 'tier must be one of "gold", "silver", "bronze", got "platinum"',
        },
      ]);
    });

    it('numbers below the minimum or above the maximum', () => {
      const schema = schemaOf(
        { name: 'pct', type: 'number', required: true, minimum: 0, maximum: 100 },
        { name: 'ratio', type: 'number', required: true, exclusiveMinimum: 0, exclusiveMaximum: 1 },
      );
      expect(issuesOf(schema, { pct: -1, ratio: 1 }).map((i) => [i.code, i.message])).toEqual([
        ['minimum', 'pct must be at least 0, got -1'],
        ['maximum', 'ratio must be less than 1, got 1'],
      ]);
      expect(issuesOf(schema, { pct: 100.5, ratio: 0 }).map((i) => [i.code, i.message])).toEqual([
        ['maximum', 'pct must be at most 100, got 100.5'],
        ['minimum', 'ratio must be greater than 0, got 0'],
      ]);
      expect(rowOf(schema, { pct: 100, ratio: 0.5 })).toEqual([100, 0.5]);
    });

    it('text shorter or longer than allowed, counting characters', () => {
      expect(issuesOf(customers, { ...CUSTOMERS[0], name: 'J' })).toEqual([
        { path: [0, 'name'], code: 'length', message: 'name must be at least 2 characters long, got 1' },
      ]);
      expect(issuesOf(customers, { ...CUSTOMERS[0], name: 'x'.repeat(41) })[0]?.message).toBe(
        'name must be at most 40 characters long, got 41',
      );
      expect(rowOf(customers, { ...CUSTOMERS[0], name: '🦆'.repeat(40) })[1]).toBe('🦆'.repeat(40));
      expect(issuesOf(customers, { ...CUSTOMERS[0], name: '🦆' })[0]?.code).toBe('length');
    });

    it('text that does not match the whole pattern', () => {
      expect(issuesOf(sales, { ...SALES[0], transaction_id: 'XTXN001' })).toEqual([
        {
          path: [0, 'transaction_id'],
          code: 'pattern',
          message: 'transaction_id must match the pattern TXN\\d{3,}, got "XTXN001"',
        },
      ]);
      expect(issuesOf(sales, { ...SALES[0], transaction_id: 'TXN001x' })[0]?.code).toBe('pattern');
    });

    it('text that does not have the declared format', () => {
      const schema = schemaOf(
        { name: 'email', type: 'string', required: false, format: 'email' },
        { name: 'uri', type: 'string', required: false, format: 'uri' },
        { name: 'uuid', type: 'string', required: false, format: 'uuid' },
        { name: 'day', type: 'string', required: false, format: 'date' },
        { name: 'at', type: 'string', required: false, format: 'date-time' },
      );
      expect(
        rowOf(schema, {
          email: 'ana.souza@example.com',
          uri: 'https://example.com/a?b=c',
          uuid: '123e4567-e89b-12d3-a456-426614174000',
          day: '2024-02-29',
          at: '2025-10-07T10:30:00+02:00',
        }),
      ).toEqual([
        'ana.souza@example.com',
        'https://example.com/a?b=c',
        '123e4567-e89b-12d3-a456-426614174000',
        '2024-02-29',
        '2025-10-07T10:30:00+02:00',
      ]);
      const issues = issuesOf(schema, {
        email: 'ana.souza@',
        uri: 'example.com',
        uuid: '123e4567',
        day: '2025-02-30',
        at: '2025-10-07 10:30:00',
      });
      expect(issues.map((i) => [i.path[1], i.code, i.message])).toEqual([
        ['email', 'format', 'email must be an email address such as name@example.com, got "ana.souza@"'],
        ['uri', 'format', 'uri must be an absolute URI such as https://example.com/, got "example.com"'],
        [
          'uuid',
          'format',
          'uuid must be a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "123e4567"',
        ],
        ['day', 'format', 'day must be a real calendar date written YYYY-MM-DD, got "2025-02-30"'],
        [
          'at',
          'format',
          'at must be an RFC 3339 date-time such as 2025-10-07T10:30:00Z, got "2025-10-07 10:30:00"',
        ],
      ]);
    });

    it('fields that are not in the schema, saying the record is rejected and suggesting a name', () => {
      expect(issuesOf(sales, { ...SALES[0], regoin: 'Europe' }, 4)).toEqual([
        {
          path: [4, 'regoin'],
          code: 'unknown_field',
          message:
            'unknown field "regoin" is not in the schema, so the record is rejected (did you mean "region"?); known fields: transaction_id, product_id, customer_id, amount, date, product_category, region',
        },
      ]);
    });

    it('a record that breaks a rule, naming the rule, its check and the values involved', () => {
      expect(issuesOf(customers, { ...CUSTOMERS[1], tier: 'gold' }, 5)).toEqual([
        {
          path: [5],
          code: 'rule',
          message:
            'record breaks rule gold_is_valuable (tier != \'gold\' or lifetime_value >= 3000) with tier = "gold", lifetime_value = 1500',
        },
      ]);
    });

    it('a record whose rule is unknown rather than true, as a rule must hold', () => {
      const schema: Schema = {
        ...schemaOf({ name: 'amount', type: 'number', required: false }),
        rules: [{ name: 'positive', check: 'amount > 0' }],
      };
      expect(issuesOf(schema, { amount: null })[0]?.message).toBe(
        'record breaks rule positive (amount > 0) with amount = null',
      );
      expect(rowOf(schema, { amount: 1 })).toEqual([1]);
    });

    it('every problem of a record at once, skipping rules over fields that are already wrong', () => {
      const issues = issuesOf(customers, {
        customer_id: 'CUST009',
        name: 'X',
        email: 'nope',
        registration_date: '2025-02-30',
        lifetime_value: -1,
        tier: 'gold',
        last_interaction: '2025-10-07 10:30:00',
        colour: 'red',
      });
      expect(issues.map((i) => [i.path[1], i.code])).toEqual([
        ['name', 'length'],
        ['email', 'format'],
        ['registration_date', 'type'],
        ['lifetime_value', 'minimum'],
        ['colour', 'unknown_field'],
      ]);
    });

    it('a broken rule together with problems in fields the rule does not use', () => {
      const issues = issuesOf(customers, { ...CUSTOMERS[1], name: 'X', tier: 'gold' });
      expect(issues.map((i) => [i.path, i.code])).toEqual([
        [[0, 'name'], 'length'],
        [[0], 'rule'],
      ]);
    });

    it('without ever showing the values of PII fields', () => {
      const [issue] = issuesOf(customers, { ...CUSTOMERS[0], email: 'joao.silva(at)example.com' });
      expect(issue?.message).toBe(
        'email must be an email address such as name@example.com, got a string of 25 characters (value hidden: email is PII)',
      );
    });

    it('with long values shortened and never the whole record', () => {
      const long = `TXN${'9'.repeat(100)}x`;
      const [issue] = issuesOf(sales, { ...SALES[0], transaction_id: long });
      expect(issue?.message).toBe(
        `transaction_id must match the pattern TXN\\d{3,}, got "TXN${'9'.repeat(34)}..."`,
      );
      expect(issue?.message).not.toContain('North America');
    });
  });

  describe('with partial: true, for the changes of an update', () => {
    const validator = compileRecordValidator(customers, { partial: true });

    it('checks only the fields given and leaves the others undefined', () => {
      expect(validator.validate({ tier: 'silver', last_interaction: '2025-10-08T09:00:00Z' }, 0)).toEqual({
        ok: true,
        row: [undefined, undefined, undefined, undefined, undefined, 'silver', '2025-10-08 09:00:00'],
      });
    });

    it('skips record rules', () => {
      expect(validator.validate({ tier: 'gold', lifetime_value: 1 }, 0).ok).toBe(true);
    });

    it('still rejects bad values and unknown fields', () => {
      const result = validator.validate({ tier: 'platinum', regoin: 'x' }, 0);
      expect(result.ok ? [] : result.issues.map((i) => i.code)).toEqual(['enum', 'unknown_field']);
    });

    it('refuses to set a required field to null but allows clearing an optional one', () => {
      expect(validator.validate({ name: null }, 0)).toEqual({
        ok: false,
        issues: [
          { path: [0, 'name'], code: 'required', message: 'name is required and cannot be set to null' },
        ],
      });
      expect(validator.validate({ last_interaction: null }, 0)).toMatchObject({ ok: true });
    });
  });

  describe('refuses to compile', () => {
    it('a field with an invalid pattern', () => {
      const schema = schemaOf({ name: 'code', type: 'string', required: true, pattern: '([a-z' });
      expect(() => compileRecordValidator(schema)).toThrow(MeshError);
      expect(() => compileRecordValidator(schema)).toThrow('field code has an invalid pattern "([a-z"');
    });

    it('a rule whose check does not parse or does not fit the schema', () => {
      const broken = (check: string): Schema => ({ ...sales, rules: [{ name: 'broken', check }] });
      expect(() => compileRecordValidator(broken('amount >'))).toThrow(
        "rule broken has an invalid check (amount >): invalid filter at column 9: expected a value after '>' (got end of input)",
      );
      expect(() => compileRecordValidator(broken('amout > 0'))).toThrow('did you mean "amount"?');
      try {
        compileRecordValidator(broken('amout > 0'));
      } catch (error) {
        expect((error as MeshError).code).toBe('invalid_input');
        expect((error as MeshError).details).toEqual({ rule: 'broken', check: 'amout > 0' });
      }
    });
  });
});

describe('validateRecord', () => {
  it('returns the normalized record', () => {
    expect(validateRecord(customers, { ...CUSTOMERS[0], last_interaction: '2025-10-07T10:30:00Z' })).toEqual({
      ok: true,
      value: { ...CUSTOMERS[0], last_interaction: '2025-10-07 10:30:00' },
    });
  });

  it('returns the issues with paths that start at the field', () => {
    expect(validateRecord(sales, { ...SALES[0], amount: -50 })).toEqual({
      ok: false,
      issues: [{ path: ['amount'], code: 'minimum', message: 'amount must be greater than 0, got -50' }],
    });
  });
});

describe('assertValidRecord', () => {
  it('returns the normalized record when it is valid', () => {
    expect(assertValidRecord(sales, SALES[1])).toEqual(SALES[1]);
  });

  it('throws a contract violation carrying every issue', () => {
    let thrown: unknown;
    try {
      assertValidRecord(sales, { ...SALES[0], amount: -50, region: null });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ContractViolationError);
    const error = thrown as ContractViolationError;
    expect(error.code).toBe('contract_violation');
    expect(error.message).toBe(
      'record breaks its contract: amount must be greater than 0, got -50; region is required but is null',
    );
    expect(error.issues.map((i) => i.path)).toEqual([['amount'], ['region']]);
  });
});
