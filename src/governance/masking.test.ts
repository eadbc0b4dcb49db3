import { createHash, createHmac, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MeshError } from '../core/errors.ts';
import { parseFilterExpression } from '../core/filter/parse-filter-expression.ts';
import type { Schema } from '../core/schema.ts';
import { canonicalJson } from './canonical-json.ts';
import {
  assertNoMaskedFields,
  MaskingKey,
  maskingPlanFor,
  maskRows,
  maskValue,
  planHashes,
  REDACTED,
} from './masking.ts';

const secret = randomBytes(32);
const key = new MaskingKey(secret);

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

  it('redacts to *** and hashes to a stable HMAC-SHA256 prefix keyed with the store secret, keeping nulls', () => {
    expect(maskValue('Ada', 'redact')).toBe(REDACTED);
    const hashed = maskValue('ada@example.com', 'hash', key);
    expect(hashed).toBe(createHmac('sha256', secret).update('ada@example.com').digest('hex').slice(0, 16));
    expect(hashed).not.toBe(createHash('sha256').update('ada@example.com').digest('hex').slice(0, 16));
    expect(maskValue('ada@example.com', 'hash', key)).toBe(hashed);
    expect(maskValue('ada@example.com', 'hash', new MaskingKey(randomBytes(32)))).not.toBe(hashed);
    expect(maskValue(null, 'hash', key)).toBeNull();
    expect(() => maskValue('ada@example.com', 'hash')).toThrow(/needs the store’s masking key/);
  });

  it('keeps the key out of JSON and inspection, and refuses a secret of the wrong size', () => {
    const hex = secret.toString('hex');
    expect(JSON.stringify({ key })).toBe('{"key":"[masking key]"}');
    expect(inspect({ key })).not.toContain(hex);
    expect(inspect({ key })).toContain('[masking key]');
    expect(() => new MaskingKey(randomBytes(16))).toThrow(/32 bytes, got 16/);
  });

  it('masks only the planned fields of the rows it is given', () => {
    const rows = [{ id: 'C1', name: 'Ada', email: 'a@x.io', phone: null }];
    maskRows(rows, maskingPlanFor(schema), key);
    expect(rows).toEqual([{ id: 'C1', name: '***', email: maskValue('a@x.io', 'hash', key), phone: null }]);
    expect(planHashes(maskingPlanFor(schema))).toBe(true);
    expect(planHashes(new Map([['name', 'redact']]))).toBe(false);
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
