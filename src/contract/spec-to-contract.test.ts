import { describe, expect, it } from 'vitest';
import type { ProductSpec } from '../core/descriptor.ts';
import { contractToSpec } from './contract-to-spec.ts';
import { cloneData } from './plain-data.ts';
import { hasErrors } from './problem.ts';
import { readContractDocument, readProductDocument, writeDocument } from './source-document.ts';
import { specToContract } from './spec-to-contract.ts';
import { specToProductDocument } from './spec-to-product-document.ts';
import { officialExample, officialExamples } from './testdata/official-examples.ts';
import { salesSpec } from './testdata/sample-specs.ts';
import { validateDocuments } from './validate-documents.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

/** The lines only one of two texts has, each list sorted. */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  return { removed: a.filter((l) => !b.includes(l)).sort(), added: b.filter((l) => !a.includes(l)).sort() };
}

describe('writing product specs as ODCS contracts', () => {
  it('writes a new contract that passes the official schema and Meshwork strict validation', () => {
    const contract = specToContract(salesSpec());
    const { problems } = validateDocuments([{ path: contract.file, text: contract.text }], {
      strict: true,
      lint: true,
    });
    expect(problems).toEqual([]);
    expect(contract.text.startsWith('apiVersion: v3.1.0\nkind: DataContract\nid: sales.transactions\n')).toBe(
      true,
    );
  });

  it('reads a written contract back into the same spec', () => {
    const spec = salesSpec();
    expect(contractToSpec(specToContract(spec))).toEqual(spec);
  });

  it('keeps PII that no classification implies as a custom property', () => {
    const spec = salesSpec();
    const fields = spec.schema.fields.map((f) =>
      f.name === 'customer_email' ? { ...f, classification: 'internal' } : f,
    );
    const doc = specToContract({ ...spec, schema: { ...spec.schema, fields } });
    expect(doc.text).toContain('- property: pii\n            value: true');
    expect(contractToSpec(doc).schema.fields.find((f) => f.name === 'customer_email')?.pii).toBe(true);
  });

  it.each(officialExamples('odcs', ['.yaml']).map((e) => [e.name, e.text]))(
    'writes %s back byte for byte when the spec is unchanged',
    (name, text) => {
      const base = readContractDocument(text, { file: name });
      expect(writeDocument(specToContract(contractToSpec(base), base))).toBe(text);
    },
  );

  it('updates an imported contract in place and keeps servers, price, support, roles and custom properties', () => {
    const text = officialExample('odcs/all/full-example.odcs.yaml');
    const base = readContractDocument(text);
    const spec = contractToSpec(base) as Mutable<ProductSpec>;
    const fields = spec.schema.fields.map((f) =>
      f.name === 'rcvr_cntry_code' ? { ...f, description: 'ISO 3166 country code', maxLength: 2 } : f,
    );
    const next = specToContract(
      {
        ...spec,
        version: '1.2.0',
        owner: 'seller-team',
        schema: { ...spec.schema, fields },
        sla: { ...spec.sla, availability: 99.5 },
      },
      base,
    );
    const before = base.data as Record<string, unknown>;
    const after = next.data as Record<string, unknown>;
    for (const key of [
      'servers',
      'price',
      'support',
      'roles',
      'customProperties',
      'authoritativeDefinitions',
      'tenant',
      'id',
    ]) {
      expect(after[key], key).toEqual(before[key]);
    }
    expect(changedLines(text, next.text)).toEqual({
      removed: [
        '        description: Country code',
        '  name: my-team',
        'version: 1.1.0 # Version (follows semantic versioning)',
      ].sort(),
      added: [
        'version: 1.2.0 # Version (follows semantic versioning)',
        '        description: ISO 3166 country code',
        '        logicalTypeOptions:',
        '          maxLength: 2',
        '  name: seller-team',
        '  - property: availability',
        '    value: 99.5',
        '    unit: percent',
      ].sort(),
    });
    expect(contractToSpec(next)).toMatchObject({
      version: '1.2.0',
      owner: 'seller-team',
      sla: { availability: 99.5 },
    });
    expect(hasErrors(validateDocuments([{ path: 'next.yaml', text: next.text }]).problems)).toBe(false);
  });

  it('rewrites a freshness target in the unit its SLA entry already uses', () => {
    const base = readContractDocument(officialExample('odcs/sla/database-table-sla.odcs.yaml'));
    const spec = contractToSpec(base);
    const next = specToContract({ ...spec, sla: { freshnessMinutes: 2 * 24 * 60 } }, base);
    expect(changedLines(base.text, next.text)).toEqual({
      removed: ['    value: 4'],
      added: ['    value: 2'],
    });
  });

  it('adds, removes and retypes properties and keeps the others untouched', () => {
    const text = officialExample('odcs/schema/table-columns-with-partition.odcs.yaml');
    const base = readContractDocument(text);
    const spec = contractToSpec(base);
    const fields = spec.schema.fields
      .filter((f) => f.name !== 'year')
      .map((f) => (f.name === 'amount' ? { ...f, type: 'integer' as const } : f))
      .concat([{ name: 'currency', type: 'string', required: true, enum: ['EUR', 'USD'] }]);
    const next = specToContract({ ...spec, schema: { ...spec.schema, fields } }, base);
    const mapped = contractToSpec(next);
    expect(mapped.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'rcvr_cntry_code:string',
      'rcvr_id:string',
      'amount:integer',
      'currency:string',
    ]);
    expect(mapped.schema.fields[3]?.enum).toEqual(['EUR', 'USD']);
    expect(next.text).toContain(
      '        businessName: Transaction amount\n        logicalType: integer\n        physicalType: bigint\n',
    );
    expect(next.text).not.toContain('Year of transaction');
    expect(next.text.startsWith(text.slice(0, text.indexOf('      - name: year')))).toBe(true);
  });

  it('moves the primary key and writes positions for a composite key', () => {
    const base = readContractDocument(officialExample('odcs/schema/kafka-schema.odcs.yaml'));
    const spec = contractToSpec(base);
    const next = specToContract(
      { ...spec, schema: { ...spec.schema, primaryKey: ['cust_id', 'prod_id'] } },
      base,
    );
    expect(contractToSpec(next).schema.primaryKey).toEqual(['cust_id', 'prod_id']);
    expect(next.text).toContain('primaryKeyPosition: 2');
  });

  it('changes, adds and drops rules written as meshwork quality entries', () => {
    const spec = salesSpec();
    const base = specToContract(spec);
    const rules = [
      { name: 'positive_amount', check: 'amount > 1' },
      { name: 'known_region', check: "region in ('Europe', 'Asia', 'Americas')" },
    ];
    const next = specToContract({ ...spec, schema: { ...spec.schema, rules } }, base);
    expect(contractToSpec(next).schema.rules).toEqual(rules);
    const none = specToContract({ ...spec, schema: { ...spec.schema, rules: [] } }, next);
    expect(none.text).not.toContain('engine: meshwork');
  });

  it('writes the id explicitly when domain and name no longer derive it', () => {
    const base = readContractDocument(officialExample('odcs/schema/table-column.odcs.yaml'));
    const spec = contractToSpec(base);
    const next = specToContract({ ...spec, id: 'default.receivers', name: 'Receivers' }, base);
    expect(contractToSpec(next)).toMatchObject({ id: 'default.receivers', name: 'Receivers' });
  });

  it('does not change the spec it is given', () => {
    const spec = salesSpec();
    const copy = cloneData(spec);
    specToContract(spec, specToContract(spec));
    expect(spec).toEqual(copy);
  });
});

describe('writing product specs as ODPS documents', () => {
  it('writes a new product document that passes the official schema', () => {
    const doc = specToProductDocument(salesSpec());
    const { problems } = validateDocuments([{ path: doc.file, text: doc.text }], { strict: true });
    expect(problems).toEqual([]);
    expect(doc.data).toMatchObject({
      apiVersion: 'v1.0.0',
      kind: 'DataProduct',
      id: 'sales.transactions',
      inputPorts: [
        { name: 'sales.orders', version: 'latest', contractId: 'sales.orders' },
        { name: 'crm.customers', version: 'latest', contractId: 'crm.customers' },
      ],
      outputPorts: [
        { name: 'transactions', version: '1.2.0', contractId: 'sales.transactions', type: 'tables' },
      ],
    });
  });

  it('pins upstream versions through the resolver', () => {
    const doc = specToProductDocument(salesSpec(), undefined, {
      resolveUpstream: (id) =>
        id === 'sales.orders' ? { version: '3.1.0', contractId: 'orders-contract' } : undefined,
    });
    expect((doc.data as { inputPorts: unknown[] }).inputPorts[0]).toEqual({
      name: 'sales.orders',
      version: '3.1.0',
      contractId: 'orders-contract',
    });
  });

  it('writes the official customer product back byte for byte when nothing changed', () => {
    const text = officialExample('odps/customer-data-product.odps.yaml');
    const base = readProductDocument(text);
    const spec = contractToSpec(
      readContractDocument(officialExample('odcs/all/full-example.odcs.yaml')),
      base,
    );
    expect(writeDocument(specToProductDocument(spec, base))).toBe(text);
  });

  it('updates input ports and the owner in place and keeps management ports and support', () => {
    const text = officialExample('odps/customer-data-product.odps.yaml');
    const base = readProductDocument(text);
    const spec = contractToSpec(
      readContractDocument(officialExample('odcs/all/full-example.odcs.yaml')),
      base,
    );
    const next = specToProductDocument(
      { ...spec, owner: 'Customer Team', upstream: ['payments', 'crm.contacts'] },
      base,
    );
    const data = next.data as Record<string, unknown>;
    const before = base.data as Record<string, unknown>;
    expect(data.managementPorts).toEqual(before.managementPorts);
    expect(data.support).toEqual(before.support);
    expect(data.outputPorts).toEqual(before.outputPorts);
    expect((data.inputPorts as { name: string }[]).map((p) => p.name)).toEqual([
      'payments',
      'payments',
      'crm.contacts',
    ]);
    expect(changedLines(text, next.text).added).toEqual(
      [
        '- name: crm.contacts',
        '  version: latest',
        '  contractId: crm.contacts',
        '  name: "Customer Team"',
      ].sort(),
    );
  });
});
