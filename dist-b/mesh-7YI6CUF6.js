import {
  ProductRegistry,
  SEARCH_INDEX_VERSION,
  checkUserSql,
  evaluateQualityCheck,
  generationLabel,
  guardContractSql,
  parseGeneration,
  productTableName,
  qualityCheckSql,
  storageGeneration,
} from './chunk-IKI7PMAW.js';
import { AuditKey } from './chunk-EKI4FYMO.js';
import { diffVersions } from './chunk-7A37FNTG.js';
import { checkVersionBump } from './chunk-FGG3P6FT.js';
import { PolicyViolationError, toFilter } from './chunk-3SYT4QUE.js';
import {
  DEFAULT_QUALITY_LEVEL_RULES,
  SEGMENT_NAME_PATTERN,
  SpecReader,
  bindFilter,
  bindInputs,
  breakdownKey,
  deriveQualityLevel,
  findSegmentFilterProblem,
  isDateString,
  normalizeTimestamp,
  parseProductSpec,
} from './chunk-CMCKDKFV.js';
import {
  AccessLog,
  EXPORT_FORMATS,
  EXTERNAL_SOURCE_PATTERN,
  canIsolate,
  openEngine,
  openRecordFile,
  resolveStoreLocation,
} from './chunk-MM3F4P5N.js';
import { PRODUCT_STATUSES, allowedTransitions, canTransition, parseSearchFilters } from './chunk-N4LOYPPM.js';
import {
  ALL_EVENTS,
  AccessStore,
  AuditLog,
  EventOutbox,
  GENESIS_ACTION,
  LOCAL_ADMIN,
  LineageGraph,
  POLICY_EVENTS,
  POLICY_SEVERITIES,
  PRINCIPAL_KINDS,
  assertPrincipalId,
  canManageDomain,
  canonicalJson,
  formatPolicyScope,
  formatRole,
  formatViolation,
  isEngine,
  isEventType,
  isGrantActive,
  isPlatformAdmin,
  ownedDomains,
  parseLineageWalkOptions,
  parseRoles,
  policyAppliesTo,
  toOpenLineage,
} from './chunk-CZYLR5LO.js';
import { closestName } from './chunk-FXK5COB7.js';
import { quoteAnsiIdent } from './chunk-U5VUA65D.js';
import { SQL_TYPES } from './chunk-FBN763SF.js';
import {
  FORMAT_PATTERNS,
  compileContractLevelChecks,
  describeQualityCheck,
  measuredQuantity,
} from './chunk-3HSDKXCL.js';
import {
  ZERO_FAILURES,
  contractToSpec,
  formatFilter,
  formatThreshold,
  likePatternToRegExp,
  parseFilterExpression,
} from './chunk-5YITE3UL.js';
import { PRODUCT_ID_PATTERN } from './chunk-K5DZIQWA.js';
import { filterFields, isEmptyFilter } from './chunk-VAFVFMKZ.js';
import {
  PUBLISHED_DOCUMENT_ROLES,
  publishedContract,
  publishedDocumentKind,
  samePublishedData,
} from './chunk-B2BX6XU6.js';
import { parseSourceDocument } from './chunk-XYK6DAA3.js';
import './chunk-EKUJCVLF.js';
import './chunk-47QYJMV7.js';
import { ContractViolationError, MeshError, isMeshError } from './chunk-Z2USMJAC.js';

// dist/catalog/domain-registry.js
var DOMAIN_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;
function text(v) {
  return v === null || v === void 0 ? null : String(v);
}
function toDomain(r) {
  return {
    name: String(r.name),
    description: text(r.description),
    ownerTeam: text(r.owner_team),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}
function emptyCounts() {
  const counts = { total: 0 };
  for (const s of PRODUCT_STATUSES) counts[s] = 0;
  return counts;
}
function assertDomainDefinition(input) {
  if (typeof input.name !== 'string' || !DOMAIN_NAME_PATTERN.test(input.name)) {
    throw new MeshError(
      'invalid_input',
      `domain name ${JSON.stringify(input.name)} is not valid; use lowercase letters, digits and underscores, starting with a letter (e.g. sales)`,
    );
  }
  for (const [key, flag] of [
    ['description', 'description'],
    ['ownerTeam', 'owner team'],
  ]) {
    const value = input[key];
    if (value !== void 0 && (typeof value !== 'string' || value.trim() === '')) {
      throw new MeshError(
        'invalid_input',
        `the ${flag} of domain ${input.name} must be non-empty text; leave it out to keep the stored one`,
      );
    }
  }
}
var DomainRegistry = class {
  /** Registers a domain by name when it is not known yet; a known domain is left as it is. */
  async ensure(s, name, at) {
    await s.execute(
      `INSERT INTO mw_domains (name, description, owner_team, created_at, updated_at) VALUES ($1, NULL, NULL, $2, $2)
       ON CONFLICT (name) DO NOTHING`,
      [name, at],
    );
  }
  /**
   * Creates a domain or changes its description and owner team.
   * @throws MeshError `invalid_input` for a malformed name or empty text.
   */
  async define(s, input, at) {
    assertDomainDefinition(input);
    await this.ensure(s, input.name, at);
    const sets = [];
    const params = [];
    if (input.description !== void 0) {
      params.push(input.description.trim());
      sets.push(`description = $${params.length}`);
    }
    if (input.ownerTeam !== void 0) {
      params.push(input.ownerTeam.trim());
      sets.push(`owner_team = $${params.length}`);
    }
    params.push(at);
    sets.push(`updated_at = $${params.length}`);
    params.push(input.name);
    await s.execute(`UPDATE mw_domains SET ${sets.join(', ')} WHERE name = $${params.length}`, params);
    const found = await this.find(s, input.name);
    if (!found) throw new Error(`domain ${input.name} was defined but cannot be read back`);
    return found;
  }
  /** Finds a domain by name, or undefined. */
  async find(s, name) {
    const rows = await s.query('SELECT * FROM mw_domains WHERE name = $1', [name]);
    return rows[0] === void 0 ? void 0 : toDomain(rows[0]);
  }
  /**
   * Lists every domain, ordered by name, with its product counts per status. Domains that only appear in product
   * ids (stores written before domains were recorded) are listed too, undescribed.
   */
  async list(s) {
    const domains = /* @__PURE__ */ new Map();
    for (const r of await s.query('SELECT * FROM mw_domains ORDER BY name')) {
      const d = toDomain(r);
      domains.set(d.name, d);
    }
    const counts = /* @__PURE__ */ new Map();
    const firstSeen = /* @__PURE__ */ new Map();
    const rows = await s.query(
      'SELECT domain, status, COUNT(*) AS n, MIN(created_at) AS first_at FROM mw_products GROUP BY domain, status',
    );
    for (const r of rows) {
      const name = String(r.domain);
      const status = String(r.status);
      const c = counts.get(name) ?? emptyCounts();
      c[status] = (c[status] ?? 0) + Number(r.n);
      c.total += Number(r.n);
      counts.set(name, c);
      const first = String(r.first_at);
      const known = firstSeen.get(name);
      if (known === void 0 || first < known) firstSeen.set(name, first);
    }
    const names = [.../* @__PURE__ */ new Set([...domains.keys(), ...counts.keys()])].sort();
    return names.map((name) => {
      const at = firstSeen.get(name) ?? '';
      const d = domains.get(name) ?? {
        name,
        description: null,
        ownerTeam: null,
        createdAt: at,
        updatedAt: at,
      };
      return { ...d, products: counts.get(name) ?? emptyCounts() };
    });
  }
};

// dist/catalog/lineage-store.js
function toEdge(r) {
  const base = { from: String(r.from_id), to: String(r.to_id), createdAt: String(r.created_at) };
  return r.description === null ? base : { ...base, description: String(r.description) };
}
var LineageStore = class {
  /** Adds an edge; adding the same edge again keeps the first one. Returns whether it was new. */
  async add(s, edge) {
    const n = await s.execute(
      `INSERT INTO mw_lineage (from_id, to_id, description, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (from_id, to_id) DO NOTHING`,
      [edge.from, edge.to, edge.description ?? null, edge.createdAt],
    );
    return n > 0;
  }
  /** Removes an edge; returns whether it existed. */
  async remove(s, from, to) {
    return (await s.execute('DELETE FROM mw_lineage WHERE from_id = $1 AND to_id = $2', [from, to])) > 0;
  }
  /** Every edge of the mesh, ordered by source then target. */
  async all(s) {
    return (await s.query('SELECT * FROM mw_lineage ORDER BY from_id, to_id')).map(toEdge);
  }
  /** Edges flowing into a node (its upstream). */
  async into(s, id) {
    return (await s.query('SELECT * FROM mw_lineage WHERE to_id = $1 ORDER BY from_id', [id])).map(toEdge);
  }
  /** Edges flowing out of a node (its downstream). */
  async outOf(s, id) {
    return (await s.query('SELECT * FROM mw_lineage WHERE from_id = $1 ORDER BY to_id', [id])).map(toEdge);
  }
};

// dist/catalog/product-document-store.js
function toRole(value) {
  const role = String(value);
  if (!PUBLISHED_DOCUMENT_ROLES.includes(role)) {
    throw new Error(`mw_product_documents holds the unknown role ${role}`);
  }
  return role;
}
function toDocument(r) {
  return {
    productId: String(r.product_id),
    version: String(r.version),
    role: toRole(r.role),
    kind: String(r.kind),
    file: String(r.file),
    text: String(r.text),
    storedAt: String(r.stored_at),
  };
}
var ProductDocumentStore = class {
  /** Stores a version's documents in order, replacing any stored for that version before. */
  async replace(s, productId, version, documents2, at) {
    await s.execute('DELETE FROM mw_product_documents WHERE product_id = $1 AND version = $2', [
      productId,
      version,
    ]);
    for (const [position, d] of documents2.entries()) {
      await s.execute(
        `INSERT INTO mw_product_documents (product_id, version, position, role, kind, file, text, stored_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [productId, version, position, d.role, publishedDocumentKind(d.role), d.file, d.text, at],
      );
    }
  }
  /** Lists a version's documents in the order they were stored; empty when it was published without any. */
  async list(s, productId, version) {
    const rows = await s.query(
      `SELECT product_id, version, role, kind, file, text, stored_at FROM mw_product_documents
       WHERE product_id = $1 AND version = $2 ORDER BY position`,
      [productId, version],
    );
    return rows.map(toDocument);
  }
};

// dist/catalog/source-registry.js
function toSource(r) {
  return {
    productId: String(r.product_id),
    connector: String(r.connector),
    config: JSON.parse(String(r.config)),
    updatedAt: String(r.updated_at),
    lastRunAt: r.last_run_at === null ? null : String(r.last_run_at),
    lastOutcome: r.last_outcome === null ? null : String(r.last_outcome),
    lastMessage: r.last_message === null ? null : String(r.last_message),
  };
}
var SourceRegistry = class {
  /** Records (or replaces) the connector settings of a product. */
  async save(s, productId, connector, config, at) {
    await s.execute(
      `INSERT INTO mw_sources (product_id, connector, config, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (product_id) DO UPDATE SET connector = excluded.connector, config = excluded.config, updated_at = excluded.updated_at`,
      [productId, connector, JSON.stringify(config), at],
    );
  }
  /** Records the outcome of a pull. */
  async markRun(s, productId, at, outcome, message) {
    await s.execute(
      'UPDATE mw_sources SET last_run_at = $1, last_outcome = $2, last_message = $3 WHERE product_id = $4',
      [at, outcome, message, productId],
    );
  }
  /** Finds a product's source, or undefined when it is not fed by a connector. */
  async find(s, productId) {
    const rows = await s.query('SELECT * FROM mw_sources WHERE product_id = $1', [productId]);
    return rows[0] ? toSource(rows[0]) : void 0;
  }
};

// dist/core/filter/compile-filter-predicate.js
function compileFilterRowPredicate(filter, schema) {
  const positions = new Map(schema.fields.map((f, i) => [f.name, i]));
  const evaluate = compile(bindFilter(filter, schema), fieldMap(schema), (field2) => {
    const index = positions.get(field2.name) ?? -1;
    return (row) => row[index];
  });
  return (row) => evaluate(row) === true;
}
function fieldMap(schema) {
  return new Map(schema.fields.map((f) => [f.name, f]));
}
function compile(filter, fields, reader) {
  const operand = (left) => {
    const field2 = fields.get(left.field);
    if (field2 === void 0) throw new Error(`bound filter refers to unknown field ${left.field}`);
    return compileOperand(left, field2, reader(field2));
  };
  const walk = (f) => {
    switch (f.kind) {
      case 'and':
        return compileAnd(f.items.map(walk));
      case 'or':
        return compileOr(f.items.map(walk));
      case 'not': {
        const item = walk(f.item);
        return (r) => {
          const t = item(r);
          return t === null ? null : !t;
        };
      }
      case 'null': {
        const get = operand(f.left);
        const isNull = f.isNull;
        return (r) => (get(r) == null) === isNull;
      }
      case 'compare':
        return compileCompare(operand(f.left), f.op, f.value);
      case 'in': {
        const get = operand(f.left);
        const values = new Set(f.values);
        const negated = f.negated;
        return (r) => {
          const v = get(r);
          return v == null ? null : values.has(v) !== negated;
        };
      }
      case 'like': {
        const get = operand(f.left);
        const re = likePatternToRegExp(f.pattern, f.caseInsensitive);
        const negated = f.negated;
        return (r) => {
          const v = get(r);
          return typeof v === 'string' ? re.test(v) !== negated : null;
        };
      }
    }
  };
  return walk(filter);
}
function compileOperand(left, field2, read) {
  if (left.kind === 'field') {
    if (field2.type !== 'integer' && field2.type !== 'number') return read;
    return (r) => {
      const v = read(r);
      return typeof v === 'bigint' ? Number(v) : v;
    };
  }
  const text3 = (f) => {
    return (r) => {
      const v = read(r);
      return typeof v === 'string' ? f(v) : null;
    };
  };
  switch (left.fn) {
    case 'year':
      return text3((s) => datePart(s, 0, 4));
    case 'month':
      return text3((s) => datePart(s, 5, 7));
    case 'day':
      return text3((s) => datePart(s, 8, 10));
    case 'lower':
      return text3((s) => s.toLowerCase());
    case 'upper':
      return text3((s) => s.toUpperCase());
    case 'length':
      return text3(codePointLength);
  }
}
function datePart(text3, start, end) {
  const n = Number(text3.slice(start, end));
  return Number.isInteger(n) ? n : null;
}
function codePointLength(text3) {
  let n = text3.length;
  for (let i = 0; i < text3.length; i++) {
    const c = text3.charCodeAt(i);
    if (c >= 55296 && c <= 56319) {
      const next = text3.charCodeAt(i + 1);
      if (next >= 56320 && next <= 57343) {
        n--;
        i++;
      }
    }
  }
  return n;
}
function compileCompare(get, op, value) {
  if (value === null) return () => null;
  const literal = value;
  switch (op) {
    case 'eq':
      return (r) => {
        const v = get(r);
        return v == null ? null : v === literal;
      };
    case 'ne':
      return (r) => {
        const v = get(r);
        return v == null ? null : v !== literal;
      };
    case 'gt':
      return (r) => {
        const v = get(r);
        return v == null ? null : v > literal;
      };
    case 'gte':
      return (r) => {
        const v = get(r);
        return v == null ? null : v >= literal;
      };
    case 'lt':
      return (r) => {
        const v = get(r);
        return v == null ? null : v < literal;
      };
    case 'lte':
      return (r) => {
        const v = get(r);
        return v == null ? null : v <= literal;
      };
  }
}
function compileAnd(items) {
  if (items.length === 0) return () => true;
  return (r) => {
    let unknown = false;
    for (const item of items) {
      const t = item(r);
      if (t === false) return false;
      if (t === null) unknown = true;
    }
    return unknown ? null : true;
  };
}
function compileOr(items) {
  if (items.length === 0) return () => false;
  return (r) => {
    let unknown = false;
    for (const item of items) {
      const t = item(r);
      if (t === true) return true;
      if (t === null) unknown = true;
    }
    return unknown ? null : false;
  };
}

// dist/core/validation/compile-field-check.js
var INVALID = /* @__PURE__ */ Symbol('invalid');
var TYPE_CHECKS = {
  string: (v) => (typeof v === 'string' ? v : INVALID),
  integer: (v) => {
    if (typeof v === 'number') return Number.isSafeInteger(v) ? v : INVALID;
    return typeof v === 'bigint' ? safeBigInt(v) : INVALID;
  },
  number: (v) => {
    if (typeof v === 'number') return Number.isFinite(v) ? v : INVALID;
    return typeof v === 'bigint' ? safeBigInt(v) : INVALID;
  },
  boolean: (v) => (typeof v === 'boolean' ? v : INVALID),
  date: (v) => (typeof v === 'string' && isDateString(v) ? v : INVALID),
  timestamp: (v) => {
    if (typeof v === 'string') return normalizeTimestamp(v) ?? INVALID;
    if (v instanceof Date && !Number.isNaN(v.getTime()))
      return normalizeTimestamp(v.toISOString()) ?? INVALID;
    return INVALID;
  },
};
function safeBigInt(v) {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : INVALID;
}
function compileFieldCheck(field2) {
  const typeCheck = TYPE_CHECKS[field2.type];
  const constraints = compileConstraints(field2);
  const tests = constraints.map((c) => c.test);
  let check = typeCheck;
  const [first] = tests;
  if (tests.length === 1 && first !== void 0) {
    check = (v) => {
      const n = typeCheck(v);
      return n === INVALID || !first(n) ? INVALID : n;
    };
  } else if (tests.length > 1) {
    check = (v) => {
      const n = typeCheck(v);
      if (n === INVALID) return INVALID;
      for (const test of tests) if (!test(n)) return INVALID;
      return n;
    };
  }
  const explain = (value) => {
    const n = typeCheck(value);
    if (n === INVALID) return [{ code: 'type', message: typeMessage(field2, value) }];
    return constraints.filter((c) => !c.test(n)).map((c) => ({ code: c.code, message: c.message(n) }));
  };
  return { check, explain };
}
function compileConstraints(field2) {
  const out = [];
  const { name } = field2;
  const got = (v) => describeValue(v, field2);
  if (field2.enum !== void 0 && field2.enum.length > 0) {
    const allowed = new Set(field2.enum.map((v) => normalizeEnumValue(v, field2.type)));
    const list = field2.enum.map((v) => describeValue(v)).join(', ');
    out.push({
      code: 'enum',
      test: (v) => allowed.has(v),
      message: (v) => `${name} must be one of ${list}, got ${got(v)}`,
    });
  }
  if (field2.type === 'integer' || field2.type === 'number') {
    const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = field2;
    if (minimum !== void 0) {
      out.push({
        code: 'minimum',
        test: (v) => v >= minimum,
        message: (v) => `${name} must be at least ${minimum}, got ${got(v)}`,
      });
    }
    if (exclusiveMinimum !== void 0) {
      out.push({
        code: 'minimum',
        test: (v) => v > exclusiveMinimum,
        message: (v) => `${name} must be greater than ${exclusiveMinimum}, got ${got(v)}`,
      });
    }
    if (maximum !== void 0) {
      out.push({
        code: 'maximum',
        test: (v) => v <= maximum,
        message: (v) => `${name} must be at most ${maximum}, got ${got(v)}`,
      });
    }
    if (exclusiveMaximum !== void 0) {
      out.push({
        code: 'maximum',
        test: (v) => v < exclusiveMaximum,
        message: (v) => `${name} must be less than ${exclusiveMaximum}, got ${got(v)}`,
      });
    }
  }
  if (field2.type === 'string') {
    const { minLength, maxLength, format, pattern } = field2;
    if (minLength !== void 0) {
      out.push({
        code: 'length',
        // A code point takes at most two UTF-16 units, so only short strings need counting.
        test: (v) => v.length >= 2 * minLength || codePointLength2(v) >= minLength,
        message: (v) => `${name} must be at least ${minLength} characters long, got ${codePointLength2(v)}`,
      });
    }
    if (maxLength !== void 0) {
      out.push({
        code: 'length',
        test: (v) => v.length <= maxLength || codePointLength2(v) <= maxLength,
        message: (v) => `${name} must be at most ${maxLength} characters long, got ${codePointLength2(v)}`,
      });
    }
    if (format !== void 0) {
      const { test, expected } = FORMATS[format];
      out.push({
        code: 'format',
        test,
        message: (v) => `${name} must be ${expected}, got ${got(v)}`,
      });
    }
    if (pattern !== void 0) {
      let re;
      try {
        re = new RegExp(`^(?:${pattern})$`, 'u');
      } catch (error) {
        throw new MeshError(
          'invalid_input',
          `field ${name} has an invalid pattern ${JSON.stringify(pattern)}`,
          {
            cause: error,
            details: { field: name },
          },
        );
      }
      out.push({
        code: 'pattern',
        test: (v) => re.test(v),
        message: (v) => `${name} must match the pattern ${pattern}, got ${got(v)}`,
      });
    }
  }
  return out;
}
function normalizeEnumValue(value, type) {
  if (type === 'timestamp' && typeof value === 'string') return normalizeTimestamp(value) ?? value;
  return value;
}
var EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
var URI_SCHEME = /^[a-z][a-z0-9+.-]*:\S*$/i;
var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
var RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
var FORMATS = {
  email: { test: (v) => EMAIL.test(v), expected: 'an email address such as name@example.com' },
  uri: {
    test: (v) => URI_SCHEME.test(v) && URL.canParse(v),
    expected: 'an absolute URI such as https://example.com/',
  },
  uuid: { test: (v) => UUID.test(v), expected: 'a UUID such as 123e4567-e89b-12d3-a456-426614174000' },
  date: { test: isDateString, expected: 'a real calendar date written YYYY-MM-DD' },
  'date-time': {
    test: (v) => RFC3339.test(v) && normalizeTimestamp(v) !== void 0,
    expected: 'an RFC 3339 date-time such as 2025-10-07T10:30:00Z',
  },
};
function typeMessage(field2, value) {
  const { name } = field2;
  const got = describeValue(value, field2);
  const unquote =
    typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
      ? ' (send numbers without quotes)'
      : '';
  switch (field2.type) {
    case 'string':
      return `${name} must be text, got ${got}`;
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) {
        return `${name} must be a whole number between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}, got ${got}`;
      }
      return `${name} must be a whole number, got ${got}${unquote}`;
    case 'number':
      if (typeof value === 'number' || typeof value === 'bigint')
        return `${name} must be a finite number, got ${got}`;
      return `${name} must be a number, got ${got}${unquote}`;
    case 'boolean':
      return `${name} must be true or false, got ${got}`;
    case 'date':
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
        return `${name} must be a real calendar date, got ${got}`;
      }
      return `${name} must be a date written YYYY-MM-DD, got ${got}`;
    case 'timestamp':
      return `${name} must be a timestamp such as "2025-10-07 10:30:00" or ISO 8601 "2025-10-07T10:30:00Z", got ${got}`;
  }
}
function describeValue(value, field2) {
  if (value === null || value === void 0) return 'null';
  if (field2?.pii === true) {
    const kind =
      typeof value === 'string' ? `a string of ${codePointLength2(value)} characters` : `a ${typeof value}`;
    return `${kind} (value hidden: ${field2.name} is PII)`;
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(shorten(value));
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'object':
      if (Array.isArray(value)) return `a list of ${value.length} item(s)`;
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : 'a Date object';
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}
function shorten(text3) {
  return text3.length > 40 ? `${text3.slice(0, 37)}...` : text3;
}
function codePointLength2(text3) {
  let n = text3.length;
  for (let i = 0; i < text3.length; i++) {
    const c = text3.charCodeAt(i);
    if (c >= 55296 && c <= 56319) {
      const next = text3.charCodeAt(i + 1);
      if (next >= 56320 && next <= 57343) {
        n--;
        i++;
      }
    }
  }
  return n;
}

// dist/core/validation/compile-record-validator.js
function compileRecordValidator(schema, options = {}) {
  const partial = options.partial === true;
  const fields = schema.fields;
  const columns = fields.map((f) => f.name);
  const names = columns.slice();
  const known = new Set(names);
  const required = fields.map((f) => f.required);
  const plans = fields.map(compileFieldCheck);
  const checks = plans.map((p) => p.check);
  const count2 = names.length;
  const rules = partial ? [] : schema.rules.map((rule) => compileRule(rule.name, rule.check, schema));
  const ruleCount = rules.length;
  const unknownFields = (record, index) => {
    const issues = [];
    for (const key in record) {
      if (record[key] === void 0 || known.has(key)) continue;
      const suggestion = closestName(key, names);
      const hint = suggestion === void 0 ? '' : ` (did you mean "${suggestion}"?)`;
      issues.push({
        path: [index, key],
        code: 'unknown_field',
        message: `unknown field "${shorten(key)}" is not in the schema, so the record is rejected${hint}; known fields: ${names.join(', ')}`,
      });
    }
    return issues.length === 0 ? void 0 : issues;
  };
  const brokenRules = (row, index, failed) => {
    const issues = [];
    for (let r = 0; r < ruleCount; r++) {
      const rule = rules[r];
      if (failed !== void 0 && rule.fields.some((i) => failed.includes(i))) continue;
      if (rule.test(row)) continue;
      const values = rule.fields.map((i) => {
        const field2 = fields[i];
        return `${field2.name} = ${describeValue(row[i], field2)}`;
      });
      issues.push({
        path: [index],
        code: 'rule',
        message: `record breaks rule ${rule.name} (${rule.check})${values.length > 0 ? ` with ${values.join(', ')}` : ''}`,
      });
    }
    return issues;
  };
  const validate = (record, index) => {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      return {
        ok: false,
        issues: [
          {
            path: [index],
            code: 'not_object',
            message: `record ${index} must be an object of field values such as { "${names[0] ?? 'field'}": ... }, got ${describeValue(record)}`,
          },
        ],
      };
    }
    const rec = record;
    const row = new Array(count2);
    let failed;
    let present = 0;
    for (let i = 0; i < count2; i++) {
      const name = names[i];
      const value = Object.hasOwn(rec, name) ? rec[name] : void 0;
      if (value === void 0 || value === null) {
        if (value === null) present++;
        if (required[i] && (value === null || !partial)) {
          if (failed === void 0) failed = [i];
          else failed.push(i);
        }
        row[i] = value === void 0 && partial ? void 0 : null;
        continue;
      }
      present++;
      const out = checks[i](value);
      if (out === INVALID) {
        if (failed === void 0) failed = [i];
        else failed.push(i);
      }
      row[i] = out;
    }
    let keys = 0;
    for (const _ in rec) keys++;
    const unknown = keys === present ? void 0 : unknownFields(rec, index);
    if (failed === void 0 && unknown === void 0) {
      if (ruleCount === 0) return { ok: true, row };
      const broken = brokenRules(row, index, void 0);
      return broken.length === 0 ? { ok: true, row } : { ok: false, issues: broken };
    }
    const issues = [];
    for (const i of failed ?? []) {
      const name = names[i];
      const value = Object.hasOwn(rec, name) ? rec[name] : void 0;
      if (value === void 0 || value === null) {
        const message =
          value === void 0
            ? `${name} is required but missing`
            : partial
              ? `${name} is required and cannot be set to null`
              : `${name} is required but is null`;
        issues.push({ path: [index, name], code: 'required', message });
      } else {
        for (const problem of plans[i].explain(value)) issues.push({ path: [index, name], ...problem });
      }
    }
    if (unknown !== void 0) issues.push(...unknown);
    if (ruleCount > 0) issues.push(...brokenRules(row, index, failed));
    return { ok: false, issues };
  };
  return { columns, validate };
}
function compileRule(name, check, schema) {
  try {
    const filter = bindFilter(parseFilterExpression(check), schema);
    const positions = new Map(schema.fields.map((f, i) => [f.name, i]));
    return {
      name,
      check,
      test: compileFilterRowPredicate(filter, schema),
      fields: filterFields(filter).map((f) => positions.get(f) ?? -1),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MeshError('invalid_input', `rule ${name} has an invalid check (${check}): ${reason}`, {
      cause: error,
      details: { rule: name, check },
    });
  }
}

// dist/product/source-status.js
async function sourceStatus(ctx, productId) {
  const record = await ctx.registry.find(ctx.engine, productId);
  if (!record) throw new MeshError('not_found', `product ${productId} is not in the catalog`);
  const source = await ctx.sources.find(ctx.engine, productId);
  if (!source) {
    throw new MeshError(
      'invalid_input',
      `product ${productId} is not fed by a connector, so it has no source to report on; \`meshwork connect\` sets one up`,
      { details: { productId } },
    );
  }
  const dataAsOf = record.lastWriteAt;
  const freshnessMinutes = record.descriptor.sla.freshnessMinutes ?? null;
  const ageMinutes =
    dataAsOf === null ? null : Math.max(0, (ctx.now().getTime() - Date.parse(dataAsOf)) / 6e4);
  return {
    productId,
    connector: source.connector,
    upstream: record.descriptor.upstream,
    settings: source.config,
    lastPullAt: source.lastRunAt,
    lastOutcome: source.lastOutcome,
    lastMessage: source.lastMessage,
    dataAsOf,
    freshnessMinutes,
    ageMinutes,
    stale: ageMinutes === null || (freshnessMinutes !== null && ageMinutes > freshnessMinutes),
  };
}

// dist/governance/audited-access-log.js
var AuditedAccessLog = class extends AccessLog {
  #audit;
  #principal;
  constructor(audit2, principal) {
    super();
    this.#audit = audit2;
    this.#principal = principal;
  }
  async record(s, entry) {
    if (isEngine(s)) {
      await s.transaction((tx) => this.record(tx, entry));
      return;
    }
    await super.record(s, entry);
    await this.#audit.append(s, {
      at: entry.at,
      actor: entry.actor,
      principal: this.#principal,
      action: `product.${entry.operation}`,
      target: entry.productId,
      outcome: entry.outcome,
      details: {
        version: entry.productVersion,
        parameters: entry.parameters,
        rowsAffected: entry.rowsAffected,
        ...(entry.message === null ? {} : { message: entry.message }),
      },
    });
  }
};

// dist/governance/notification-store.js
function toNotification(r) {
  return {
    id: Number(r.id),
    recipient: String(r.recipient),
    kind: String(r.kind),
    productId: r.product_id === null || r.product_id === void 0 ? null : String(r.product_id),
    message: String(r.message),
    details: JSON.parse(String(r.details)),
    createdAt: String(r.created_at),
  };
}
var NotificationStore = class {
  /** Leaves a notification for a principal. */
  async add(s, n) {
    await s.execute(
      `INSERT INTO mw_notifications (id, recipient, kind, product_id, message, details, created_at)
       VALUES (nextval('mw_notifications_seq'), $1, $2, $3, $4, $5, $6)`,
      [n.recipient, n.kind, n.productId, n.message, JSON.stringify(n.details), n.createdAt],
    );
  }
  /** Lists notifications, newest first, optionally for one principal. */
  async list(s, recipient, limit = 100) {
    const n = Math.max(0, Math.trunc(limit));
    const rows =
      recipient === void 0
        ? await s.query(`SELECT * FROM mw_notifications ORDER BY id DESC LIMIT ${n}`)
        : await s.query(`SELECT * FROM mw_notifications WHERE recipient = $1 ORDER BY id DESC LIMIT ${n}`, [
            recipient,
          ]);
    return rows.map(toNotification);
  }
};

// dist/governance/policy-store.js
function toPolicy(r) {
  const definition = JSON.parse(String(r.definition));
  return {
    ...definition,
    version: Number(r.version),
    updatedAt: String(r.updated_at),
    updatedBy: String(r.updated_by),
  };
}
function definitionJson(p) {
  const { id, description, severity, scope, events, expression } = p;
  return canonicalJson({ id, description, severity, scope, events, expression });
}
var PolicyStore = class {
  /** Lists policies by id; with a domain, only the global ones and that domain's. */
  async list(s, filter = {}) {
    const rows =
      filter.domain === void 0
        ? await s.query('SELECT * FROM mw_policies ORDER BY id')
        : await s.query("SELECT * FROM mw_policies WHERE scope = 'global' OR domain = $1 ORDER BY id", [
            filter.domain,
          ]);
    return rows.map(toPolicy);
  }
  /** Finds a policy, or undefined. */
  async find(s, id) {
    const rows = await s.query('SELECT * FROM mw_policies WHERE id = $1', [id]);
    return rows[0] ? toPolicy(rows[0]) : void 0;
  }
  /** Lists every version of a policy, oldest first. */
  async versions(s, id) {
    const rows = await s.query('SELECT * FROM mw_policy_versions WHERE policy_id = $1 ORDER BY version', [
      id,
    ]);
    return rows.map((r) => ({
      version: Number(r.version),
      definition: JSON.parse(String(r.definition)),
      createdAt: String(r.created_at),
      createdBy: String(r.created_by),
    }));
  }
  /** Stores a policy: a new one at version 1, a changed one as the next version, an identical one unchanged. */
  async save(s, p, at, by) {
    const json = definitionJson(p);
    const existing = await this.find(s, p.id);
    if (existing && definitionJson(existing) === json)
      return { version: existing.version, change: 'unchanged' };
    const version = existing ? existing.version + 1 : 1;
    const domain = p.scope.kind === 'domain' ? p.scope.domain : null;
    if (existing) {
      await s.execute(
        'UPDATE mw_policies SET scope = $1, domain = $2, version = $3, definition = $4, updated_at = $5, updated_by = $6 WHERE id = $7',
        [p.scope.kind, domain, version, json, at, by, p.id],
      );
    } else {
      await s.execute(
        `INSERT INTO mw_policies (id, scope, domain, version, definition, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [p.id, p.scope.kind, domain, version, json, at, by],
      );
    }
    await s.execute(
      `INSERT INTO mw_policy_versions (policy_id, version, definition, created_at, created_by) VALUES ($1, $2, $3, $4, $5)`,
      [p.id, version, json, at, by],
    );
    return { version, change: existing ? 'updated' : 'created' };
  }
  /** Replaces a product's stored results with new ones. */
  async saveResults(s, productId, productVersion, event, results, at) {
    for (const r of results) {
      await s.execute(
        `INSERT INTO mw_policy_results (product_id, policy_id, policy_version, product_version, event, severity, passed,
           violations, evaluated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (product_id, policy_id) DO UPDATE SET policy_version = excluded.policy_version,
           product_version = excluded.product_version, event = excluded.event, severity = excluded.severity,
           passed = excluded.passed, violations = excluded.violations, evaluated_at = excluded.evaluated_at`,
        [
          productId,
          r.policyId,
          r.policyVersion,
          productVersion,
          event,
          r.severity,
          r.passed,
          JSON.stringify(r.violations),
          at,
        ],
      );
    }
  }
  /** Reads stored results, optionally of one product. */
  async results(s, productId) {
    const rows =
      productId === void 0
        ? await s.query('SELECT * FROM mw_policy_results ORDER BY product_id, policy_id')
        : await s.query('SELECT * FROM mw_policy_results WHERE product_id = $1 ORDER BY policy_id', [
            productId,
          ]);
    return rows.map((r) => ({
      productId: String(r.product_id),
      productVersion: String(r.product_version),
      policyId: String(r.policy_id),
      policyVersion: Number(r.policy_version),
      event: String(r.event),
      severity: String(r.severity),
      passed: r.passed === true,
      violations: JSON.parse(String(r.violations)),
      evaluatedAt: String(r.evaluated_at),
    }));
  }
};

// dist/governance/principal-store.js
function toPrincipal(r) {
  return {
    id: String(r.id),
    kind: String(r.kind),
    ...(r.display_name === null || r.display_name === void 0 ? {} : { displayName: String(r.display_name) }),
    roles: parseRoles(JSON.parse(String(r.roles))),
    createdAt: String(r.created_at),
    createdBy: String(r.created_by),
  };
}
function roleTexts(roles) {
  return JSON.stringify(roles.map((r) => (r.kind === 'domain_owner' ? `owner:${r.domain}` : r.kind)));
}
var PrincipalStore = class {
  /** Adds a principal. */
  async insert(s, p) {
    await s.execute(
      `INSERT INTO mw_principals (id, kind, display_name, roles, created_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [p.id, p.kind, p.displayName ?? null, roleTexts(p.roles), p.createdAt, p.createdBy],
    );
  }
  /** Replaces a principal's roles; returns whether it exists. */
  async setRoles(s, id, roles) {
    return (await s.execute('UPDATE mw_principals SET roles = $1 WHERE id = $2', [roleTexts(roles), id])) > 0;
  }
  /** Finds a principal, or undefined. */
  async find(s, id) {
    const rows = await s.query('SELECT * FROM mw_principals WHERE id = $1', [id]);
    return rows[0] ? toPrincipal(rows[0]) : void 0;
  }
  /** Lists every principal by id. */
  async list(s) {
    return (await s.query('SELECT * FROM mw_principals ORDER BY id')).map(toPrincipal);
  }
};

// dist/governance/token-store.js
var text2 = (v) => (v === null || v === void 0 ? null : String(v));
function toToken(r) {
  return {
    id: String(r.id),
    principalId: String(r.principal_id),
    name: text2(r.name),
    createdAt: String(r.created_at),
    createdBy: String(r.created_by),
    expiresAt: String(r.expires_at),
    revokedAt: text2(r.revoked_at),
    revokedBy: text2(r.revoked_by),
    lastUsedAt: text2(r.last_used_at),
    salt: String(r.salt),
    hash: String(r.hash),
  };
}
function toTokenInfo(t) {
  const { salt: _salt, hash: _hash, ...info } = t;
  return info;
}
var TokenStore = class {
  /** Stores a new token's hash. */
  async insert(s, t) {
    await s.execute(
      `INSERT INTO mw_tokens (id, principal_id, name, salt, hash, created_at, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [t.id, t.principalId, t.name, t.salt, t.hash, t.createdAt, t.createdBy, t.expiresAt],
    );
  }
  /** Finds a token by id, or undefined. */
  async find(s, id) {
    const rows = await s.query('SELECT * FROM mw_tokens WHERE id = $1', [id]);
    return rows[0] ? toToken(rows[0]) : void 0;
  }
  /** Lists tokens, newest first, optionally of one principal. */
  async list(s, principalId) {
    const rows =
      principalId === void 0
        ? await s.query('SELECT * FROM mw_tokens ORDER BY created_at DESC, id')
        : await s.query('SELECT * FROM mw_tokens WHERE principal_id = $1 ORDER BY created_at DESC, id', [
            principalId,
          ]);
    return rows.map((r) => toTokenInfo(toToken(r)));
  }
  /** Marks a token revoked; returns whether it was active before. */
  async revoke(s, id, at, by) {
    const n = await s.execute(
      'UPDATE mw_tokens SET revoked_at = $1, revoked_by = $2 WHERE id = $3 AND revoked_at IS NULL',
      [at, by, id],
    );
    return n > 0;
  }
  /** Records when a token was last used. */
  async touch(s, id, at) {
    await s.execute('UPDATE mw_tokens SET last_used_at = $1 WHERE id = $2', [at, id]);
  }
};

// dist/governance/governed-context.js
var governanceStores = {
  principals: new PrincipalStore(),
  tokens: new TokenStore(),
  policies: new PolicyStore(),
  access: new AccessStore(),
  notifications: new NotificationStore(),
};
function audit(g, s, action, target, outcome, details = {}) {
  return g.audit.append(s, {
    at: g.now().toISOString(),
    actor: g.actor,
    principal: g.principal.id,
    action,
    target,
    outcome,
    details,
  });
}
async function governed(g, action, target, fn) {
  try {
    return await g.engine.transaction(fn);
  } catch (error) {
    const code = error.code;
    if (code === 'unauthorized' || code === 'policy_denied') {
      await audit(g, g.engine, action, target, 'denied', { message: error.message });
    }
    throw error;
  }
}

// dist/governance/access-listing.js
function visibility(g, options) {
  const p = g.principal;
  const base = {
    ...(options.product === void 0 ? {} : { productId: options.product }),
    ...(options.principal === void 0 ? {} : { principalId: options.principal }),
    ...(options.status === void 0 ? {} : { status: options.status }),
  };
  if (isPlatformAdmin(p)) return base;
  const owned = ownedDomains(p);
  if (owned.length > 0 && options.principal !== p.id) return { ...base, domains: owned };
  return { ...base, principalId: p.id };
}
function listRequests(g, options = {}) {
  return governanceStores.access.listRequests(g.engine, visibility(g, options));
}
async function listGrants(g, options = {}) {
  const at = g.now().toISOString();
  const grants = await governanceStores.access.listGrants(g.engine, visibility(g, options));
  return options.all ? grants : grants.filter((gr) => isGrantActive(gr, at));
}

// dist/core/access-spec.js
var DEFAULT_PORT = 'default';

// dist/governance/authorization.js
function describeRoles(principal) {
  return principal.roles.length === 0 ? 'no role' : principal.roles.map(formatRole).join(', ');
}
function unauthorized(principal, action, need) {
  return new MeshError(
    'unauthorized',
    `${principal.id} (${describeRoles(principal)}) may not ${action}; ${need}`,
    { details: { principal: principal.id, action } },
  );
}
function assertCanManageDomain(principal, domain, action) {
  if (canManageDomain(principal, domain)) return;
  throw unauthorized(
    principal,
    action,
    `only a platform admin or an owner of domain ${domain} may (ask an admin for the role owner:${domain})`,
  );
}
function assertPlatformAdmin(principal, action) {
  if (isPlatformAdmin(principal)) return;
  throw unauthorized(principal, action, 'only a platform admin may');
}

// dist/governance/masking.js
import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
var REDACTED = '***';
var HASH_PREFIX_LENGTH = 16;
var MASKING_SECRET_BYTES = 32;
var MaskingKey = class {
  #secret;
  /** @throws Error (a bug) unless the secret is {@link MASKING_SECRET_BYTES} bytes. */
  constructor(secret) {
    if (secret.length !== MASKING_SECRET_BYTES) {
      throw new Error(`a masking secret has ${MASKING_SECRET_BYTES} bytes, got ${secret.length}`);
    }
    this.#secret = Uint8Array.from(secret);
  }
  /** The hex HMAC-SHA256 prefix ({@link HASH_PREFIX_LENGTH} digits) of a text's UTF-8 bytes. */
  hash(text3) {
    return createHmac('sha256', this.#secret)
      .update(text3, 'utf8')
      .digest('hex')
      .slice(0, HASH_PREFIX_LENGTH);
  }
  /** A copy of the secret's bytes, for an engine that computes the same HMAC in SQL (never to print or store). */
  secretBytes() {
    return Uint8Array.from(this.#secret);
  }
  toJSON() {
    return '[masking key]';
  }
  [inspect.custom]() {
    return '[masking key]';
  }
};
var NO_MASKING = /* @__PURE__ */ new Map();
function maskingPlanFor(schema) {
  return new Map(schema.fields.filter((f) => f.pii === true).map((f) => [f.name, f.masking ?? 'redact']));
}
function planHashes(plan) {
  for (const strategy of plan.values()) if (strategy === 'hash') return true;
  return false;
}
function maskValue(value, strategy, key) {
  if (value === null) return null;
  if (strategy === 'redact') return REDACTED;
  if (key === void 0) throw new Error('hash masking needs the store\u2019s masking key');
  return key.hash(String(value));
}
function maskRows(rows, plan, key) {
  if (plan.size === 0) return rows;
  for (const row of rows) {
    for (const [name, strategy] of plan) {
      if (Object.hasOwn(row, name)) row[name] = maskValue(row[name], strategy, key);
    }
  }
  return rows;
}
function assertNoMaskedFields(productId, plan, use) {
  if (plan.size === 0) return;
  const used = [
    ...(use.filter ? filterFields(use.filter).map((f) => ({ f, how: 'filter' })) : []),
    ...(use.orderBy ?? []).map((f) => ({ f, how: 'order by' })),
    ...(use.other ?? []).map((f) => ({ f, how: 'aggregate or group by' })),
  ].filter((u) => plan.has(u.f));
  if (used.length === 0) return;
  const names = [...new Set(used.map((u) => u.f))];
  const hows = [...new Set(used.map((u) => u.how))];
  throw new MeshError(
    'policy_denied',
    `cannot ${hows.join(' or ')} on ${names.join(', ')} of ${productId}: ${names.length === 1 ? 'it is' : 'they are'} PII masked for you, so using ${names.length === 1 ? 'it' : 'them'} would reveal values; request access with PII (meshwork access request ${productId} --pii) to use ${names.length === 1 ? 'it' : 'them'}`,
    { details: { productId, maskedFields: names } },
  );
}

// dist/governance/policy-expression.js
import { Environment, serialize } from '@marcbachmann/cel-js';
var POLICY_VARIABLES = ['product', 'contract', 'request', 'quality', 'grants'];
var strict = new Environment({ homogeneousAggregateLiterals: false });
for (const name of POLICY_VARIABLES) strict.registerVariable(name, 'map');
var loose = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false });
var subCache = /* @__PURE__ */ new Map();
function celErrorMessage(error) {
  const text3 = error instanceof Error ? error.message : String(error);
  return text3.split('\n')[0]?.trim() ?? text3;
}
function findExpressionProblem(source) {
  if (source.trim() === '') return 'the expression is empty';
  const checked = strict.check(source);
  if (!checked.valid) return celErrorMessage(checked.error);
  if (checked.type !== 'bool' && checked.type !== 'dyn')
    return `the expression gives ${checked.type}, not bool`;
  return void 0;
}
function compileExpression(source) {
  const problem = findExpressionProblem(source);
  if (problem !== void 0) {
    throw new MeshError('invalid_input', `policy expression "${source}" is invalid: ${problem}`);
  }
  const parsed = strict.parse(source);
  return { source, ast: parsed.ast, evaluate: (input) => parsed(input) };
}
function evaluateNode(node, input) {
  const source = serialize(node);
  let parsed = subCache.get(source);
  if (parsed === void 0) {
    parsed = loose.parse(source);
    if (subCache.size > 2e3) subCache.clear();
    subCache.set(source, parsed);
  }
  return parsed(input);
}
function nodeSource(node) {
  return serialize(node);
}

// dist/governance/explain-expression.js
var MAX_ELEMENTS = 100;
var MACROS = /* @__PURE__ */ new Set(['all', 'exists', 'exists_one']);
var DOCUMENT_ROOTS = /* @__PURE__ */ new Set(['product', 'contract']);
function toTraceValue(v) {
  if (v === null || v === void 0) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return `list(${v.length})`;
  if (typeof v === 'object') return `map(${Object.keys(v).length} keys)`;
  return String(v);
}
function run(node, scope) {
  try {
    return { value: evaluateNode(node, scope.vars) };
  } catch (error) {
    return { error: celErrorMessage(error) };
  }
}
function kids(node) {
  switch (node.op) {
    case 'value':
    case 'id':
      return [];
    case '.':
    case '.?':
      return [node.args[0]];
    case 'call':
      return [...node.args[1]];
    case 'rcall':
      return [node.args[1], ...node.args[2]];
    case 'list':
      return [...node.args];
    case 'map':
      return node.args.flat();
    case '!_':
    case '-_':
      return [node.args];
    default:
      return [...node.args];
  }
}
function chain(node) {
  if (node.op === 'id') return { root: node.args, parts: [] };
  if (node.op === '.' || node.op === '.?') {
    const c = chain(node.args[0]);
    return c && { root: c.root, parts: [...c.parts, node.args[1]] };
  }
  if (node.op === '[]') {
    const c = chain(node.args[0]);
    const index = node.args[1];
    if (!c || index.op !== 'value') return void 0;
    const v = index.args;
    if (typeof v === 'bigint' || typeof v === 'number')
      return { root: c.root, parts: [...c.parts, Number(v)] };
    if (typeof v === 'string') return { root: c.root, parts: [...c.parts, v] };
  }
  return void 0;
}
function joinPath(base, parts) {
  let out = base;
  for (const p of parts) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}
function isResolvable(root, scope) {
  return root in scope.paths || POLICY_VARIABLES.includes(root);
}
function pathOfChain(c, scope) {
  const base = scope.paths[c.root] ?? (DOCUMENT_ROOTS.has(c.root) ? '' : c.root);
  return joinPath(base, c.parts);
}
function reads(node, scope, out) {
  const c = chain(node);
  if (c && isResolvable(c.root, scope)) {
    const r = run(node, scope);
    out.set(pathOfChain(c, scope), r.error === void 0 ? toTraceValue(r.value) : null);
    return;
  }
  for (const k of kids(node)) reads(k, scope, out);
}
function elementName(value) {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const name = value.name;
    if (typeof name === 'string') return name;
  }
  return void 0;
}
function visit(node, scope, want, collect, out) {
  const r = run(node, scope);
  const expression = nodeSource(node);
  const failed = r.error !== void 0 || r.value !== want;
  const needs = collect && failed;
  const base = {
    expression,
    ...(r.error === void 0 ? { value: toTraceValue(r.value) } : { error: r.error }),
  };
  const offend = (path, extra = {}) => {
    out.push({
      path,
      expression,
      wanted: want,
      ...(scope.element === void 0 ? {} : { element: scope.element }),
      ...(r.error === void 0 ? {} : { error: r.error }),
      ...extra,
    });
  };
  switch (node.op) {
    case '&&':
    case '||':
      return { ...base, children: node.args.map((c) => visit(c, scope, want, needs, out)) };
    case '!_':
      return { ...base, children: [visit(node.args, scope, !want, needs, out)] };
    case '?:': {
      const cond = run(node.args[0], scope);
      if (cond.error !== void 0) {
        const condTrace = visit(node.args[0], scope, true, needs, out);
        return { ...base, children: [condTrace] };
      }
      const branch = cond.value === true ? node.args[1] : node.args[2];
      return {
        ...base,
        children: [
          visit(node.args[0], scope, cond.value === true, false, out),
          visit(branch, scope, want, needs, out),
        ],
      };
    }
    case 'rcall': {
      const [name, receiver, args] = node.args;
      const variable = args[0];
      const body = args[1];
      if (MACROS.has(name) && args.length === 2 && variable?.op === 'id' && body !== void 0) {
        return visitMacro(name, receiver, variable.args, body, scope, want, needs, out, base, offend);
      }
      break;
    }
    default:
      break;
  }
  const found = /* @__PURE__ */ new Map();
  reads(node, scope, found);
  if (needs) {
    if (found.size === 0) offend(scope.element === void 0 ? '' : (Object.values(scope.paths).at(-1) ?? ''));
    for (const path of found.keys()) offend(path);
  }
  return { ...base, ...(found.size > 0 ? { reads: Object.fromEntries(found) } : {}), children: [] };
}
function visitMacro(name, receiver, variable, body, scope, want, needs, out, base, offend) {
  const receiverTrace = visit(receiver, scope, true, false, []);
  const c = chain(receiver);
  const receiverPath = c && isResolvable(c.root, scope) ? pathOfChain(c, scope) : nodeSource(receiver);
  const list = run(receiver, scope).value;
  if (!needs || !Array.isArray(list)) {
    if (needs) offend(receiverPath);
    return { ...base, children: [receiverTrace] };
  }
  if (name !== 'all' || !want) {
    offend(receiverPath);
    return { ...base, children: [receiverTrace] };
  }
  const children = [receiverTrace];
  let reported = 0;
  list.forEach((element, index) => {
    if (reported >= MAX_ELEMENTS) return;
    const path = `${receiverPath}[${index}]`;
    const label = elementName(element);
    const inner = {
      vars: { ...scope.vars, [variable]: element },
      paths: { ...scope.paths, [variable]: path },
      ...(label === void 0 ? {} : { element: label }),
    };
    const r = run(body, inner);
    if (r.error === void 0 && r.value === true) return;
    reported += 1;
    const trace = visit(body, inner, true, true, out);
    children.push({ ...trace, element: { path, ...(label === void 0 ? {} : { name: label }) } });
  });
  return { ...base, children };
}
function explainExpression(compiled3, input) {
  const scope = { vars: input, paths: {} };
  const offenders = [];
  let value;
  let error;
  try {
    const v = compiled3.evaluate(input);
    if (typeof v === 'boolean') value = v;
    else error = `the expression gave ${toTraceValue(v)}, not true or false`;
  } catch (e) {
    error = celErrorMessage(e);
  }
  const trace = visit(compiled3.ast, scope, true, value !== true, offenders);
  return {
    value,
    ...(error === void 0 ? {} : { error }),
    trace,
    offenders:
      value === true
        ? []
        : offenders.length > 0
          ? offenders
          : [
              {
                path: '',
                expression: compiled3.source,
                wanted: true,
                ...(error === void 0 ? {} : { error }),
              },
            ],
  };
}

// dist/governance/policy-input.js
import semver from 'semver';
var NO_QUALITY_RUNS = { runs: 0, lastVerdict: '', lastRunAt: '', lastLevel: '' };
var NO_GRANTS = { active: 0, consumers: [] };
function majorOf(version) {
  return semver.valid(version) === null ? 0 : semver.major(version);
}
function toPolicyInput(subject) {
  const p = JSON.parse(JSON.stringify(subject.product));
  const fields = p.schema.fields.map((f) => ({
    ...f,
    description: f.description ?? '',
    pii: f.pii ?? false,
    classification: f.classification ?? '',
    masking: f.masking ?? (f.pii ? 'redact' : ''),
  }));
  const rules = p.schema.rules.map((r2) => ({ ...r2, description: r2.description ?? '' }));
  const schema = { ...p.schema, fields, rules };
  const major = BigInt(majorOf(p.version));
  const access = {
    autoApprove: {
      nonPii: p.access?.autoApprove?.nonPii ?? false,
      purposes: p.access?.autoApprove?.purposes ?? [],
    },
    migrationWindowDays: BigInt(p.access?.migrationWindowDays ?? 30),
  };
  const product = {
    ...p,
    status: subject.product.status ?? 'draft',
    major,
    schema,
    qualityLevels: p.qualityLevels ?? {},
    access,
    analytics: p.analytics ?? {},
  };
  const contract = { version: p.version, major, schema, sla: p.sla, qualityLevels: product.qualityLevels };
  const q = subject.quality ?? NO_QUALITY_RUNS;
  const g = subject.grants ?? NO_GRANTS;
  const r = subject.request ?? { operation: subject.event };
  const principal = r.principal;
  const request = {
    event: subject.event,
    operation: r.operation,
    principal: principal
      ? { id: principal.id, kind: principal.kind, roles: principal.roles.map(formatRole) }
      : { id: '', kind: '', roles: [] },
    purpose: r.purpose ?? '',
    port: r.port ?? DEFAULT_PORT,
    pii: r.pii ?? false,
    from: r.from ?? '',
    to: r.to ?? '',
    sunset: r.sunset ?? '',
    reason: r.reason ?? '',
  };
  return {
    product,
    contract,
    request,
    quality: { ...q, runs: BigInt(q.runs) },
    grants: { active: BigInt(g.active), consumers: [...g.consumers] },
  };
}

// dist/governance/evaluate-policies.js
var compiled = /* @__PURE__ */ new Map();
function compile2(expression) {
  let c = compiled.get(expression);
  if (c === void 0) {
    c = compileExpression(expression);
    if (compiled.size > 500) compiled.clear();
    compiled.set(expression, c);
  }
  return c;
}
function describeOffender(policy, o) {
  if (o.error !== void 0) return `${policy.description} (could not evaluate ${o.expression}: ${o.error})`;
  return `${policy.description} (${o.expression} is ${o.wanted ? 'false' : 'true'})`;
}
function toViolations(policy, explanation) {
  const seen = /* @__PURE__ */ new Set();
  const out = [];
  for (const o of explanation.offenders) {
    const key = `${o.path}\0${o.expression}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      policyId: policy.id,
      policyVersion: policy.version,
      severity: policy.severity,
      path: o.path,
      expression: o.expression,
      ...(o.element === void 0 ? {} : { element: o.element }),
      message: describeOffender(policy, o),
    });
  }
  return out;
}
function resultOf(policy, explanation) {
  const passed = explanation.value === true;
  return {
    policyId: policy.id,
    policyVersion: policy.version,
    description: policy.description,
    severity: policy.severity,
    scope: policy.scope,
    passed,
    violations: passed ? [] : toViolations(policy, explanation),
    ...(explanation.error === void 0 ? {} : { error: explanation.error }),
  };
}
function evaluateOne(policy, input) {
  let c;
  try {
    c = compile2(policy.expression);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      policyId: policy.id,
      policyVersion: policy.version,
      description: policy.description,
      severity: policy.severity,
      scope: policy.scope,
      passed: false,
      error: message,
      violations: [
        {
          policyId: policy.id,
          policyVersion: policy.version,
          severity: policy.severity,
          path: '',
          expression: policy.expression,
          message,
        },
      ],
    };
  }
  try {
    if (c.evaluate(input) === true) {
      return {
        policyId: policy.id,
        policyVersion: policy.version,
        description: policy.description,
        severity: policy.severity,
        scope: policy.scope,
        passed: true,
        violations: [],
      };
    }
  } catch {}
  return resultOf(policy, explainExpression(c, input));
}
function evaluatePolicySet(policies, event, subject) {
  const input = toPolicyInput({ ...subject, event });
  const results = policies
    .filter((p) => p.events.includes(event) && policyAppliesTo(p, subject.product.domain))
    .map((p) => evaluateOne(p, input));
  const failed = results.filter((r) => !r.passed);
  const blocking = failed.filter((r) => r.severity === 'blocking').flatMap((r) => r.violations);
  const warnings = failed.filter((r) => r.severity === 'warning').flatMap((r) => r.violations);
  return { event, productId: subject.product.id, results, blocking, warnings, passed: blocking.length === 0 };
}
function explainPolicy(policy, subject) {
  const explanation = explainExpression(compile2(policy.expression), toPolicyInput(subject));
  return { result: resultOf(policy, explanation), trace: explanation.trace };
}

// dist/governance/policy-facts.js
async function qualityFacts(s, productId) {
  const rows = await s.query(
    `SELECT (SELECT COUNT(*) FROM mw_quality_runs WHERE product_id = $1) AS runs, verdict, checked_at, derived_level
     FROM mw_quality_runs WHERE product_id = $1 ORDER BY run_id DESC LIMIT 1`,
    [productId],
  );
  const r = rows[0];
  if (!r) return NO_QUALITY_RUNS;
  return {
    runs: Number(r.runs),
    lastVerdict: String(r.verdict),
    lastRunAt: String(r.checked_at),
    lastLevel: String(r.derived_level),
  };
}
async function grantFacts(s, productId, at) {
  const grants = await governanceStores.access.activeGrants(s, productId, at);
  return { active: grants.length, consumers: [...new Set(grants.map((g) => g.principalId))] };
}
async function subjectFor(s, product, event, at, request) {
  return {
    product,
    event,
    quality: await qualityFacts(s, product.id),
    grants: await grantFacts(s, product.id, at),
    ...(request === void 0 ? {} : { request }),
  };
}
async function evaluateStoredPolicies(s, product, event, at, request) {
  const policies = (await governanceStores.policies.list(s, { domain: product.domain })).filter((p) =>
    p.events.includes(event),
  );
  if (policies.length === 0) {
    return { event, productId: product.id, results: [], blocking: [], warnings: [], passed: true };
  }
  return evaluatePolicySet(policies, event, await subjectFor(s, product, event, at, request));
}

// dist/governance/access-service.js
var AUTO_APPROVER = 'system:auto-approval';
async function productOf(s, g, id) {
  const record = await g.registry.find(s, id);
  if (!record) throw new MeshError('not_found', `product ${id} is not in the catalog`);
  return record.descriptor;
}
function toExpiry(g, text3, what) {
  if (text3 === void 0) return null;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text3) ? `${text3}T00:00:00.000Z` : text3);
  if (Number.isNaN(ms))
    throw new MeshError('invalid_input', `${what} must be a date (YYYY-MM-DD) or an ISO time, got ${text3}`);
  const iso = new Date(ms).toISOString();
  if (iso <= g.now().toISOString())
    throw new MeshError('invalid_input', `${what} ${text3} is already past; choose a later date`);
  return iso;
}
function autoApproves(d, purpose, pii) {
  const auto = d.access?.autoApprove;
  if (!auto) return false;
  if (auto.purposes.includes(purpose)) return true;
  return auto.nonPii && (!pii || maskingPlanFor(d.schema).size === 0);
}
async function grantFor(g, tx, request, d, by, comment, expiresAt) {
  const at = g.now().toISOString();
  const grant = await governanceStores.access.insertGrant(tx, {
    requestId: request.id,
    productId: request.productId,
    port: request.port,
    principalId: request.principalId,
    purpose: request.purpose,
    pii: request.pii,
    majorVersion: majorOf(d.version),
    grantedBy: by,
    grantedAt: at,
    expiresAt,
  });
  await governanceStores.access.decide(tx, request.id, {
    status: 'approved',
    by,
    at,
    comment,
    grantId: grant.id,
  });
  await governanceStores.notifications.add(tx, {
    recipient: request.principalId,
    kind: 'access_approved',
    productId: request.productId,
    message: `your access to ${request.productId} (${request.port}) was approved by ${by}${comment ? `: ${comment}` : ''}`,
    details: { requestId: request.id, grantId: grant.id, pii: grant.pii, expiresAt },
    createdAt: at,
  });
  return grant;
}
function requestAccess(g, input) {
  return governed(g, 'access.request', input.product, async (tx) => {
    const p = g.principal;
    if (p.roles.length === 0)
      throw unauthorized(p, 'request access', 'a principal needs a role (consumer at least)');
    const purpose = input.purpose?.trim() ?? '';
    if (purpose === '')
      throw new MeshError('invalid_input', 'an access request needs a purpose: say why you need the data');
    const port = input.port ?? DEFAULT_PORT;
    const d = await productOf(tx, g, input.product);
    if (port !== DEFAULT_PORT) {
      throw new MeshError(
        'not_found',
        `${d.id} has no output port ${port}; its only port is ${DEFAULT_PORT}`,
      );
    }
    if (canManageDomain(p, d.domain)) {
      throw new MeshError(
        'conflict',
        `${p.id} already reads ${d.id} as ${isPlatformAdmin(p) ? 'a platform admin' : `an owner of ${d.domain}`}`,
      );
    }
    if (d.status !== 'published' && d.status !== 'deprecated') {
      throw new MeshError('conflict', `${d.id} is ${d.status}; access can be requested once it is published`);
    }
    const expiresAt = toExpiry(g, input.expiresAt, 'expiresAt');
    const at = g.now().toISOString();
    const pending = await governanceStores.access.listRequests(tx, {
      productId: d.id,
      principalId: p.id,
      status: 'pending',
    });
    if (pending[0])
      throw new MeshError(
        'conflict',
        `request #${pending[0].id} for ${d.id} is already waiting for its owner`,
      );
    const current = majorOf(d.version);
    const grants = (
      await governanceStores.access.listGrants(tx, { productId: d.id, principalId: p.id })
    ).filter((gr) => isGrantActive(gr, at) && gr.majorVersion >= current && (gr.pii || !input.pii));
    if (grants[0]) throw new MeshError('conflict', `${p.id} already holds grant #${grants[0].id} on ${d.id}`);
    const pii = input.pii ?? false;
    const evaluation = await evaluateStoredPolicies(tx, d, 'access', at, {
      operation: 'request',
      principal: p,
      purpose,
      port,
      pii,
    });
    if (!evaluation.passed) throw new PolicyViolationError('access request', d.id, evaluation.blocking);
    const request = await governanceStores.access.insertRequest(tx, {
      productId: d.id,
      port,
      principalId: p.id,
      purpose,
      pii,
      expiresAt,
      createdAt: at,
    });
    await audit(g, tx, 'access.request', d.id, 'ok', { requestId: request.id, purpose, pii, expiresAt });
    if (autoApproves(d, purpose, pii)) {
      const grant = await grantFor(
        g,
        tx,
        request,
        d,
        AUTO_APPROVER,
        'auto-approved by the product contract',
        expiresAt,
      );
      await audit(g, tx, 'access.approve', d.id, 'ok', {
        requestId: request.id,
        grantId: grant.id,
        by: AUTO_APPROVER,
      });
      return await governanceStores.access.findRequest(tx, request.id);
    }
    await notifyOwners(tx, d, request);
    return request;
  });
}
async function notifyOwners(tx, d, r) {
  const owners = (await governanceStores.principals.list(tx)).filter((p) =>
    ownedDomains(p).includes(d.domain),
  );
  for (const owner of owners) {
    await governanceStores.notifications.add(tx, {
      recipient: owner.id,
      kind: 'access_requested',
      productId: d.id,
      message: `${r.principalId} asks to read ${d.id}${r.pii ? ' with PII' : ''} for: ${r.purpose} (meshwork access approve ${r.id})`,
      details: { requestId: r.id },
      createdAt: r.createdAt,
    });
  }
}
async function pendingRequest(tx, id) {
  const r = await governanceStores.access.findRequest(tx, id);
  if (!r)
    throw new MeshError(
      'not_found',
      `there is no access request #${id}; list them with meshwork access list`,
    );
  if (r.status !== 'pending') {
    throw new MeshError(
      'conflict',
      `access request #${id} was already ${r.status} by ${r.decidedBy ?? ''} at ${r.decidedAt ?? ''}`,
    );
  }
  return r;
}
function approveRequest(g, requestId, options = {}) {
  return governed(g, 'access.approve', `request:${requestId}`, async (tx) => {
    const r = await pendingRequest(tx, requestId);
    const d = await productOf(tx, g, r.productId);
    assertCanManageDomain(g.principal, d.domain, `approve access to ${d.id}`);
    const expiresAt =
      options.expiresAt === void 0 ? r.expiresAt : toExpiry(g, options.expiresAt, 'expiresAt');
    const grant = await grantFor(g, tx, r, d, g.principal.id, options.comment ?? null, expiresAt);
    await audit(g, tx, 'access.approve', d.id, 'ok', {
      requestId,
      grantId: grant.id,
      comment: options.comment ?? null,
    });
    return grant;
  });
}
function rejectRequest(g, requestId, comment) {
  return governed(g, 'access.reject', `request:${requestId}`, async (tx) => {
    const r = await pendingRequest(tx, requestId);
    const d = await productOf(tx, g, r.productId);
    assertCanManageDomain(g.principal, d.domain, `reject access to ${d.id}`);
    if (comment.trim() === '')
      throw new MeshError('invalid_input', 'a rejection needs a comment telling the consumer why');
    const at = g.now().toISOString();
    await governanceStores.access.decide(tx, requestId, {
      status: 'rejected',
      by: g.principal.id,
      at,
      comment,
      grantId: null,
    });
    await governanceStores.notifications.add(tx, {
      recipient: r.principalId,
      kind: 'access_rejected',
      productId: r.productId,
      message: `your access request #${requestId} to ${r.productId} was rejected by ${g.principal.id}: ${comment}`,
      details: { requestId },
      createdAt: at,
    });
    await audit(g, tx, 'access.reject', d.id, 'ok', { requestId, comment });
    return await governanceStores.access.findRequest(tx, requestId);
  });
}
function revokeGrant(g, grantId, comment) {
  return governed(g, 'grant.revoke', `grant:${grantId}`, async (tx) => {
    const grant = await governanceStores.access.findGrant(tx, grantId);
    if (!grant)
      throw new MeshError(
        'not_found',
        `there is no grant #${grantId}; list them with meshwork access list --grants`,
      );
    const d = await productOf(tx, g, grant.productId);
    if (grant.principalId !== g.principal.id)
      assertCanManageDomain(g.principal, d.domain, `revoke grants on ${d.id}`);
    const at = g.now().toISOString();
    if (!(await governanceStores.access.revokeGrant(tx, grantId, at, g.principal.id, comment ?? null))) {
      throw new MeshError('conflict', `grant #${grantId} was already revoked at ${grant.revokedAt ?? ''}`);
    }
    if (grant.principalId !== g.principal.id) {
      await governanceStores.notifications.add(tx, {
        recipient: grant.principalId,
        kind: 'grant_revoked',
        productId: grant.productId,
        message: `your grant #${grantId} on ${grant.productId} was revoked by ${g.principal.id}${comment ? `: ${comment}` : ''}`,
        details: { grantId },
        createdAt: at,
      });
    }
    await audit(g, tx, 'grant.revoke', d.id, 'ok', {
      grantId,
      holder: grant.principalId,
      comment: comment ?? null,
    });
    return await governanceStores.access.findGrant(tx, grantId);
  });
}

// dist/governance/compliance.js
var round1 = (n) => Math.round(n * 10) / 10;
function compliancePolicies(policies) {
  return policies
    .filter((p) => p.events.includes('publish') || p.events.includes('schedule'))
    .map((p) => ({ ...p, events: ['schedule'] }));
}
async function evaluateCompliance(s, d, policies, at) {
  const subject = await subjectFor(s, d, 'schedule', at, { operation: 'compliance' });
  const evaluation = evaluatePolicySet(compliancePolicies(policies), 'schedule', subject);
  await governanceStores.policies.saveResults(s, d.id, d.version, 'schedule', evaluation.results, at);
  const passed = evaluation.results.filter((r) => r.passed).length;
  const total = evaluation.results.length;
  return {
    productId: d.id,
    domain: d.domain,
    version: d.version,
    status: d.status,
    compliant: evaluation.passed,
    score: total === 0 ? 100 : round1((passed / total) * 100),
    results: evaluation.results,
  };
}
async function complianceReport(g, options = {}) {
  return g.engine.transaction(async (tx) => {
    const at = g.now().toISOString();
    let records = await g.registry.list(tx, options.domain === void 0 ? {} : { domain: options.domain });
    if (options.product !== void 0) {
      records = records.filter((r) => r.descriptor.id === options.product);
      if (records.length === 0) {
        throw new MeshError(
          'not_found',
          `product ${options.product} is not in the catalog${options.domain ? ` (domain ${options.domain})` : ''}`,
        );
      }
    }
    const policies = await governanceStores.policies.list(tx);
    const products = [];
    for (const r of records) {
      const d = r.descriptor;
      products.push(
        await evaluateCompliance(
          tx,
          d,
          policies.filter((p) => policyAppliesTo(p, d.domain)),
          at,
        ),
      );
    }
    const byDomain = /* @__PURE__ */ new Map();
    for (const p of products) byDomain.set(p.domain, [...(byDomain.get(p.domain) ?? []), p]);
    const average = (list) =>
      list.length === 0 ? 100 : round1(list.reduce((a, p) => a + p.score, 0) / list.length);
    const domains = [...byDomain.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([domain, list]) => ({
        domain,
        products: list.length,
        compliant: list.filter((p) => p.compliant).length,
        score: average(list),
      }));
    const failed = products.flatMap((p) => p.results.filter((r) => !r.passed));
    await audit(g, tx, 'policy.compliance', options.product ?? options.domain ?? '*', 'ok', {
      products: products.length,
      compliant: products.filter((p) => p.compliant).length,
    });
    return {
      generatedAt: at,
      scope: { domain: options.domain ?? null, product: options.product ?? null },
      products,
      domains,
      summary: {
        products: products.length,
        compliant: products.filter((p) => p.compliant).length,
        score: average(products),
        blockingViolations: failed
          .filter((r) => r.severity === 'blocking')
          .reduce((a, r) => a + r.violations.length, 0),
        warnings: failed.filter((r) => r.severity === 'warning').reduce((a, r) => a + r.violations.length, 0),
      },
    };
  });
}

// dist/governance/api-token.js
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
var TOKEN_PREFIX = 'mwt';
function hashTokenSecret(salt, secret) {
  return createHash('sha256').update(salt).update('\0').update(secret).digest('hex');
}
function generateToken() {
  const id = randomBytes(9).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16).toString('hex');
  return { id, token: `${TOKEN_PREFIX}_${id}_${secret}`, salt, hash: hashTokenSecret(salt, secret) };
}
function splitToken(token) {
  const m = /^mwt_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/.exec(token.trim());
  return m ? { id: m[1], secret: m[2] } : void 0;
}
function tokenSecretMatches(secret, salt, hash) {
  const actual = Buffer.from(hashTokenSecret(salt, secret), 'hex');
  const expected = Buffer.from(hash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// dist/governance/identity-service.js
var DEFAULT_TOKEN_DAYS = 90;
function addPrincipal(g, input) {
  return governed(g, 'principal.add', input.id, async (tx) => {
    assertPlatformAdmin(g.principal, 'add principals');
    assertPrincipalId(input.id);
    if (input.id === LOCAL_ADMIN.id) {
      throw new MeshError(
        'already_exists',
        `${LOCAL_ADMIN.id} is built in: it is who opens an embedded store without a token`,
      );
    }
    const kind = input.kind ?? 'user';
    if (!PRINCIPAL_KINDS.includes(kind)) {
      throw new MeshError(
        'invalid_input',
        `principal kind must be ${PRINCIPAL_KINDS.join(' or ')}, got ${kind}`,
      );
    }
    if (await governanceStores.principals.find(tx, input.id)) {
      throw new MeshError('already_exists', `principal ${input.id} already exists; change its roles instead`);
    }
    const principal = {
      id: input.id,
      kind,
      ...(input.displayName ? { displayName: input.displayName } : {}),
      roles: parseRoles(input.roles),
      createdAt: g.now().toISOString(),
      createdBy: g.principal.id,
    };
    await governanceStores.principals.insert(tx, principal);
    await audit(g, tx, 'principal.add', principal.id, 'ok', { kind, roles: principal.roles.map(formatRole) });
    return principal;
  });
}
function setPrincipalRoles(g, id, roles) {
  return governed(g, 'principal.roles', id, async (tx) => {
    assertPlatformAdmin(g.principal, 'change roles');
    const parsed = parseRoles(roles);
    if (!(await governanceStores.principals.setRoles(tx, id, parsed))) {
      throw new MeshError(
        'not_found',
        `principal ${id} does not exist; add it first (meshwork principal add ${id})`,
      );
    }
    await audit(g, tx, 'principal.roles', id, 'ok', { roles: parsed.map(formatRole) });
    return await governanceStores.principals.find(tx, id);
  });
}
async function listPrincipals(g) {
  const all = await governanceStores.principals.list(g.engine);
  return isPlatformAdmin(g.principal) ? all : all.filter((p) => p.id === g.principal.id);
}
async function resolvePrincipal(engine, id) {
  if (id === LOCAL_ADMIN.id) return LOCAL_ADMIN;
  const found = await governanceStores.principals.find(engine, id);
  if (!found) {
    throw new MeshError(
      'unauthorized',
      `principal ${id} is not registered in this store; an admin adds it with meshwork principal add ${id}`,
    );
  }
  const { createdAt: _c, createdBy: _b, ...principal } = found;
  return principal;
}
function createToken(g, options = {}) {
  const owner = options.principal ?? g.principal.id;
  return governed(g, 'token.create', owner, async (tx) => {
    if (owner !== g.principal.id) assertPlatformAdmin(g.principal, `create tokens for ${owner}`);
    if (owner === LOCAL_ADMIN.id) {
      throw new MeshError(
        'invalid_input',
        `${LOCAL_ADMIN.id} needs no token; create tokens for registered principals`,
      );
    }
    if (!(await governanceStores.principals.find(tx, owner))) {
      throw new MeshError(
        'not_found',
        `principal ${owner} does not exist; add it first (meshwork principal add ${owner})`,
      );
    }
    const days = options.expiresInDays ?? DEFAULT_TOKEN_DAYS;
    if (!(days > 0) || days > 3650) {
      throw new MeshError('invalid_input', `a token lives between a moment and 3650 days, got ${days}`);
    }
    const now = g.now();
    const generated = generateToken();
    const info = {
      id: generated.id,
      principalId: owner,
      name: options.name ?? null,
      createdAt: now.toISOString(),
      createdBy: g.principal.id,
      expiresAt: new Date(now.getTime() + days * 864e5).toISOString(),
      revokedAt: null,
      revokedBy: null,
      lastUsedAt: null,
    };
    await governanceStores.tokens.insert(tx, { ...info, salt: generated.salt, hash: generated.hash });
    await audit(g, tx, 'token.create', `token:${info.id}`, 'ok', {
      principal: owner,
      expiresAt: info.expiresAt,
    });
    return { ...info, token: generated.token };
  });
}
async function listTokens(g, principal) {
  if (isPlatformAdmin(g.principal)) return governanceStores.tokens.list(g.engine, principal);
  if (principal !== void 0 && principal !== g.principal.id) {
    throw unauthorized(g.principal, `list the tokens of ${principal}`, 'only a platform admin may');
  }
  return governanceStores.tokens.list(g.engine, g.principal.id);
}
function revokeToken(g, tokenId) {
  return governed(g, 'token.revoke', `token:${tokenId}`, async (tx) => {
    const t = await governanceStores.tokens.find(tx, tokenId);
    if (!t)
      throw new MeshError('not_found', `there is no token ${tokenId}; list them with meshwork token list`);
    if (t.principalId !== g.principal.id)
      assertPlatformAdmin(g.principal, `revoke the tokens of ${t.principalId}`);
    const at = g.now().toISOString();
    if (!(await governanceStores.tokens.revoke(tx, tokenId, at, g.principal.id))) {
      throw new MeshError('conflict', `token ${tokenId} was already revoked at ${t.revokedAt ?? ''}`);
    }
    await audit(g, tx, 'token.revoke', `token:${tokenId}`, 'ok', { principal: t.principalId });
    const { salt: _s, hash: _h, ...info } = t;
    return { ...info, revokedAt: at, revokedBy: g.principal.id };
  });
}
function assertTokenNotEmpty(token, source) {
  if (token.trim() !== '') return;
  throw new MeshError(
    'unauthorized',
    `the token given with ${source} is empty${token === '' ? '' : ' (only whitespace)'}; give a Meshwork token (mwt_\u2026), or leave ${source} unset to act as the local admin of an embedded store`,
    { details: { source } },
  );
}
async function authenticateToken(engine, token, now, auditLog) {
  assertTokenNotEmpty(token, 'the token option');
  const at = now.toISOString();
  const refuse = async (target, why) => {
    if (!engine.readOnly)
      await auditLog.append(engine, {
        at,
        actor: 'anonymous',
        principal: 'anonymous',
        action: 'auth.token',
        target,
        outcome: 'denied',
        details: { message: why },
      });
    throw new MeshError('unauthorized', `the token is not accepted: ${why}`);
  };
  const parts = splitToken(token);
  if (!parts) return refuse('', 'it is not a Meshwork token (mwt_\u2026); check MESHWORK_TOKEN or --token');
  const stored = await governanceStores.tokens.find(engine, parts.id);
  if (!stored || !tokenSecretMatches(parts.secret, stored.salt, stored.hash)) {
    return refuse(`token:${parts.id}`, 'it is unknown or wrong; create a new one with meshwork token create');
  }
  if (stored.revokedAt !== null)
    return refuse(`token:${parts.id}`, `token ${parts.id} was revoked at ${stored.revokedAt}`);
  if (stored.expiresAt <= at)
    return refuse(`token:${parts.id}`, `token ${parts.id} expired at ${stored.expiresAt}`);
  const found = await governanceStores.principals.find(engine, stored.principalId);
  if (!found) return refuse(`token:${parts.id}`, `its principal ${stored.principalId} no longer exists`);
  if (!engine.readOnly) await governanceStores.tokens.touch(engine, stored.id, at);
  const { createdAt: _c, createdBy: _b, ...principal } = found;
  return principal;
}

// dist/governance/masking-secret.js
import { randomBytes as randomBytes2 } from 'node:crypto';
var MASKING_SECRET = 'masking';
async function ensureMaskingSecret(s, at) {
  await s.execute(
    'INSERT INTO mw_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING',
    [MASKING_SECRET, randomBytes2(MASKING_SECRET_BYTES).toString('hex'), at],
  );
}
async function loadMaskingKey(s, at) {
  const read = async () =>
    (await s.query('SELECT value FROM mw_secrets WHERE name = $1', [MASKING_SECRET]))[0]?.value;
  let value = await read();
  if (value === void 0) {
    await ensureMaskingSecret(s, at);
    value = await read();
  }
  if (typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(value)) {
    throw new Error('the store\u2019s masking secret (mw_secrets) is missing or not 32 bytes of hex');
  }
  return new MaskingKey(Buffer.from(value, 'hex'));
}

// dist/governance/read-access.js
var DEFAULT_MIGRATION_WINDOW_DAYS = 30;
async function majorSince(s, d) {
  const rows = await s.query('SELECT version, created_at FROM mw_product_versions WHERE product_id = $1', [
    d.id,
  ]);
  const major = majorOf(d.version);
  const times = rows
    .filter((r) => majorOf(String(r.version)) === major)
    .map((r) => String(r.created_at))
    .sort();
  return times[0] ?? d.createdAt;
}
async function migrationWindowEnd(s, d) {
  const days = d.access?.migrationWindowDays ?? DEFAULT_MIGRATION_WINDOW_DAYS;
  return new Date(Date.parse(await majorSince(s, d)) + days * 864e5).toISOString();
}
async function decideRead(g, s, d, served) {
  const p = g.principal;
  if (isPlatformAdmin(p)) return { via: 'admin', masked: NO_MASKING };
  if (canManageDomain(p, d.domain)) return { via: 'owner', masked: NO_MASKING };
  const at = g.now().toISOString();
  const mine = (await governanceStores.access.listGrants(s, { productId: d.id, principalId: p.id })).filter(
    (gr) => gr.port === DEFAULT_PORT,
  );
  const active = mine.filter((gr) => isGrantActive(gr, at));
  if (active.length === 0) {
    const last = mine[0];
    const why =
      last === void 0
        ? `${d.id} is private to domain ${d.domain} until access is granted`
        : last.revokedAt !== null
          ? `your grant #${last.id} on ${d.id} was revoked at ${last.revokedAt}`
          : `your grant #${last.id} on ${d.id} expired at ${last.expiresAt ?? ''}`;
    throw unauthorized(
      p,
      `read ${d.id}`,
      `${why}; request access: meshwork access request ${d.id} --purpose "<why you need it>"`,
    );
  }
  if (d.status !== 'published' && d.status !== 'deprecated') {
    throw unauthorized(
      p,
      `read ${d.id}`,
      `it is ${d.status}: consumers read a product only while it is published or deprecated`,
    );
  }
  const current = majorOf(d.version);
  const ranked = [...active].sort(
    (a, b) =>
      Number(b.majorVersion >= current) - Number(a.majorVersion >= current) || Number(b.pii) - Number(a.pii),
  );
  const grant = ranked[0];
  const masked = grant.pii ? NO_MASKING : maskingPlanFor((served ?? d).schema);
  const keyed = planHashes(masked) ? { maskingKey: await loadMaskingKey(s, at) } : {};
  const windowEndsAt = await migrationWindowEnd(s, d);
  const inWindow = () => ({
    via: 'grant',
    grant,
    masked,
    ...keyed,
    migration: { pinnedMajor: grant.majorVersion, currentMajor: current, windowEndsAt },
  });
  if (served !== void 0 && majorOf(served.version) < current) {
    if (at < windowEndsAt) return inWindow();
    throw unauthorized(
      p,
      `read ${d.id} version ${served.version}`,
      `major version ${majorOf(served.version)} of ${d.id} was superseded by ${current} and its migration window closed at ${windowEndsAt}; read the current version${grant.majorVersion >= current ? '' : `, after requesting access again for version ${current}`}`,
    );
  }
  if (grant.majorVersion >= current) return { via: 'grant', grant, masked, ...keyed };
  if (at < windowEndsAt) return inWindow();
  throw unauthorized(
    p,
    `read ${d.id}`,
    `your grant #${grant.id} is pinned to major version ${grant.majorVersion}, ${d.id} is at ${current} and the migration window closed at ${windowEndsAt}; request access again for version ${current}`,
  );
}

// dist/governance/migration-report.js
async function migrationReport(g, productId) {
  const record = await g.registry.find(g.engine, productId);
  if (!record) throw new MeshError('not_found', `product ${productId} is not in the catalog`);
  const d = record.descriptor;
  assertCanManageDomain(g.principal, d.domain, `see the consumers of ${d.id}`);
  const at = g.now().toISOString();
  const current = majorOf(d.version);
  const active = await governanceStores.access.activeGrants(g.engine, d.id, at);
  const toPinned = (gr) => ({
    grantId: gr.id,
    principalId: gr.principalId,
    pinnedMajor: gr.majorVersion,
    purpose: gr.purpose,
  });
  const windowEndsAt = await migrationWindowEnd(g.engine, d);
  return {
    productId: d.id,
    version: d.version,
    currentMajor: current,
    majorSince: await majorSince(g.engine, d),
    windowEndsAt,
    windowOpen: at < windowEndsAt,
    onCurrent: active.filter((gr) => gr.majorVersion >= current).map(toPinned),
    onOlder: active.filter((gr) => gr.majorVersion < current).map(toPinned),
  };
}

// dist/governance/default-policies.js
var GLOBAL = { kind: 'global' };
var DESCRIPTOR_EVENTS = ['publish', 'schedule'];
var DEFAULT_POLICIES = [
  {
    id: 'owner-and-description',
    description: 'every product names its owner and says what it holds',
    severity: 'blocking',
    scope: GLOBAL,
    events: DESCRIPTOR_EVENTS,
    expression: "product.owner != '' && product.description != ''",
  },
  {
    id: 'fields-described',
    description: 'every field has a description',
    severity: 'warning',
    scope: GLOBAL,
    events: DESCRIPTOR_EVENTS,
    expression: "product.schema.fields.all(f, f.description != '')",
  },
  {
    id: 'pii-classified',
    description: 'every PII field carries a classification',
    severity: 'blocking',
    scope: GLOBAL,
    events: DESCRIPTOR_EVENTS,
    expression: "product.schema.fields.all(f, !f.pii || f.classification != '')",
  },
  {
    id: 'published-sla-and-quality',
    description: 'a published product promises an SLA and declares quality rules or quality-level targets',
    severity: 'warning',
    scope: GLOBAL,
    events: DESCRIPTOR_EVENTS,
    expression:
      "product.status != 'published' || (size(product.sla) > 0 && (size(product.schema.rules) > 0 || size(product.qualityLevels) > 0))",
  },
  {
    id: 'gold-quality-run',
    description: 'a gold product has a passing quality run',
    severity: 'blocking',
    scope: GLOBAL,
    events: DESCRIPTOR_EVENTS,
    expression: "product.qualityLevel != 'gold' || quality.lastVerdict == 'pass'",
  },
  {
    id: 'name-convention',
    description: 'the product id is domain.name in lowercase letters, digits and underscores',
    severity: 'blocking',
    scope: GLOBAL,
    events: DESCRIPTOR_EVENTS,
    expression:
      "product.id.matches('^[a-z][a-z0-9_]*[.][a-z][a-z0-9_]*$') && product.id.startsWith(product.domain + '.')",
  },
];

// dist/governance/parse-policies.js
var POLICY_ID_PATTERN = /^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*$/;
var DOMAIN_PATTERN = /^[a-z][a-z0-9_]*$/;
var KNOWN_KEYS = /* @__PURE__ */ new Set([
  'id',
  'description',
  'severity',
  'scope',
  'domain',
  'events',
  'expression',
]);
var LOOSENING_KEYS = /* @__PURE__ */ new Set([
  'override',
  'overrides',
  'disable',
  'disables',
  'replaces',
  'enabled',
  'exempt',
]);
function readScope(r, obj, path) {
  const raw = obj.scope ?? 'global';
  const domainKey = r.string(obj, 'domain', path, false);
  if (typeof raw !== 'string') {
    r.add([...path, 'scope'], 'type', 'scope must be global, or domain:<name> (e.g. domain:sales)');
    return void 0;
  }
  const m = /^domain(?::(.*))?$/.exec(raw.trim());
  if (raw.trim() === 'global') {
    if (domainKey !== void 0)
      r.add(
        [...path, 'domain'],
        'conflict',
        'a global policy has no domain; remove domain or use scope: domain:<name>',
      );
    return { kind: 'global' };
  }
  if (m) {
    const domain = m[1] ?? domainKey;
    if (domain === void 0 || !DOMAIN_PATTERN.test(domain)) {
      r.add(
        [...path, 'scope'],
        'format',
        'a domain policy names its domain: scope: domain:<name>, e.g. domain:sales',
      );
      return void 0;
    }
    return { kind: 'domain', domain };
  }
  r.add([...path, 'scope'], 'enum', `scope "${raw}" is not known; use global or domain:<name>`);
  return void 0;
}
function readPolicy(r, raw, path) {
  const obj = r.object(raw, path, 'a policy');
  if (!obj) return void 0;
  for (const key of Object.keys(obj)) {
    if (LOOSENING_KEYS.has(key)) {
      r.add(
        [...path, key],
        'not_allowed',
        `${key} is not allowed: policies cannot switch other policies off; a domain may only add stricter policies`,
      );
    } else if (!KNOWN_KEYS.has(key)) {
      r.add([...path, key], 'unknown_key', `${key} is not a policy key; use ${[...KNOWN_KEYS].join(', ')}`);
    }
  }
  const id = r.string(obj, 'id', path, true);
  if (id !== void 0 && !POLICY_ID_PATTERN.test(id)) {
    r.add(
      [...path, 'id'],
      'format',
      `policy id "${id}" must be lowercase words joined by - _ or ., e.g. fields-described`,
    );
  }
  const description = r.string(obj, 'description', path, true);
  if (description !== void 0 && description.trim() === '')
    r.add([...path, 'description'], 'required', 'description must not be empty');
  const severity = r.string(obj, 'severity', path, false) ?? 'blocking';
  if (!POLICY_SEVERITIES.includes(severity)) {
    r.add([...path, 'severity'], 'enum', `severity must be one of ${POLICY_SEVERITIES.join(', ')}`);
  }
  const scope = readScope(r, obj, path);
  const events = r.stringList(obj.events ?? ['publish', 'schedule'], [...path, 'events'], 'events');
  for (const e of events) {
    if (!POLICY_EVENTS.includes(e)) {
      r.add([...path, 'events'], 'enum', `event "${e}" is not known; use ${POLICY_EVENTS.join(', ')}`);
    }
  }
  if (events.length === 0) r.add([...path, 'events'], 'required', 'a policy applies to at least one event');
  const expression = r.string(obj, 'expression', path, true);
  if (expression !== void 0) {
    const problem = findExpressionProblem(expression);
    if (problem !== void 0)
      r.add([...path, 'expression'], 'expression', `the CEL expression is invalid: ${problem}`);
  }
  if (id === void 0 || description === void 0 || scope === void 0 || expression === void 0) return void 0;
  return {
    id,
    description: description.trim(),
    severity,
    scope,
    events: [...new Set(events)],
    expression,
  };
}
function safeParsePolicies(input) {
  const r = new SpecReader();
  let list;
  let base;
  if (Array.isArray(input)) {
    list = input;
    base = [];
  } else if (typeof input === 'object' && input !== null && 'policies' in input) {
    list = r.list(input.policies, ['policies'], 'policies');
    base = ['policies'];
  } else {
    list = [input];
    base = [];
  }
  const out = [];
  const ids = /* @__PURE__ */ new Set();
  list.forEach((raw, i) => {
    const path = Array.isArray(input) || base.length > 0 ? [...base, i] : [];
    const p = readPolicy(r, raw, path);
    if (!p) return;
    if (ids.has(p.id)) r.add([...path, 'id'], 'duplicate', `policy ${p.id} is defined twice in the document`);
    ids.add(p.id);
    out.push(p);
  });
  if (list.length === 0) r.add(base, 'required', 'the document holds no policy');
  return r.issues.length > 0 ? { ok: false, issues: r.issues } : { ok: true, value: out };
}
function parsePolicies(input) {
  const result = safeParsePolicies(input);
  if (result.ok) return result.value;
  throw new ContractViolationError(
    `invalid policy document: ${result.issues.length} problem(s), first: ${result.issues[0]?.message ?? ''}`,
    result.issues,
  );
}

// dist/governance/policy-service.js
async function seedDefaultPolicies(s, at, auditLog) {
  const added = [];
  for (const p of DEFAULT_POLICIES) {
    if (await governanceStores.policies.find(s, p.id)) continue;
    await governanceStores.policies.save(s, p, at, 'system');
    await auditLog.append(s, {
      at,
      actor: 'system',
      principal: 'system',
      action: 'policy.apply',
      target: p.id,
      outcome: 'ok',
      details: { version: 1, scope: 'global', severity: p.severity, expression: p.expression, seeded: true },
    });
    added.push(p.id);
  }
  return added;
}
async function applyPolicies(g, document) {
  const definitions = parsePolicies(document);
  return governed(g, 'policy.apply', definitions.map((d) => d.id).join(','), async (tx) => {
    const applied = [];
    for (const def of definitions) {
      if (def.scope.kind === 'global') assertPlatformAdmin(g.principal, `apply the global policy ${def.id}`);
      else
        assertCanManageDomain(g.principal, def.scope.domain, `apply policies of domain ${def.scope.domain}`);
      const existing = await governanceStores.policies.find(tx, def.id);
      if (existing && formatPolicyScope(existing.scope) !== formatPolicyScope(def.scope)) {
        if (existing.scope.kind === 'global') {
          throw new MeshError(
            'policy_denied',
            `policy ${def.id} is global: a domain policy cannot replace, override or disable it; domains may only add stricter policies under their own ids (e.g. ${def.scope.kind === 'domain' ? def.scope.domain : 'sales'}-${def.id})`,
            { details: { policyId: def.id } },
          );
        }
        throw new MeshError(
          'conflict',
          `policy ${def.id} belongs to ${formatPolicyScope(existing.scope)}; choose another id for ${formatPolicyScope(def.scope)}`,
        );
      }
      const at = g.now().toISOString();
      const saved = await governanceStores.policies.save(tx, def, at, g.principal.id);
      applied.push({ id: def.id, scope: formatPolicyScope(def.scope), ...saved });
      if (saved.change !== 'unchanged') {
        await audit(g, tx, 'policy.apply', def.id, 'ok', {
          version: saved.version,
          change: saved.change,
          scope: formatPolicyScope(def.scope),
          severity: def.severity,
          events: def.events,
          expression: def.expression,
        });
      }
    }
    const changed = definitions.filter((d) => applied.find((a) => a.id === d.id)?.change !== 'unchanged');
    let reevaluated = 0;
    if (changed.length > 0) {
      const at = g.now().toISOString();
      const all = await governanceStores.policies.list(tx);
      for (const record of await g.registry.list(tx)) {
        const d = record.descriptor;
        if (!changed.some((p) => policyAppliesTo(p, d.domain))) continue;
        await evaluateCompliance(
          tx,
          d,
          all.filter((p) => policyAppliesTo(p, d.domain)),
          at,
        );
        reevaluated += 1;
      }
    }
    return { policies: applied, reevaluated };
  });
}
function listPolicies(g, filter = {}) {
  return governanceStores.policies.list(g.engine, filter);
}
async function findPolicy(g, id, s = g.engine) {
  const found = await governanceStores.policies.find(s, id);
  if (found) return found;
  const known = (await governanceStores.policies.list(s)).map((p) => p.id);
  throw new MeshError('not_found', `there is no policy ${id}; known policies: ${known.join(', ')}`);
}
async function policyHistory(g, id) {
  await findPolicy(g, id);
  return governanceStores.policies.versions(g.engine, id);
}
async function descriptorOf(g, productId) {
  const record = await g.registry.find(g.engine, productId);
  if (!record) throw new MeshError('not_found', `product ${productId} is not in the catalog`);
  return record.descriptor;
}
async function testPolicy(g, policyId, productId, event) {
  const policy = await findPolicy(g, policyId);
  const d = await descriptorOf(g, productId);
  const at = g.now().toISOString();
  const ev = event ?? policy.events[0] ?? 'publish';
  const subject = await subjectFor(g.engine, d, ev, at, { operation: 'test', principal: g.principal });
  const { result, trace } = explainPolicy(policy, subject);
  return { productId, event: ev, applies: policyAppliesTo(policy, d.domain), result, trace };
}
async function evaluatePolicies(g, event, context) {
  return g.engine.transaction(async (tx) => {
    const at = g.now().toISOString();
    const policies = await governanceStores.policies.list(tx, { domain: context.product.domain });
    const subject = await subjectFor(tx, context.product, event, at, {
      operation: event,
      ...context.request,
      principal: g.principal,
    });
    const evaluation = evaluatePolicySet(policies, event, subject);
    const registered = await g.registry.find(tx, context.product.id);
    if (registered) {
      await governanceStores.policies.saveResults(
        tx,
        context.product.id,
        context.product.version,
        event,
        evaluation.results,
        at,
      );
    }
    await audit(g, tx, 'policy.evaluate', context.product.id, 'ok', {
      event,
      passed: evaluation.passed,
      blocking: evaluation.blocking.length,
      warnings: evaluation.warnings.length,
    });
    return evaluation;
  });
}
async function enforcePolicies(g, event, context) {
  const evaluation = await evaluatePolicies(g, event, context);
  if (evaluation.passed) return evaluation;
  const error = new PolicyViolationError(
    context.request?.operation ?? event,
    context.product.id,
    evaluation.blocking,
  );
  await audit(g, g.engine, `policy.${event}`, context.product.id, 'denied', { message: error.message });
  throw error;
}
function storedPolicyResults(g, productId) {
  return governanceStores.policies.results(g.engine, productId);
}

// dist/governance/lifecycle-guards.js
var LIFECYCLE_GUARDS = {
  published: [
    {
      id: 'publish.name',
      description: 'has a name',
      expression: "product.name != ''",
      reason: () => 'the product has no name',
    },
    {
      id: 'publish.version',
      description: 'has a version',
      expression: "product.version != ''",
      reason: () => 'the product has no version',
    },
    {
      id: 'publish.domain',
      description: 'has a domain',
      expression: "product.domain != ''",
      reason: () => 'the product has no domain',
    },
    {
      id: 'publish.owner',
      description: 'has an owner',
      expression: "product.owner != ''",
      reason: () => 'the product has no owner; set owner in its descriptor',
    },
    {
      id: 'publish.contract',
      description: 'has a contract with at least one field',
      expression: 'size(product.schema.fields) > 0',
      reason: () => 'the product schema has no fields',
    },
    {
      id: 'publish.quality',
      description: 'its last quality run passed, or found no data to check',
      expression: "quality.runs > 0 && (quality.lastVerdict == 'pass' || quality.lastVerdict == 'no_data')",
      reason: (s) =>
        (s.quality?.runs ?? 0) === 0
          ? `the product has no quality run; check it first (meshwork quality ${s.product.id})`
          : `the last quality run (${s.quality?.lastRunAt ?? ''}) did not pass: its verdict is ${s.quality?.lastVerdict ?? ''}; fix the data and check again (meshwork quality ${s.product.id})`,
    },
  ],
  deprecated: [
    {
      id: 'deprecate.sunset',
      description: 'names a sunset date',
      expression: "request.sunset != ''",
      reason: () =>
        'deprecation needs a sunset date (YYYY-MM-DD) so that consumers know when to move off; pass sunset (--sunset)',
    },
    {
      id: 'deprecate.sunset-date',
      description: 'the sunset is a date',
      expression: "request.sunset == '' || request.sunset.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}$')",
      reason: (s) => `sunset must be a date YYYY-MM-DD, got ${s.request?.sunset ?? ''}`,
    },
  ],
  archived: [
    {
      id: 'archive.no-active-grants',
      description: 'no consumer holds an active grant',
      expression: 'grants.active == 0',
      reason: (s) =>
        `${s.grants?.active ?? 0} active grant(s) still let consumers read it (${(s.grants?.consumers ?? []).join(', ')}); revoke them first (meshwork access revoke <grant>) or let them expire`,
    },
  ],
};
var compiled2 = /* @__PURE__ */ new Map();
function checkLifecycleGuards(to, subject) {
  const input = toPolicyInput(subject);
  const failures = [];
  for (const guard of LIFECYCLE_GUARDS[to]) {
    let c = compiled2.get(guard.id);
    if (c === void 0) {
      c = compileExpression(guard.expression);
      compiled2.set(guard.id, c);
    }
    const explained = explainExpression(c, input);
    if (explained.value === true) continue;
    failures.push({
      guardId: guard.id,
      reason: guard.reason(subject),
      paths: [...new Set(explained.offenders.map((o) => o.path))],
    });
  }
  return failures;
}

// dist/governance/product-gate.js
function manageRefusal(g, domain, action) {
  try {
    assertCanManageDomain(g.principal, domain, action);
    return void 0;
  } catch (error) {
    return error;
  }
}
async function gateTransition(g, tx, d, to, request) {
  if (to === 'draft') return { reasons: [], blocking: [], warnings: [] };
  const at = g.now().toISOString();
  const policyRequest = {
    operation: to === 'published' ? 'publish' : to === 'deprecated' ? 'deprecate' : 'archive',
    principal: g.principal,
    from: d.status,
    to,
    ...(request.sunset === void 0 ? {} : { sunset: request.sunset }),
    ...(request.reason === void 0 ? {} : { reason: request.reason }),
  };
  const subject = await subjectFor(tx, d, 'publish', at, policyRequest);
  const reasons = checkLifecycleGuards(to, subject).map((f) => f.reason);
  if (to !== 'published' || reasons.length > 0) return { reasons, blocking: [], warnings: [] };
  const evaluation = await evaluateStoredPolicies(tx, { ...d, status: to }, 'publish', at, policyRequest);
  return {
    reasons,
    blocking: evaluation.blocking,
    warnings: evaluation.warnings.map((v) => `policy ${formatViolation(v)}`),
    evaluation,
  };
}
function publishRefusal(productId, blocking) {
  return new PolicyViolationError('publish', productId, blocking);
}
async function afterTransition(g, tx, next, gate, request) {
  const at = g.now().toISOString();
  if (gate.evaluation) {
    await governanceStores.policies.saveResults(
      tx,
      next.id,
      next.version,
      'publish',
      gate.evaluation.results,
      at,
    );
  }
  if (next.status === 'deprecated') {
    const grants = await governanceStores.access.activeGrants(tx, next.id, at);
    for (const recipient of new Set(grants.map((gr) => gr.principalId))) {
      await governanceStores.notifications.add(tx, {
        recipient,
        kind: 'deprecation',
        productId: next.id,
        message: `${next.id} is deprecated${request.sunset ? ` and will be retired after ${request.sunset}` : ''}${request.reason ? `: ${request.reason}` : ''}; move off it before then`,
        details: { sunset: request.sunset ?? null, reason: request.reason ?? null, version: next.version },
        createdAt: at,
      });
    }
  }
}
async function gateIngest(g, s, d) {
  const evaluation = await evaluateStoredPolicies(s, d, 'ingest', g.now().toISOString(), {
    operation: 'ingest',
    principal: g.principal,
  });
  if (!evaluation.passed) throw new PolicyViolationError('ingest', d.id, evaluation.blocking);
}
async function gateRead(g, s, d, access, operation) {
  const evaluation = await evaluateStoredPolicies(s, d, 'access', g.now().toISOString(), {
    operation,
    principal: g.principal,
    ...(access.grant ? { purpose: access.grant.purpose, port: access.grant.port } : {}),
    pii: access.masked.size === 0,
  });
  if (!evaluation.passed) throw new PolicyViolationError(operation, d.id, evaluation.blocking);
}

// dist/governance/governance.js
var Governance = class {
  #g;
  /** @internal Use `mesh.governance`. */
  constructor(g) {
    this.#g = g;
  }
  /** The principal this handle acts as. */
  get principal() {
    return this.#g.principal;
  }
  // Principals and tokens
  /** Registers a user or service account with roles (admins only). */
  addPrincipal(input) {
    return addPrincipal(this.#g, input);
  }
  /** Replaces a principal's roles (admins only). */
  setRoles(principalId, roles) {
    return setPrincipalRoles(this.#g, principalId, roles);
  }
  /** Lists principals (admins see all, others themselves). */
  listPrincipals() {
    return listPrincipals(this.#g);
  }
  /** Creates an API token; the returned `token` is the only time its secret is shown. */
  createToken(options = {}) {
    return createToken(this.#g, options);
  }
  /** Lists tokens without their secrets. */
  listTokens(principalId) {
    return listTokens(this.#g, principalId);
  }
  /** Revokes a token at once. */
  revokeToken(tokenId) {
    return revokeToken(this.#g, tokenId);
  }
  /**
   * Tells whose an API token is, as `Mesh.open({ token })` does, without opening the store again: a server uses it
   * once per request and then acts with `mesh.as(principal)`. Every refusal is audited (without the secret).
   * @throws MeshError `unauthorized` for an empty, malformed, unknown, wrong, expired or revoked token, or a removed
   * principal.
   * @example const principal = await mesh.governance.authenticate(bearer); const handle = await mesh.as(principal);
   */
  authenticate(token) {
    return authenticateToken(this.#g.engine, token, this.#g.now(), this.#g.audit);
  }
  // Policies and compliance
  /** Applies a policy document (parsed YAML): new policies or new versions, then re-evaluates affected products. */
  applyPolicies(document) {
    return applyPolicies(this.#g, document);
  }
  /** Lists policies; with a domain, the global ones and that domain's. */
  listPolicies(filter = {}) {
    return listPolicies(this.#g, filter);
  }
  /** Reads one policy. */
  policy(id) {
    return findPolicy(this.#g, id);
  }
  /** Lists every version of a policy. */
  policyHistory(id) {
    return policyHistory(this.#g, id);
  }
  /** Evaluates one policy against one product and names the offending paths. */
  async testPolicy(policyId, productId, event) {
    const { trace: _trace, ...result } = await testPolicy(this.#g, policyId, productId, event);
    return result;
  }
  /** Evaluates one policy against one product with the full evaluation trace. */
  explainPolicy(policyId, productId, event) {
    return testPolicy(this.#g, policyId, productId, event);
  }
  /**
   * The policy hook for publish pipelines: evaluates every policy that applies to a product (registered or about to
   * be) at an event and returns blocking violations and warnings, each with its offending path.
   */
  evaluatePolicies(event, context) {
    return evaluatePolicies(this.#g, event, context);
  }
  /**
   * Like {@link Governance.evaluatePolicies}, but throws when a blocking policy fails.
   * @throws PolicyViolationError listing every blocking violation.
   */
  enforcePolicies(event, context) {
    return enforcePolicies(this.#g, event, context);
  }
  /**
   * The gate for publish pipelines (e.g. `publishSpec`'s `beforePublish`): checks that the acting principal may
   * publish products of the spec's domain, then enforces the publish policies on the spec as it would be published.
   * @throws MeshError `unauthorized`; PolicyViolationError listing every blocking violation. Both are audited.
   */
  async checkPublish(spec) {
    const refusal = manageRefusal(this.#g, spec.domain, `publish ${spec.id}`);
    if (refusal) {
      await audit(this.#g, this.#g.engine, 'product.publish', spec.id, 'denied', {
        message: refusal.message,
      });
      throw refusal;
    }
    return enforcePolicies(this.#g, 'publish', {
      product: { ...spec, status: 'published' },
      request: { operation: 'publish', to: 'published' },
    });
  }
  /** Evaluates compliance for a product, a domain or the whole mesh, and stores the results. */
  compliance(options = {}) {
    return complianceReport(this.#g, options);
  }
  /** Reads stored policy results with the policy version each used. */
  policyResults(productId) {
    return storedPolicyResults(this.#g, productId);
  }
  // Access
  /** Requests access to a product's output port with a purpose. */
  requestAccess(input) {
    return requestAccess(this.#g, input);
  }
  /** Approves a pending request (admins and owners of the product's domain). */
  approve(requestId, options = {}) {
    return approveRequest(this.#g, requestId, options);
  }
  /** Rejects a pending request with a comment. */
  reject(requestId, comment) {
    return rejectRequest(this.#g, requestId, comment);
  }
  /** Lists the access requests this principal may see. */
  listRequests(options = {}) {
    return listRequests(this.#g, options);
  }
  /** Lists the grants this principal may see (active ones unless `all`). */
  listGrants(options = {}) {
    return listGrants(this.#g, options);
  }
  /** Revokes a grant. */
  revokeGrant(grantId, comment) {
    return revokeGrant(this.#g, grantId, comment);
  }
  /** Reports consumers still on an older major version of a product. */
  migrationReport(productId) {
    return migrationReport(this.#g, productId);
  }
  // Notifications and audit
  /**
   * Lists notifications for a principal (default: the acting one); only admins read others'.
   * @throws MeshError `unauthorized` for another principal's without being an admin.
   */
  async notifications(options = {}) {
    const recipient = options.for ?? this.#g.principal.id;
    if (recipient !== this.#g.principal.id)
      assertPlatformAdmin(this.#g.principal, `read the notifications of ${recipient}`);
    return governanceStores.notifications.list(this.#g.engine, recipient, options.limit);
  }
  /**
   * Reads the audit log (admins only).
   * @throws MeshError `unauthorized`.
   */
  async auditLog(query = {}) {
    assertPlatformAdmin(this.#g.principal, 'read the audit log');
    return this.#g.audit.list(this.#g.engine, query);
  }
  /**
   * Walks the audit chain and reports the first altered, moved or removed entry (admins only).
   * @throws MeshError `unauthorized`.
   */
  async verifyAudit(options = {}) {
    assertPlatformAdmin(this.#g.principal, 'verify the audit log');
    return this.#g.engine.transaction((tx) => this.#g.audit.verify(tx, options));
  }
  /**
   * The audit chain's current head (`<seq>:<hash>` as `anchor`), to keep outside the store and verify against later
   * with `verifyAudit({ expectHead })` (admins only); undefined for an empty log.
   * @throws MeshError `unauthorized` for anyone but a platform admin.
   * @example const { anchor } = (await mesh.governance.auditHead()) ?? {}; // later: verifyAudit({ expectHead: parseAuditAnchor(anchor) })
   */
  async auditHead() {
    assertPlatformAdmin(this.#g.principal, 'read the audit head');
    return this.#g.audit.head(this.#g.engine);
  }
  /**
   * Starts keying an audit chain written without a key so far, with the key this mesh was opened with: from the
   * `audit.key` entry it appends on, every entry and the head carry an HMAC (admins only). Run it once, after
   * verifying the unkeyed chain (and, best, against an anchor kept elsewhere).
   * @throws MeshError `unauthorized`; `invalid_input` without a key; `conflict` when the chain is keyed already.
   */
  async enrollAuditKey() {
    assertPlatformAdmin(this.#g.principal, 'key the audit log');
    return this.#g.audit.enrollKey(this.#g.engine, this.#g.now().toISOString(), this.#g.actor);
  }
};

// dist/catalog/lineage/impact-analysis.js
var IMPACT_RULE =
  'Every product downstream of the changed product is listed. Without a field, all of them are affected. With a field, a direct consumer whose derived SQL reads the changed product is affected when the SQL names the field or selects *, and unlikely to be affected when it does not; a direct consumer without SQL (lineage declared as upstream only) is potentially affected. A product further down inherits from the products it reads: below an affected or potentially affected product it is potentially affected (column-level lineage is not tracked), below only unlikely ones it is unlikely.';
function sqlCode(sql) {
  return sql
    .replaceAll(/\{\{[^{}]*\}\}/g, ' ')
    .replaceAll(/'(?:[^']|'')*'/g, "''")
    .replaceAll(/--[^\n]*/g, ' ')
    .replaceAll(/\/\*[\s\S]*?\*\//g, ' ');
}
function sqlReadsField(sql, field2) {
  const code = sqlCode(sql);
  const escaped = field2.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (new RegExp(`(^|[^A-Za-z0-9_])"?${escaped}"?($|[^A-Za-z0-9_])`, 'i').test(code)) return 'names';
  const withoutCounts = code.replaceAll(/\(\s*\*\s*\)/g, '()');
  if (/\bselect\s+(distinct\s+)?\*|\.\s*\*/i.test(withoutCounts)) return 'star';
  return false;
}
var RANK = { affected: 0, potentially_affected: 1, unlikely: 2 };
function inherit(level) {
  return level === 'unlikely' ? 'unlikely' : 'potentially_affected';
}
function analyzeImpact(input) {
  const root = input.product.id;
  const walk = input.graph.walk(root, 'down');
  const levels = /* @__PURE__ */ new Map();
  const field2 = input.field;
  for (const e of input.graph.outOf(root)) {
    const child = input.descriptors.get(e.to);
    if (field2 === null) {
      levels.set(e.to, { level: 'affected', reason: `reads ${root} directly` });
      continue;
    }
    const reads2 = child?.derived?.inputs.includes(root) ? sqlReadsField(child.derived.sql, field2) : void 0;
    if (reads2 === void 0) {
      levels.set(e.to, {
        level: 'potentially_affected',
        reason: `declares ${root} as upstream; no derived SQL tells which fields it reads`,
      });
    } else if (reads2 === false) {
      levels.set(e.to, {
        level: 'unlikely',
        reason: `its derived SQL reads ${root} but never names ${field2}`,
      });
    } else {
      levels.set(e.to, {
        level: 'affected',
        reason:
          reads2 === 'names'
            ? `its derived SQL names ${field2}`
            : `its derived SQL selects * from its inputs`,
      });
    }
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const id of walk.distances.keys()) {
      if (id === root) continue;
      const current = levels.get(id);
      if (current === void 0) continue;
      for (const e of input.graph.outOf(id)) {
        if (e.to === root) continue;
        const candidate = inherit(current.level);
        const known = levels.get(e.to);
        if (known === void 0 || RANK[candidate] < RANK[known.level]) {
          levels.set(e.to, {
            level: candidate,
            reason:
              field2 === null
                ? `reads ${id}, which is downstream of ${root}`
                : `reads ${id}, which is ${current.level.replace('_', ' ')}`,
          });
          changed = true;
        }
      }
    }
  }
  const paths = shortestPaths(input.graph, root);
  const products = [];
  for (const [id, { level, reason }] of levels) {
    const d = input.descriptors.get(id);
    products.push({
      productId: id,
      level: field2 === null ? 'affected' : level,
      reason,
      distance: walk.distances.get(id) ?? 0,
      path: paths.get(id) ?? [root, id],
      ...(d ? { owner: d.owner, domain: d.domain, status: d.status } : {}),
      readers: input.readers.get(id) ?? [],
    });
  }
  products.sort(
    (a, b) =>
      RANK[a.level] - RANK[b.level] ||
      a.distance - b.distance ||
      (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0),
  );
  return {
    productId: root,
    field: field2,
    rule: IMPACT_RULE,
    readers: input.readers.get(root) ?? [],
    products,
  };
}
function shortestPaths(graph, root) {
  const paths = /* @__PURE__ */ new Map([[root, [root]]]);
  let frontier = [root];
  while (frontier.length > 0) {
    const next = [];
    for (const id of frontier) {
      for (const e of graph.outOf(id)) {
        if (paths.has(e.to)) continue;
        paths.set(e.to, [...(paths.get(id) ?? [root]), e.to]);
        next.push(e.to);
      }
    }
    frontier = next;
  }
  return paths;
}

// dist/catalog/segment-store.js
function toSegment(r) {
  const base = {
    productId: String(r.product_id),
    name: String(r.name),
    where: String(r.expression),
    createdBy: String(r.created_by),
    createdAt: String(r.created_at),
  };
  return r.description === null || r.description === void 0
    ? base
    : { ...base, description: String(r.description) };
}
var SegmentStore = class {
  /** Adds a segment; returns false (and changes nothing) when the product already has a segment of that name. */
  async insert(s, segment) {
    const n = await s.execute(
      `INSERT INTO mw_segments (product_id, name, expression, description, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (product_id, name) DO NOTHING`,
      [
        segment.productId,
        segment.name,
        segment.where,
        segment.description ?? null,
        segment.createdBy,
        segment.createdAt,
      ],
    );
    return n > 0;
  }
  /** Lists a product's segments by name. */
  async list(s, productId) {
    const rows = await s.query('SELECT * FROM mw_segments WHERE product_id = $1 ORDER BY name', [productId]);
    return rows.map(toSegment);
  }
  /** Finds one segment, or undefined. */
  async find(s, productId, name) {
    const rows = await s.query('SELECT * FROM mw_segments WHERE product_id = $1 AND name = $2', [
      productId,
      name,
    ]);
    const row = rows[0];
    return row === void 0 ? void 0 : toSegment(row);
  }
  /** Removes a segment; returns whether it existed. */
  async remove(s, productId, name) {
    return (
      (await s.execute('DELETE FROM mw_segments WHERE product_id = $1 AND name = $2', [productId, name])) > 0
    );
  }
};

// dist/product/segments/segment-definition.js
var store = new SegmentStore();
async function listSegmentDefinitions(s, d) {
  const declared = (d.segments ?? []).map((seg) => ({
    productId: d.id,
    name: seg.name,
    where: seg.where,
    ...(seg.description === void 0 ? {} : { description: seg.description }),
    source: 'contract',
  }));
  const stored = (await store.list(s, d.id)).map((seg) => ({
    productId: seg.productId,
    name: seg.name,
    where: seg.where,
    ...(seg.description === void 0 ? {} : { description: seg.description }),
    source: 'catalog',
    createdBy: seg.createdBy,
    createdAt: seg.createdAt,
  }));
  const names = new Set(declared.map((x) => x.name));
  return [
    ...declared.sort((a, b) => a.name.localeCompare(b.name)),
    ...stored.filter((x) => !names.has(x.name)),
  ];
}
async function findSegmentDefinition(s, d, name) {
  const all = await listSegmentDefinitions(s, d);
  const found = all.find((x) => x.name === name);
  if (found) return found;
  const known = all.map((x) => x.name);
  throw new MeshError(
    'not_found',
    `product ${d.id} has no segment ${name}${known.length > 0 ? `; its segments: ${known.join(', ')}` : '; create one with `meshwork segments create`'}`,
    { details: { productId: d.id, segment: name } },
  );
}
function segmentFilter(segment, d) {
  try {
    return bindFilter(parseFilterExpression(segment.where), d.schema);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MeshError(
      'invalid_input',
      `segment ${segment.name} of ${d.id} cannot be evaluated: ${reason}; fix its filter (${segment.where})`,
      { cause: error, details: { productId: d.id, segment: segment.name } },
    );
  }
}

// dist/product/product-guard.js
function governedContext(ctx) {
  return {
    engine: ctx.engine,
    registry: ctx.registry,
    accessLog: ctx.accessLog,
    audit: ctx.audit,
    now: ctx.now,
    actor: ctx.actor,
    principal: ctx.principal ?? LOCAL_ADMIN,
  };
}
var ProductGuard = class {
  #ctx;
  constructor(ctx) {
    this.#ctx = ctx;
  }
  get #g() {
    return governedContext(this.#ctx);
  }
  /** Logs a refused operation as denied, then throws the refusal. */
  async deny(d, operation, error) {
    if (this.#ctx.engine.readOnly) throw error;
    await this.#ctx.accessLog.record(this.#ctx.engine, {
      at: this.#ctx.now().toISOString(),
      actor: this.#ctx.actor,
      operation,
      productId: d.id,
      productVersion: d.version,
      parameters: { principal: this.#g.principal.id, code: error.code },
      rowsAffected: 0,
      outcome: 'denied',
      message: error.message,
    });
    throw error;
  }
  async #guarded(d, operation, fn) {
    try {
      return await fn();
    } catch (error) {
      if (isMeshError(error) && (error.code === 'unauthorized' || error.code === 'policy_denied')) {
        return this.deny(d, operation, error);
      }
      throw error;
    }
  }
  /**
   * Checks that the acting principal may change the product (platform admin or owner of its domain); for ingest, the
   * `ingest` policies must pass too.
   * @throws MeshError `unauthorized`; PolicyViolationError.
   */
  async assertWrite(d, operation) {
    const refusal = manageRefusal(this.#g, d.domain, `${operation} ${d.id}`);
    if (refusal) await this.deny(d, operation, refusal);
    if (operation === 'ingest')
      await this.#guarded(d, operation, () => gateIngest(this.#g, this.#ctx.engine, d));
  }
  /** Tells whether the acting principal administers the product (platform admin or owner of its domain); records nothing. */
  mayManage(d) {
    return manageRefusal(this.#g, d.domain, `manage ${d.id}`) === void 0;
  }
  /**
   * Checks that the acting principal administers the product (platform admin or owner of its domain) for an action
   * the access log has no operation for (quality checks, reading the log); a refusal is audited as denied.
   * @throws MeshError `unauthorized`.
   */
  async assertOwner(d, action) {
    const refusal = manageRefusal(this.#g, d.domain, `${action} ${d.id}`);
    if (!refusal) return;
    await audit(this.#g, this.#ctx.engine, `product.${action}`, d.id, 'denied', { message: refusal.message });
    throw refusal;
  }
  /**
   * Decides a read: who may read, the `access` policies, and refuses filters, orders and aggregates on the fields
   * masked for the reader.
   * @throws MeshError `unauthorized` or `policy_denied`; PolicyViolationError.
   */
  read(d, operation, use = {}, served) {
    return this.#guarded(served ?? d, operation, async () => {
      const access = await decideRead(this.#g, this.#ctx.engine, d, served);
      await gateRead(this.#g, this.#ctx.engine, d, access, operation);
      assertNoMaskedFields(d.id, access.masked, use);
      return access;
    });
  }
  /**
   * The older major version the acting principal's grant pins, when it reads through such a grant inside the
   * migration window (undefined otherwise, and when it may not read at all): what a pinned consumer reads by default.
   */
  async pinnedMajor(d) {
    try {
      return (await decideRead(this.#g, this.#ctx.engine, d)).migration?.pinnedMajor;
    } catch (error) {
      if (isMeshError(error) && error.code === 'unauthorized') return void 0;
      throw error;
    }
  }
  /**
   * Tells whether the acting principal may read the product now (role or grant, and the `access` policies), without
   * recording anything: for showing or hiding figures, not for reading them.
   */
  async mayRead(d) {
    try {
      const access = await decideRead(this.#g, this.#ctx.engine, d);
      await gateRead(this.#g, this.#ctx.engine, d, access, 'query');
      return true;
    } catch (error) {
      if (isMeshError(error) && (error.code === 'unauthorized' || error.code === 'policy_denied'))
        return false;
      throw error;
    }
  }
  /**
   * Decides a read of figures computed from the product's data that the access log has no operation for (metrics,
   * stored quality reports): the same decision as {@link ProductGuard.read}, but a refusal is written to the audit log
   * only, as `product.<action>` denied. Record the read afterwards with {@link ProductGuard.recordRead}.
   * @throws MeshError `unauthorized` or `policy_denied`; PolicyViolationError.
   */
  async readFigures(d, action) {
    try {
      const access = await decideRead(this.#g, this.#ctx.engine, d);
      await gateRead(this.#g, this.#ctx.engine, d, access, action);
      return access;
    } catch (error) {
      if (isMeshError(error) && (error.code === 'unauthorized' || error.code === 'policy_denied')) {
        await audit(this.#g, this.#ctx.engine, `product.${action}`, d.id, 'denied', {
          message: error.message,
        });
      }
      throw error;
    }
  }
  /** Appends a read of figures (see {@link ProductGuard.readFigures}) to the audit log as `product.<action>`. */
  async recordRead(d, action, details = {}) {
    await audit(this.#g, this.#ctx.engine, `product.${action}`, d.id, 'ok', {
      version: d.version,
      ...details,
    });
  }
  /** Lists the fields analytics would aggregate, group by or filter on, for the masked-field check. */
  async analyticsUse(d, options) {
    const spec = d.analytics;
    const breakdowns = (spec?.breakdowns ?? []).filter(
      (b) => options.breakdowns === void 0 || options.breakdowns.includes(b.name),
    );
    const used = new Set(breakdowns.flatMap((b) => b.measures));
    const measures = (spec?.measures ?? []).filter((m) => used.has(m.name) || options.breakdowns === void 0);
    const other = [
      ...measures.flatMap((m) =>
        m.field === void 0 || m.fn === 'count' || m.fn === 'count_distinct' ? [] : [m.field],
      ),
      ...breakdowns.map((b) => b.by),
      ...breakdowns.map((b) => breakdownKey(b)),
    ];
    const filters = [];
    if (options.where !== void 0) filters.push(bindFilter(toFilter(options.where), d.schema));
    if (options.segment !== void 0 && maskingPlanFor(d.schema).size > 0) {
      filters.push(segmentFilter(await findSegmentDefinition(this.#ctx.engine, d, options.segment), d));
    }
    return { other, ...(filters.length > 0 ? { filter: { kind: 'and', items: filters } } : {}) };
  }
  /**
   * Checks a lifecycle change: who may make it, its guards and (for publishing) the publish policies.
   * @returns the gate's outcome; refusals by role are logged and thrown.
   */
  async transition(tx, d, to, request, runGuards = true) {
    const refusal = manageRefusal(this.#g, d.domain, `change the lifecycle of ${d.id}`);
    if (refusal) return refusal;
    if (!runGuards) return { reasons: [], blocking: [], warnings: [] };
    const gate = await gateTransition(this.#g, tx, d, to, request);
    return gate.blocking.length > 0 ? publishRefusal(d.id, gate.blocking) : gate;
  }
  /** Records what a transition leaves behind (policy results, deprecation notices). */
  after(tx, next, gate, request) {
    return afterTransition(this.#g, tx, next, gate, request);
  }
  /**
   * Checks that the acting principal may read every input of a derived product now (admin, owner of the input's
   * domain, or an active grant) and unmasked, since the derived product would copy what it reads; a refusal is
   * audited as denied on the derived product. Returns the inputs' catalog records.
   * @throws MeshError `not_found` for an input missing from the catalog, `unauthorized` or `policy_denied`.
   */
  async assertDerivedInputs(d, operation) {
    const records = [];
    for (const input of d.derived?.inputs ?? []) {
      const record = await this.#ctx.registry.find(this.#ctx.engine, input);
      if (!record) {
        throw new MeshError(
          'not_found',
          `input product ${input} of ${d.id} is not in the catalog; create it first`,
          { details: { productId: d.id, input } },
        );
      }
      const access = await this.#guardedSpec(d, operation, () =>
        decideRead(this.#g, this.#ctx.engine, record.descriptor),
      );
      if (access.masked.size > 0) {
        await this.deny(
          d,
          operation,
          new MeshError(
            'policy_denied',
            `${operation} of ${d.id} would copy PII of ${input} (${[...access.masked.keys()].join(', ')}) that ${this.#g.principal.id} may only read masked; ask for a grant with PII`,
            { details: { productId: d.id, input } },
          ),
        );
      }
      records.push(record);
    }
    return records;
  }
  async #guardedSpec(d, operation, fn) {
    try {
      return await fn();
    } catch (error) {
      if (isMeshError(error) && (error.code === 'unauthorized' || error.code === 'policy_denied')) {
        return this.deny(d, operation, error);
      }
      throw error;
    }
  }
};

// dist/product/catalog-queries.js
async function descriptorMap(ctx, ids) {
  const products = ids.filter((id) => PRODUCT_ID_PATTERN.test(id));
  const found = await ctx.registry.descriptors(ctx.engine, products);
  return new Map(found.map((d) => [d.id, d]));
}
async function unknownProduct(ctx, id) {
  const known = (await ctx.registry.list(ctx.engine)).map((r) => r.descriptor.id);
  const guess = closestName(id, known);
  return new MeshError(
    'not_found',
    `product ${id} is not in the catalog${guess ? `; did you mean ${guess}?` : known.length > 0 ? '; run `meshwork list` to see the products' : '; create it first'}`,
  );
}
async function searchCatalog(ctx, text3, filters) {
  if (typeof text3 !== 'string') throw new MeshError('invalid_input', 'search text must be a string');
  const parsed = parseSearchFilters(filters);
  return ctx.registry.search.search(ctx.engine, text3, parsed, (ids) =>
    ctx.registry.descriptors(ctx.engine, ids),
  );
}
async function defineDomain(ctx, input) {
  assertDomainDefinition(input);
  const g = governedContext(ctx);
  const refusal = manageRefusal(g, input.name, `describe domain ${input.name}`);
  if (refusal) {
    await audit(g, ctx.engine, 'domain.define', input.name, 'denied', { message: refusal.message });
    throw refusal;
  }
  return ctx.engine.transaction(async (tx) => {
    const domain = await ctx.domains.define(tx, input, ctx.now().toISOString());
    await audit(g, tx, 'domain.define', domain.name, 'ok', {
      ...(input.description === void 0 ? {} : { description: domain.description }),
      ...(input.ownerTeam === void 0 ? {} : { ownerTeam: domain.ownerTeam }),
    });
    const summary = (await ctx.domains.list(tx)).find((d) => d.name === domain.name);
    if (!summary) throw new Error(`domain ${domain.name} was defined but is not listed`);
    return summary;
  });
}
async function loadGraph(ctx) {
  return new LineageGraph(await ctx.lineage.all(ctx.engine));
}
async function lineageView(ctx, root, options = {}) {
  const parsed = parseLineageWalkOptions(options);
  const graph = await loadGraph(ctx);
  if (root !== void 0 && !graph.has(root) && !(await ctx.registry.find(ctx.engine, root))) {
    throw await unknownProduct(ctx, root);
  }
  const products = root === void 0 ? (await ctx.registry.list(ctx.engine)).map((r) => r.descriptor.id) : [];
  const ids = root === void 0 ? [.../* @__PURE__ */ new Set([...graph.nodeIds(), ...products])] : void 0;
  const first = graph.view(root ?? null, parsed, /* @__PURE__ */ new Map());
  const descriptors = await descriptorMap(ctx, ids ?? first.nodes.map((n) => n.id));
  return { view: graph.view(root ?? null, parsed, descriptors, products), descriptors };
}
async function openLineageEvents(ctx, root, options = {}) {
  const { view, descriptors } = await lineageView(ctx, root, options);
  return toOpenLineage(
    view,
    descriptors,
    options.namespace === void 0 ? {} : { namespace: options.namespace },
  );
}
async function impactOf(ctx, productId, options = {}) {
  const record = await ctx.registry.find(ctx.engine, productId);
  if (!record) throw await unknownProduct(ctx, productId);
  const product = record.descriptor;
  const field2 = options.field ?? null;
  if (field2 !== null) {
    const names = product.schema.fields.map((f) => f.name);
    if (!names.includes(field2)) {
      const guess = closestName(field2, names);
      throw new MeshError(
        'invalid_input',
        `product ${productId} has no field ${field2}${guess ? `; did you mean ${guess}?` : `; its fields are ${names.join(', ')}`}`,
      );
    }
  }
  const graph = await loadGraph(ctx);
  const downstream = [...graph.walk(productId, 'down').distances.keys()];
  const descriptors = await descriptorMap(ctx, downstream);
  const readers = await ctx.accessLog.readers(ctx.engine, downstream);
  return analyzeImpact({ product, field: field2, graph, descriptors, readers });
}

// dist/product/data-product.js
import { basename } from 'node:path';

// dist/catalog/output-ports.js
function outputPortsOf(descriptor, table, older = []) {
  return [
    {
      name: DEFAULT_PORT,
      version: descriptor.version,
      table,
      query: true,
      exportFormats: [...EXPORT_FORMATS],
    },
    ...older.map((o) => ({
      name: DEFAULT_PORT,
      version: o.version,
      table: o.table,
      query: true,
      exportFormats: [...EXPORT_FORMATS],
      readAs: o.readAs,
    })),
  ];
}

// dist/product/analytics/compute-analytics.js
var BUCKET_PARTS = {
  year: ['year'],
  month: ['year', 'month'],
  day: ['year', 'month', 'day'],
};
var PART_ALIAS = (part) => `$${part}`;
function column(d, name) {
  const f = d.schema.fields.find((x) => x.name === name);
  if (f === void 0)
    throw new Error(`analytics of ${d.id} name field ${name}, which the schema does not have`);
  return { name: f.name, type: f.type, notNull: f.required };
}
function toMeasure(d, m) {
  return m.field === void 0 ? { fn: m.fn, as: m.name } : { fn: m.fn, column: column(d, m.field), as: m.name };
}
function pad(n, width) {
  return String(n ?? '').padStart(width, '0');
}
function bucketLabel(row, bucket) {
  const year = row[PART_ALIAS('year')];
  if (year === null || year === void 0) return null;
  const parts = [pad(year, 4)];
  if (bucket !== 'year') parts.push(pad(row[PART_ALIAS('month')], 2));
  if (bucket === 'day') parts.push(pad(row[PART_ALIAS('day')], 2));
  return parts.join('-');
}
function checkTop(top) {
  if (top === void 0) return void 0;
  if (!Number.isSafeInteger(top) || top < 1) {
    throw new MeshError('invalid_input', `top must be a whole number of 1 or more, got ${top}`);
  }
  return top;
}
async function computeBreakdown(s, table, d, spec, b, where, top) {
  const measures = b.measures.map((name) => {
    const m = spec.measures.find((x) => x.name === name);
    if (m === void 0) throw new Error(`breakdown ${b.name} of ${d.id} lists undeclared measure ${name}`);
    return toMeasure(d, m);
  });
  const key = breakdownKey(b);
  const by = column(d, b.by);
  const parts = b.bucket === void 0 ? [] : BUCKET_PARTS[b.bucket];
  const calls = parts.map((part) => ({ fn: part, column: by, as: PART_ALIAS(part) }));
  const keyOrder =
    calls.length > 0
      ? calls.map((c) => ({ column: c.as, direction: b.orderBy.direction }))
      : [{ column: by.name, direction: b.orderBy.direction }];
  const orderBy =
    b.orderBy.by === key
      ? keyOrder
      : [
          { column: b.orderBy.by, direction: b.orderBy.direction },
          ...keyOrder.map((o) => ({ ...o, direction: 'asc' })),
        ];
  const limit = b.top === void 0 ? void 0 : (top ?? b.top);
  const rows = await s.aggregate(table, {
    groupBy: calls.length > 0 ? [] : [by],
    groupByCalls: calls,
    measures,
    ...(isEmptyFilter(where) ? {} : { where }),
    orderBy,
    ...(limit === void 0 ? {} : { limit }),
  });
  const out = rows.map((row) => {
    const shaped = {
      [key]: b.bucket === void 0 ? (row[by.name] ?? null) : bucketLabel(row, b.bucket),
    };
    for (const m of measures) shaped[m.as] = row[m.as] ?? null;
    return shaped;
  });
  return {
    name: b.name,
    by: b.by,
    ...(b.bucket === void 0 ? {} : { bucket: b.bucket }),
    key,
    measures: b.measures,
    orderBy: b.orderBy,
    ...(limit === void 0 ? {} : { top: limit }),
    ...(b.description === void 0 ? {} : { description: b.description }),
    rows: out,
  };
}
async function computeAnalytics(ctx, record, options = {}) {
  const { descriptor: d, tableName } = record;
  const spec = d.analytics ?? { measures: [], breakdowns: [] };
  const top = checkTop(options.top);
  const s = ctx.engine;
  const filters = [];
  if (options.segment !== void 0) {
    filters.push(segmentFilter(await findSegmentDefinition(s, d, options.segment), d));
  }
  if (options.where !== void 0) filters.push(bindFilter(toFilter(options.where), d.schema));
  const where = bindFilter({ kind: 'and', items: filters }, d.schema);
  const wanted = options.breakdowns ?? spec.breakdowns.map((b) => b.name);
  const breakdownSpecs = wanted.map((name) => {
    const b = spec.breakdowns.find((x) => x.name === name);
    if (b === void 0) {
      const known = spec.breakdowns.map((x) => x.name);
      throw new MeshError(
        'not_found',
        `product ${d.id} declares no breakdown ${name}${known.length > 0 ? `; its breakdowns: ${known.join(', ')}` : ''}`,
      );
    }
    return b;
  });
  const computedAt = ctx.now().toISOString();
  let measures = [];
  if (spec.measures.length > 0) {
    const [row] = await s.aggregate(tableName, {
      groupBy: [],
      measures: spec.measures.map((m) => toMeasure(d, m)),
      ...(isEmptyFilter(where) ? {} : { where }),
    });
    measures = spec.measures.map((m) => ({ ...m, value: row?.[m.name] ?? null }));
  }
  const breakdowns = [];
  for (const b of breakdownSpecs)
    breakdowns.push(await computeBreakdown(s, tableName, d, spec, b, where, top));
  return {
    productId: d.id,
    version: d.version,
    computedAt,
    lastWriteAt: record.lastWriteAt,
    filter: isEmptyFilter(where) ? null : formatFilter(where),
    ...(options.segment === void 0 ? {} : { segment: options.segment }),
    measures,
    breakdowns,
  };
}

// dist/product/quality/measure-validity-check.js
function sortByKeys(rows, keys) {
  const text3 = (r) => JSON.stringify(keys.map((k) => r[k.name] ?? null));
  return rows.sort((a, b) => (text3(a) < text3(b) ? -1 : text3(a) > text3(b) ? 1 : 0));
}
async function measureValidityCheck(s, table, check, options) {
  const { total, keys, sampleLimit } = options;
  if (check.method === 'filter') {
    const valid = await s.count(table, check.filter);
    const invalidKeys2 =
      valid < total && keys.length > 0
        ? await s.select(table, {
            columns: keys,
            where: { kind: 'not', item: check.filter },
            orderBy: keys.map((k) => ({ column: k.name, direction: 'asc' })),
            limit: sampleLimit,
          })
        : [];
    return { valid, invalid: total - valid, invalidKeys: invalidKeys2 };
  }
  const pattern = {
    kind: 'pattern',
    id: check.name,
    field: check.field,
    pattern: check.pattern,
    ...(check.format === void 0 ? {} : { format: check.format }),
    threshold: ZERO_FAILURES,
    unit: 'rows',
    severity: 'error',
    origin: 'implied',
    sampleKeys: keys.map((k) => k.name),
  };
  const query = qualityCheckSql(pattern, table, quoteAnsiIdent, { sampleLimit });
  if (query === void 0)
    throw new Error(`the contract module built no SQL for the pattern check ${check.name}`);
  const [row] = await s.query(query.sql, query.params);
  const invalid = Number(row?.failing ?? 0);
  const invalidKeys =
    invalid > 0 && keys.length > 0 && query.samples !== void 0
      ? sortByKeys(await s.query(query.samples.sql, query.samples.params), keys)
      : [];
  return { valid: total - invalid, invalid, invalidKeys };
}

// dist/product/quality/quality-checks.js
var FORMAT_NAMES = {
  email: 'an e-mail address',
  uri: 'an absolute URI',
  uuid: 'a UUID',
  date: 'a date YYYY-MM-DD',
  'date-time': 'a date and time',
};
var field = (name) => ({ kind: 'field', field: name });
function compare(name, op, value) {
  return { kind: 'compare', left: field(name), op, value };
}
function allowNull(f, filter) {
  if (f.required) return filter;
  return { kind: 'or', items: [{ kind: 'null', left: field(f.name), isNull: true }, filter] };
}
function constraintChecks(f) {
  const out = [];
  const add = (constraint, filter, description) =>
    out.push({ name: `${f.name}.${constraint}`, filter: allowNull(f, filter), description });
  if (f.type === 'date' || f.type === 'timestamp') {
    const shape = f.type === 'date' ? 'a real date YYYY-MM-DD' : 'a real timestamp YYYY-MM-DD HH:MM:SS';
    add(
      'type',
      { kind: 'null', left: { kind: 'call', fn: 'year', field: f.name }, isNull: false },
      `${f.name} is ${shape}`,
    );
  }
  if (f.enum !== void 0 && f.enum.length > 0) {
    const values = f.enum.filter((v) => v !== null);
    add(
      'enum',
      { kind: 'in', left: field(f.name), values, negated: false },
      `${f.name} is one of ${values.join(', ')}`,
    );
  }
  if (f.type !== 'integer' && f.type !== 'number') return checkLengths(f, out, add);
  if (f.minimum !== void 0)
    add('minimum', compare(f.name, 'gte', f.minimum), `${f.name} is at least ${f.minimum}`);
  if (f.exclusiveMinimum !== void 0) {
    add(
      'exclusiveMinimum',
      compare(f.name, 'gt', f.exclusiveMinimum),
      `${f.name} is greater than ${f.exclusiveMinimum}`,
    );
  }
  if (f.maximum !== void 0)
    add('maximum', compare(f.name, 'lte', f.maximum), `${f.name} is at most ${f.maximum}`);
  if (f.exclusiveMaximum !== void 0) {
    add(
      'exclusiveMaximum',
      compare(f.name, 'lt', f.exclusiveMaximum),
      `${f.name} is less than ${f.exclusiveMaximum}`,
    );
  }
  return out;
}
function checkLengths(f, out, add) {
  if (f.type !== 'string') return out;
  const length = { kind: 'call', fn: 'length', field: f.name };
  if (f.minLength !== void 0) {
    add(
      'minLength',
      { kind: 'compare', left: length, op: 'gte', value: f.minLength },
      `${f.name} has at least ${f.minLength} characters`,
    );
  }
  if (f.maxLength !== void 0) {
    add(
      'maxLength',
      { kind: 'compare', left: length, op: 'lte', value: f.maxLength },
      `${f.name} has at most ${f.maxLength} characters`,
    );
  }
  return out;
}
function compileContractChecks(schema) {
  const validity = [];
  for (const f of schema.fields) {
    for (const c of constraintChecks(f)) {
      const filter = bindFilter(c.filter, schema);
      validity.push({
        name: c.name,
        kind: c.name.endsWith('.type') ? 'type' : 'constraint',
        field: f.name,
        expression: formatFilter(filter),
        method: 'filter',
        filter,
        description: c.description,
      });
    }
    if (f.type !== 'string') continue;
    if (f.format !== void 0) {
      validity.push({
        name: `${f.name}.format`,
        kind: 'format',
        field: f.name,
        expression: `${f.name} matches the ${f.format} format`,
        method: 'pattern',
        pattern: FORMAT_PATTERNS[f.format],
        format: f.format,
        description: `${f.name} is ${FORMAT_NAMES[f.format]} (the strict check runs on every ingested record)`,
      });
    }
    if (f.pattern !== void 0) {
      validity.push({
        name: `${f.name}.pattern`,
        kind: 'format',
        field: f.name,
        expression: `${f.name} matches /${f.pattern}/`,
        method: 'pattern',
        pattern: f.pattern,
        description: `${f.name} matches the pattern ${f.pattern} in full`,
      });
    }
  }
  for (const rule of schema.rules) {
    const filter = bindFilter(parseFilterExpression(rule.check), schema);
    validity.push({
      name: rule.name,
      kind: 'rule',
      expression: rule.check,
      method: 'filter',
      filter,
      description: rule.description ?? `records satisfy ${rule.check}`,
    });
  }
  return { validity };
}

// dist/product/table-spec.js
function toTableSpec(spec, tableName) {
  const columns = spec.schema.fields.map((f) => ({
    name: f.name,
    type: f.type,
    notNull: f.required,
  }));
  return { name: tableName, columns, primaryKey: spec.schema.primaryKey, indexes: spec.schema.indexes };
}

// dist/governance/pii-carry-over.js
function findPiiCarryOver(shape, piiColumns, fields) {
  const tainted = new Map(piiColumns);
  const sourceOf = (reads2) => {
    for (const r of reads2) {
      const s = tainted.get(r.toLowerCase());
      if (s !== void 0) return s;
    }
    return void 0;
  };
  let moved;
  for (let changed = true; changed; ) {
    changed = false;
    const taint = (name, source) => {
      if (!tainted.has(name.toLowerCase())) {
        tainted.set(name.toLowerCase(), source);
        changed = true;
      }
    };
    for (const p of shape.projections) {
      const source = sourceOf(p.reads);
      if (source !== void 0) moved ??= source;
      if (p.star && tainted.size > 0) moved ??= [...tainted.values()][0];
      if (p.name !== void 0 && source !== void 0) taint(p.name, source);
      for (const r of p.replaces) {
        const s = sourceOf(r.reads);
        if (s !== void 0) taint(r.name, s);
      }
    }
    for (const c of shape.ctes) {
      c.columnAliases.forEach((alias, i) => {
        const column3 = c.columns?.[i];
        const exact = c.columns !== void 0 && !c.columns.some((p) => p.star);
        const source = exact ? (column3 === void 0 ? void 0 : sourceOf(column3.reads)) : moved;
        if (source !== void 0) taint(alias, source);
      });
    }
    if (moved !== void 0) for (const r of shape.relations) for (const a of r.columnAliases) taint(a, moved);
  }
  return fields.flatMap((f) => {
    const source = tainted.get(f.name.toLowerCase());
    return f.pii === true || source === void 0 ? [] : [{ field: f.name, source }];
  });
}

// dist/product/derived/derived-sql.js
async function checkDerivedSql(s, d, inputs, operation) {
  const derived = d.derived;
  if (derived === void 0) throw new Error(`checkDerivedSql called for ${d.id}, which is not derived`);
  const quoted = new Map(inputs.map((r) => [r.descriptor.id, quoteAnsiIdent(r.tableName)]));
  const bound = bindInputs(derived.sql, quoted);
  const allowed = await checkUserSql(s, bound, {
    operation: `${operation} of ${d.id}`,
    tables: new Map(inputs.map((r) => [r.tableName, r.descriptor.id])),
    howToRead: '{{domain.name}} placeholders of its declared inputs',
  });
  return { ...allowed, sql: bound.text };
}
async function assertDerivedAllowed(ctx, guard, d, operation) {
  if (d.derived === void 0) return;
  const inputs = await guard.assertDerivedInputs(d, operation);
  let allowed;
  try {
    allowed = await checkDerivedSql(ctx.engine, d, inputs, operation);
  } catch (error) {
    if (isMeshError(error) && error.code === 'policy_denied') return guard.deny(d, operation, error);
    throw error;
  }
  const pii = /* @__PURE__ */ new Map();
  for (const input of inputs) {
    for (const f of input.descriptor.schema.fields) {
      if (f.pii === true) pii.set(f.name.toLowerCase(), `${input.descriptor.id}.${f.name}`);
    }
  }
  const carried = findPiiCarryOver(allowed.shape, pii, d.schema.fields);
  if (carried.length > 0) {
    const list = carried.map((c) => `${c.field} (from ${c.source})`).join(', ');
    await guard.deny(
      d,
      operation,
      new MeshError(
        'policy_denied',
        `${operation} of ${d.id} refused: its output field(s) ${list} carry upstream PII but are not marked PII; set pii: true on ${carried.map((c) => c.field).join(', ')} in its schema, or stop selecting the PII column`,
        { details: { productId: d.id, fields: carried } },
      ),
    );
  }
}

// dist/product/derived/refresh-derived-product.js
function derivedOf(record) {
  const derived = record.descriptor.derived;
  if (derived === void 0) {
    throw new MeshError(
      'invalid_input',
      `product ${record.descriptor.id} is not derived, so there is nothing to refresh; load its data with \`meshwork ingest\`, or declare a derived section (SQL over input products)`,
      { details: { productId: record.descriptor.id } },
    );
  }
  return derived;
}
async function readInputs(ctx, s, record) {
  const inputs = [];
  const records = [];
  for (const id of derivedOf(record).inputs) {
    const input = await ctx.registry.find(s, id);
    if (!input) {
      throw new MeshError(
        'not_found',
        `input product ${id} of ${record.descriptor.id} is not in the catalog; create it first`,
        {
          details: { productId: record.descriptor.id, input: id },
        },
      );
    }
    if (input.descriptor.status === 'archived') {
      throw new MeshError(
        'conflict',
        `input product ${id} of ${record.descriptor.id} is archived; its data may no longer be read`,
        {
          details: { productId: record.descriptor.id, input: id },
        },
      );
    }
    records.push(input);
    inputs.push({
      id,
      version: input.descriptor.version,
      lastWriteAt: input.lastWriteAt,
      records: await s.count(input.tableName),
    });
  }
  return { inputs, records };
}
async function runIsolated(engine, tx, inputs, source, d) {
  const isolated = await engine.openIsolated();
  try {
    for (const input of inputs) {
      const spec = toTableSpec(input.descriptor, input.tableName);
      await isolated.createTable(spec);
      const rows2 = await tx.select(input.tableName, { columns: spec.columns });
      await isolated.insertRows(
        spec,
        rows2.map((r) => spec.columns.map((c) => r[c.name] ?? null)),
        { assumeNew: true },
      );
    }
    const select = d.schema.fields
      .map(
        (f) => `CAST(mw_src.${quoteAnsiIdent(f.name)} AS ${SQL_TYPES[f.type]}) AS ${quoteAnsiIdent(f.name)}`,
      )
      .join(', ');
    const rows = await isolated.query(`SELECT ${select} FROM (${source}
) AS mw_src`);
    return rows.map((r) => d.schema.fields.map((f) => r[f.name] ?? null));
  } finally {
    await isolated.close();
  }
}
function transformationError(d, error) {
  if (error instanceof MeshError && error.code !== 'internal' && error.code !== 'conflict') return error;
  const reason = error instanceof Error ? error.message.replace(/^running a statement: /, '') : String(error);
  const columns = d.schema.fields.map((f) => f.name).join(', ');
  if (error instanceof MeshError && error.code === 'conflict') {
    return new ContractViolationError(
      `refresh of ${d.id} refused: the transformation's rows break the table's constraints (${reason}); each ${d.schema.primaryKey.join(', ') || 'row'} must be unique and required fields must have values`,
      [{ path: ['derived', 'sql'], code: 'constraint', message: reason }],
      { cause: error },
    );
  }
  return new MeshError(
    'invalid_input',
    `the transformation of ${d.id} failed: ${reason}; its query must return the columns ${columns}`,
    { cause: error, details: { productId: d.id } },
  );
}
async function refreshDerivedProduct(ctx, productId) {
  return ctx.engine.transaction(async (tx) => {
    const record = await ctx.registry.find(tx, productId);
    if (!record) throw new MeshError('not_found', `product ${productId} is not in the catalog`);
    const d = record.descriptor;
    derivedOf(record);
    if (d.status === 'archived') {
      throw new MeshError('conflict', `product ${productId} is archived; archived products refuse writes`);
    }
    const { inputs, records: inputRecords } = await readInputs(ctx, tx, record);
    const target = quoteAnsiIdent(record.tableName);
    const columns = d.schema.fields.map((f) => quoteAnsiIdent(f.name)).join(', ');
    const { sql: source, tables: read } = await checkDerivedSql(tx, d, inputRecords, 'refresh');
    const previousRecords = await tx.count(record.tableName);
    let records;
    try {
      if (canIsolate(ctx.engine)) {
        const rows = await runIsolated(ctx.engine, tx, inputRecords, source, d);
        await tx.execute(`DELETE FROM ${target}`);
        records = (await tx.insertRows(toTableSpec(d, record.tableName), rows, { assumeNew: true })).inserted;
      } else {
        await tx.execute(`DELETE FROM ${target}`);
        records =
          await tx.execute(`INSERT INTO ${target} (${columns}) SELECT ${d.schema.fields.map((f) => `mw_src.${quoteAnsiIdent(f.name)}`).join(', ')} FROM (${source}
) AS mw_src`);
      }
    } catch (error) {
      throw transformationError(d, error);
    }
    const issues = [];
    for (const check of compileContractChecks(d.schema).validity) {
      const { invalid: broken } = await measureValidityCheck(tx, record.tableName, check, {
        total: records,
        keys: [],
        sampleLimit: 1,
      });
      if (broken > 0) {
        issues.push({
          path: ['derived', 'sql'],
          code: check.kind,
          message: `${broken} of ${records} computed record(s) break ${check.kind} ${check.name} (${check.expression})`,
        });
      }
    }
    if (issues.length > 0) {
      throw new ContractViolationError(
        `refresh of ${productId} refused: the transformation's result breaks the contract: ${issues.map((i) => i.message).join('; ')}`,
        issues,
      );
    }
    const at = ctx.now().toISOString();
    await ctx.registry.touchWrite(tx, productId, at);
    for (const input of inputs) {
      await ctx.lineage.add(tx, {
        from: input.id,
        to: productId,
        description: 'input of its SQL transformation',
        createdAt: at,
      });
    }
    await ctx.accessLog.record(tx, {
      at,
      actor: ctx.actor,
      operation: 'refresh',
      productId,
      productVersion: d.version,
      parameters: {
        inputs: inputs.map((i) => ({ id: i.id, version: i.version, records: i.records })),
        tablesRead: read,
        previousRecords,
      },
      rowsAffected: records,
      outcome: 'ok',
      message: null,
    });
    return { productId, version: d.version, refreshedAt: at, previousRecords, records, inputs };
  });
}
async function derivedStatus(ctx, productId) {
  const record = await ctx.registry.find(ctx.engine, productId);
  if (!record) throw new MeshError('not_found', `product ${productId} is not in the catalog`);
  derivedOf(record);
  const { inputs } = await readInputs(ctx, ctx.engine, record);
  const refreshedAt = record.lastWriteAt;
  const changedInputs = inputs
    .filter((i) => i.lastWriteAt !== null && (refreshedAt === null || i.lastWriteAt > refreshedAt))
    .map((i) => i.id);
  return {
    productId,
    refreshedAt,
    inputs,
    stale: refreshedAt === null || changedInputs.length > 0,
    changedInputs,
  };
}

// dist/product/export-options.js
import { statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
var EXTENSIONS = {
  '.csv': 'csv',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.json': 'ndjson',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};
function guessExportFormat(path) {
  return EXTENSIONS[extname(path).toLowerCase()];
}
function unknownField(d, name, where) {
  return new MeshError(
    'invalid_input',
    `unknown field "${name}" in ${where} of the export of ${d.id}; known fields: ${d.schema.fields.map((f) => f.name).join(', ')}`,
    { details: { field: name } },
  );
}
function resolveExport(d, file, options, capabilities) {
  if (typeof file !== 'string' || file.trim() === '') {
    throw new MeshError('invalid_input', `export of ${d.id} needs a file name, e.g. ${d.id}.csv`);
  }
  const format = options.format ?? guessExportFormat(file);
  if (format === void 0) {
    throw new MeshError(
      'invalid_input',
      `cannot tell the export format of ${file} from its extension; name it .csv, .ndjson or .parquet, or give the format (${EXPORT_FORMATS.join(', ')})`,
    );
  }
  if (!EXPORT_FORMATS.includes(format)) {
    throw new MeshError(
      'invalid_input',
      `unknown export format ${String(format)}; use one of ${EXPORT_FORMATS.join(', ')}`,
    );
  }
  if (format === 'parquet' && !capabilities.parquet) {
    throw new MeshError(
      'invalid_input',
      'this store\u2019s engine cannot write Parquet; export as csv or ndjson',
    );
  }
  const path = resolve(file);
  let folder;
  try {
    folder = statSync(dirname(path)).isDirectory();
  } catch {
    folder = false;
  }
  if (!folder) {
    throw new MeshError(
      'not_found',
      `cannot write the export to ${path}: the folder ${dirname(path)} does not exist; create it first`,
    );
  }
  const fields = new Map(d.schema.fields.map((f) => [f.name, f]));
  const names = options.columns ?? d.schema.fields.map((f) => f.name);
  if (names.length === 0) throw new MeshError('invalid_input', 'an export needs at least one column');
  const columns = names.map((name) => {
    const f = fields.get(name);
    if (!f) throw unknownField(d, name, 'columns');
    return { name: f.name, type: f.type, notNull: f.required };
  });
  const order =
    options.orderBy === void 0
      ? []
      : typeof options.orderBy === 'string'
        ? [options.orderBy]
        : options.orderBy;
  const orderBy = order.map((text3) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/i.exec(text3);
    if (!m) {
      throw new MeshError(
        'invalid_input',
        `cannot read order "${text3}"; write a field name, optionally followed by asc or desc`,
      );
    }
    const name = m[1];
    if (!fields.has(name)) throw unknownField(d, name, 'order');
    return { column: name, direction: m[2]?.toLowerCase() === 'desc' ? 'desc' : 'asc' };
  });
  if (options.csvFormulaEscape !== void 0 && typeof options.csvFormulaEscape !== 'boolean') {
    throw new MeshError(
      'invalid_input',
      `csvFormulaEscape of the export of ${d.id} must be true or false, got ${JSON.stringify(options.csvFormulaEscape)}`,
    );
  }
  const escapeFormulas = format === 'csv' && options.csvFormulaEscape !== false;
  return { path, format, columns, orderBy, escapeFormulas };
}
function toExportMasks(masked, columns, key) {
  const out = /* @__PURE__ */ new Map();
  for (const c of columns) {
    const strategy = masked.get(c.name);
    if (strategy === 'redact') out.set(c.name, { kind: 'replace', text: REDACTED });
    else if (strategy === 'hash') {
      if (key === void 0) throw new Error(`exporting ${c.name} hashed needs the store\u2019s masking key`);
      out.set(c.name, { kind: 'hmac', key: key.secretBytes(), length: HASH_PREFIX_LENGTH });
    }
  }
  return out;
}

// dist/product/ingest-pipeline.js
var DEFAULT_BATCH = 1e5;
var DEFAULT_MAX_REJECTED = 1e4;
function shorten2(value) {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > 40 ? `${s.slice(0, 40)}\u2026` : s;
}
function isStoreFailure(error) {
  return error instanceof MeshError && error.code === 'storage_unavailable';
}
function isKeyConflict(error) {
  if (!(error instanceof MeshError && error.code === 'conflict')) return false;
  const constraint = error.details?.constraint;
  return constraint !== 'not_null' && constraint !== 'check';
}
function engineText(error) {
  if (error instanceof MeshError) {
    const text3 = error.details?.engineMessage;
    if (typeof text3 === 'string') return text3;
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
function plainCause(error) {
  switch (error.code) {
    case 'storage_unavailable':
      return 'the store cannot be written (it is closed, in use by another process, or its disk is full or read-only); free the store or the disk and resume with --on-existing skip';
    case 'conflict':
      return 'the store refused the batch because of a constraint of its table';
    default:
      return 'the store failed while writing the batch';
  }
}
function keyReader(target) {
  const positions = target.table.primaryKey.map((k) => target.table.columns.findIndex((c) => c.name === k));
  if (positions.length === 0) return void 0;
  if (positions.length === 1) {
    const p = positions[0];
    return (row) => row[p];
  }
  return (row) => JSON.stringify(positions.map((p) => row[p]));
}
function keyText(target, row) {
  return target.table.primaryKey
    .map((k) => {
      const i = target.table.columns.findIndex((c) => c.name === k);
      return `${k} ${shorten2(row[i])}`;
    })
    .join(', ');
}
function repeatedKeys(keyOf, rows) {
  const seen = /* @__PURE__ */ new Map();
  const out = [];
  for (let i = 0; i < rows.length; i++) {
    const key = keyOf(rows[i]);
    const first = seen.get(key);
    if (first === void 0) seen.set(key, i);
    else out.push({ at: i, first });
  }
  return out;
}
async function runIngest(ctx, target, source, progress, options = {}, trail) {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
  const maxRejected = options.maxRejected ?? DEFAULT_MAX_REJECTED;
  const keyOf = keyReader(target);
  const keepValues = options.onRejected !== void 0;
  const validator = target.validator;
  const rejected = [];
  let rejectedCount = 0;
  let total = 0;
  let accepted = 0;
  let skipped = 0;
  let updated = 0;
  let batches = 0;
  let interrupted = false;
  const onExisting = options.onExisting ?? 'reject';
  const overlap = onExisting !== 'update';
  const insertOptions = (assumeNew) =>
    onExisting === 'update' ? { assumeNew: false, replaceStored: true } : { assumeNew };
  const reject = (index, line, issues, record, text3) => {
    rejectedCount += 1;
    const entry = line === void 0 ? { index, issues } : { index, line, issues };
    if (rejected.length < maxRejected) rejected.push(entry);
    options.onRejected?.(entry, record, text3);
  };
  let rows = [];
  let rowIndex = [];
  let rowLine = [];
  let rowValue = [];
  const report = () => {
    const p = progress();
    options.onProgress?.({
      processed: total,
      accepted,
      rejected: rejectedCount,
      skipped,
      batches,
      ...(p ? { bytesRead: p.bytesRead, totalBytes: p.totalBytes } : {}),
    });
  };
  const writeBatch = async (rowsIn, indexIn, lineIn, valueIn, previous, batchNo) => {
    let batchRows = rowsIn;
    let batchIndex = indexIn;
    let batchLine = lineIn;
    let batchValue = valueIn;
    const at = ctx.now().toISOString();
    const range = `records ${(indexIn[0] ?? 0) + 1}\u2013${(indexIn[indexIn.length - 1] ?? 0) + 1} of the input`;
    let result;
    let refused;
    if (!overlap && previous) await previous;
    let open;
    try {
      const ready = spare;
      spare = void 0;
      open = await (ready ?? ctx.engine.begin());
      result = await open.session.insertRows(target.table, batchRows, insertOptions(keyOf !== void 0));
      await trail?.journal(open.session, batchNo, result.inserted, at);
    } catch (error) {
      refused = error;
    }
    if (previous) await previous;
    if (failure) {
      await open?.rollback();
      return;
    }
    try {
      if (refused === void 0 && open) {
        try {
          if (reading && overlap) spare ??= ctx.engine.begin();
          await spare?.then(
            () => void 0,
            () => void 0,
          );
          await open.commit();
        } catch (error) {
          refused = error;
        }
      } else await open?.rollback();
      if (refused !== void 0) {
        if (isStoreFailure(refused)) throw refused;
        if (keyOf) {
          const repeats = repeatedKeys(keyOf, batchRows);
          const skip = /* @__PURE__ */ new Set();
          for (const { at: i, first } of repeats) {
            skip.add(i);
            const index = batchIndex[i];
            reject(
              index,
              batchLine[i],
              [
                {
                  path: [index, ...target.table.primaryKey],
                  code: 'duplicate_key',
                  message: `${keyText(target, batchRows[i])} appears twice in the input (first at record ${batchIndex[first]}); primary keys must be unique`,
                },
              ],
              batchValue[i],
            );
          }
          const keep = (_, i) => !skip.has(i);
          batchRows = batchRows.filter(keep);
          batchIndex = batchIndex.filter(keep);
          batchLine = batchLine.filter(keep);
          if (keepValues) batchValue = batchValue.filter(keep);
        }
        const rows2 = batchRows;
        const commitRows = (part) =>
          ctx.engine.transaction(async (tx) => {
            const inserted = await tx.insertRows(target.table, part, insertOptions(false));
            await trail?.journal(tx, batchNo, inserted.inserted, at);
            return inserted;
          });
        try {
          result = await commitRows(rows2);
        } catch (error) {
          if (isStoreFailure(error) || (keyOf && isKeyConflict(error))) throw error;
          const failing = await findRefusedRows(rows2, error);
          const keep = (_, i) => !failing.has(i);
          for (const [i, cause] of failing) {
            const index = batchIndex[i];
            reject(
              index,
              batchLine[i],
              [
                {
                  path: [index],
                  code: 'engine_refused',
                  message: `the store refused this record in batch ${batchNo} although it passes the contract (the stored table is stricter than the contract, e.g. left from an older version): ${cause}`,
                },
              ],
              batchValue[i],
            );
          }
          batchRows = batchRows.filter(keep);
          batchIndex = batchIndex.filter(keep);
          batchLine = batchLine.filter(keep);
          if (keepValues) batchValue = batchValue.filter(keep);
          result = await commitRows(batchRows);
        }
      }
    } catch (error) {
      const e =
        error instanceof MeshError ? error : new MeshError('internal', String(error), { cause: error });
      const cause = engineText(e);
      throw new MeshError(
        e.code,
        `ingest of ${target.descriptor.id} stopped at batch ${batchNo} (${range}): ${plainCause(e)}; that batch was rolled back and ${accepted} record(s) from ${batches} earlier batch(es) are stored (engine: ${cause})`,
        {
          cause: error,
          details: {
            ...e.details,
            productId: target.descriptor.id,
            batch: batchNo,
            firstRecord: (indexIn[0] ?? 0) + 1,
            lastRecord: (indexIn[indexIn.length - 1] ?? 0) + 1,
            acceptedBefore: accepted,
            batchesStored: batches,
          },
        },
      );
    }
    if (!result) return;
    batches += 1;
    accepted += result.inserted;
    updated += result.replaced ?? 0;
    for (const i of result.duplicateIndexes) {
      const row = batchRows[i];
      const index = batchIndex[i];
      if (!row || index === void 0) continue;
      if (onExisting === 'skip') {
        skipped += 1;
        continue;
      }
      reject(
        index,
        batchLine[i],
        [
          {
            path: [index, ...target.table.primaryKey],
            code: 'duplicate_key',
            message: `${keyText(target, row)} is already stored; primary keys must be unique (ingest with --on-existing skip to leave it, or update to replace it)`,
          },
        ],
        batchValue[i],
      );
    }
    if (trail) await trail.chain(batchNo, result.inserted, at);
    else if (result.inserted > 0) await ctx.registry.touchWrite(ctx.engine, target.descriptor.id, at);
    report();
  };
  const findRefusedRows = async (rows2, firstError) => {
    const failing = /* @__PURE__ */ new Map();
    const probe = async (from, to, known) => {
      let error = known;
      if (error === void 0) {
        const open = await ctx.engine.begin();
        try {
          await open.session.insertRows(target.table, rows2.slice(from, to), insertOptions(false));
        } catch (e) {
          error = e;
        } finally {
          await open.rollback();
        }
      }
      if (error === void 0) return;
      if (isStoreFailure(error)) throw error;
      if (to - from === 1) {
        failing.set(from, engineText(error));
        return;
      }
      const mid = from + Math.ceil((to - from) / 2);
      await probe(from, mid);
      await probe(mid, to);
    };
    await probe(0, rows2.length, firstError);
    return failing;
  };
  let spare;
  let reading = true;
  let last;
  let beforeLast;
  let failure;
  let flushed = 0;
  const settle = async () => {
    if (last) await last;
    last = void 0;
    beforeLast = void 0;
    if (failure) throw failure.error;
  };
  const flush = async () => {
    if (beforeLast) await beforeLast;
    if (failure) throw failure.error;
    if (rows.length === 0) return;
    const batch = [rows, rowIndex, rowLine, rowValue];
    rows = [];
    rowIndex = [];
    rowLine = [];
    rowValue = [];
    const previous = last;
    beforeLast = last;
    flushed += 1;
    last = writeBatch(...batch, previous, flushed).catch((error) => {
      failure ??= { error };
    });
  };
  const take = (item) => {
    const index = total;
    total += 1;
    if (item.error !== void 0) {
      reject(index, item.line, [{ path: [index], code: 'parse', message: item.error }], void 0);
      return false;
    }
    const checked = validator.validate(item.value, index);
    if (!checked.ok) {
      reject(index, item.line, checked.issues, item.value, item.text);
      return false;
    }
    rows.push(checked.row);
    rowIndex.push(index);
    rowLine.push(item.line);
    if (keepValues) rowValue.push(item.value);
    return rows.length >= batchSize;
  };
  const takeBlock = async (block) => {
    for (let i = 0; i < block.length; i++) if (take(block[i])) await flush();
    if (options.onProgress && block.length > 0) report();
    if (last) await new Promise((resolve2) => setImmediate(resolve2));
  };
  const stopped = () => {
    if (options.signal?.aborted !== true) return false;
    interrupted = true;
    return true;
  };
  try {
    if (Symbol.iterator in source) {
      for (const block of source) {
        if (stopped()) break;
        await takeBlock(block);
      }
    } else {
      for await (const block of source) {
        if (stopped()) break;
        await takeBlock(block);
      }
    }
    reading = false;
    if (!interrupted) await flush();
  } finally {
    if (last) await last;
    const unused = spare;
    spare = void 0;
    if (unused)
      await unused.then(
        (t) => t.rollback(),
        () => void 0,
      );
  }
  await settle();
  if (batches === 0) report();
  rejected.sort((a, b) => a.index - b.index);
  return { total, accepted, rejected, rejectedCount, batches, skipped, updated, interrupted };
}

// dist/product/ingest-trail.js
import { randomUUID } from 'node:crypto';

// dist/catalog/write-journal.js
function toBatch(r) {
  return {
    runId: String(r.run_id),
    batch: Number(r.batch),
    productId: String(r.product_id),
    productVersion: String(r.product_version),
    at: String(r.occurred_at),
    actor: String(r.actor),
    principal: String(r.principal),
    parameters: JSON.parse(String(r.parameters)),
    rowsAffected: Number(r.rows_affected),
  };
}
function toRun(r) {
  return {
    runId: String(r.run_id),
    productId: String(r.product_id),
    productVersion: String(r.product_version),
    actor: String(r.actor),
    startedAt: String(r.started_at),
    state: String(r.state),
    finishedAt: r.finished_at === null ? null : String(r.finished_at),
    batches: Number(r.batches ?? 0),
    rowsCommitted: Number(r.rows_committed ?? 0),
  };
}
var WriteJournal = class {
  /** Records the start of an ingest run (state `running`). */
  async startRun(s, run2) {
    await s.execute(
      `INSERT INTO mw_ingest_runs (run_id, product_id, product_version, actor, started_at, state)
       VALUES ($1, $2, $3, $4, $5, 'running')`,
      [run2.runId, run2.productId, run2.productVersion, run2.actor, run2.startedAt],
    );
  }
  /** Journals one batch; call it inside the transaction that commits the batch's rows. */
  async record(s, b) {
    await s.execute(
      `INSERT INTO mw_write_journal (run_id, batch, product_id, product_version, occurred_at, actor, principal, parameters, rows_affected, chained)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, false)`,
      [
        b.runId,
        b.batch,
        b.productId,
        b.productVersion,
        b.at,
        b.actor,
        b.principal,
        JSON.stringify(b.parameters),
        b.rowsAffected,
      ],
    );
  }
  /** Marks a batch as chained into the access and audit logs; call it in the transaction that writes those entries. */
  async markChained(s, runId, batch) {
    await s.execute('UPDATE mw_write_journal SET chained = true WHERE run_id = $1 AND batch = $2', [
      runId,
      batch,
    ]);
  }
  /** Records how a run ended, with what it committed. */
  async finishRun(s, runId, state, at) {
    await s.execute(
      `UPDATE mw_ingest_runs SET state = $2, finished_at = $3,
         batches = (SELECT COUNT(*) FROM mw_write_journal WHERE run_id = $1),
         rows_committed = (SELECT COALESCE(SUM(rows_affected), 0) FROM mw_write_journal WHERE run_id = $1)
       WHERE run_id = $1`,
      [runId, state, at],
    );
  }
  /** Tells, in one query, whether anything awaits recovery: a batch not chained yet, or a run still marked running. */
  async hasPending(s) {
    const rows = await s.query(`SELECT (EXISTS (SELECT 1 FROM mw_write_journal WHERE NOT chained)
         OR EXISTS (SELECT 1 FROM mw_ingest_runs WHERE state = 'running')) AS pending`);
    return rows[0]?.pending === true;
  }
  /** Batches committed but not chained yet (a process ended between a commit and its chaining), oldest first. */
  async unchained(s) {
    const rows = await s.query(
      'SELECT * FROM mw_write_journal WHERE NOT chained ORDER BY occurred_at, run_id, batch',
    );
    return rows.map(toBatch);
  }
  /** Runs still marked `running`. */
  async runningRuns(s) {
    return (await s.query("SELECT * FROM mw_ingest_runs WHERE state = 'running' ORDER BY started_at")).map(
      toRun,
    );
  }
  /** A product's runs that were cut short, newest first. */
  async interruptedRuns(s, productId, limit = 5) {
    const rows = await s.query(
      `SELECT * FROM mw_ingest_runs WHERE product_id = $1 AND state = 'interrupted'
       ORDER BY started_at DESC LIMIT ${Math.max(0, Math.trunc(limit))}`,
      [productId],
    );
    return rows.map(toRun);
  }
};

// dist/product/ingest-trail.js
var journal = new WriteJournal();
var outbox = new EventOutbox();
async function startIngestRun(ctx, d, parameters) {
  await ctx.audit.assertWritable(ctx.engine);
  const runId = randomUUID();
  const principal = (ctx.principal ?? LOCAL_ADMIN).id;
  await journal.startRun(ctx.engine, {
    runId,
    productId: d.id,
    productVersion: d.version,
    actor: ctx.actor,
    startedAt: ctx.now().toISOString(),
  });
  const batchParameters = (batch) => ({ ...parameters, run: runId, batch });
  return {
    runId,
    trail: {
      journal: async (s, batch, rows, at) => {
        await journal.record(s, {
          runId,
          batch,
          productId: d.id,
          productVersion: d.version,
          at,
          actor: ctx.actor,
          principal,
          parameters: batchParameters(batch),
          rowsAffected: rows,
        });
        await outbox.appendPending(s, {
          type: 'ingest.batch_committed',
          time: at,
          productId: d.id,
          domain: d.domain,
          principal,
          actor: ctx.actor,
          payload: { version: d.version, run: runId, batch, rowsAffected: rows },
        });
      },
      chain: (batch, rows, at) =>
        ctx.engine.transaction(async (tx) => {
          if (rows > 0) await ctx.registry.touchWrite(tx, d.id, at);
          await ctx.accessLog.record(tx, {
            at,
            actor: ctx.actor,
            operation: 'ingest_batch',
            productId: d.id,
            productVersion: d.version,
            parameters: batchParameters(batch),
            rowsAffected: rows,
            outcome: 'ok',
            message: null,
          });
          await journal.markChained(tx, runId, batch);
          await outbox.sequencePending(tx);
        }),
    },
    finish: (state) => journal.finishRun(ctx.engine, runId, state, ctx.now().toISOString()),
  };
}
async function recoverWriteJournal(engine, audit2) {
  if (!(await journal.hasPending(engine))) return { chained: 0, interrupted: 0 };
  const pending = await journal.unchained(engine);
  const logs = /* @__PURE__ */ new Map();
  for (const b of pending) {
    const log = logs.get(b.principal) ?? new AuditedAccessLog(audit2, b.principal);
    logs.set(b.principal, log);
    await engine.transaction(async (tx) => {
      await log.record(tx, {
        at: b.at,
        actor: b.actor,
        operation: 'ingest_batch',
        productId: b.productId,
        productVersion: b.productVersion,
        parameters: { ...b.parameters, recovered: true },
        rowsAffected: b.rowsAffected,
        outcome: 'ok',
        message: null,
      });
      await journal.markChained(tx, b.runId, b.batch);
    });
  }
  await engine.transaction((tx) => outbox.sequencePending(tx));
  const running = await journal.runningRuns(engine);
  for (const run2 of running) await journal.finishRun(engine, run2.runId, 'interrupted', null);
  return { chained: pending.length, interrupted: running.length };
}
function interruptedIngests(engine, productId) {
  return journal.interruptedRuns(engine, productId);
}

// dist/product/product-record.js
async function loadReadableProduct(ctx, productId, session = ctx.engine) {
  const record = await ctx.registry.find(session, productId);
  if (!record) throw new MeshError('not_found', `product ${productId} is not in the catalog`);
  if (record.descriptor.status === 'archived') {
    throw new MeshError(
      'conflict',
      `product ${productId} is archived; archived products refuse reads (its data is kept for audit only)`,
      { details: { productId, status: 'archived' } },
    );
  }
  return record;
}

// dist/product/published-documents.js
var documentStore = new ProductDocumentStore();
async function readPublishedDocuments(ctx, productId, version) {
  const record = await ctx.registry.find(ctx.engine, productId);
  if (!record) throw new MeshError('not_found', `product ${productId} is not in the catalog`);
  const wanted = version ?? record.descriptor.version;
  if (wanted !== record.descriptor.version) {
    const known = (await ctx.registry.versions(ctx.engine, productId)).map((d) => d.version);
    if (!known.includes(wanted)) {
      throw new MeshError(
        'not_found',
        `product ${productId} has no version ${wanted}; its versions are ${known.join(', ')}`,
        { details: { productId, version: wanted } },
      );
    }
  }
  return documentStore.list(ctx.engine, productId, wanted);
}

// dist/product/quality/mask-quality-report.js
function maskQualityReport(report, plan, key) {
  if (plan.size === 0) return report;
  const uniqueness =
    report.uniqueness === null
      ? null
      : {
          ...report.uniqueness,
          duplicates: report.uniqueness.duplicates.map((d) => ({
            key: maskRows([{ ...d.key }], plan, key)[0] ?? {},
            count: d.count,
          })),
        };
  return {
    ...report,
    uniqueness,
    validity: {
      ...report.validity,
      items: report.validity.items.map((item) => ({
        ...item,
        invalidKeys: maskRows(
          item.invalidKeys.map((k) => ({ ...k })),
          plan,
          key,
        ),
      })),
    },
  };
}

// dist/catalog/quality-run-store.js
var SUMMARY_COLUMNS =
  'run_number, product_id, product_version, checked_at, verdict, total_records, completeness, validity, uniqueness, derived_level';
var NUMBERED_RUNS = `(SELECT run_id, product_id, product_version, checked_at, verdict, total_records, completeness, validity,
   uniqueness, derived_level, report, ROW_NUMBER() OVER (ORDER BY run_id) AS run_number
   FROM mw_quality_runs WHERE product_id = $1) AS numbered`;
function num(v) {
  return v === null || v === void 0 ? null : Number(v);
}
function toSummary(r) {
  return {
    runId: Number(r.run_number),
    productId: String(r.product_id),
    productVersion: String(r.product_version),
    checkedAt: String(r.checked_at),
    verdict: String(r.verdict),
    totalRecords: Number(r.total_records),
    completeness: num(r.completeness),
    validity: num(r.validity),
    uniqueness: num(r.uniqueness),
    derivedLevel: String(r.derived_level),
  };
}
var QualityRunStore = class {
  /** Stores a run with its report (any JSON-serializable value) and returns its number among its product's runs. */
  async insert(s, run2, report) {
    const rows = await s.query(
      `INSERT INTO mw_quality_runs (run_id, product_id, product_version, checked_at, verdict, total_records,
         completeness, validity, uniqueness, derived_level, report)
       VALUES (nextval('mw_quality_runs_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING run_id`,
      [
        run2.productId,
        run2.productVersion,
        run2.checkedAt,
        run2.verdict,
        run2.totalRecords,
        run2.completeness,
        run2.validity,
        run2.uniqueness,
        run2.derivedLevel,
        JSON.stringify(report),
      ],
    );
    const id = rows[0]?.run_id;
    if (id === void 0 || id === null) throw new Error('storing a quality run returned no run id');
    const counted = await s.query(
      'SELECT COUNT(*) AS n FROM mw_quality_runs WHERE product_id = $1 AND run_id <= $2',
      [run2.productId, Number(id)],
    );
    return Number(counted[0]?.n);
  }
  /** Lists a product's runs, newest first. */
  async list(s, productId, limit = 20) {
    const n = Math.max(0, Math.trunc(limit));
    const rows = await s.query(
      `SELECT ${SUMMARY_COLUMNS} FROM ${NUMBERED_RUNS} ORDER BY run_id DESC LIMIT ${n}`,
      [productId],
    );
    return rows.map(toSummary);
  }
  /** Reads one run of a product (by its per-product number) with its report, or undefined. */
  async find(s, productId, runId) {
    const rows = await s.query(
      `SELECT ${SUMMARY_COLUMNS}, report FROM ${NUMBERED_RUNS} WHERE run_number = $2`,
      [productId, runId],
    );
    const row = rows[0];
    return row === void 0 ? void 0 : { summary: toSummary(row), report: JSON.parse(String(row.report)) };
  }
  /** Reads a product's most recent run with its report, or undefined when it was never checked. */
  async latest(s, productId) {
    const rows = await s.query(
      `SELECT ${SUMMARY_COLUMNS}, report FROM ${NUMBERED_RUNS} ORDER BY run_id DESC LIMIT 1`,
      [productId],
    );
    const row = rows[0];
    return row === void 0 ? void 0 : { summary: toSummary(row), report: JSON.parse(String(row.report)) };
  }
};

// dist/product/quality/measure-contract-checks.js
var documents = new ProductDocumentStore();
var RolledBack = class extends Error {
  value;
  constructor(value) {
    super('a read-only run is rolled back on purpose');
    this.value = value;
  }
};
async function readOnly(engine, fn) {
  try {
    await engine.transaction(async (tx) => {
      throw new RolledBack(await fn(tx));
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.value;
    throw error;
  }
  throw new Error('a read-only run returned without rolling back');
}
function locate(doc, path) {
  if (path === void 0) return doc.file;
  const keys = path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  const node = doc.yaml.getIn(keys, true);
  const offset = node?.range?.[0];
  return offset === void 0 ? doc.file : `${doc.file}:${doc.lineCounter.linePos(offset).line}`;
}
function columnsOf(check) {
  if (check.kind === 'unique') return [...check.fields];
  return 'field' in check && check.field !== void 0 ? [check.field] : [];
}
function sampleColumns(check) {
  if (check.kind === 'unique') return check.fields;
  if (check.sampleKeys.length > 0) return check.sampleKeys;
  return 'field' in check && check.field !== void 0 ? [check.field] : [];
}
function sortRows(rows, columns) {
  const text3 = (r) => JSON.stringify(columns.map((c) => r[c] ?? null));
  return rows.sort((a, b) => (text3(a) < text3(b) ? -1 : text3(a) > text3(b) ? 1 : 0));
}
async function runCheck(engine, check, query, showSamples) {
  return readOnly(engine, async (tx) => {
    const [row] = await tx.query(query.sql, query.params);
    const total = Number(row?.total ?? 0);
    if (row?.failing === null || row?.failing === void 0) {
      return { total, value: null, failingKeys: [], passed: null };
    }
    const failing = Number(row.failing);
    const outcome = evaluateQualityCheck(check, { total, failing });
    const failingKeys =
      !outcome.passed && failing > 0 && showSamples && query.samples !== void 0
        ? sortRows(await tx.query(query.samples.sql, query.samples.params), sampleColumns(check))
        : [];
    return { total, value: failing, failingKeys, passed: outcome.passed };
  });
}
async function measureContractChecks(ctx, record, options) {
  const d = record.descriptor;
  const contract = publishedContract(await documents.list(ctx.engine, d.id, d.version));
  if (contract === void 0) return { contract: null, items: [], passed: null };
  const fields = new Map(d.schema.fields.map((f) => [f.name, f]));
  const items = [];
  for (const check of compileContractLevelChecks(contract)) {
    const base = {
      id: check.id,
      kind: check.kind,
      severity: check.severity,
      ...(check.dimension === void 0 ? {} : { dimension: check.dimension }),
      ...(check.description === void 0 ? {} : { description: check.description }),
      ...('field' in check && check.field !== void 0 ? { field: check.field } : {}),
      location: locate(contract, check.path),
      expression: describeQualityCheck(check),
      expected: `${measuredQuantity(check)} ${formatThreshold(check.threshold)}`,
      threshold: check.threshold,
      unit: check.unit,
    };
    const notRun = (passed, note) => ({
      ...base,
      measured: null,
      failing: null,
      passed,
      failingKeys: [],
      note,
    });
    if (check.kind === 'custom') {
      items.push(
        notRun(
          null,
          check.engine === 'odcs'
            ? 'an invalidValues check without validValues or a pattern: nothing Meshwork can measure'
            : `runs on the ${check.engine} engine, which Meshwork does not run`,
        ),
      );
      continue;
    }
    const unknown = columnsOf(check).filter((c) => !fields.has(c));
    if (unknown.length > 0) {
      items.push(notRun(false, `names ${unknown.join(', ')}, which ${d.id} does not have`));
      continue;
    }
    let query;
    try {
      query =
        check.kind === 'sql'
          ? await guardContractSql(ctx.engine, check, record.tableName, d.id)
          : qualityCheckSql(check, record.tableName, quoteAnsiIdent, options);
    } catch (error) {
      if (!(error instanceof MeshError)) throw error;
      items.push(notRun(false, error.message));
      continue;
    }
    if (query === void 0) {
      items.push(notRun(null, 'Meshwork cannot measure this check in SQL'));
      continue;
    }
    const showSamples = sampleColumns(check).every((c) => fields.get(c)?.pii !== true);
    let m;
    try {
      m = await runCheck(ctx.engine, check, query, showSamples);
    } catch (error) {
      if (!(error instanceof MeshError) || error.code === 'storage_unavailable') throw error;
      items.push(
        notRun(false, `the check's query failed: ${error.message.replace(/^running a query: /, '')}`),
      );
      continue;
    }
    const wholeTable = check.kind === 'row_count' || check.kind === 'sql';
    const measured =
      m.value === null ? null : evaluateQualityCheck(check, { total: m.total, failing: m.value }).measured;
    items.push({
      ...base,
      measured,
      failing: wholeTable ? null : m.value,
      passed: m.passed,
      failingKeys: m.failingKeys,
      ...(m.value === null ? { note: 'the query returned no value (NULL)' } : {}),
    });
  }
  const failed = items.some((i) => i.passed === false && i.severity === 'error');
  const ran = items.some((i) => i.passed !== null);
  return { contract: contract.file, items, passed: failed ? false : ran ? true : null };
}

// dist/product/quality/measure-sla.js
function staleRun(run2, sla, now) {
  const name =
    run2.runId === 0
      ? `this quality run at ${run2.checkedAt}`
      : `quality run ${run2.runId} at ${run2.checkedAt}`;
  if (run2.totalRecords === 0)
    return `${name} checked 0 records, which measures nothing; ingest data and run \`meshwork quality\``;
  const window = sla.freshnessMinutes;
  if (window !== void 0 && (now.getTime() - Date.parse(run2.checkedAt)) / 6e4 > window)
    return `${name} is older than the ${window}-minute freshness window; run \`meshwork quality\` again`;
  return void 0;
}
function percentTarget(target, measured, run2, stale) {
  if (run2 === null || stale !== void 0)
    return {
      target: target ?? null,
      measured: null,
      met: null,
      basis: stale ?? 'no quality run yet; run `meshwork quality`',
    };
  return {
    target: target ?? null,
    measured,
    met: target === void 0 || measured === null ? null : measured >= target,
    basis:
      run2.runId === 0
        ? `this quality run at ${run2.checkedAt}`
        : `quality run ${run2.runId} at ${run2.checkedAt}`,
  };
}
function measureSla(input) {
  const { sla, lastWriteAt, run: run2, now } = input;
  const ageMinutes =
    lastWriteAt === null ? null : Math.max(0, (now.getTime() - Date.parse(lastWriteAt)) / 6e4);
  const targetMinutes = sla.freshnessMinutes ?? null;
  const freshness = {
    targetMinutes,
    lastWriteAt,
    ageMinutes: ageMinutes === null ? null : Math.round(ageMinutes * 100) / 100,
    // A product never written cannot be fresh.
    met: targetMinutes === null ? null : ageMinutes !== null && ageMinutes <= targetMinutes,
    basis: lastWriteAt === null ? 'never written' : `last successful write at ${lastWriteAt}`,
  };
  const stale = run2 === null ? void 0 : staleRun(run2, sla, now);
  const completeness = percentTarget(sla.completeness, run2?.completeness ?? null, run2, stale);
  const accuracy = percentTarget(sla.accuracy, run2?.accuracy ?? null, run2, stale);
  const measuredAvailability = input.availability;
  const availability =
    measuredAvailability === void 0
      ? {
          target: sla.availability ?? null,
          measured: null,
          met: null,
          basis:
            'unmeasured: no server measures this store\u2019s availability (the CLI and SDK open it only while they run)',
        }
      : {
          target: sla.availability ?? null,
          measured: measuredAvailability.measured,
          met: sla.availability === void 0 ? null : measuredAvailability.measured >= sla.availability,
          basis: measuredAvailability.basis,
        };
  const declared = [
    targetMinutes === null ? void 0 : freshness.met,
    completeness.target === null ? void 0 : completeness.met,
    accuracy.target === null ? void 0 : accuracy.met,
    availability.target === null ? void 0 : availability.met,
  ].filter((m) => m !== void 0);
  const verdict = declared.some((m) => m === false)
    ? 'missed'
    : declared.length > 0 && declared.every((m) => m === true)
      ? 'met'
      : 'unknown';
  return {
    productId: input.productId,
    measuredAt: now.toISOString(),
    availability,
    freshness,
    completeness,
    accuracy,
    verdict,
    declaredTargets: declared.length,
    measuredTargets: declared.filter((m) => m !== null).length,
    met: verdict === 'unknown' ? null : verdict === 'met',
  };
}

// dist/product/quality/quality-events.js
var outbox2 = new EventOutbox();
function slaVerdictOf(report) {
  const verdict = report?.sla?.verdict;
  return verdict === 'met' || verdict === 'missed' || verdict === 'unknown' ? verdict : null;
}
async function recordQualityEvents(s, ctx, d, report, previous) {
  const common = {
    time: report.checkedAt,
    productId: d.id,
    domain: d.domain,
    principal: (ctx.principal ?? LOCAL_ADMIN).id,
    actor: ctx.actor,
  };
  const sla = report.sla.verdict;
  await outbox2.append(s, {
    ...common,
    type: 'quality.run_finished',
    payload: {
      version: d.version,
      runId: report.runId,
      verdict: report.verdict,
      totalRecords: report.totalRecords,
      completeness: report.completeness.overall,
      accuracy: report.validity.accuracy,
      qualityLevel: report.qualityLevel.derived,
      sla,
      failures: report.failures.length,
    },
  });
  const figures = {
    version: d.version,
    runId: report.runId,
    previous,
    verdict: sla,
    freshness: report.sla.freshness.met,
    completeness: report.sla.completeness.met,
    accuracy: report.sla.accuracy.met,
  };
  if (sla === 'missed' && previous !== 'missed')
    await outbox2.append(s, { ...common, type: 'sla.breached', payload: figures });
  else if (sla === 'met' && previous === 'missed')
    await outbox2.append(s, { ...common, type: 'sla.recovered', payload: figures });
}

// dist/product/quality/run-quality-report.js
var EXAMPLES = 10;
var DUPLICATE_SCAN = 1e3;
var runs = new QualityRunStore();
function percent(part, total) {
  return total === 0 ? null : (part / total) * 100;
}
function meets(rate, target) {
  return rate === null || target === null ? null : rate >= target;
}
function shown(n) {
  return n === null ? 'n/a' : `${Math.round(n * 100) / 100}%`;
}
function columnOf(d, name) {
  const f = d.schema.fields.find((x) => x.name === name);
  if (f === void 0) throw new Error(`${d.id} has no field ${name}`);
  return { name: f.name, type: f.type, notNull: f.required };
}
async function measureCompleteness(s, record, total, target) {
  const d = record.descriptor;
  const fields = d.schema.fields;
  if (fields.length === 0) return [];
  const [row] = await s.aggregate(record.tableName, {
    groupBy: [],
    measures: fields.map((f, i) => ({ fn: 'count', column: columnOf(d, f.name), as: `$c${i}` })),
  });
  return fields.map((f, i) => {
    const present = Number(row?.[`$c${i}`] ?? 0);
    const rate = percent(present, total);
    const fieldTarget = f.required ? target : null;
    return {
      field: f.name,
      required: f.required,
      present,
      missing: total - present,
      rate,
      target: fieldTarget,
      passed: meets(rate, fieldTarget),
    };
  });
}
async function measureUniqueness(s, record, total) {
  const d = record.descriptor;
  const key = d.schema.primaryKey;
  if (key.length === 0) return null;
  const keyColumns = key.map((k) => columnOf(d, k));
  const groups = await s.aggregate(record.tableName, {
    groupBy: keyColumns,
    measures: [{ fn: 'count', as: '$n' }],
    orderBy: [{ column: '$n', direction: 'desc' }, ...key.map((k) => ({ column: k, direction: 'asc' }))],
    limit: DUPLICATE_SCAN,
  });
  const repeated = groups.filter((g) => Number(g.$n) > 1);
  let distinct;
  const [only] = keyColumns;
  if (keyColumns.length === 1 && only !== void 0) {
    const [row] = await s.aggregate(record.tableName, {
      groupBy: [],
      measures: [{ fn: 'count_distinct', column: only, as: '$d' }],
    });
    distinct = Number(row?.$d ?? 0);
  } else {
    distinct = total - repeated.reduce((sum, g) => sum + Number(g.$n) - 1, 0);
  }
  const duplicateRecords = total - distinct;
  const rate = percent(distinct, total);
  return {
    key,
    total,
    distinct,
    duplicateRecords,
    rate,
    target: 100,
    passed: meets(rate, 100),
    duplicates: repeated.slice(0, EXAMPLES).map((g) => {
      const k = {};
      for (const name of key) k[name] = g[name] ?? null;
      return { key: k, count: Number(g.$n) };
    }),
  };
}
async function measureValidity(s, record, checks, total, target) {
  const d = record.descriptor;
  const key = d.schema.primaryKey;
  const showKeys =
    key.length > 0 && key.every((k) => d.schema.fields.find((f) => f.name === k)?.pii !== true);
  const keys = showKeys ? key.map((k) => columnOf(d, k)) : [];
  const items = [];
  for (const check of checks) {
    const m = await measureValidityCheck(s, record.tableName, check, { total, keys, sampleLimit: EXAMPLES });
    const rate = percent(m.valid, total);
    items.push({
      name: check.name,
      kind: check.kind,
      ...(check.field === void 0 ? {} : { field: check.field }),
      expression: check.expression,
      description: check.description,
      valid: m.valid,
      invalid: m.invalid,
      rate,
      target,
      passed: meets(rate, target),
      invalidKeys: m.invalidKeys,
    });
  }
  return items;
}
async function countValidRecords(s, record, checks, items, total) {
  const filters = [];
  for (const c of checks) if (c.method === 'filter') filters.push(c.filter);
  const passingFilters =
    filters.length === 0 ? total : await s.count(record.tableName, { kind: 'and', items: filters });
  const patternFailures = items
    .filter((item, i) => checks[i]?.method === 'pattern' && item.invalid > 0)
    .reduce((sum, item) => sum + item.invalid, 0);
  return { validRecords: Math.max(0, passingFilters - patternFailures), exact: patternFailures === 0 };
}
function listFailures(report) {
  const out = [];
  for (const c of report.completeness.items) {
    if (c.passed === false) {
      out.push(
        `completeness of ${c.field} is ${shown(c.rate)}, below the ${c.target}% SLA target (${c.missing} missing)`,
      );
    }
  }
  const u = report.uniqueness;
  if (u?.passed === false) {
    out.push(`key ${u.key.join(', ')} is ${shown(u.rate)} unique: ${u.duplicateRecords} duplicate record(s)`);
  }
  for (const v of report.validity.items) {
    if (v.passed === false) {
      out.push(
        `${v.kind} ${v.name} (${v.expression}) holds for ${shown(v.rate)}, below the ${v.target}% accuracy target (${v.invalid} invalid)`,
      );
    }
  }
  for (const c of report.contractChecks.items) {
    if (c.passed === false && c.severity === 'error') {
      out.push(
        c.measured === null
          ? `contract check ${c.id} (${c.location}) failed: ${c.note ?? 'not measured'}`
          : `contract check ${c.id} (${c.expression}) measured ${Math.round(c.measured * 100) / 100}, expected ${c.expected}`,
      );
    }
  }
  return out;
}
async function runQualityReport(ctx, productId, options = {}) {
  const measuredRecord = await loadReadableProduct(ctx, productId);
  const contractChecks = await measureContractChecks(ctx, measuredRecord, {
    now: ctx.now(),
    sampleLimit: EXAMPLES,
  });
  return ctx.engine.transaction(async (tx) => {
    const record = await loadReadableProduct(ctx, productId, tx);
    const d = record.descriptor;
    if (d.version !== measuredRecord.descriptor.version) {
      throw new MeshError(
        'conflict',
        `${productId} moved from version ${measuredRecord.descriptor.version} to ${d.version} while its checks ran; run them again`,
      );
    }
    const checks = compileContractChecks(d.schema);
    const completenessTarget = d.sla.completeness ?? 100;
    const accuracyTarget = d.sla.accuracy ?? 100;
    const checkedAt = ctx.now().toISOString();
    const total = await tx.count(record.tableName);
    const completenessItems = await measureCompleteness(tx, record, total, completenessTarget);
    const required = completenessItems.filter((c) => c.required);
    const requiredPresent = required.reduce((sum, c) => sum + c.present, 0);
    const overall = percent(requiredPresent, total * required.length);
    const uniqueness = await measureUniqueness(tx, record, total);
    const validityItems = await measureValidity(tx, record, checks.validity, total, accuracyTarget);
    const { validRecords, exact } = await countValidRecords(
      tx,
      record,
      checks.validity,
      validityItems,
      total,
    );
    const accuracy = percent(validRecords, total);
    const sla = measureSla({
      productId: d.id,
      sla: d.sla,
      lastWriteAt: record.lastWriteAt,
      run: { runId: 0, checkedAt, totalRecords: total, completeness: overall, accuracy },
      now: ctx.now(),
    });
    const rules = d.qualityLevels ?? DEFAULT_QUALITY_LEVEL_RULES;
    const derived = deriveQualityLevel(rules, {
      totalRecords: total,
      completeness: overall,
      validity: accuracy,
      uniqueness: uniqueness?.rate ?? null,
      fresh: sla.freshness.met,
    });
    const body = {
      productId: d.id,
      version: d.version,
      checkedAt,
      totalRecords: total,
      completeness: {
        items: completenessItems,
        overall,
        target: completenessTarget,
        passed: meets(overall, completenessTarget),
      },
      uniqueness,
      validity: {
        items: validityItems,
        validRecords,
        validRecordsExact: exact,
        accuracy,
        target: accuracyTarget,
        passed: meets(accuracy, accuracyTarget),
      },
      contractChecks,
      sla,
      qualityLevel: {
        declared: d.qualityLevel,
        derived: derived.level,
        rules,
        rulesSource: d.qualityLevels === void 0 ? 'default' : 'contract',
        unmet: derived.unmet,
      },
    };
    const failures = listFailures(body);
    const verdict = total === 0 ? 'no_data' : failures.length > 0 ? 'fail' : 'pass';
    const summary = {
      productId: d.id,
      productVersion: d.version,
      checkedAt,
      verdict,
      totalRecords: total,
      completeness: overall,
      validity: accuracy,
      uniqueness: uniqueness?.rate ?? null,
      derivedLevel: derived.level,
    };
    if (options.store === false) return { runId: 0, ...body, verdict, failures };
    const previous = slaVerdictOf((await runs.latest(tx, d.id))?.report);
    const runId = await runs.insert(tx, summary, { ...body, verdict, failures });
    const report = { runId, ...body, verdict, failures };
    await recordQualityEvents(tx, ctx, d, report, previous);
    return report;
  });
}
async function listQualityRuns(ctx, productId, limit = 20) {
  if (!(await ctx.registry.find(ctx.engine, productId))) {
    throw new MeshError('not_found', `product ${productId} is not in the catalog`);
  }
  return runs.list(ctx.engine, productId, limit);
}
async function readQualityRun(ctx, productId, runId) {
  const found = await runs.find(ctx.engine, productId, runId);
  if (!found) {
    throw new MeshError(
      'not_found',
      `product ${productId} has no quality run ${runId}; list its runs with \`meshwork quality ${productId} --history\``,
    );
  }
  const report = found.report;
  return {
    ...report,
    contractChecks: report.contractChecks ?? { contract: null, items: [], passed: null },
    runId: found.summary.runId,
  };
}
async function measureProductSla(ctx, productId) {
  const record = await ctx.registry.find(ctx.engine, productId);
  if (!record) throw new MeshError('not_found', `product ${productId} is not in the catalog`);
  const latest = await runs.latest(ctx.engine, productId);
  return measureSla({
    productId,
    sla: record.descriptor.sla,
    lastWriteAt: record.lastWriteAt,
    run:
      latest === void 0
        ? null
        : {
            runId: latest.summary.runId,
            checkedAt: latest.summary.checkedAt,
            totalRecords: latest.summary.totalRecords,
            completeness: latest.summary.completeness,
            accuracy: latest.summary.validity,
          },
    now: ctx.now(),
  });
}

// dist/product/query-options.js
function unknownField2(spec, name, where) {
  return new MeshError(
    'invalid_input',
    `unknown field "${name}" in ${where} of ${spec.id}; known fields: ${spec.schema.fields.map((f) => f.name).join(', ')}`,
    { details: { field: name } },
  );
}
function parseOrder(spec, input) {
  let field2;
  let direction = 'asc';
  if (typeof input === 'string') {
    const m = /^\s*(-)?([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/i.exec(input);
    if (!m)
      throw new MeshError(
        'invalid_input',
        `cannot read order "${input}"; write a field name, optionally followed by asc or desc`,
      );
    field2 = m[2];
    if (m[1] === '-' || m[3]?.toLowerCase() === 'desc') direction = 'desc';
  } else {
    field2 = input.field;
    direction = input.direction ?? 'asc';
  }
  if (!spec.schema.fields.some((f) => f.name === field2)) throw unknownField2(spec, field2, 'orderBy');
  return { column: field2, direction };
}
function count(name, value) {
  if (value === void 0) return void 0;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new MeshError('invalid_input', `${name} must be a whole number of 0 or more, got ${value}`);
  }
  return value;
}
function encodeCursor(order, values) {
  return Buffer.from(
    JSON.stringify({ o: order.map((o) => `${o.column}:${o.direction}`), v: values }),
  ).toString('base64url');
}
function fitsType(value, type) {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && isDateString(value);
    case 'timestamp':
      return typeof value === 'string' && normalizeTimestamp(value) !== void 0;
    default:
      return false;
  }
}
function decodeCursor(cursor, order, types) {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const expected = order.map((o) => `${o.column}:${o.direction}`);
    if (JSON.stringify(parsed.o) !== JSON.stringify(expected) || !Array.isArray(parsed.v))
      throw new Error('order');
    if (parsed.v.length !== order.length || !parsed.v.every((v, i) => fitsType(v, types[i])))
      throw new Error('values');
    return parsed.v;
  } catch {
    throw new MeshError(
      'invalid_input',
      'the cursor is not valid for this query; reuse the nextCursor of the previous page with the same filter and order',
    );
  }
}
function resolveQuery(spec, options = {}) {
  const byName = new Map(spec.schema.fields.map((f) => [f.name, f]));
  const names = options.columns ?? spec.schema.fields.map((f) => f.name);
  if (names.length === 0) throw new MeshError('invalid_input', 'columns must name at least one field');
  const columns = names.map((n) => {
    const f = byName.get(n);
    if (!f) throw unknownField2(spec, n, 'columns');
    return { name: f.name, type: f.type, notNull: f.required };
  });
  const rawOrder =
    options.orderBy === void 0 ? [] : Array.isArray(options.orderBy) ? options.orderBy : [options.orderBy];
  const order = rawOrder.map((o) => parseOrder(spec, o));
  const limit = count('limit', options.limit);
  const offset = count('offset', options.offset);
  const direction = order[0]?.direction ?? 'asc';
  const oneDirection = order.every((o) => o.direction === direction);
  const key = spec.schema.primaryKey;
  const pageable =
    oneDirection && key.length > 0 && order.every((o) => byName.get(o.column)?.required === true);
  const fullOrder = pageable
    ? [
        ...order,
        ...key.filter((k) => !order.some((o) => o.column === k)).map((k) => ({ column: k, direction })),
      ]
    : order;
  const hidden = [];
  if (pageable) {
    for (const o of fullOrder) {
      if (!columns.some((c) => c.name === o.column)) {
        const f = byName.get(o.column);
        if (f) {
          columns.push({ name: f.name, type: f.type, notNull: f.required });
          hidden.push(f.name);
        }
      }
    }
  }
  let after;
  if (options.cursor !== void 0) {
    if (!pageable) {
      throw new MeshError(
        'invalid_input',
        'cursor paging needs a primary key, one order direction and required (non-null) order fields; use offset instead',
      );
    }
    if (offset !== void 0 && offset > 0)
      throw new MeshError('invalid_input', 'use either cursor or offset, not both');
    after = decodeCursor(
      options.cursor,
      fullOrder,
      fullOrder.map((o) => byName.get(o.column)?.type),
    );
  }
  return { columns, hidden, orderBy: fullOrder, limit, offset, after, pageable };
}
function nextCursorFor(plan, rows) {
  if (!plan.pageable || plan.limit === void 0 || rows.length < plan.limit) return null;
  const last = rows[rows.length - 1];
  if (!last) return null;
  return encodeCursor(
    plan.orderBy,
    plan.orderBy.map((o) => last[o.column] ?? null),
  );
}

// dist/product/segments/product-segments.js
var store2 = new SegmentStore();
function share(count2, total) {
  return total === 0 ? 0 : (count2 / total) * 100;
}
var ProductSegments = class {
  productId;
  #ctx;
  #access;
  /** @internal Use `product.segments()`. */
  constructor(ctx, productId, access) {
    this.#ctx = ctx;
    this.productId = productId;
    this.#access = access;
  }
  /** Logs a read of segment sizes as a `query` access of the product. */
  async #logCount(d, parameters) {
    await this.#ctx.accessLog.record(this.#ctx.engine, {
      at: this.#ctx.now().toISOString(),
      actor: this.#ctx.actor,
      operation: 'query',
      productId: d.id,
      productVersion: d.version,
      parameters: {
        count: true,
        segments: parameters.segments,
        ...(parameters.withheld && parameters.withheld.length > 0 ? { withheld: parameters.withheld } : {}),
      },
      rowsAffected: 0,
      outcome: 'ok',
      message: null,
    });
  }
  /** Lists the product's segments: those its contract declares, then those created in the catalog. */
  async list() {
    const { descriptor } = await loadReadableProduct(this.#ctx, this.productId);
    return listSegmentDefinitions(this.#ctx.engine, descriptor);
  }
  /**
   * Finds one segment by name.
   * @throws MeshError `not_found` naming the segments that exist.
   */
  async get(name) {
    const { descriptor } = await loadReadableProduct(this.#ctx, this.productId);
    return findSegmentDefinition(this.#ctx.engine, descriptor, name);
  }
  /**
   * Keeps a new segment in the catalog after checking its filter against the product's schema. Every reader of the
   * product sees it, so only a platform admin or an owner of the product's domain may create one.
   * @throws MeshError `invalid_input` for a bad name or filter, `already_exists` when the name is taken, `unauthorized`
   * for anyone else (audited as a denied `segment` operation).
   */
  async create(segment) {
    await this.#access.guard.assertWrite(
      (await loadReadableProduct(this.#ctx, this.productId)).descriptor,
      'segment',
    );
    if (!SEGMENT_NAME_PATTERN.test(segment.name)) {
      throw new MeshError(
        'invalid_input',
        `segment name "${segment.name}" must start with a lowercase letter and use a-z, 0-9, _ and - only (at most 63 characters)`,
      );
    }
    const ctx = this.#ctx;
    return ctx.engine.transaction(async (tx) => {
      const { descriptor: d } = await loadReadableProduct(ctx, this.productId, tx);
      const problem = findSegmentFilterProblem(segment.where, d.schema);
      if (problem !== void 0) {
        throw new MeshError('invalid_input', `segment ${segment.name} has an invalid filter: ${problem}`, {
          details: { segment: segment.name, where: segment.where },
        });
      }
      const existing = (await listSegmentDefinitions(tx, d)).find((x) => x.name === segment.name);
      if (existing) {
        throw new MeshError(
          'already_exists',
          `product ${d.id} already has a segment ${segment.name} (from its ${existing.source}); pick another name${existing.source === 'catalog' ? ' or remove it first' : ''}`,
        );
      }
      const at = ctx.now().toISOString();
      const stored = {
        productId: d.id,
        name: segment.name,
        where: segment.where,
        ...(segment.description === void 0 ? {} : { description: segment.description }),
        createdBy: ctx.actor,
        createdAt: at,
      };
      await store2.insert(tx, stored);
      await ctx.accessLog.record(tx, {
        at,
        actor: ctx.actor,
        operation: 'segment',
        productId: d.id,
        productVersion: d.version,
        parameters: { action: 'create', segment: segment.name, where: segment.where },
        rowsAffected: 0,
        outcome: 'ok',
        message: null,
      });
      return { ...stored, source: 'catalog' };
    });
  }
  /**
   * Removes a segment created in the catalog (platform admins and owners of the product's domain).
   * @throws MeshError `not_found` for an unknown segment, `conflict` for one declared in the contract, `unauthorized`
   * for anyone else.
   */
  async remove(name) {
    await this.#access.guard.assertWrite(
      (await loadReadableProduct(this.#ctx, this.productId)).descriptor,
      'segment',
    );
    const ctx = this.#ctx;
    await ctx.engine.transaction(async (tx) => {
      const { descriptor: d } = await loadReadableProduct(ctx, this.productId, tx);
      const segment = await findSegmentDefinition(tx, d, name);
      if (segment.source === 'contract') {
        throw new MeshError(
          'conflict',
          `segment ${name} is declared in the contract of ${d.id}; remove it from the product descriptor and publish a new version instead`,
        );
      }
      await store2.remove(tx, d.id, name);
      await ctx.accessLog.record(tx, {
        at: ctx.now().toISOString(),
        actor: ctx.actor,
        operation: 'segment',
        productId: d.id,
        productVersion: d.version,
        parameters: { action: 'remove', segment: name },
        rowsAffected: 0,
        outcome: 'ok',
        message: null,
      });
    });
  }
  /**
   * Counts every segment's records right now, with each one's share of all records. Needs read access like `query`;
   * the size of a segment filtering on fields masked for the reader is withheld (it would reveal their values).
   * Logged as a `query` access.
   * @throws MeshError `invalid_input` when a segment no longer fits the schema; `unauthorized` without read access.
   */
  async statistics() {
    const { descriptor: d, tableName } = await loadReadableProduct(this.#ctx, this.productId);
    const access = await this.#access.guard.read(d, 'query');
    const engine = this.#ctx.engine;
    const definitions = await listSegmentDefinitions(engine, d);
    const total = await engine.count(tableName);
    const segments = [];
    for (const def of definitions) {
      const filter = segmentFilter(def, d);
      const masked = filterFields(filter).filter((f) => access.masked.has(f));
      if (masked.length > 0) {
        segments.push({
          ...def,
          count: null,
          share: null,
          withheld: `it filters on ${masked.join(', ')}, PII masked for you; request access with PII (meshwork access request ${d.id} --pii) to see its size`,
        });
        continue;
      }
      const count2 = await engine.count(tableName, filter);
      segments.push({ ...def, count: count2, share: share(count2, total) });
    }
    await this.#logCount(d, {
      segments: segments.filter((x) => x.count !== null).map((x) => x.name),
      withheld: segments.filter((x) => x.count === null).map((x) => x.name),
    });
    return { productId: d.id, computedAt: this.#ctx.now().toISOString(), total, segments };
  }
  /**
   * Counts one segment's records right now. Needs read access like `query`, and is refused for a segment filtering
   * on fields masked for the reader. Logged as a `query` access.
   * @throws MeshError `not_found` for an unknown segment; `unauthorized` without read access; `policy_denied` for a
   * segment over masked fields.
   */
  async statistic(name) {
    const { descriptor: d, tableName } = await loadReadableProduct(this.#ctx, this.productId);
    const engine = this.#ctx.engine;
    const def = await findSegmentDefinition(engine, d, name);
    const filter = segmentFilter(def, d);
    await this.#access.guard.read(d, 'query', { filter });
    const total = await engine.count(tableName);
    const count2 = await engine.count(tableName, filter);
    await this.#logCount(d, { segments: [def.name] });
    return { ...def, count: count2, share: share(count2, total) };
  }
  /**
   * Reads a segment's records (optionally narrowed by another filter) through the product's query, so the read is
   * access-logged and paged like any other.
   * @throws MeshError `not_found` for an unknown segment, `invalid_input` for a bad filter or options.
   */
  async members(name, options = {}) {
    const { descriptor: d } = await loadReadableProduct(this.#ctx, this.productId);
    const def = await findSegmentDefinition(this.#ctx.engine, d, name);
    const { where, ...query } = options;
    const items = [segmentFilter(def, d)];
    if (where !== void 0) items.push(bindFilter(toFilter(where), d.schema));
    return this.#access.members(bindFilter({ kind: 'and', items }, d.schema), query);
  }
};

// dist/product/data-product.js
var BLOCK = 8192;
function* fromArray(records) {
  for (let start = 0; start < records.length; start += BLOCK) {
    const end = Math.min(records.length, start + BLOCK);
    const block = new Array(end - start);
    for (let i = start; i < end; i++) block[i - start] = { value: records[i] };
    yield block;
  }
}
async function* fromAsync(records) {
  let block = [];
  for await (const value of records) {
    block.push({ value });
    if (block.length >= BLOCK) {
      yield block;
      block = [];
    }
  }
  if (block.length > 0) yield block;
}
var DataProduct = class {
  id;
  #ctx;
  /** Governance: who may change and read this product, masking, policies and lifecycle guards. */
  #guard;
  #validator;
  /** @internal Use `mesh.product(id)` or `mesh.createProduct(spec)`. */
  constructor(ctx, id) {
    this.#ctx = ctx;
    this.id = id;
    this.#guard = new ProductGuard(ctx);
  }
  async #record(s = this.#ctx.engine) {
    const record = await this.#ctx.registry.find(s, this.id);
    if (!record) throw new MeshError('not_found', `product ${this.id} is not in the catalog`);
    return record;
  }
  /** Loads the product for a data operation; archived products refuse data access. */
  async #open(operation) {
    const record = await this.#record();
    if (record.descriptor.status === 'archived') {
      throw new MeshError(
        'conflict',
        `product ${this.id} is archived; archived products refuse ${operation === 'query' ? 'reads' : 'writes'} (its data is kept for audit only)`,
        { details: { productId: this.id, status: 'archived', operation } },
      );
    }
    const derived = record.descriptor.derived;
    if (derived !== void 0 && operation !== 'query') {
      throw new MeshError(
        'conflict',
        `product ${this.id} is derived from ${derived.inputs.join(' and ')}: its records are computed by \`meshwork refresh ${this.id}\`, not written directly`,
        { details: { productId: this.id, operation } },
      );
    }
    if (operation !== 'query') await this.#guard.assertWrite(record.descriptor, operation);
    return record;
  }
  /**
   * Loads the product for a read of one storage generation: the one asked for, else the older major a consumer's
   * grant pins (inside its migration window), else the current one. `served` is set when it is not the current one.
   * @throws MeshError `invalid_input` for an unreadable version; `not_found` for a version never published.
   */
  async #openRead(version) {
    const record = await this.#open('query');
    const current = record.descriptor;
    let generation = version === void 0 ? void 0 : parseGeneration(version);
    if (generation === void 0) {
      const pinned = await this.#guard.pinnedMajor(current);
      if (pinned !== void 0) generation = String(pinned);
    }
    if (generation === void 0 || generation === storageGeneration(current.version))
      return { current, descriptor: current, tableName: record.tableName };
    const found = await this.#ctx.registry.findGeneration(this.#ctx.engine, record, generation);
    if (found === void 0 || !(await this.#ctx.engine.tableExists(found.tableName))) {
      if (version === void 0) return { current, descriptor: current, tableName: record.tableName };
      const known = [
        ...new Set(
          (await this.#ctx.registry.versions(this.#ctx.engine, this.id)).map((v) =>
            generationLabel(storageGeneration(v.version)),
          ),
        ),
      ];
      throw new MeshError(
        'not_found',
        `${this.id} has no published version ${version} to read; its versions are ${known.join(', ')} (current ${current.version})`,
        { details: { productId: this.id, version, versions: known } },
      );
    }
    return { current, descriptor: found.descriptor, tableName: found.tableName, served: found.descriptor };
  }
  #validatorFor(d, options = {}) {
    if (options.partial) return compileRecordValidator(d.schema, { partial: true });
    if (this.#validator?.version !== d.version) {
      this.#validator = { version: d.version, validator: compileRecordValidator(d.schema) };
    }
    return this.#validator.validator;
  }
  async #log(s, d, operation, parameters, rowsAffected) {
    await this.#ctx.accessLog.record(s, {
      at: this.#ctx.now().toISOString(),
      actor: this.#ctx.actor,
      operation,
      productId: d.id,
      productVersion: d.version,
      parameters,
      rowsAffected,
      outcome: 'ok',
      message: null,
    });
  }
  /** The product's current descriptor from the catalog. */
  async descriptor() {
    return (await this.#record()).descriptor;
  }
  /** Every version of the product the catalog has recorded, oldest first, with its state and table. */
  async versions() {
    await this.#record();
    return this.#ctx.registry.versionEntries(this.#ctx.engine, this.id);
  }
  /**
   * The output ports consumers read the product through: `default`, serving the current version, and serving each
   * older published major that keeps its table (read with `version`), newest first.
   */
  async outputPorts() {
    const record = await this.#record();
    const { descriptor, tableName } = record;
    const generations = [
      ...new Set(
        (await this.#ctx.registry.versions(this.#ctx.engine, this.id))
          .filter((v) => v.status !== 'draft' || v.version === descriptor.version)
          .map((v) => storageGeneration(v.version)),
      ),
    ].filter((g) => g !== storageGeneration(descriptor.version));
    const older = [];
    for (const generation of generations.reverse()) {
      const found = await this.#ctx.registry.findGeneration(this.#ctx.engine, record, generation);
      if (found === void 0 || !(await this.#ctx.engine.tableExists(found.tableName))) continue;
      older.push({
        version: found.descriptor.version,
        table: found.tableName,
        readAs: generationLabel(generation),
      });
    }
    return outputPortsOf(descriptor, tableName, older);
  }
  /**
   * Validates records against the contract and stores the valid ones, one transaction per batch.
   * Accepts one record, an array, or an async iterable (streamed in batches).
   * @example await product.ingest([{ transaction_id: 'TXN001', amount: 150 }])
   */
  async ingest(records, options = {}) {
    const source = Array.isArray(records)
      ? fromArray(records)
      : typeof records === 'object' && records !== null && Symbol.asyncIterator in records
        ? fromAsync(records)
        : fromArray([records]);
    return this.#ingestSource(
      source,
      () => void 0,
      { source: Array.isArray(records) ? 'array' : 'records' },
      options,
    );
  }
  /**
   * Reads a JSON array, NDJSON, CSV or Parquet file and ingests its records; NDJSON, CSV and Parquet are streamed,
   * never loaded whole, and CSV cells are typed to the contract's fields.
   * @throws MeshError `not_found` for a missing file, `invalid_input` for malformed JSON or a non-array document,
   * `contract_violation` (nothing written) for a CSV file without a column for a required field.
   */
  async ingestFile(path, options = {}) {
    const { descriptor } = await this.#open('ingest');
    const fieldTypes = Object.fromEntries(descriptor.schema.fields.map((f) => [f.name, f.type]));
    const requiredFields = descriptor.schema.fields.filter((f) => f.required).map((f) => f.name);
    const source = await openRecordFile(path, { fieldTypes, requiredFields, ...options });
    return this.#ingestSource(
      source.chunks(),
      () => source.progress(),
      { source: source.description },
      options,
    );
  }
  /**
   * Atomically replaces the records matching `scope` with `records`: in one transaction the matching records are
   * removed and the new ones written. Every new record must pass the contract and keys must be unique, otherwise
   * nothing changes. Connectors use this to refresh what they materialized without ever duplicating it.
   * @throws ContractViolationError listing the refused records; MeshError `invalid_input` for an empty scope.
   */
  async replace(scope, records) {
    const { descriptor: d, tableName } = await this.#open('ingest');
    const where = this.#requireFilter(d, scope, 'replace');
    const validator = this.#validatorFor(d);
    const table = toTableSpec(d, tableName);
    const rows = [];
    const issues = [];
    const keyAt = table.primaryKey.map((k) => table.columns.findIndex((c) => c.name === k));
    const seen = /* @__PURE__ */ new Set();
    records.forEach((record, index) => {
      const checked = validator.validate(record, index);
      if (!checked.ok) {
        issues.push(...checked.issues);
        return;
      }
      if (keyAt.length > 0) {
        const key = JSON.stringify(keyAt.map((i) => checked.row[i]));
        if (seen.has(key)) {
          issues.push({
            path: [index],
            code: 'duplicate_key',
            message: `record ${index} repeats the key ${key}`,
          });
          return;
        }
        seen.add(key);
      }
      rows.push(checked.row);
    });
    if (issues.length > 0) {
      throw new ContractViolationError(
        `replace in ${this.id} refused: ${issues.length} problem(s) in the new records, nothing was changed; first: ${issues[0]?.message ?? ''}`,
        issues,
      );
    }
    return this.#ctx.engine.transaction(async (tx) => {
      const removed = await tx.delete(tableName, where);
      const result = await tx.insertRows(table, rows);
      if (result.duplicateIndexes.length > 0) {
        const i = result.duplicateIndexes[0];
        throw new ContractViolationError(
          `replace in ${this.id} refused: ${result.duplicateIndexes.length} new record(s) collide with stored records outside the scope (first: ${JSON.stringify(keyAt.map((k) => rows[i]?.[k]))}); nothing was changed`,
          result.duplicateIndexes.map((index) => ({
            path: [index],
            code: 'duplicate_key',
            message: 'key is stored outside the replaced scope',
          })),
        );
      }
      const at = this.#ctx.now().toISOString();
      await this.#ctx.registry.touchWrite(tx, this.id, at);
      await this.#log(
        tx,
        d,
        'ingest',
        { mode: 'replace', scope: formatFilter(where), removed, inserted: result.inserted },
        result.inserted,
      );
      return { removed, inserted: result.inserted };
    });
  }
  async #ingestSource(source, progress, parameters, options) {
    const { descriptor: d, tableName } = await this.#open('ingest');
    const table = toTableSpec(d, tableName);
    const run2 = await startIngestRun(this.#ctx, d, parameters);
    let result;
    try {
      result = await runIngest(
        this.#ctx,
        { descriptor: d, table, validator: this.#validatorFor(d) },
        source,
        progress,
        options,
        run2.trail,
      );
    } catch (error) {
      try {
        await run2.finish('failed');
      } catch {}
      throw error;
    }
    await run2.finish(result.interrupted ? 'interrupted' : 'finished');
    await this.#log(
      this.#ctx.engine,
      d,
      'ingest',
      {
        ...parameters,
        run: run2.runId,
        onExisting: options.onExisting ?? 'reject',
        total: result.total,
        accepted: result.accepted,
        rejected: result.rejectedCount,
        skipped: result.skipped,
        updated: result.updated,
        batches: result.batches,
        ...(result.interrupted ? { interrupted: true } : {}),
      },
      result.accepted,
    );
    return result;
  }
  #bind(d, filter) {
    return bindFilter(toFilter(filter), d.schema);
  }
  /**
   * Reads records matching a filter (`{ region: 'Europe' }`, `"amount > 100 and region = 'Europe'"`, or a Filter tree).
   * @throws MeshError `invalid_input` for unknown fields or malformed filters; `conflict` when archived.
   */
  async query(filter, options = {}) {
    const { current, descriptor: d, tableName, served } = await this.#openRead(options.version);
    const where = this.#bind(d, filter);
    const plan = resolveQuery(d, options);
    const asked =
      options.orderBy === void 0 ? 0 : Array.isArray(options.orderBy) ? options.orderBy.length : 1;
    const access = await this.#guard.read(
      current,
      'query',
      {
        filter: where,
        // A cursor carries the values of every order field, the key included: keyset paging on a masked field is refused.
        orderBy: plan.orderBy
          .slice(0, options.cursor === void 0 ? asked : plan.orderBy.length)
          .map((o) => o.column),
      },
      served,
    );
    const rows = await this.#ctx.engine.select(tableName, {
      columns: plan.columns,
      where,
      orderBy: plan.orderBy,
      ...(plan.limit === void 0 ? {} : { limit: plan.limit }),
      ...(plan.offset === void 0 ? {} : { offset: plan.offset }),
      ...(plan.after === void 0 ? {} : { after: plan.after }),
    });
    const nextCursor = plan.orderBy.some((o) => access.masked.has(o.column))
      ? null
      : nextCursorFor(plan, rows);
    if (plan.hidden.length > 0) for (const r of rows) for (const h of plan.hidden) delete r[h];
    maskRows(rows, access.masked, access.maskingKey);
    await this.#log(
      this.#ctx.engine,
      d,
      'query',
      {
        filter: isEmptyFilter(where) ? null : formatFilter(where),
        ...(options.columns ? { columns: options.columns } : {}),
        ...(options.orderBy ? { orderBy: options.orderBy } : {}),
        ...(options.limit === void 0 ? {} : { limit: options.limit }),
        ...(options.offset === void 0 ? {} : { offset: options.offset }),
        ...(options.cursor === void 0 ? {} : { cursor: true }),
        ...(served === void 0 ? {} : { version: served.version }),
      },
      rows.length,
    );
    return { rows, nextCursor };
  }
  /**
   * Counts the records matching a filter (all records without one); logged as a `query` access like any read.
   * @throws MeshError `unauthorized` without read access; `policy_denied` for a filter on a field masked for the reader.
   */
  async count(filter, options = {}) {
    const { current, descriptor: d, tableName, served } = await this.#openRead(options.version);
    const where = this.#bind(d, filter);
    await this.#guard.read(current, 'query', { filter: where }, served);
    const n = await this.#ctx.engine.count(tableName, where);
    await this.#log(
      this.#ctx.engine,
      d,
      'query',
      {
        count: true,
        filter: isEmptyFilter(where) ? null : formatFilter(where),
        ...(served === void 0 ? {} : { version: served.version }),
      },
      0,
    );
    return n;
  }
  /**
   * Writes the records matching a filter to a CSV, NDJSON or Parquet file (replacing it); the engine streams the rows,
   * so memory does not grow with the product. PII fields the reader may not see are written masked, as `query` shows
   * them. In CSV, text cells that a spreadsheet would run as a formula get a leading `'` unless `csvFormulaEscape` is
   * `false`. Logged as an `export` access.
   * @throws MeshError `conflict` when archived; `invalid_input` for a bad filter, field, order or format; `not_found`
   * when the file's folder does not exist; `unauthorized`/`policy_denied` when the reader may not read it.
   * @example await sales.exportFile('europe.parquet', { where: "region = 'Europe'" })
   */
  async exportFile(path, options = {}) {
    const { current, descriptor: d, tableName, served } = await this.#openRead(options.version);
    const plan = resolveExport(d, path, options, this.#ctx.engine.capabilities);
    const where = this.#bind(d, options.where);
    const access = await this.#guard.read(
      current,
      'export',
      { filter: where, orderBy: plan.orderBy.map((o) => o.column) },
      served,
    );
    const masks = toExportMasks(access.masked, plan.columns, access.maskingKey);
    const rows = await this.#ctx.engine.exportTo(
      tableName,
      { columns: plan.columns, where, orderBy: plan.orderBy, masks, escapeFormulas: plan.escapeFormulas },
      plan.path,
      plan.format,
    );
    const maskedFields = Object.fromEntries([...access.masked].filter(([name]) => masks.has(name)));
    await this.#log(
      this.#ctx.engine,
      d,
      'export',
      {
        format: plan.format,
        file: basename(plan.path),
        filter: isEmptyFilter(where) ? null : formatFilter(where),
        ...(options.columns ? { columns: options.columns } : {}),
        ...(Object.keys(maskedFields).length > 0 ? { masked: Object.keys(maskedFields) } : {}),
        ...(plan.format === 'csv' && !plan.escapeFormulas ? { csvFormulaEscape: false } : {}),
        ...(served === void 0 ? {} : { version: served.version }),
      },
      rows,
    );
    return {
      productId: d.id,
      version: d.version,
      path: plan.path,
      format: plan.format,
      rows,
      maskedFields,
      formulasEscaped: plan.escapeFormulas,
    };
  }
  #requireFilter(d, filter, operation) {
    const where = this.#bind(d, filter);
    if (isEmptyFilter(where)) {
      throw new MeshError(
        'invalid_input',
        `${operation} needs a filter naming the records to change; an empty filter is refused so that no call changes everything by accident`,
      );
    }
    return where;
  }
  /**
   * Changes fields on the records matching a non-empty filter; changes are validated against the contract.
   * @throws MeshError `invalid_input` for an empty filter or a key change; ContractViolationError for invalid changes.
   */
  async update(filter, changes) {
    const { descriptor: d, tableName } = await this.#open('update');
    const where = this.#requireFilter(d, filter, 'update');
    const names = Object.keys(changes).filter((n) => changes[n] !== void 0);
    if (names.length === 0) throw new MeshError('invalid_input', 'update needs at least one field to change');
    const keyChanges = names.filter((n) => d.schema.primaryKey.includes(n));
    if (keyChanges.length > 0) {
      throw new MeshError(
        'invalid_input',
        `update cannot change the primary key (${keyChanges.join(', ')}); remove the record and ingest it again instead`,
      );
    }
    const checked = this.#validatorFor(d, { partial: true }).validate(changes, 0);
    if (!checked.ok) {
      const issues = checked.issues.map((i) => ({ ...i, path: ['changes', ...i.path.slice(1)] }));
      throw new ContractViolationError(
        `update of ${this.id} refused: ${issues.map((i) => i.message).join('; ')}`,
        issues,
      );
    }
    const set = [];
    d.schema.fields.forEach((f, i) => {
      if (Object.hasOwn(changes, f.name) && changes[f.name] !== void 0) {
        set.push({
          column: { name: f.name, type: f.type, notNull: f.required },
          value: checked.row[i],
        });
      }
    });
    const ruleChecks = d.schema.rules.map((r) => ({
      rule: r,
      filter: bindFilter(toFilter(r.check), d.schema),
    }));
    return this.#ctx.engine.transaction(async (tx) => {
      const n = await tx.update(tableName, where, set);
      for (const { rule, filter: ok } of ruleChecks) {
        const broken = (await tx.count(tableName)) - (await tx.count(tableName, ok));
        if (broken > 0) {
          throw new ContractViolationError(
            `update of ${this.id} refused: it would break rule ${rule.name} (${rule.check}) on ${broken} record(s)`,
            [
              {
                path: ['changes'],
                code: 'rule',
                message: `rule ${rule.name} (${rule.check}) would fail on ${broken} record(s)`,
              },
            ],
          );
        }
      }
      if (n > 0) await this.#ctx.registry.touchWrite(tx, this.id, this.#ctx.now().toISOString());
      await this.#log(tx, d, 'update', { filter: formatFilter(where), fields: names }, n);
      return n;
    });
  }
  /**
   * Removes the records matching a non-empty filter and returns how many were removed.
   * @throws MeshError `invalid_input` for an empty filter.
   */
  async remove(filter) {
    const { descriptor: d, tableName } = await this.#open('remove');
    const where = this.#requireFilter(d, filter, 'remove');
    return this.#ctx.engine.transaction(async (tx) => {
      const n = await tx.delete(tableName, where);
      if (n > 0) await this.#ctx.registry.touchWrite(tx, this.id, this.#ctx.now().toISOString());
      await this.#log(tx, d, 'remove', { filter: formatFilter(where) }, n);
      return n;
    });
  }
  async #transition(to, operation, checks, parameters = {}) {
    const outcome = await this.#ctx.engine.transaction(async (tx) => {
      const { descriptor: d } = await this.#record(tx);
      const from = d.status;
      const reasons = [];
      if (!canTransition(from, to)) {
        const allowed = allowedTransitions(from);
        reasons.push(
          `a ${from} product cannot become ${to}${allowed.length > 0 ? `; from ${from} it may become ${allowed.join(' or ')}` : `; ${from} is final`}`,
        );
      }
      const gate = await this.#guard.transition(tx, d, to, parameters, reasons.length === 0);
      if (gate instanceof MeshError) return { refused: gate, d };
      const checked = checks(d);
      reasons.push(...checked.reasons, ...gate.reasons);
      if (reasons.length > 0) {
        return { result: { ok: false, from, status: from, reasons, warnings: checked.warnings } };
      }
      const next = { ...d, status: to, updatedAt: this.#ctx.now().toISOString() };
      await this.#ctx.registry.update(tx, next);
      await this.#log(tx, next, operation, { from, to, ...parameters }, 0);
      await this.#guard.after(tx, next, gate, parameters);
      return {
        result: {
          ok: true,
          from,
          status: to,
          reasons: [],
          warnings: [...checked.warnings, ...gate.warnings],
        },
      };
    });
    if ('refused' in outcome) return this.#guard.deny(outcome.d, operation, outcome.refused);
    return outcome.result;
  }
  /**
   * Publishes the product when its lifecycle guards pass (name, version, domain, owner, at least one field, a passing
   * quality run); otherwise says why not. The quality checks run first, on the data as it is now, and the run is kept
   * in the history: a product with failing data cannot be published, one with no data yet can. Every publish policy
   * is evaluated: warnings are returned and recorded.
   * @throws PolicyViolationError (`policy_denied`) listing every blocking violation; MeshError `unauthorized` unless
   * a platform admin or an owner of the product's domain.
   */
  async publish() {
    const { descriptor } = await this.#record();
    if (canTransition(descriptor.status, 'published') && this.#guard.mayManage(descriptor))
      await assertDerivedAllowed(this.#ctx, this.#guard, descriptor, 'publish');
    if (canTransition(descriptor.status, 'published') && this.#guard.mayManage(descriptor))
      await runQualityReport(this.#ctx, this.id);
    return this.#transition('published', 'publish', (d) => {
      const reasons = [];
      const warnings =
        d.qualityLevel === 'bronze'
          ? ['publishing at bronze quality level: consumers get raw, unvalidated data']
          : [];
      return { reasons, warnings };
    });
  }
  /**
   * Marks the product deprecated: consumers should move off it before the sunset date, which is required; every
   * consumer holding an active grant is notified.
   */
  deprecate(options = {}) {
    return this.#transition(
      'deprecated',
      'deprecate',
      // The sunset date is a lifecycle guard (governance/lifecycle-guards.ts); consumers with a grant are notified.
      () => ({ reasons: [], warnings: [] }),
      {
        ...(options.sunset ? { sunset: options.sunset } : {}),
        ...(options.reason ? { reason: options.reason } : {}),
      },
    );
  }
  /**
   * The notice of the product's deprecation — when, the sunset date and the reason given to `deprecate` — or null
   * while it is not deprecated (or archived after a deprecation). Catalog metadata: readable by anyone who can see
   * the product, like its status.
   */
  async deprecation() {
    const { descriptor } = await this.#record();
    if (descriptor.status !== 'deprecated' && descriptor.status !== 'archived') return null;
    const entries = await this.#ctx.accessLog.list(this.#ctx.engine, {
      productId: this.id,
      operation: 'deprecate',
      limit: 20,
    });
    const done = entries.find((e) => e.outcome === 'ok');
    if (done === void 0) return null;
    const text3 = (v) => (typeof v === 'string' && v !== '' ? v : null);
    return { at: done.at, sunset: text3(done.parameters.sunset), reason: text3(done.parameters.reason) };
  }
  /** Archives the product: its data is kept but no longer read or written; refused while consumers hold active grants. */
  archive() {
    return this.#transition('archived', 'archive', () => ({ reasons: [], warnings: [] }));
  }
  /**
   * Reads this product's access log entries, newest first unless asked otherwise.
   * @throws MeshError `unauthorized` unless a platform admin or an owner of the product's domain.
   */
  async accessLog(query = {}) {
    await this.#guard.assertOwner((await this.#record()).descriptor, 'log');
    return this.#ctx.accessLog.list(this.#ctx.engine, { ...query, productId: this.id });
  }
  /**
   * Tells how the acting principal reads this product: as an admin, an owner or through a grant, and which fields it
   * sees masked (exports and other readers mask the same fields as `query`).
   * @throws MeshError `unauthorized` when it may not read the product.
   */
  async readAccess() {
    const access = await this.#guard.read((await this.#record()).descriptor, 'query');
    return {
      via: access.via,
      grantId: access.grant?.id ?? null,
      maskedFields: Object.fromEntries(access.masked),
      migration: access.migration ?? null,
    };
  }
  /**
   * Tells whether the acting principal may read this product's data now (as an admin, an owner or through an active
   * grant, with the `access` policies passing). Nothing is read, so nothing is logged.
   */
  async mayRead() {
    return this.#guard.mayRead((await this.#record()).descriptor);
  }
  /**
   * Usage and state figures: records, accesses by operation, freshness against the SLA. They are computed from the
   * product's data, so reading them needs read access like `query`; the read is audited as `product.metrics`.
   * @throws MeshError `unauthorized` without read access (an archived product's figures stay readable to its owners).
   */
  async metrics() {
    const { descriptor: d, tableName, lastWriteAt } = await this.#record();
    await this.#guard.readFigures(d, 'metrics');
    const totalRecords = await this.#ctx.engine.count(tableName);
    const accessesByOperation = await this.#ctx.accessLog.counts(this.#ctx.engine, this.id);
    const totalAccesses = Object.values(accessesByOperation).reduce((a, b) => a + b, 0);
    const ageMinutes =
      lastWriteAt === null ? null : Math.max(0, (this.#ctx.now().getTime() - Date.parse(lastWriteAt)) / 6e4);
    const maxMinutes = d.sla.freshnessMinutes ?? null;
    await this.#guard.recordRead(d, 'metrics');
    return {
      productId: d.id,
      version: d.version,
      status: d.status,
      qualityLevel: d.qualityLevel,
      sla: d.sla,
      totalRecords,
      accessesByOperation,
      totalAccesses,
      interruptedIngests: await interruptedIngests(this.#ctx.engine, this.id),
      freshness: {
        lastWriteAt,
        ageMinutes: ageMinutes === null ? null : Math.round(ageMinutes * 100) / 100,
        maxMinutes,
        stale: maxMinutes === null ? null : ageMinutes === null || ageMinutes > maxMinutes,
      },
    };
  }
  async #node(id, linkedAt) {
    if (!PRODUCT_ID_PATTERN.test(id)) return { id, kind: 'external', linkedAt };
    const record = await this.#ctx.registry.find(this.#ctx.engine, id);
    if (!record) return { id, kind: 'product', linkedAt };
    const d = record.descriptor;
    return {
      id,
      kind: 'product',
      domain: d.domain,
      owner: d.owner,
      version: d.version,
      status: d.status,
      description: d.description,
      linkedAt,
    };
  }
  /** The products (and external sources) this product reads from, and the products reading from it. */
  async lineage() {
    await this.#record();
    const upstream = await this.#ctx.lineage.into(this.#ctx.engine, this.id);
    const downstream = await this.#ctx.lineage.outOf(this.#ctx.engine, this.id);
    return {
      productId: this.id,
      upstream: await Promise.all(upstream.map((e) => this.#node(e.from, e.createdAt))),
      downstream: await Promise.all(downstream.map((e) => this.#node(e.to, e.createdAt))),
    };
  }
  async #link(from, to, description) {
    const other = from === this.id ? to : from;
    if (other === this.id) throw new MeshError('invalid_input', `product ${this.id} cannot depend on itself`);
    await this.#guard.assertWrite((await this.#record()).descriptor, 'lineage');
    return this.#ctx.engine.transaction(async (tx) => {
      const { descriptor: d } = await this.#record(tx);
      if (PRODUCT_ID_PATTERN.test(other) && !(await this.#ctx.registry.find(tx, other))) {
        throw new MeshError(
          'not_found',
          `product ${other} is not in the catalog; create it first, or name an external source as "scheme:location"`,
        );
      }
      if (!PRODUCT_ID_PATTERN.test(other) && !EXTERNAL_SOURCE_PATTERN.test(other)) {
        throw new MeshError(
          'invalid_input',
          `"${other}" is neither a product id (domain.name) nor an external source (scheme:location)`,
        );
      }
      const at = this.#ctx.now().toISOString();
      const added = await this.#ctx.lineage.add(tx, {
        from,
        to,
        createdAt: at,
        ...(description ? { description } : {}),
      });
      await this.#log(tx, d, 'lineage', { from, to, added }, 0);
      return added;
    });
  }
  /** Records that this product consumes `source` (a product id or an external `scheme:location`). */
  addUpstream(source, description) {
    return this.#link(source, this.id, description);
  }
  /** Records that product `consumer` consumes this product. */
  addDownstream(consumer, description) {
    return this.#link(this.id, consumer, description);
  }
  /**
   * Computes the product's declared measures and breakdowns in the engine, over all records, a filter or a segment.
   * @throws MeshError `invalid_input` for a bad filter or top, `not_found` for an unknown segment or breakdown.
   * @example (await sales.analytics({ top: 3 })).measures // [{ name: 'total_revenue', value: 895.75, … }, …]
   */
  async analytics(options = {}) {
    const record = await loadReadableProduct(this.#ctx, this.id);
    const d = record.descriptor;
    await this.#guard.read(d, 'query', await this.#guard.analyticsUse(d, options));
    const result = await computeAnalytics(this.#ctx, record, options);
    await this.#log(
      this.#ctx.engine,
      d,
      'query',
      {
        analytics: {
          ...(options.breakdowns === void 0 ? {} : { breakdowns: options.breakdowns }),
          ...(options.where === void 0 ? {} : { where: formatFilter(this.#bind(d, options.where)) }),
          ...(options.segment === void 0 ? {} : { segment: options.segment }),
          ...(options.top === void 0 ? {} : { top: options.top }),
        },
      },
      0,
    );
    return result;
  }
  /**
   * Computes one declared breakdown, e.g. `revenue_by_region`: a shortcut for `analytics({ breakdowns: [name] })`.
   * @throws MeshError `not_found` when the product declares no such breakdown.
   */
  async breakdown(name, options = {}) {
    const result = await this.analytics({ ...options, breakdowns: [name] });
    const [found] = result.breakdowns;
    if (found === void 0) throw new Error(`breakdown ${name} of ${this.id} was computed but not returned`);
    return found;
  }
  /**
   * The product's segments: declared in its contract or created in the catalog, evaluated afresh on every read. Their
   * counts and members are read under the same access rules as `query`; creating and removing them is for owners.
   */
  segments() {
    return new ProductSegments(this.#ctx, this.id, {
      members: (filter, options) => this.query(filter, options),
      guard: this.#guard,
    });
  }
  /**
   * Checks the stored records against the contract (completeness, key uniqueness, validity), compares them with the
   * SLA, derives the quality level they earn and keeps the run in the history.
   * @throws MeshError `conflict` when the product is archived.
   */
  async checkQuality(options = {}) {
    await this.#guard.assertOwner((await this.#record()).descriptor, 'quality');
    return runQualityReport(this.#ctx, this.id, options);
  }
  /** Lists the stored quality runs, newest first. */
  qualityHistory(limit = 20) {
    return listQualityRuns(this.#ctx, this.id, limit);
  }
  /**
   * Reads one stored quality run's full report. It lists keys of duplicate and failing records, so it needs read
   * access like `query`; key fields masked for the reader are masked in it. The read is audited as
   * `product.quality_report`.
   * @throws MeshError `not_found` when there is no such run; `unauthorized` without read access.
   */
  async qualityRun(runId) {
    const { descriptor: d } = await this.#record();
    const access = await this.#guard.readFigures(d, 'quality_report');
    const report = maskQualityReport(
      await readQualityRun(this.#ctx, this.id, runId),
      access.masked,
      access.maskingKey,
    );
    await this.#guard.recordRead(d, 'quality_report', { runId });
    return report;
  }
  /** Measures the SLA now: freshness from the last write, completeness and accuracy from the latest quality run. */
  slaStatus() {
    return measureProductSla(this.#ctx, this.id);
  }
  /**
   * Recomputes a derived product from its input products (see the descriptor's `derived` section).
   * @throws MeshError `invalid_input` when the product is not derived; ContractViolationError when the result breaks it.
   */
  async refresh() {
    const { descriptor } = await this.#record();
    await this.#guard.assertWrite(descriptor, 'refresh');
    await assertDerivedAllowed(this.#ctx, this.#guard, descriptor, 'refresh');
    return refreshDerivedProduct(this.#ctx, this.id);
  }
  /** Tells whether a derived product is behind its inputs. */
  derivedStatus() {
    return derivedStatus(this.#ctx, this.id);
  }
  /**
   * The ODCS and ODPS documents a version (default: the current one) was published from, byte for byte; empty when
   * it was published from a spec alone.
   * @throws MeshError `not_found` for a version the catalog never recorded.
   */
  publishedDocuments(version) {
    return readPublishedDocuments(this.#ctx, this.id, version);
  }
};

// dist/governance/event-scope-for.js
async function eventScopeFor(s, principal, at) {
  if (isPlatformAdmin(principal)) return ALL_EVENTS;
  const grants = await governanceStores.access.listGrants(s, { principalId: principal.id });
  const products = [...new Set(grants.filter((g) => isGrantActive(g, at)).map((g) => g.productId))];
  return { kind: 'restricted', principal: principal.id, domains: ownedDomains(principal), products };
}

// dist/product/events/mesh-events.js
var outbox3 = new EventOutbox();
async function readEvents(ctx, query) {
  const scope = await eventScopeFor(ctx.engine, ctx.principal ?? LOCAL_ADMIN, ctx.now().toISOString());
  return outbox3.read(ctx.engine, query, scope);
}
function pause(ms, signal) {
  return new Promise((resolve2) => {
    if (signal?.aborted) return resolve2();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve2();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
async function* tailEvents(ctx, query, options = {}) {
  let after = query.after ?? 0;
  while (!options.signal?.aborted) {
    const page = await readEvents(ctx, { ...query, after });
    for (const e of page) {
      after = e.cursor;
      yield e;
      if (options.signal?.aborted) return;
    }
    if (page.length < (query.limit ?? 100)) await pause(options.intervalMs ?? 1e3, options.signal);
  }
}

// dist/product/webhooks/mesh-webhooks.js
import { randomUUID as randomUUID2 } from 'node:crypto';

// dist/catalog/events/webhook-store.js
function toWebhook(r) {
  const types = JSON.parse(String(r.types)).filter(isEventType);
  return {
    id: String(r.id),
    url: String(r.url),
    productId: r.product_id === null ? null : String(r.product_id),
    domain: r.domain === null ? null : String(r.domain),
    types,
    createdBy: String(r.created_by),
    createdAt: String(r.created_at),
    after: Number(r.after_seq),
    description: r.description === null ? null : String(r.description),
    secret: String(r.secret),
  };
}
function toDelivery(r) {
  return {
    id: Number(r.id),
    webhookId: String(r.webhook_id),
    eventId: String(r.event_id),
    eventCursor: Number(r.event_seq),
    attempt: Number(r.attempt),
    manual: Boolean(r.manual),
    attemptedAt: String(r.attempted_at),
    status: String(r.status),
    httpStatus: r.http_status === null ? null : Number(r.http_status),
    error: r.error === null ? null : String(r.error),
    nextAttemptAt: r.next_attempt_at === null ? null : String(r.next_attempt_at),
  };
}
function withoutSecret(w) {
  const { secret: _s, ...rest } = w;
  return rest;
}
var WebhookStore = class {
  /** Stores a new webhook. */
  async insert(s, w) {
    await s.execute(
      `INSERT INTO mw_webhooks (id, url, product_id, domain, types, secret, created_by, created_at, after_seq, description)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        w.id,
        w.url,
        w.productId,
        w.domain,
        JSON.stringify(w.types),
        w.secret,
        w.createdBy,
        w.createdAt,
        w.after,
        w.description,
      ],
    );
  }
  /** Finds a webhook with its secret. */
  async find(s, id) {
    const [r] = await s.query('SELECT * FROM mw_webhooks WHERE id = $1', [id]);
    return r === void 0 ? void 0 : toWebhook(r);
  }
  /** Lists webhooks (with their secrets: strip them before showing), oldest first, optionally of one creator. */
  async list(s, createdBy) {
    const rows =
      createdBy === void 0
        ? await s.query('SELECT * FROM mw_webhooks ORDER BY created_at, id')
        : await s.query('SELECT * FROM mw_webhooks WHERE created_by = $1 ORDER BY created_at, id', [
            createdBy,
          ]);
    return rows.map(toWebhook);
  }
  /** Removes a webhook and its delivery log; returns whether it existed. */
  async remove(s, id) {
    await s.execute('DELETE FROM mw_webhook_deliveries WHERE webhook_id = $1', [id]);
    return (await s.execute('DELETE FROM mw_webhooks WHERE id = $1', [id])) > 0;
  }
  /** Moves a webhook's cursor forward (never back). */
  async advance(s, id, after) {
    await s.execute('UPDATE mw_webhooks SET after_seq = $2 WHERE id = $1 AND after_seq < $2', [id, after]);
  }
  /** Logs one delivery attempt. */
  async logAttempt(s, d) {
    const [r] = await s.query(
      `INSERT INTO mw_webhook_deliveries (id, webhook_id, event_id, event_seq, attempt, manual, attempted_at, status,
         http_status, error, next_attempt_at)
       VALUES (nextval('mw_webhook_deliveries_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        d.webhookId,
        d.eventId,
        d.eventCursor,
        d.attempt,
        d.manual,
        d.attemptedAt,
        d.status,
        d.httpStatus,
        d.error,
        d.nextAttemptAt,
      ],
    );
    return { ...d, id: Number(r?.id) };
  }
  /** The attempts at one event of a webhook, oldest first. */
  async attempts(s, webhookId, eventId) {
    const rows = await s.query(
      'SELECT * FROM mw_webhook_deliveries WHERE webhook_id = $1 AND event_id = $2 ORDER BY id',
      [webhookId, eventId],
    );
    return rows.map(toDelivery);
  }
  /** A webhook's delivery log, newest first. */
  async deliveries(s, webhookId, limit = 50) {
    const n = Math.max(1, Math.min(1e3, Math.trunc(limit)));
    const rows = await s.query(
      `SELECT * FROM mw_webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT ${n}`,
      [webhookId],
    );
    return rows.map(toDelivery);
  }
};

// dist/product/webhooks/webhook-signature.js
import { createHmac as createHmac2, randomBytes as randomBytes3 } from 'node:crypto';
var WEBHOOK_SECRET_PREFIX = 'whsec_';
function generateWebhookSecret() {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes3(32).toString('base64')}`;
}
function signWebhook(secret, id, timestamp, body) {
  if (!secret.startsWith(WEBHOOK_SECRET_PREFIX))
    throw new MeshError('invalid_input', 'a webhook secret must look like whsec_<base64>');
  const key = Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), 'base64');
  const mac = createHmac2('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${mac}` };
}

// dist/product/webhooks/webhook-dispatcher.js
var SILENT = { debug() {}, warn() {} };
var outbox4 = new EventOutbox();
var store3 = new WebhookStore();
var WebhookDispatcher = class {
  #engine;
  #fetch;
  #now;
  #random;
  #log;
  #base;
  #max;
  #timeout;
  #interval;
  #batch;
  #running = null;
  #stopping = false;
  #timer = null;
  #wake = null;
  /** A dispatcher over a store's outbox and webhooks. */
  constructor(engine, options = {}) {
    this.#engine = engine;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#now = options.now ?? (() => /* @__PURE__ */ new Date());
    this.#random = options.random ?? Math.random;
    this.#log = options.logger ?? SILENT;
    this.#base = options.baseDelayMs ?? 1e3;
    this.#max = options.maxDelayMs ?? 36e5;
    this.#timeout = options.timeoutMs ?? 1e4;
    this.#interval = options.pollIntervalMs ?? 1e3;
    this.#batch = options.batch ?? 100;
  }
  /** The wait before the next attempt after `failures` failed ones: base·2^(failures−1), capped, with half of it jittered. */
  backoffMs(failures) {
    const full = Math.min(this.#max, this.#base * 2 ** Math.max(0, failures - 1));
    return Math.round(full / 2 + (full / 2) * this.#random());
  }
  /** Runs one pass over every webhook: delivers the due events after each one's cursor. */
  async runOnce() {
    let delivered = 0;
    let failed = 0;
    for (const webhook of await store3.list(this.#engine)) {
      if (this.#stopping) break;
      const r = await this.#dispatch(webhook);
      delivered += r.delivered;
      failed += r.failed;
    }
    return { delivered, failed };
  }
  /** Starts passes in the background, one every poll interval, until {@link WebhookDispatcher.stop}. */
  start() {
    if (this.#running) return;
    this.#stopping = false;
    this.#running = (async () => {
      while (!this.#stopping) {
        try {
          await this.runOnce();
        } catch (error) {
          this.#log.warn('webhook pass failed', { error: error.message });
        }
        if (this.#stopping) break;
        await new Promise((resolve2) => {
          this.#wake = resolve2;
          this.#timer = setTimeout(resolve2, this.#interval);
        });
      }
    })();
  }
  /** Stops the background passes after the delivery in flight (whose outcome is recorded) and waits for them. */
  async stop() {
    this.#stopping = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#wake?.();
    await this.#running;
    this.#running = null;
  }
  /**
   * Sends one event to a webhook again now, whatever its cursor, with the same `webhook-id`; logged as a manual
   * attempt, not retried and leaving the cursor where it is.
   * @throws MeshError `not_found` for an unknown webhook or event.
   */
  async redeliver(webhookId, eventId) {
    const webhook = await store3.find(this.#engine, webhookId);
    if (!webhook)
      throw new MeshError('not_found', `no webhook ${webhookId}; list them with meshwork webhook list`);
    const event = await outbox4.find(this.#engine, eventId);
    if (!event)
      throw new MeshError('not_found', `no event ${eventId} in the outbox; list them with meshwork events`);
    const attempt = (await store3.attempts(this.#engine, webhookId, eventId)).length + 1;
    const result = await this.#send(webhook, event);
    return store3.logAttempt(this.#engine, {
      webhookId,
      eventId,
      eventCursor: event.cursor,
      attempt,
      manual: true,
      attemptedAt: this.#now().toISOString(),
      status: result.ok ? 'succeeded' : 'failed',
      httpStatus: result.httpStatus,
      error: result.error,
      nextAttemptAt: null,
    });
  }
  async #dispatch(webhook) {
    let principal;
    try {
      principal = await resolvePrincipal(this.#engine, webhook.createdBy);
    } catch {
      this.#log.warn('webhook owner no longer exists; not delivering', { webhook: webhook.id });
      return { delivered: 0, failed: 0 };
    }
    const scope = await eventScopeFor(this.#engine, principal, this.#now().toISOString());
    const events = await outbox4.read(
      this.#engine,
      {
        after: webhook.after,
        limit: this.#batch,
        ...(webhook.types.length > 0 ? { types: webhook.types } : {}),
        ...(webhook.productId === null ? {} : { product: webhook.productId }),
        ...(webhook.domain === null ? {} : { domain: webhook.domain }),
      },
      scope,
    );
    let delivered = 0;
    for (const event of events) {
      if (this.#stopping) break;
      const previous = (await store3.attempts(this.#engine, webhook.id, event.id)).filter((a) => !a.manual);
      const last = previous.at(-1);
      const now = this.#now();
      if (last?.nextAttemptAt && last.nextAttemptAt > now.toISOString()) break;
      const result = await this.#send(webhook, event);
      const attempt = previous.length + 1;
      const attemptedAt = this.#now();
      if (result.ok) {
        await this.#engine.transaction(async (tx) => {
          await store3.logAttempt(tx, {
            webhookId: webhook.id,
            eventId: event.id,
            eventCursor: event.cursor,
            attempt,
            manual: false,
            attemptedAt: attemptedAt.toISOString(),
            status: 'succeeded',
            httpStatus: result.httpStatus,
            error: null,
            nextAttemptAt: null,
          });
          await store3.advance(tx, webhook.id, event.cursor);
        });
        delivered += 1;
        this.#log.debug('webhook delivered', { webhook: webhook.id, event: event.id, attempt });
        continue;
      }
      const next = new Date(attemptedAt.getTime() + this.backoffMs(attempt));
      await store3.logAttempt(this.#engine, {
        webhookId: webhook.id,
        eventId: event.id,
        eventCursor: event.cursor,
        attempt,
        manual: false,
        attemptedAt: attemptedAt.toISOString(),
        status: 'failed',
        httpStatus: result.httpStatus,
        error: result.error,
        nextAttemptAt: next.toISOString(),
      });
      this.#log.warn('webhook delivery failed', {
        webhook: webhook.id,
        event: event.id,
        attempt,
        status: result.httpStatus,
        nextAttemptAt: next.toISOString(),
      });
      return { delivered, failed: 1 };
    }
    return { delivered, failed: 0 };
  }
  async #send(webhook, event) {
    const payload = { type: event.type, timestamp: event.time, data: event };
    const body = JSON.stringify(payload);
    const headers = signWebhook(webhook.secret, event.id, Math.floor(this.#now().getTime() / 1e3), body);
    try {
      const response = await this.#fetch(webhook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(this.#timeout),
      });
      await response.arrayBuffer().catch(() => void 0);
      if (response.ok) return { ok: true, httpStatus: response.status, error: null };
      return {
        ok: false,
        httpStatus: response.status,
        error: `the receiver answered HTTP ${response.status}`,
      };
    } catch (error) {
      const cause = error.cause?.code;
      return {
        ok: false,
        httpStatus: null,
        error: `${error.name}: ${error.message}${cause ? ` (${String(cause)})` : ''}`,
      };
    }
  }
};

// dist/product/webhooks/mesh-webhooks.js
var store4 = new WebhookStore();
var outbox5 = new EventOutbox();
var MeshWebhooks = class {
  #ctx;
  /** Webhooks seen through a mesh handle. */
  constructor(ctx) {
    this.#ctx = ctx;
  }
  get #principal() {
    return this.#ctx.principal ?? LOCAL_ADMIN;
  }
  /**
   * Registers a webhook and returns it with its new secret.
   * @throws MeshError `invalid_input` for a bad URL, type or cursor; `not_found` for an unknown product;
   * `unauthorized` for events the principal may not read.
   * @example const { webhook, secret } = await mesh.webhooks.register({ url: 'https://x/hook', product: 'sales.transactions' });
   */
  async register(input) {
    let url;
    try {
      url = new URL(input.url);
    } catch {
      throw new MeshError(
        'invalid_input',
        `webhook url "${input.url}" is not a URL; give an http:// or https:// address`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new MeshError('invalid_input', `webhook url must be http:// or https://, got ${url.protocol}`);
    const types = [];
    for (const t of input.types ?? []) {
      if (!isEventType(t))
        throw new MeshError('invalid_input', `webhook type "${t}" is not an event type; see docs/events.md`);
      types.push(t);
    }
    if (input.after !== void 0 && !(Number.isSafeInteger(input.after) && input.after >= 0))
      throw new MeshError(
        'invalid_input',
        `webhook after must be a cursor (a whole number \u2265 0), got ${input.after}`,
      );
    const p = this.#principal;
    const at = this.#ctx.now().toISOString();
    return this.#ctx.engine.transaction(async (tx) => {
      if (input.product !== void 0) {
        const record = await this.#ctx.registry.find(tx, input.product);
        if (!record)
          throw new MeshError('not_found', `no product ${input.product}; list them with meshwork list`);
        const granted = (
          await governanceStores.access.listGrants(tx, { productId: input.product, principalId: p.id })
        ).some((g) => isGrantActive(g, at));
        if (!canManageDomain(p, record.descriptor.domain) && !granted)
          throw new MeshError(
            'unauthorized',
            `${p.id} may not watch ${input.product}: it needs to own its domain or hold a grant on it`,
          );
      }
      if (input.domain !== void 0 && !canManageDomain(p, input.domain))
        throw new MeshError(
          'unauthorized',
          `${p.id} may not watch domain ${input.domain}: only its owners and platform admins may`,
        );
      if (input.product === void 0 && input.domain === void 0 && !isPlatformAdmin(p))
        throw new MeshError(
          'unauthorized',
          `${p.id} may not watch every event: name a product or a domain, or ask a platform admin`,
        );
      const secret = generateWebhookSecret();
      const full = {
        id: randomUUID2(),
        url: url.toString(),
        productId: input.product ?? null,
        domain: input.domain ?? null,
        types,
        createdBy: p.id,
        createdAt: at,
        after: input.after ?? (await outbox5.head(tx)),
        description: input.description ?? null,
        secret,
      };
      await store4.insert(tx, full);
      await this.#audit(tx, 'webhook.register', full.id, {
        host: url.host,
        product: full.productId,
        domain: full.domain,
        types: full.types,
      });
      return { webhook: withoutSecret(full), secret };
    });
  }
  /** Lists the webhooks the principal may see (an admin: all; anyone else: its own), without secrets. */
  async list() {
    const p = this.#principal;
    const all = await store4.list(this.#ctx.engine, isPlatformAdmin(p) ? void 0 : p.id);
    return all.map(withoutSecret);
  }
  /**
   * Removes a webhook and its delivery log.
   * @throws MeshError `not_found` for an unknown webhook or one the principal may not see.
   */
  async remove(id) {
    await this.#own(id);
    await this.#ctx.engine.transaction(async (tx) => {
      await store4.remove(tx, id);
      await this.#audit(tx, 'webhook.remove', id, {});
    });
  }
  /**
   * A webhook's delivery log, newest first.
   * @throws MeshError `not_found` as {@link MeshWebhooks.remove}.
   */
  async deliveries(id, limit = 50) {
    await this.#own(id);
    return store4.deliveries(this.#ctx.engine, id, limit);
  }
  /**
   * Sends one event to a webhook again now (same `webhook-id`), logged as a manual attempt.
   * @throws MeshError `not_found` for an unknown webhook or event.
   */
  async redeliver(id, eventId, options = {}) {
    await this.#own(id);
    return new WebhookDispatcher(this.#ctx.engine, { now: this.#ctx.now, ...options }).redeliver(id, eventId);
  }
  /**
   * A dispatcher delivering every webhook's events (a platform component, e.g. run by the server).
   * @throws MeshError `unauthorized` unless a platform admin.
   */
  dispatcher(options = {}) {
    if (!isPlatformAdmin(this.#principal))
      throw new MeshError(
        'unauthorized',
        `${this.#principal.id} may not run the webhook dispatcher: it is for platform admins`,
      );
    return new WebhookDispatcher(this.#ctx.engine, { now: this.#ctx.now, ...options });
  }
  #audit(s, action, target, details) {
    return this.#ctx.audit.append(s, {
      at: this.#ctx.now().toISOString(),
      actor: this.#ctx.actor,
      principal: this.#principal.id,
      action,
      target,
      outcome: 'ok',
      details,
    });
  }
  async #own(id) {
    const w = await store4.find(this.#ctx.engine, id);
    const p = this.#principal;
    if (!w || (!isPlatformAdmin(p) && w.createdBy !== p.id))
      throw new MeshError('not_found', `no webhook ${id}; list them with meshwork webhook list`);
  }
};

// dist/product/publish-spec.js
import semver2 from 'semver';

// dist/product/carry-over-plan.js
var DEFAULT_REJECT_LIMIT = 1e3;
var column2 = (f) => ({ name: f.name, type: f.type, notNull: f.required });
function orNull(field2, condition) {
  return {
    kind: 'or',
    items: [{ kind: 'null', left: { kind: 'field', field: field2 }, isNull: true }, condition],
  };
}
function constraintChecks2(f) {
  const out = [];
  const left = { kind: 'field', field: f.name };
  const values = f.enum?.filter((v) => v !== null);
  if (values !== void 0 && values.length > 0) {
    out.push({
      reason: `${f.name} is not one of the allowed values`,
      holds: orNull(f.name, { kind: 'in', left, values, negated: false }),
    });
  }
  const bound = (op, value, words) => {
    if (value === void 0) return;
    out.push({
      reason: `${f.name} ${words} ${value}`,
      holds: orNull(f.name, { kind: 'compare', left, op, value }),
    });
  };
  if (f.type === 'integer' || f.type === 'number') {
    bound('gte', f.minimum, 'is below the minimum');
    bound('lte', f.maximum, 'is above the maximum');
    bound('gt', f.exclusiveMinimum, 'is not above');
    bound('lt', f.exclusiveMaximum, 'is not below');
  }
  if (f.type === 'string') {
    const length = { kind: 'call', fn: 'length', field: f.name };
    for (const [op, value, words] of [
      ['gte', f.minLength, 'is shorter than'],
      ['lte', f.maxLength, 'is longer than'],
    ]) {
      if (value === void 0) continue;
      out.push({
        reason: `${f.name} ${words} ${value} characters`,
        holds: orNull(f.name, { kind: 'compare', left: length, op, value }),
      });
    }
  }
  return out;
}
function planCarryOver(previous, next, from, to, rejectLimit = DEFAULT_REJECT_LIMIT) {
  const old = new Map(previous.schema.fields.map((f) => [f.name, f]));
  const columns = next.schema.fields.map((f) => {
    const source = old.get(f.name);
    return { target: column2(f), source: source === void 0 ? null : column2(source) };
  });
  const checks = [
    ...next.schema.fields.flatMap(constraintChecks2),
    ...next.schema.rules.map((rule) => ({
      reason: `breaks rule ${rule.name}${rule.description === void 0 ? '' : ` (${rule.description})`}`,
      holds: bindFilter(toFilter(rule.check), next.schema),
    })),
  ];
  const keyColumns = previous.schema.primaryKey
    .map((name) => old.get(name))
    .filter((f) => f !== void 0)
    .map(column2);
  return { from, to, columns, checks, keyColumns, rejectLimit };
}

// dist/product/publish-spec.js
var documentStore2 = new ProductDocumentStore();
function assertDocumentsDescribe(spec, documents2) {
  const contract = publishedContract(documents2);
  if (documents2.length > 0 && contract === void 0) {
    throw new MeshError(
      'invalid_input',
      `the documents given with ${spec.id} ${spec.version} hold no readable ODCS contract with the role contract; pass what readProductFolder returns`,
    );
  }
  if (contract === void 0) return;
  const product = documents2.find((d) => d.role === 'product');
  const described = contractToSpec(
    contract,
    product === void 0 ? void 0 : parseSourceDocument(product.text, { file: product.file }),
  );
  if (described.id !== spec.id || described.version !== spec.version) {
    throw new MeshError(
      'invalid_input',
      `the documents given with ${spec.id} ${spec.version} describe ${described.id} ${described.version}; publish the spec read from those documents`,
      { details: { productId: spec.id, version: spec.version } },
    );
  }
}
function comparable(spec) {
  const { status: _s, createdAt: _c, updatedAt: _u, ...rest } = spec;
  return JSON.stringify(rest);
}
async function publishSpec(ctx, mesh, spec, options = {}) {
  const existing = await ctx.registry.find(ctx.engine, spec.id);
  await options.beforePublish?.(spec, existing?.descriptor);
  if (existing && spec.derived !== void 0)
    await assertDerivedAllowed(ctx, new ProductGuard(ctx), spec, 'publish');
  await assertContractSqlAllowed(ctx, spec, options.documents ?? []);
  const publishIfNeeded = async () => {
    const product = await mesh.product(spec.id);
    const d = await product.descriptor();
    if (d.status === 'published') return null;
    const result = await product.publish();
    if (!result.ok) {
      throw new MeshError(
        'conflict',
        `${spec.id} ${spec.version} is stored but was not published: ${result.reasons.join('; ')}`,
        {
          details: { reasons: result.reasons },
        },
      );
    }
    return result;
  };
  const created = async () => ({
    productId: spec.id,
    version: spec.version,
    action: 'created',
    previousVersion: null,
    changes: [],
    lifecycle: await publishIfNeeded(),
    storage: null,
  });
  const documents2 = options.documents ?? [];
  assertDocumentsDescribe(spec, documents2);
  if (!existing) {
    await mesh.createProduct(spec, { documents: documents2 });
    return created();
  }
  const old = existing.descriptor;
  if (old.status === 'archived') {
    throw new MeshError(
      'conflict',
      `product ${spec.id} is archived; archived products cannot be published again`,
    );
  }
  const stored = await documentStore2.list(ctx.engine, old.id, old.version);
  const previousContract = publishedContract(stored);
  const nextContract = publishedContract(documents2);
  const changes = diffVersions(
    { spec: old, contract: previousContract },
    { spec, contract: nextContract },
  ).changes;
  if (old.version === spec.version && (await isReplaceableDraft(ctx, existing.descriptor))) {
    const sameDocuments =
      stored.length === 0 || documents2.length === 0 || samePublishedData(stored, documents2);
    if (comparable(old) !== comparable(spec) || !sameDocuments) {
      await replaceDraft(ctx, existing, spec, documents2);
      return created();
    }
  }
  if (old.version === spec.version) {
    const sameDocuments =
      stored.length === 0 || documents2.length === 0 || samePublishedData(stored, documents2);
    if (comparable(old) !== comparable(spec) || !sameDocuments) {
      const listed = changes.map((c) => c.message).slice(0, 5);
      throw new MeshError(
        'conflict',
        `${spec.id} ${spec.version} is already registered with different content; bump the version to publish the change${listed.length > 0 ? ` (${listed.join('; ')})` : ''}`,
        { details: { changes } },
      );
    }
    const differs =
      documents2.length > 0 &&
      (stored.length !== documents2.length ||
        stored.some((d, i) => d.text !== documents2[i]?.text || d.file !== documents2[i]?.file));
    if (differs) {
      await ctx.engine.transaction((tx) =>
        documentStore2.replace(tx, spec.id, spec.version, documents2, ctx.now().toISOString()),
      );
    }
    return {
      productId: spec.id,
      version: spec.version,
      action: 'unchanged',
      previousVersion: old.version,
      changes: [],
      lifecycle: await publishIfNeeded(),
      storage: null,
    };
  }
  if (semver2.lt(spec.version, old.version)) {
    throw new MeshError(
      'conflict',
      `${spec.id} is at ${old.version}; a new version must be higher, got ${spec.version}`,
    );
  }
  const bump = checkVersionBump(old.version, spec.version, changes);
  if (!bump.ok) {
    const downstream = (await ctx.lineage.outOf(ctx.engine, spec.id)).map((e) => e.to);
    const consumers = [...new Set((await options.consumers?.(spec.id)) ?? [])];
    const breaking = changes.filter((c) => c.kind === 'breaking');
    const issues = breaking.map((c) => ({ path: c.path.split('.'), code: c.code, message: c.message }));
    throw new ContractViolationError(
      `publishing ${spec.id} ${spec.version} refused: ${bump.issue.message}${breaking.length > 0 ? `; breaking changes: ${breaking.map((c) => c.message).join('; ')}` : ''}${downstream.length > 0 ? `; it would break downstream products ${downstream.join(', ')}` : ''}${consumers.length > 0 ? `; consumers with access: ${consumers.join(', ')}` : ''}`,
      issues.length > 0 ? issues : [bump.issue],
      { details: { required: bump.required, actual: bump.actual, downstream, consumers, changes } },
    );
  }
  const newGeneration = storageGeneration(spec.version) !== storageGeneration(old.version);
  const oldTypes = new Map(old.schema.fields.map((f) => [f.name, f.type]));
  const retyped = spec.schema.fields.filter((f) => oldTypes.has(f.name) && oldTypes.get(f.name) !== f.type);
  if (!newGeneration && retyped.length > 0) {
    throw new MeshError(
      'conflict',
      `${spec.id}: changing the type of ${retyped.map((f) => f.name).join(', ')} needs a new major version, because the stored column changes`,
    );
  }
  const tableName = newGeneration ? productTableName(spec.id, spec.version) : existing.tableName;
  const at = ctx.now().toISOString();
  const storage = await ctx.engine.transaction(async (tx) => {
    const table = toTableSpec(spec, tableName);
    let moved = null;
    if (newGeneration) {
      if (await tx.tableExists(tableName)) {
        throw new MeshError(
          'already_exists',
          `the store already has a table ${tableName} for ${spec.id} ${spec.version}`,
        );
      }
      await tx.createTable(table);
      const base = { table: tableName, previousTable: existing.tableName, rejects: [] };
      if (options.empty === true || !(await tx.tableExists(existing.tableName))) {
        moved = { ...base, mode: 'empty', carried: 0, rejected: 0 };
      } else {
        const plan = planCarryOver(
          old,
          spec,
          existing.tableName,
          tableName,
          options.rejectLimit ?? DEFAULT_REJECT_LIMIT,
        );
        const result = await tx.carryOver(plan).catch((error) => {
          throw new MeshError(
            'conflict',
            `publishing ${spec.id} ${spec.version} could not carry the rows of ${old.version} over (${error instanceof Error ? error.message : String(error)}); fix the rows or the contract, or publish with --empty to start the new version without them`,
            { cause: error, details: { productId: spec.id, from: existing.tableName, to: tableName } },
          );
        });
        moved = {
          ...base,
          mode: 'carried',
          carried: result.copied,
          rejected: result.rejected,
          rejects: result.rejects,
        };
      }
    } else {
      for (const column3 of table.columns)
        if (!oldTypes.has(column3.name)) await tx.addColumn(tableName, column3);
      await tx.createTable(table);
    }
    const next = { ...spec, status: old.status, createdAt: old.createdAt, updatedAt: at };
    await ctx.registry.update(tx, next, tableName);
    if (documents2.length > 0) await documentStore2.replace(tx, spec.id, spec.version, documents2, at);
    for (const up of spec.upstream) await ctx.lineage.add(tx, { from: up, to: spec.id, createdAt: at });
    await ctx.accessLog.record(tx, {
      at,
      actor: ctx.actor,
      operation: 'publish',
      productId: spec.id,
      productVersion: spec.version,
      parameters: {
        from: old.version,
        to: spec.version,
        changes: changes.length,
        newTable: newGeneration,
        ...(moved === null
          ? {}
          : {
              table: moved.table,
              previousTable: moved.previousTable,
              rows: moved.mode,
              carried: moved.carried,
              rejected: moved.rejected,
            }),
      },
      rowsAffected: moved?.carried ?? 0,
      outcome: 'ok',
      message: null,
    });
    if (moved !== null && moved.carried > 0) await ctx.registry.touchWrite(tx, spec.id, at);
    return moved;
  });
  return {
    productId: spec.id,
    version: spec.version,
    action: 'upgraded',
    previousVersion: old.version,
    changes,
    lifecycle: await publishIfNeeded(),
    storage,
  };
}
async function isReplaceableDraft(ctx, d) {
  if (d.status !== 'draft') return false;
  const versions = await ctx.registry.versions(ctx.engine, d.id);
  return versions.every((v) => v.version === d.version);
}
async function replaceDraft(ctx, existing, spec, documents2) {
  const at = ctx.now().toISOString();
  await ctx.engine.transaction(async (tx) => {
    if ((await tx.count(existing.tableName)) > 0) {
      throw new MeshError(
        'conflict',
        `${spec.id} ${spec.version} is a draft that already holds records, so it is not replaced; bump the version to publish the change`,
        { details: { productId: spec.id, version: spec.version } },
      );
    }
    await tx.dropTable(existing.tableName);
    const tableName = productTableName(spec.id, spec.version);
    await tx.createTable(toTableSpec(spec, tableName));
    const next = {
      ...spec,
      status: 'draft',
      createdAt: existing.descriptor.createdAt,
      updatedAt: at,
    };
    await ctx.registry.update(tx, next, tableName);
    await documentStore2.replace(tx, spec.id, spec.version, documents2, at);
    for (const up of spec.upstream) await ctx.lineage.add(tx, { from: up, to: spec.id, createdAt: at });
    await ctx.accessLog.record(tx, {
      at,
      actor: ctx.actor,
      operation: 'create',
      productId: spec.id,
      productVersion: spec.version,
      parameters: { replacedDraft: true, upstream: spec.upstream },
      rowsAffected: 0,
      outcome: 'ok',
      message: null,
    });
  });
}
async function assertContractSqlAllowed(ctx, spec, documents2) {
  const contract = publishedContract(documents2);
  if (contract === void 0) return;
  const table = productTableName(spec.id, spec.version);
  for (const check of compileContractLevelChecks(contract)) {
    if (check.kind !== 'sql') continue;
    try {
      await guardContractSql(ctx.engine, check, table, spec.id);
    } catch (error) {
      if (isMeshError(error) && error.code === 'policy_denied')
        await new ProductGuard(ctx).deny(spec, 'publish', error);
      throw error;
    }
  }
}

// dist/catalog/events/event-tables.js
var EVENT_TABLE_STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS mw_events (
     id VARCHAR PRIMARY KEY, seq BIGINT, type VARCHAR NOT NULL, occurred_at VARCHAR NOT NULL, product_id VARCHAR,
     domain VARCHAR, principal VARCHAR NOT NULL, actor VARCHAR NOT NULL, payload_kind VARCHAR NOT NULL,
     payload VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS mw_webhooks (
     id VARCHAR PRIMARY KEY, url VARCHAR NOT NULL, product_id VARCHAR, domain VARCHAR, types VARCHAR NOT NULL,
     secret VARCHAR NOT NULL, created_by VARCHAR NOT NULL, created_at VARCHAR NOT NULL, after_seq BIGINT NOT NULL,
     description VARCHAR)`,
  'CREATE SEQUENCE IF NOT EXISTS mw_webhook_deliveries_seq',
  `CREATE TABLE IF NOT EXISTS mw_webhook_deliveries (
     id BIGINT PRIMARY KEY, webhook_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL, event_seq BIGINT NOT NULL,
     attempt BIGINT NOT NULL, manual BOOLEAN NOT NULL, attempted_at VARCHAR NOT NULL, status VARCHAR NOT NULL,
     http_status BIGINT, error VARCHAR, next_attempt_at VARCHAR)`,
];

// dist/catalog/governance-tables.js
var GOVERNANCE_TABLE_STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS mw_policies (
     id VARCHAR PRIMARY KEY, scope VARCHAR NOT NULL, domain VARCHAR, version BIGINT NOT NULL,
     definition VARCHAR NOT NULL, updated_at VARCHAR NOT NULL, updated_by VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS mw_policy_versions (
     policy_id VARCHAR NOT NULL, version BIGINT NOT NULL, definition VARCHAR NOT NULL, created_at VARCHAR NOT NULL,
     created_by VARCHAR NOT NULL, PRIMARY KEY (policy_id, version))`,
  `CREATE TABLE IF NOT EXISTS mw_policy_results (
     product_id VARCHAR NOT NULL, policy_id VARCHAR NOT NULL, policy_version BIGINT NOT NULL,
     product_version VARCHAR NOT NULL, event VARCHAR NOT NULL, severity VARCHAR NOT NULL, passed BOOLEAN NOT NULL,
     violations VARCHAR NOT NULL, evaluated_at VARCHAR NOT NULL, PRIMARY KEY (product_id, policy_id))`,
  `CREATE TABLE IF NOT EXISTS mw_principals (
     id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, display_name VARCHAR, roles VARCHAR NOT NULL,
     created_at VARCHAR NOT NULL, created_by VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS mw_tokens (
     id VARCHAR PRIMARY KEY, principal_id VARCHAR NOT NULL, name VARCHAR, salt VARCHAR NOT NULL, hash VARCHAR NOT NULL,
     created_at VARCHAR NOT NULL, created_by VARCHAR NOT NULL, expires_at VARCHAR NOT NULL, revoked_at VARCHAR,
     revoked_by VARCHAR, last_used_at VARCHAR)`,
  'CREATE SEQUENCE IF NOT EXISTS mw_access_requests_seq',
  `CREATE TABLE IF NOT EXISTS mw_access_requests (
     id BIGINT PRIMARY KEY, product_id VARCHAR NOT NULL, port VARCHAR NOT NULL, principal_id VARCHAR NOT NULL,
     purpose VARCHAR NOT NULL, pii BOOLEAN NOT NULL, expires_at VARCHAR, status VARCHAR NOT NULL,
     created_at VARCHAR NOT NULL, decided_by VARCHAR, decided_at VARCHAR, comment VARCHAR, grant_id BIGINT)`,
  'CREATE SEQUENCE IF NOT EXISTS mw_grants_seq',
  `CREATE TABLE IF NOT EXISTS mw_grants (
     id BIGINT PRIMARY KEY, request_id BIGINT, product_id VARCHAR NOT NULL, port VARCHAR NOT NULL,
     principal_id VARCHAR NOT NULL, purpose VARCHAR NOT NULL, pii BOOLEAN NOT NULL, major_version BIGINT NOT NULL,
     granted_by VARCHAR NOT NULL, granted_at VARCHAR NOT NULL, expires_at VARCHAR, revoked_at VARCHAR,
     revoked_by VARCHAR, revoke_comment VARCHAR)`,
  'CREATE SEQUENCE IF NOT EXISTS mw_notifications_seq',
  `CREATE TABLE IF NOT EXISTS mw_notifications (
     id BIGINT PRIMARY KEY, recipient VARCHAR NOT NULL, kind VARCHAR NOT NULL, product_id VARCHAR,
     message VARCHAR NOT NULL, details VARCHAR NOT NULL, created_at VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS mw_audit_log (
     seq BIGINT PRIMARY KEY, occurred_at VARCHAR NOT NULL, actor VARCHAR NOT NULL, principal VARCHAR NOT NULL,
     action VARCHAR NOT NULL, target VARCHAR NOT NULL, outcome VARCHAR NOT NULL, details VARCHAR NOT NULL,
     prev_hash VARCHAR NOT NULL, hash VARCHAR NOT NULL)`,
  'CREATE TABLE IF NOT EXISTS mw_audit_head (id VARCHAR PRIMARY KEY, seq BIGINT NOT NULL, hash VARCHAR NOT NULL)',
  `CREATE TABLE IF NOT EXISTS mw_secrets (
     name VARCHAR PRIMARY KEY, value VARCHAR NOT NULL, created_at VARCHAR NOT NULL)`,
  // Keyed chains (see governance/audit-log.ts): the fingerprint of the key an entry was written with (null: a plain
  // hash), and the head's HMAC over its position and hash. Added to stores created before keys existed.
  'ALTER TABLE mw_audit_log ADD COLUMN IF NOT EXISTS key_id VARCHAR',
  'ALTER TABLE mw_audit_head ADD COLUMN IF NOT EXISTS key_id VARCHAR',
  'ALTER TABLE mw_audit_head ADD COLUMN IF NOT EXISTS mac VARCHAR',
  // The write journal (see catalog/write-journal.ts): one insert-only row per committed ingest batch, written in
  // the batch's own transaction and chained into the access and audit logs right after the commit (or, after a
  // crash, when the store is next opened); and one row per ingest run, to report a run that never finished.
  `CREATE TABLE IF NOT EXISTS mw_write_journal (
     run_id VARCHAR NOT NULL, batch BIGINT NOT NULL, product_id VARCHAR NOT NULL, product_version VARCHAR NOT NULL,
     occurred_at VARCHAR NOT NULL, actor VARCHAR NOT NULL, principal VARCHAR NOT NULL, parameters VARCHAR NOT NULL,
     rows_affected BIGINT NOT NULL,
     chained BOOLEAN NOT NULL, PRIMARY KEY (run_id, batch))`,
  `CREATE TABLE IF NOT EXISTS mw_ingest_runs (
     run_id VARCHAR PRIMARY KEY, product_id VARCHAR NOT NULL, product_version VARCHAR NOT NULL, actor VARCHAR NOT NULL,
     started_at VARCHAR NOT NULL, state VARCHAR NOT NULL, finished_at VARCHAR, batches BIGINT, rows_committed BIGINT)`,
];

// dist/catalog/catalog-tables.js
var CATALOG_VERSION = 1;
var STATEMENTS = [
  'CREATE TABLE IF NOT EXISTS mw_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)',
  `CREATE TABLE IF NOT EXISTS mw_products (
     id VARCHAR PRIMARY KEY, domain VARCHAR NOT NULL, version VARCHAR NOT NULL, status VARCHAR NOT NULL,
     table_name VARCHAR NOT NULL, descriptor VARCHAR NOT NULL, created_at VARCHAR NOT NULL,
     updated_at VARCHAR NOT NULL, last_write_at VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS mw_product_versions (
     product_id VARCHAR NOT NULL, version VARCHAR NOT NULL, descriptor VARCHAR NOT NULL,
     created_at VARCHAR NOT NULL, PRIMARY KEY (product_id, version))`,
  'CREATE SEQUENCE IF NOT EXISTS mw_access_log_seq',
  `CREATE TABLE IF NOT EXISTS mw_access_log (
     seq BIGINT PRIMARY KEY, occurred_at VARCHAR NOT NULL, actor VARCHAR NOT NULL, operation VARCHAR NOT NULL,
     product_id VARCHAR NOT NULL, product_version VARCHAR NOT NULL, parameters VARCHAR NOT NULL,
     rows_affected BIGINT NOT NULL, outcome VARCHAR NOT NULL, message VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS mw_lineage (
     from_id VARCHAR NOT NULL, to_id VARCHAR NOT NULL, description VARCHAR, created_at VARCHAR NOT NULL,
     PRIMARY KEY (from_id, to_id))`,
  `CREATE TABLE IF NOT EXISTS mw_metrics (
     product_id VARCHAR NOT NULL, operation VARCHAR NOT NULL, count BIGINT NOT NULL, last_at VARCHAR NOT NULL,
     PRIMARY KEY (product_id, operation))`,
  `CREATE TABLE IF NOT EXISTS mw_segments (
     product_id VARCHAR NOT NULL, name VARCHAR NOT NULL, expression VARCHAR NOT NULL, description VARCHAR,
     created_by VARCHAR NOT NULL, created_at VARCHAR NOT NULL, PRIMARY KEY (product_id, name))`,
  'CREATE SEQUENCE IF NOT EXISTS mw_quality_runs_seq',
  `CREATE TABLE IF NOT EXISTS mw_quality_runs (
     run_id BIGINT PRIMARY KEY, product_id VARCHAR NOT NULL, product_version VARCHAR NOT NULL,
     checked_at VARCHAR NOT NULL, verdict VARCHAR NOT NULL, total_records BIGINT NOT NULL, completeness DOUBLE PRECISION,
     validity DOUBLE PRECISION, uniqueness DOUBLE PRECISION, derived_level VARCHAR NOT NULL, report VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS mw_sources (
     product_id VARCHAR PRIMARY KEY, connector VARCHAR NOT NULL, config VARCHAR NOT NULL, updated_at VARCHAR NOT NULL,
     last_run_at VARCHAR, last_outcome VARCHAR, last_message VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS mw_domains (
     name VARCHAR PRIMARY KEY, description VARCHAR, owner_team VARCHAR, created_at VARCHAR NOT NULL,
     updated_at VARCHAR NOT NULL)`,
  // The search index (see catalog/search/): one row per product with the columns search filters on and its terms
  // ("term:points" separated by spaces); each process builds its in-memory inverted index from these rows.
  `CREATE TABLE IF NOT EXISTS mw_search_docs (
     product_id VARCHAR PRIMARY KEY, name_key VARCHAR NOT NULL, short_key VARCHAR NOT NULL, domain VARCHAR NOT NULL,
     status VARCHAR NOT NULL, owner_key VARCHAR NOT NULL, quality_level VARCHAR NOT NULL, has_pii BOOLEAN NOT NULL,
     tags VARCHAR NOT NULL, terms VARCHAR NOT NULL)`,
  // The open-standard documents (ODCS, ODPS) each product version was published from, byte for byte.
  `CREATE TABLE IF NOT EXISTS mw_product_documents (
     product_id VARCHAR NOT NULL, version VARCHAR NOT NULL, position INTEGER NOT NULL, role VARCHAR NOT NULL,
     kind VARCHAR NOT NULL, file VARCHAR NOT NULL, text VARCHAR NOT NULL, stored_at VARCHAR NOT NULL,
     PRIMARY KEY (product_id, version, position))`,
  ...GOVERNANCE_TABLE_STATEMENTS,
  ...EVENT_TABLE_STATEMENTS,
];
async function ensureCatalogTables(session) {
  for (const sql of STATEMENTS) await session.execute(sql);
  await session.execute(
    "INSERT INTO mw_meta (key, value) VALUES ('catalog_version', $1) ON CONFLICT (key) DO NOTHING",
    [String(CATALOG_VERSION)],
  );
}

// dist/catalog/store-schema.js
var STORE_SCHEMA_VERSION = 3;
var SCHEMA_VERSION_KEY = 'schema_version';
async function readStoreSchema(s, location) {
  let rows;
  try {
    rows = await s.query('SELECT key, value FROM mw_meta WHERE key IN ($1, $2)', [
      SCHEMA_VERSION_KEY,
      'search_index_version',
    ]);
  } catch (error) {
    if (await s.tableExists('mw_meta')) throw error;
    return { kind: 'setup', reason: 'new', from: null };
  }
  const meta = new Map(rows.map((r) => [String(r.key), String(r.value)]));
  const recorded = meta.get(SCHEMA_VERSION_KEY);
  const version = recorded === void 0 ? null : parseSchemaVersion(recorded, location);
  assertSchemaSupported(version, location);
  if (version === STORE_SCHEMA_VERSION && meta.get('search_index_version') === SEARCH_INDEX_VERSION)
    return { kind: 'current' };
  return { kind: 'setup', reason: 'upgrade', from: version };
}
async function recordStoreSchema(s) {
  await s.execute(
    `INSERT INTO mw_meta (key, value) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    [SCHEMA_VERSION_KEY, String(STORE_SCHEMA_VERSION)],
  );
}
function parseSchemaVersion(text3, location) {
  const version = Number(text3);
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new MeshError(
      'invalid_input',
      `the store ${location} records schema version "${text3}" in mw_meta, which is not a version number; restore the store from a backup`,
    );
  }
  return version;
}
function assertSchemaSupported(version, location) {
  if (version !== null && version > STORE_SCHEMA_VERSION) {
    throw new MeshError(
      'storage_unavailable',
      `the store ${location} has schema version ${version}, newer than this Meshwork understands (schema version ${STORE_SCHEMA_VERSION}); open it with the Meshwork version that wrote it, or upgrade Meshwork`,
      { details: { storeVersion: version, supportedVersion: STORE_SCHEMA_VERSION } },
    );
  }
}

// dist/product/store-setup.js
async function prepareStore(engine, context) {
  const state = await readStoreSchema(engine, engine.location);
  if (state.kind === 'current' || engine.readOnly) return;
  await engine.transaction(async (tx) => {
    if ((await tx.tableExists('mw_meta')) && (await readStoreSchema(tx, engine.location)).kind === 'current')
      return;
    await setUpStore(tx, context);
  });
}
async function setUpStore(tx, context) {
  const { at, auditLog, registry } = context;
  const created = !(await tx.tableExists('mw_audit_log'));
  await ensureCatalogTables(tx);
  await ensureMaskingSecret(tx, at);
  await registry.ensureSearchIndex(tx);
  if (created) {
    await auditLog.start(tx, {
      at,
      actor: 'system',
      principal: 'system',
      action: GENESIS_ACTION,
      target: '',
      outcome: 'ok',
      details: { keyed: auditLog.keyId !== null },
    });
  }
  await seedDefaultPolicies(tx, at, auditLog);
  await recordStoreSchema(tx);
}

// dist/product/mesh.js
var KNOWN_PRODUCTS_LISTED = 5;
function toAuditKey(key) {
  if (key === void 0) return void 0;
  return key instanceof AuditKey ? key : AuditKey.from(key, 'the audit key given to Mesh.open');
}
var documentStore3 = new ProductDocumentStore();
var Mesh = class _Mesh {
  #ctx;
  #ownsEngine;
  constructor(ctx, ownsEngine) {
    this.#ctx = ctx;
    this.#ownsEngine = ownsEngine;
  }
  /**
   * Opens (creating if needed, unless `create: false` or `readOnly`) a store and its catalog.
   * Opening a store already set up by this version only checks its schema version; a new store, or one an older
   * version wrote, is set up once (see docs/architecture or `prepareStore`).
   * @throws MeshError `storage_unavailable` when the store cannot be opened or a newer Meshwork wrote it (its schema
   * version is higher than this code's); `not_found` when it is missing and may not be created; `invalid_input` when the file is empty or not a store; `unauthorized` for an empty, malformed,
   * unknown, expired or revoked token.
   */
  static async open(options = {}) {
    if (options.token !== void 0)
      assertTokenNotEmpty(options.token, options.tokenSource ?? 'the token option');
    const engine =
      options.engine ??
      (await openEngine(resolveStoreLocation(options.store, options.env ?? {}), {
        ...(options.readOnly !== void 0 ? { readOnly: options.readOnly } : {}),
        ...(options.create !== void 0 ? { create: options.create } : {}),
      }));
    const registry = new ProductRegistry();
    let auditLog;
    try {
      auditLog = new AuditLog(toAuditKey(options.auditKey));
      await prepareStore(engine, {
        auditLog,
        registry,
        at: (options.now ?? (() => /* @__PURE__ */ new Date()))().toISOString(),
      });
    } catch (error) {
      if (!options.engine) await engine.close();
      throw error;
    }
    let principal = LOCAL_ADMIN;
    try {
      if (options.token !== void 0)
        principal = await authenticateToken(
          engine,
          options.token,
          (options.now ?? (() => /* @__PURE__ */ new Date()))(),
          auditLog,
        );
      else if (options.principal !== void 0) principal = await resolvePrincipal(engine, options.principal);
    } catch (error) {
      if (!options.engine) await engine.close();
      throw error;
    }
    if (!options.engine && !engine.readOnly) {
      try {
        await recoverWriteJournal(engine, auditLog);
      } catch (error) {
        if (!(error instanceof MeshError && error.code === 'conflict')) {
          await engine.close();
          throw error;
        }
      }
    }
    const named = options.token !== void 0 || options.principal !== void 0;
    const ctx = {
      engine,
      registry,
      accessLog: new AuditedAccessLog(auditLog, principal.id),
      audit: auditLog,
      lineage: new LineageStore(),
      sources: new SourceRegistry(),
      domains: new DomainRegistry(),
      now: options.now ?? (() => /* @__PURE__ */ new Date()),
      actor: options.actor ?? (named ? principal.id : 'anonymous'),
      principal,
    };
    return new _Mesh(ctx, options.engine === void 0);
  }
  /** Where the store lives. */
  get store() {
    return this.#ctx.engine.location;
  }
  /** The principal this handle acts as. */
  get actor() {
    return this.#ctx.actor;
  }
  /** The principal whose roles and grants decide what this handle may do (`local-admin` by default). */
  get principal() {
    return this.#ctx.principal ?? LOCAL_ADMIN;
  }
  /**
   * A handle on the same store acting as another registered principal (recorded as its id).
   * @throws MeshError `unauthorized` when no such principal is registered.
   * @example const bob = await mesh.as('bob'); await bob.governance.requestAccess({ product: 'sales.transactions', purpose: 'forecast' });
   */
  async as(principal) {
    const p = await resolvePrincipal(
      this.#ctx.engine,
      typeof principal === 'string' ? principal : principal.id,
    );
    return new _Mesh(
      {
        ...this.#ctx,
        principal: p,
        actor: p.id,
        accessLog: new AuditedAccessLog(this.#ctx.audit, p.id),
      },
      false,
    );
  }
  /**
   * Reads the events outbox after a cursor, as this handle's principal (docs/events.md, "Who reads which events").
   * @throws MeshError `invalid_input` for a bad cursor, limit or type.
   * @example const page = await mesh.events({ after: 0, types: ['product.published'], limit: 50 });
   */
  events(query = {}) {
    return readEvents(this.#ctx, query);
  }
  /** Follows the outbox live (polling), from `query.after`, until the signal aborts; see {@link tailEvents}. */
  tailEvents(query = {}, options = {}) {
    return tailEvents(this.#ctx, query, options);
  }
  /** Webhooks as this handle's principal: register, list, remove, deliveries, redeliver, and the dispatcher. */
  get webhooks() {
    return new MeshWebhooks(this.#ctx);
  }
  /** Governance as this handle's principal: principals, tokens, policies, compliance, access, notifications, audit. */
  get governance() {
    return new Governance(governedContext(this.#ctx));
  }
  /** A handle on the same store acting as another principal. */
  withActor(actor) {
    if (actor.trim() === '') throw new MeshError('invalid_input', 'actor must not be empty');
    return new _Mesh({ ...this.#ctx, actor }, false);
  }
  /**
   * Registers a new product (as a draft) from a spec, creates its table and records its upstream lineage; the
   * documents in `options.documents` are stored with the version in the same transaction.
   * @throws ContractViolationError for a malformed spec; MeshError `already_exists` when the id is taken,
   * `invalid_input` when the documents describe another product or version.
   */
  async createProduct(input, options = {}) {
    const spec = parseProductSpec(input);
    const documents2 = options.documents ?? [];
    assertDocumentsDescribe(spec, documents2);
    if (spec.schema.fields.length === 0) {
      const contract = documents2.find((d) => d.role === 'contract');
      const where = contract === void 0 ? 'schema.fields' : `schema[0].properties of ${contract.file}`;
      const message = `product ${spec.id} has no fields; list at least one under ${where} so it can store records`;
      const path = contract === void 0 ? ['schema', 'fields'] : ['schema', 0, 'properties'];
      throw new ContractViolationError(message, [{ path, code: 'required', message }]);
    }
    compileRecordValidator(spec.schema);
    for (const rule of spec.schema.rules) bindFilter(toFilter(rule.check), spec.schema);
    for (const up of spec.upstream) {
      if (!PRODUCT_ID_PATTERN.test(up) && !EXTERNAL_SOURCE_PATTERN.test(up)) {
        throw new MeshError(
          'invalid_input',
          `upstream "${up}" of ${spec.id} is neither a product id (domain.name) nor an external source (scheme:location)`,
        );
      }
    }
    const ctx = this.#ctx;
    const refusal = manageRefusal(
      governedContext(ctx),
      spec.domain,
      `create products in domain ${spec.domain}`,
    );
    if (refusal && !(options.ifExists === 'reuse' && (await ctx.registry.find(ctx.engine, spec.id)))) {
      await new ProductGuard(ctx).deny(spec, 'create', refusal);
    }
    if (
      spec.derived !== void 0 &&
      !(options.ifExists === 'reuse' && (await ctx.registry.find(ctx.engine, spec.id)))
    )
      await assertDerivedAllowed(ctx, new ProductGuard(ctx), spec, 'create');
    const created = await ctx.engine.transaction(async (tx) => {
      const existing = await ctx.registry.find(tx, spec.id);
      if (existing) {
        if (options.ifExists === 'reuse') return false;
        throw new MeshError(
          'already_exists',
          `product ${spec.id} already exists; use mesh.product('${spec.id}') to open it`,
        );
      }
      for (const up of spec.upstream) {
        if (PRODUCT_ID_PATTERN.test(up) && !(await ctx.registry.find(tx, up))) {
          throw new MeshError(
            'not_found',
            `upstream product ${up} of ${spec.id} is not in the catalog; create it first`,
          );
        }
      }
      const at = ctx.now().toISOString();
      const descriptor = { ...spec, status: 'draft', createdAt: at, updatedAt: at };
      const tableName = productTableName(spec.id, spec.version);
      if (await tx.tableExists(tableName)) {
        throw new MeshError(
          'already_exists',
          `the store already has a table ${tableName}, which product ${spec.id} would use; choose an id without double underscores`,
        );
      }
      await tx.createTable(toTableSpec(spec, tableName));
      await ctx.registry.insert(tx, descriptor, tableName);
      if (documents2.length > 0) await documentStore3.replace(tx, spec.id, spec.version, documents2, at);
      await ctx.domains.ensure(tx, spec.domain, at);
      for (const up of spec.upstream) await ctx.lineage.add(tx, { from: up, to: spec.id, createdAt: at });
      await ctx.accessLog.record(tx, {
        at,
        actor: ctx.actor,
        operation: 'create',
        productId: spec.id,
        productVersion: spec.version,
        parameters: { upstream: spec.upstream },
        rowsAffected: 0,
        outcome: 'ok',
        message: null,
      });
      return true;
    });
    void created;
    return new DataProduct(ctx, spec.id);
  }
  /**
   * Opens an existing product.
   * @throws MeshError `not_found` when no product has this id.
   */
  async product(id) {
    if (!(await this.#ctx.registry.find(this.#ctx.engine, id))) {
      const known = (await this.#ctx.registry.list(this.#ctx.engine)).map((r) => r.descriptor.id);
      const guess = known.length > KNOWN_PRODUCTS_LISTED ? closestName(id, known) : void 0;
      const hint =
        known.length === 0
          ? 'create it first'
          : known.length <= KNOWN_PRODUCTS_LISTED
            ? `known products: ${known.join(', ')}`
            : guess !== void 0
              ? `did you mean ${guess}?`
              : `find it with \`meshwork search <words>\` or \`meshwork list\` (${known.length} products)`;
      throw new MeshError('not_found', `product ${id} is not in the catalog; ${hint}`);
    }
    return new DataProduct(this.#ctx, id);
  }
  /** Tells whether a product exists. */
  async hasProduct(id) {
    return (await this.#ctx.registry.find(this.#ctx.engine, id)) !== void 0;
  }
  /** Lists product descriptors, optionally by domain or status. */
  async listProducts(filter = {}) {
    return (await this.#ctx.registry.list(this.#ctx.engine, filter)).map((r) => r.descriptor);
  }
  /**
   * Reads the access log across all products (platform admins), or of one product (also its domain's owners).
   * @throws MeshError `unauthorized` for anyone else.
   */
  async accessLog(query = {}) {
    const record =
      query.productId === void 0 ? void 0 : await this.#ctx.registry.find(this.#ctx.engine, query.productId);
    if (record) await new ProductGuard(this.#ctx).assertOwner(record.descriptor, 'log');
    else if (!isPlatformAdmin(this.principal)) {
      throw new MeshError(
        'unauthorized',
        `${this.principal.id} may not read the whole access log; only a platform admin may (owners read their products' logs)`,
      );
    }
    return this.#ctx.accessLog.list(this.#ctx.engine, query);
  }
  /** Records which connector feeds a product and with what settings, so that it can be refreshed later. */
  async setSource(productId, connector, config) {
    await new ProductGuard(this.#ctx).assertOwner(
      await (await this.product(productId)).descriptor(),
      'source',
    );
    await this.#ctx.sources.save(
      this.#ctx.engine,
      productId,
      connector,
      config,
      this.#ctx.now().toISOString(),
    );
  }
  /**
   * Records how a connector pull went (platform admins and owners of the product's domain, like `setSource`).
   * @throws MeshError `unauthorized` for anyone else (audited as denied).
   */
  async markSourceRun(productId, outcome, message = null) {
    await new ProductGuard(this.#ctx).assertOwner(
      await (await this.product(productId)).descriptor(),
      'source',
    );
    await this.#ctx.sources.markRun(
      this.#ctx.engine,
      productId,
      this.#ctx.now().toISOString(),
      outcome,
      message,
    );
  }
  /**
   * How current a connector-fed product is: its source and settings, its last pull and whether its data is older
   * than its SLA's freshness window. Pulls nothing.
   * @throws MeshError `not_found` for an unknown product; `invalid_input` when no connector feeds it.
   * @example const status = await mesh.sourceStatus('external.worldbank_indicators'); if (status.stale) await refreshWorldBank(mesh, status.productId);
   */
  sourceStatus(productId) {
    return sourceStatus(this.#ctx, productId);
  }
  /** The connector feeding a product, or undefined when none does. */
  source(productId) {
    return this.#ctx.sources.find(this.#ctx.engine, productId);
  }
  /**
   * Creates a domain or sets its description and owner team (fields left out keep their value). Domains are also
   * registered, undescribed, when their first product is created.
   * @throws MeshError `invalid_input` for a malformed name or empty text.
   * @example await mesh.defineDomain({ name: 'sales', description: 'Orders and revenue', ownerTeam: 'sales-team' })
   */
  defineDomain(input) {
    return defineDomain(this.#ctx, input);
  }
  /** Lists every domain with its description, owner team and product counts per lifecycle state. */
  listDomains() {
    return this.#ctx.domains.list(this.#ctx.engine);
  }
  /**
   * Searches the catalog: every word of `text` must match a product's id or name, field names, tags, domain, owner,
   * description or field descriptions (whole words, or their start); results come best first with where they
   * matched. An empty text lists the products passing the filters. Archived products are left out unless
   * `filters.status` asks for them. The result also carries `facets`: counts per domain, status, tag, quality level,
   * owner and PII over everything found (not only the `limit` returned). Scoring: see `docs/catalog.md`.
   * @throws MeshError `invalid_input` for bad filters or a text without words.
   * @example await mesh.search('revenue', { domain: 'sales', limit: 5 })
   */
  search(text3, filters = {}) {
    return searchCatalog(this.#ctx, text3, filters);
  }
  /**
   * Walks the lineage graph from a product (or an external source) upstream, downstream or both, to any depth;
   * cycles are safe. Without a root, returns the whole graph.
   * @throws MeshError `not_found` for an unknown root, `invalid_input` for a bad direction or depth.
   * @example await mesh.lineageGraph('sales.transactions', { direction: 'down', depth: 2 })
   */
  async lineageGraph(root, options = {}) {
    return (await lineageView(this.#ctx, root, options)).view;
  }
  /**
   * Exports lineage (a walk from `root`, or the whole graph) as OpenLineage `RunEvent`s, one per product.
   * @throws MeshError `not_found` for an unknown root, `invalid_input` for a bad direction or depth.
   */
  openLineage(root, options = {}) {
    return openLineageEvents(this.#ctx, root, options);
  }
  /**
   * Tells which downstream products (and their readers) a change of a product, or of one of its fields, reaches.
   * @throws MeshError `not_found` for an unknown product, `invalid_input` for an unknown field.
   * @example await mesh.impact('sales.transactions', { field: 'amount' })
   */
  impact(productId, options = {}) {
    return impactOf(this.#ctx, productId, options);
  }
  /**
   * Publishes a spec as the product's current version: creates the product, or checks the change against the
   * previous version (breaking changes need a major version) and migrates its storage; idempotent when unchanged.
   * @throws ContractViolationError for an undeclared breaking change; MeshError `conflict` otherwise refused.
   */
  async publishSpec(input, options = {}) {
    const governed2 = {
      beforePublish: async (spec, previous) => {
        if (previous) await this.governance.checkPublish(spec);
        await options.beforePublish?.(spec, previous);
      },
      consumers: async (productId) =>
        options.consumers
          ? options.consumers(productId)
          : (await this.governance.listGrants({ product: productId })).map((g) => g.principalId),
      ...(options.documents === void 0 ? {} : { documents: options.documents }),
      ...(options.empty === void 0 ? {} : { empty: options.empty }),
      ...(options.rejectLimit === void 0 ? {} : { rejectLimit: options.rejectLimit }),
    };
    return publishSpec(this.#ctx, this, parseProductSpec(input), governed2);
  }
  /** Closes the store (when this mesh opened it). */
  async close() {
    if (this.#ownsEngine) await this.#ctx.engine.close();
  }
};
export { Mesh };
