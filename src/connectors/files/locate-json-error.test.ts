import { describe, expect, it } from 'vitest';
import { locateJsonError } from './locate-json-error.ts';

describe('locateJsonError', () => {
  it('returns undefined for valid JSON of every kind', () => {
    for (const text of [
      '[]',
      '{}',
      '[1, -2.5e3, "a\\u00e9\\n", true, false, null, {"k": [{}]}]',
      ' \n"x" ',
    ]) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(locateJsonError(text)).toBeUndefined();
    }
  });

  it('points at the first character that breaks the document', () => {
    const cases: [string, number][] = [
      ['[1, 2,]', 6],
      ['{"b": }', 6],
      ['{"a" 1}', 5],
      ['[tru]', 1],
      ['{"a": "x\ny"}', 8],
      ['[1] 2', 4],
      ['[1, 2', 5],
      ['{a: 1}', 1],
      ['[01]', 2],
    ];
    for (const [text, at] of cases) {
      expect(() => JSON.parse(text)).toThrow();
      expect(locateJsonError(text), text).toBe(at);
    }
  });
});
