import { describe, expect, it } from 'vitest';
import { MeshError } from '../core/errors.ts';
import type { Schema } from '../core/schema.ts';
import { parseAssignments } from './parse-assignments.ts';

const schema: Schema = {
  fields: [
    { name: 'id', type: 'string', required: true },
    { name: 'qty', type: 'integer', required: true },
    { name: 'price', type: 'number', required: true },
    { name: 'paid', type: 'boolean', required: true },
    { name: 'day', type: 'date', required: true },
    { name: 'note', type: 'string', required: false },
  ],
  primaryKey: ['id'],
  indexes: [],
  rules: [],
};

const refusal = (assignments: string[]): MeshError => {
  try {
    parseAssignments(assignments, schema);
  } catch (error) {
    expect(error).toBeInstanceOf(MeshError);
    expect((error as MeshError).code).toBe('invalid_input');
    return error as MeshError;
  }
  throw new Error('expected the assignments to be refused');
};

describe('parseAssignments', () => {
  it('reads each value as its field type', () => {
    expect(
      parseAssignments(['qty=-3', 'price=12.5', 'paid=TRUE', 'day=2025-01-02', 'note=a=b'], schema),
    ).toEqual({ qty: -3, price: 12.5, paid: true, day: '2025-01-02', note: 'a=b' });
  });

  it('takes quoted text verbatim and null as clearing the field', () => {
    expect(parseAssignments(["note='it''s null'", 'id="null"'], schema)).toEqual({
      note: "it's null",
      id: 'null',
    });
    expect(parseAssignments(['note=null'], schema)).toEqual({ note: null });
  });

  it('refuses values of the wrong type, naming the field and the value', () => {
    expect(refusal(['qty=1.5']).message).toBe(
      '--set qty=1.5: qty is a whole number (integer), got "1.5"; fix the value after "="',
    );
    expect(refusal(['price=abc']).message).toMatch(/price is a number, got "abc"/);
    expect(refusal(['paid=yes']).message).toMatch(/paid is true or false/);
  });

  it('refuses a missing =, an unknown field with a suggestion, a repeated field and no assignment', () => {
    expect(refusal(['qty']).message).toMatch(/is not field=value/);
    expect(refusal(['=3']).message).toMatch(/is not field=value/);
    expect(refusal(['prise=3']).message).toMatch(/unknown field prise; did you mean price\?/);
    expect(refusal(['qty=1', 'qty=2']).message).toMatch(/names qty twice/);
    expect(refusal([]).message).toMatch(/at least one --set/);
  });
});
