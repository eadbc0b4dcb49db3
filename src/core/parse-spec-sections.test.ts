import { describe, expect, it } from 'vitest';
import { exampleSpec } from '../../test/support/example-mesh.ts';
import { parseProductSpec, safeParseProductSpec } from './parse-product-spec.ts';

const FIELDS = [
  { name: 'id', type: 'string' },
  { name: 'amount', type: 'number' },
  { name: 'region', type: 'string' },
  { name: 'day', type: 'date' },
  { name: 'paid', type: 'boolean' },
];

function spec(extra: Record<string, unknown>): Record<string, unknown> {
  return { id: 'shop.orders', schema: { primaryKey: ['id'], fields: FIELDS }, ...extra };
}

function issues(input: unknown): [string, string][] {
  const result = safeParseProductSpec(input);
  if (result.ok) return [];
  return result.issues.map((i) => [i.path.join('.'), i.message]);
}

describe('the example descriptors', () => {
  it('declare analytics, segments, quality levels and a derived product that all parse', () => {
    const sales = parseProductSpec(exampleSpec('sales'));
    expect(sales.analytics?.measures.map((m) => `${m.name}=${m.fn}(${m.field ?? '*'})`)).toEqual([
      'total_revenue=sum(amount)',
      'transactions=count(*)',
      'average_value=avg(amount)',
      'customers=count_distinct(customer_id)',
      'last_sale=max(date)',
    ]);
    expect(sales.analytics?.breakdowns.find((b) => b.name === 'top_customers')).toMatchObject({
      by: 'customer_id',
      top: 5,
      orderBy: { by: 'total_revenue', direction: 'desc' },
    });
    expect(sales.analytics?.breakdowns.find((b) => b.name === 'revenue_by_month')).toMatchObject({
      bucket: 'month',
      orderBy: { by: 'month', direction: 'asc' },
    });
    const customers = parseProductSpec(exampleSpec('customers'));
    expect(customers.segments?.map((s) => s.name)).toEqual([
      'high_value',
      'recent_interactions',
      'new_customers',
    ]);
    expect(customers.qualityLevels?.gold).toMatchObject({ fresh: true, validity: 100 });
  });
});

describe('the analytics section', () => {
  it('reads measures as a list or as a mapping with the fn(field) shorthand', () => {
    const parsed = parseProductSpec(
      spec({
        analytics: {
          measures: {
            revenue: 'sum(amount)',
            orders: 'count(*)',
            regions: { fn: 'count_distinct', field: 'region' },
          },
          breakdowns: {
            by_region: { by: 'region', orderBy: 'region' },
            per_month: { by: 'day', bucket: 'month', measures: ['revenue'] },
          },
        },
      }),
    );
    expect(parsed.analytics).toEqual({
      measures: [
        { name: 'revenue', fn: 'sum', field: 'amount' },
        { name: 'orders', fn: 'count' },
        { name: 'regions', fn: 'count_distinct', field: 'region' },
      ],
      breakdowns: [
        {
          name: 'by_region',
          by: 'region',
          measures: ['revenue', 'orders', 'regions'],
          orderBy: { by: 'region', direction: 'asc' },
        },
        {
          name: 'per_month',
          by: 'day',
          bucket: 'month',
          measures: ['revenue'],
          orderBy: { by: 'month', direction: 'asc' },
        },
      ],
    });
  });

  it('refuses measures that cannot be computed, each with its path', () => {
    expect(
      issues(
        spec({
          analytics: {
            measures: [
              { name: 'a', fn: 'median', field: 'amount' },
              { name: 'b', fn: 'sum', field: 'region' },
              { name: 'c', fn: 'sum' },
              { name: 'd', fn: 'max', field: 'paid' },
              { name: 'e', fn: 'avg', field: 'amonut' },
              { name: 'a', fn: 'count' },
              { name: 'bad name', fn: 'count' },
              'f',
              { fn: 'count' },
            ],
          },
        }),
      ),
    ).toEqual([
      ['analytics.measures.7.name', 'every measure needs a name'],
      ['analytics.measures.8.name', 'every measure needs a name'],
      [
        'analytics.measures.0.fn',
        'measure a uses unknown function "median"; use count, sum, avg, min, max, count_distinct',
      ],
      ['analytics.measures.1.field', 'measure b: sum needs a numeric field, but region is string'],
      ['analytics.measures.2.field', 'measure c needs a field to sum, e.g. sum(amount)'],
      ['analytics.measures.3.field', 'measure d: max cannot be taken of the boolean field paid'],
      [
        'analytics.measures.4.field',
        'measure e names field amonut, which is not in the schema; known fields: id, amount, region, day, paid',
      ],
      ['analytics.measures.5.name', 'measure a is declared twice'],
      ['analytics.measures.6.name', 'measure name "bad name" must use letters, digits and underscores only'],
    ]);
    expect(issues(spec({ analytics: { measures: { x: 'total of amount' } } }))).toEqual([
      [
        'analytics.measures.x',
        'measure x must read like sum(amount) or count(*), got the string "total of amount"',
      ],
    ]);
  });

  it('refuses breakdowns over unknown fields, measures or orders, and bad buckets or tops', () => {
    const measures = { revenue: 'sum(amount)' };
    expect(
      issues(
        spec({
          analytics: {
            measures,
            breakdowns: [
              { name: 'a', by: 'country' },
              { name: 'b', by: 'region', bucket: 'month' },
              { name: 'c', by: 'day', bucket: 'week' },
              { name: 'd', by: 'region', measures: ['profit'] },
              { name: 'e', by: 'region', orderBy: 'profit desc' },
              { name: 'f', by: 'region', top: 0 },
              { name: 'g', by: 'region', orderBy: 'revenue sideways' },
            ],
          },
        }),
      ),
    ).toEqual([
      ['analytics.breakdowns.0.by', 'breakdown a groups by country, which is not in the schema'],
      [
        'analytics.breakdowns.1.bucket',
        'breakdown b: only a date or timestamp field has calendar buckets, but region is string',
      ],
      ['analytics.breakdowns.2.bucket', 'bucket of breakdown c must be one of year, month, day'],
      [
        'analytics.breakdowns.3.measures',
        'breakdown d lists measure profit, which is not declared; declared: revenue',
      ],
      ['analytics.breakdowns.4.orderBy', 'breakdown e cannot be ordered by profit; use region, revenue'],
      ['analytics.breakdowns.5.top', 'top of breakdown f must be a whole number of 1 or more'],
      [
        'analytics.breakdowns.6.orderBy',
        'orderBy of breakdown g must be a measure or "region", optionally followed by asc or desc',
      ],
    ]);
  });
});

describe('the segments section', () => {
  it('reads segments as a list or a mapping of name to filter', () => {
    expect(
      parseProductSpec(
        spec({ segments: { big: 'amount > 100', eu: { where: "region = 'Europe'", description: 'EU' } } }),
      ).segments,
    ).toEqual([
      { name: 'big', where: 'amount > 100' },
      { name: 'eu', where: "region = 'Europe'", description: 'EU' },
    ]);
  });

  it('refuses segments with a bad name, a duplicate name or a filter that does not fit the schema', () => {
    expect(
      issues(
        spec({
          segments: [
            { name: 'Big', where: 'amount > 1' },
            { name: 'big', where: 'amount > 1' },
            { name: 'big', where: 'amount > 2' },
            { name: 'eu', where: "regoin = 'Europe'" },
            { name: 'all', where: '' },
            { name: 'none' },
          ],
        }),
      ),
    ).toEqual([
      [
        'segments.0.name',
        'segment name "Big" must start with a lowercase letter and use a-z, 0-9, _ and - only',
      ],
      ['segments.2.name', 'segment big is declared twice'],
      [
        'segments.3.where',
        'segment eu has an invalid filter: unknown field "regoin" in filter (did you mean "region"?); known fields: id, amount, region, day, paid',
      ],
      [
        'segments.4.where',
        'segment all has an invalid filter: the filter is empty, so the segment would hold every record',
      ],
      ['segments.5.where', 'where is required'],
    ]);
  });
});

describe('the qualityLevels section', () => {
  it('reads the requirements of silver and gold', () => {
    expect(
      parseProductSpec(
        spec({
          qualityLevels: { silver: { validity: 99 }, gold: { validity: 100, fresh: true, minRecords: 10 } },
        }),
      ).qualityLevels,
    ).toEqual({
      silver: { validity: 99 },
      gold: { validity: 100, fresh: true, minRecords: 10 },
    });
  });

  it('refuses bronze, unknown levels and requirements, and impossible values', () => {
    expect(
      issues(
        spec({
          qualityLevels: {
            bronze: {},
            platinum: {},
            silver: { completeness: 120, minRecords: -1, speed: 3, fresh: 'yes' },
          },
        }),
      ),
    ).toEqual([
      [
        'qualityLevels.bronze',
        'bronze is the level every product has; declare rules for silver and gold only',
      ],
      ['qualityLevels.platinum', 'unknown quality level platinum; declare rules for silver and gold'],
      [
        'qualityLevels.silver.speed',
        'unknown requirement speed for silver; use completeness, validity, uniqueness, fresh, minRecords',
      ],
      [
        'qualityLevels.silver.completeness',
        'silver.completeness is a percentage and must be between 0 and 100',
      ],
      ['qualityLevels.silver.fresh', 'fresh must be true or false, got the string "yes"'],
      ['qualityLevels.silver.minRecords', 'silver.minRecords must be a whole number of 0 or more'],
    ]);
  });
});

describe('the derived section', () => {
  const upstream = ['shop.items', 'shop.customers'];

  it('reads the SQL and the inputs its placeholders name', () => {
    const parsed = parseProductSpec(
      spec({
        upstream,
        derived: {
          sql: 'SELECT * FROM {{shop.items}} JOIN {{shop.customers}} USING (id)',
          description: 'joined',
        },
      }),
    );
    expect(parsed.derived).toEqual({
      sql: 'SELECT * FROM {{shop.items}} JOIN {{shop.customers}} USING (id)',
      inputs: ['shop.items', 'shop.customers'],
      description: 'joined',
    });
  });

  it('requires every input to be upstream, named as a product id, and not the product itself', () => {
    expect(
      issues(spec({ upstream, derived: { sql: 'SELECT * FROM {{shop.stock}}, {{Shop}}, {{shop.orders}}' } })),
    ).toEqual([
      ['derived.sql', 'the SQL reads {{shop.stock}}, which is not in upstream; add shop.stock to upstream'],
      ['derived.sql', '{{Shop}} is not a product id; write input products as {{domain.name}}'],
      ['derived.sql', 'a derived product cannot read itself ({{shop.orders}})'],
    ]);
  });

  it('refuses SQL without inputs and a missing query, leaving what SQL does to the parse-tree guard', () => {
    expect(issues(spec({ upstream, derived: { sql: 'SELECT 1' } }))).toEqual([
      [
        'derived.sql',
        'the SQL reads no input product; name each input as a placeholder such as {{sales.transactions}}',
      ],
    ]);
    // Statements that write are refused on the engine's parse tree (see test/fixtures/sql-attacks.json), not here.
    expect(issues(spec({ upstream, derived: { sql: 'DROP TABLE {{shop.items}}' } }))).toEqual([]);
    expect(issues(spec({ derived: {} }))).toEqual([['derived.sql', 'sql is required']]);
  });
});
