import { describe, expect, it } from 'vitest';
import { PRODUCT_ID_PATTERN } from '../core/descriptor.ts';
import { MeshError } from '../core/errors.ts';
import { parseProductSpec } from '../core/parse-product-spec.ts';
import { dataContractModels, dataContractToSpec } from './dcs-to-spec.ts';
import { readDocument } from './source-document.ts';
import { officialExample, officialExamples } from './testdata/official-examples.ts';

describe('importing Data Contract Specification documents', () => {
  it.each(officialExamples('dcs', ['.yaml']).map((e) => [e.name, e.text]))(
    'maps %s to a valid spec',
    (_name, text) => {
      const spec = dataContractToSpec(readDocument(text));
      expect(spec.id).toMatch(PRODUCT_ID_PATTERN);
      expect(() => parseProductSpec(spec)).not.toThrow();
    },
  );

  it('maps the orders example: info, fields with resolved definitions, key, PII and service levels', () => {
    const spec = dataContractToSpec(readDocument(officialExample('dcs/orders-latest/datacontract.yaml')));
    expect(spec).toMatchObject({
      id: 'default.orders_latest',
      name: 'Orders Latest',
      owner: 'Checkout Team',
      version: '2.0.0',
      tags: ['checkout', 'orders', 's3'],
      sla: { availability: 99.9, freshnessMinutes: 25 * 60 },
    });
    expect(spec.description.startsWith('Successful customer orders in the webshop.')).toBe(true);
    expect(spec.schema.primaryKey).toEqual(['order_id']);
    const byName = new Map(spec.schema.fields.map((f) => [f.name, f]));
    // order_id comes from #/definitions/order_id.
    expect(byName.get('order_id')).toMatchObject({
      type: 'string',
      format: 'uuid',
      pii: true,
      classification: 'restricted',
      required: true,
    });
    expect(byName.get('order_total')).toMatchObject({ type: 'integer', required: true, examples: [9999] });
    expect(byName.get('customer_id')).toMatchObject({
      type: 'string',
      minLength: 10,
      maxLength: 20,
      required: false,
    });
    expect(byName.get('customer_email_address')).toMatchObject({
      format: 'email',
      pii: true,
      classification: 'sensitive',
    });
    expect(byName.get('processed_timestamp')?.type).toBe('timestamp');
  });

  it('maps another model on request and refuses an unknown one', () => {
    const doc = readDocument(officialExample('dcs/orders-latest/datacontract.yaml'));
    expect(dataContractModels(doc)).toEqual(['orders', 'line_items']);
    const items = dataContractToSpec(doc, { model: 'line_items' });
    expect(items.schema.primaryKey).toEqual(['order_id', 'line_item_id']);
    expect(items.schema.fields.find((f) => f.name === 'sku')).toMatchObject({
      pattern: '^[A-Za-z0-9]{8,14}$',
    });
    expect(() => dataContractToSpec(doc, { model: 'nope' })).toThrow(MeshError);
  });

  it('keeps types it cannot represent as strings', () => {
    const spec = dataContractToSpec(
      readDocument(officialExample('dcs/variant-json-example/datacontract.yaml')),
    );
    expect(spec.schema.fields.map((f) => f.type)).toEqual(['string', 'string', 'string', 'string']);
  });

  it('refuses a document that is not a mapping', () => {
    expect(() => dataContractToSpec('text')).toThrow(/must be a mapping/);
  });
});
