import { describe, expect, it } from 'vitest';
import type { ProductSpec } from '../core/descriptor.ts';
import type { Field } from '../core/schema.ts';
import { CHANGE_CATALOG } from './contract-change.ts';
import { diffContracts } from './contract-diff.ts';
import { cloneData } from './plain-data.ts';
import { readContractDocument } from './source-document.ts';
import { officialExample, officialExamples } from './testdata/official-examples.ts';
import { salesSpec } from './testdata/sample-specs.ts';

/** A change to a field: new values, or undefined to drop a constraint. */
type FieldPatch = { readonly [K in keyof Field]?: Field[K] | undefined };

/** The sales spec with one field replaced (or removed when `patch` is null). */
function withField(name: string, patch: FieldPatch | null, base: ProductSpec = salesSpec()): ProductSpec {
  const patched = (f: Field): Field =>
    Object.fromEntries(
      Object.entries({ ...f, ...patch }).filter(([, v]) => v !== undefined),
    ) as unknown as Field;
  const fields = base.schema.fields.flatMap((f) =>
    f.name !== name ? [f] : patch === null ? [] : [patched(f)],
  );
  return { ...base, schema: { ...base.schema, fields } };
}

function codes(before: ProductSpec, after: ProductSpec): [string, string][] {
  return diffContracts(before, after).changes.map((c) => [c.kind, c.code]);
}

describe('finding breaking changes', () => {
  const base = salesSpec();

  it('finds nothing between equal specs', () => {
    expect(diffContracts(base, cloneData(base))).toEqual({
      changes: [],
      breaking: false,
      counts: { breaking: 0, non_breaking: 0, info: 0 },
    });
  });

  it('calls a removed field breaking', () => {
    expect(codes(base, withField('paid', null))).toEqual([['breaking', 'field_removed']]);
  });

  it('suspects a rename when a removed and an added field share a type', () => {
    const fields = base.schema.fields.map((f) => (f.name === 'region' ? { ...f, name: 'sales_region' } : f));
    const diff = diffContracts(base, { ...base, schema: { ...base.schema, fields } });
    expect(diff.changes).toEqual([
      {
        kind: 'breaking',
        code: 'field_renamed',
        path: 'schema.fields.region',
        message:
          'field region was removed and sales_region (also string) added: renamed? Consumers reading region break',
      },
    ]);
  });

  it('calls an added optional field non-breaking and an added required one breaking', () => {
    const optional = {
      ...base,
      schema: {
        ...base.schema,
        fields: [...base.schema.fields, { name: 'note', type: 'string', required: false } as Field],
      },
    };
    expect(codes(base, optional)).toEqual([['non_breaking', 'field_added']]);
    const required = {
      ...base,
      schema: {
        ...base.schema,
        fields: [...base.schema.fields, { name: 'n', type: 'integer', required: true } as Field],
      },
    };
    expect(codes(base, required)).toEqual([['breaking', 'field_added_required']]);
  });

  it.each([
    ['amount', 'integer', 'field_type_narrowed', 'breaking'],
    ['updated_at', 'date', 'field_type_narrowed', 'breaking'],
    ['region', 'integer', 'field_type_narrowed', 'breaking'],
    ['quantity', 'number', 'field_type_widened', 'non_breaking'],
    ['date', 'timestamp', 'field_type_widened', 'non_breaking'],
    ['paid', 'string', 'field_type_changed', 'breaking'],
  ] as const)('classifies %s becoming %s as %s', (name, type, code, kind) => {
    expect(codes(base, withField(name, { type }))).toContainEqual([kind, code]);
  });

  it('calls a field becoming required breaking and becoming optional non-breaking', () => {
    expect(codes(base, withField('paid', { required: true }))).toEqual([['breaking', 'field_made_required']]);
    expect(codes(base, withField('customer_id', { required: false }))).toEqual([
      ['non_breaking', 'field_made_optional'],
    ]);
  });

  it('calls a changed primary key breaking', () => {
    const spec = { ...base, schema: { ...base.schema, primaryKey: ['transaction_id', 'date'] } };
    expect(codes(base, spec)).toEqual([['breaking', 'primary_key_changed']]);
  });

  it('calls fewer allowed values breaking and more allowed values non-breaking', () => {
    expect(codes(base, withField('region', { enum: ['Europe', 'Asia'] }))).toEqual([
      ['breaking', 'allowed_values_reduced'],
    ]);
    expect(codes(base, withField('region', { enum: ['Europe', 'Asia', 'Americas', 'Africa'] }))).toEqual([
      ['non_breaking', 'allowed_values_extended'],
    ]);
    expect(codes(base, withField('region', { enum: ['Europe', 'Africa'] }))).toEqual([
      ['breaking', 'allowed_values_reduced'],
      ['non_breaking', 'allowed_values_extended'],
    ]);
    expect(codes(base, withField('customer_id', { enum: ['C1'] }))).toEqual([
      ['breaking', 'constraint_tightened'],
    ]);
    expect(codes(base, withField('region', { enum: undefined }))).toEqual([
      ['non_breaking', 'constraint_loosened'],
    ]);
  });

  it.each([
    ['quantity', { minimum: 2 }, 'constraint_tightened'],
    ['quantity', { minimum: 0 }, 'constraint_loosened'],
    ['amount', { maximum: 500 }, 'constraint_tightened'],
    ['amount', { maximum: undefined }, 'constraint_loosened'],
    ['amount', { exclusiveMinimum: undefined, minimum: 0 }, 'constraint_loosened'],
    ['transaction_id', { minLength: 3 }, 'constraint_tightened'],
    ['transaction_id', { maxLength: 20 }, 'constraint_tightened'],
    ['customer_id', { pattern: 'C[0-9]+' }, 'constraint_tightened'],
    ['customer_email', { format: undefined }, 'constraint_loosened'],
  ] as const)('classifies a %s bound change %j as %s', (name, patch, code) => {
    expect(codes(base, withField(name, patch)).map(([, c]) => c)).toEqual([code]);
  });

  it('calls rules added or changed breaking and rules removed non-breaking', () => {
    const rules = (list: ProductSpec['schema']['rules']): ProductSpec => ({
      ...base,
      schema: { ...base.schema, rules: list },
    });
    expect(codes(base, rules([...base.schema.rules, { name: 'r', check: 'quantity < 100' }]))).toEqual([
      ['breaking', 'rule_added'],
    ]);
    expect(codes(base, rules([{ name: 'positive_amount', check: 'amount > 1' }]))).toEqual([
      ['breaking', 'rule_changed'],
    ]);
    expect(codes(base, rules([]))).toEqual([['non_breaking', 'rule_removed']]);
  });

  it('calls a weaker SLA breaking and a stronger one non-breaking', () => {
    const sla = (s: ProductSpec['sla']): ProductSpec => ({ ...base, sla: s });
    expect(codes(base, sla({ ...base.sla, availability: 99 }))).toEqual([['breaking', 'sla_weakened']]);
    expect(codes(base, sla({ ...base.sla, freshnessMinutes: 120 }))).toEqual([['breaking', 'sla_weakened']]);
    expect(codes(base, sla({ ...base.sla, completeness: 99.5, freshnessMinutes: 30 }))).toEqual([
      ['non_breaking', 'sla_strengthened'],
      ['non_breaking', 'sla_strengthened'],
    ]);
    const { accuracy: _dropped, ...rest } = base.sla;
    expect(codes(base, sla(rest))).toEqual([['breaking', 'sla_weakened']]);
    expect(codes(sla(rest), base)).toEqual([['non_breaking', 'sla_strengthened']]);
  });

  it('calls description, looser classification, PII removed and masking changes non-breaking and the rest info', () => {
    expect(codes(base, { ...base, description: 'Sales.' })).toEqual([
      ['non_breaking', 'description_changed'],
    ]);
    expect(
      codes(
        base,
        withField('customer_email', {
          description: 'E-mail.',
          classification: 'confidential',
          pii: false,
          masking: 'redact',
        }),
      ),
    ).toEqual([
      ['non_breaking', 'description_changed'],
      ['non_breaking', 'classification_changed'],
      ['non_breaking', 'pii_removed'],
      ['non_breaking', 'masking_changed'],
    ]);
    // The other way round the field is hidden from readers without a PII grant: that breaks them.
    const loosened = withField('customer_email', { classification: 'confidential', pii: false });
    expect(codes(loosened, base)).toEqual([
      ['breaking', 'classification_tightened'],
      ['breaking', 'pii_added'],
    ]);
    expect(codes(loosened, withField('customer_email', { classification: 'internal', pii: false }))).toEqual([
      ['non_breaking', 'classification_changed'],
    ]);
    expect(
      codes(base, { ...base, owner: 'x', tags: [], qualityLevel: 'gold', upstream: [], name: 'Sales' }),
    ).toEqual([
      ['info', 'name_changed'],
      ['info', 'owner_changed'],
      ['info', 'tags_changed'],
      ['info', 'quality_level_changed'],
      ['info', 'upstream_changed'],
    ]);
    expect(codes(base, { ...base, schema: { ...base.schema, indexes: [] } })).toEqual([
      ['info', 'indexes_changed'],
    ]);
    expect(codes(base, withField('transaction_id', { examples: ['X'] }))).toEqual([
      ['info', 'examples_changed'],
    ]);
  });

  it('calls a changed product id breaking', () => {
    expect(codes(base, { ...base, id: 'sales.sales' })).toEqual([['breaking', 'product_id_changed']]);
  });
});

describe('finding breaking changes between ODCS contracts', () => {
  const text = officialExample('odcs/all/full-example.odcs.yaml');
  const edit = (from: string, to: string) => readContractDocument(text.replace(from, to));
  const old = readContractDocument(text);

  it('finds nothing between a contract and itself', () => {
    expect(diffContracts(old, old).changes).toEqual([]);
  });

  it('compares servers by name', () => {
    expect(
      diffContracts(old, edit('port: 5432', 'port: 5433')).changes.map((c) => [c.kind, c.code, c.path]),
    ).toEqual([['breaking', 'server_changed', 'servers.my-postgres']]);
    expect(
      diffContracts(old, edit('  - server: my-postgres', '  - server: pg')).changes.map((c) => c.code),
    ).toEqual(['server_added', 'server_removed']);
  });

  it('calls a looser quality threshold breaking and a tighter one non-breaking', () => {
    expect(diffContracts(old, edit('mustBeGreaterThan: 1000000', 'mustBeGreaterThan: 1000')).changes).toEqual(
      [expect.objectContaining({ kind: 'breaking', code: 'quality_loosened', path: 'quality.row_count' })],
    );
    expect(
      diffContracts(old, edit('mustBeGreaterThan: 1000000', 'mustBeGreaterThan: 2000000')).changes,
    ).toEqual([expect.objectContaining({ kind: 'non_breaking', code: 'quality_tightened' })]);
    expect(diffContracts(old, edit('mustBeGreaterThan: 1000000', 'mustBeLessThan: 5')).changes[0]?.code).toBe(
      'quality_changed',
    );
  });

  it('calls a removed quality check breaking and an added one non-breaking', () => {
    const without = edit(
      '      - metric: rowCount\n        mustBeGreaterThan: 1000000\n',
      '      - metric: rowCount\n        mustBeGreaterThan: 1000000\n        id: rows\n',
    );
    expect(diffContracts(old, without).changes.map((c) => c.code)).toEqual([
      'quality_check_added',
      'quality_check_removed',
    ]);
  });

  it('compares percentage thresholds of declared checks', () => {
    const validity = officialExample('odcs/quality/column-validity.odcs.yaml');
    const stricter = validity.replace('mustBeLessOrEqualTo: 5', 'mustBeLessOrEqualTo: 2');
    const diff = diffContracts(readContractDocument(validity), readContractDocument(stricter));
    expect(diff.changes.map((c) => [c.kind, c.code])).toEqual([['non_breaking', 'quality_tightened']]);
    expect(diffContracts(readContractDocument(stricter), readContractDocument(validity)).breaking).toBe(true);
  });

  it.each(officialExamples('odcs', ['.yaml']).map((e) => [e.name, e.text] as const))(
    'finds nothing between %s and itself',
    (_, yaml) => {
      expect(diffContracts(readContractDocument(yaml), readContractDocument(yaml)).changes).toEqual([]);
    },
  );

  it('compares the 68 objects of the official adventureworks example by name, not by position', () => {
    const works = officialExample('odcs/all/postgresql-adventureworks-contract.odcs.yaml');
    // Named, so that the product's name and id do not follow the first object.
    const data = { ...(readContractDocument(works).data as { schema: unknown[] }), name: 'adventureworks' };
    const reversed = { ...data, schema: [...data.schema].reverse() };
    expect(diffContracts(data, reversed).changes).toEqual([]);
    const dropped = { ...data, schema: data.schema.slice(1) };
    const first = (data.schema[0] as { name: string }).name;
    expect(diffContracts(data, dropped).changes.map((c) => [c.kind, c.code, c.path])).toEqual([
      ['breaking', 'object_removed', `schema.${first}`],
    ]);
    expect(diffContracts(dropped, data).changes.map((c) => [c.kind, c.code, c.path])).toEqual([
      ['non_breaking', 'object_added', `schema.${first}`],
    ]);
  });

  it('calls a nested property turning from an object into an array breaking and looks no deeper', () => {
    const contract = (customer: Record<string, unknown>) => ({
      apiVersion: 'v3.1.0',
      kind: 'DataContract',
      id: 'shop.orders',
      version: '1.0.0',
      status: 'active',
      schema: [{ name: 'orders', properties: [{ name: 'id', logicalType: 'string' }, customer] }],
    });
    const asObject = contract({
      name: 'customer',
      logicalType: 'object',
      properties: [{ name: 'zip', logicalType: 'string' }],
    });
    const asList = contract({
      name: 'customer',
      logicalType: 'array',
      items: { logicalType: 'object', properties: [{ name: 'zip', logicalType: 'integer' }] },
    });
    expect(diffContracts(asObject, asList).changes).toEqual([
      {
        kind: 'breaking',
        code: 'field_type_changed',
        path: 'schema.orders.customer.type',
        message: 'orders.customer changed type from object to array',
      },
    ]);
  });

  it('compares a spec with nothing but specs (servers and quality need contracts)', () => {
    expect(diffContracts(salesSpec(), salesSpec()).changes).toEqual([]);
  });
});

it('gives every change code a kind', () => {
  expect(Object.values(CHANGE_CATALOG).every((k) => ['breaking', 'non_breaking', 'info'].includes(k))).toBe(
    true,
  );
});
