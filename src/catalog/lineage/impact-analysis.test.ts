import { describe, expect, it } from 'vitest';
import type { ProductDescriptor } from '../../core/descriptor.ts';
import type { LineageEdge } from '../../core/lineage.ts';
import { analyzeImpact, sqlReadsField } from './impact-analysis.ts';
import { LineageGraph } from './lineage-graph.ts';

const edge = (from: string, to: string): LineageEdge => ({ from, to, createdAt: '2025-01-01T00:00:00.000Z' });

function product(id: string, derived?: { sql: string; inputs: string[] }): ProductDescriptor {
  return {
    id,
    name: id,
    domain: id.split('.')[0] ?? '',
    owner: `${id.split('.')[0]}-team`,
    description: '',
    tags: [],
    version: '1.0.0',
    qualityLevel: 'silver',
    schema: {
      fields: [
        { name: 'id', type: 'string', required: true },
        { name: 'amount', type: 'number', required: true },
      ],
      primaryKey: ['id'],
      indexes: [],
      rules: [],
    },
    sla: {},
    upstream: [],
    ...(derived ? { derived } : {}),
    status: 'published',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  };
}

describe('sqlReadsField', () => {
  it('finds a column named as a word, quoted or behind an alias', () => {
    expect(sqlReadsField('SELECT s.amount FROM {{a.b}} s', 'amount')).toBe('names');
    expect(sqlReadsField('SELECT "Amount" AS x FROM {{a.b}}', 'amount')).toBe('names');
    expect(sqlReadsField('SELECT amount_eur FROM {{a.b}}', 'amount')).toBe(false);
  });

  it('ignores comments, string literals and placeholders', () => {
    expect(sqlReadsField("SELECT id, 'amount' AS label -- amount\nFROM {{sales.amount}}", 'amount')).toBe(
      false,
    );
  });

  it('counts select * and alias.* as reading every column, but not count(*)', () => {
    expect(sqlReadsField('SELECT * FROM {{a.b}}', 'amount')).toBe('star');
    expect(sqlReadsField('SELECT s.* FROM {{a.b}} s', 'amount')).toBe('star');
    expect(sqlReadsField('SELECT id, COUNT(*) AS n FROM {{a.b}} GROUP BY id', 'amount')).toBe(false);
  });
});

describe('analyzeImpact', () => {
  const root = product('a.sales');
  const descriptors = new Map(
    [
      product('b.uses_amount', {
        sql: 'SELECT id, SUM(amount) AS amount FROM {{a.sales}} GROUP BY id',
        inputs: ['a.sales'],
      }),
      product('b.ignores_amount', { sql: 'SELECT id FROM {{a.sales}}', inputs: ['a.sales'] }),
      product('b.declared'),
      product('c.below_uses'),
      product('c.below_ignores'),
      product('c.both'),
    ].map((d) => [d.id, d]),
  );
  const graph = new LineageGraph([
    edge('a.sales', 'b.uses_amount'),
    edge('a.sales', 'b.ignores_amount'),
    edge('a.sales', 'b.declared'),
    edge('b.uses_amount', 'c.below_uses'),
    edge('b.ignores_amount', 'c.below_ignores'),
    edge('b.ignores_amount', 'c.both'),
    edge('b.declared', 'c.both'),
    edge('c.both', 'a.sales'),
  ]);
  const readers = new Map([['b.uses_amount', [{ actor: 'alice', reads: 3, lastReadAt: '2025-01-02' }]]]);

  it('grades a field change by the derived SQL and passes the grade down, surest first', () => {
    const report = analyzeImpact({ product: root, field: 'amount', graph, descriptors, readers });
    expect(report.products.map((p) => [p.productId, p.level, p.distance])).toEqual([
      ['b.uses_amount', 'affected', 1],
      ['b.declared', 'potentially_affected', 1],
      ['c.below_uses', 'potentially_affected', 2],
      ['c.both', 'potentially_affected', 2],
      ['b.ignores_amount', 'unlikely', 1],
      ['c.below_ignores', 'unlikely', 2],
    ]);
    expect(report.products[0]?.readers).toEqual([{ actor: 'alice', reads: 3, lastReadAt: '2025-01-02' }]);
    expect(report.products.find((p) => p.productId === 'c.below_uses')?.path).toEqual([
      'a.sales',
      'b.uses_amount',
      'c.below_uses',
    ]);
  });

  it('lists every downstream product as affected when the whole product changes', () => {
    const report = analyzeImpact({ product: root, field: null, graph, descriptors, readers: new Map() });
    expect(report.products).toHaveLength(6);
    expect(new Set(report.products.map((p) => p.level))).toEqual(new Set(['affected']));
    expect(report.rule).toContain('Without a field, all of them are affected');
  });

  it('reports nothing downstream for a product nobody reads', () => {
    const report = analyzeImpact({
      product: product('z.alone'),
      field: 'amount',
      graph,
      descriptors,
      readers: new Map(),
    });
    expect(report.products).toEqual([]);
  });
});
