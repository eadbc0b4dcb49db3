import { describe, expect, it } from 'vitest';
import { decodeRowCursor, encodeRowCursor, type RowQueryShape } from './row-cursor.ts';

const shape: RowQueryShape = {
  productId: 'sales.transactions',
  filter: '{"expression":"amount > 1"}',
  columns: undefined,
  order: ['amount desc'],
  version: undefined,
};

describe('row cursors', () => {
  it('give back the product cursor for the same query', () => {
    expect(decodeRowCursor(shape, encodeRowCursor(shape, 'inner'))).toBe('inner');
  });

  it('refuse a cursor of another query, and one that is not a cursor, as invalid_input', () => {
    const cursor = encodeRowCursor(shape, 'inner');
    expect(() => decodeRowCursor({ ...shape, order: ['amount'] }, cursor)).toThrow(/another query/);
    expect(() => decodeRowCursor(shape, 'not-a-cursor')).toThrow(
      expect.objectContaining({ code: 'invalid_input' }) as Error,
    );
  });
});
