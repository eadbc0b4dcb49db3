import { closestName } from './chunk-FXK5COB7.js';
import {
  MASKING_STRATEGIES,
  findLikePatternProblem,
  isFieldType,
  isStringFormat,
  parseFilterExpression,
} from './chunk-5YITE3UL.js';
import { FIELD_NAME_PATTERN, PRODUCT_ID_PATTERN, QUALITY_LEVELS, isQualityLevel } from './chunk-K5DZIQWA.js';
import { ContractViolationError, MeshError } from './chunk-Z2USMJAC.js';

// dist/core/filter/normalize-temporal.js
var DAY_SECONDS = 86400;
function isDateString(text) {
  return text.length === 10 && hasDateAtStart(text);
}
function hasDateAtStart(text) {
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  const century = twoDigits(text, 0);
  const yy = twoDigits(text, 2);
  const year = century < 0 || yy < 0 ? -1 : century * 100 + yy;
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}
var ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
function normalizeTimestamp(text) {
  if (text.length === 19 && text.charCodeAt(10) === 32 && isCanonicalSeconds(text)) return text;
  const m = ISO_TIMESTAMP.exec(text);
  if (m === null) return void 0;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === void 0 ? 0 : Number(m[4]);
  const minute = m[5] === void 0 ? 0 : Number(m[5]);
  const second = m[6] === void 0 ? 0 : Number(m[6]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return void 0;
  if (hour > 23 || minute > 59 || second > 59) return void 0;
  const fraction = (m[7] ?? '').slice(0, 6).replace(/0+$/, '');
  const zone = m[8];
  let offsetSeconds = 0;
  if (zone !== void 0 && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const offsetHours = Number(zone.slice(1, 3));
    const offsetMinutes = zone.length > 3 ? Number(zone.slice(-2)) : 0;
    if (offsetHours > 23 || offsetMinutes > 59) return void 0;
    offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60);
  }
  let y = year;
  let mo = month;
  let d = day;
  let secondsOfDay = hour * 3600 + minute * 60 + second;
  if (offsetSeconds !== 0) {
    const total = daysFromCivil(year, month, day) * DAY_SECONDS + secondsOfDay - offsetSeconds;
    const days = Math.floor(total / DAY_SECONDS);
    secondsOfDay = total - days * DAY_SECONDS;
    [y, mo, d] = civilFromDays(days);
    if (y < 1 || y > 9999) return void 0;
  }
  const hh = Math.floor(secondsOfDay / 3600);
  const mi = Math.floor((secondsOfDay % 3600) / 60);
  const ss = secondsOfDay % 60;
  const base = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)} ${pad(hh, 2)}:${pad(mi, 2)}:${pad(ss, 2)}`;
  return fraction === '' ? base : `${base}.${fraction}`;
}
function isCanonicalSeconds(text) {
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || !hasDateAtStart(text)) return false;
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}
function twoDigits(text, start) {
  const a = text.charCodeAt(start) - 48;
  const b = text.charCodeAt(start + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}
function daysInMonth(year, month) {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
function pad(n, width) {
  return String(n).padStart(width, '0');
}
function daysFromCivil(year, month, day) {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
function civilFromDays(days) {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

// dist/core/filter/bind-filter.js
var FUNCTION_INPUTS = {
  year: ['date', 'timestamp'],
  month: ['date', 'timestamp'],
  day: ['date', 'timestamp'],
  lower: ['string'],
  upper: ['string'],
  length: ['string'],
};
var FUNCTION_RESULTS = {
  year: 'integer',
  month: 'integer',
  day: 'integer',
  lower: 'string',
  upper: 'string',
  length: 'integer',
};
var TYPE_NAMES = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  date: "a date ('YYYY-MM-DD')",
  timestamp: "a timestamp ('YYYY-MM-DD HH:MM:SS' or ISO 8601)",
};
function bindFilter(filter, schema) {
  const binder = new Binder(schema);
  const bound = binder.bind(filter, []);
  const { issues } = binder;
  if (issues.length > 0) {
    const shown = issues.slice(0, 3).map((i) => i.message);
    if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more problem(s)`);
    throw new MeshError('invalid_input', shown.join('; '), {
      details: { issues, path: issues[0]?.path ?? [] },
    });
  }
  return bound;
}
var INVALID = /* @__PURE__ */ Symbol('invalid');
var Binder = class {
  issues = [];
  #fields;
  constructor(schema) {
    this.#fields = new Map(schema.fields.map((f) => [f.name, f]));
  }
  bind(filter, path) {
    switch (filter.kind) {
      case 'and':
      case 'or':
        return this.#bindList(filter.kind, filter.items, path);
      case 'not':
        return { kind: 'not', item: this.bind(filter.item, [...path, 'item']) };
      case 'null': {
        const operand = this.#operand(filter.left, [...path, 'left']);
        return operand === void 0 ? filter : { kind: 'null', left: operand.left, isNull: filter.isNull };
      }
      case 'compare': {
        const operand = this.#operand(filter.left, [...path, 'left']);
        if (operand === void 0) return filter;
        if (filter.value === null) {
          this.#add(
            [...path, 'value'],
            'null',
            `${operand.text} cannot be compared with null; use \`is null\``,
          );
          return filter;
        }
        const value = this.#convert(filter.value, operand.type, operand.text, [...path, 'value']);
        return value === INVALID ? filter : { kind: 'compare', left: operand.left, op: filter.op, value };
      }
      case 'in': {
        const operand = this.#operand(filter.left, [...path, 'left']);
        if (operand === void 0) return filter;
        if (filter.values.length === 0) {
          this.#add([...path, 'values'], 'empty', `the list of values for ${operand.text} must not be empty`);
          return filter;
        }
        const values = [];
        filter.values.forEach((v, i) => {
          if (v === null) {
            this.#add(
              [...path, 'values', i],
              'null',
              `null never matches in a list; check ${operand.text} with \`is null\``,
            );
            return;
          }
          const value = this.#convert(v, operand.type, operand.text, [...path, 'values', i]);
          if (value !== INVALID) values.push(value);
        });
        return { kind: 'in', left: operand.left, values, negated: filter.negated };
      }
      case 'like': {
        const operand = this.#operand(filter.left, [...path, 'left']);
        if (operand === void 0) return filter;
        const op = filter.caseInsensitive ? 'ilike' : 'like';
        if (operand.type !== 'string') {
          this.#add(
            [...path, 'left'],
            'type',
            `${op} and contains work on text, but ${operand.text} is ${TYPE_NAMES[operand.type]}; compare it with =, <, > or in`,
          );
          return filter;
        }
        const problem = findLikePatternProblem(filter.pattern);
        if (problem !== void 0) {
          this.#add([...path, 'pattern'], 'pattern', `invalid ${op} pattern for ${operand.text}: ${problem}`);
          return filter;
        }
        return {
          kind: 'like',
          left: operand.left,
          pattern: filter.pattern,
          caseInsensitive: filter.caseInsensitive,
          negated: filter.negated,
        };
      }
      default:
        this.#add(path, 'type', `unknown filter node kind ${JSON.stringify(filter.kind)}`);
        return filter;
    }
  }
  #bindList(kind, items, path) {
    const out = [];
    const absorbing = kind === 'and' ? 'or' : 'and';
    let absorbed = false;
    items.forEach((item, i) => {
      const bound = this.bind(item, [...path, 'items', i]);
      if (bound.kind === kind) out.push(...bound.items);
      else if (bound.kind === absorbing && bound.items.length === 0) absorbed = true;
      else out.push(bound);
    });
    if (absorbed) return { kind: absorbing, items: [] };
    const [only] = out;
    return out.length === 1 && only !== void 0 ? only : { kind, items: out };
  }
  #operand(left, path) {
    const field = this.#fields.get(left.field);
    if (field === void 0) {
      const known = [...this.#fields.keys()];
      const suggestion = closestName(left.field, known);
      const hint = suggestion === void 0 ? '' : ` (did you mean "${suggestion}"?)`;
      this.#add(
        [...path, 'field'],
        'unknown_field',
        `unknown field "${left.field}" in filter${hint}; known fields: ${known.join(', ')}`,
      );
      return void 0;
    }
    if (left.kind === 'field')
      return { left: { kind: 'field', field: field.name }, type: field.type, text: field.name };
    const inputs = FUNCTION_INPUTS[left.fn];
    const text = `${left.fn}(${field.name})`;
    if (inputs === void 0) {
      this.#add([...path, 'fn'], 'function', `unknown filter function ${JSON.stringify(left.fn)}`);
      return void 0;
    }
    if (!inputs.includes(field.type)) {
      this.#add(
        [...path, 'fn'],
        'function',
        `${left.fn}() needs a ${inputs.join(' or ')} field, but ${field.name} is ${TYPE_NAMES[field.type]}`,
      );
      return void 0;
    }
    return { left: { kind: 'call', fn: left.fn, field: field.name }, type: FUNCTION_RESULTS[left.fn], text };
  }
  #convert(value, type, operand, path) {
    const problem = (detail) => {
      this.#add(path, 'type', `${operand} is ${TYPE_NAMES[type]}, ${detail}`);
      return INVALID;
    };
    switch (type) {
      case 'string':
        if (typeof value === 'string') return value;
        return problem(`so write the value in single quotes: '${String(value)}'`);
      case 'integer':
      case 'number':
        if (typeof value === 'number') {
          if (type === 'number' || Number.isSafeInteger(value)) return value;
          return problem(`so compare it with a whole number (got ${value})`);
        }
        if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
          return problem(`so write ${value.trim()} without quotes (got ${describe(value)})`);
        }
        return problem(`so it cannot be compared with ${describe(value)}`);
      case 'boolean':
        if (typeof value === 'boolean') return value;
        if (value === 'true' || value === 'false') return problem(`so write ${value} without quotes`);
        return problem(`so it cannot be compared with ${describe(value)}`);
      case 'date':
        if (typeof value === 'string' && isDateString(value)) return value;
        if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
          return problem(`but '${value}' is not a real calendar date`);
        }
        return problem(`so write the value as 'YYYY-MM-DD' (got ${describe(value)})`);
      case 'timestamp': {
        const normalized = typeof value === 'string' ? normalizeTimestamp(value) : void 0;
        if (normalized !== void 0) return normalized;
        const got =
          typeof value === 'string'
            ? `${describe(value)}, which is not a real point in time`
            : describe(value);
        return problem(
          `so write the value as 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM:SS' or ISO 8601 such as '2025-10-06T14:00:00Z' (got ${got})`,
        );
      }
    }
  }
  #add(path, code, message) {
    this.issues.push({ path, code, message });
  }
};
function describe(value) {
  if (typeof value === 'string') {
    const quoted = `'${value.replaceAll("'", "''")}'`;
    return `the text ${quoted.length > 40 ? `${quoted.slice(0, 37)}...` : quoted}`;
  }
  if (typeof value === 'number') return `the number ${value}`;
  return String(value);
}

// dist/core/bound-sql.js
function bindSql(source, pattern, replace) {
  if (!pattern.global) throw new Error('bindSql needs a global pattern');
  const replacements = [];
  let text = '';
  let last = 0;
  for (const m of source.matchAll(pattern)) {
    const at = m.index ?? 0;
    text += source.slice(last, at);
    const value = replace(m);
    replacements.push({
      start: text.length,
      end: text.length + value.length,
      sourceStart: at,
      sourceEnd: at + m[0].length,
    });
    text += value;
    last = at + m[0].length;
  }
  text += source.slice(last);
  return {
    text,
    source,
    toSourcePosition(position) {
      let shift = 0;
      for (const r of replacements) {
        if (position < r.start) break;
        if (position < r.end) return r.sourceStart;
        shift = r.sourceEnd - r.end;
      }
      return position + shift;
    },
  };
}
function replaceSpans(bound, spans) {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let text = '';
  let last = 0;
  const moves = [];
  for (const span of sorted) {
    if (span.start < last || span.end > bound.text.length || span.end < span.start) {
      throw new Error('replaceSpans needs sorted spans inside the text that do not overlap');
    }
    text += bound.text.slice(last, span.start);
    moves.push({
      start: text.length,
      end: text.length + span.replacement.length,
      boundStart: span.start,
      boundEnd: span.end,
    });
    text += span.replacement;
    last = span.end;
  }
  text += bound.text.slice(last);
  return {
    text,
    source: bound.source,
    toSourcePosition(position) {
      let shift = 0;
      for (const m of moves) {
        if (position < m.start) break;
        if (position < m.end) return bound.toSourcePosition(m.boundStart);
        shift = m.boundEnd - m.end;
      }
      return bound.toSourcePosition(position + shift);
    },
  };
}

// dist/core/derived-spec.js
var PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
var PRODUCT_ID = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;
function findInputPlaceholders(sql) {
  const seen = /* @__PURE__ */ new Set();
  const out = [];
  for (const m of sql.matchAll(PLACEHOLDER)) {
    const id = m[1] ?? '';
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ id, valid: PRODUCT_ID.test(id) });
  }
  return out;
}
function bindInputs(sql, tables) {
  return bindSql(sql, PLACEHOLDER, (m) => {
    const id = (m[1] ?? '').trim();
    const table = tables.get(id);
    if (table === void 0) throw new Error(`no table resolved for input ${id}`);
    return table;
  });
}

// dist/core/parse-product-spec.js
import semver from 'semver';

// dist/core/parse-access-spec.js
function readAccessSpec(r, raw, path) {
  const obj = r.object(raw, path, 'access');
  if (!obj) return void 0;
  for (const key of Object.keys(obj)) {
    if (key !== 'autoApprove' && key !== 'migrationWindowDays') {
      r.add(
        [...path, key],
        'unknown_key',
        `access.${key} is not known; use autoApprove or migrationWindowDays`,
      );
    }
  }
  let autoApprove;
  if (obj.autoApprove != null) {
    const auto = r.object(obj.autoApprove, [...path, 'autoApprove'], 'access.autoApprove');
    if (auto) {
      const purposes = r.stringList(auto.purposes, [...path, 'autoApprove', 'purposes'], 'purposes');
      autoApprove = {
        nonPii: r.boolean(auto, 'nonPii', [...path, 'autoApprove']) ?? false,
        purposes: purposes.map((p) => p.trim()).filter((p) => p !== ''),
      };
    }
  }
  const days = r.number(obj, 'migrationWindowDays', path);
  if (days !== void 0 && (!Number.isInteger(days) || days < 0)) {
    r.add(
      [...path, 'migrationWindowDays'],
      'range',
      'access.migrationWindowDays must be a whole number of days',
    );
  }
  return {
    ...(autoApprove === void 0 ? {} : { autoApprove }),
    ...(days === void 0 || !Number.isInteger(days) || days < 0 ? {} : { migrationWindowDays: days }),
  };
}

// dist/core/analytics-spec.js
var MEASURE_FUNCTIONS = ['count', 'sum', 'avg', 'min', 'max', 'count_distinct'];
var TIME_BUCKETS = ['year', 'month', 'day'];
function breakdownKey(breakdown) {
  return breakdown.bucket ?? breakdown.by;
}

// dist/core/spec-reader.js
var SpecReader = class {
  issues = [];
  /** Records a problem at a path. */
  add(path, code, message) {
    this.issues.push({ path, code, message });
  }
  /** Reads a mapping, or records a problem and gives undefined. */
  object(value, path, what) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
    this.add(path, 'type', `${what} must be an object (a mapping of keys to values)`);
    return void 0;
  }
  /** Reads a string property; a missing required one is a problem. */
  string(obj, key, path, required) {
    const v = obj[key];
    if (v === void 0 || v === null) {
      if (required) this.add([...path, key], 'required', `${key} is required`);
      return void 0;
    }
    if (typeof v !== 'string') {
      this.add([...path, key], 'type', `${key} must be a string, got ${describeSpecValue(v)}`);
      return void 0;
    }
    return v;
  }
  /** Reads an optional finite number property. */
  number(obj, key, path) {
    const v = obj[key];
    if (v === void 0 || v === null) return void 0;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.add([...path, key], 'type', `${key} must be a number, got ${describeSpecValue(v)}`);
      return void 0;
    }
    return v;
  }
  /** Reads an optional boolean property. */
  boolean(obj, key, path) {
    const v = obj[key];
    if (v === void 0 || v === null) return void 0;
    if (typeof v !== 'boolean') {
      this.add([...path, key], 'type', `${key} must be true or false, got ${describeSpecValue(v)}`);
      return void 0;
    }
    return v;
  }
  /** Reads a list of strings; a single string counts as a list of one. */
  stringList(value, path, what) {
    if (value === void 0 || value === null) return [];
    if (typeof value === 'string') return [value];
    if (!Array.isArray(value)) {
      this.add(path, 'type', `${what} must be a list of strings`);
      return [];
    }
    const out = [];
    value.forEach((v, i) => {
      if (typeof v === 'string') out.push(v);
      else this.add([...path, i], 'type', `${what} entries must be strings, got ${describeSpecValue(v)}`);
    });
    return out;
  }
  /** Reads an optional list, or records a problem and gives an empty list. */
  list(value, path, what) {
    if (value === void 0 || value === null) return [];
    if (Array.isArray(value)) return value;
    this.add(path, 'type', `${what} must be a list`);
    return [];
  }
};
function describeSpecValue(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string')
    return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}\u2026` : v)}`;
  return `${typeof v} ${typeof v === 'object' ? '' : String(v)}`.trim();
}
function isScalar(v) {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

// dist/core/parse-analytics-spec.js
var SHORTHAND = /^\s*([a-z_]+)\s*\(\s*(\*|[A-Za-z_][A-Za-z0-9_]*)?\s*\)\s*$/i;
function namedEntries(r, raw, path, what) {
  if (raw === void 0 || raw === null) return [];
  if (Array.isArray(raw)) {
    return raw.map((entry, i) => {
      const name = typeof entry === 'object' && entry !== null ? entry.name : void 0;
      if (typeof name !== 'string') r.add([...path, i, 'name'], 'required', `every ${what} needs a name`);
      return [typeof name === 'string' ? name : void 0, entry, [...path, i]];
    });
  }
  if (typeof raw === 'object') {
    return Object.entries(raw).map(([name, entry]) => [name, entry, [...path, name]]);
  }
  r.add(path, 'type', `${what}s must be a list, or a mapping of name to ${what}`);
  return [];
}
function checkName(r, name, path, what, taken) {
  if (!FIELD_NAME_PATTERN.test(name)) {
    r.add(
      [...path, 'name'],
      'format',
      `${what} name "${name}" must use letters, digits and underscores only`,
    );
    return false;
  }
  if (taken.has(name)) {
    r.add([...path, 'name'], 'duplicate', `${what} ${name} is declared twice`);
    return false;
  }
  taken.add(name);
  return true;
}
function readMeasure(r, name, raw, path, schema) {
  let fnText;
  let field;
  let description;
  if (typeof raw === 'string') {
    const m = SHORTHAND.exec(raw);
    if (!m) {
      r.add(
        path,
        'format',
        `measure ${name} must read like sum(amount) or count(*), got ${describeSpecValue(raw)}`,
      );
      return void 0;
    }
    fnText = m[1]?.toLowerCase();
    field = m[2] === '*' ? void 0 : m[2];
  } else {
    const obj = r.object(raw, path, `measure ${name}`);
    if (!obj) return void 0;
    fnText = r.string(obj, 'fn', path, true);
    field = r.string(obj, 'field', path, false);
    description = r.string(obj, 'description', path, false);
  }
  if (fnText === void 0) return void 0;
  if (!MEASURE_FUNCTIONS.includes(fnText)) {
    r.add(
      [...path, 'fn'],
      'enum',
      `measure ${name} uses unknown function "${fnText}"; use ${MEASURE_FUNCTIONS.join(', ')}`,
    );
    return void 0;
  }
  const fn = fnText;
  if (field === void 0) {
    if (fn !== 'count') {
      r.add([...path, 'field'], 'required', `measure ${name} needs a field to ${fn}, e.g. ${fn}(amount)`);
      return void 0;
    }
  } else {
    const f = schema.fields.find((x) => x.name === field);
    if (f === void 0) {
      r.add(
        [...path, 'field'],
        'unknown_field',
        `measure ${name} names field ${field}, which is not in the schema; known fields: ${schema.fields.map((x) => x.name).join(', ')}`,
      );
      return void 0;
    }
    if ((fn === 'sum' || fn === 'avg') && f.type !== 'number' && f.type !== 'integer') {
      r.add(
        [...path, 'field'],
        'type',
        `measure ${name}: ${fn} needs a numeric field, but ${field} is ${f.type}`,
      );
      return void 0;
    }
    if ((fn === 'min' || fn === 'max') && f.type === 'boolean') {
      r.add(
        [...path, 'field'],
        'type',
        `measure ${name}: ${fn} cannot be taken of the boolean field ${field}`,
      );
      return void 0;
    }
  }
  return {
    name,
    fn,
    ...(field === void 0 ? {} : { field }),
    ...(description === void 0 ? {} : { description }),
  };
}
function readOrder(r, raw, path, name, key, measures, bucket) {
  const fallback =
    bucket !== void 0 || measures[0] === void 0
      ? { by: key, direction: 'asc' }
      : { by: measures[0], direction: 'desc' };
  if (raw === void 0 || raw === null) return fallback;
  if (typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw;
    if (typeof o.by === 'string' && (o.direction === 'asc' || o.direction === 'desc')) {
      return readOrder(r, `${o.by} ${o.direction}`, path, name, key, measures, bucket);
    }
  }
  const m = typeof raw === 'string' ? /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/i.exec(raw) : null;
  if (!m) {
    r.add(
      [...path, 'orderBy'],
      'format',
      `orderBy of breakdown ${name} must be a measure or "${key}", optionally followed by asc or desc`,
    );
    return void 0;
  }
  const by = m[1];
  if (by !== key && !measures.includes(by)) {
    r.add(
      [...path, 'orderBy'],
      'unknown_field',
      `breakdown ${name} cannot be ordered by ${by}; use ${[key, ...measures].join(', ')}`,
    );
    return void 0;
  }
  const direction = m[2]?.toLowerCase() === 'desc' ? 'desc' : m[2] === void 0 && by !== key ? 'desc' : 'asc';
  return { by, direction };
}
function readBreakdown(r, name, raw, path, schema, measures) {
  const obj = r.object(raw, path, `breakdown ${name}`);
  if (!obj) return void 0;
  const by = r.string(obj, 'by', path, true);
  if (by === void 0) return void 0;
  const field = schema.fields.find((f) => f.name === by);
  if (field === void 0) {
    r.add([...path, 'by'], 'unknown_field', `breakdown ${name} groups by ${by}, which is not in the schema`);
    return void 0;
  }
  const bucketText = r.string(obj, 'bucket', path, false);
  let bucket;
  if (bucketText !== void 0) {
    if (!TIME_BUCKETS.includes(bucketText)) {
      r.add(
        [...path, 'bucket'],
        'enum',
        `bucket of breakdown ${name} must be one of ${TIME_BUCKETS.join(', ')}`,
      );
      return void 0;
    }
    if (field.type !== 'date' && field.type !== 'timestamp') {
      r.add(
        [...path, 'bucket'],
        'type',
        `breakdown ${name}: only a date or timestamp field has calendar buckets, but ${by} is ${field.type}`,
      );
      return void 0;
    }
    bucket = bucketText;
  }
  const key = bucket ?? by;
  const known = measures.map((m) => m.name);
  const listed =
    obj.measures === void 0 ? known : r.stringList(obj.measures, [...path, 'measures'], 'measures');
  let ok = true;
  for (const m of listed) {
    if (!known.includes(m)) {
      r.add(
        [...path, 'measures'],
        'unknown_measure',
        `breakdown ${name} lists measure ${m}, which is not declared; declared: ${known.join(', ') || 'none'}`,
      );
      ok = false;
    }
    if (m === key) {
      r.add(
        [...path, 'measures'],
        'duplicate',
        `breakdown ${name}: measure ${m} has the same name as the breakdown key`,
      );
      ok = false;
    }
  }
  if (listed.length === 0) {
    r.add([...path, 'measures'], 'required', `breakdown ${name} needs at least one measure`);
    ok = false;
  }
  const top = r.number(obj, 'top', path);
  if (top !== void 0 && (!Number.isSafeInteger(top) || top < 1)) {
    r.add([...path, 'top'], 'range', `top of breakdown ${name} must be a whole number of 1 or more`);
    ok = false;
  }
  const orderBy = readOrder(r, obj.orderBy, path, name, key, listed, bucket);
  const description = r.string(obj, 'description', path, false);
  if (!ok || orderBy === void 0) return void 0;
  return {
    name,
    by,
    ...(bucket === void 0 ? {} : { bucket }),
    measures: listed,
    orderBy,
    ...(top === void 0 ? {} : { top }),
    ...(description === void 0 ? {} : { description }),
  };
}
function readAnalyticsSpec(r, raw, path, schema) {
  const obj = r.object(raw, path, 'analytics');
  if (!obj) return void 0;
  const measures = [];
  const measureNames = /* @__PURE__ */ new Set();
  for (const [name, entry, at] of namedEntries(r, obj.measures, [...path, 'measures'], 'measure')) {
    if (name === void 0 || !checkName(r, name, at, 'measure', measureNames)) continue;
    const measure = readMeasure(r, name, entry, at, schema);
    if (measure) measures.push(measure);
  }
  const breakdowns = [];
  const breakdownNames = /* @__PURE__ */ new Set();
  for (const [name, entry, at] of namedEntries(r, obj.breakdowns, [...path, 'breakdowns'], 'breakdown')) {
    if (name === void 0 || !checkName(r, name, at, 'breakdown', breakdownNames)) continue;
    const breakdown = readBreakdown(r, name, entry, at, schema, measures);
    if (breakdown) breakdowns.push(breakdown);
  }
  return { measures, breakdowns };
}

// dist/core/parse-derived-spec.js
function readDerivedSpec(r, raw, path, productId, upstream) {
  const obj = r.object(raw, path, 'derived');
  if (!obj) return void 0;
  const sql = r.string(obj, 'sql', path, true);
  const description = r.string(obj, 'description', path, false);
  if (sql === void 0) return void 0;
  const at = [...path, 'sql'];
  const placeholders = findInputPlaceholders(sql);
  let ok = true;
  for (const p of placeholders) {
    if (!p.valid) {
      r.add(at, 'placeholder', `{{${p.id}}} is not a product id; write input products as {{domain.name}}`);
      ok = false;
    } else if (p.id === productId) {
      r.add(at, 'placeholder', `a derived product cannot read itself ({{${p.id}}})`);
      ok = false;
    } else if (!upstream.includes(p.id)) {
      r.add(
        at,
        'placeholder',
        `the SQL reads {{${p.id}}}, which is not in upstream; add ${p.id} to upstream`,
      );
      ok = false;
    }
  }
  if (placeholders.length === 0) {
    r.add(
      at,
      'placeholder',
      'the SQL reads no input product; name each input as a placeholder such as {{sales.transactions}}',
    );
    ok = false;
  }
  if (!ok) return void 0;
  const inputs = placeholders.map((p) => p.id);
  return description === void 0 ? { sql, inputs } : { sql, inputs, description };
}

// dist/core/quality-level-rules.js
var EARNED_QUALITY_LEVELS = ['silver', 'gold'];
var DEFAULT_QUALITY_LEVEL_RULES = {
  silver: { completeness: 100, validity: 100, uniqueness: 100, minRecords: 1 },
};
function unmetRequirements(rule, m) {
  const out = [];
  const percent = (name, label) => {
    const min = rule[name];
    if (min === void 0) return;
    const value = m[name];
    if (value === null) out.push(`${label} could not be measured (needs at least ${min}%)`);
    else if (value < min) out.push(`${label} is ${round(value)}%, below ${min}%`);
  };
  if (rule.minRecords !== void 0 && m.totalRecords < rule.minRecords) {
    out.push(`holds ${m.totalRecords} record(s), needs at least ${rule.minRecords}`);
  }
  percent('completeness', 'completeness');
  percent('validity', 'validity');
  percent('uniqueness', 'key uniqueness');
  if (rule.fresh === true && m.fresh !== true) {
    out.push(
      m.fresh === null
        ? 'freshness cannot be measured (no SLA target or never written)'
        : 'data is stale against the SLA freshness target',
    );
  }
  return out;
}
function round(n) {
  return Math.round(n * 100) / 100;
}
function deriveQualityLevel(rules, m) {
  let level = 'bronze';
  let blocked = false;
  const unmet = {};
  for (const candidate of EARNED_QUALITY_LEVELS) {
    const rule = rules[candidate];
    if (rule === void 0) {
      blocked = true;
      unmet[candidate] = ['no rule is declared for this level'];
      continue;
    }
    const reasons = unmetRequirements(rule, m);
    if (blocked && reasons.length === 0) reasons.push('a lower level was not earned');
    unmet[candidate] = reasons;
    if (reasons.length === 0) level = candidate;
    else blocked = true;
  }
  return { level, unmet };
}

// dist/core/parse-quality-level-rules.js
var REQUIREMENTS = ['completeness', 'validity', 'uniqueness', 'fresh', 'minRecords'];
function readRule(r, raw, path, level) {
  const obj = r.object(raw, path, `the ${level} rule`);
  if (!obj) return void 0;
  const rule = {};
  for (const key of Object.keys(obj)) {
    if (!REQUIREMENTS.includes(key)) {
      r.add(
        [...path, key],
        'unknown_key',
        `unknown requirement ${key} for ${level}; use ${REQUIREMENTS.join(', ')}`,
      );
    }
  }
  for (const key of ['completeness', 'validity', 'uniqueness']) {
    const n = r.number(obj, key, path);
    if (n === void 0) continue;
    if (n < 0 || n > 100)
      r.add([...path, key], 'range', `${level}.${key} is a percentage and must be between 0 and 100`);
    else rule[key] = n;
  }
  const fresh = r.boolean(obj, 'fresh', path);
  if (fresh !== void 0) rule.fresh = fresh;
  const minRecords = r.number(obj, 'minRecords', path);
  if (minRecords !== void 0) {
    if (!Number.isSafeInteger(minRecords) || minRecords < 0) {
      r.add([...path, 'minRecords'], 'range', `${level}.minRecords must be a whole number of 0 or more`);
    } else rule.minRecords = minRecords;
  }
  return rule;
}
function readQualityLevelRules(r, raw, path) {
  const obj = r.object(raw, path, 'qualityLevels');
  if (!obj) return void 0;
  const rules = {};
  for (const [level, entry] of Object.entries(obj)) {
    if (level === 'bronze') {
      r.add(
        [...path, level],
        'enum',
        'bronze is the level every product has; declare rules for silver and gold only',
      );
      continue;
    }
    if (!EARNED_QUALITY_LEVELS.includes(level)) {
      r.add(
        [...path, level],
        'enum',
        `unknown quality level ${level}; declare rules for ${EARNED_QUALITY_LEVELS.join(' and ')}`,
      );
      continue;
    }
    const rule = readRule(r, entry, [...path, level], level);
    if (rule) rules[level] = rule;
  }
  return rules;
}

// dist/core/segment-spec.js
var SEGMENT_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,62}$/;

// dist/core/parse-segment-specs.js
function findSegmentFilterProblem(where, schema) {
  try {
    const filter = bindFilter(parseFilterExpression(where), schema);
    if (filter.kind === 'and' && filter.items.length === 0)
      return 'the filter is empty, so the segment would hold every record';
    return void 0;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
function entries(r, raw, path) {
  if (Array.isArray(raw)) {
    return raw.map((entry, i) => {
      const name = typeof entry === 'object' && entry !== null ? entry.name : void 0;
      if (typeof name !== 'string') r.add([...path, i, 'name'], 'required', 'every segment needs a name');
      return [typeof name === 'string' ? name : void 0, entry, [...path, i]];
    });
  }
  if (typeof raw === 'object' && raw !== null) {
    return Object.entries(raw).map(([name, entry]) => [name, entry, [...path, name]]);
  }
  r.add(path, 'type', 'segments must be a list, or a mapping of segment name to filter expression');
  return [];
}
function readSegmentSpecs(r, raw, path, schema) {
  const out = [];
  const names = /* @__PURE__ */ new Set();
  for (const [name, entry, at] of entries(r, raw, path)) {
    if (name === void 0) continue;
    if (!SEGMENT_NAME_PATTERN.test(name)) {
      r.add(
        [...at, 'name'],
        'format',
        `segment name "${name}" must start with a lowercase letter and use a-z, 0-9, _ and - only`,
      );
      continue;
    }
    if (names.has(name)) {
      r.add([...at, 'name'], 'duplicate', `segment ${name} is declared twice`);
      continue;
    }
    names.add(name);
    let where;
    let description;
    if (typeof entry === 'string') where = entry;
    else {
      const obj = r.object(entry, at, `segment ${name}`);
      if (!obj) continue;
      where = r.string(obj, 'where', at, true);
      description = r.string(obj, 'description', at, false);
    }
    if (where === void 0) continue;
    const problem = findSegmentFilterProblem(where, schema);
    if (problem !== void 0) {
      r.add([...at, 'where'], 'filter', `segment ${name} has an invalid filter: ${problem}`);
      continue;
    }
    out.push(description === void 0 ? { name, where } : { name, where, description });
  }
  return out;
}

// dist/core/parse-product-spec.js
var TYPE_ALIASES = {
  float: 'number',
  double: 'number',
  decimal: 'number',
  int: 'integer',
  long: 'integer',
  bigint: 'integer',
  bool: 'boolean',
  text: 'string',
  varchar: 'string',
  datetime: 'timestamp',
};
function readField(r, raw, path, nameFromKey) {
  const obj = r.object(raw, path, 'a field');
  if (!obj) return void 0;
  const name = nameFromKey ?? r.string(obj, 'name', path, true);
  if (name === void 0) return void 0;
  if (!FIELD_NAME_PATTERN.test(name)) {
    r.add([...path, 'name'], 'format', `field name "${name}" must use letters, digits and underscores only`);
  }
  const rawType = r.string(obj, 'type', path, true);
  if (rawType === void 0) return void 0;
  const typeName = TYPE_ALIASES[rawType.toLowerCase()] ?? rawType.toLowerCase();
  if (!isFieldType(typeName)) {
    r.add(
      [...path, 'type'],
      'unknown_type',
      `field ${name} has unknown type "${rawType}"; use string, integer, number, boolean, date or timestamp`,
    );
    return void 0;
  }
  const field = { name, type: typeName, required: true };
  const required = r.boolean(obj, 'required', path);
  if (required !== void 0) field.required = required;
  const description = r.string(obj, 'description', path, false);
  if (description !== void 0) field.description = description;
  const pii = r.boolean(obj, 'pii', path);
  if (pii !== void 0) field.pii = pii;
  const classification = r.string(obj, 'classification', path, false);
  if (classification !== void 0) field.classification = classification;
  const masking = r.string(obj, 'masking', path, false);
  if (masking !== void 0) {
    if (MASKING_STRATEGIES.includes(masking)) field.masking = masking;
    else r.add([...path, 'masking'], 'enum', `masking must be one of ${MASKING_STRATEGIES.join(', ')}`);
  }
  const format = r.string(obj, 'format', path, false);
  if (format !== void 0) {
    if (isStringFormat(format)) field.format = format;
    else r.add([...path, 'format'], 'enum', `field ${name} has unknown format "${format}"`);
  }
  const pattern = r.string(obj, 'pattern', path, false);
  if (pattern !== void 0) {
    try {
      new RegExp(pattern, 'u');
      field.pattern = pattern;
    } catch (error) {
      r.add([...path, 'pattern'], 'pattern', `field ${name} has an invalid pattern: ${error.message}`);
    }
  }
  for (const key of [
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'minLength',
    'maxLength',
  ]) {
    const n = r.number(obj, key, path);
    if (n !== void 0) field[key] = n;
  }
  const enumValues = obj.enum ?? obj.allowedValues;
  if (enumValues !== void 0) {
    if (Array.isArray(enumValues) && enumValues.every(isScalar)) field.enum = enumValues;
    else r.add([...path, 'enum'], 'type', `enum of field ${name} must be a list of plain values`);
  }
  const examples = obj.examples;
  if (examples !== void 0) {
    if (Array.isArray(examples) && examples.every(isScalar)) field.examples = examples;
    else r.add([...path, 'examples'], 'type', `examples of field ${name} must be a list of plain values`);
  }
  return field;
}
function readSchema(r, raw, path) {
  const obj = r.object(raw ?? {}, path, 'schema');
  const fields = [];
  if (obj) {
    const rawFields = obj.fields;
    if (Array.isArray(rawFields)) {
      rawFields.forEach((f, i) => {
        const field = readField(r, f, [...path, 'fields', i]);
        if (field) fields.push(field);
      });
    } else if (typeof rawFields === 'object' && rawFields !== null) {
      for (const [name, f] of Object.entries(rawFields)) {
        const field = readField(r, typeof f === 'string' ? { type: f } : f, [...path, 'fields', name], name);
        if (field) fields.push(field);
      }
    } else if (rawFields !== void 0) {
      r.add(
        [...path, 'fields'],
        'type',
        'schema.fields must be a list of fields or a mapping of name to field',
      );
    }
  }
  const names = /* @__PURE__ */ new Set();
  const folded = /* @__PURE__ */ new Map();
  fields.forEach((f, i) => {
    const other = folded.get(f.name.toLowerCase());
    if (names.has(f.name)) r.add([...path, 'fields', i], 'duplicate', `field ${f.name} is declared twice`);
    else if (other !== void 0) {
      r.add(
        [...path, 'fields', i],
        'duplicate',
        `fields ${other} and ${f.name} differ only by case; databases treat them as one column, so rename one`,
      );
    }
    names.add(f.name);
    folded.set(f.name.toLowerCase(), f.name);
  });
  const primaryKey = r.stringList(obj?.primaryKey, [...path, 'primaryKey'], 'primaryKey');
  for (const k of primaryKey) {
    if (!names.has(k))
      r.add(
        [...path, 'primaryKey'],
        'unknown_field',
        `primary key field ${k} is not among the schema's fields`,
      );
  }
  const indexes = [];
  const rawIndexes = obj?.indexes;
  if (Array.isArray(rawIndexes)) {
    rawIndexes.forEach((ix, i) => {
      const cols = r.stringList(ix, [...path, 'indexes', i], 'an index');
      for (const c of cols) {
        if (!names.has(c))
          r.add([...path, 'indexes', i], 'unknown_field', `index field ${c} is not in the schema`);
      }
      if (cols.length > 0) indexes.push(cols);
    });
  } else if (rawIndexes !== void 0) {
    r.add([...path, 'indexes'], 'type', 'schema.indexes must be a list');
  }
  const rules = [];
  const rawRules = obj?.rules;
  if (Array.isArray(rawRules)) {
    rawRules.forEach((rr, i) => {
      const ro = r.object(rr, [...path, 'rules', i], 'a rule');
      if (!ro) return;
      const name = r.string(ro, 'name', [...path, 'rules', i], true);
      const check = r.string(ro, 'check', [...path, 'rules', i], true);
      const description = r.string(ro, 'description', [...path, 'rules', i], false);
      if (name !== void 0 && check !== void 0) {
        rules.push(description === void 0 ? { name, check } : { name, check, description });
      }
    });
  } else if (rawRules !== void 0) {
    r.add([...path, 'rules'], 'type', 'schema.rules must be a list');
  }
  const keyed = fields.map((f) =>
    primaryKey.includes(f.name) && !f.required ? { ...f, required: true } : f,
  );
  return { fields: keyed, primaryKey, indexes, rules };
}
function readSla(r, raw, path) {
  if (raw === void 0 || raw === null) return {};
  const obj = r.object(raw, path, 'sla');
  if (!obj) return {};
  const sla = {};
  for (const key of ['availability', 'completeness', 'accuracy']) {
    const n = r.number(obj, key, path);
    if (n === void 0) continue;
    if (n < 0 || n > 100)
      r.add([...path, key], 'range', `sla.${key} is a percentage and must be between 0 and 100`);
    else sla[key] = n;
  }
  const fresh = r.number(obj, 'freshnessMinutes', path) ?? r.number(obj, 'freshness', path);
  if (fresh !== void 0) {
    if (fresh <= 0) r.add([...path, 'freshnessMinutes'], 'range', 'sla.freshnessMinutes must be positive');
    else sla.freshnessMinutes = fresh;
  }
  return sla;
}
function safeParseProductSpec(input) {
  const r = new SpecReader();
  const obj = r.object(input, [], 'a product descriptor');
  if (!obj) return { ok: false, issues: r.issues };
  const id = r.string(obj, 'id', [], true) ?? '';
  if (id !== '' && !PRODUCT_ID_PATTERN.test(id)) {
    r.add(
      ['id'],
      'format',
      `product id "${id}" must be "domain.name" in lowercase letters, digits and underscores`,
    );
  }
  const [idDomain = '', idName = ''] = id.split('.');
  const domain = r.string(obj, 'domain', [], false) ?? idDomain;
  if (domain !== idDomain && id !== '') {
    r.add(['domain'], 'mismatch', `domain "${domain}" does not match the id's domain part "${idDomain}"`);
  }
  const name = r.string(obj, 'name', [], false) ?? idName;
  const owner = r.string(obj, 'owner', [], false) ?? '';
  const description = r.string(obj, 'description', [], false) ?? '';
  const tags = r.stringList(obj.tags, ['tags'], 'tags');
  const rawVersion = obj.version === void 0 ? '0.1.0' : obj.version;
  let version = '0.1.0';
  if (typeof rawVersion !== 'string' || semver.valid(rawVersion) === null) {
    r.add(
      ['version'],
      'format',
      `version ${JSON.stringify(rawVersion)} must be a semantic version such as 1.0.0`,
    );
  } else {
    version = rawVersion;
  }
  const rawLevel = obj.qualityLevel ?? 'bronze';
  let qualityLevel = 'bronze';
  if (isQualityLevel(rawLevel)) qualityLevel = rawLevel;
  else r.add(['qualityLevel'], 'enum', `qualityLevel must be one of ${QUALITY_LEVELS.join(', ')}`);
  const schema = readSchema(r, obj.schema, ['schema']);
  const sla = readSla(r, obj.sla, ['sla']);
  const upstream = r.stringList(obj.upstream, ['upstream'], 'upstream');
  const analytics =
    obj.analytics == null ? void 0 : readAnalyticsSpec(r, obj.analytics, ['analytics'], schema);
  const segments = obj.segments == null ? void 0 : readSegmentSpecs(r, obj.segments, ['segments'], schema);
  const qualityLevels =
    obj.qualityLevels == null ? void 0 : readQualityLevelRules(r, obj.qualityLevels, ['qualityLevels']);
  const derived = obj.derived == null ? void 0 : readDerivedSpec(r, obj.derived, ['derived'], id, upstream);
  const access = obj.access == null ? void 0 : readAccessSpec(r, obj.access, ['access']);
  if (r.issues.length > 0) return { ok: false, issues: r.issues };
  return {
    ok: true,
    value: {
      id,
      name,
      domain,
      owner,
      description,
      tags,
      version,
      qualityLevel,
      schema,
      sla,
      upstream,
      ...(analytics === void 0 ? {} : { analytics }),
      ...(segments === void 0 ? {} : { segments }),
      ...(qualityLevels === void 0 ? {} : { qualityLevels }),
      ...(derived === void 0 ? {} : { derived }),
      ...(access === void 0 ? {} : { access }),
    },
  };
}
function parseProductSpec(input) {
  const result = safeParseProductSpec(input);
  if (result.ok) return result.value;
  throw new ContractViolationError(
    `invalid product descriptor: ${result.issues.length} problem(s), first: ${result.issues[0]?.message ?? ''}`,
    result.issues,
  );
}

export {
  isDateString,
  normalizeTimestamp,
  bindFilter,
  breakdownKey,
  SpecReader,
  bindSql,
  replaceSpans,
  bindInputs,
  DEFAULT_QUALITY_LEVEL_RULES,
  deriveQualityLevel,
  SEGMENT_NAME_PATTERN,
  findSegmentFilterProblem,
  safeParseProductSpec,
  parseProductSpec,
};
