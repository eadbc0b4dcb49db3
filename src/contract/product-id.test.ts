import { describe, expect, it } from 'vitest';
import { deriveProductId, toIdPart } from './product-id.ts';

describe('deriving product ids', () => {
  it.each([
    ['Customer Data Product', 'customer_data_product'],
    ['my quantum', 'my_quantum'],
    ['Transport Management', 'transport_management'],
    ['  Ventes & Clients — 2024 ', 'ventes_clients_2024'],
    ['2024 sales', 'p_2024_sales'],
    ['Café', 'cafe'],
    ['---', 'unnamed'],
  ])('turns %j into %j', (name, part) => {
    expect(toIdPart(name)).toBe(part);
  });

  it('keeps a candidate already in domain.name form when its domain agrees', () => {
    expect(deriveProductId(['uuid-1', 'sales.orders'], 'Sales', 'Orders')).toEqual({
      id: 'sales.orders',
      domain: 'sales',
    });
    expect(deriveProductId(['crm.orders'], 'Sales', 'Orders')).toEqual({
      id: 'sales.orders',
      domain: 'sales',
    });
    expect(deriveProductId([undefined], undefined, 'Orders')).toEqual({
      id: 'default.orders',
      domain: 'default',
    });
  });
});
