import { MeshError } from './chunk-Z2USMJAC.js';

// dist/engine/open-engine.js
var DEFAULT_STORE = './.meshwork/mesh.duckdb';
var STORE_ENV_VAR = 'MESHWORK_STORE';
function resolveStoreLocation(explicit, env = {}) {
  if (explicit !== void 0 && explicit !== '') return explicit;
  const fromEnv = env[STORE_ENV_VAR];
  if (fromEnv !== void 0 && fromEnv !== '') return fromEnv;
  return DEFAULT_STORE;
}
var STORE_LOCATION_HELP =
  'store: a DuckDB file path (PostgreSQL URLs are refused: that engine is not built yet)';
function isPostgresUrl(location) {
  return /^postgres(ql)?:\/\//i.test(location);
}
async function openEngine(location, options = {}) {
  if (isPostgresUrl(location)) {
    throw new MeshError(
      'storage_unavailable',
      'PostgreSQL stores are not supported yet in this version; use a DuckDB file path for --store (default ./.meshwork/mesh.duckdb)',
    );
  }
  const { openDuckDbEngine } = await import('./duckdb-engine-UC2XMIXG.js');
  return openDuckDbEngine({ path: location, ...options });
}

// dist/product/external-source.js
var EXTERNAL_SOURCE_PATTERN = /^[a-z][a-z0-9+.-]*:\S+$/i;

// dist/catalog/access-log.js
var OPERATIONS = [
  'create',
  'ingest',
  'query',
  'update',
  'remove',
  'publish',
  'deprecate',
  'archive',
  'lineage',
  'export',
  'refresh',
  'segment',
  'ingest_batch',
];
var UNCOUNTED = /* @__PURE__ */ new Set(['ingest_batch']);
function toEntry(r) {
  return {
    seq: Number(r.seq),
    at: String(r.occurred_at),
    actor: String(r.actor),
    operation: String(r.operation),
    productId: String(r.product_id),
    productVersion: String(r.product_version),
    parameters: JSON.parse(String(r.parameters)),
    rowsAffected: Number(r.rows_affected),
    outcome: String(r.outcome),
    message: r.message === null ? null : String(r.message),
  };
}
var AccessLog = class {
  /** Writes one entry and bumps the product's counter for that operation. */
  async record(s, entry) {
    await s.execute(
      `INSERT INTO mw_access_log (seq, occurred_at, actor, operation, product_id, product_version, parameters, rows_affected, outcome, message)
       VALUES (nextval('mw_access_log_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        entry.at,
        entry.actor,
        entry.operation,
        entry.productId,
        entry.productVersion,
        JSON.stringify(entry.parameters),
        entry.rowsAffected,
        entry.outcome,
        entry.message,
      ],
    );
    if (UNCOUNTED.has(entry.operation)) return;
    await s.execute(
      `INSERT INTO mw_metrics (product_id, operation, count, last_at) VALUES ($1, $2, 1, $3)
       ON CONFLICT (product_id, operation) DO UPDATE SET count = mw_metrics.count + 1, last_at = excluded.last_at`,
      [entry.productId, entry.operation, entry.at],
    );
  }
  /** Reads entries matching the query, newest first unless asked otherwise. */
  async list(s, q = {}) {
    const conds = [];
    const params = [];
    const add = (sql, value) => {
      params.push(value);
      conds.push(`${sql} $${params.length}`);
    };
    if (q.productId !== void 0) add('product_id =', q.productId);
    if (q.operation !== void 0) add('operation =', q.operation);
    if (q.actor !== void 0) add('actor =', q.actor);
    if (q.since !== void 0) add('occurred_at >=', q.since);
    if (q.until !== void 0) add('occurred_at <', q.until);
    const where = conds.length > 0 ? ` WHERE ${conds.join(' AND ')}` : '';
    const limit = Math.max(0, Math.trunc(q.limit ?? 100));
    const offset = Math.max(0, Math.trunc(q.offset ?? 0));
    const rows = await s.query(
      `SELECT * FROM mw_access_log${where} ORDER BY seq ${q.order === 'asc' ? 'ASC' : 'DESC'} LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    return rows.map(toEntry);
  }
  /** Who read each of the given products (`query` and `export` entries), most reads first. */
  async readers(s, productIds) {
    const out = /* @__PURE__ */ new Map();
    if (productIds.length === 0) return out;
    const list = productIds.map((_, i) => `$${i + 1}`).join(', ');
    const rows = await s.query(
      `SELECT product_id, actor, COUNT(*) AS reads, MAX(occurred_at) AS last_at FROM mw_access_log
       WHERE operation IN ('query', 'export') AND outcome = 'ok' AND product_id IN (${list})
       GROUP BY product_id, actor ORDER BY product_id, reads DESC, actor`,
      productIds,
    );
    for (const r of rows) {
      const id = String(r.product_id);
      const list2 = out.get(id) ?? [];
      list2.push({ actor: String(r.actor), reads: Number(r.reads), lastReadAt: String(r.last_at) });
      out.set(id, list2);
    }
    return out;
  }
  /** Counts of operations on a product, by operation. */
  async counts(s, productId) {
    const rows = await s.query(
      'SELECT operation, count FROM mw_metrics WHERE product_id = $1 ORDER BY operation',
      [productId],
    );
    const out = {};
    for (const r of rows) out[String(r.operation)] = Number(r.count);
    return out;
  }
};

// dist/engine/engine.js
var EXPORT_FORMATS = ['csv', 'ndjson', 'parquet'];
function canIsolate(engine) {
  return engine.capabilities.isolatedStores && 'openIsolated' in engine;
}

// dist/connectors/files/record-source.js
async function* recordsOf(chunks) {
  for await (const chunk of chunks) yield* chunk;
}
var RECORD_FORMATS = ['json', 'ndjson', 'csv', 'parquet'];

// dist/connectors/files/open-record-file.js
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename as basename2, extname } from 'node:path';

// dist/connectors/files/json-array-scanner.js
var JsonStructureError = class extends Error {
  line;
  column;
  /** The text found there (up to 20 characters of its line), or '' at the end of the file. */
  found;
  constructor(message, line, column, found) {
    super(message);
    this.name = 'JsonStructureError';
    this.line = line;
    this.column = column;
    this.found = found;
  }
};
var NotAnArrayError = class extends Error {
  holds;
  constructor(holds) {
    super(`the document holds ${holds}, not an array`);
    this.name = 'NotAnArrayError';
    this.holds = holds;
  }
};
var SPACE = 32;
var TAB = 9;
var LF = 10;
var CR = 13;
var QUOTE = 34;
var BACKSLASH = 92;
var COMMA = 44;
var OPEN_SQUARE = 91;
var CLOSE_SQUARE = 93;
var OPEN_CURLY = 123;
var CLOSE_CURLY = 125;
var isSpace = (c) => c === SPACE || c === LF || c === CR || c === TAB;
function holdsOf(c) {
  if (c === OPEN_CURLY) return 'an object';
  if (c === QUOTE) return 'a string';
  if (c === 45 || (c >= 48 && c <= 57)) return 'a number';
  if (c === 116 || c === 102) return 'a boolean';
  if (c === 110) return 'null';
  return void 0;
}
var JsonArrayScanner = class {
  #phase = 'start';
  /** Brackets open inside the current element, innermost last. */
  #stack = [];
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
  push(piece) {
    const out = [];
    let text = piece;
    if (this.#first) {
      this.#first = false;
      if (text.charCodeAt(0) === 65279) {
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
    if (this.#phase === 'element') this.#pending += text.slice(Math.max(start, 0));
    this.#offset += text.length;
    return out;
  }
  /** Call after the last piece; throws when the array is not closed. */
  end() {
    if (this.#phase === 'end') return;
    if (this.#phase === 'start')
      throw new JsonStructureError('the file is empty', this.#line, this.#column(0), '');
    throw new JsonStructureError('the array is not closed', this.#line, this.#column(0), '');
  }
  #column(offsetInWhole) {
    return Math.max(1, offsetInWhole - this.#lineStart + 1);
  }
  /** Tracks strings and brackets for the character at `i` of an element. */
  #enter(c, text, i) {
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
      if (open === void 0 || (open === OPEN_CURLY) !== (c === CLOSE_CURLY))
        this.#fail(`unexpected ${String.fromCharCode(c)}`, text, i);
    }
  }
  #element(text, start, end) {
    const body = this.#pending + text.slice(Math.max(start, 0), end);
    this.#pending = '';
    return { text: body, line: this.#elementLine, column: this.#elementColumn };
  }
  #fail(what, text, i) {
    const found = text.slice(i, i + 20).split('\n')[0] ?? '';
    throw new JsonStructureError(what, this.#line, this.#column(this.#offset + i), found);
  }
};

// dist/connectors/files/locate-json-error.js
function locateJsonError(text) {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '	'))
      i++;
  };
  class Stop {
    at;
    constructor(at) {
      this.at = at;
    }
  }
  const fail = () => {
    throw new Stop(i);
  };
  const literal = (word) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 32) fail();
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail();
          i += 6;
        } else if (e !== void 0 && '"\\/bfnrt'.includes(e)) i += 2;
        else fail();
      } else i++;
    }
    fail();
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += m[0].length;
  };
  const value = () => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  try {
    if (text.charCodeAt(0) === 65279) i = 1;
    value();
    ws();
    return i < text.length ? i : void 0;
  } catch (error) {
    if (error instanceof Stop) return error.at;
    throw error;
  }
}

// dist/connectors/files/open-duckdb-file.js
import { basename } from 'node:path';
var READER_OPTIONS = {
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
};
var BOOLEANS = {
  true: true,
  false: false,
  t: true,
  f: false,
  yes: true,
  no: false,
  y: true,
  n: false,
  1: true,
  0: false,
};
function toFieldValue(value, type) {
  if (typeof value === 'bigint') {
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  }
  if (typeof value !== 'string' || type === void 0) return value;
  switch (type) {
    case 'integer':
    case 'number': {
      const text = value.trim();
      if (text === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return value;
      const n = Number(text);
      return Number.isFinite(n) ? n : value;
    }
    case 'boolean': {
      const b = BOOLEANS[value.trim().toLowerCase()];
      return b === void 0 ? value : b;
    }
    case 'date': {
      const m = /^(\d{4}-\d{2}-\d{2})[ T]00:00(:00(\.0+)?)?$/.exec(value);
      return m ? m[1] : value;
    }
    default:
      return value;
  }
}
function toRecord(row, types) {
  const out = {};
  for (const [name, value] of Object.entries(row)) {
    if (value === null) continue;
    out[name] = toFieldValue(value, types[name]);
  }
  return out;
}
var PLAIN_TYPES =
  /^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|FLOAT|DOUBLE|VARCHAR)$/;
var NUMERIC_TYPES = /^(DECIMAL|NUMERIC|HUGEINT|UHUGEINT|UBIGINT)/;
function quoteIdent(name) {
  return `"${name.replaceAll('"', '""')}"`;
}
async function castList(conn, from, path) {
  const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`, [path]);
  return described
    .getRowObjects()
    .map((r) => {
      const q = quoteIdent(String(r.column_name));
      const type = String(r.column_type);
      if (PLAIN_TYPES.test(type)) return q;
      return `CAST(${q} AS ${NUMERIC_TYPES.test(type) ? 'DOUBLE' : 'VARCHAR'}) AS ${q}`;
    })
    .join(', ');
}
function unreadable(path, kind, error) {
  const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  return new MeshError(
    'invalid_input',
    `${path} cannot be read as a ${kind} file: ${first}; check the file and its format`,
    {
      cause: error,
      details: { file: path },
    },
  );
}
function openScan(path, totalBytes, types, scan) {
  let read = 0;
  let totalRows = 0;
  return {
    description: `${basename(path)} (${scan.kind.toLowerCase()})`,
    progress: () => ({
      bytesRead: totalRows === 0 ? 0 : Math.min(totalBytes, Math.round((read / totalRows) * totalBytes)),
      totalBytes,
    }),
    [Symbol.asyncIterator]() {
      return recordsOf(this.chunks());
    },
    async *chunks() {
      const instance = await (await import('@duckdb/node-api')).DuckDBInstance.create(':memory:', {
        ...READER_OPTIONS,
      });
      let conn;
      try {
        conn = await instance.connect();
        let select = '*';
        try {
          if (!scan.allText) select = await castList(conn, scan.from, path);
          const counted = await conn.runAndReadAll(`SELECT COUNT(*) AS n FROM ${scan.from}`, [path]);
          totalRows = Number(counted.getRowObjects()[0]?.n ?? 0);
        } catch (error) {
          throw unreadable(path, scan.kind, error);
        }
        const result = await conn.stream(`SELECT ${select} FROM ${scan.from}`, [path]).catch((error) => {
          throw unreadable(path, scan.kind, error);
        });
        const names = result.columnNames();
        for (;;) {
          const chunk = await result.fetchChunk().catch((error) => {
            throw unreadable(path, scan.kind, error);
          });
          if (!chunk || chunk.rowCount === 0) break;
          const block = chunk.getRowObjects(names).map((row) => ({ value: toRecord(row, types) }));
          read += block.length;
          yield block;
        }
        if (scan.rejects) {
          const rejected =
            await conn.runAndReadAll(`SELECT line, arg_min(error_message, column_idx) AS message, arg_min(error_type, column_idx) AS kind,
               arg_min(byte_position, column_idx) AS at
             FROM reject_errors
             WHERE scan_id = (SELECT MAX(scan_id) FROM reject_errors) GROUP BY line ORDER BY line`);
          const block = rejected.getRowObjects().map((r) => {
            const line = Number(r.line);
            return {
              value: void 0,
              line,
              error:
                String(r.kind) === 'INVALID ENCODING'
                  ? `line ${line} is not valid UTF-8 (in the cell starting at byte offset ${String(r.at)} of the file); save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)`
                  : `line ${line} is not valid CSV (${String(r.message)}); give every line the header's columns`,
            };
          });
          if (block.length > 0) yield block;
        }
      } finally {
        conn?.closeSync();
        instance.closeSync();
      }
    },
  };
}
async function csvColumns(path) {
  const instance = await (await import('@duckdb/node-api')).DuckDBInstance.create(':memory:', {
    ...READER_OPTIONS,
  });
  try {
    const conn = await instance.connect();
    try {
      const described = await conn.runAndReadAll(
        'DESCRIBE SELECT * FROM read_csv($1, header = true, all_varchar = true, store_rejects = true)',
        [path],
      );
      return described.getRowObjects().map((r) => String(r.column_name));
    } catch (error) {
      throw unreadable(path, 'CSV', error);
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
function openCsvFile(path, totalBytes, types) {
  return openScan(path, totalBytes, types, {
    kind: 'CSV',
    from: 'read_csv($1, header = true, all_varchar = true, store_rejects = true)',
    allText: true,
    rejects: true,
  });
}
function openParquetFile(path, totalBytes, types) {
  return openScan(path, totalBytes, types, {
    kind: 'Parquet',
    from: 'read_parquet($1)',
    allText: false,
    rejects: false,
  });
}

// dist/connectors/files/utf8-pieces.js
import { isAscii, isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
var NO_BYTES = Buffer.alloc(0);
var Utf8Pieces = class {
  #decoder = new StringDecoder('utf8');
  #validate;
  /** Whether the decoder holds the first bytes of a character that the next piece completes. */
  #pending = false;
  /** Bytes of the stream before the next piece. */
  #offset = 0;
  /** The bytes at the end of the last piece that begin a character the next piece may complete (validation). */
  #tail = NO_BYTES;
  #invalid = [];
  constructor(options = {}) {
    this.#validate = options.validate !== false;
  }
  /** The text of `piece`, with any character left incomplete at its end held back for the next piece. */
  write(piece) {
    const start = this.#offset;
    this.#offset += piece.length;
    if (isAscii(piece)) {
      if (this.#tail.length > 0) {
        this.#invalid.push(start - this.#tail.length);
        this.#tail = NO_BYTES;
      }
      const text2 = piece.toString('latin1');
      if (!this.#pending) return text2;
      this.#pending = false;
      return this.#decoder.end() + text2;
    }
    if (this.#validate) this.#check(piece, start);
    const text = this.#decoder.write(piece);
    this.#pending = true;
    return text;
  }
  /** Whatever is left: U+FFFD for an incomplete character at the very end, else the empty string. */
  end() {
    this.#pending = false;
    if (this.#tail.length > 0) {
      this.#invalid.push(this.#offset - this.#tail.length);
      this.#tail = NO_BYTES;
    }
    return this.#decoder.end();
  }
  /**
   * The byte offsets (from the start of the stream, ascending) where invalid UTF-8 was found since the last call:
   * each the first byte of a sequence that decodes to U+FFFD. An incomplete character is reported once the piece
   * after it (or the end) shows that it stays incomplete.
   */
  takeInvalid() {
    if (this.#invalid.length === 0) return [];
    const found = this.#invalid;
    this.#invalid = [];
    return found;
  }
  #check(piece, start) {
    const bytes = this.#tail.length === 0 ? piece : Buffer.concat([this.#tail, piece]);
    const base = start - this.#tail.length;
    const complete = bytes.length - incompleteTail(bytes);
    const whole = bytes.subarray(0, complete);
    if (!isUtf8(whole)) for (const at of invalidOffsets(whole)) this.#invalid.push(base + at);
    this.#tail = complete === bytes.length ? NO_BYTES : Buffer.from(bytes.subarray(complete));
  }
};
function incompleteTail(bytes) {
  for (let k = 1; k <= Math.min(3, bytes.length); k++) {
    const b = bytes[bytes.length - k];
    if ((b & 192) === 128) continue;
    if (b < 192) return 0;
    const needs = b >= 240 ? 4 : b >= 224 ? 3 : 2;
    return needs > k ? k : 0;
  }
  return 0;
}
function secondByteRange(lead) {
  if (lead >= 194 && lead <= 223) return [2, 128, 191];
  if (lead === 224) return [3, 160, 191];
  if (lead === 237) return [3, 128, 159];
  if (lead >= 225 && lead <= 239) return [3, 128, 191];
  if (lead === 240) return [4, 144, 191];
  if (lead >= 241 && lead <= 243) return [4, 128, 191];
  if (lead === 244) return [4, 128, 143];
  return void 0;
}
function invalidOffsets(bytes) {
  const found = [];
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 128) {
      i += 1;
      continue;
    }
    const shape = secondByteRange(lead);
    if (shape === void 0) {
      found.push(i);
      i += 1;
      continue;
    }
    const [length, low, high] = shape;
    let j = i + 1;
    let ok = true;
    for (; j < i + length; j++) {
      const b = bytes[j];
      const [lo, hi] = j === i + 1 ? [low, high] : [128, 191];
      if (b === void 0 || b < lo || b > hi) {
        ok = false;
        break;
      }
    }
    if (!ok) found.push(i);
    i = j;
  }
  return found;
}

// dist/connectors/files/open-record-file.js
var INVALID_UTF8_POLICIES = ['reject', 'replace'];
var REPLACE_HINT =
  "save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8), or ingest with --invalid-utf8 replace (invalidUtf8: 'replace') to store U+FFFD in place of the bad bytes";
var InvalidUtf8Error = class extends Error {
  offset;
  constructor(offset) {
    super(`invalid UTF-8 at byte offset ${offset}`);
    this.offset = offset;
  }
};
async function lineOfByte(path, offset) {
  let line = 1;
  let seen = 0;
  const stream = createReadStream(path, { highWaterMark: 1 << 20, end: Math.max(0, offset - 1) });
  try {
    for await (const chunk of stream) {
      for (let i = chunk.indexOf(10); i !== -1 && seen + i < offset; i = chunk.indexOf(10, i + 1)) line += 1;
      seen += chunk.length;
    }
  } finally {
    stream.destroy();
  }
  return line;
}
function newlinesBefore(bytes, end) {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < end; i = bytes.indexOf(10, i + 1)) n += 1;
  return n;
}
function guessRecordFormat(path) {
  const ext = extname(path).toLowerCase();
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  return 'json';
}
var NO_BYTES2 = Buffer.alloc(0);
function withoutBom(text) {
  return text.charCodeAt(0) === 65279 ? text.slice(1) : text;
}
async function* textPieces(path, onBytes, policy) {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  const decoder = new Utf8Pieces({ validate: policy === 'reject' });
  const check = () => {
    const [bad] = decoder.takeInvalid();
    if (bad !== void 0) throw new InvalidUtf8Error(bad);
  };
  try {
    for await (const chunk of stream) {
      onBytes(chunk.length);
      const text = decoder.write(chunk);
      check();
      yield text;
    }
    const last = decoder.end();
    check();
    if (last !== '') yield last;
  } finally {
    stream.destroy();
  }
}
function notJson(path, line, column, found, what) {
  return new MeshError(
    'invalid_input',
    `${path} is not valid JSON (line ${line}, column ${column}${found ? `, at ${JSON.stringify(found)}` : ', at the end of the file'}${what ? `: ${what}` : ''}); fix the file or, for one record per line, use an .ndjson file`,
    { details: { file: path, line, column } },
  );
}
function parseElement(path, element) {
  try {
    return JSON.parse(element.text);
  } catch {
    const at = locateJsonError(element.text) ?? 0;
    const before = element.text.slice(0, at);
    const lastBreak = before.lastIndexOf('\n');
    const line = element.line + (before.match(/\n/g)?.length ?? 0);
    const column = lastBreak === -1 ? element.column + at : at - lastBreak;
    const found = element.text.slice(at, at + 20).split('\n')[0] ?? '';
    throw notJson(path, line, column, found);
  }
}
async function* scanJsonArray(path, onBytes, policy) {
  const scanner = new JsonArrayScanner();
  try {
    for await (const piece of textPieces(path, onBytes, policy)) {
      const elements = scanner.push(piece);
      if (elements.length > 0) yield elements;
    }
    scanner.end();
  } catch (error) {
    if (error instanceof InvalidUtf8Error) {
      const line = await lineOfByte(path, error.offset);
      throw new MeshError(
        'invalid_input',
        `${path} is not valid UTF-8 (line ${line}, byte offset ${error.offset}); the file was refused before any record was read; ${REPLACE_HINT}`,
        { details: { file: path, line, byteOffset: error.offset } },
      );
    }
    if (error instanceof JsonStructureError)
      throw notJson(path, error.line, error.column, error.found, error.message);
    if (error instanceof NotAnArrayError)
      throw new MeshError(
        'invalid_input',
        `${path} must contain a JSON array of records, but it holds ${error.holds}; wrap the records in [ ... ]`,
        { details: { file: path } },
      );
    throw error;
  }
}
async function openJson(path, totalBytes, policy) {
  let elements = 0;
  for await (const block of scanJsonArray(path, () => void 0, policy)) {
    for (const element of block) parseElement(path, element);
    elements += block.length;
  }
  let bytesRead = 0;
  const source = {
    description: `${basename2(path)} (json)`,
    progress: () => ({
      bytesRead: elements === 0 ? totalBytes : Math.min(bytesRead, totalBytes),
      totalBytes,
    }),
    async *chunks() {
      for await (const block of scanJsonArray(
        path,
        (n) => {
          bytesRead += n;
        },
        policy,
      )) {
        yield block.map((element) => ({
          value: JSON.parse(element.text),
          line: element.line,
          text: element.text,
        }));
      }
    },
    [Symbol.asyncIterator]() {
      return recordsOf(this.chunks());
    },
  };
  return source;
}
function openNdjson(path, totalBytes, policy) {
  let bytesRead = 0;
  return {
    description: `${basename2(path)} (ndjson)`,
    progress: () => ({ bytesRead: Math.min(bytesRead, totalBytes), totalBytes }),
    [Symbol.asyncIterator]() {
      return recordsOf(this.chunks());
    },
    async *chunks() {
      const stream = createReadStream(path, { highWaterMark: 1 << 20 });
      const decoder = new Utf8Pieces({ validate: policy === 'reject' });
      let line = 0;
      let rest = '';
      let offset = 0;
      const badLines = /* @__PURE__ */ new Map();
      const noteInvalid = (chunk, chunkStart) => {
        for (const at of decoder.takeInvalid()) {
          const n = line + 1 + (at < chunkStart ? 0 : newlinesBefore(chunk, at - chunkStart));
          if (!badLines.has(n)) badLines.set(n, at);
        }
      };
      const parseLine = (raw) => {
        line += 1;
        const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        const bad = badLines.get(line);
        if (bad !== void 0) {
          badLines.delete(line);
          return {
            value: void 0,
            line,
            error: `line ${line} is not valid UTF-8 (byte offset ${bad} of the file); ${REPLACE_HINT}`,
          };
        }
        if (text.trim() === '') return void 0;
        const body = line === 1 ? withoutBom(text) : text;
        try {
          return { value: JSON.parse(body), line, text: body };
        } catch {
          const at = locateJsonError(body);
          const where =
            at === void 0
              ? ''
              : ` (column ${at + 1}${at < body.length ? `, at ${JSON.stringify(body.slice(at, at + 20))}` : ', at the end of the line'})`;
          return {
            value: void 0,
            line,
            error: `line ${line} is not valid JSON${where}; write one JSON record per line`,
          };
        }
      };
      try {
        for await (const chunk of stream) {
          bytesRead += chunk.length;
          const text = rest + decoder.write(chunk);
          noteInvalid(chunk, offset);
          offset += chunk.length;
          const block = [];
          let start = 0;
          for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
            const record = parseLine(text.slice(start, nl));
            start = nl + 1;
            if (record) block.push(record);
          }
          rest = text.slice(start);
          if (block.length > 0) yield block;
        }
        const last = rest + decoder.end();
        noteInvalid(NO_BYTES2, offset);
        if (last !== '') {
          const record = parseLine(last);
          if (record) yield [record];
        }
      } finally {
        stream.destroy();
      }
    },
  };
}
async function openRecordFile(path, options = {}) {
  let totalBytes;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new MeshError('invalid_input', `${path} is not a file`);
    totalBytes = info.size;
  } catch (error) {
    if (error instanceof MeshError) throw error;
    throw new MeshError('not_found', `file ${path} does not exist or cannot be read; check the path`, {
      cause: error,
      details: { file: path },
    });
  }
  const format = options.format ?? guessRecordFormat(path);
  const policy = options.invalidUtf8 ?? 'reject';
  if (!INVALID_UTF8_POLICIES.includes(policy)) {
    throw new MeshError(
      'invalid_input',
      `invalidUtf8 must be ${INVALID_UTF8_POLICIES.join(' or ')}, got ${JSON.stringify(policy)}`,
    );
  }
  switch (format) {
    case 'ndjson':
      return openNdjson(path, totalBytes, policy);
    case 'csv':
      if (totalBytes > 0 && options.requiredFields !== void 0 && options.requiredFields.length > 0) {
        const columns = new Set(await csvColumns(path));
        const missing = options.requiredFields.filter((f) => !columns.has(f));
        if (missing.length > 0) {
          throw new MeshError(
            'contract_violation',
            `the CSV file ${path} has no column for the required field(s) ${missing.join(', ')}; add ${missing.length === 1 ? 'it' : 'them'} to its header line (nothing was written)`,
            { details: { file: path, missingColumns: missing } },
          );
        }
      }
      return openCsvFile(path, totalBytes, options.fieldTypes ?? {});
    case 'parquet':
      return openParquetFile(path, totalBytes, options.fieldTypes ?? {});
    default:
      return openJson(path, totalBytes, policy);
  }
}

export {
  DEFAULT_STORE,
  STORE_ENV_VAR,
  resolveStoreLocation,
  STORE_LOCATION_HELP,
  isPostgresUrl,
  openEngine,
  OPERATIONS,
  AccessLog,
  EXPORT_FORMATS,
  canIsolate,
  RECORD_FORMATS,
  INVALID_UTF8_POLICIES,
  openRecordFile,
  EXTERNAL_SOURCE_PATTERN,
};
