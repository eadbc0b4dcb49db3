import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProductDescriptor } from '../../core/descriptor.ts';
import type { Field } from '../../core/schema.ts';
import { InvertedIndex } from './inverted-index.ts';
import type { SearchFilters } from './search-query.ts';
import {
  decodeSearchSnapshot,
  encodeSearchSnapshot,
  readSearchSnapshot,
  writeSearchSnapshot,
} from './search-snapshot.ts';
import { toSearchDoc } from './search-store.ts';
import { phraseKey, queryWords } from './search-terms.ts';

function product(
  id: string,
  more: Partial<ProductDescriptor> & { fields?: string[] } = {},
): ProductDescriptor {
  const { fields, ...rest } = more;
  return {
    id,
    name: id.split('.')[1] ?? id,
    domain: id.split('.')[0] ?? id,
    owner: 'Team A',
    description: '',
    tags: [],
    version: '1.0.0',
    qualityLevel: 'silver',
    schema: {
      fields: (fields ?? ['id']).map((name) => ({ name, type: 'string', required: true }) as Field),
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

// Listed out of id order on purpose: the index sorts them, and the snapshot must keep that order.
const catalog = [
  product('web.clicks', { status: 'draft', tags: ['Realtime', 'web'] }),
  product('sales.orders', {
    description: 'Orders placed in the shop, with their café and ünïcode.',
    tags: ['core'],
  }),
  product('sales.order_lines', { fields: ['order_id', 'quantity'] }),
  product('finance.invoices', { fields: ['order_ref'], tags: ['orders'], qualityLevel: 'gold' }),
  product('crm.contacts', {
    fields: ['email'],
    description: 'Contacts and their order history.',
    owner: 'CRM',
  }),
  product('crm.old_orders', { status: 'archived' }),
];
const built = new InvertedIndex(catalog.map(toSearchDoc));
const key = { indexVersion: '1', generation: 'g-test' };

const queries: { text: string; filters?: SearchFilters }[] = [
  { text: 'orders' },
  { text: 'order' },
  { text: 'or' },
  { text: 'café' },
  { text: 'order history' },
  { text: 'web.clicks' },
  { text: '' },
  { text: '', filters: { status: 'archived' } },
  { text: 'order', filters: { domain: 'sales', owner: 'team a', tag: 'CORE' } },
  { text: '', filters: { qualityLevel: 'gold' } },
  { text: 'zyzzyva' },
];
const run = (index: InvertedIndex, q: { text: string; filters?: SearchFilters }) =>
  index.search(queryWords(q.text), phraseKey(q.text), q.filters ?? {}, 20);

const dir = mkdtempSync(join(tmpdir(), 'meshwork-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('search index snapshots', () => {
  it('give back an index that answers every query as the built one does, facets included', () => {
    const restored = decodeSearchSnapshot(encodeSearchSnapshot(built, key), key);
    expect(restored).toBeDefined();
    expect(restored?.size).toBe(catalog.length);
    for (const q of queries)
      expect(run(restored as InvertedIndex, q), JSON.stringify(q)).toEqual(run(built, q));
  });

  it('round-trips an empty catalog', () => {
    const empty = new InvertedIndex([]);
    const restored = decodeSearchSnapshot(encodeSearchSnapshot(empty, key), key);
    expect(restored?.size).toBe(0);
    expect(run(restored as InvertedIndex, { text: 'orders' }).products).toEqual([]);
  });

  it('are not used for another generation or another index version', () => {
    const bytes = encodeSearchSnapshot(built, key);
    expect(decodeSearchSnapshot(bytes, { ...key, generation: 'g-other' })).toBeUndefined();
    expect(decodeSearchSnapshot(bytes, { ...key, indexVersion: '2' })).toBeUndefined();
  });

  it('refuse damaged bytes: another kind of file, a truncated snapshot, postings pointing outside the index', () => {
    const bytes = encodeSearchSnapshot(built, key);
    expect(() => decodeSearchSnapshot(Buffer.from('not a snapshot at all'), key)).toThrow(
      /not a search snapshot/,
    );
    expect(() => decodeSearchSnapshot(bytes.subarray(0, bytes.length - 10), key)).toThrow(/truncated/);
    const parts = built.parts;
    const postDoc = Int32Array.from(parts.postDoc);
    postDoc[0] = catalog.length;
    expect(() => new InvertedIndex({ ...parts, postDoc })).toThrow(/outside the index/);
    expect(() => new InvertedIndex({ ...parts, terms: [...parts.terms].reverse() })).toThrow(/not sorted/);
  });

  it('are written to a file atomically and read back; a missing or damaged file reads as no snapshot', () => {
    const file = join(dir, 'store.duckdb.search');
    expect(readSearchSnapshot(file, key)).toBeUndefined();
    expect(writeSearchSnapshot(file, built, key)).toBe(true);
    expect(run(readSearchSnapshot(file, key) as InvertedIndex, { text: 'order' })).toEqual(
      run(built, { text: 'order' }),
    );
    writeFileSync(file, encodeSearchSnapshot(built, key).subarray(0, 100));
    expect(readSearchSnapshot(file, key)).toBeUndefined();
  });

  it('report a snapshot that cannot be written (a missing folder) instead of throwing', () => {
    expect(writeSearchSnapshot(join(dir, 'missing', 'store.duckdb.search'), built, key)).toBe(false);
  });
});
