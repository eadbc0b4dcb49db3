import { describe, expect, it } from 'vitest';
import type { ProductDescriptor } from '../core/descriptor.ts';
import { outputPortsOf } from './output-ports.ts';

const descriptor = {
  id: 'sales.orders',
  name: 'orders',
  domain: 'sales',
  owner: 'sales-team',
  description: '',
  tags: [],
  version: '2.1.0',
  qualityLevel: 'bronze',
  schema: {
    fields: [{ name: 'id', type: 'string', required: true }],
    primaryKey: ['id'],
    indexes: [],
    rules: [],
  },
  sla: {},
  upstream: [],
  status: 'published',
  createdAt: '2025-10-08T12:00:00.000Z',
  updatedAt: '2025-10-08T12:00:00.000Z',
} satisfies ProductDescriptor;

describe('outputPortsOf', () => {
  it('lists the default port serving the current version by query and every export format', () => {
    expect(outputPortsOf(descriptor, 'data_sales__orders__v2')).toEqual([
      {
        name: 'default',
        version: '2.1.0',
        table: 'data_sales__orders__v2',
        query: true,
        exportFormats: ['csv', 'ndjson', 'parquet'],
      },
    ]);
  });
});
