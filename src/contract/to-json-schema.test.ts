import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { salesSpec } from './testdata/sample-specs.ts';
import { toJsonSchema } from './to-json-schema.ts';

const good = {
  transaction_id: 'T1',
  customer_id: 'C1',
  customer_email: 'ann@example.com',
  amount: 10.5,
  quantity: 2,
  date: '2024-05-31',
  region: 'Europe',
  paid: null,
  updated_at: '2024-05-31T12:00:00Z',
};

describe('exporting a contract as JSON Schema', () => {
  const ajv = new Ajv2020.default({ allErrors: true, strict: true, logger: false });
  ajv.addKeyword('x-pii');
  ajv.addKeyword('x-classification');
  addFormats.default(ajv);
  const validate = ajv.compile(toJsonSchema(salesSpec()));

  it('accepts a record that meets the contract', () => {
    expect(validate(good)).toBe(true);
  });

  it.each([
    ['a missing required field', { ...good, customer_id: undefined }],
    ['a wrong type', { ...good, quantity: 'two' }],
    ['a value below an exclusive minimum', { ...good, amount: 0 }],
    ['a value not allowed', { ...good, region: 'Mars' }],
    ['a malformed e-mail', { ...good, customer_email: 'nope' }],
    ['a malformed date', { ...good, date: '31/05/2024' }],
    ['an unknown field', { ...good, extra: 1 }],
  ])('rejects %s', (_what, record) => {
    expect(validate(JSON.parse(JSON.stringify(record)))).toBe(false);
  });

  it('marks PII and classification with x- keywords', () => {
    const schema = toJsonSchema(salesSpec()) as { properties: Record<string, Record<string, unknown>> };
    expect(schema.properties.customer_email).toMatchObject({
      'x-pii': true,
      'x-classification': 'restricted',
      type: ['string', 'null'],
    });
    expect(schema.properties.region?.enum).toEqual(['Europe', 'Asia', 'Americas', null]);
  });
});
