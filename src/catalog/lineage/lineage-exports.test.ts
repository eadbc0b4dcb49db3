import { describe, expect, it } from 'vitest';
import type { ProductDescriptor } from '../../core/descriptor.ts';
import type { LineageEdge } from '../../core/lineage.ts';
import { LineageGraph } from './lineage-graph.ts';
import { toLineageMermaid } from './to-lineage-mermaid.ts';
import { toOpenLineage } from './to-openlineage.ts';

const edge = (from: string, to: string, description?: string): LineageEdge => ({
  from,
  to,
  createdAt: '2025-02-01T00:00:00.000Z',
  ...(description ? { description } : {}),
});

function product(id: string, more: Partial<ProductDescriptor> = {}): ProductDescriptor {
  return {
    id,
    name: id,
    domain: id.split('.')[0] ?? '',
    owner: 'team "x"',
    description: `About ${id}`,
    tags: [],
    version: '1.2.0',
    qualityLevel: 'silver',
    schema: {
      fields: [{ name: 'id', type: 'string', required: true, description: 'Key.' }],
      primaryKey: ['id'],
      indexes: [],
      rules: [],
    },
    sla: {},
    upstream: [],
    status: 'published',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-15T00:00:00.000Z',
    ...more,
  };
}

const graph = new LineageGraph([
  edge('worldbank:api.worldbank.org/v2', 'ext.gdp'),
  edge('ext.gdp', 'eco.report', 'join on "country"|year'),
]);
const descriptors = new Map(
  [
    product('ext.gdp'),
    product('eco.report', { derived: { sql: 'SELECT * FROM {{ext.gdp}}', inputs: ['ext.gdp'] } }),
  ].map((d) => [d.id, d]),
);

describe('toLineageMermaid', () => {
  it('draws a left-to-right flowchart with escaped labels, external sources and the root highlighted', () => {
    const text = toLineageMermaid(graph.view('ext.gdp', {}, descriptors));
    expect(text).toBe(
      [
        'flowchart LR',
        '  n0["ext.gdp<br/>published, team #quot;x#quot;"]',
        '  n1["eco.report<br/>published, team #quot;x#quot;"]',
        '  n2(["worldbank:api.worldbank.org/v2"])',
        '  n0 -->|"join on #quot;country#quot;/year"| n1',
        '  n2 --> n0',
        '  classDef external fill:#f4f4f4,stroke:#999,stroke-dasharray:3 3',
        '  class n2 external',
        '  classDef root fill:#fff3c4,stroke:#d4a000,stroke-width:2px',
        '  class n0 root',
        '',
      ].join('\n'),
    );
  });

  it('marks nodes the depth limit cut off', () => {
    expect(toLineageMermaid(graph.view('eco.report', { depth: 1 }, descriptors))).toContain(
      'n1["ext.gdp<br/>published, team #quot;x#quot; …"]',
    );
  });
});

describe('toOpenLineage', () => {
  it('writes one COMPLETE run event per product with its inputs, facets and a stable run id', () => {
    const view = graph.view(null, {}, descriptors);
    const events = toOpenLineage(view, descriptors, { namespace: 'acme' });
    expect(events.map((e) => e.job.name)).toEqual(['eco.report', 'ext.gdp']);
    const [report, gdp] = events;
    expect(report).toMatchObject({
      eventType: 'COMPLETE',
      eventTime: '2025-02-01T00:00:00.000Z',
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      job: { namespace: 'acme', name: 'eco.report', facets: { sql: { query: 'SELECT * FROM {{ext.gdp}}' } } },
      inputs: [{ namespace: 'acme', name: 'ext.gdp' }],
      outputs: [
        {
          namespace: 'acme',
          name: 'eco.report',
          facets: {
            schema: { fields: [{ name: 'id', type: 'string', description: 'Key.' }] },
            documentation: { description: 'About eco.report' },
            ownership: { owners: [{ name: 'team:team "x"', type: 'OWNER' }] },
          },
        },
      ],
    });
    expect(gdp?.inputs).toEqual([{ namespace: 'worldbank', name: 'api.worldbank.org/v2' }]);
    expect(report?.run.runId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(toOpenLineage(view, descriptors, { namespace: 'acme' })[0]?.run.runId).toBe(report?.run.runId);
  });

  it('names products in the meshwork namespace by default', () => {
    const events = toOpenLineage(graph.view('ext.gdp', { direction: 'up' }, descriptors), descriptors);
    expect(events.map((e) => [e.job.namespace, e.outputs[0]?.name])).toEqual([['meshwork', 'ext.gdp']]);
  });
});
