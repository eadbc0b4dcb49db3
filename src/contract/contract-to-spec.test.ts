import { describe, expect, it } from 'vitest';
import { PRODUCT_ID_PATTERN } from '../core/descriptor.ts';
import { MeshError } from '../core/errors.ts';
import { parseProductSpec } from '../core/parse-product-spec.ts';
import { contractToSpec } from './contract-to-spec.ts';
import { readContractDocument, readProductDocument } from './source-document.ts';
import { officialExample, officialExamples } from './testdata/official-examples.ts';

const contract = (name: string) => readContractDocument(officialExample(`odcs/${name}`), { file: name });

describe('mapping ODCS contracts to product specs', () => {
  it.each(officialExamples('odcs', ['.yaml']).map((e) => [e.name, e.text]))(
    'maps %s to a spec the core model accepts',
    (_name, text) => {
      const spec = contractToSpec(readContractDocument(text));
      expect(spec.id).toMatch(PRODUCT_ID_PATTERN);
      // The core parser checks every invariant of a spec (types, key fields, SLA ranges, version).
      expect(() => parseProductSpec(spec)).not.toThrow();
    },
  );

  it('takes id, owner, description, tags, version, key, types, PII and the SLA from the full example', () => {
    const spec = contractToSpec(contract('all/full-example.odcs.yaml'));
    expect(spec).toMatchObject({
      id: 'seller.my_quantum',
      name: 'my quantum',
      domain: 'seller',
      owner: 'my-team',
      description: 'Views built on top of the seller tables.',
      tags: ['transactions'],
      version: '1.1.0',
      qualityLevel: 'bronze',
      sla: { freshnessMinutes: 4 * 24 * 60 },
      upstream: [],
    });
    expect(spec.schema.primaryKey).toEqual(['rcvr_id']);
    expect(spec.schema.fields.map((f) => [f.name, f.type, f.required])).toEqual([
      ['transaction_reference_date', 'date', false],
      ['rcvr_id', 'string', true],
      ['rcvr_cntry_code', 'string', false],
    ]);
    const rcvr = spec.schema.fields[1];
    expect(rcvr).toMatchObject({ classification: 'restricted', pii: true });
    expect(spec.schema.fields[0]).toMatchObject({
      classification: 'public',
      examples: ['2022-10-03', '2020-01-28'],
    });
    expect(spec.schema.fields[0]?.pii).toBeUndefined();
  });

  it('turns a zero-tolerance nullValues check into a not-null rule', () => {
    const spec = contractToSpec(contract('all/full-example.odcs.yaml'));
    expect(spec.schema.rules).toEqual([
      {
        name: 'rcvr_cntry_code_not_null',
        check: 'rcvr_cntry_code is not null',
        description: 'column should not contain null values',
      },
    ]);
  });

  it('keeps a percentage tolerance as a quality check, not as allowed values', () => {
    const spec = contractToSpec(contract('quality/column-validity.odcs.yaml'));
    expect(spec.schema.fields[0]?.enum).toBeUndefined();
    expect(spec.schema.primaryKey).toEqual(['air_quality_status']);
  });

  it('reads logicalTypeOptions as constraints on strings and numbers only', () => {
    const spec = contractToSpec(contract('data-types/all-data-types.odcs.yaml'));
    const byName = new Map(spec.schema.fields.map((f) => [f.name, f]));
    expect(byName.get('account_id')).toMatchObject({
      type: 'string',
      minLength: 11,
      maxLength: 11,
      pattern: 'ACC[0-9]{8}',
    });
    expect(byName.get('age')).toMatchObject({ type: 'integer', minimum: 18, exclusiveMaximum: 100 });
    expect(byName.get('amount')).toMatchObject({ type: 'number', minimum: 0 });
    // Date bounds are strings in ODCS and have no place in Meshwork's numeric bounds.
    expect(byName.get('txn_ref_date')).toEqual({ name: 'txn_ref_date', type: 'date', required: false });
    expect(byName.get('txn_time')?.type).toBe('string');
    expect(byName.get('latest_txns')?.type).toBe('string');
    expect(byName.get('is_open')?.type).toBe('boolean');
    expect(byName.get('txn_timestamp_tz')?.type).toBe('timestamp');
  });

  it('refines logical types with the physical type and takes PII from sensitive tags', () => {
    const spec = contractToSpec(contract('all/postgresql-adventureworks-contract.odcs.yaml'), undefined, {
      object: 'employee',
    });
    const byName = new Map(spec.schema.fields.map((f) => [f.name, f]));
    expect(byName.get('businessentityid')?.type).toBe('integer');
    expect(byName.get('modifieddate')?.type).toBe('timestamp');
    expect(byName.get('nationalidnumber')?.pii).toBe(true);
    expect(byName.get('birthdate')).toMatchObject({ type: 'date', pii: true });
    expect(spec.schema.primaryKey).toEqual(['businessentityid']);
  });

  it('orders a composite key by primaryKeyPosition', () => {
    const spec = contractToSpec(contract('schema/table-columns-with-partition.odcs.yaml'));
    expect(spec.schema.primaryKey).toEqual(['rcvr_cntry_code', 'rcvr_id']);
  });

  it('derives the id from domain and name, falling back to the default domain', () => {
    expect(contractToSpec(contract('schema/kafka-schema.odcs.yaml')).id).toBe('default.orders_event_stream');
    expect(contractToSpec(contract('stakeholders/basic-four-dpo.odcs.yaml'))).toMatchObject({
      id: 'default.my_table',
      owner: 'Data Protection Office',
    });
  });

  it('keeps an id already written as domain.name', () => {
    const spec = contractToSpec({
      id: 'sales.orders',
      name: 'Orders of the web shop',
      domain: 'sales',
      version: '2.0.0',
    });
    expect(spec).toMatchObject({
      id: 'sales.orders',
      name: 'Orders of the web shop',
      domain: 'sales',
      version: '2.0.0',
    });
  });

  it('prefers the ODPS product for product-level facts and takes upstream from its input ports', () => {
    const product = readProductDocument(officialExample('odps/customer-data-product.odps.yaml'));
    const spec = contractToSpec(contract('all/full-example.odcs.yaml'), product);
    expect(spec).toMatchObject({
      id: 'seller.customer_data_product',
      name: 'Customer Data Product',
      owner: 'Data Team',
      description: 'Enterprise view of a customer.',
      tags: ['customer'],
      version: '1.1.0',
      upstream: ['payments', 'onlinetransactions'],
    });
  });

  it('reads a lenient ODPS version such as v1.0.0', () => {
    const product = readProductDocument(officialExample('odps/simple-data-product.odps.yaml'));
    expect(contractToSpec(contract('schema/table-column.odcs.yaml'), product).version).toBe('1.0.0');
  });

  it('reads SLA percentages and durations in their units', () => {
    const spec = contractToSpec({
      kind: 'DataContract',
      slaProperties: [
        { property: 'availability', value: '99.5%' },
        { property: 'completeness', value: 0.98 },
        { property: 'accuracy', value: 97, unit: 'percent' },
        { property: 'latency', value: 2, unit: 'h' },
        { property: 'freshness', value: 'PT30M' },
      ],
    });
    expect(spec.sla).toEqual({ availability: 99.5, completeness: 98, accuracy: 97, freshnessMinutes: 30 });
  });

  it('lets an explicit pii custom property override the classification', () => {
    const spec = contractToSpec({
      schema: [
        {
          name: 't',
          properties: [
            {
              name: 'a',
              logicalType: 'string',
              classification: 'restricted',
              customProperties: [{ property: 'pii', value: false }],
            },
            { name: 'b', logicalType: 'string', customProperties: [{ property: 'pii', value: 'true' }] },
          ],
        },
      ],
    });
    expect(spec.schema.fields.map((f) => f.pii)).toEqual([undefined, true]);
  });

  it('refuses a contract that is not a mapping and an unknown schema object', () => {
    expect(() => contractToSpec(['not', 'a', 'mapping'])).toThrow(MeshError);
    expect(() =>
      contractToSpec(contract('all/full-example.odcs.yaml'), undefined, { object: 'nope' }),
    ).toThrow(/no schema object "nope"; it has tbl, receivers/);
  });
});
