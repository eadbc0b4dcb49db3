import { describe, expect, it } from 'vitest';
import { closestName } from './closest-name.ts';

const FIELDS = [
  'transaction_id',
  'product_id',
  'customer_id',
  'amount',
  'date',
  'product_category',
  'region',
];

describe('closestName', () => {
  it('suggests the field a typo most likely meant', () => {
    expect(closestName('regoin', FIELDS)).toBe('region');
    expect(closestName('ammount', FIELDS)).toBe('amount');
    expect(closestName('product_categroy', FIELDS)).toBe('product_category');
  });

  it('prefers a name that differs only in case', () => {
    expect(closestName('REGION', FIELDS)).toBe('region');
  });

  it('suggests nothing when no name is close', () => {
    expect(closestName('colour', FIELDS)).toBeUndefined();
    expect(closestName('x', FIELDS)).toBeUndefined();
    expect(closestName('region', [])).toBeUndefined();
  });
});
