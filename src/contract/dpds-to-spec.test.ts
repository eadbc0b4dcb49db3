import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProductSpec } from '../core/parse-product-spec.ts';
import { dpdsToSpec } from './dpds-to-spec.ts';
import { readDocument } from './source-document.ts';
import { OFFICIAL_DIR, officialExample } from './testdata/official-examples.ts';

const TRIP = join(OFFICIAL_DIR, 'dpds/tripexecution');

/** Loads relative `$ref`s from the example folder, as a CLI would from the descriptor's directory. */
function fromFolder(ref: string): unknown {
  for (const candidate of [join(TRIP, ref), join(TRIP, 'ports', ref)]) {
    try {
      return JSON.parse(readFileSync(candidate, 'utf8'));
    } catch {
      // Not there, or not JSON (a .proto or an absolute URL): try the next place.
    }
  }
  return undefined;
}

describe('importing DPDS descriptors', () => {
  it('maps the trip execution example with its ports resolved', () => {
    const spec = dpdsToSpec(
      readDocument(officialExample('dpds/tripexecution/data-product-descriptor.json')),
      {
        resolveRef: fromFolder,
      },
    );
    expect(spec).toMatchObject({
      id: 'transport_management.tripexecution',
      name: 'tripExecution',
      domain: 'transport_management',
      owner: 'john.doe@company-xyz.com',
      version: '1.2.3',
      upstream: ['tmsInput'],
      // The port's obligations (SLA) win over its objectives (SLO): 0.999 and 10m.
      sla: { availability: 99.9, freshnessMinutes: 10 },
    });
    expect(() => parseProductSpec(spec)).not.toThrow();
  });

  it('maps what the descriptor holds inline when no resolver is given', () => {
    const spec = dpdsToSpec(readDocument(officialExample('dpds/minimal.dpd.json')));
    expect(spec).toMatchObject({
      id: 'transport_management.tripexecution',
      owner: 'john.doe@company-xyz.com',
      sla: {},
      upstream: [],
    });
  });

  it('reads table columns from a port definition', () => {
    const table = fromFolder('trip-status-oport-schema.json');
    const descriptor = {
      dataProductDescriptor: '1.0.0',
      info: { name: 'trips', domain: 'transport', version: '1.0.0', owner: { id: 'ops@example.com' } },
      interfaceComponents: {
        outputPorts: [
          {
            name: 'status',
            promises: { api: { definition: { schema: { tables: [{ definition: table }] } } } },
          },
        ],
      },
    };
    const spec = dpdsToSpec(descriptor);
    expect(spec.schema.primaryKey).toEqual(['id']);
    expect(spec.schema.fields.map((f) => `${f.name}:${f.type}${f.required ? '!' : ''}`)).toEqual([
      'id:integer!',
      'status:string!',
      'position:string!',
      'last_status_update:timestamp!',
      'last_position_update:timestamp!',
      'planning_date:date!',
    ]);
    expect(spec.schema.fields[1]).toMatchObject({ maxLength: 50, description: 'Status' });
  });

  it('refuses an unknown output port', () => {
    expect(() => dpdsToSpec({ info: {}, interfaceComponents: { outputPorts: [] } }, { port: 'x' })).toThrow(
      /no output port "x"/,
    );
  });
});
