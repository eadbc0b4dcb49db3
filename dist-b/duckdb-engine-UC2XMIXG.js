import { quoteAnsiIdent } from './chunk-U5VUA65D.js';
import { FORMULA_ESCAPE, FORMULA_TRIGGERS } from './chunk-O5HYQHYQ.js';
import {
  ISOLATED_OPTIONS,
  acquireInstance,
  instanceQueue,
  isReadOnlyInstance,
  newMemoryKey,
  releaseInstance,
} from './chunk-62G2NCEU.js';
import { isEmptyFilter } from './chunk-VAFVFMKZ.js';
import { MeshError } from './chunk-Z2USMJAC.js';

// dist/engine/duckdb/duckdb-engine.js
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

// dist/engine/sql/compile-filter-sql.js
var SqlParams = class {
  values = [];
  #dialect;
  constructor(dialect) {
    this.#dialect = dialect;
  }
  /** Adds a value and returns its placeholder, cast to `type` when given. */
  add(value, type) {
    this.values.push(value);
    const p = this.#dialect.placeholder(this.values.length);
    return type === void 0 ? p : this.#dialect.castParam(p, type);
  }
};
var OPS = {
  eq: '=',
  ne: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
};
function operandType(left, column) {
  if (left.kind === 'field') return column.type;
  return left.fn === 'lower' || left.fn === 'upper' ? 'string' : 'integer';
}
function compileFilterSql(filter, columns, dialect, params) {
  const operand = (left) => {
    const column = columns.get(left.field);
    if (!column)
      throw new Error(`filter names column ${left.field}, which the table does not have; bind it first`);
    const quoted = dialect.quoteIdent(column.name);
    const sql = left.kind === 'field' ? quoted : dialect.applyFunction(left.fn, quoted);
    return { sql, type: operandType(left, column) };
  };
  const walk = (f) => {
    switch (f.kind) {
      case 'and':
      case 'or': {
        if (f.items.length === 0) return f.kind === 'and' ? '(1=1)' : '(1=0)';
        return `(${f.items.map(walk).join(f.kind === 'and' ? ' AND ' : ' OR ')})`;
      }
      case 'not':
        return `(NOT ${walk(f.item)})`;
      case 'compare': {
        const { sql, type } = operand(f.left);
        if (f.value === null) return `(${sql} IS ${f.op === 'ne' ? 'NOT ' : ''}NULL)`;
        return `(${sql} ${OPS[f.op]} ${params.add(f.value, type)})`;
      }
      case 'in': {
        const { sql, type } = operand(f.left);
        if (f.values.length === 0) return f.negated ? '(1=1)' : '(1=0)';
        const list = f.values.map((v) => params.add(v, type)).join(', ');
        return `(${sql} ${f.negated ? 'NOT IN' : 'IN'} (${list}))`;
      }
      case 'like': {
        const { sql } = operand(f.left);
        const op = f.caseInsensitive ? dialect.ilike : 'LIKE';
        return `(${sql} ${f.negated ? 'NOT ' : ''}${op} ${params.add(f.pattern, 'string')} ESCAPE '\\')`;
      }
      case 'null': {
        const { sql } = operand(f.left);
        return `(${sql} IS ${f.isNull ? '' : 'NOT '}NULL)`;
      }
    }
  };
  return walk(filter);
}

// dist/engine/sql/hmac-pads.js
var SHA256_BLOCK_BYTES = 64;
function hmacPads(key) {
  if (key.length > SHA256_BLOCK_BYTES) {
    throw new Error(`an HMAC key for SQL has at most ${SHA256_BLOCK_BYTES} bytes, got ${key.length}`);
  }
  const inner = Buffer.alloc(SHA256_BLOCK_BYTES, 54);
  const outer = Buffer.alloc(SHA256_BLOCK_BYTES, 92);
  for (let i = 0; i < key.length; i++) {
    inner[i] = inner[i] ^ key[i];
    outer[i] = outer[i] ^ key[i];
  }
  return { inner: inner.toString('hex'), outer: outer.toString('hex') };
}

// dist/engine/sql/sql-builder.js
function toCount(n) {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new Error(`row count must be a non-negative integer, got ${n}`);
  return String(n);
}
var SqlBuilder = class {
  #d;
  constructor(dialect) {
    this.#d = dialect;
  }
  /** CREATE TABLE plus CREATE INDEX statements for a product table. */
  createTable(spec) {
    const q = (n) => this.#d.quoteIdent(n);
    const cols = spec.columns.map(
      (c) => `${q(c.name)} ${this.#d.columnType(c.type)}${c.notNull ? ' NOT NULL' : ''}`,
    );
    if (spec.primaryKey.length > 0) cols.push(`PRIMARY KEY (${spec.primaryKey.map(q).join(', ')})`);
    const out = [`CREATE TABLE IF NOT EXISTS ${q(spec.name)} (${cols.join(', ')})`];
    for (const ix of spec.indexes) {
      const name = `${spec.name}__ix_${ix.join('_')}`;
      out.push(`CREATE INDEX IF NOT EXISTS ${q(name)} ON ${q(spec.name)} (${ix.map(q).join(', ')})`);
    }
    return out;
  }
  #where(filter, columns, params) {
    if (!filter || isEmptyFilter(filter)) return '';
    return ` WHERE ${compileFilterSql(filter, columns, this.#d, params)}`;
  }
  /** A SELECT over a product table. `allColumns` lists every column the filter may use. */
  select(table, spec, allColumns) {
    const q = (n) => this.#d.quoteIdent(n);
    const params = new SqlParams(this.#d);
    const list = spec.columns
      .map((c) => `${this.#d.readColumn(q(c.name), c.type)} AS ${q(c.name)}`)
      .join(', ');
    let sql = `SELECT ${list} FROM ${q(table)}`;
    const conds = [];
    const where = this.#where(spec.where, allColumns, params);
    if (where !== '') conds.push(where.slice(' WHERE '.length));
    const order = spec.orderBy ?? [];
    if (spec.after !== void 0 && order.length > 0) {
      const dir = order[0]?.direction ?? 'asc';
      const left = order.map((o) => q(o.column)).join(', ');
      const right = order
        .map((o, i) => params.add(spec.after?.[i] ?? null, allColumns.get(o.column)?.type))
        .join(', ');
      conds.push(`((${left}) ${dir === 'asc' ? '>' : '<'} (${right}))`);
    }
    if (conds.length > 0) sql += ` WHERE ${conds.join(' AND ')}`;
    if (order.length > 0) {
      sql += ` ORDER BY ${order.map((o) => `${q(o.column)} ${o.direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`).join(', ')}`;
    }
    if (spec.limit !== void 0) sql += ` LIMIT ${toCount(spec.limit)}`;
    if (spec.offset !== void 0 && spec.offset > 0) sql += ` OFFSET ${toCount(spec.offset)}`;
    return { sql, params: params.values };
  }
  /** The SELECT an export writes out: columns keep their stored types, so that typed formats (Parquet) keep them. */
  exportSelect(table, spec, allColumns) {
    const q = (n) => this.#d.quoteIdent(n);
    const params = new SqlParams(this.#d);
    const list = spec.columns.map((c) => {
      const mask = spec.masks?.get(c.name);
      if (mask === void 0) {
        if (spec.escapeFormulas !== true || c.type !== 'string') return q(c.name);
        const triggers = FORMULA_TRIGGERS.map((t) => params.add(t, 'string')).join(', ');
        const prefix = params.add(FORMULA_ESCAPE, 'string');
        return `CASE WHEN substr(${q(c.name)}, 1, 1) IN (${triggers}) THEN ${prefix} || ${q(c.name)} ELSE ${q(c.name)} END AS ${q(c.name)}`;
      }
      let masked;
      if (mask.kind === 'replace') masked = params.add(mask.text, 'string');
      else {
        const pads = hmacPads(mask.key);
        const hmac = this.#d.hmacSha256Hex(
          this.#d.castToText(q(c.name)),
          params.add(pads.inner, 'string'),
          params.add(pads.outer, 'string'),
        );
        masked = `substr(${hmac}, 1, ${toCount(mask.length)})`;
      }
      return `CASE WHEN ${q(c.name)} IS NULL THEN NULL ELSE ${masked} END AS ${q(c.name)}`;
    });
    let sql = `SELECT ${list.join(', ')} FROM ${q(table)}${this.#where(spec.where, allColumns, params)}`;
    const order = spec.orderBy ?? [];
    if (order.length > 0) {
      sql += ` ORDER BY ${order.map((o) => `${q(o.column)} ${o.direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`).join(', ')}`;
    }
    return { sql, params: params.values };
  }
  /**
   * The statements of a carry-over: the INSERT … SELECT of the rows that fit, the count of those that do not, and
   * the listing of those (old key columns as `__mw_key_<i>`, reasons joined with `; ` as `__mw_reasons`).
   */
  carryOver(spec) {
    const q = (n) => this.#d.quoteIdent(n);
    const items = [];
    const checks = [];
    spec.columns.forEach(({ target, source }, i) => {
      const { name, type } = target;
      let expr;
      if (source === null) expr = `CAST(NULL AS ${this.#d.columnType(type)})`;
      else if (source.type === type) expr = q(source.name);
      else {
        expr = this.#d.tryCast(q(source.name), type);
        const exact =
          source.type === 'number' && type === 'integer'
            ? ` AND CAST(${expr} AS ${this.#d.columnType('number')}) = ${q(source.name)}`
            : '';
        items.push(`(${q(source.name)} IS NULL OR (${expr} IS NOT NULL${exact})) AS ${q(`__mw_cast_${i}`)}`);
        checks.push({
          sql: q(`__mw_cast_${i}`),
          reason: `${name}: the stored ${source.type} does not convert to ${type}`,
        });
      }
      items.unshift(`${expr} AS ${q(name)}`);
      if (target.notNull) {
        const cast = source !== null && source.type !== type;
        checks.push({
          sql: cast ? `(${q(name)} IS NOT NULL OR NOT ${q(`__mw_cast_${i}`)})` : `${q(name)} IS NOT NULL`,
          reason:
            source === null
              ? `${name} is required and the previous version has no such column`
              : `${name} is required but empty`,
        });
      }
    });
    spec.keyColumns.forEach((k, i) => {
      items.push(`${q(k.name)} AS ${q(`__mw_key_${i}`)}`);
    });
    const columns = new Map(spec.columns.map((c) => [c.target.name, c.target]));
    const build = (params) => {
      const all = [
        ...checks,
        ...spec.checks.map((c) => ({
          sql: `COALESCE((${compileFilterSql(c.holds, columns, this.#d, params)}), TRUE)`,
          reason: c.reason,
        })),
      ];
      const pass = all.length === 0 ? 'TRUE' : all.map((c) => `(${c.sql})`).join(' AND ');
      return { all, pass };
    };
    const inner = `(SELECT ${items.join(', ')} FROM ${q(spec.from)}) AS c`;
    const names = spec.columns.map((c) => q(c.target.name)).join(', ');
    const p1 = new SqlParams(this.#d);
    const b1 = build(p1);
    const insert = {
      sql: `INSERT INTO ${q(spec.to)} (${names}) SELECT ${names} FROM ${inner} WHERE ${b1.pass}`,
      params: p1.values,
    };
    const p2 = new SqlParams(this.#d);
    const b2 = build(p2);
    const countRejected = {
      sql: `SELECT COUNT(*) AS n FROM ${inner} WHERE NOT (${b2.pass})`,
      params: p2.values,
    };
    const p3 = new SqlParams(this.#d);
    const b3 = build(p3);
    const keys = spec.keyColumns.map((_, i) => q(`__mw_key_${i}`));
    const reasons =
      b3.all.length === 0
        ? `${p3.add('', 'string')}`
        : `concat_ws('; ', ${b3.all.map((c) => `CASE WHEN NOT (${c.sql}) THEN ${p3.add(c.reason, 'string')} END`).join(', ')})`;
    const rejects = {
      sql: `SELECT ${[...keys, `${reasons} AS ${q('__mw_reasons')}`].join(', ')} FROM ${inner} WHERE NOT (${b3.pass})${keys.length > 0 ? ` ORDER BY ${keys.join(', ')}` : ''} LIMIT ${toCount(spec.rejectLimit)}`,
      params: p3.values,
    };
    return { insert, countRejected, rejects };
  }
  /** A COUNT(*) over a product table. */
  count(table, where, allColumns) {
    const params = new SqlParams(this.#d);
    const sql = `SELECT COUNT(*) AS n FROM ${this.#d.quoteIdent(table)}${this.#where(where, allColumns, params)}`;
    return { sql, params: params.values };
  }
  /** An UPDATE of the rows matching a filter. */
  update(table, where, changes, allColumns) {
    const params = new SqlParams(this.#d);
    const sets = changes
      .map((c) => `${this.#d.quoteIdent(c.column.name)} = ${params.add(c.value, c.column.type)}`)
      .join(', ');
    const sql = `UPDATE ${this.#d.quoteIdent(table)} SET ${sets}${this.#where(where, allColumns, params)}`;
    return { sql, params: params.values };
  }
  /** A DELETE of the rows matching a filter. */
  delete(table, where, allColumns) {
    const params = new SqlParams(this.#d);
    const sql = `DELETE FROM ${this.#d.quoteIdent(table)}${this.#where(where, allColumns, params)}`;
    return { sql, params: params.values };
  }
  /** A GROUP BY query. */
  aggregate(table, spec, allColumns) {
    const q = (n) => this.#d.quoteIdent(n);
    const params = new SqlParams(this.#d);
    const groups = spec.groupBy.map((c) => `${this.#d.readColumn(q(c.name), c.type)} AS ${q(c.name)}`);
    const calls = (spec.groupByCalls ?? []).map((g) => ({
      sql: this.#d.applyFunction(g.fn, q(g.column.name)),
      as: g.as,
    }));
    groups.push(...calls.map((g) => `${g.sql} AS ${q(g.as)}`));
    const measures = spec.measures.map((m) => {
      const col = m.column ? q(m.column.name) : '*';
      const expr =
        m.fn === 'count_distinct'
          ? `COUNT(DISTINCT ${col})`
          : m.fn === 'count'
            ? `COUNT(${col})`
            : m.fn === 'avg' || m.fn === 'sum'
              ? `CAST(${m.fn.toUpperCase()}(${col}) AS DOUBLE PRECISION)`
              : m.column
                ? this.#d.readColumn(`${m.fn.toUpperCase()}(${col})`, m.column.type)
                : `${m.fn.toUpperCase()}(${col})`;
      return `${expr} AS ${q(m.as)}`;
    });
    let sql = `SELECT ${[...groups, ...measures].join(', ')} FROM ${q(table)}${this.#where(spec.where, allColumns, params)}`;
    const groupKeys = [...spec.groupBy.map((c) => q(c.name)), ...calls.map((g) => g.sql)];
    if (groupKeys.length > 0) sql += ` GROUP BY ${groupKeys.join(', ')}`;
    if (spec.orderBy && spec.orderBy.length > 0) {
      sql += ` ORDER BY ${spec.orderBy.map((o) => `${q(o.column)} ${o.direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`).join(', ')}`;
    }
    if (spec.limit !== void 0) sql += ` LIMIT ${toCount(spec.limit)}`;
    return { sql, params: params.values };
  }
};

// dist/engine/duckdb/duckdb-chunk-writer.js
import { BOOLEAN, DOUBLE, DuckDBDataChunk, VARCHAR } from '@duckdb/node-api';
import bindings from '@duckdb/node-bindings';
var CHUNK_ROWS = bindings.vector_size();
var STRING_SLOT = 16;
var INLINE_BYTES = 12;
var ChunkWriter = class {
  #kinds;
  /** For each stored column, the position in a row that holds its value (ignored for `null` kinds). */
  #positions;
  #chunk;
  #strings = new Uint8Array(CHUNK_ROWS * STRING_SLOT);
  #stringView = new DataView(this.#strings.buffer);
  #doubles = new Float64Array(CHUNK_ROWS);
  #booleans = new Uint8Array(CHUNK_ROWS);
  #validity = new BigUint64Array(Math.ceil(CHUNK_ROWS / 64));
  #encoder = new TextEncoder();
  constructor(kinds, positions) {
    this.#kinds = kinds;
    this.#positions = positions;
    this.#chunk = DuckDBDataChunk.create(
      kinds.map((k) => (k === 'double' ? DOUBLE : k === 'boolean' ? BOOLEAN : VARCHAR)),
    );
  }
  /** Appends every row through `appender`; the caller flushes and closes it. */
  append(appender, rows) {
    for (let from = 0; from < rows.length; from += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, rows.length - from);
      const raw = this.#chunk.chunk;
      bindings.data_chunk_reset(raw);
      bindings.data_chunk_set_size(raw, count);
      for (let c = 0; c < this.#kinds.length; c++) {
        this.#fillColumn(bindings.data_chunk_get_vector(raw, c), c, rows, from, count);
      }
      appender.appendDataChunk(this.#chunk);
    }
  }
  #fillColumn(vector, column, rows, from, count) {
    const kind = this.#kinds[column];
    const position = this.#positions[column];
    const validity = this.#validity;
    validity.fill(0xffffffffffffffffn);
    let nulls = 0;
    if (kind === 'double' || kind === 'boolean') {
      const values = kind === 'double' ? this.#doubles : this.#booleans;
      for (let i = 0; i < count; i++) {
        const v = rows[from + i][position];
        if (v === null || v === void 0) {
          values[i] = 0;
          validity[i >>> 6] = validity[i >>> 6] & ~(1n << BigInt(i & 63));
          nulls += 1;
        } else values[i] = kind === 'double' ? v : v ? 1 : 0;
      }
      bindings.copy_data_to_vector(vector, 0, values.buffer, 0, count * values.BYTES_PER_ELEMENT);
    } else {
      const slots = this.#strings;
      const view = this.#stringView;
      slots.fill(0, 0, count * STRING_SLOT);
      const others = [];
      for (let i = 0; i < count; i++) {
        const v = kind === null ? null : rows[from + i][position];
        if (v === null || v === void 0) {
          validity[i >>> 6] = validity[i >>> 6] & ~(1n << BigInt(i & 63));
          nulls += 1;
          continue;
        }
        const s = v;
        const length = s.length;
        let inline = length <= INLINE_BYTES;
        if (inline) {
          const base = i * STRING_SLOT + 4;
          for (let j = 0; j < length; j++) {
            const code = s.charCodeAt(j);
            if (code > 127) {
              inline = false;
              break;
            }
            slots[base + j] = code;
          }
        }
        if (inline) view.setUint32(i * STRING_SLOT, length, true);
        else {
          slots.fill(0, i * STRING_SLOT, (i + 1) * STRING_SLOT);
          others.push(i);
        }
      }
      bindings.copy_data_to_vector(vector, 0, slots.buffer, 0, count * STRING_SLOT);
      for (const i of others) {
        const s = rows[from + i][position];
        if (s.includes('\0')) bindings.vector_assign_string_element_len(vector, i, this.#encoder.encode(s));
        else bindings.vector_assign_string_element(vector, i, s);
      }
    }
    if (nulls > 0) {
      bindings.vector_ensure_validity_writable(vector);
      bindings.copy_data_to_vector_validity(vector, 0, validity.buffer, 0, Math.ceil(count / 64) * 8);
    }
  }
};

// dist/engine/duckdb/duckdb-dialect.js
var COLUMN_TYPES = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};
var duckDbDialect = {
  quoteIdent: quoteAnsiIdent,
  placeholder: (n) => `$${n}`,
  columnType: (type) => COLUMN_TYPES[type],
  tryCast: (expr, type) => `TRY_CAST(${expr} AS ${COLUMN_TYPES[type]})`,
  readColumn: (col, type) => {
    if (type === 'date') return `CAST(${col} AS VARCHAR)`;
    if (type === 'timestamp') return `CAST(${col} AS VARCHAR)`;
    return col;
  },
  applyFunction: (fn, col) => {
    switch (fn) {
      case 'year':
      case 'month':
      case 'day':
        return `CAST(${fn}(${col}) AS BIGINT)`;
      case 'lower':
      case 'upper':
        return `${fn}(${col})`;
      case 'length':
        return `CAST(length(${col}) AS BIGINT)`;
    }
  },
  castParam: (p, type) => `CAST(${p} AS ${COLUMN_TYPES[type]})`,
  ilike: 'ILIKE',
  castToText: (expr) => `CAST(${expr} AS VARCHAR)`,
  // sha256() of a BLOB hashes its bytes; encode() gives a VARCHAR's UTF-8 bytes, unhex() the bytes of hex text.
  hmacSha256Hex: (expr, inner, outer) =>
    `sha256(unhex(${outer}) || unhex(sha256(unhex(${inner}) || encode(${expr}))))`,
};

// dist/engine/duckdb/duckdb-query-shape.js
var SYSTEM_NAME_PREFIXES = ['duckdb_', 'pragma_', 'sqlite_', 'pg_', 'information_schema'];
function toQueryShape(json) {
  const root = asObject(json);
  if (root === void 0) throw new Error('json_serialize_sql returned no object');
  if (root.error === true) {
    const message = typeof root.error_message === 'string' ? root.error_message : 'cannot be parsed';
    return {
      statements: 0,
      singleSelect: false,
      error: message,
      relations: [],
      functions: [],
      ctes: [],
      projections: [],
      others: [],
      systemNamePrefixes: SYSTEM_NAME_PREFIXES,
    };
  }
  const statements = Array.isArray(root.statements) ? root.statements : [];
  const walker = new Walker();
  for (const statement of statements) walker.walk(statement, /* @__PURE__ */ new Set());
  const byPosition = (items) =>
    items.sort((a, b) => (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER));
  return {
    statements: statements.length,
    singleSelect: statements.length === 1,
    relations: byPosition(walker.relations),
    functions: byPosition(walker.functions),
    ctes: byPosition(walker.ctes),
    projections: walker.projections,
    others: byPosition(walker.others),
    systemNamePrefixes: SYSTEM_NAME_PREFIXES,
  };
}
function asObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : void 0;
}
function text(value) {
  return typeof value === 'string' && value !== '' ? value : void 0;
}
function positionOf(node) {
  const at = node.query_location;
  return typeof at === 'number' && Number.isSafeInteger(at) && at >= 0 ? { position: at } : {};
}
function qualifiers(schema, catalog) {
  const s = text(schema);
  const c = text(catalog);
  return { ...(s === void 0 ? {} : { schema: s }), ...(c === void 0 ? {} : { catalog: c }) };
}
function strings(value) {
  return Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
}
function columnReads(node, out) {
  if (Array.isArray(node)) {
    for (const item of node) columnReads(item, out);
    return;
  }
  const obj = asObject(node);
  if (obj === void 0) return;
  if (obj.class === 'COLUMN_REF') for (const part of strings(obj.column_names)) out.reads.add(part);
  if (obj.class === 'STAR') out.star = true;
  for (const value of Object.values(obj)) columnReads(value, out);
}
function projectionOf(item) {
  const found = { reads: /* @__PURE__ */ new Set(), star: false };
  columnReads(item, found);
  const alias = text(item.alias);
  const names = strings(item.column_names);
  const name = alias ?? (item.class === 'COLUMN_REF' ? names.at(-1) : void 0);
  const replaces = (Array.isArray(item.replace_list) ? item.replace_list : []).flatMap((entry) => {
    const e = asObject(entry);
    const key = text(e?.key);
    if (e === void 0 || key === void 0) return [];
    const r = { reads: /* @__PURE__ */ new Set(), star: false };
    columnReads(e.value, r);
    return [{ name: key, reads: [...r.reads] }];
  });
  return {
    ...(name === void 0 ? {} : { name }),
    reads: [...found.reads],
    star: found.star,
    replaces,
    ...positionOf(item),
  };
}
function firstSelectList(node) {
  if (node === void 0) return void 0;
  if (Array.isArray(node.select_list)) {
    return node.select_list.map(asObject).filter((o) => o !== void 0);
  }
  return firstSelectList(asObject(node.left));
}
var Walker = class {
  relations = [];
  functions = [];
  ctes = [];
  projections = [];
  others = [];
  walk(node, scope) {
    if (Array.isArray(node)) {
      for (const item of node) this.walk(item, scope);
      return;
    }
    const obj = asObject(node);
    if (obj === void 0) return;
    if ('cte_map' in obj) this.#queryNode(obj, scope);
    else if (typeof obj.class === 'string') this.#expression(obj, scope);
    else if ('sample' in obj && typeof obj.type === 'string') this.#tableRef(obj, scope);
    else this.#rest(obj, scope, []);
  }
  #rest(obj, scope, skip) {
    for (const [key, value] of Object.entries(obj)) if (!skip.includes(key)) this.walk(value, scope);
  }
  #queryNode(node, scope) {
    const local = new Set(scope);
    const entries = Array.isArray(asObject(node.cte_map)?.map) ? asObject(node.cte_map)?.map : [];
    for (const entry of entries) {
      const e = asObject(entry);
      const name = text(e?.key);
      const value = asObject(e?.value);
      if (e === void 0 || name === void 0 || value === void 0) continue;
      const body = asObject(asObject(value.query)?.node);
      const recursive = body?.type === 'RECURSIVE_CTE_NODE' && body.cte_name === name;
      const columns = firstSelectList(body);
      this.ctes.push({
        name,
        columnAliases: strings(value.aliases),
        recursive,
        ...(columns === void 0 ? {} : { columns: columns.map(projectionOf) }),
        ...(body === void 0 ? {} : positionOf(body)),
      });
      const bodyScope = new Set(local);
      if (recursive) bodyScope.add(name.toLowerCase());
      this.walk(value, bodyScope);
      local.add(name.toLowerCase());
    }
    if (node.type === 'SET_OPERATION_NODE') {
      this.others.push({ kind: 'set_operation', detail: text(node.setop_type) ?? 'SET_OPERATION' });
    }
    if (node.type === 'RECURSIVE_CTE_NODE') {
      const name = text(node.cte_name);
      if (name !== void 0) local.add(name.toLowerCase());
    }
    if (Array.isArray(node.select_list)) {
      for (const item of node.select_list) {
        const obj = asObject(item);
        if (obj !== void 0) this.projections.push(projectionOf(obj));
      }
    }
    this.#rest(node, local, ['cte_map']);
  }
  #expression(expr, scope) {
    const name = text(expr.function_name);
    if (name !== void 0) {
      this.functions.push({
        name: name.toLowerCase(),
        ...qualifiers(expr.schema, expr.catalog),
        kind: expr.class === 'WINDOW' ? 'window' : 'scalar',
        ...positionOf(expr),
      });
    }
    if (expr.class === 'SUBQUERY')
      this.others.push({ kind: 'subquery', detail: 'SUBQUERY', ...positionOf(expr) });
    this.#rest(expr, scope, []);
  }
  #tableRef(ref, scope) {
    const at = positionOf(ref);
    switch (ref.type) {
      case 'BASE_TABLE': {
        const name = typeof ref.table_name === 'string' ? ref.table_name : '';
        const q = qualifiers(ref.schema_name, ref.catalog_name);
        const unqualified = q.schema === void 0 && q.catalog === void 0;
        const alias = text(ref.alias);
        this.relations.push({
          name,
          ...q,
          ...(alias === void 0 ? {} : { alias }),
          cte: unqualified && scope.has(name.toLowerCase()),
          columnAliases: strings(ref.column_name_alias),
          ...at,
        });
        break;
      }
      case 'TABLE_FUNCTION': {
        const fn = asObject(ref.function);
        const name = text(fn?.function_name) ?? 'unknown';
        this.functions.push({
          name: name.toLowerCase(),
          ...(fn === void 0 ? {} : qualifiers(fn.schema, fn.catalog)),
          kind: 'table',
          ...(fn === void 0 ? at : positionOf(fn)),
        });
        if (fn !== void 0) this.#rest(fn, scope, []);
        this.#rest(ref, scope, ['function']);
        return;
      }
      case 'JOIN':
      case 'EMPTY':
        break;
      case 'SUBQUERY':
        this.others.push({ kind: 'subquery', detail: 'SUBQUERY', ...at });
        break;
      case 'EXPRESSION_LIST':
        this.others.push({ kind: 'values', detail: 'VALUES', ...at });
        break;
      case 'SHOW_REF':
        this.others.push({ kind: 'show', detail: text(ref.show_type) ?? 'SHOW', ...at });
        break;
      default:
        this.others.push({ kind: 'unsupported', detail: String(ref.type), ...at });
    }
    this.#rest(ref, scope, []);
  }
};

// dist/engine/duckdb/duckdb-engine.js
var DUCKDB_MAGIC = 'DUCK';
function assertDuckDbFile(location, mayCreate) {
  if (!existsSync(location)) {
    if (mayCreate) return;
    throw new MeshError(
      'not_found',
      `no store at ${location}: check --store (or $MESHWORK_STORE); \`meshwork create <product.yaml>\`, \`meshwork publish <folder>\` or \`meshwork demo\` create one`,
      { details: { store: location } },
    );
  }
  const stat = statSync(location);
  if (stat.isDirectory()) {
    throw new MeshError(
      'invalid_input',
      `the store ${location} is a folder, not a DuckDB file: point --store at the file, e.g. ${location}/mesh.duckdb`,
      { details: { store: location } },
    );
  }
  if (stat.size === 0) {
    throw new MeshError(
      'invalid_input',
      `the store ${location} is an empty file (0 bytes), not a DuckDB database: point --store at a Meshwork store, or delete the file and let a command that writes create it`,
      { details: { store: location } },
    );
  }
  const header = Buffer.alloc(12);
  const fd = openSync(location, 'r');
  let read;
  try {
    read = readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (read < header.length || header.toString('latin1', 8, 12) !== DUCKDB_MAGIC) {
    throw new MeshError(
      'invalid_input',
      `the store ${location} is not a DuckDB database (its header lacks DuckDB's magic bytes): point --store at a Meshwork store file`,
      { details: { store: location } },
    );
  }
}
var CHUNK_KINDS = {
  string: 'varchar',
  integer: 'double',
  number: 'double',
  boolean: 'boolean',
  date: 'varchar',
  timestamp: 'varchar',
};
var STAGE_SQL_TYPES = {
  string: 'VARCHAR',
  integer: 'DOUBLE',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'VARCHAR',
  timestamp: 'VARCHAR',
};
var COPY_OPTIONS = {
  csv: 'FORMAT csv, HEADER true',
  ndjson: 'FORMAT json',
  parquet: 'FORMAT parquet',
};
function toScalar(value) {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    return value;
  }
  if (typeof value === 'bigint') return Number(value);
  return String(value);
}
function toRows(objects) {
  return objects.map((o) => {
    const row = {};
    for (const [k, v] of Object.entries(o)) row[k] = toScalar(v);
    return row;
  });
}
function wrapError(error, what) {
  if (error instanceof MeshError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/Could not set lock|Conflicting lock/i.test(message)) {
    return new MeshError(
      'storage_unavailable',
      `${what}: the store is in use by another process; close that process or point --store at another file (${message.split('\n')[0]})`,
      { cause: error },
    );
  }
  const engineMessage = message.split('\n')[0] ?? message;
  if (/read-only mode|read only mode/i.test(message)) {
    return new MeshError(
      'storage_unavailable',
      `${what}: the store was opened read-only, and this operation writes; run it with a command that opens the store to write`,
      { cause: error },
    );
  }
  if (/constraint|duplicate key/i.test(message)) {
    const constraint = /NOT NULL/i.test(message)
      ? 'not_null'
      : /CHECK constraint/i.test(message)
        ? 'check'
        : /duplicate key|PRIMARY KEY|UNIQUE/i.test(message)
          ? 'key'
          : 'other';
    return new MeshError('conflict', `${what}: ${engineMessage}`, {
      cause: error,
      details: { constraint, engineMessage },
    });
  }
  if (
    /IO Error|Permission denied|No such file|database has been invalidated|connection.*closed|closed connection|out of memory|No space left/i.test(
      message,
    )
  ) {
    return new MeshError('storage_unavailable', `${what}: ${engineMessage}`, {
      cause: error,
      details: { engineMessage },
    });
  }
  return new MeshError('internal', `${what}: ${engineMessage}`, { cause: error, details: { engineMessage } });
}
async function rollbackQuietly(session) {
  try {
    await session.execute('ROLLBACK');
  } catch {}
}
function columnMap(columns) {
  return new Map(columns.map((c) => [c.name, c]));
}
var DuckDbSession = class {
  #conn;
  #sql = new SqlBuilder(duckDbDialect);
  /** Column types of product tables, learnt from DDL or the information schema. */
  #tables;
  constructor(conn, tables) {
    this.#conn = conn;
    this.#tables = tables;
  }
  async execute(sql, params = []) {
    try {
      const result = await this.#conn.run(sql, [...params]);
      return result.rowsChanged;
    } catch (error) {
      throw wrapError(error, 'running a statement');
    }
  }
  async query(sql, params = []) {
    try {
      const reader = await this.#conn.runAndReadAll(sql, [...params]);
      return toRows(reader.getRowObjects());
    } catch (error) {
      throw wrapError(error, 'running a query');
    }
  }
  async describeQuery(sql) {
    let json;
    try {
      const reader = await this.#conn.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS tree', [sql]);
      const tree = reader.getRowObjects()[0]?.tree;
      json = JSON.parse(typeof tree === 'string' ? tree : 'null');
    } catch (error) {
      throw wrapError(error, 'parsing a query');
    }
    return toQueryShape(json);
  }
  async tableExists(name) {
    const rows = await this.query(
      "SELECT 1 AS one FROM information_schema.tables WHERE table_name = $1 AND table_schema = 'main'",
      [name],
    );
    return rows.length > 0;
  }
  async createTable(spec) {
    for (const statement of this.#sql.createTable(spec)) await this.execute(statement);
    this.#tables.set(spec.name, columnMap(spec.columns));
  }
  async addColumn(table, column) {
    const q = duckDbDialect.quoteIdent;
    await this.execute(
      `ALTER TABLE ${q(table)} ADD COLUMN IF NOT EXISTS ${q(column.name)} ${duckDbDialect.columnType(column.type)}`,
    );
    this.#tables.delete(table);
  }
  async dropTable(name) {
    await this.execute(`DROP TABLE IF EXISTS ${duckDbDialect.quoteIdent(name)}`);
    this.#tables.delete(name);
  }
  async #columns(table) {
    const known = this.#tables.get(table);
    if (known) return known;
    const rows = await this.query(
      "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = $1 AND table_schema = 'main' ORDER BY ordinal_position",
      [table],
    );
    if (rows.length === 0) throw new MeshError('not_found', `table ${table} does not exist in the store`);
    const types = {
      VARCHAR: 'string',
      BIGINT: 'integer',
      DOUBLE: 'number',
      BOOLEAN: 'boolean',
      DATE: 'date',
      TIMESTAMP: 'timestamp',
    };
    const map = /* @__PURE__ */ new Map();
    for (const r of rows) {
      const name = String(r.column_name);
      map.set(name, { name, type: types[String(r.data_type)] ?? 'string', notNull: r.is_nullable === 'NO' });
    }
    this.#tables.set(table, map);
    return map;
  }
  /**
   * Writes rows straight into the product table through DuckDB's appender, inside the caller's transaction, so
   * a failure anywhere rolls the whole batch back. Rows whose primary key is already stored are left out and
   * reported; keys repeated inside `rows` are the caller's to catch (the ingest pipeline does).
   */
  async insertRows(spec, rows, options = {}) {
    if (rows.length === 0) return { inserted: 0, duplicateIndexes: [] };
    let duplicateIndexes = [];
    let toWrite = rows;
    if (options.replaceStored === true && spec.primaryKey.length > 0) {
      const replaced = (await this.#isEmpty(spec.name)) ? 0 : await this.#deleteStoredKeys(spec, rows);
      await this.#append(spec.name, spec.columns, rows, 'main', await this.#tableOrder(spec));
      return { inserted: rows.length, duplicateIndexes: [], replaced };
    }
    if (spec.primaryKey.length > 0 && options.assumeNew !== true && !(await this.#isEmpty(spec.name))) {
      duplicateIndexes = await this.#storedKeyIndexes(spec, rows);
      if (duplicateIndexes.length > 0) {
        const skip = new Set(duplicateIndexes);
        toWrite = rows.filter((_, i) => !skip.has(i));
      }
    }
    await this.#append(spec.name, spec.columns, toWrite, 'main', await this.#tableOrder(spec));
    return { inserted: toWrite.length, duplicateIndexes };
  }
  /** Where each column of the stored table takes its value from in a row of `spec.columns` (-1: none). */
  async #tableOrder(spec) {
    const stored = [...(await this.#columns(spec.name)).keys()];
    const positions = new Map(spec.columns.map((c, i) => [c.name, i]));
    return stored.map((name) => positions.get(name) ?? -1);
  }
  async #isEmpty(table) {
    const rows = await this.query(`SELECT 1 AS one FROM ${duckDbDialect.quoteIdent(table)} LIMIT 1`);
    return rows.length === 0;
  }
  /** Positions of rows whose key is stored. */
  async #storedKeyIndexes(spec, rows) {
    return this.#withKeyStage(spec, rows, async (stage, match) => {
      const found = await this.query(
        `SELECT CAST(s.mw_row AS INTEGER) AS i FROM ${stage} s JOIN ${duckDbDialect.quoteIdent(spec.name)} t ON ${match} ORDER BY 1`,
      );
      return found.map((r) => Number(r.i));
    });
  }
  /** Deletes the stored rows whose key is one of the rows' keys (one set-based DELETE); returns how many. */
  async #deleteStoredKeys(spec, rows) {
    return this.#withKeyStage(spec, rows, (stage, match) =>
      this.execute(`DELETE FROM ${duckDbDialect.quoteIdent(spec.name)} t USING ${stage} s WHERE ${match}`),
    );
  }
  /** Stages only the batch's keys in a temporary table and runs `use` with its name and the join condition. */
  async #withKeyStage(spec, rows, use) {
    const q = duckDbDialect.quoteIdent;
    const byName = columnMap(spec.columns);
    const keyColumns = spec.primaryKey.map((k) => {
      const column = byName.get(k);
      if (!column)
        throw new MeshError('internal', `primary key ${k} of ${spec.name} is not one of its columns`);
      return column;
    });
    const positions = keyColumns.map((c) => spec.columns.indexOf(c));
    const stage = `mw_keys__${spec.name}`;
    const stageColumns = [{ name: 'mw_row', type: 'integer', notNull: true }, ...keyColumns];
    await this.execute(
      `CREATE OR REPLACE TEMP TABLE ${q(stage)} (${stageColumns.map((c) => `${q(c.name)} ${STAGE_SQL_TYPES[c.type]}`).join(', ')})`,
    );
    try {
      const keyRows = rows.map((row, i) => [i, ...positions.map((p) => row[p])]);
      await this.#append(stage, stageColumns, keyRows, 'temp');
      const match = spec.primaryKey.map((k) => `t.${q(k)} = s.${q(k)}`).join(' AND ');
      return await use(q(stage), match);
    } finally {
      await this.execute(`DROP TABLE IF EXISTS ${q(stage)}`);
    }
  }
  /**
   * Appends rows through one DuckDB appender, a chunk at a time ({@link ChunkWriter}). Dates and timestamps go in
   * as their normalized text and DuckDB casts them; `order` maps each stored column to a row position when the
   * table's column order differs.
   */
  async #append(table, columns, rows, schema, order) {
    if (rows.length === 0) return;
    try {
      const appender =
        schema === 'temp'
          ? await this.#conn.createAppender(table, 'main', 'temp')
          : await this.#conn.createAppender(table);
      const positions = order ?? columns.map((_, i) => i);
      const kinds = positions.map((p) => {
        const column = columns[p];
        return column ? CHUNK_KINDS[column.type] : null;
      });
      let done = false;
      try {
        new ChunkWriter(kinds, positions).append(appender, rows);
        appender.flushSync();
        done = true;
      } finally {
        if (done) appender.closeSync();
        else {
          try {
            appender.clear();
            appender.closeSync();
          } catch {}
        }
      }
    } catch (error) {
      throw wrapError(error, `writing rows to ${table}`);
    }
  }
  async select(table, spec) {
    const st = this.#sql.select(table, spec, await this.#columns(table));
    return this.query(st.sql, st.params);
  }
  async carryOver(spec) {
    const st = this.#sql.carryOver(spec);
    const copied = await this.execute(st.insert.sql, st.insert.params);
    const rejected = Number((await this.query(st.countRejected.sql, st.countRejected.params))[0]?.n ?? 0);
    const rows = rejected === 0 ? [] : await this.query(st.rejects.sql, st.rejects.params);
    const rejects = rows.map((r) => ({
      key: Object.fromEntries(spec.keyColumns.map((k, i) => [k.name, r[`__mw_key_${i}`] ?? null])),
      reasons: String(r.__mw_reasons ?? '')
        .split('; ')
        .filter((x) => x !== ''),
    }));
    return { copied, rejected, rejects };
  }
  async count(table, where) {
    const st = this.#sql.count(table, where, await this.#columns(table));
    const rows = await this.query(st.sql, st.params);
    return Number(rows[0]?.n ?? 0);
  }
  async update(table, where, changes) {
    if (changes.length === 0) return 0;
    const st = this.#sql.update(table, where, changes, await this.#columns(table));
    return this.execute(st.sql, st.params);
  }
  async delete(table, where) {
    const st = this.#sql.delete(table, where, await this.#columns(table));
    return this.execute(st.sql, st.params);
  }
  async aggregate(table, spec) {
    const st = this.#sql.aggregate(table, spec, await this.#columns(table));
    return this.query(st.sql, st.params);
  }
  async exportTo(table, spec, path, format) {
    const st = this.#sql.exportSelect(table, spec, await this.#columns(table));
    const target = `'${path.replaceAll("'", "''")}'`;
    try {
      const result = await this.#conn.run(`COPY (${st.sql}) TO ${target} (${COPY_OPTIONS[format]})`, [
        ...st.params,
      ]);
      return result.rowsChanged;
    } catch (error) {
      throw wrapError(error, `exporting ${table} to ${path}`);
    }
  }
};
var DuckDbEngine = class _DuckDbEngine {
  kind = 'duckdb';
  location;
  capabilities;
  #instance;
  #conn;
  /** Column types of product tables, shared by every connection of this handle. */
  #tables = /* @__PURE__ */ new Map();
  #session;
  /** Shared with every other handle on the same instance. */
  #queue;
  /** Every connection opened for {@link begin}, and those of them not in use now. */
  #lanes = /* @__PURE__ */ new Set();
  #idle = [];
  #closed = false;
  readOnly;
  constructor(location, instance, conn, queue, readOnly, isolated = false) {
    this.location = location;
    this.readOnly = readOnly;
    this.capabilities = { multiProcess: false, parquet: !isolated, isolatedStores: !isolated };
    this.#instance = instance;
    this.#conn = conn;
    this.#session = new DuckDbSession(conn, this.#tables);
    this.#queue = queue;
  }
  async begin() {
    if (this.#closed) throw new MeshError('storage_unavailable', `the store ${this.location} is closed`);
    let conn = this.#idle.pop();
    if (!conn) {
      try {
        conn = await this.#instance.connect();
      } catch (error) {
        throw wrapError(error, 'opening a connection');
      }
      this.#lanes.add(conn);
    }
    const lane = conn;
    const session = new DuckDbSession(lane, this.#tables);
    try {
      await session.execute('BEGIN TRANSACTION');
    } catch (error) {
      this.#idle.push(lane);
      throw error;
    }
    let finished = false;
    const finish = async (statement) => {
      if (finished) {
        if (statement === 'ROLLBACK') return;
        throw new MeshError('internal', 'this transaction is already finished');
      }
      finished = true;
      try {
        await session.execute(statement);
      } catch (error) {
        await rollbackQuietly(session);
        if (statement === 'COMMIT') throw error;
      } finally {
        if (!this.#closed) this.#idle.push(lane);
      }
    };
    return { session, commit: () => finish('COMMIT'), rollback: () => finish('ROLLBACK') };
  }
  #exclusive(fn) {
    if (this.#closed)
      return Promise.reject(new MeshError('storage_unavailable', `the store ${this.location} is closed`));
    const run = this.#queue.tail.then(() => fn(this.#session));
    this.#queue.tail = run.catch(() => void 0);
    return run;
  }
  transaction(fn) {
    return this.#exclusive(async (s) => {
      await s.execute('BEGIN TRANSACTION');
      try {
        const result = await fn(s);
        await s.execute('COMMIT');
        return result;
      } catch (error) {
        await rollbackQuietly(s);
        throw error;
      }
    });
  }
  execute(sql, params) {
    return this.#exclusive((s) => s.execute(sql, params));
  }
  query(sql, params) {
    return this.#exclusive((s) => s.query(sql, params));
  }
  tableExists(name) {
    return this.#exclusive((s) => s.tableExists(name));
  }
  createTable(spec) {
    return this.#exclusive((s) => s.createTable(spec));
  }
  dropTable(name) {
    return this.#exclusive((s) => s.dropTable(name));
  }
  addColumn(table, column) {
    return this.#exclusive((s) => s.addColumn(table, column));
  }
  insertRows(spec, rows, options) {
    return this.transaction((s) => s.insertRows(spec, rows, options));
  }
  select(table, spec) {
    return this.#exclusive((s) => s.select(table, spec));
  }
  carryOver(spec) {
    return this.#exclusive((s) => s.carryOver(spec));
  }
  count(table, where) {
    return this.#exclusive((s) => s.count(table, where));
  }
  update(table, where, changes) {
    return this.#exclusive((s) => s.update(table, where, changes));
  }
  delete(table, where) {
    return this.#exclusive((s) => s.delete(table, where));
  }
  aggregate(table, spec) {
    return this.#exclusive((s) => s.aggregate(table, spec));
  }
  exportTo(table, spec, path, format) {
    return this.#exclusive((s) => s.exportTo(table, spec, path, format));
  }
  describeQuery(sql) {
    return this.#exclusive((s) => s.describeQuery(sql));
  }
  /**
   * Opens an in-memory DuckDB instance with external access off and its configuration locked: it reads and writes no
   * file, loads no extension and cannot see this store. DuckDB cannot shut file access per connection, and not
   * reversibly per instance, so user SQL gets an instance of its own.
   * @throws MeshError `storage_unavailable` when DuckDB cannot open it.
   */
  async openIsolated() {
    const location = newMemoryKey();
    try {
      const instance = await acquireInstance(location, false, ISOLATED_OPTIONS);
      const conn = await instance.connect();
      return new _DuckDbEngine(location, instance, conn, instanceQueue(location), false, true);
    } catch (error) {
      throw wrapError(error, 'opening an isolated store');
    }
  }
  async close() {
    if (this.#closed) return;
    await this.#exclusive(async () => {
      if (this.readOnly) return;
      try {
        await this.#conn.run('CHECKPOINT');
      } catch {}
    });
    if (this.#closed) return;
    this.#closed = true;
    for (const conn of this.#lanes) conn.closeSync();
    this.#lanes.clear();
    this.#idle.length = 0;
    this.#conn.closeSync();
    await releaseInstance(this.location);
  }
};
async function openDuckDbEngine(options) {
  const location = options.path === ':memory:' ? newMemoryKey() : resolve(options.path);
  const readOnly = options.readOnly === true && !location.startsWith(':memory:');
  if (!location.startsWith(':memory:')) {
    assertDuckDbFile(location, options.create !== false && !readOnly);
  }
  if (!location.startsWith(':memory:') && !readOnly) {
    try {
      mkdirSync(dirname(location), { recursive: true });
    } catch (error) {
      throw new MeshError('storage_unavailable', `cannot create the folder for the store ${location}`, {
        cause: error,
      });
    }
  }
  try {
    const instance = await acquireInstance(location, readOnly);
    const conn = await instance.connect();
    return new DuckDbEngine(location, instance, conn, instanceQueue(location), isReadOnlyInstance(location));
  } catch (error) {
    throw wrapError(error, `opening the store ${location}`);
  }
}
export { openDuckDbEngine };
