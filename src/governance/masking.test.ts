import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MeshError } from '../core/errors.ts';
import { parseFilterExpression } from '../core/filter/parse-filter-expression.ts';
import type { Schema } from '../core/schema.ts';
import { canonicalJson } from './canonical-json.ts';
import { assertNoMaskedFields, maskingPlanFor, maskRows, maskValue, REDACTED } from './masking.ts';

const schema: Schema = {
  fields: [
    { name: 'id', type: 'string', required: true },
    { name: 'name', type: 'string', required: true, pii: true, masking: 'redact' },
    { name: 'email', type: 'string', required: true, pii: true, masking: 'hash' },
    { name: 'phone', type: 'string', required: false, pii: true },
  ],
  primaryKey: ['id'],
  indexes: [],
  rules: [],
};

describe('PII masking', () => {
  it('plans the PII fields with the contract’s strategy, redaction by default', () => {
    expect([...maskingPlanFor(schema)]).toEqual([
      ['name', 'redact'],
      ['email', 'hash'],
      ['phone', 'redact'],
    ]);
  });

  it('redacts to *** and hashes to a stable SHA-256 hex prefix, keeping nulls', () => {
    expect(maskValue('Ada', 'redact')).toBe(REDACTED);
    const hashed = maskValue('ada@example.com', 'hash');
    expect(hashed).toBe(createHash('sha256').update('ada@example.com').digest('hex').slice(0, 16));
    expect(maskValue('ada@example.com', 'hash')).toBe(hashed);
    expect(maskValue(null, 'hash')).toBeNull();
  });

  it('masks only the planned fields of the rows it is given', () => {
    const rows = [{ id: 'C1', name: 'Ada', email: 'a@x.io', phone: null }];
    maskRows(rows, maskingPlanFor(schema));
    expect(rows).toEqual([{ id: 'C1', name: '***', email: maskValue('a@x.io', 'hash'), phone: null }]);
  });

  it('refuses filtering, ordering and aggregating on a masked field, naming each', () => {
    const plan = maskingPlanFor(schema);
    const filter = parseFilterExpression("email = 'a@x.io' and id = 'C1'");
    const refusal = (() => {
      try {
        assertNoMaskedFields('customer.profiles', plan, { filter, orderBy: ['name'] });
      } catch (e) {
        return e as MeshError;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(MeshError);
    expect(refusal?.code).toBe('policy_denied');
    expect(refusal?.message).toMatch(/^cannot filter or order by on email, name of customer\.profiles/);
    expect(refusal?.details).toEqual({ productId: 'customer.profiles', maskedFields: ['email', 'name'] });
    expect(() => assertNoMaskedFields('p.x', plan, { other: ['phone'] })).toThrow(
      /aggregate or group by on phone/,
    );
    expect(() =>
      assertNoMaskedFields('p.x', plan, { filter: parseFilterExpression("id = 'C1'") }),
    ).not.toThrow();
    expect(() => assertNoMaskedFields('p.x', new Map(), { orderBy: ['email'] })).not.toThrow();
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and leaves out undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: undefined }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"f":2}]},"b":1}',
    );
  });
});
