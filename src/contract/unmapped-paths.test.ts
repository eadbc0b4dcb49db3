import { describe, expect, it } from 'vitest';
import { readDocument } from './source-document.ts';
import { officialExample, officialExamples } from './testdata/official-examples.ts';
import { dataContractUnmapped, dpdsUnmapped, unreadPaths } from './unmapped-paths.ts';

describe('reporting what an import leaves out', () => {
  it('lists the paths a read description does not cover, walking nested mappings and wildcards', () => {
    const value = { a: 1, b: { c: 2, d: 3 }, e: { x: { k: 1, z: 2 }, y: { k: 2 } } };
    expect(unreadPaths(value, { a: true, b: { c: true }, e: { '*': { k: true } } })).toEqual([
      'b.d',
      'e.x.z',
    ]);
    expect(unreadPaths(value, { a: true, b: true, e: true })).toEqual([]);
  });

  it('names what the orders Data Contract Specification example loses: servers, terms, quality, other models', () => {
    const doc = readDocument(officialExample('dcs/orders-latest/datacontract.yaml'));
    const unmapped = dataContractUnmapped(doc);
    expect(unmapped).toEqual(
      expect.arrayContaining(['servers', 'terms', 'models.orders.quality', 'servicelevels.retention']),
    );
    // The mapped model's own fields are read; the second model, line_items, is reported whole.
    expect(unmapped.some((p) => p.startsWith('models.orders.fields.order_id'))).toBe(false);
    expect(unmapped).toContain('models.line_items');
    // Choosing the other model reports the first one instead.
    const other = dataContractUnmapped(doc, { model: 'line_items' });
    expect(other).toContain('models.orders');
    expect(other).not.toContain('models.line_items');
  });

  it('reports something for every official DCS and DPDS example, and never a path that the importer maps', () => {
    for (const e of officialExamples('dcs', ['.yaml'])) {
      const unmapped = dataContractUnmapped(readDocument(e.text));
      expect(unmapped.filter((p) => /^(info\.(title|owner|version)|id|tags)$/.test(p))).toEqual([]);
    }
    for (const e of officialExamples('dpds', ['.json', '.yaml'])) {
      const unmapped = dpdsUnmapped(readDocument(e.text));
      expect(unmapped.filter((p) => /^info\.(name|domain|owner|version)$/.test(p))).toEqual([]);
    }
  });

  it('reports the other output ports and the unmapped keys of the chosen one in a DPDS descriptor', () => {
    const doc = {
      dataProductDescriptor: '1.0.0',
      info: { name: 'trips', domain: 'mobility', owner: { id: 'ann' }, version: '1.0.0', contactPoints: [] },
      interfaceComponents: {
        outputPorts: [
          { name: 'a', promises: { api: {}, deprecationPolicy: {} }, expectations: {} },
          { name: 'b' },
        ],
      },
      internalComponents: {},
    };
    expect(dpdsUnmapped(doc)).toEqual([
      'info.contactPoints',
      'internalComponents',
      'interfaceComponents.outputPorts[0].promises.deprecationPolicy',
      'interfaceComponents.outputPorts[0].expectations',
      'interfaceComponents.outputPorts[1]',
    ]);
    expect(dpdsUnmapped(doc, { port: 'b' })).toContain('interfaceComponents.outputPorts[0]');
  });
});
