/** Deterministic generator of product specs for the catalog benchmarks (same seed, same catalog). */
import type { ProductSpec } from '../src/core/descriptor.ts';
import type { Field } from '../src/core/schema.ts';

const DOMAINS = [
  'sales',
  'finance',
  'marketing',
  'customer',
  'logistics',
  'inventory',
  'hr',
  'support',
  'billing',
  'risk',
  'fraud',
  'pricing',
  'supply',
  'procurement',
  'payments',
  'web',
  'mobile',
  'ads',
  'legal',
  'security',
];
const NOUNS = [
  'orders',
  'transactions',
  'invoices',
  'payments',
  'refunds',
  'shipments',
  'returns',
  'accounts',
  'leads',
  'campaigns',
  'clicks',
  'sessions',
  'tickets',
  'contracts',
  'employees',
  'suppliers',
  'products',
  'prices',
  'forecasts',
  'budgets',
  'claims',
  'alerts',
  'events',
  'subscriptions',
  'churn',
  'revenue',
  'margins',
  'stock',
];
const QUALIFIERS = [
  'daily',
  'weekly',
  'monthly',
  'raw',
  'clean',
  'enriched',
  'regional',
  'global',
  'open',
  'late',
];
const FIELDS: readonly Pick<Field, 'name' | 'type' | 'description' | 'pii'>[] = [
  { name: 'id', type: 'string', description: 'Unique identifier of the record.' },
  { name: 'customer_id', type: 'string', description: 'The customer the record belongs to.' },
  { name: 'email', type: 'string', description: 'Contact e-mail address.', pii: true },
  { name: 'phone', type: 'string', description: 'Contact phone number.', pii: true },
  { name: 'amount', type: 'number', description: 'Monetary amount in the account currency.' },
  { name: 'currency', type: 'string', description: 'ISO 4217 currency code.' },
  { name: 'quantity', type: 'integer', description: 'Number of units.' },
  { name: 'created_at', type: 'timestamp', description: 'When the record was created.' },
  { name: 'day', type: 'date', description: 'Business day the record counts for.' },
  { name: 'region', type: 'string', description: 'Sales region of the record.' },
  { name: 'country', type: 'string', description: 'Country code (ISO 3166).' },
  { name: 'status', type: 'string', description: 'Processing state.' },
  { name: 'channel', type: 'string', description: 'Acquisition or sales channel.' },
  { name: 'score', type: 'number', description: 'Model score between 0 and 1.' },
  { name: 'is_active', type: 'boolean', description: 'Whether the record is active.' },
  { name: 'supplier_name', type: 'string', description: 'Name of the supplier.' },
  { name: 'birth_date', type: 'date', description: 'Date of birth of the person.', pii: true },
  { name: 'discount_rate', type: 'number', description: 'Discount applied, in percent.' },
];
const TAGS = [
  'pii',
  'finance',
  'kpi',
  'daily',
  'realtime',
  'gdpr',
  'experimental',
  'certified',
  'core',
  'ml',
];
const LEVELS = ['bronze', 'silver', 'gold'] as const;

/** A small fast PRNG (mulberry32) so runs are repeatable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Generates `count` distinct product specs (6–14 fields each) deterministically from `seed`. */
export function* generateProducts(count: number, seed = 7): Generator<ProductSpec> {
  const rnd = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  for (let i = 0; i < count; i++) {
    const domain = pick(DOMAINS);
    const noun = pick(NOUNS);
    const qualifier = pick(QUALIFIERS);
    const fieldCount = 6 + Math.floor(rnd() * 9);
    const fields = [...FIELDS].sort(() => rnd() - 0.5).slice(0, fieldCount);
    if (!fields.some((f) => f.name === 'id')) fields[0] = FIELDS[0] as Field;
    yield {
      id: `${domain}.${qualifier}_${noun}_${i}`,
      name: `${qualifier[0]?.toUpperCase()}${qualifier.slice(1)} ${noun} ${i}`,
      domain,
      owner: `${domain}-team-${Math.floor(rnd() * 5)}`,
      description: `${qualifier} ${noun} of the ${domain} domain, refreshed ${pick(QUALIFIERS)}; used for ${pick(NOUNS)} and ${pick(NOUNS)} reporting.`,
      tags: [...new Set([pick(TAGS), pick(TAGS)])],
      version: '1.0.0',
      qualityLevel: pick(LEVELS),
      schema: {
        fields: fields.map((f) => ({ ...f, required: f.name === 'id' })),
        primaryKey: ['id'],
        indexes: [],
        rules: [],
      },
      sla: {},
      upstream: [],
    };
  }
}
