import { PRODUCT_ID_PATTERN } from './chunk-K5DZIQWA.js';
import { MeshError } from './chunk-Z2USMJAC.js';

// dist/governance/principal.js
var PRINCIPAL_KINDS = ['user', 'service'];
var PRINCIPAL_ID_PATTERN = /^[a-z0-9][a-z0-9._@-]{0,99}$/;
var DOMAIN_PATTERN = /^[a-z][a-z0-9_]*$/;
var LOCAL_ADMIN = Object.freeze({
  id: 'local-admin',
  kind: 'user',
  displayName: 'local administrator (embedded store)',
  roles: Object.freeze([{ kind: 'admin' }]),
});
function isPlatformAdmin(principal) {
  return principal.roles.some((r) => r.kind === 'admin');
}
function ownedDomains(principal) {
  return principal.roles.flatMap((r) => (r.kind === 'domain_owner' ? [r.domain] : []));
}
function canManageDomain(principal, domain) {
  return isPlatformAdmin(principal) || ownedDomains(principal).includes(domain);
}
function formatRole(role) {
  return role.kind === 'domain_owner' ? `owner:${role.domain}` : role.kind;
}
function parseRole(text2) {
  const t = text2.trim();
  if (t === 'admin' || t === 'platform_admin') return { kind: 'admin' };
  if (t === 'consumer') return { kind: 'consumer' };
  const m = /^(?:owner|domain_owner):(.+)$/.exec(t);
  if (m && DOMAIN_PATTERN.test(m[1])) return { kind: 'domain_owner', domain: m[1] };
  throw new MeshError(
    'invalid_input',
    `role "${text2}" is not known; use admin, consumer or owner:<domain> (e.g. owner:sales)`,
  );
}
function parseRoles(input) {
  const out = /* @__PURE__ */ new Map();
  for (const item of input) {
    const role = typeof item === 'string' ? parseRole(item) : parseRole(formatRole(item));
    out.set(formatRole(role), role);
  }
  return [...out.values()];
}
function assertPrincipalId(id) {
  if (!PRINCIPAL_ID_PATTERN.test(id)) {
    throw new MeshError(
      'invalid_input',
      `principal id "${id}" must be lowercase letters, digits and . _ @ - (at most 100), e.g. alice or etl-bot`,
    );
  }
}

// dist/governance/audit-log.js
import { createHash as createHash2 } from 'node:crypto';

// dist/governance/audit-events.js
import { randomUUID as randomUUID2 } from 'node:crypto';

// dist/catalog/events/event-outbox.js
import { randomUUID } from 'node:crypto';

// dist/catalog/events/event-scope.js
var OWNER_ONLY_TYPE_PREFIXES = ['access.', 'token.', 'principal.', 'policy.'];
var ALL_EVENTS = Object.freeze({ kind: 'all' });

// dist/catalog/events/event-types.js
var EVENT_TYPES = [
  'product.created',
  'product.published',
  'product.deprecated',
  'product.archived',
  'version.published',
  'ingest.batch_committed',
  'ingest.run_completed',
  'rows.updated',
  'rows.removed',
  'derived.refreshed',
  'lineage.changed',
  'segment.changed',
  'quality.run_finished',
  'sla.breached',
  'sla.recovered',
  'access.requested',
  'access.approved',
  'access.rejected',
  'access.revoked',
  'policy.violation',
  'policy.applied',
  'token.created',
  'token.revoked',
  'principal.added',
  'principal.roles_changed',
  'domain.defined',
];
function isEventType(text2) {
  return EVENT_TYPES.includes(text2);
}

// dist/catalog/events/event-outbox.js
var MAX_EVENT_PAGE = 1e3;
var COLUMNS = 'id, seq, type, occurred_at, product_id, domain, principal, actor, payload_kind, payload';
function toEvent(r) {
  const type = String(r.type);
  if (!isEventType(type)) throw new Error(`the outbox holds an event of unknown type ${type}`);
  return {
    cursor: Number(r.seq),
    id: String(r.id),
    type,
    time: String(r.occurred_at),
    productId: r.product_id === null ? null : String(r.product_id),
    domain: r.domain === null ? null : String(r.domain),
    principal: String(r.principal),
    actor: String(r.actor),
    payloadKind: String(r.payload_kind),
    payload: JSON.parse(String(r.payload)),
  };
}
function assertEventQuery(q) {
  if (q.after !== void 0 && !(Number.isSafeInteger(q.after) && q.after >= 0))
    throw new MeshError(
      'invalid_input',
      `events: after must be a cursor (a whole number \u2265 0), got ${q.after}`,
    );
  if (q.limit !== void 0 && !(Number.isSafeInteger(q.limit) && q.limit >= 1 && q.limit <= MAX_EVENT_PAGE))
    throw new MeshError(
      'invalid_input',
      `events: limit must be a whole number from 1 to ${MAX_EVENT_PAGE}, got ${q.limit}`,
    );
  for (const t of q.types ?? [])
    if (!isEventType(t))
      throw new MeshError(
        'invalid_input',
        `events: type "${String(t)}" is not an event type; see docs/events.md`,
      );
}
var Where = class {
  clauses = [];
  params = [];
  bind(value) {
    this.params.push(value);
    return `$${this.params.length}`;
  }
  list(values) {
    return values.map((v) => this.bind(v)).join(', ');
  }
};
function scopeClause(w, scope) {
  if (scope.kind === 'all') return;
  const parts = [`principal = ${w.bind(scope.principal)}`];
  if (scope.domains.length > 0) parts.push(`domain IN (${w.list(scope.domains)})`);
  if (scope.products.length > 0) {
    const notOwnerOnly = OWNER_ONLY_TYPE_PREFIXES.map((p) => `type NOT LIKE ${w.bind(`${p}%`)}`).join(
      ' AND ',
    );
    parts.push(`(product_id IN (${w.list(scope.products)}) AND ${notOwnerOnly})`);
  }
  w.clauses.push(`(${parts.join(' OR ')})`);
}
var EventOutbox = class {
  /**
   * Appends an event and gives it the next cursor; call it inside the transaction making the change, on a session
   * whose transactions run one at a time (`engine.transaction`).
   */
  async append(s, event) {
    await this.sequencePending(s);
    const next = await this.#nextSeq(s);
    return this.#insert(s, event, next);
  }
  /** Appends an event without a cursor yet; for transactions on a connection of their own (`engine.begin`). */
  async appendPending(s, event) {
    await this.#insert(s, event, null);
  }
  /** Gives the committed events still without a cursor their places, oldest first; returns how many. */
  async sequencePending(s) {
    const pending = await s.query('SELECT id FROM mw_events WHERE seq IS NULL ORDER BY occurred_at, id');
    if (pending.length === 0) return 0;
    let next = await this.#nextSeq(s);
    for (const r of pending) {
      await s.execute('UPDATE mw_events SET seq = $1 WHERE id = $2', [next, String(r.id)]);
      next += 1;
    }
    return pending.length;
  }
  /** Reads events after a cursor in cursor order, within a reader's scope. */
  async read(s, q, scope) {
    assertEventQuery(q);
    const w = new Where();
    w.clauses.push('seq IS NOT NULL', `seq > ${w.bind(q.after ?? 0)}`);
    if (q.types !== void 0 && q.types.length > 0) w.clauses.push(`type IN (${w.list(q.types)})`);
    if (q.product !== void 0) w.clauses.push(`product_id = ${w.bind(q.product)}`);
    if (q.domain !== void 0) w.clauses.push(`domain = ${w.bind(q.domain)}`);
    scopeClause(w, scope);
    const limit = q.limit ?? 100;
    const rows = await s.query(
      `SELECT ${COLUMNS} FROM mw_events WHERE ${w.clauses.join(' AND ')} ORDER BY seq LIMIT ${limit}`,
      w.params,
    );
    return rows.map(toEvent);
  }
  /** Finds one event by id (with or without a cursor yet). */
  async find(s, id) {
    const [r] = await s.query(`SELECT ${COLUMNS} FROM mw_events WHERE id = $1 AND seq IS NOT NULL`, [id]);
    return r === void 0 ? void 0 : toEvent(r);
  }
  /** The cursor of the newest event (0 when there is none). */
  async head(s) {
    return (await this.#nextSeq(s)) - 1;
  }
  async #nextSeq(s) {
    const [r] = await s.query('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM mw_events');
    return Number(r?.next ?? 1);
  }
  async #insert(s, e, seq) {
    const event = {
      cursor: seq ?? 0,
      id: e.id ?? randomUUID(),
      type: e.type,
      time: e.time,
      productId: e.productId ?? null,
      domain: e.domain ?? null,
      principal: e.principal,
      actor: e.actor,
      payloadKind: e.payloadKind ?? 'meshwork',
      // Round-trip through JSON so what is returned is what is stored.
      payload: JSON.parse(JSON.stringify(e.payload)),
    };
    await s.execute(`INSERT INTO mw_events (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
      event.id,
      seq,
      event.type,
      event.time,
      event.productId,
      event.domain,
      event.principal,
      event.actor,
      event.payloadKind,
      JSON.stringify(event.payload),
    ]);
    return event;
  }
};

// dist/catalog/lineage/to-openlineage.js
import { createHash } from 'node:crypto';
var DEFAULT_OPENLINEAGE_NAMESPACE = 'meshwork';
var OPENLINEAGE_PRODUCER = 'https://github.com/meshwork/meshwork';
var RUN_EVENT_SCHEMA = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
var FACET_SCHEMAS = {
  schema: 'https://openlineage.io/spec/facets/1-0-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet',
  documentation:
    'https://openlineage.io/spec/facets/1-0-0/DocumentationDatasetFacet.json#/$defs/DocumentationDatasetFacet',
  ownership:
    'https://openlineage.io/spec/facets/1-0-0/OwnershipDatasetFacet.json#/$defs/OwnershipDatasetFacet',
  sql: 'https://openlineage.io/spec/facets/1-0-0/SQLJobFacet.json#/$defs/SQLJobFacet',
};
function stableUuid(text2) {
  const h = createHash('sha1').update(text2).digest('hex');
  const variant = ((Number.parseInt(h.slice(16, 18), 16) & 63) | 128).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
function datasetName(id, kind, namespace) {
  if (kind === 'product') return { namespace, name: id };
  const colon = id.indexOf(':');
  return { namespace: id.slice(0, colon), name: id.slice(colon + 1) };
}
function facet(schema, body) {
  return { _producer: OPENLINEAGE_PRODUCER, _schemaURL: FACET_SCHEMAS[schema], ...body };
}
function productFacets(d) {
  return {
    schema: facet('schema', {
      fields: d.schema.fields.map((f) => ({
        name: f.name,
        type: f.type,
        ...(f.description ? { description: f.description } : {}),
      })),
    }),
    ...(d.description ? { documentation: facet('documentation', { description: d.description }) } : {}),
    ownership: facet('ownership', { owners: [{ name: `team:${d.owner}`, type: 'OWNER' }] }),
  };
}
function toOpenLineage(view, descriptors, options = {}) {
  const namespace = options.namespace ?? DEFAULT_OPENLINEAGE_NAMESPACE;
  const kinds = new Map(view.nodes.map((n) => [n.id, n.kind]));
  const events = [];
  for (const node of view.nodes) {
    if (node.kind !== 'product') continue;
    const d = descriptors.get(node.id);
    const incoming = view.edges.filter((e) => e.to === node.id);
    const times = [d?.updatedAt, ...incoming.map((e) => e.createdAt)].filter((t) => t !== void 0);
    const eventTime = times.sort().at(-1) ?? /* @__PURE__ */ new Date(0).toISOString();
    const inputs = incoming.map((e) => {
      const upstream = descriptors.get(e.from);
      return {
        ...datasetName(e.from, kinds.get(e.from) ?? 'external', namespace),
        ...(upstream ? { facets: productFacets(upstream) } : {}),
      };
    });
    events.push({
      eventType: 'COMPLETE',
      eventTime,
      producer: OPENLINEAGE_PRODUCER,
      schemaURL: RUN_EVENT_SCHEMA,
      run: { runId: stableUuid(`${node.id}@${d?.version ?? ''}@${eventTime}`) },
      job: {
        namespace,
        name: node.id,
        ...(d?.derived ? { facets: { sql: facet('sql', { query: d.derived.sql }) } } : {}),
      },
      inputs,
      outputs: [{ namespace, name: node.id, ...(d ? { facets: productFacets(d) } : {}) }],
    });
  }
  return events;
}

// dist/catalog/events/openlineage-run-payload.js
function toOpenLineageRunPayload(run) {
  const ns = DEFAULT_OPENLINEAGE_NAMESPACE;
  const output = {
    namespace: ns,
    name: run.productId,
    ...(run.rowCount === void 0
      ? {}
      : {
          facets: {
            outputStatistics: {
              _producer: OPENLINEAGE_PRODUCER,
              _schemaURL:
                'https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet',
              rowCount: run.rowCount,
            },
          },
        }),
  };
  return {
    eventType: 'COMPLETE',
    eventTime: run.eventTime,
    producer: OPENLINEAGE_PRODUCER,
    schemaURL: RUN_EVENT_SCHEMA,
    run: { runId: run.runId },
    job: { namespace: ns, name: `${run.kind}:${run.productId}` },
    inputs: run.inputs.map((name) => ({ namespace: ns, name })),
    outputs: [output],
  };
}

// dist/governance/audit-events.js
var outbox = new EventOutbox();
var PRODUCT_EVENTS = {
  'product.create': 'product.created',
  'product.deprecate': 'product.deprecated',
  'product.archive': 'product.archived',
  'product.update': 'rows.updated',
  'product.remove': 'rows.removed',
  'product.lineage': 'lineage.changed',
  'product.segment': 'segment.changed',
};
var GOVERNANCE_EVENTS = {
  'access.request': 'access.requested',
  'access.approve': 'access.approved',
  'access.reject': 'access.rejected',
  'grant.revoke': 'access.revoked',
  'token.create': 'token.created',
  'token.revoke': 'token.revoked',
  'principal.add': 'principal.added',
  'principal.roles': 'principal.roles_changed',
  'policy.apply': 'policy.applied',
  'domain.define': 'domain.defined',
};
var POLICY_BOOKKEEPING = /* @__PURE__ */ new Set([
  'policy.apply',
  'policy.evaluate',
  'policy.compliance',
  'policy.test',
]);
function params(c) {
  const p = c.details.parameters;
  return typeof p === 'object' && p !== null ? p : {};
}
function pick(from, keys) {
  const out = {};
  for (const k of keys) if (from[k] !== void 0) out[k] = from[k];
  return out;
}
function productEvent(c) {
  const operation = c.action.slice('product.'.length);
  const p = params(c);
  const version = c.details.version;
  const rows = c.details.rowsAffected;
  const base = { productId: c.target };
  if (operation === 'publish') {
    if ('changes' in p)
      return {
        ...base,
        type: 'version.published',
        payload: { version, ...pick(p, ['from', 'to', 'changes', 'newTable']) },
      };
    return { ...base, type: 'product.published', payload: { version, ...pick(p, ['from', 'to']) } };
  }
  if (operation === 'ingest') {
    const runId = typeof p.run === 'string' ? p.run : randomUUID2();
    return {
      ...base,
      type: 'ingest.run_completed',
      payloadKind: 'openlineage',
      payload: {
        ...toOpenLineageRunPayload({
          runId,
          kind: 'ingest',
          productId: c.target,
          eventTime: c.at,
          inputs: [],
          rowCount: Number(rows),
        }),
        meshwork: {
          version,
          ...pick(p, ['total', 'accepted', 'rejected', 'skipped', 'updated', 'batches', 'interrupted']),
        },
      },
    };
  }
  if (operation === 'refresh') {
    const inputs = Array.isArray(p.inputs) ? p.inputs.map((i) => String(i.id)) : [];
    return {
      ...base,
      type: 'derived.refreshed',
      payloadKind: 'openlineage',
      payload: {
        ...toOpenLineageRunPayload({
          runId: randomUUID2(),
          kind: 'refresh',
          productId: c.target,
          eventTime: c.at,
          inputs,
          rowCount: Number(rows),
        }),
        meshwork: { version, previousRecords: p.previousRecords, records: rows },
      },
    };
  }
  const type = PRODUCT_EVENTS[`product.${operation}`];
  if (type === void 0) return null;
  const payload = { version };
  if (type === 'rows.updated') Object.assign(payload, { rowsAffected: rows, ...pick(p, ['fields']) });
  else if (type === 'rows.removed') payload.rowsAffected = rows;
  else if (type === 'segment.changed') Object.assign(payload, pick(p, ['action', 'segment']));
  else if (type === 'product.created') Object.assign(payload, pick(p, ['replacedDraft', 'upstream']));
  else Object.assign(payload, pick(p, ['from', 'to', 'sunset', 'reason', 'added']));
  return { ...base, type, payload };
}
function eventOfAudit(c) {
  if (c.action.startsWith('policy.') && !POLICY_BOOKKEEPING.has(c.action)) {
    if (c.outcome !== 'denied') return null;
    return {
      type: 'policy.violation',
      productId: c.target,
      payload: { operation: c.action.slice('policy.'.length), blocking: true, message: c.details.message },
    };
  }
  if (c.action.startsWith('product.') && c.outcome === 'denied' && params(c).code === 'policy_denied') {
    return {
      type: 'policy.violation',
      productId: c.target,
      payload: { operation: c.action.slice('product.'.length), blocking: true, message: c.details.message },
    };
  }
  if (c.outcome !== 'ok') return null;
  if (c.action === 'policy.evaluate') {
    const warnings = Number(c.details.warnings ?? 0);
    const blocking = Number(c.details.blocking ?? 0);
    if (warnings === 0 || blocking > 0) return null;
    return {
      type: 'policy.violation',
      productId: c.target,
      payload: { operation: c.details.event, blocking: false, warnings },
    };
  }
  if (c.action.startsWith('product.')) return productEvent(c);
  const type = GOVERNANCE_EVENTS[c.action];
  if (type === void 0) return null;
  if (type === 'domain.defined')
    return { type, domain: c.target, payload: { ...c.details, domain: c.target } };
  const onProduct = type.startsWith('access.');
  return {
    type,
    ...(onProduct ? { productId: c.target } : {}),
    payload: { ...(onProduct ? {} : { target: c.target }), ...c.details },
  };
}
async function recordAuditEvent(s, c) {
  const event = eventOfAudit(c);
  if (event === null) return;
  let domain = event.domain ?? null;
  if (domain === null && event.productId) {
    const [r] = await s.query('SELECT domain FROM mw_products WHERE id = $1', [event.productId]);
    domain = r === void 0 ? null : String(r.domain);
  }
  await outbox.append(s, { ...event, domain, time: c.at, principal: c.principal, actor: c.actor });
}

// dist/governance/canonical-json.js
function canonicalJson(value) {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return value.toString();
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === void 0 ? null : v)).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, v]) => v !== void 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

// dist/governance/audit-log.js
var AUDIT_OUTCOMES = ['ok', 'denied', 'failed'];
var GENESIS_HASH = '0'.repeat(64);
var GENESIS_ACTION = 'audit.genesis';
var KEY_ACTION = 'audit.key';
var UNKEYED_NOTE =
  'verified without a key: plain SHA-256 hashes only detect accidental damage, not a rewrite by someone who can write the store file (anyone can recompute them); keep `meshwork audit head` outside the store and verify with --expect-head, or write the log with MESHWORK_AUDIT_KEY';
function hashedContent(entry) {
  const { keyId, ...rest } = entry;
  return keyId === null ? rest : { ...rest, keyId };
}
function hashAuditEntry(entry) {
  return createHash2('sha256')
    .update(canonicalJson(hashedContent({ ...entry, keyId: null })))
    .digest('hex');
}
function toEntry(r) {
  return {
    seq: Number(r.seq),
    at: String(r.occurred_at),
    actor: String(r.actor),
    principal: String(r.principal),
    action: String(r.action),
    target: String(r.target),
    outcome: String(r.outcome),
    details: JSON.parse(String(r.details)),
    prevHash: String(r.prev_hash),
    keyId: r.key_id === null || r.key_id === void 0 ? null : String(r.key_id),
    hash: String(r.hash),
  };
}
async function readHead(s) {
  const r = (await s.query("SELECT seq, hash, key_id, mac FROM mw_audit_head WHERE id = 'head'"))[0];
  if (!r) return void 0;
  return {
    seq: Number(r.seq),
    hash: String(r.hash),
    keyId: r.key_id === null ? null : String(r.key_id),
    mac: r.mac === null ? null : String(r.mac),
  };
}
function isEngine(s) {
  return typeof s.transaction === 'function';
}
function parseAuditAnchor(text2) {
  const m = /^\s*(\d+):([0-9a-f]{64})\s*$/.exec(text2);
  if (!m || Number(m[1]) < 1 || !Number.isSafeInteger(Number(m[1]))) {
    throw new MeshError(
      'invalid_input',
      `audit anchor "${text2.slice(0, 80)}" is not <seq>:<hash> (a positive entry number, a colon and 64 lowercase hex digits), as printed by meshwork audit head`,
    );
  }
  return { seq: Number(m[1]), hash: m[2] };
}
var PAGE = 1e3;
var AuditLog = class {
  #key;
  /** A log that writes keyed entries when given a key, plain SHA-256 ones otherwise. */
  constructor(key) {
    this.#key = key;
  }
  /** The fingerprint of this log's key, or null without one. */
  get keyId() {
    return this.#key?.fingerprint ?? null;
  }
  #hash(entry) {
    if (entry.keyId === null) return hashAuditEntry({ ...entry, keyId: null });
    if (!this.#key) throw new Error('a keyed entry needs the key');
    return this.#key.mac(canonicalJson(hashedContent(entry)));
  }
  #headMac(seq, hash) {
    return this.#key ? this.#key.mac(`meshwork audit head v1|${seq}|${hash}`) : null;
  }
  /**
   * Appends an entry. On a whole engine the append runs in its own transaction; inside a transaction it joins it, so
   * the entry lands exactly when the change it records does.
   * @throws MeshError `conflict` when the log is empty (wiped: only {@link AuditLog.start} begins a chain), when the
   * chain is keyed and this log has no key or another one, or when this log has a key and the chain is not keyed yet.
   */
  async append(s, entry) {
    if (isEngine(s)) return s.transaction((tx) => this.append(tx, entry));
    const head = await this.#writableHead(s);
    return this.#write(s, head, entry);
  }
  /**
   * Checks that this log could append now, without appending: for writes whose entries come after their commit
   * (ingest batches), so that a missing or wrong key refuses the write before any row is stored.
   * @throws MeshError `conflict` as {@link AuditLog.append} does.
   */
  async assertWritable(s) {
    await this.#writableHead(s);
  }
  async #writableHead(s) {
    const head = await readHead(s);
    if (!head) {
      throw new MeshError(
        'conflict',
        'cannot append to the audit log: it is empty, but every store starts its log with a genesis entry when it is created, so the log was wiped; run meshwork audit verify, and restore the store from a backup',
      );
    }
    this.#assertKeyFits(head);
    if (this.#key && head.keyId === null) {
      throw new MeshError(
        'conflict',
        `cannot append keyed entries to the audit log: it is not keyed yet (entries 1 to ${head.seq} have plain hashes); verify it without the key, then start keying it once with meshwork audit enroll-key (governance.enrollAuditKey()), or open the store without the key`,
      );
    }
    return head;
  }
  /**
   * Begins a chain on an empty log with its first entry (the store's genesis entry).
   * @throws MeshError `conflict` when the log is not empty.
   */
  async start(s, entry) {
    if (isEngine(s)) return s.transaction((tx) => this.start(tx, entry));
    const head = await readHead(s);
    const any = await s.query('SELECT seq FROM mw_audit_log LIMIT 1');
    if (head || any.length > 0) {
      throw new MeshError('conflict', 'cannot start the audit chain: the log already holds entries');
    }
    return this.#write(s, void 0, entry);
  }
  async #write(s, head, entry) {
    const seq = head ? head.seq + 1 : 1;
    const prevHash = head ? head.hash : GENESIS_HASH;
    const details = JSON.parse(JSON.stringify(entry.details));
    const unsigned = { ...entry, details, seq, prevHash, keyId: this.keyId };
    const hash = this.#hash(unsigned);
    await s.execute(
      `INSERT INTO mw_audit_log (seq, occurred_at, actor, principal, action, target, outcome, details, prev_hash, hash, key_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        seq,
        entry.at,
        entry.actor,
        entry.principal,
        entry.action,
        entry.target,
        entry.outcome,
        JSON.stringify(details),
        prevHash,
        hash,
        this.keyId,
      ],
    );
    await recordAuditEvent(s, entry);
    const mac = this.#headMac(seq, hash);
    if (head) {
      await s.execute(
        "UPDATE mw_audit_head SET seq = $1, hash = $2, key_id = $3, mac = $4 WHERE id = 'head'",
        [seq, hash, this.keyId, mac],
      );
    } else {
      await s.execute(
        "INSERT INTO mw_audit_head (id, seq, hash, key_id, mac) VALUES ('head', $1, $2, $3, $4)",
        [seq, hash, this.keyId, mac],
      );
    }
    return { ...unsigned, hash };
  }
  #assertKeyFits(head) {
    if (!head || head.keyId === null || head.keyId === this.keyId) return;
    throw new MeshError(
      'conflict',
      this.#key
        ? `cannot append to the audit log: it is written with another key (fingerprint ${head.keyId}, the key given has ${this.keyId}); open the store with the key it was written with`
        : `cannot append to the audit log: it is keyed (key fingerprint ${head.keyId}) and no key was given; open the store with its key (MESHWORK_AUDIT_KEY or MESHWORK_AUDIT_KEY_FILE for the CLI, auditKey for Mesh.open)`,
      { details: { keyId: head.keyId } },
    );
  }
  /**
   * Starts keying a chain written without a key so far: appends a keyed `audit.key` entry, so that from here on an
   * unkeyed entry is a forgery. Deliberately never automatic: done silently, it would also bless a chain rewritten
   * without the key.
   * @throws MeshError `invalid_input` without a key; `conflict` when the chain is empty or keyed already.
   */
  async enrollKey(s, at, actor) {
    if (isEngine(s)) return s.transaction((tx) => this.enrollKey(tx, at, actor));
    if (!this.#key) {
      throw new MeshError(
        'invalid_input',
        'cannot key the audit log without a key: set MESHWORK_AUDIT_KEY or MESHWORK_AUDIT_KEY_FILE (auditKey for Mesh.open)',
      );
    }
    const head = await readHead(s);
    if (!head)
      throw new MeshError(
        'conflict',
        'cannot key the audit log: it is empty (wiped); run meshwork audit verify',
      );
    if (head.keyId !== null) {
      throw new MeshError(
        'conflict',
        head.keyId === this.keyId
          ? 'the audit log is keyed with this key already'
          : `the audit log is keyed with another key (fingerprint ${head.keyId}); it cannot be re-keyed`,
      );
    }
    return this.#write(s, head, {
      at,
      actor,
      principal: actor,
      action: KEY_ACTION,
      target: '',
      outcome: 'ok',
      details: { keyId: this.keyId, unkeyedBefore: head.seq },
    });
  }
  /** The chain's current head (its last entry), or undefined for an empty log. */
  async head(s) {
    const head = await readHead(s);
    if (!head) return void 0;
    return { seq: head.seq, hash: head.hash, keyId: head.keyId, anchor: `${head.seq}:${head.hash}` };
  }
  /** Reads entries, newest first unless asked otherwise. */
  async list(s, q = {}) {
    const conds = [];
    const params2 = [];
    const add = (column, value) => {
      if (value === void 0) return;
      params2.push(value);
      conds.push(`${column} = $${params2.length}`);
    };
    add('action', q.action);
    add('target', q.target);
    add('principal', q.principal);
    add('outcome', q.outcome);
    const where2 = conds.length > 0 ? ` WHERE ${conds.join(' AND ')}` : '';
    const limit = Math.max(0, Math.trunc(q.limit ?? 100));
    const rows = await s.query(
      `SELECT * FROM mw_audit_log${where2} ORDER BY seq ${q.order === 'asc' ? 'ASC' : 'DESC'} LIMIT ${limit}`,
      params2,
    );
    return rows.map(toEntry);
  }
  /**
   * Walks the whole chain from the first entry and reports the first entry that was altered, moved, inserted or
   * removed, a wiped or cut-off log, entries or a head record not written with this log's key, and (with
   * `expectHead`) a chain that no longer holds the anchored entry.
   */
  async verify(s, options = {}) {
    const anchor = options.expectHead ?? null;
    const base = {
      protection: this.#key ? 'keyed' : 'unkeyed',
      keyId: this.keyId,
      anchor,
    };
    let keyedFrom = null;
    let anchoredHash;
    let prev = GENESIS_HASH;
    let expected = 1;
    let count = 0;
    const notes = () => {
      const out = [];
      if (!this.#key) out.push(UNKEYED_NOTE);
      else if (keyedFrom !== null && keyedFrom > 1)
        out.push(
          `entries 1 to ${keyedFrom - 1} were written before the key was used; they are covered by the keyed entries after them, which link to them`,
        );
      if (anchor && anchor.seq < count && !this.#key)
        out.push(
          `without a key the anchor proves entries 1 to ${anchor.seq} only; entries ${anchor.seq + 1} to ${count} could have been edited, reordered, inserted or cut off and re-chained`,
        );
      return out;
    };
    const fail = (seq, problem, message) => ({
      ...base,
      ok: false,
      entries: count,
      keyedFrom,
      notes: notes(),
      seq,
      problem,
      message,
    });
    for (;;) {
      const rows = (
        await s.query(`SELECT * FROM mw_audit_log WHERE seq >= $1 ORDER BY seq LIMIT ${PAGE}`, [expected])
      ).map(toEntry);
      for (const e of rows) {
        if (e.seq !== expected) {
          return fail(
            expected,
            'missing',
            `entry ${expected} is missing: the chain jumps from ${expected - 1} to ${e.seq} (an entry was deleted)`,
          );
        }
        if (e.keyId !== null) keyedFrom ??= e.seq;
        else if (keyedFrom !== null) {
          return fail(
            e.seq,
            'unkeyed_entry',
            `entry ${e.seq} carries a plain hash although the chain is keyed from entry ${keyedFrom}: it was written or re-chained by someone without the key`,
          );
        }
        const broken = await this.#check(s, e, prev);
        if (broken) return fail(e.seq, broken.problem, broken.message);
        if (anchor && e.seq === anchor.seq) anchoredHash = e.hash;
        prev = e.hash;
        expected += 1;
        count += 1;
      }
      if (rows.length < PAGE) break;
    }
    const head = await readHead(s);
    if (count === 0) {
      if (head) {
        return fail(
          1,
          'truncated',
          `the log is empty but its head records ${head.seq} entries: entries 1 to ${head.seq} were removed`,
        );
      }
      return fail(
        1,
        'wiped',
        `the log and its head are empty, but every store's log begins with the ${GENESIS_ACTION} entry written when the store was created: the log was wiped (or the store predates it)`,
      );
    }
    if (!head) {
      return fail(
        count + 1,
        'truncated',
        `the head record is missing although the log holds ${count} entries: it was deleted (the log may have been cut too)`,
      );
    }
    if (head.seq !== count || head.hash !== prev) {
      return fail(
        count + 1,
        'truncated',
        head.seq > count
          ? `the log ends at entry ${count} but its head records ${head.seq} entries: entries ${count + 1} to ${head.seq} were removed`
          : `the head records entry ${head.seq} with another hash than the log's last entry ${count}: the head or the log was rewritten`,
      );
    }
    if (this.#key) {
      if (keyedFrom === null) {
        return fail(
          1,
          'not_keyed',
          `no entry of the log is keyed although a key was given (fingerprint ${this.keyId}); a store opened with a key writes a keyed entry at once, so the log was either never written with a key or rewritten without it`,
        );
      }
      if (head.keyId !== this.keyId || head.mac !== this.#headMac(head.seq, head.hash)) {
        return fail(
          count + 1,
          'head_forged',
          `the head record (entry ${head.seq}) was not written with this key: it was reset by someone without the key, so entries after ${head.seq} may have been cut off`,
        );
      }
    }
    if (anchor) {
      if (anchoredHash === void 0) {
        return fail(
          count + 1,
          'truncated',
          `the log ends at entry ${count}, before the anchored entry ${anchor.seq}: entries were cut off or the log was wiped and rewritten`,
        );
      }
      if (anchoredHash !== anchor.hash) {
        return fail(
          anchor.seq,
          'anchor_mismatch',
          `entry ${anchor.seq} no longer has the anchored hash ${anchor.hash.slice(0, 16)}\u2026: the history up to entry ${anchor.seq} was rewritten and re-chained`,
        );
      }
    }
    return {
      ...base,
      ok: true,
      entries: count,
      keyedFrom,
      notes: notes(),
      headSeq: head.seq,
      headHash: prev,
    };
  }
  async #check(s, e, prev) {
    const { hash, ...unsigned } = e;
    if (e.keyId !== null && !this.#key) {
    } else if (e.keyId !== null && e.keyId !== this.keyId) {
      return {
        problem: 'other_key',
        message: `entry ${e.seq} was written with another key (fingerprint ${e.keyId}; the key given has ${this.keyId}): verify with the key the log was written with`,
      };
    } else if (this.#hash(unsigned) !== hash) {
      const moved = await this.#originalPosition(s, unsigned, hash);
      if (moved !== void 0) {
        return {
          problem: 'reordered',
          message: `entry ${e.seq} was moved: it was written as entry ${moved}`,
        };
      }
      return {
        problem: 'edited',
        message: `entry ${e.seq} was edited: its content no longer matches its hash`,
      };
    }
    if (e.prevHash !== prev) {
      return {
        problem: 'broken_link',
        message: `entry ${e.seq} does not follow entry ${e.seq - 1}: its link to the previous hash is broken (entries were replaced or reordered)`,
      };
    }
    return void 0;
  }
  async #originalPosition(s, unsigned, hash) {
    const head = await readHead(s);
    const last = head ? head.seq : 0;
    for (let seq = 1; seq <= last; seq++) {
      if (seq !== unsigned.seq && this.#hash({ ...unsigned, seq }) === hash) return seq;
    }
    return void 0;
  }
};

// dist/governance/access-store.js
var ACCESS_REQUEST_STATUSES = ['pending', 'approved', 'rejected'];
var text = (v) => (v === null || v === void 0 ? null : String(v));
var num = (v) => (v === null || v === void 0 ? null : Number(v));
function toRequest(r) {
  return {
    id: Number(r.id),
    productId: String(r.product_id),
    port: String(r.port),
    principalId: String(r.principal_id),
    purpose: String(r.purpose),
    pii: r.pii === true,
    expiresAt: text(r.expires_at),
    status: String(r.status),
    createdAt: String(r.created_at),
    decidedBy: text(r.decided_by),
    decidedAt: text(r.decided_at),
    comment: text(r.comment),
    grantId: num(r.grant_id),
  };
}
function toGrant(r) {
  return {
    id: Number(r.id),
    requestId: num(r.request_id),
    productId: String(r.product_id),
    port: String(r.port),
    principalId: String(r.principal_id),
    purpose: String(r.purpose),
    pii: r.pii === true,
    majorVersion: Number(r.major_version),
    grantedBy: String(r.granted_by),
    grantedAt: String(r.granted_at),
    expiresAt: text(r.expires_at),
    revokedAt: text(r.revoked_at),
    revokedBy: text(r.revoked_by),
    revokeComment: text(r.revoke_comment),
  };
}
function isGrantActive(g, at) {
  return g.revokedAt === null && (g.expiresAt === null || g.expiresAt > at);
}
function where(f, alias) {
  const conds = [];
  const params2 = [];
  const add = (sql, value) => {
    params2.push(value);
    conds.push(`${sql} $${params2.length}`);
  };
  if (f.productId !== void 0) add(`${alias}.product_id =`, f.productId);
  if (f.principalId !== void 0) add(`${alias}.principal_id =`, f.principalId);
  if (f.status !== void 0) add(`${alias}.status =`, f.status);
  if (f.domains !== void 0) {
    if (f.domains.length === 0) conds.push('1 = 0');
    else {
      const marks = f.domains.map((d) => {
        params2.push(d);
        return `$${params2.length}`;
      });
      conds.push(`p.domain IN (${marks.join(', ')})`);
    }
  }
  return { sql: conds.length > 0 ? ` WHERE ${conds.join(' AND ')}` : '', params: params2 };
}
var AccessStore = class {
  /** Stores a new pending request and returns it. */
  async insertRequest(s, r) {
    const rows = await s.query(
      `INSERT INTO mw_access_requests (id, product_id, port, principal_id, purpose, pii, expires_at, status, created_at)
       VALUES (nextval('mw_access_requests_seq'), $1, $2, $3, $4, $5, $6, 'pending', $7) RETURNING *`,
      [r.productId, r.port, r.principalId, r.purpose, r.pii, r.expiresAt, r.createdAt],
    );
    if (!rows[0]) throw new Error('storing an access request returned no row');
    return toRequest(rows[0]);
  }
  /** Records a decision on a pending request; returns false when it was no longer pending. */
  async decide(s, id, decision) {
    const n = await s.execute(
      `UPDATE mw_access_requests SET status = $1, decided_by = $2, decided_at = $3, comment = $4, grant_id = $5
       WHERE id = $6 AND status = 'pending'`,
      [decision.status, decision.by, decision.at, decision.comment, decision.grantId, id],
    );
    return n > 0;
  }
  /** Finds a request, or undefined. */
  async findRequest(s, id) {
    const rows = await s.query('SELECT * FROM mw_access_requests WHERE id = $1', [id]);
    return rows[0] ? toRequest(rows[0]) : void 0;
  }
  /** Lists requests, newest first. */
  async listRequests(s, f = {}) {
    const w = where(f, 'r');
    const rows = await s.query(
      `SELECT r.* FROM mw_access_requests r LEFT JOIN mw_products p ON p.id = r.product_id${w.sql} ORDER BY r.id DESC`,
      w.params,
    );
    return rows.map(toRequest);
  }
  /** Stores a new grant and returns it. */
  async insertGrant(s, g) {
    const rows = await s.query(
      `INSERT INTO mw_grants (id, request_id, product_id, port, principal_id, purpose, pii, major_version, granted_by,
         granted_at, expires_at) VALUES (nextval('mw_grants_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [
        g.requestId,
        g.productId,
        g.port,
        g.principalId,
        g.purpose,
        g.pii,
        g.majorVersion,
        g.grantedBy,
        g.grantedAt,
        g.expiresAt,
      ],
    );
    if (!rows[0]) throw new Error('storing a grant returned no row');
    return toGrant(rows[0]);
  }
  /** Finds a grant, or undefined. */
  async findGrant(s, id) {
    const rows = await s.query('SELECT * FROM mw_grants WHERE id = $1', [id]);
    return rows[0] ? toGrant(rows[0]) : void 0;
  }
  /** Lists grants, newest first. */
  async listGrants(s, f = {}) {
    const { status: _status, ...grantFilter } = f;
    const w = where(grantFilter, 'g');
    const rows = await s.query(
      `SELECT g.* FROM mw_grants g LEFT JOIN mw_products p ON p.id = g.product_id${w.sql} ORDER BY g.id DESC`,
      w.params,
    );
    return rows.map(toGrant);
  }
  /** The grants of a product that work at a moment. */
  async activeGrants(s, productId, at) {
    const rows = await s.query(
      `SELECT * FROM mw_grants WHERE product_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)
       ORDER BY id`,
      [productId, at],
    );
    return rows.map(toGrant);
  }
  /** Revokes a grant; returns false when it was already revoked. */
  async revokeGrant(s, id, at, by, comment) {
    const n = await s.execute(
      'UPDATE mw_grants SET revoked_at = $1, revoked_by = $2, revoke_comment = $3 WHERE id = $4 AND revoked_at IS NULL',
      [at, by, comment, id],
    );
    return n > 0;
  }
};

// dist/governance/policy.js
var POLICY_SEVERITIES = ['blocking', 'warning'];
var POLICY_EVENTS = ['publish', 'ingest', 'access', 'schedule'];
function formatPolicyScope(scope) {
  return scope.kind === 'global' ? 'global' : `domain:${scope.domain}`;
}
function policyAppliesTo(policy, domain) {
  return policy.scope.kind === 'global' || policy.scope.domain === domain;
}
function formatViolation(v) {
  const where2 = v.path === '' ? '' : ` at ${v.path}${v.element === void 0 ? '' : ` (${v.element})`}`;
  return `[${v.severity}] ${v.policyId}${where2}: ${v.message}`;
}

// dist/catalog/lineage/lineage-graph.js
var LINEAGE_DIRECTIONS = ['up', 'down', 'both'];
function parseLineageWalkOptions(input) {
  const out = {};
  if (input.direction !== void 0) {
    if (!LINEAGE_DIRECTIONS.includes(input.direction)) {
      throw new MeshError(
        'invalid_input',
        `lineage direction must be one of ${LINEAGE_DIRECTIONS.join(', ')}; got ${String(input.direction)}`,
      );
    }
    out.direction = input.direction;
  }
  if (input.depth !== void 0) {
    const d = input.depth;
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1) {
      throw new MeshError(
        'invalid_input',
        `lineage depth must be a whole number of 1 or more (leave it out for no limit); got ${String(d)}`,
      );
    }
    out.depth = d;
  }
  return out;
}
function edgeKey(e) {
  return `${e.from}\0${e.to}`;
}
function byEdge(a, b) {
  return a.from === b.from ? (a.to < b.to ? -1 : a.to > b.to ? 1 : 0) : a.from < b.from ? -1 : 1;
}
var LineageGraph = class {
  #edges;
  #out = /* @__PURE__ */ new Map();
  #in = /* @__PURE__ */ new Map();
  constructor(edges) {
    this.#edges = [...edges].sort(byEdge);
    const add = (map, key, e) => {
      const list = map.get(key);
      if (list) list.push(e);
      else map.set(key, [e]);
    };
    for (const e of this.#edges) {
      add(this.#out, e.from, e);
      add(this.#in, e.to, e);
    }
  }
  /** Every edge, ordered by source then target. */
  get edges() {
    return this.#edges;
  }
  /** Every node that has at least one edge, ordered by id. */
  nodeIds() {
    return [.../* @__PURE__ */ new Set([...this.#out.keys(), ...this.#in.keys()])].sort();
  }
  /** Tells whether a node has any edge. */
  has(id) {
    return this.#out.has(id) || this.#in.has(id);
  }
  /** Edges into a node (from its direct upstream). */
  into(id) {
    return this.#in.get(id) ?? [];
  }
  /** Edges out of a node (to its direct downstream). */
  outOf(id) {
    return this.#out.get(id) ?? [];
  }
  /**
   * Walks breadth-first from `root` upstream or downstream, at most `depth` edges far. Each node is visited once,
   * so cycles end the walk instead of looping.
   */
  walk(root, direction, depth) {
    const distances = /* @__PURE__ */ new Map([[root, 0]]);
    const edges = /* @__PURE__ */ new Map();
    const truncated = /* @__PURE__ */ new Set();
    let frontier = [root];
    let level = 0;
    while (frontier.length > 0) {
      const next = [];
      for (const id of frontier) {
        const around = direction === 'up' ? this.into(id) : this.outOf(id);
        if (around.length === 0) continue;
        if (depth !== void 0 && level >= depth) {
          truncated.add(id);
          continue;
        }
        for (const e of around) {
          edges.set(edgeKey(e), e);
          const other = direction === 'up' ? e.from : e.to;
          if (!distances.has(other)) {
            distances.set(other, level + 1);
            next.push(other);
          }
        }
      }
      frontier = next;
      level += 1;
    }
    return { distances, edges: [...edges.values()].sort(byEdge), truncated };
  }
  /**
   * Builds the view of a walk from `root` (or of the whole graph when `root` is null), describing product nodes
   * from their descriptors.
   */
  view(root, options, describe, isolated = []) {
    const direction = options.direction ?? 'both';
    const up = root !== null && direction !== 'down' ? this.walk(root, 'up', options.depth) : void 0;
    const down = root !== null && direction !== 'up' ? this.walk(root, 'down', options.depth) : void 0;
    const ids =
      root === null
        ? [.../* @__PURE__ */ new Set([...this.nodeIds(), ...isolated])]
        : [
            .../* @__PURE__ */ new Set([
              root,
              ...(up?.distances.keys() ?? []),
              ...(down?.distances.keys() ?? []),
            ]),
          ];
    const edges =
      root === null
        ? [...this.#edges]
        : [
            ...new Map([...(up?.edges ?? []), ...(down?.edges ?? [])].map((e) => [edgeKey(e), e])).values(),
          ].sort(byEdge);
    const ordered = ids.filter((id) => id !== root).sort();
    if (root !== null) ordered.unshift(root);
    const nodes = ordered.map((id) => {
      const d = describe.get(id);
      const kind = PRODUCT_ID_PATTERN.test(id) ? 'product' : 'external';
      return {
        id,
        kind,
        ...(d
          ? { name: d.name, domain: d.domain, owner: d.owner, version: d.version, status: d.status }
          : {}),
        upstreamDistance: up?.distances.get(id) ?? null,
        downstreamDistance: down?.distances.get(id) ?? null,
        truncated: (up?.truncated.has(id) ?? false) || (down?.truncated.has(id) ?? false),
      };
    });
    return { root, direction, depth: options.depth ?? null, nodes, edges };
  }
};

export {
  ACCESS_REQUEST_STATUSES,
  isGrantActive,
  AccessStore,
  PRINCIPAL_KINDS,
  LOCAL_ADMIN,
  isPlatformAdmin,
  ownedDomains,
  canManageDomain,
  formatRole,
  parseRoles,
  assertPrincipalId,
  ALL_EVENTS,
  EVENT_TYPES,
  isEventType,
  EventOutbox,
  toOpenLineage,
  canonicalJson,
  AUDIT_OUTCOMES,
  GENESIS_ACTION,
  isEngine,
  parseAuditAnchor,
  AuditLog,
  POLICY_SEVERITIES,
  POLICY_EVENTS,
  formatPolicyScope,
  policyAppliesTo,
  formatViolation,
  LINEAGE_DIRECTIONS,
  parseLineageWalkOptions,
  LineageGraph,
};
