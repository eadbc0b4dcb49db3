/** One top-level element of a JSON array, as text, with where it starts in the file (1-based). */
export interface ScannedElement {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

/** Where and why a JSON array's structure is broken (1-based line and column). */
export class JsonStructureError extends Error {
  readonly line: number;
  readonly column: number;
  /** The text found there (up to 20 characters of its line), or '' at the end of the file. */
  readonly found: string;

  constructor(message: string, line: number, column: number, found: string) {
    super(message);
    this.name = 'JsonStructureError';
    this.line = line;
    this.column = column;
    this.found = found;
  }
}

/** Thrown when one element of the array holds more text than the scanner's limit. */
export class JsonElementTooLargeError extends Error {
  /** Where the element starts (1-based). */
  readonly line: number;
  readonly column: number;
  readonly limit: number;
  constructor(line: number, column: number, limit: number) {
    super(`the element starting at line ${line}, column ${column} is longer than ${limit} characters`);
    this.name = 'JsonElementTooLargeError';
    this.line = line;
    this.column = column;
    this.limit = limit;
  }
}

/** What a JSON document that is not an array holds, told from its first character. */
export type NotAnArray = 'an object' | 'a string' | 'a number' | 'a boolean' | 'null';

/** Thrown when the document's first value is not an array. */
export class NotAnArrayError extends Error {
  readonly holds: NotAnArray;
  constructor(holds: NotAnArray) {
    super(`the document holds ${holds}, not an array`);
    this.name = 'NotAnArrayError';
    this.holds = holds;
  }
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_SQUARE = 91;
const CLOSE_SQUARE = 93;
const OPEN_CURLY = 123;
const CLOSE_CURLY = 125;

const isSpace = (c: number): boolean => c === SPACE || c === LF || c === CR || c === TAB;

function holdsOf(c: number): NotAnArray | undefined {
  if (c === OPEN_CURLY) return 'an object';
  if (c === QUOTE) return 'a string';
  if (c === 45 || (c >= 48 && c <= 57)) return 'a number';
  if (c === 116 || c === 102) return 'a boolean';
  if (c === 110) return 'null';
  return undefined;
}

type Phase = 'start' | 'first' | 'element' | 'after' | 'next' | 'end';

/**
 * Splits a JSON array, fed in pieces of text, into the text of its top-level elements without parsing them, so a
 * file of any size can be read with memory bounded by its largest element. It checks the array's structure
 * (brackets, commas, strings closed, nothing after the array); whether each element is valid JSON is left to
 * `JSON.parse`. Throws {@link JsonStructureError}, {@link NotAnArrayError}, or {@link JsonElementTooLargeError} once
 * an element grows past `maxElementChars` (so memory stays bounded even by a file that is one huge element).
 */
export class JsonArrayScanner {
  readonly #maxElementChars: number;

  constructor(options: { readonly maxElementChars?: number } = {}) {
    this.#maxElementChars = options.maxElementChars ?? Number.POSITIVE_INFINITY;
  }

  #phase: Phase = 'start';
  /** Brackets open inside the current element, innermost last. */
  readonly #stack: number[] = [];
  #inString = false;
  #escaped = false;
  /** The current element's text from earlier pieces. */
  #pending = '';
  #elementLine = 0;
  #elementColumn = 0;
  #line = 1;
  /** Offset (in the whole input) of the first character of the current line. */
  #lineStart = 0;
  /** Offset of the current piece's first character in the whole input. */
  #offset = 0;
  #first = true;

  /** Feeds the next piece of text; returns the elements it completed. */
  push(piece: string): ScannedElement[] {
    const out: ScannedElement[] = [];
    let text = piece;
    if (this.#first) {
      this.#first = false;
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
        this.#offset = 1;
        this.#lineStart = 1;
      }
    }
    let start = this.#phase === 'element' ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === LF) {
        if (this.#inString) this.#fail('a line break inside a string', text, i);
        this.#line += 1;
        this.#lineStart = this.#offset + i + 1;
      }
      switch (this.#phase) {
        case 'start':
          if (isSpace(c)) break;
          if (c === OPEN_SQUARE) {
            this.#phase = 'first';
            break;
          }
          {
            const holds = holdsOf(c);
            if (holds) throw new NotAnArrayError(holds);
          }
          this.#fail('expected a JSON array', text, i);
          break;
        case 'first':
        case 'next':
          if (isSpace(c)) break;
          if (c === CLOSE_SQUARE && this.#phase === 'first') {
            this.#phase = 'end';
            break;
          }
          if (c === CLOSE_SQUARE || c === COMMA) this.#fail('expected a value', text, i);
          this.#phase = 'element';
          start = i;
          this.#elementLine = this.#line;
          this.#elementColumn = this.#offset + i - this.#lineStart + 1;
          this.#pending = '';
          this.#enter(c, text, i);
          break;
        case 'element': {
          if (this.#inString) {
            if (this.#escaped) this.#escaped = false;
            else if (c === BACKSLASH) this.#escaped = true;
            else if (c === QUOTE) this.#inString = false;
            break;
          }
          if (this.#stack.length === 0 && (c === COMMA || c === CLOSE_SQUARE || isSpace(c))) {
            // The end of a number, true, false or null.
            out.push(this.#element(text, start, i));
            this.#phase = c === COMMA ? 'next' : c === CLOSE_SQUARE ? 'end' : 'after';
            break;
          }
          this.#enter(c, text, i);
          if (this.#stack.length === 0 && (c === CLOSE_CURLY || c === CLOSE_SQUARE)) {
            out.push(this.#element(text, start, i + 1));
            this.#phase = 'after';
          }
          break;
        }
        case 'after':
          if (isSpace(c)) break;
          if (c === COMMA) this.#phase = 'next';
          else if (c === CLOSE_SQUARE) this.#phase = 'end';
          else this.#fail('expected , or ] after an element', text, i);
          break;
        case 'end':
          if (!isSpace(c)) this.#fail('unexpected text after the array', text, i);
          break;
      }
    }
    if (this.#phase === 'element') {
      this.#pending += text.slice(Math.max(start, 0));
      if (this.#pending.length > this.#maxElementChars)
        throw new JsonElementTooLargeError(this.#elementLine, this.#elementColumn, this.#maxElementChars);
    }
    this.#offset += text.length;
    return out;
  }

  /** Call after the last piece; throws when the array is not closed. */
  end(): void {
    if (this.#phase === 'end') return;
    if (this.#phase === 'start')
      throw new JsonStructureError('the file is empty', this.#line, this.#column(0), '');
    throw new JsonStructureError('the array is not closed', this.#line, this.#column(0), '');
  }

  #column(offsetInWhole: number): number {
    return Math.max(1, offsetInWhole - this.#lineStart + 1);
  }

  /** Tracks strings and brackets for the character at `i` of an element. */
  #enter(c: number, text: string, i: number): void {
    if (this.#inString) return;
    if (c === QUOTE) {
      this.#inString = true;
      return;
    }
    if (c === OPEN_CURLY || c === OPEN_SQUARE) {
      this.#stack.push(c);
      return;
    }
    if (c === CLOSE_CURLY || c === CLOSE_SQUARE) {
      const open = this.#stack.pop();
      if (open === undefined || (open === OPEN_CURLY) !== (c === CLOSE_CURLY))
        this.#fail(`unexpected ${String.fromCharCode(c)}`, text, i);
    }
  }

  #element(text: string, start: number, end: number): ScannedElement {
    const body = this.#pending + text.slice(Math.max(start, 0), end);
    this.#pending = '';
    if (body.length > this.#maxElementChars)
      throw new JsonElementTooLargeError(this.#elementLine, this.#elementColumn, this.#maxElementChars);
    return { text: body, line: this.#elementLine, column: this.#elementColumn };
  }

  #fail(what: string, text: string, i: number): never {
    const found = text.slice(i, i + 20).split('\n')[0] ?? '';
    throw new JsonStructureError(what, this.#line, this.#column(this.#offset + i), found);
  }
}
