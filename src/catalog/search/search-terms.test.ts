import { describe, expect, it } from 'vitest';
import type { ProductDescriptor } from '../../core/descriptor.ts';
import {
  PLACE_WEIGHTS,
  phraseKey,
  placeTerms,
  prefixWeight,
  productPlaces,
  productTerms,
  queryWords,
  wordMatches,
} from './search-terms.ts';

const product: ProductDescriptor = {
  id: 'sales.customer_revenue',
  name: 'Customer Revenue',
  domain: 'sales',
  owner: 'Sales-Team',
  description: 'Revenue per customer from the orders of the shop.',
  tags: ['kpi', 'machine-learning'],
  version: '1.0.0',
  qualityLevel: 'gold',
  schema: {
    fields: [
      { name: 'customerId', type: 'string', required: true, description: 'The buyer.' },
      { name: 'total_amount', type: 'number', required: true, pii: false },
    ],
    primaryKey: ['customerId'],
    indexes: [],
    rules: [],
  },
  sla: {},
  upstream: [],
  status: 'published',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

describe('productPlaces', () => {
  it('finds a product by its id name, display name, domain, owner, tags, fields and their descriptions', () => {
    const places = productPlaces(product);
    const terms = (place: string) => places.filter((p) => p.place === place).flatMap(placeTerms);
    expect(terms('name')).toEqual(expect.arrayContaining(['customer_revenue', 'customer', 'revenue']));
    expect(terms('domain')).toEqual(['sales']);
    expect(terms('owner')).toEqual(['sales', 'team']);
    expect(terms('tag')).toEqual(['kpi', 'machine', 'learning']);
    expect(terms('field')).toEqual(['customerid', 'customer', 'id', 'total_amount', 'total', 'amount']);
    expect(terms('field_description')).toEqual(['buyer']);
  });

  it('leaves stop words and single letters out of description text', () => {
    const description = productPlaces(product).find((p) => p.place === 'description');
    expect(description && placeTerms(description)).toEqual(['revenue', 'per', 'customer', 'orders', 'shop']);
  });
});

describe('productTerms', () => {
  it('keeps each term once with the points of its strongest place', () => {
    const terms = new Map(productTerms(product).map((t) => [t.term, t]));
    expect(terms.get('revenue')?.weight).toBe(PLACE_WEIGHTS.name);
    expect(terms.get('amount')?.weight).toBe(PLACE_WEIGHTS.field);
    expect(terms.get('kpi')?.weight).toBe(PLACE_WEIGHTS.tag);
    expect(terms.get('team')?.weight).toBe(PLACE_WEIGHTS.owner);
    expect(terms.get('shop')?.weight).toBe(PLACE_WEIGHTS.description);
    expect(terms.get('buyer')?.weight).toBe(PLACE_WEIGHTS.field_description);
    expect(terms.get('sales')?.weight).toBe(PLACE_WEIGHTS.domain);
    expect(terms.get('revenue')?.prefixWeight).toBe(60);
  });
});

describe('the scoring', () => {
  it('ranks one word: name > name prefix > field > tag > domain or owner > description', () => {
    const order = [
      PLACE_WEIGHTS.name,
      prefixWeight(PLACE_WEIGHTS.name),
      PLACE_WEIGHTS.field,
      PLACE_WEIGHTS.tag,
      PLACE_WEIGHTS.domain,
      PLACE_WEIGHTS.description,
    ];
    expect([...order].sort((a, b) => b - a)).toEqual(order);
    expect(new Set(order).size).toBe(order.length);
  });
});

describe('queryWords', () => {
  it('lowercases, splits on punctuation but keeps underscores, and drops repeats and stop words', () => {
    expect(queryWords('Sales.Transactions customer_id, THE sales')).toEqual([
      'sales',
      'transactions',
      'customer_id',
    ]);
  });

  it('keeps stop words when nothing else is left', () => {
    expect(queryWords('the')).toEqual(['the']);
  });

  it('finds no words in punctuation', () => {
    expect(queryWords('?!--')).toEqual([]);
  });
});

describe('wordMatches', () => {
  it('matches a whole term, or its start when the word has two letters or more', () => {
    expect(wordMatches('revenue', 'revenue')).toBe('exact');
    expect(wordMatches('rev', 'revenue')).toBe('prefix');
    expect(wordMatches('r', 'revenue')).toBeUndefined();
    expect(wordMatches('venue', 'revenue')).toBeUndefined();
  });
});

describe('phraseKey', () => {
  it('lowercases and collapses whitespace', () => {
    expect(phraseKey('  Customer \t Revenue ')).toBe('customer revenue');
  });
});
