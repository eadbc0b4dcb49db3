import { PRODUCT_ID_PATTERN, isQualityLevel } from './chunk-K5DZIQWA.js';
import { FILTER_FUNCTIONS } from './chunk-VAFVFMKZ.js';
import {
  asArray,
  asBoolean,
  asNumber,
  asObject,
  asString,
  customProperty,
  isScalarValue,
  stringList,
} from './chunk-EKUJCVLF.js';
import { MeshError } from './chunk-Z2USMJAC.js';

// dist/contract/quality-threshold.js
var ZERO_FAILURES = { op: 'eq', value: 0 };
var SINGLE = [
  ['mustBe', 'eq'],
  ['mustNotBe', 'ne'],
  ['mustBeGreaterThan', 'gt'],
  ['mustBeGreaterOrEqualTo', 'gte'],
  ['mustBeGreaterThanOrEqualTo', 'gte'],
  ['mustBeLessThan', 'lt'],
  ['mustBeLessOrEqualTo', 'lte'],
  ['mustBeLessThanOrEqualTo', 'lte'],
];
function readThreshold(entry) {
  const e = asObject(entry);
  if (e === void 0) return void 0;
  for (const [key, op] of SINGLE) {
    const value = asNumber(e[key]);
    if (value !== void 0) return { op, value };
  }
  for (const [key, op] of [
    ['mustBeBetween', 'between'],
    ['mustNotBeBetween', 'not_between'],
  ]) {
    const pair = e[key];
    if (Array.isArray(pair) && pair.length === 2) {
      const [a, b] = pair.map(asNumber);
      if (a !== void 0 && b !== void 0) return { op, min: Math.min(a, b), max: Math.max(a, b) };
    }
  }
  return void 0;
}
function isZeroTolerance(threshold) {
  if (threshold === void 0) return false;
  switch (threshold.op) {
    case 'eq':
    case 'lte':
      return threshold.value === 0;
    case 'lt':
      return threshold.value > 0 && threshold.value <= 1;
    case 'between':
      return threshold.min === 0 && threshold.max === 0;
    default:
      return false;
  }
}
function meetsThreshold(measured, threshold) {
  switch (threshold.op) {
    case 'eq':
      return measured === threshold.value;
    case 'ne':
      return measured !== threshold.value;
    case 'gt':
      return measured > threshold.value;
    case 'gte':
      return measured >= threshold.value;
    case 'lt':
      return measured < threshold.value;
    case 'lte':
      return measured <= threshold.value;
    case 'between':
      return measured >= threshold.min && measured <= threshold.max;
    case 'not_between':
      return measured < threshold.min || measured > threshold.max;
  }
}
function accepted(t) {
  switch (t.op) {
    case 'eq':
      return { lo: t.value, hi: t.value, loOpen: false, hiOpen: false };
    case 'gt':
      return { lo: t.value, hi: Number.POSITIVE_INFINITY, loOpen: true, hiOpen: true };
    case 'gte':
      return { lo: t.value, hi: Number.POSITIVE_INFINITY, loOpen: false, hiOpen: true };
    case 'lt':
      return { lo: Number.NEGATIVE_INFINITY, hi: t.value, loOpen: true, hiOpen: true };
    case 'lte':
      return { lo: Number.NEGATIVE_INFINITY, hi: t.value, loOpen: true, hiOpen: false };
    case 'between':
      return { lo: t.min, hi: t.max, loOpen: false, hiOpen: false };
    default:
      return void 0;
  }
}
function compareThresholds(before, after) {
  const a = accepted(before);
  const b = accepted(after);
  if (a === void 0 || b === void 0) {
    return JSON.stringify(before) === JSON.stringify(after) ? 'same' : 'changed';
  }
  const contains = (outer, inner) =>
    (outer.lo < inner.lo || (outer.lo === inner.lo && (!outer.loOpen || inner.loOpen))) &&
    (outer.hi > inner.hi || (outer.hi === inner.hi && (!outer.hiOpen || inner.hiOpen)));
  const aInB = contains(b, a);
  const bInA = contains(a, b);
  if (aInB && bInA) return 'same';
  if (bInA) return 'tighter';
  if (aInB) return 'looser';
  return 'changed';
}
function formatThreshold(threshold) {
  switch (threshold.op) {
    case 'eq':
      return `= ${threshold.value}`;
    case 'ne':
      return `!= ${threshold.value}`;
    case 'gt':
      return `> ${threshold.value}`;
    case 'gte':
      return `>= ${threshold.value}`;
    case 'lt':
      return `< ${threshold.value}`;
    case 'lte':
      return `<= ${threshold.value}`;
    case 'between':
      return `between ${threshold.min} and ${threshold.max}`;
    case 'not_between':
      return `not between ${threshold.min} and ${threshold.max}`;
  }
}

// dist/contract/sla-mapping.js
var SLA_KEYS = ['availability', 'freshnessMinutes', 'completeness', 'accuracy'];
var UNIT_GROUPS = [
  [1 / 6e4, 'ms millisecond milliseconds'],
  [1 / 60, 's sec secs second seconds'],
  [1, 'm min mins minute minutes'],
  [60, 'h hr hrs hour hours'],
  [1440, 'd day days'],
  [10080, 'w wk wks week weeks'],
  [43200, 'mo mon month months'],
  [525600, 'y yr yrs year years'],
];
var UNIT_MINUTES = new Map(
  UNIT_GROUPS.flatMap(([minutes, names]) => names.split(' ').map((n) => [n, minutes])),
);
function unitMinutes(unit) {
  return UNIT_MINUTES.get(unit.trim().toLowerCase());
}
var ISO_DURATION =
  /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
function durationToMinutes(value, unit) {
  const n = asNumber(value);
  if (n !== void 0) {
    const per = typeof unit === 'string' ? unitMinutes(unit) : void 0;
    return per === void 0 ? void 0 : n * per;
  }
  const s = asString(value)?.trim();
  if (s === void 0) return void 0;
  const iso = ISO_DURATION.exec(s);
  if (iso !== null && s.length > 1 && s.toUpperCase() !== 'PT') {
    const [, y, mo, w, d, h, mi, sec] = iso.map((part) => (part === void 0 ? 0 : Number(part)));
    return (
      (y ?? 0) * 525600 +
      (mo ?? 0) * 43200 +
      (w ?? 0) * 10080 +
      (d ?? 0) * 1440 +
      (h ?? 0) * 60 +
      (mi ?? 0) +
      (sec ?? 0) / 60
    );
  }
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(s);
  if (m?.[1] !== void 0 && m[2] !== void 0) {
    const per = unitMinutes(m[2]);
    return per === void 0 ? void 0 : Number(m[1]) * per;
  }
  return typeof unit === 'string' && /^\d+(?:\.\d+)?$/.test(s) ? durationToMinutes(Number(s), unit) : void 0;
}
function percentValue(value, unit) {
  const s = typeof value === 'string' ? value.trim() : void 0;
  if (s?.endsWith('%')) {
    const n2 = Number(s.slice(0, -1));
    return Number.isFinite(n2) ? n2 : void 0;
  }
  const n = s !== void 0 && s !== '' ? Number(s) : asNumber(value);
  if (n === void 0 || !Number.isFinite(n)) return void 0;
  const isPercentUnit = typeof unit === 'string' && /^(%|percent|percentage|pct)$/i.test(unit.trim());
  return !isPercentUnit && n > 0 && n <= 1 ? round(n * 100) : n;
}
function round(n) {
  return Math.round(n * 1e9) / 1e9;
}
function importSla(slaProperties) {
  const sla = {};
  const origins = {};
  const entries = asArray(slaProperties).map((raw) => {
    const entry = asObject(raw);
    return { entry, property: asString(entry?.property)?.toLowerCase() };
  });
  entries.forEach(({ entry, property }, index) => {
    if (entry === void 0) return;
    if (property === 'availability' || property === 'completeness' || property === 'accuracy') {
      const v = percentValue(entry.value, entry.unit);
      if (v !== void 0 && origins[property] === void 0) {
        sla[property] = v;
        origins[property] = index;
      }
    }
  });
  let freshnessElement;
  for (const wanted of ['freshness', 'latency']) {
    const index = entries.findIndex(
      ({ entry: entry2, property }) =>
        property === wanted && durationToMinutes(entry2?.value, entry2?.unit) !== void 0,
    );
    const entry = entries[index]?.entry;
    const minutes = durationToMinutes(entry?.value, entry?.unit);
    if (entry === void 0 || minutes === void 0) continue;
    sla.freshnessMinutes = minutes;
    origins.freshnessMinutes = index;
    freshnessElement = asString(entry.element);
    break;
  }
  return freshnessElement === void 0 ? { sla, origins } : { sla, origins, freshnessElement };
}
function slaEntry(key, value) {
  if (key === 'freshnessMinutes') return { property: 'freshness', value, unit: 'min' };
  return { property: key, value, unit: 'percent' };
}
function updateSlaEntry(entry, key, value) {
  if (key === 'freshnessMinutes') {
    const unit = asString(entry.unit);
    const per = unit === void 0 ? void 0 : unitMinutes(unit);
    if (per !== void 0 && Number.isInteger(round(value / per)))
      return { ...entry, value: round(value / per) };
    return { ...entry, value, unit: 'min' };
  }
  if (typeof entry.value === 'string' && entry.value.trim().endsWith('%'))
    return { ...entry, value: `${value}%` };
  const wasFraction =
    entry.unit === void 0 && typeof entry.value === 'number' && entry.value > 0 && entry.value <= 1;
  return { ...entry, value: wasFraction ? round(value / 100) : value };
}

// dist/contract/contract-to-spec.js
import semver from 'semver';

// dist/core/field-type.js
var FIELD_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'timestamp'];
function isFieldType(value) {
  return typeof value === 'string' && FIELD_TYPES.includes(value);
}
var STRING_FORMATS = ['email', 'uri', 'uuid', 'date', 'date-time'];
function isStringFormat(value) {
  return typeof value === 'string' && STRING_FORMATS.includes(value);
}

// dist/core/filter/like-pattern.js
var LIKE_ESCAPE = '\\';
function escapeLikePattern(text) {
  return text.replace(/[\\%_]/g, '\\$&');
}
function findLikePatternProblem(pattern) {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== LIKE_ESCAPE) continue;
    const next = pattern[i + 1];
    if (next === void 0) return 'the pattern ends with a lone backslash; write \\\\ for a literal backslash';
    if (next !== '%' && next !== '_' && next !== LIKE_ESCAPE) {
      return `a backslash may only escape %, _ or another backslash, but it is followed by "${next}"; write \\\\ for a literal backslash`;
    }
    i++;
  }
  return void 0;
}
function likePatternToRegExp(pattern, caseInsensitive) {
  let source = '';
  let escaped = false;
  for (const ch of pattern) {
    if (escaped) {
      source += escapeRegExpChar(ch);
      escaped = false;
    } else if (ch === LIKE_ESCAPE) {
      escaped = true;
    } else if (ch === '%') {
      source += '.*';
    } else if (ch === '_') {
      source += '.';
    } else {
      source += escapeRegExpChar(ch);
    }
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'isu' : 'su');
}
function escapeRegExpChar(ch) {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

// dist/core/filter/parse-filter-expression.js
var FILTER_KEYWORDS = ['and', 'or', 'not', 'in', 'like', 'ilike', 'contains', 'is', 'null', 'true', 'false'];
var COMPARE_SYMBOLS = {
  '=': 'eq',
  '==': 'eq',
  '!=': 'ne',
  '<>': 'ne',
  '>': 'gt',
  '>=': 'gte',
  '<': 'lt',
  '<=': 'lte',
};
var MAX_DEPTH = 64;
var NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
var NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
var KEYWORDS = new Set(FILTER_KEYWORDS);
function parseFilterExpression(text) {
  return new Parser(text).parse();
}
var Parser = class {
  #src;
  #tokens;
  #pos = 0;
  #depth = 0;
  constructor(src) {
    this.#src = src;
    this.#tokens = this.#tokenize();
  }
  parse() {
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
  #parseOr() {
    const items = [this.#parseAnd()];
    while (this.#isKeyword(this.#peek(), 'or')) {
      this.#pos++;
      items.push(this.#parseAnd());
    }
    return items.length === 1 && items[0] !== void 0 ? items[0] : { kind: 'or', items };
  }
  #parseAnd() {
    const items = [this.#parseNot()];
    while (this.#isKeyword(this.#peek(), 'and')) {
      this.#pos++;
      items.push(this.#parseNot());
    }
    return items.length === 1 && items[0] !== void 0 ? items[0] : { kind: 'and', items };
  }
  #parseNot() {
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
  #parsePrimary() {
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
  #parseCondition() {
    const operandStart = this.#peek().start;
    const left = this.#parseOperand();
    const operandText = this.#src.slice(operandStart, this.#peek().start).trim();
    const token = this.#next();
    if (token.type === 'op') {
      const op = COMPARE_SYMBOLS[token.value];
      if (op === void 0) throw new Error(`tokenizer produced an unknown operator ${token.value}`);
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
        const negated2 = this.#isKeyword(this.#peek(), 'not');
        if (negated2) this.#pos++;
        const nullToken = this.#next();
        if (!this.#isKeyword(nullToken, 'null')) {
          this.#fail(
            nullToken.start,
            `expected 'null' after '${negated2 ? 'is not' : 'is'}' (got ${this.#describe(nullToken)})`,
          );
        }
        return { kind: 'null', left, isNull: !negated2 };
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
  #parseOperand() {
    const token = this.#next();
    if (token.type === 'quoted') return { kind: 'field', field: token.value };
    if (token.type === 'name') {
      if (this.#peek().type !== '(') return { kind: 'field', field: token.value };
      const fn = token.value.toLowerCase();
      if (!FILTER_FUNCTIONS.includes(fn)) {
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
      return { kind: 'call', fn, field: arg.value };
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
  #parseValue(after) {
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
  #parseText(after, what) {
    const token = this.#next();
    if (token.type === 'string') return token.value;
    const hint = token.type === 'name' || token.type === 'quoted' ? '; write text in single quotes' : '';
    this.#fail(token.start, `expected ${what} after '${after}' (got ${this.#describe(token)})${hint}`);
  }
  #parseList(after) {
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
    const values = [];
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
  #enter(start) {
    this.#depth++;
    if (this.#depth > MAX_DEPTH) this.#fail(start, `the filter nests more than ${MAX_DEPTH} levels deep`);
  }
  #peek() {
    const token = this.#tokens[this.#pos];
    if (token === void 0) throw new Error('filter parser read past the end token');
    return token;
  }
  #next() {
    const token = this.#peek();
    if (token.type !== 'end') this.#pos++;
    return token;
  }
  #isKeyword(token, keyword) {
    return token.type === 'keyword' && token.value === keyword;
  }
  #describe(token) {
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
  #fail(start, message) {
    const position = start + 1;
    throw new MeshError('invalid_input', `invalid filter at column ${position}: ${message}`, {
      details: { expression: this.#src, position },
    });
  }
  #tokenize() {
    const src = this.#src;
    const tokens = [];
    let i = 0;
    while (i < src.length) {
      const ch = src[i];
      if (ch === ' ' || ch === '	' || ch === '\n' || ch === '\r') {
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
        const text = NAME.exec(src)[0];
        const lower = text.toLowerCase();
        if (KEYWORDS.has(lower)) tokens.push({ type: 'keyword', value: lower, text, start: i });
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
  #readQuoted(start, quote) {
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
};
function isDigit(ch) {
  return ch >= '0' && ch <= '9';
}
function shorten(text) {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

// dist/core/filter/format-filter.js
var SYMBOLS = {
  eq: '=',
  ne: '!=',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
};
var KEYWORDS2 = new Set(FILTER_KEYWORDS);
var OR = 1;
var AND = 2;
var NOT = 3;
var ATOM = 4;
function formatFilter(filter) {
  if (filter.kind === 'and' && filter.items.length === 0) return '';
  return format(filter);
}
function format(filter) {
  switch (filter.kind) {
    case 'and':
    case 'or': {
      if (filter.items.length === 0) return filter.kind === 'and' ? 'true' : 'false';
      const [only] = filter.items;
      if (filter.items.length === 1 && only !== void 0) return format(only);
      const level2 = filter.kind === 'and' ? AND : OR;
      return filter.items.map((item) => wrap(item, level2 + 1)).join(` ${filter.kind} `);
    }
    case 'not':
      return `not ${wrap(filter.item, NOT)}`;
    case 'compare':
      if (filter.value === null) {
        throw new MeshError(
          'invalid_input',
          `cannot format a comparison of ${formatOperand(filter.left)} with null; use a null check`,
        );
      }
      return `${formatOperand(filter.left)} ${SYMBOLS[filter.op]} ${formatValue(filter.value)}`;
    case 'in':
      if (filter.values.length === 0) {
        throw new MeshError(
          'invalid_input',
          `cannot format an empty in-list on ${formatOperand(filter.left)}`,
        );
      }
      return `${formatOperand(filter.left)} ${filter.negated ? 'not in' : 'in'} (${filter.values.map(formatValue).join(', ')})`;
    case 'like':
      return `${formatOperand(filter.left)} ${filter.negated ? 'not ' : ''}${filter.caseInsensitive ? 'ilike' : 'like'} ${quoteText(filter.pattern)}`;
    case 'null':
      return `${formatOperand(filter.left)} ${filter.isNull ? 'is null' : 'is not null'}`;
  }
}
function level(filter) {
  if (filter.kind === 'and' || filter.kind === 'or') {
    const [only] = filter.items;
    if (filter.items.length === 0) return ATOM;
    if (filter.items.length === 1 && only !== void 0) return level(only);
    return filter.kind === 'and' ? AND : OR;
  }
  return filter.kind === 'not' ? NOT : ATOM;
}
function wrap(filter, minimum) {
  return level(filter) < minimum ? `(${format(filter)})` : format(filter);
}
function formatOperand(operand) {
  return operand.kind === 'field' ? quoteName(operand.field) : `${operand.fn}(${quoteName(operand.field)})`;
}
function quoteName(name) {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KEYWORDS2.has(name.toLowerCase())) return name;
  return `"${name.replaceAll('"', '""')}"`;
}
function quoteText(text) {
  return `'${text.replaceAll("'", "''")}'`;
}
function formatValue(value) {
  if (typeof value === 'string') return quoteText(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new MeshError('invalid_input', `cannot format the number ${value} in a filter`);
    return Object.is(value, -0) ? '-0' : String(value);
  }
  throw new MeshError('invalid_input', 'cannot format null inside an in-list; use a null check');
}

// dist/core/schema.js
var MASKING_STRATEGIES = ['redact', 'hash'];

// dist/contract/field-type-mapping.js
var PHYSICAL_NAMES = [
  [
    'string',
    'string text varchar char bpchar character nvarchar nchar clob uuid citext varchar2 nvarchar2 str',
  ],
  [
    'integer',
    'int int2 int4 int8 int16 int32 int64 integer smallint bigint tinyint hugeint long short serial smallserial bigserial serial4 serial8',
  ],
  ['number', 'float float4 float8 float32 float64 double real numeric decimal number money bignumeric'],
  ['boolean', 'bool boolean bit'],
  ['date', 'date'],
  [
    'timestamp',
    'timestamp timestamptz datetime datetime2 timestamp_tz timestamp_ntz timestamp_ltz smalldatetime datetimeoffset',
  ],
];
var PHYSICAL = new Map(
  PHYSICAL_NAMES.flatMap(([type, names]) => names.split(' ').map((name) => [name, type])),
);
function normalizePhysical(physicalType) {
  const base = physicalType
    .toLowerCase()
    .replace(/[([].*$/, '')
    .trim();
  if (base.startsWith('timestamp')) return base.includes('with time zone') ? 'timestamptz' : 'timestamp';
  if (base === 'double precision') return 'double';
  if (base === 'character varying') return 'varchar';
  return base.replace(/\s+/g, '_');
}
function physicalToFieldType(physicalType) {
  return PHYSICAL.get(normalizePhysical(physicalType));
}
function odcsToFieldType(logicalType, physicalType) {
  const phys = typeof physicalType === 'string' ? physicalToFieldType(physicalType) : void 0;
  switch (logicalType) {
    case 'string':
    case 'boolean':
    case 'integer':
    case 'timestamp':
      return { type: logicalType, quality: 'exact' };
    case 'number':
      return { type: phys === 'integer' ? 'integer' : 'number', quality: 'exact' };
    case 'date':
      return { type: phys === 'timestamp' ? 'timestamp' : 'date', quality: 'exact' };
    case 'time':
    case 'object':
    case 'array':
      return { type: 'string', quality: 'lossy' };
    default:
      if (phys !== void 0) return { type: phys, quality: 'exact' };
      return { type: 'string', quality: 'unknown' };
  }
}
function fieldTypeToLogicalType(type) {
  return type;
}
function fieldTypeToPhysicalType(type) {
  switch (type) {
    case 'string':
      return 'varchar';
    case 'integer':
      return 'bigint';
    case 'number':
      return 'double';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'timestamp':
      return 'timestamp';
  }
}

// dist/contract/pii-rule.js
var PII_CLASSIFICATIONS = ['pii', 'personal', 'restricted', 'sensitive'];
var PII_TAGS = ['pii', 'personal', 'sensitive', 'gdpr'];
function isPiiProperty(property) {
  const obj = asObject(property);
  const explicit = asBoolean(customProperty(obj, 'pii')) ?? asBoolean(obj?.pii);
  if (explicit !== void 0) return explicit;
  return piiImpliedByLabels(obj?.classification, obj?.tags);
}
function piiImpliedByLabels(classification, tags) {
  if (typeof classification === 'string' && PII_CLASSIFICATIONS.includes(classification.toLowerCase())) {
    return true;
  }
  return stringList(tags).some((t) => PII_TAGS.includes(t.toLowerCase()));
}
var NAME_OWNERS = /* @__PURE__ */ new Set([
  'first',
  'last',
  'full',
  'given',
  'family',
  'middle',
  'maiden',
  'nick',
  'display',
  'customer',
  'person',
  'user',
  'contact',
  'receiver',
  'employee',
  'member',
  'patient',
]);
var PII_WORDS = /* @__PURE__ */ new Set([
  'email',
  'mail',
  'phone',
  'mobile',
  'telephone',
  'fax',
  'address',
  'street',
  'zip',
  'zipcode',
  'postcode',
  'postal',
  'ssn',
  'passport',
  'nationalid',
  'nationalidnumber',
  'birth',
  'birthday',
  'birthdate',
  'dob',
  'surname',
  'firstname',
  'lastname',
  'fullname',
]);
function words(name) {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}
function looksLikePii(name) {
  const w = words(name);
  if (w.some((x) => PII_WORDS.has(x))) return true;
  if (w.includes('social') && w.includes('security')) return true;
  if (w.includes('national') && w.includes('id')) return true;
  const last = w[w.length - 1];
  const before = w[w.length - 2];
  return last === 'name' && (w.length === 1 || (before !== void 0 && NAME_OWNERS.has(before)));
}

// dist/contract/product-id.js
var DEFAULT_DOMAIN = 'default';
function toIdPart(name) {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (slug === '') return 'unnamed';
  return /^[0-9]/.test(slug) ? `p_${slug}` : slug;
}
function deriveProductId(candidates, domain, name) {
  const domainPart = domain === void 0 ? void 0 : toIdPart(domain);
  for (const candidate of candidates) {
    if (candidate === void 0 || !PRODUCT_ID_PATTERN.test(candidate)) continue;
    const idDomain = candidate.slice(0, candidate.indexOf('.'));
    if (domainPart === void 0 || idDomain === domainPart) return { id: candidate, domain: idDomain };
  }
  const d = domainPart ?? DEFAULT_DOMAIN;
  return { id: `${d}.${toIdPart(name)}`, domain: d };
}

// dist/contract/contract-to-spec.js
var MESHWORK_RULE_ENGINE = 'meshwork';
function documentData(input) {
  return isSourceDocument(input) ? input.data : input;
}
function isSourceDocument(input) {
  return typeof input === 'object' && input !== null && 'yaml' in input && 'text' in input && 'data' in input;
}
function readOwner(team) {
  const members = Array.isArray(team) ? team : asArray(asObject(team)?.members);
  const name = Array.isArray(team) ? void 0 : asString(asObject(team)?.name);
  if (name !== void 0) return name;
  for (const m of members) {
    const member = asObject(m);
    if (/owner/i.test(asString(member?.role) ?? '')) return asString(member?.username);
  }
  return void 0;
}
function readPurpose(description) {
  if (typeof description === 'string') return asString(description);
  const d = asObject(description);
  return asString(d?.purpose) ?? asString(d?.usage);
}
function readVersion(value) {
  if (typeof value !== 'string') return void 0;
  return semver.clean(value) ?? semver.coerce(value)?.version ?? void 0;
}
function contractToSpec(odcs, odps, options = {}) {
  return importContract(odcs, odps, options).spec;
}
function importContract(odcs, odps, options = {}) {
  const data = asObject(documentData(odcs));
  if (data === void 0)
    throw new MeshError('invalid_input', 'cannot map the contract: it must be a mapping of keys to values');
  const product = asObject(documentData(odps));
  const objects = asArray(data.schema);
  let objectIndex = objects.length > 0 ? 0 : void 0;
  if (options.object !== void 0) {
    objectIndex = objects.findIndex((o) => asObject(o)?.name === options.object);
    if (objectIndex < 0) {
      const names = objects.map((o) => asString(asObject(o)?.name)).filter((n) => n !== void 0);
      throw new MeshError(
        'not_found',
        `the contract has no schema object "${options.object}"; it has ${names.join(', ') || 'none'}`,
      );
    }
  }
  const object = objectIndex === void 0 ? void 0 : asObject(objects[objectIndex]);
  const name =
    asString(product?.name) ??
    asString(data.name) ??
    asString(data.dataProduct) ??
    asString(object?.name) ??
    asString(data.id) ??
    'product';
  const { id, domain } = deriveProductId(
    [asString(product?.id), asString(data.id)],
    asString(product?.domain) ?? asString(data.domain),
    name,
  );
  const level2 = customProperty(data, 'qualityLevel') ?? customProperty(product, 'qualityLevel');
  const inputs = asArray(product?.inputPorts)
    .map((p) => asString(asObject(p)?.name))
    .filter((n) => n !== void 0);
  const schema = importObject(object, objectIndex ?? 0);
  const sla = importSla(data.slaProperties);
  const spec = {
    id,
    name,
    domain,
    owner: readOwner(product?.team) ?? readOwner(data.team) ?? asString(customProperty(data, 'owner')) ?? '',
    description: readPurpose(product?.description) ?? readPurpose(data.description) ?? '',
    tags: Array.isArray(product?.tags) ? stringList(product.tags) : stringList(data.tags),
    version: readVersion(product?.version) ?? readVersion(data.version) ?? '0.1.0',
    qualityLevel: isQualityLevel(level2) ? level2 : 'bronze',
    schema: schema.schema,
    sla: sla.sla,
    upstream: inputs.length > 0 ? [...new Set(inputs)] : stringList(customProperty(data, 'upstream')),
  };
  return {
    spec,
    origins: {
      objectIndex,
      propertyIndex: schema.propertyIndex,
      rules: schema.rules,
      enums: schema.enums,
      sla,
    },
  };
}
function importSchemaObject(object) {
  return importObject(asObject(object), 0).schema;
}
function importObject(object, objectIndex) {
  const fields = [];
  const propertyIndex = /* @__PURE__ */ new Map();
  const rules = [];
  const ruleOrigins = /* @__PURE__ */ new Map();
  const enums = /* @__PURE__ */ new Map();
  const keyed = [];
  const uniques = [];
  const base = ['schema', objectIndex];
  const addRule = (rule, origin) => {
    let n = rule.name;
    for (let i = 2; ruleOrigins.has(n); i++) n = `${rule.name}_${i}`;
    rules.push({ ...rule, name: n });
    ruleOrigins.set(n, origin);
  };
  asArray(object?.properties).forEach((raw, index) => {
    const prop = asObject(raw);
    const name = asString(prop?.name);
    if (prop === void 0 || name === void 0 || propertyIndex.has(name)) return;
    propertyIndex.set(name, index);
    const path = [...base, 'properties', index];
    const field = importProperty(prop, name);
    asArray(prop.quality).forEach((q, qi) => {
      const entry = asObject(q);
      const qpath = [...path, 'quality', qi];
      const threshold = readThreshold(entry);
      const zero = isZeroTolerance(threshold) && !(entry?.unit === 'percent' && threshold?.op === 'lt');
      if (entry === void 0 || !zero) return;
      const args = asObject(entry.arguments);
      const ruleName = asString(entry.name) ?? asString(entry.id);
      if (
        entry.metric === 'invalidValues' &&
        Array.isArray(args?.validValues) &&
        args.validValues.every(isScalarValue)
      ) {
        if (field.enum === void 0) {
          field.enum = args.validValues;
          enums.set(name, qpath);
        }
      } else if (entry.metric === 'nullValues') {
        const check = formatFilter({ kind: 'null', left: { kind: 'field', field: name }, isNull: false });
        addRule(withDescription({ name: ruleName ?? `${name}_not_null`, check }, entry), qpath);
      }
    });
    if (prop.primaryKey === true) {
      const position = asNumber(prop.primaryKeyPosition);
      keyed.push({
        name,
        position: position !== void 0 && position > 0 ? position : Number.POSITIVE_INFINITY,
        index,
      });
    } else if (prop.unique === true) {
      uniques.push(name);
    }
    fields.push(field);
  });
  asArray(object?.quality).forEach((q, qi) => {
    const entry = asObject(q);
    if (
      entry?.type !== 'custom' ||
      entry.engine !== MESHWORK_RULE_ENGINE ||
      typeof entry.implementation !== 'string'
    )
      return;
    addRule(
      withDescription({ name: asString(entry.name) ?? `rule_${qi + 1}`, check: entry.implementation }, entry),
      [...base, 'quality', qi],
    );
  });
  const primaryKey = keyed.sort((a, b) => a.position - b.position || a.index - b.index).map((k) => k.name);
  const declared = asArray(customProperty(object, 'indexes'));
  const indexes =
    declared.length > 0 ? declared.map(stringList).filter((ix) => ix.length > 0) : uniques.map((u) => [u]);
  const keyedFields = fields.map((f) =>
    primaryKey.includes(f.name) && !f.required ? { ...f, required: true } : f,
  );
  return {
    schema: { fields: keyedFields, primaryKey, indexes, rules },
    propertyIndex,
    rules: ruleOrigins,
    enums,
  };
}
function withDescription(rule, entry) {
  const description = asString(entry.description);
  return description === void 0 ? rule : { ...rule, description };
}
function importProperty(prop, name) {
  const { type } = odcsToFieldType(prop.logicalType, prop.physicalType);
  const field = { name, type, required: prop.required === true || prop.primaryKey === true };
  const description = asString(prop.description);
  if (description !== void 0) field.description = description;
  if (isPiiProperty(prop)) field.pii = true;
  const classification = asString(prop.classification);
  if (classification !== void 0) field.classification = classification;
  const masking = customProperty(prop, 'masking');
  if (MASKING_STRATEGIES.includes(masking)) field.masking = masking;
  const options = asObject(prop.logicalTypeOptions);
  if (type === 'string') {
    if (isStringFormat(options?.format)) field.format = options.format;
    const pattern = asString(options?.pattern);
    if (pattern !== void 0) field.pattern = pattern;
    for (const key of ['minLength', 'maxLength']) {
      const n = asNumber(options?.[key]);
      if (n !== void 0) field[key] = n;
    }
  } else if (type === 'integer' || type === 'number') {
    for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']) {
      const n = asNumber(options?.[key]);
      if (n !== void 0) field[key] = n;
    }
  }
  const examples = prop.examples;
  if (Array.isArray(examples) && examples.length > 0 && examples.every(isScalarValue))
    field.examples = examples;
  return field;
}

export {
  isFieldType,
  isStringFormat,
  escapeLikePattern,
  findLikePatternProblem,
  likePatternToRegExp,
  parseFilterExpression,
  formatFilter,
  MASKING_STRATEGIES,
  physicalToFieldType,
  odcsToFieldType,
  fieldTypeToLogicalType,
  fieldTypeToPhysicalType,
  PII_CLASSIFICATIONS,
  isPiiProperty,
  piiImpliedByLabels,
  looksLikePii,
  deriveProductId,
  ZERO_FAILURES,
  readThreshold,
  isZeroTolerance,
  meetsThreshold,
  compareThresholds,
  formatThreshold,
  SLA_KEYS,
  durationToMinutes,
  percentValue,
  slaEntry,
  updateSlaEntry,
  MESHWORK_RULE_ENGINE,
  documentData,
  readOwner,
  readPurpose,
  readVersion,
  contractToSpec,
  importContract,
  importSchemaObject,
};
