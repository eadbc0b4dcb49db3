// The tokenizer and the recursive-descent parser share one error reporter (column + expression), so they live
// together in this file; the grammar, loosest first: or < and < not < condition.
import { MeshError } from '../errors.ts';
import type { Scalar } from '../schema.ts';
import { type CompareOp, FILTER_FUNCTIONS, type Filter, type FilterFunction, type Operand } from './ast.ts';
import { escapeLikePattern } from './like-pattern.ts';

/** Words with a meaning in the filter language; a field with one of these names must be written in double quotes. */
export const FILTER_KEYWORDS = [
  'and',
  'or',
  'not',
  'in',
  'like',
  'ilike',
  'contains',
  'is',
  'null',
  'true',
  'false',
] as const;

type Keyword = (typeof FILTER_KEYWORDS)[number];

type Token =
  | { readonly type: 'name' | 'quoted'; readonly value: string; readonly start: number }
  | { readonly type: 'keyword'; readonly value: Keyword; readonly start: number; readonly text: string }
  | { readonly type: 'string'; readonly value: string; readonly start: number }
  | { readonly type: 'number'; readonly value: number; readonly start: number; readonly text: string }
  | { readonly type: 'op'; readonly value: string; readonly start: number }
  | { readonly type: '(' | ')' | ',' | 'end'; readonly start: number };

const COMPARE_SYMBOLS: Readonly<Record<string, CompareOp>> = {
  '=': 'eq',
  '==': 'eq',
  '!=': 'ne',
  '<>': 'ne',
  '>': 'gt',
  '>=': 'gte',
  '<': 'lt',
  '<=': 'lte',
};

/** Deeper nesting than this is refused, so that hostile input cannot exhaust the stack. */
const MAX_DEPTH = 64;

const NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const KEYWORDS: ReadonlySet<string> = new Set(FILTER_KEYWORDS);

/**
 * Parses a filter expression such as `region in ('Europe', 'Asia') or amount >= 200` into a filter tree;
 * an empty expression gives the empty filter, which matches every record.
 * @throws MeshError `invalid_input` naming the column and what was expected there.
 * @example parseFilterExpression("lifetime_value > 3000 and tier = 'gold'")
 */
export function parseFilterExpression(text: string): Filter {
  return new Parser(text).parse();
}

class Parser {
  readonly #src: string;
  readonly #tokens: Token[];
  #pos = 0;
  #depth = 0;

  constructor(src: string) {
    this.#src = src;
    this.#tokens = this.#tokenize();
  }

  parse(): Filter {
    if (this.#peek().type === 'end') return { kind: 'and', items: [] };
    const filter = this.#parseOr();
    const next = this.#peek();
    if (next.type === ')') this.#fail(next.start, "unexpected ')' without a matching '('");
    if (next.type !== 'end') {
      this.#fail(
        next.start,
        `expected 'and', 'or' or the end of the filter after a condition (got ${this.#describe(next)})`,
      );
    }
    return filter;
  }

  #parseOr(): Filter {
    const items = [this.#parseAnd()];
    while (this.#isKeyword(this.#peek(), 'or')) {
      this.#pos++;
      items.push(this.#parseAnd());
    }
    return items.length === 1 && items[0] !== undefined ? items[0] : { kind: 'or', items };
  }

  #parseAnd(): Filter {
    const items = [this.#parseNot()];
    while (this.#isKeyword(this.#peek(), 'and')) {
      this.#pos++;
      items.push(this.#parseNot());
    }
    return items.length === 1 && items[0] !== undefined ? items[0] : { kind: 'and', items };
  }

  #parseNot(): Filter {
    const token = this.#peek();
    if (this.#isKeyword(token, 'not')) {
      this.#pos++;
      this.#enter(token.start);
      const item = this.#parseNot();
      this.#depth--;
      return { kind: 'not', item };
    }
    return this.#parsePrimary();
  }

  #parsePrimary(): Filter {
    const token = this.#peek();
    if (token.type === '(') {
      this.#pos++;
      this.#enter(token.start);
      const inner = this.#parseOr();
      this.#depth--;
      const close = this.#peek();
      if (close.type !== ')') {
        this.#fail(
          close.start,
          `expected ')' to close the '(' at column ${token.start + 1} (got ${this.#describe(close)})`,
        );
      }
      this.#pos++;
      return inner;
    }
    // `true` and `false` stand for the filters that match everything and nothing.
    if (this.#isKeyword(token, 'true')) {
      this.#pos++;
      return { kind: 'and', items: [] };
    }
    if (this.#isKeyword(token, 'false')) {
      this.#pos++;
      return { kind: 'or', items: [] };
    }
    return this.#parseCondition();
  }

  #parseCondition(): Filter {
    const operandStart = this.#peek().start;
    const left = this.#parseOperand();
    const operandText = this.#src.slice(operandStart, this.#peek().start).trim();
    const token = this.#next();
    if (token.type === 'op') {
      const op = COMPARE_SYMBOLS[token.value];
      if (op === undefined) throw new Error(`tokenizer produced an unknown operator ${token.value}`);
      const valueToken = this.#peek();
      const value = this.#parseValue(`'${token.value}'`);
      if (value === null) {
        const hint =
          op === 'eq'
            ? 'use `is null`'
            : op === 'ne'
              ? 'use `is not null`'
              : 'use `is null` or `is not null`';
        this.#fail(valueToken.start, `comparing with null is never true; ${hint}`);
      }
      return { kind: 'compare', left, op, value };
    }
    if (token.type === 'keyword') {
      if (token.value === 'is') {
        const negated = this.#isKeyword(this.#peek(), 'not');
        if (negated) this.#pos++;
        const nullToken = this.#next();
        if (!this.#isKeyword(nullToken, 'null')) {
          this.#fail(
            nullToken.start,
            `expected 'null' after '${negated ? 'is not' : 'is'}' (got ${this.#describe(nullToken)})`,
          );
        }
        return { kind: 'null', left, isNull: !negated };
      }
      let negated = false;
      let operator = token;
      if (token.value === 'not') {
        negated = true;
        const after = this.#next();
        if (after.type !== 'keyword' || !['in', 'like', 'ilike', 'contains'].includes(after.value)) {
          this.#fail(
            after.start,
            `expected 'in', 'like', 'ilike' or 'contains' after 'not' (got ${this.#describe(after)})`,
          );
        }
        operator = after;
      }
      switch (operator.value) {
        case 'in':
          return { kind: 'in', left, values: this.#parseList(negated ? 'not in' : 'in'), negated };
        case 'like':
        case 'ilike':
          return {
            kind: 'like',
            left,
            pattern: this.#parseText(operator.value, "a quoted pattern such as '%text%'"),
            caseInsensitive: operator.value === 'ilike',
            negated,
          };
        case 'contains':
          return {
            kind: 'like',
            left,
            pattern: `%${escapeLikePattern(this.#parseText('contains', 'quoted text'))}%`,
            caseInsensitive: false,
            negated,
          };
        default:
          break;
      }
    }
    this.#fail(
      token.start,
      `expected an operator (=, !=, <, <=, >, >=, in, like, ilike, contains or is) after ${operandText} (got ${this.#describe(token)})`,
    );
  }

  #parseOperand(): Operand {
    const token = this.#next();
    if (token.type === 'quoted') return { kind: 'field', field: token.value };
    if (token.type === 'name') {
      if (this.#peek().type !== '(') return { kind: 'field', field: token.value };
      const fn = token.value.toLowerCase();
      if (!(FILTER_FUNCTIONS as readonly string[]).includes(fn)) {
        this.#fail(
          token.start,
          `unknown function '${token.value}'; available functions: ${FILTER_FUNCTIONS.join(', ')}`,
        );
      }
      this.#pos++;
      const arg = this.#next();
      if (arg.type !== 'name' && arg.type !== 'quoted') {
        this.#fail(arg.start, `expected a field name inside ${fn}( ) (got ${this.#describe(arg)})`);
      }
      const close = this.#next();
      if (close.type !== ')') {
        this.#fail(close.start, `expected ')' after ${fn}(${arg.value} (got ${this.#describe(close)})`);
      }
      return { kind: 'call', fn: fn as FilterFunction, field: arg.value };
    }
    if (token.type === 'keyword') {
      this.#fail(
        token.start,
        `expected a field name (got ${this.#describe(token)}); write a field named like a keyword in double quotes: "${token.text}"`,
      );
    }
    this.#fail(
      token.start,
      `expected a field name or a function call such as year(date) (got ${this.#describe(token)})`,
    );
  }

  #parseValue(after: string): Scalar {
    const token = this.#next();
    switch (token.type) {
      case 'string':
      case 'number':
        return token.value;
      case 'keyword':
        if (token.value === 'true') return true;
        if (token.value === 'false') return false;
        if (token.value === 'null') return null;
        break;
      case 'name':
      case 'quoted':
        this.#fail(
          token.start,
          `expected a value after ${after} (got ${this.#describe(token)}); write text in single quotes, e.g. '${token.value}' (a condition compares a field with a value, not with another field)`,
        );
        break;
      default:
        break;
    }
    this.#fail(token.start, `expected a value after ${after} (got ${this.#describe(token)})`);
  }

  #parseText(after: string, what: string): string {
    const token = this.#next();
    if (token.type === 'string') return token.value;
    const hint = token.type === 'name' || token.type === 'quoted' ? '; write text in single quotes' : '';
    this.#fail(token.start, `expected ${what} after '${after}' (got ${this.#describe(token)})${hint}`);
  }

  #parseList(after: string): Scalar[] {
    const open = this.#next();
    if (open.type !== '(') {
      this.#fail(
        open.start,
        `expected '(' and a list of values after '${after}' (got ${this.#describe(open)})`,
      );
    }
    if (this.#peek().type === ')') {
      this.#fail(this.#peek().start, `expected at least one value in the list after '${after}'`);
    }
    const values: Scalar[] = [];
    for (;;) {
      const valueToken = this.#peek();
      const value = this.#parseValue(values.length === 0 ? `'${after} ('` : "','");
      if (value === null) {
        this.#fail(
          valueToken.start,
          `null never matches inside '${after} (...)'; add \`or <field> is null\` instead`,
        );
      }
      values.push(value);
      const sep = this.#next();
      if (sep.type === ')') return values;
      if (sep.type !== ',') {
        this.#fail(
          sep.start,
          `expected ',' or ')' in the list after '${after}' (got ${this.#describe(sep)})`,
        );
      }
    }
  }

  #enter(start: number): void {
    this.#depth++;
    if (this.#depth > MAX_DEPTH) this.#fail(start, `the filter nests more than ${MAX_DEPTH} levels deep`);
  }

  #peek(): Token {
    const token = this.#tokens[this.#pos];
    if (token === undefined) throw new Error('filter parser read past the end token');
    return token;
  }

  #next(): Token {
    const token = this.#peek();
    if (token.type !== 'end') this.#pos++;
    return token;
  }

  #isKeyword(token: Token, keyword: Keyword): boolean {
    return token.type === 'keyword' && token.value === keyword;
  }

  #describe(token: Token): string {
    switch (token.type) {
      case 'end':
        return 'end of input';
      case 'string':
        return `the text ${shorten(`'${token.value.replaceAll("'", "''")}'`)}`;
      case 'number':
        return `the number ${shorten(token.text)}`;
      case 'keyword':
        return `the keyword '${token.text}'`;
      case 'name':
        return `the name ${shorten(token.value)}`;
      case 'quoted':
        return `the name ${shorten(`"${token.value}"`)}`;
      case 'op':
        return `'${token.value}'`;
      default:
        return `'${token.type}'`;
    }
  }

  #fail(start: number, message: string): never {
    const position = start + 1;
    throw new MeshError('invalid_input', `invalid filter at column ${position}: ${message}`, {
      details: { expression: this.#src, position },
    });
  }

  #tokenize(): Token[] {
    const src = this.#src;
    const tokens: Token[] = [];
    let i = 0;
    while (i < src.length) {
      const ch = src[i] as string;
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
        i++;
      } else if (ch === '(' || ch === ')' || ch === ',') {
        tokens.push({ type: ch, start: i });
        i++;
      } else if (ch === '=' || ch === '<' || ch === '>' || ch === '!') {
        const two = src.slice(i, i + 2);
        const op = two in COMPARE_SYMBOLS ? two : ch;
        if (!(op in COMPARE_SYMBOLS)) this.#fail(i, "unexpected character '!'; write '!=' or 'not'");
        tokens.push({ type: 'op', value: op, start: i });
        i += op.length;
      } else if (ch === "'" || ch === '"') {
        const { value, end } = this.#readQuoted(i, ch);
        if (ch === '"' && value === '') this.#fail(i, 'a quoted field name cannot be empty');
        tokens.push({ type: ch === "'" ? 'string' : 'quoted', value, start: i });
        i = end;
      } else if (isDigit(ch) || ((ch === '-' || ch === '.') && /[\d.]/.test(src[i + 1] ?? ''))) {
        NUMBER.lastIndex = i;
        const m = NUMBER.exec(src);
        if (m === null) this.#fail(i, `unexpected character '${ch}'`);
        const text = m[0];
        const end = i + text.length;
        if (/[A-Za-z0-9_.]/.test(src[end] ?? '')) {
          const word = /^[A-Za-z0-9_.]*/.exec(src.slice(end))?.[0] ?? '';
          this.#fail(
            i,
            `invalid number ${shorten(text + word)}; put spaces between a number and the next word`,
          );
        }
        const value = Number(text);
        if (!Number.isFinite(value)) this.#fail(i, `the number ${shorten(text)} is too large`);
        tokens.push({ type: 'number', value, text, start: i });
        i = end;
      } else if (/[A-Za-z_]/.test(ch)) {
        NAME.lastIndex = i;
        const text = (NAME.exec(src) as RegExpExecArray)[0];
        const lower = text.toLowerCase();
        if (KEYWORDS.has(lower)) tokens.push({ type: 'keyword', value: lower as Keyword, text, start: i });
        else tokens.push({ type: 'name', value: text, start: i });
        i += text.length;
      } else if (ch === '&' || ch === '|') {
        this.#fail(i, `unexpected character '${ch}'; write '${ch === '&' ? 'and' : 'or'}'`);
      } else {
        this.#fail(i, `unexpected character ${JSON.stringify(ch)}`);
      }
    }
    tokens.push({ type: 'end', start: src.length });
    return tokens;
  }

  /** Reads a quoted string or name starting at `start`; a doubled quote stands for one quote. */
  #readQuoted(start: number, quote: string): { value: string; end: number } {
    const src = this.#src;
    let value = '';
    let i = start + 1;
    for (;;) {
      const close = src.indexOf(quote, i);
      if (close < 0) {
        const what = quote === "'" ? 'text' : 'field name';
        this.#fail(start, `unterminated ${what} starting here; close it with ${quote}`);
      }
      value += src.slice(i, close);
      if (src[close + 1] === quote) {
        value += quote;
        i = close + 2;
      } else {
        return { value, end: close + 1 };
      }
    }
  }
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
