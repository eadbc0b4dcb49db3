import { describe, expect, it } from 'vitest';
import type { ProductDescriptor } from '../../core/descriptor.ts';
import type { Field } from '../../core/schema.ts';
import { InvertedIndex } from './inverted-index.ts';
import { decodeTerms, toSearchDoc } from './search-store.ts';
import { phraseKey, productTerms, queryWords } from './search-terms.ts';

function product(
  id: string,
  more: Partial<ProductDescriptor> & { fields?: Partial<Field>[] } = {},
): ProductDescriptor {
  const { fields, ...rest } = more;
  return {
    id,
    name: id.split('.')[1] ?? id,
    domain: id.split('.')[0] ?? id,
    owner: 'team-a',
    description: '',
    tags: [],
    version: '1.0.0',
    qualityLevel: 'silver',
    schema: {
      fields: (fields ?? [{ name: 'id' }]).map((f) => ({ type: 'string', required: true, ...f }) as Field),
      primaryKey: [],
      indexes: [],
      rules: [],
    },
    sla: {},
    upstream: [],
    status: 'published',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...rest,
  };
}

const catalog = [
  product('sales.orders', { description: 'Orders placed in the shop.', tags: ['core'] }),
  product('sales.order_lines', { fields: [{ name: 'order_id' }, { name: 'quantity' }] }),
  product('finance.invoices', { fields: [{ name: 'order_ref' }], tags: ['orders'] }),
  product('crm.contacts', {
    fields: [{ name: 'email', pii: true }],
    description: 'Contacts and their order history.',
    owner: 'crm-team',
    qualityLevel: 'gold',
  }),
  product('crm.old_orders', { status: 'archived' }),
  product('web.clicks', { status: 'draft', tags: ['Realtime'] }),
];

const index = new InvertedIndex(catalog.map(toSearchDoc));
const search = (text: string, filters = {}, limit = 20) =>
  index
    .search(queryWords(text), phraseKey(text), filters, limit)
    .products.map((r) => `${r.productId}:${r.score}`);

describe('InvertedIndex', () => {
  it('ranks an exact name, then a name word or prefix, then a field, a tag and description text', () => {
    expect(search('orders')).toEqual(['sales.orders:1100', 'finance.invoices:30']);
    expect(search('order')).toEqual([
      'sales.order_lines:300',
      'sales.orders:260',
      'finance.invoices:40',
      'crm.contacts:10',
    ]);
  });

  it('needs every word to match and adds their points up', () => {
    expect(search('order quantity')).toEqual(['sales.order_lines:140']);
    expect(search('order nothing')).toEqual([]);
  });

  it('matches the start of a word only from two letters on', () => {
    expect(search('em')).toEqual(['crm.contacts:24']);
    expect(search('e')).toEqual([]);
  });

  it('leaves archived products out unless asked for by status', () => {
    expect(search('old')).toEqual([]);
    expect(search('old', { status: 'archived' })).toEqual(['crm.old_orders:300']);
  });

  it('filters by domain, status, tag, quality level, owner and PII', () => {
    expect(search('', { domain: 'sales' })).toEqual(['sales.order_lines:0', 'sales.orders:0']);
    expect(search('', { status: 'draft' })).toEqual(['web.clicks:0']);
    expect(search('', { tag: 'REALTIME' })).toEqual(['web.clicks:0']);
    expect(search('', { qualityLevel: 'gold' })).toEqual(['crm.contacts:0']);
    expect(search('', { owner: 'CRM-Team' })).toEqual(['crm.contacts:0']);
    expect(search('', { pii: true })).toEqual(['crm.contacts:0']);
    expect(search('', { pii: false, domain: 'crm' })).toEqual([]);
  });

  it('counts the facets of everything found, beyond the limit', () => {
    const { products, facets } = index.search([], '', {}, 1);
    expect(products).toHaveLength(1);
    const found = Object.values(facets.domain).reduce((a, b) => a + b, 0);
    expect(found).toBeGreaterThan(1);
    expect(facets.pii.yes + facets.pii.no).toBe(found);
  });

  it('breaks ties by id and keeps the limit', () => {
    expect(search('id', {}, 2)).toEqual(['sales.order_lines:40', 'sales.orders:40']);
  });

  it('answers from an empty catalog', () => {
    expect(new InvertedIndex([]).search(['x'], 'x', {}, 5)).toEqual({
      products: [],
      facets: { domain: {}, status: {}, tag: {}, qualityLevel: {}, owner: {}, pii: { yes: 0, no: 0 } },
    });
  });
});

describe('the stored terms', () => {
  it('encode and decode to the same terms and points', () => {
    const d = catalog[3] as ProductDescriptor;
    expect(decodeTerms(toSearchDoc(d).terms).sort((a, b) => a.term.localeCompare(b.term))).toEqual(
      productTerms(d)
        .map(({ term, weight }) => ({ term, weight }))
        .sort((a, b) => a.term.localeCompare(b.term)),
    );
  });
});
