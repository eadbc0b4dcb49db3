import { describe, expect, it } from 'vitest';
import { MeshError } from '../errors.ts';
import type { Schema } from '../schema.ts';
import type { Filter } from './ast.ts';
import { compileFilterPredicate, compileFilterRowPredicate } from './compile-filter-predicate.ts';
import { parseFilterExpression } from './parse-filter-expression.ts';

// The demo's sample data (shared/seed/sample_sales.json and sample_customers.json) with TXN006 moved to Europe and
// CUST457, plus a customer who never interacted, so that null handling is exercised.
const SALES = [
  {
    transaction_id: 'TXN001',
    product_id: 'PROD123',
    customer_id: 'CUST456',
    amount: 150.0,
    date: '2025-10-01',
    product_category: 'Electronics',
    region: 'North America',
  },
  {
    transaction_id: 'TXN002',
    product_id: 'PROD124',
    customer_id: 'CUST457',
    amount: 200.0,
    date: '2025-10-02',
    product_category: 'Books',
    region: 'Europe',
  },
  {
    transaction_id: 'TXN003',
    product_id: 'PROD123',
    customer_id: 'CUST456',
    amount: 300.5,
    date: '2025-10-03',
    product_category: 'Electronics',
    region: 'North America',
  },
  {
    transaction_id: 'TXN004',
    product_id: 'PROD125',
    customer_id: 'CUST458',
    amount: 50.25,
    date: '2025-10-03',
    product_category: 'Apparel',
    region: 'Asia',
  },
  {
    transaction_id: 'TXN005',
    product_id: 'PROD124',
    customer_id: 'CUST459',
    amount: 120.0,
    date: '2025-10-04',
    product_category: 'Books',
    region: 'Europe',
  },
  {
    transaction_id: 'TXN006',
    product_id: 'PROD126',
    customer_id: 'CUST457',
    amount: 75.0,
    date: '2025-10-05',
    product_category: 'Home Goods',
    region: 'Europe',
  },
];

const CUSTOMERS = [
  {
    customer_id: 'CUST001',
    name: 'João Silva',
    email: 'joao.silva@example.com',
    registration_date: '2024-01-15',
    lifetime_value: 5000.0,
    tier: 'gold',
    last_interaction: '2025-10-07 10:30:00',
  },
  {
    customer_id: 'CUST002',
    name: 'Maria Santos',
    email: 'maria.santos@example.com',
    registration_date: '2024-03-20',
    lifetime_value: 1500.0,
    tier: 'silver',
    last_interaction: '2025-10-06 14:00:00',
  },
  {
    customer_id: 'CUST003',
    name: 'Pedro Oliveira',
    email: 'pedro.oliveira@example.com',
    registration_date: '2025-05-10',
    lifetime_value: 500.0,
    tier: 'bronze',
    last_interaction: '2025-10-05 09:15:00',
  },
  {
    customer_id: 'CUST004',
    name: 'Ana Souza',
    email: 'ana.souza@example.com',
    registration_date: '2024-02-01',
    lifetime_value: 7500.0,
    tier: 'gold',
    last_interaction: '2025-10-07 11:00:00',
  },
  {
    customer_id: 'CUST005',
    name: 'Rui 50%_Off',
    email: 'rui@example.com',
    registration_date: '2025-12-31',
    lifetime_value: 0,
    tier: 'bronze',
    last_interaction: null,
  },
];

const sales: Schema = {
  fields: [
    { name: 'transaction_id', type: 'string', required: true },
    { name: 'product_id', type: 'string', required: true },
    { name: 'customer_id', type: 'string', required: true },
    { name: 'amount', type: 'number', required: true },
    { name: 'date', type: 'date', required: true },
    { name: 'product_category', type: 'string', required: true },
    { name: 'region', type: 'string', required: true },
  ],
  primaryKey: ['transaction_id'],
  indexes: [],
  rules: [],
};

const customers: Schema = {
  fields: [
    { name: 'customer_id', type: 'string', required: true },
    { name: 'name', type: 'string', required: true },
    { name: 'email', type: 'string', required: true },
    { name: 'registration_date', type: 'date', required: true },
    { name: 'lifetime_value', type: 'number', required: true },
    { name: 'tier', type: 'string', required: true },
    { name: 'last_interaction', type: 'timestamp', required: false },
  ],
  primaryKey: ['customer_id'],
  indexes: [],
  rules: [],
};

const counts: Schema = {
  fields: [
    { name: 'id', type: 'integer', required: true },
    { name: 'n', type: 'integer', required: false },
    { name: 'flag', type: 'boolean', required: false },
  ],
  primaryKey: ['id'],
  indexes: [],
  rules: [],
};

function matchingCustomers(text: string): string[] {
  const matches = compileFilterPredicate(parseFilterExpression(text), customers);
  return CUSTOMERS.filter(matches).map((c) => c.customer_id);
}

function matchingSales(text: string): string[] {
  const matches = compileFilterPredicate(parseFilterExpression(text), sales);
  return SALES.filter(matches).map((s) => s.transaction_id);
}

describe('compileFilterPredicate', () => {
  it('selects gold customers worth more than 3000', () => {
    expect(matchingCustomers("lifetime_value > 3000 and tier = 'gold'")).toEqual(['CUST001', 'CUST004']);
  });

  it('compares timestamps with a date, which means midnight', () => {
    expect(matchingCustomers("last_interaction > '2025-10-06'")).toEqual(['CUST001', 'CUST002', 'CUST004']);
    expect(matchingCustomers("last_interaction >= '2025-10-06 14:00:00'")).toEqual([
      'CUST001',
      'CUST002',
      'CUST004',
    ]);
  });

  it('compares timestamps with ISO 8601 literals in other time zones', () => {
    expect(matchingCustomers("last_interaction = '2025-10-07T12:30:00+02:00'")).toEqual(['CUST001']);
    expect(matchingCustomers("last_interaction < '2025-10-06T00:00:00-09:30'")).toEqual(['CUST003']);
  });

  it('extracts year, month and day from dates and timestamps', () => {
    expect(matchingCustomers('year(registration_date) = 2025')).toEqual(['CUST003', 'CUST005']);
    expect(matchingCustomers('month(registration_date) in (1, 2)')).toEqual(['CUST001', 'CUST004']);
    expect(matchingCustomers('day(last_interaction) = 7')).toEqual(['CUST001', 'CUST004']);
    expect(matchingSales('day(date) >= 4')).toEqual(['TXN005', 'TXN006']);
  });

  it('selects sales in a list of regions or above an amount', () => {
    expect(matchingSales("region in ('Europe', 'Asia') or amount >= 200")).toEqual([
      'TXN002',
      'TXN003',
      'TXN004',
      'TXN005',
      'TXN006',
    ]);
    expect(matchingSales("region not in ('Europe', 'Asia')")).toEqual(['TXN001', 'TXN003']);
  });

  it('finds text with contains, treating % and _ in the text literally', () => {
    expect(matchingCustomers("name contains 'Silva'")).toEqual(['CUST001']);
    expect(matchingCustomers("name contains '50%_'")).toEqual(['CUST005']);
    expect(matchingCustomers("name contains '0%O'")).toEqual([]);
    expect(matchingCustomers("name not contains 'a'")).toEqual(['CUST005']);
  });

  it('matches like patterns with % for any run and _ for one character', () => {
    expect(matchingCustomers("name like 'Jo_o %'")).toEqual(['CUST001']);
    expect(matchingCustomers("name like 'J%'")).toEqual(['CUST001']);
    expect(matchingCustomers("name like 'j%'")).toEqual([]);
    expect(matchingCustomers("name like '%a'")).toEqual(['CUST001', 'CUST003', 'CUST004']);
    expect(matchingCustomers("name like 'Rui 50\\%\\_Off'")).toEqual(['CUST005']);
    expect(matchingCustomers("email like '%.%@%'")).toEqual(['CUST001', 'CUST002', 'CUST003', 'CUST004']);
  });

  it('matches ilike patterns regardless of case', () => {
    expect(matchingCustomers("name ilike 'JOÃO%'")).toEqual(['CUST001']);
    expect(matchingCustomers("name not ilike '%S%'")).toEqual(['CUST003', 'CUST005']);
  });

  it('applies lower, upper and length', () => {
    expect(matchingCustomers("lower(name) = 'ana souza'")).toEqual(['CUST004']);
    expect(matchingCustomers("upper(tier) = 'GOLD'")).toEqual(['CUST001', 'CUST004']);
    expect(matchingCustomers('length(name) = 10')).toEqual(['CUST001']);
  });

  it('counts characters, not UTF-16 units, in length and like', () => {
    const match = compileFilterPredicate(
      parseFilterExpression("length(name) = 3 and name like 'a_c'"),
      customers,
    );
    expect(match({ name: 'a🦆c' })).toBe(true);
  });

  it('checks null and not null', () => {
    expect(matchingCustomers('last_interaction is not null')).toEqual([
      'CUST001',
      'CUST002',
      'CUST003',
      'CUST004',
    ]);
    expect(matchingCustomers('last_interaction is null')).toEqual(['CUST005']);
    expect(matchingCustomers('year(last_interaction) is null')).toEqual(['CUST005']);
  });

  it('treats a missing field like null', () => {
    const match = compileFilterPredicate(parseFilterExpression('last_interaction is null'), customers);
    expect(match({ customer_id: 'CUST009' })).toBe(true);
  });

  describe('three-valued logic, as SQL evaluates it', () => {
    const rui = CUSTOMERS[4] as (typeof CUSTOMERS)[number];
    const test = (text: string): boolean =>
      compileFilterPredicate(parseFilterExpression(text), customers)(rui);

    it('makes a comparison with null unknown, so neither it nor its negation matches', () => {
      expect(test("last_interaction > '2025-01-01'")).toBe(false);
      expect(test("not last_interaction > '2025-01-01'")).toBe(false);
      expect(test("last_interaction = '2025-01-01'")).toBe(false);
      expect(test("last_interaction != '2025-01-01'")).toBe(false);
      expect(test("last_interaction in ('2025-01-01')")).toBe(false);
      expect(test("last_interaction not in ('2025-01-01')")).toBe(false);
      expect(test("not (last_interaction > '2025-01-01' or last_interaction <= '2025-01-01')")).toBe(false);
    });

    it('does not make x or not x true when x is unknown', () => {
      expect(test("last_interaction > '2025-01-01' or not last_interaction > '2025-01-01'")).toBe(false);
    });

    it('lets false win over unknown in and, and true win over unknown in or', () => {
      expect(test("last_interaction > '2025-01-01' and tier = 'gold'")).toBe(false);
      expect(test("not (last_interaction > '2025-01-01' and tier = 'gold')")).toBe(true);
      expect(test("last_interaction > '2025-01-01' or tier = 'bronze'")).toBe(true);
      expect(test("not (last_interaction > '2025-01-01' or tier = 'gold')")).toBe(false);
    });

    it('keeps unknown through double negation', () => {
      expect(test("not not last_interaction > '2025-01-01'")).toBe(false);
    });

    it('never gives unknown for a null check', () => {
      expect(test('not last_interaction is not null')).toBe(true);
    });
  });

  it('compares whole numbers held as bigint the same as numbers', () => {
    const match = compileFilterPredicate(parseFilterExpression('n = 5 or id in (7)'), counts);
    expect(match({ id: 1n, n: 5n })).toBe(true);
    expect(match({ id: 7n, n: null })).toBe(true);
    expect(match({ id: 2n, n: 6n })).toBe(false);
  });

  it('compares booleans', () => {
    const match = compileFilterPredicate(parseFilterExpression('flag = true'), counts);
    expect(match({ id: 1, flag: true })).toBe(true);
    expect(match({ id: 1, flag: false })).toBe(false);
    expect(match({ id: 1, flag: null })).toBe(false);
  });

  it('matches everything with the empty filter and nothing with an empty or', () => {
    expect(CUSTOMERS.filter(compileFilterPredicate({ kind: 'and', items: [] }, customers))).toHaveLength(5);
    expect(CUSTOMERS.filter(compileFilterPredicate({ kind: 'or', items: [] }, customers))).toHaveLength(0);
  });

  it('binds the filter first, so unbound timestamp literals still compare correctly', () => {
    const unbound: Filter = {
      kind: 'compare',
      left: { kind: 'field', field: 'last_interaction' },
      op: 'gte',
      value: '2025-10-07T10:30:00Z',
    };
    expect(CUSTOMERS.filter(compileFilterPredicate(unbound, customers)).map((c) => c.customer_id)).toEqual([
      'CUST001',
      'CUST004',
    ]);
  });

  it('rejects a filter that does not fit the schema', () => {
    expect(() => compileFilterPredicate(parseFilterExpression("regoin = 'Europe'"), sales)).toThrow(
      MeshError,
    );
    expect(() => compileFilterPredicate(parseFilterExpression("regoin = 'Europe'"), sales)).toThrow(
      'did you mean "region"?',
    );
  });
});

describe('compileFilterRowPredicate', () => {
  it('evaluates rows held as arrays in schema field order', () => {
    const match = compileFilterRowPredicate(
      parseFilterExpression("tier = 'gold' and last_interaction is not null"),
      customers,
    );
    const rows = CUSTOMERS.map((c) => customers.fields.map((f) => c[f.name as keyof typeof c]));
    expect(rows.filter(match).map((r) => r[0])).toEqual(['CUST001', 'CUST004']);
  });

  it('rejects a filter that does not fit the schema', () => {
    expect(() => compileFilterRowPredicate(parseFilterExpression('amount > 0'), customers)).toThrow(
      'unknown field "amount"',
    );
  });
});
