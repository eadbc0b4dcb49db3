import { describe, expect, it } from 'vitest';
import { safeParseProductSpec } from './parse-product-spec.ts';

const base = {
  id: 'customer.contacts',
  owner: 'customer-team',
  schema: { primaryKey: 'id', fields: [{ name: 'id', type: 'string' }] },
};

describe('the access section of a product spec', () => {
  it('reads auto-approval and the migration window', () => {
    const r = safeParseProductSpec({
      ...base,
      access: { autoApprove: { nonPii: true, purposes: ['fraud-detection', ' '] }, migrationWindowDays: 14 },
    });
    expect(r.ok && r.value.access).toEqual({
      autoApprove: { nonPii: true, purposes: ['fraud-detection'] },
      migrationWindowDays: 14,
    });
  });

  it('is optional, and auto-approval defaults to nothing', () => {
    const none = safeParseProductSpec(base);
    expect(none.ok && none.value.access).toBeUndefined();
    const empty = safeParseProductSpec({ ...base, access: { autoApprove: {} } });
    expect(empty.ok && empty.value.access).toEqual({ autoApprove: { nonPii: false, purposes: [] } });
  });

  it('refuses unknown keys, a bad flag and a window that is not a whole number of days', () => {
    const r = safeParseProductSpec({
      ...base,
      access: { autoApprove: { nonPii: 'yes' }, migrationWindowDays: 1.5, ports: [] },
    });
    expect(r.ok ? [] : r.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'access.ports: access.ports is not known; use autoApprove or migrationWindowDays',
      'access.autoApprove.nonPii: nonPii must be true or false, got the string "yes"',
      'access.migrationWindowDays: access.migrationWindowDays must be a whole number of days',
    ]);
    const notMap = safeParseProductSpec({ ...base, access: 'open' });
    expect(notMap.ok ? [] : notMap.issues.map((i) => i.message)).toEqual([
      'access must be an object (a mapping of keys to values)',
    ]);
  });
});
