import { describe, expect, it } from 'vitest';
import type { ProductDescriptor } from '../../core/descriptor.ts';
import { MeshError } from '../../core/errors.ts';
import type { LineageEdge } from '../../core/lineage.ts';
import { LineageGraph, parseLineageWalkOptions } from './lineage-graph.ts';

const edge = (from: string, to: string): LineageEdge => ({ from, to, createdAt: '2025-01-01T00:00:00.000Z' });

// web:logs → a.raw → a.clean → b.report → c.kpi, a.clean → c.kpi, and a cycle c.kpi → c.loop → c.kpi
const graph = new LineageGraph([
  edge('web:logs', 'a.raw'),
  edge('a.raw', 'a.clean'),
  edge('a.clean', 'b.report'),
  edge('b.report', 'c.kpi'),
  edge('a.clean', 'c.kpi'),
  edge('c.kpi', 'c.loop'),
  edge('c.loop', 'c.kpi'),
]);

const distances = (walk: { distances: ReadonlyMap<string, number> }) => Object.fromEntries(walk.distances);

describe('LineageGraph.walk', () => {
  it('walks downstream to any depth, each node at its shortest distance', () => {
    expect(distances(graph.walk('a.raw', 'down'))).toEqual({
      'a.raw': 0,
      'a.clean': 1,
      'b.report': 2,
      'c.kpi': 2,
      'c.loop': 3,
    });
  });

  it('walks upstream to external sources', () => {
    expect(distances(graph.walk('b.report', 'up'))).toEqual({
      'b.report': 0,
      'a.clean': 1,
      'a.raw': 2,
      'web:logs': 3,
    });
  });

  it('stops at the depth limit and marks the nodes it cut off', () => {
    const walk = graph.walk('a.raw', 'down', 1);
    expect(distances(walk)).toEqual({ 'a.raw': 0, 'a.clean': 1 });
    expect([...walk.truncated]).toEqual(['a.clean']);
    expect(walk.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['a.raw>a.clean']);
  });

  it('ends on a cycle instead of looping', () => {
    const walk = graph.walk('c.kpi', 'down');
    expect(distances(walk)).toEqual({ 'c.kpi': 0, 'c.loop': 1 });
    expect(walk.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['c.kpi>c.loop', 'c.loop>c.kpi']);
  });
});

describe('LineageGraph.view', () => {
  const described = new Map([
    [
      'a.clean',
      { id: 'a.clean', name: 'Clean', domain: 'a', owner: 'team-a', version: '2.0.0', status: 'published' },
    ],
  ]) as unknown as Map<string, ProductDescriptor>;

  it('puts the root first, describes products it knows and tells sources from products', () => {
    const view = graph.view('a.clean', { direction: 'both', depth: 1 }, described);
    expect(view.nodes.map((n) => [n.id, n.kind, n.upstreamDistance, n.downstreamDistance])).toEqual([
      ['a.clean', 'product', 0, 0],
      ['a.raw', 'product', 1, null],
      ['b.report', 'product', null, 1],
      ['c.kpi', 'product', null, 1],
    ]);
    expect(view.nodes[0]).toMatchObject({ owner: 'team-a', status: 'published', version: '2.0.0' });
    expect(view.nodes.filter((n) => n.truncated).map((n) => n.id)).toEqual(['a.raw', 'b.report', 'c.kpi']);
  });

  it('shows the whole graph without a root', () => {
    const view = graph.view(null, {}, new Map());
    expect(view.nodes.map((n) => n.id)).toEqual([
      'a.clean',
      'a.raw',
      'b.report',
      'c.kpi',
      'c.loop',
      'web:logs',
    ]);
    expect(view.nodes.find((n) => n.id === 'web:logs')?.kind).toBe('external');
    expect(view.edges).toHaveLength(7);
  });
});

describe('parseLineageWalkOptions', () => {
  it('accepts a direction and a whole depth of 1 or more', () => {
    expect(parseLineageWalkOptions({ direction: 'up', depth: 2 })).toEqual({ direction: 'up', depth: 2 });
    expect(parseLineageWalkOptions({})).toEqual({});
  });

  it('refuses an unknown direction and a depth below 1 with invalid_input', () => {
    for (const input of [{ direction: 'sideways' }, { depth: 0 }, { depth: 1.5 }, { depth: '2' }]) {
      const error = (() => {
        try {
          parseLineageWalkOptions(input);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(MeshError);
      expect((error as MeshError).code).toBe('invalid_input');
    }
  });
});
