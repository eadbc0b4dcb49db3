import { describe, expect, it } from 'vitest';
import {
  JsonArrayScanner,
  JsonElementTooLargeError,
  JsonStructureError,
  NotAnArrayError,
} from './json-array-scanner.ts';

/** Scans `text` fed in pieces of `size` characters; returns the elements' text and where each starts. */
function scan(text: string, size = text.length): [string, number, number][] {
  const scanner = new JsonArrayScanner();
  const out: [string, number, number][] = [];
  for (let i = 0; i < text.length; i += size)
    for (const e of scanner.push(text.slice(i, i + size))) out.push([e.text, e.line, e.column]);
  scanner.end();
  return out;
}

function failure(text: string, size = text.length): unknown {
  try {
    scan(text, size);
  } catch (error) {
    return error;
  }
  throw new Error('expected the scan to fail');
}

describe('JsonArrayScanner', () => {
  const doc =
    '[\n  {"id": "a", "tags": ["x", "]"], "n": {"k": "\\"}"}},\n  {"id": "b"} ,\n  42, "s,]", true, null, [1, [2]]\n]\n';
  const expected: [string, number, number][] = [
    ['{"id": "a", "tags": ["x", "]"], "n": {"k": "\\"}"}}', 2, 3],
    ['{"id": "b"}', 3, 3],
    ['42', 4, 3],
    ['"s,]"', 4, 7],
    ['true', 4, 14],
    ['null', 4, 20],
    ['[1, [2]]', 4, 26],
  ];

  it('splits the top-level elements, with brackets, commas and escaped quotes inside strings left alone', () => {
    expect(scan(doc)).toEqual(expected);
  });

  it('gives the same elements whatever the size of the pieces', () => {
    for (const size of [1, 2, 3, 7, 16]) expect(scan(doc, size)).toEqual(expected);
  });

  it('takes an empty array, surrounding white space and a byte order mark', () => {
    expect(scan('  [ ]  ')).toEqual([]);
    expect(scan('\ufeff[{"a":1}]')).toEqual([['{"a":1}', 1, 2]]);
  });

  it('says what a document that is not an array holds', () => {
    for (const [text, holds] of [
      ['{"a": [1]}', 'an object'],
      ['"text"', 'a string'],
      ['-1', 'a number'],
      ['true', 'a boolean'],
      ['null', 'null'],
    ] as const) {
      const error = failure(text);
      expect(error).toBeInstanceOf(NotAnArrayError);
      expect((error as NotAnArrayError).holds).toBe(holds);
    }
  });

  it('names the line and column of a broken structure', () => {
    const cases: [string, string, number, number, string][] = [
      ['[{"a": 1}}]', 'expected , or ] after an element', 1, 10, '}]'],
      ['[\n {"a": 1} {"b": 2}]', 'expected , or ] after an element', 2, 11, '{"b": 2}]'],
      ['[1,,2]', 'expected a value', 1, 4, ',2]'],
      ['[1]\nx', 'unexpected text after the array', 2, 1, 'x'],
      ['[{"a": "b\nc"}]', 'a line break inside a string', 1, 10, ''],
      ['[{"a": [1}]', 'unexpected }', 1, 10, '}]'],
    ];
    for (const [text, message, line, column, found] of cases) {
      for (const size of [text.length, 1]) {
        const error = failure(text, size) as JsonStructureError;
        expect(error).toBeInstanceOf(JsonStructureError);
        // Fed one character at a time, the scanner only sees the rest of its current piece.
        const shown = size === 1 ? found.slice(0, 1) : found;
        expect([error.message, error.line, error.column, error.found]).toEqual([
          message,
          line,
          column,
          shown,
        ]);
      }
    }
  });

  it('refuses an empty file and an array that is never closed', () => {
    expect((failure('  \n') as Error).message).toBe('the file is empty');
    expect((failure('[{"a": 1},') as Error).message).toBe('the array is not closed');
    expect((failure('[{"a": "open') as Error).message).toBe('the array is not closed');
  });

  it('refuses an element longer than its limit as soon as it grows past it, naming where it starts', () => {
    const scanner = new JsonArrayScanner({ maxElementChars: 50 });
    expect(scanner.push('[{"a": 1},\n  {"b": "').map((e) => e.text)).toEqual(['{"a": 1}']);
    // The element is never closed: the scanner stops at the piece that takes it past the limit, not at the end.
    expect(scanner.push('x'.repeat(20))).toEqual([]);
    let error: unknown;
    try {
      scanner.push('x'.repeat(40));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsonElementTooLargeError);
    expect(error).toMatchObject({ line: 2, column: 3, limit: 50 });
    // An element completed within one piece is held to the same limit, and one at the limit passes.
    expect(() => new JsonArrayScanner({ maxElementChars: 5 }).push('[123456]')).toThrow(
      JsonElementTooLargeError,
    );
    expect(new JsonArrayScanner({ maxElementChars: 5 }).push('[12345]').map((e) => e.text)).toEqual([
      '12345',
    ]);
  });
});
