import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ContractViolationError } from './errors.ts';
import { parseProductSpec, safeParseProductSpec } from './parse-product-spec.ts';

const example = (name: string): unknown =>
  parse(readFileSync(new URL(`../../examples/${name}/product.yaml`, import.meta.url), 'utf8'));

const minimal = {
  id: 'sales.orders',
  owner: 'sales-team',
  schema: { primaryKey: 'order_id', fields: [{ name: 'order_id', type: 'string' }] },
};

function issuesOf(input: unknown) {
  const result = safeParseProductSpec(input);
  if (result.ok) throw new Error('expected the spec to be refused');
  return result.issues;
}

describe('parseProductSpec', () => {
  it('reads the shipped sales example with key, indexes, constraints and SLA', () => {
    const spec = parseProductSpec(example('sales'));
    expect(spec.id).toBe('sales.transactions');
    expect(spec.domain).toBe('sales');
    expect(spec.schema.primaryKey).toEqual(['transaction_id']);
    expect(spec.schema.indexes).toEqual([['product_id'], ['customer_id'], ['date']]);
    expect(spec.schema.fields.find((f) => f.name === 'amount')).toMatchObject({
      type: 'number',
      exclusiveMinimum: 0,
    });
    expect(spec.sla).toEqual({ availability: 99.9, freshnessMinutes: 60, completeness: 99, accuracy: 99 });
  });

  it('refuses an empty product id as malformed, and a missing one as required', () => {
    expect(issuesOf({ ...minimal, id: '' })).toContainEqual(
      expect.objectContaining({ path: ['id'], code: 'format' }),
    );
    const { id: _id, ...withoutId } = minimal;
    expect(issuesOf(withoutId)).toContainEqual(expect.objectContaining({ path: ['id'], code: 'required' }));
  });

  it('reads the customer example with PII flags and an optional timestamp', () => {
    const spec = parseProductSpec(example('customers'));
    const email = spec.schema.fields.find((f) => f.name === 'email');
    expect(email).toMatchObject({ pii: true, format: 'email', masking: 'hash' });
    expect(spec.schema.fields.find((f) => f.name === 'last_interaction')).toMatchObject({
      type: 'timestamp',
      required: false,
    });
  });

  it('reads its own output back unchanged, for every shipped example', () => {
    for (const name of ['sales', 'customers', 'worldbank', 'customer_revenue']) {
      const once = parseProductSpec(example(name));
      expect(parseProductSpec(JSON.parse(JSON.stringify(once))), name).toEqual(once);
    }
  });

  it('fills defaults: name and domain from the id, version 0.1.0, bronze, required fields', () => {
    const spec = parseProductSpec(minimal);
    expect(spec).toMatchObject({
      name: 'orders',
      domain: 'sales',
      version: '0.1.0',
      qualityLevel: 'bronze',
      tags: [],
    });
    expect(spec.schema.fields[0]?.required).toBe(true);
  });

  it('accepts the demo type names float and int as number and integer', () => {
    const spec = parseProductSpec({
      ...minimal,
      schema: { fields: { order_id: 'string', amount: 'float', qty: { type: 'int' } } },
    });
    expect(spec.schema.fields.map((f) => [f.name, f.type])).toEqual([
      ['order_id', 'string'],
      ['amount', 'number'],
      ['qty', 'integer'],
    ]);
  });

  it('makes primary key fields required even when declared optional', () => {
    const spec = parseProductSpec({
      ...minimal,
      schema: { primaryKey: ['order_id'], fields: [{ name: 'order_id', type: 'string', required: false }] },
    });
    expect(spec.schema.fields[0]?.required).toBe(true);
  });

  it('reports every problem with its path instead of stopping at the first', () => {
    const issues = issuesOf({
      id: 'Sales Orders',
      version: 'one',
      qualityLevel: 'platinum',
      sla: { availability: 120 },
      schema: {
        primaryKey: ['missing'],
        indexes: [['nope']],
        fields: [
          { name: 'a', type: 'money' },
          { name: 'b', type: 'string', pattern: '(' },
        ],
      },
    });
    const codes = issues.map((i) => `${i.path.join('.')}:${i.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'id:format',
        'version:format',
        'qualityLevel:enum',
        'sla.availability:range',
        'schema.primaryKey:unknown_field',
        'schema.indexes.0:unknown_field',
        'schema.fields.0.type:unknown_type',
        'schema.fields.1.pattern:pattern',
      ]),
    );
  });

  it('refuses a domain that does not match the id', () => {
    expect(issuesOf({ ...minimal, domain: 'finance' })[0]).toMatchObject({
      path: ['domain'],
      code: 'mismatch',
    });
  });

  it('refuses fields declared twice, or differing only by case', () => {
    const issues = issuesOf({
      ...minimal,
      schema: {
        fields: [
          { name: 'order_id', type: 'string' },
          { name: 'order_id', type: 'string' },
          { name: 'ORDER_ID', type: 'string' },
        ],
      },
    });
    expect(issues.map((i) => i.message)).toEqual([
      'field order_id is declared twice',
      'fields order_id and ORDER_ID differ only by case; databases treat them as one column, so rename one',
    ]);
  });

  it('throws a ContractViolationError listing the issues from parseProductSpec', () => {
    expect(() => parseProductSpec('not an object')).toThrow(ContractViolationError);
    try {
      parseProductSpec({ id: 'x' });
    } catch (error) {
      expect((error as ContractViolationError).issues[0]?.path).toEqual(['id']);
    }
  });
});
