/**
 * Hostile input, property-based (fast-check) and by hand, through the SDK and HTTP: filter strings, object filters,
 * order-by and column names crafted for SQL injection; product ids with path separators, `..`, NUL, control
 * characters and look-alikes; malformed, deep and out-of-range JSON; YAML bombs. Each must end in a result or a
 * clear, typed refusal (never an internal error), in bounded time, and change nothing.
 *
 * `npm test` runs a quick default; `npm run test:long` (MESHWORK_LONG_TESTS=1) runs many more random cases.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshError } from '../../src/core/errors.ts';
import { type ServedMesh, serveGovernedMesh } from '../support/http-server.ts';
import { ordersFiles } from '../support/orders-contract.ts';
import {
  attackProductId,
  derivedAttackSpec,
  nodeText,
  SQL_ATTACKS,
  withQualityPayload,
} from '../support/sql-attacks.ts';

const LONG = process.env.MESHWORK_LONG_TESTS === '1';
const RUNS = LONG ? 2_000 : 120;
const SALES = 'sales.transactions';
const FIELDS = [
  'transaction_id',
  'product_id',
  'customer_id',
  'amount',
  'date',
  'product_category',
  'region',
];
/** Refusals a hostile read may get: a bad expression, or a governance rule it runs into. */
const READ_REFUSALS = ['invalid_input', 'policy_denied', 'not_found'];

/** Pieces an attacker would put together: SQL syntax, comments, platform tables, engine functions, odd bytes. */
const FRAGMENTS = [
  "'",
  '"',
  '`',
  ';',
  '--',
  '/*',
  '*/',
  '(',
  ')',
  '=',
  '<>',
  '!',
  '%',
  '_',
  '\\',
  '\u0000',
  '\n',
  '\u202e',
  '\u{1F600}',
  'ｓｅｌｅｃｔ',
  'OR',
  'AND',
  'NOT',
  '1=1',
  "' OR '1'='1",
  'NULL',
  ...FIELDS,
  'mw_audit',
  'mw_tokens',
  'mw_secrets',
  'DROP TABLE mw_audit',
  'UNION SELECT * FROM mw_tokens',
  "read_csv('/etc/passwd')",
  "getenv('HOME')",
  "repeat('x', 2000000000)",
  'COPY mw_tokens TO',
  "ATTACH '/tmp/x.db'",
  'INSTALL httpfs',
  "'Europe'",
  '100',
  'in',
  'like',
  'contains',
  '$1',
  '?',
  'true',
  'is null',
  '::VARCHAR',
  ',',
  '.',
  '*',
];

const fragmentText = fc
  .tuple(
    fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 4 })), {
      minLength: 1,
      maxLength: 10,
    }),
    fc.constantFrom(' ', ''),
  )
  .map(([parts, separator]) => parts.join(separator));

const hostileValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fragmentText,
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.double()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
);

const objectFilter = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      ...FIELDS,
      'amount; DROP TABLE mw_audit',
      "region' OR '1'='1",
      '__proto__',
      'constructor',
      'mw_tokens.hash',
    ),
    fc.string({ maxLength: 6 }),
  ),
  hostileValue,
  { maxKeys: 3 },
);

const hostileId = fc.oneof(
  fc.constantFrom(
    '..',
    '../etc/passwd',
    'sales/../customer.profiles',
    'sales.transactions/..',
    'sales.transactions\u0000',
    '\u0000',
    'sales.transactions\n',
    'ѕales.transactions',
    'sales.transactions\u200b',
    '%2e%2e%2f',
    'C:\\Windows\\win.ini',
    '/etc/passwd',
    'sales.transactions;DROP TABLE mw_audit',
    "sales.transactions' OR '1'='1",
    'a'.repeat(5000),
  ),
  fc.string({ minLength: 1, maxLength: 40 }),
  fragmentText,
);

interface Snapshot {
  readonly counts: Record<string, number>;
  readonly products: string[];
  readonly tokens: number;
  readonly principals: number;
}

describe('hostile input through the SDK and HTTP', () => {
  let s: ServedMesh;
  let before: Snapshot;

  const snapshot = async (): Promise<Snapshot> => {
    const mesh = s.gm.mesh;
    const products = (await mesh.listProducts()).map((p) => p.id).sort();
    const counts: Record<string, number> = {};
    for (const id of products) counts[id] = await (await mesh.product(id)).count();
    return {
      counts,
      products,
      tokens: (await mesh.governance.listTokens()).length,
      principals: (await mesh.governance.listPrincipals()).length,
    };
  };

  /** A read through the SDK: its rows, or the typed refusal (anything else fails the property). */
  const sdkOutcome = async (run: () => Promise<{ rows: Record<string, unknown>[] }>) => {
    try {
      return { rows: (await run()).rows };
    } catch (error) {
      expect(error, String(error)).toBeInstanceOf(MeshError);
      const { code, message } = error as MeshError;
      expect(READ_REFUSALS, `${code}: ${message}`).toContain(code);
      expect(message.length).toBeGreaterThan(10);
      return { code };
    }
  };

  /** A read through HTTP: 200 with rows, or a problem document with a 4xx status (never a 5xx). */
  const httpOutcome = async (path: string) => {
    const res = await s.call(path, { as: 'alice' });
    const text = await res.text();
    if (res.status === 200) return { rows: (JSON.parse(text) as { rows: Record<string, unknown>[] }).rows };
    expect([400, 403, 404, 422], `${res.status} ${path}: ${text}`).toContain(res.status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = JSON.parse(text) as { code: string; detail: string };
    expect(String(problem.detail).length).toBeGreaterThan(10);
    return { code: problem.code };
  };

  const expectRowsOfTheProduct = (rows: Record<string, unknown>[], total: number) => {
    expect(rows.length).toBeLessThanOrEqual(total);
    for (const row of rows) for (const key of Object.keys(row)) expect(FIELDS).toContain(key);
  };

  beforeAll(async () => {
    s = await serveGovernedMesh();
    before = await snapshot();
  });
  afterAll(async () => {
    // Nothing any hostile input did changed the store, and the audit chain is whole.
    expect(await snapshot()).toEqual(before);
    expect((await s.gm.mesh.governance.verifyAudit()).ok).toBe(true);
    await s.close();
  });

  it('answers every crafted filter string with rows of the product or a clear refusal, the same through the SDK and HTTP', async () => {
    const total = before.counts[SALES] ?? 0;
    const product = await s.gm.alice.product(SALES);
    await fc.assert(
      fc.asyncProperty(fragmentText, async (filter) => {
        const sdk = await sdkOutcome(() => product.query(filter, { limit: 50 }));
        const http = await httpOutcome(
          `/products/${SALES}/rows?limit=50&filter=${encodeURIComponent(filter)}`,
        );
        if ('rows' in sdk) expectRowsOfTheProduct(sdk.rows, total);
        // Both interfaces decide alike: rows through one means rows through the other.
        expect('rows' in http, filter).toBe('rows' in sdk);
        if ('rows' in http && 'rows' in sdk) expect(http.rows).toEqual(sdk.rows);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);

  it('answers crafted object filters (odd keys, NaN, Infinity, -0, arrays, objects) with rows or a clear refusal', async () => {
    const total = before.counts[SALES] ?? 0;
    const product = await s.gm.alice.product(SALES);
    await fc.assert(
      fc.asyncProperty(objectFilter, async (filter) => {
        const sdk = await sdkOutcome(() => product.query(filter as never, { limit: 50 }));
        if ('rows' in sdk) expectRowsOfTheProduct(sdk.rows, total);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);

  it('answers crafted order-by and column lists with rows or a clear refusal, through the SDK and HTTP', async () => {
    const total = before.counts[SALES] ?? 0;
    const product = await s.gm.alice.product(SALES);
    await fc.assert(
      fc.asyncProperty(
        fragmentText,
        fc.array(fragmentText, { minLength: 1, maxLength: 3 }),
        async (order, columns) => {
          // HTTP reads `order` as a comma-separated list, blanks dropped (an empty list is no order): so does this.
          const list = order
            .split(',')
            .map((p) => p.trim())
            .filter((p) => p !== '');
          const sdkOrder = await sdkOutcome(() =>
            product.query(undefined, { ...(list.length === 0 ? {} : { orderBy: list }), limit: 20 }),
          );
          const sdkColumns = await sdkOutcome(() => product.query(undefined, { columns, limit: 20 }));
          for (const o of [sdkOrder, sdkColumns]) if ('rows' in o) expectRowsOfTheProduct(o.rows, total);
          const httpOrder = await httpOutcome(
            `/products/${SALES}/rows?limit=20&order=${encodeURIComponent(order)}`,
          );
          const httpColumns = await httpOutcome(
            `/products/${SALES}/rows?limit=20&columns=${encodeURIComponent(columns.join(','))}`,
          );
          expect('rows' in httpOrder, order).toBe('rows' in sdkOrder);
          if ('rows' in httpColumns) expectRowsOfTheProduct(httpColumns.rows, total);
        },
      ),
      { numRuns: RUNS },
    );
  }, 600_000);

  it('refuses product ids with path separators, "..", NUL, control characters and look-alikes as not found or invalid', async () => {
    await fc.assert(
      fc.asyncProperty(hostileId, async (id) => {
        if (before.products.includes(id)) return;
        const sdk = await s.gm.erin.product(id).then(
          () => 'found',
          (error: unknown) => (error as MeshError).code,
        );
        expect(['not_found', 'invalid_input'], `${JSON.stringify(id)}: ${sdk}`).toContain(sdk);
        for (const path of [
          `/products/${encodeURIComponent(id)}`,
          `/products/${encodeURIComponent(id)}/rows`,
        ]) {
          const res = await s.call(path);
          const text = await res.text();
          const sent = new URL(path, s.url).pathname;
          if (sent !== path && sent === '/') {
            // A "." or ".." segment is resolved by the URL itself (in fetch, a browser and the server alike), so
            // `/products/..` is the catalog page at `/`: the id never reaches a product route.
            expect(res.headers.get('content-type'), `${path} resolved to ${sent}`).toMatch(/^text\/html/);
            continue;
          }
          expect([400, 404], `${path} (sent as ${sent}): ${res.status} ${text}`).toContain(res.status);
          if (res.headers.get('content-type')?.includes('json'))
            expect(text).not.toMatch(/\/work\/|node_modules|at .*\.ts:\d+/);
        }
        const created = await s.call('/products', {
          method: 'POST',
          body: JSON.stringify({
            spec: {
              id,
              name: 'x',
              domain: 'sales',
              owner: 'alice',
              schema: { fields: [{ name: 'k', type: 'string' }], primaryKey: ['k'] },
            },
          }),
        });
        expect([400, 403, 409, 422], `create ${JSON.stringify(id)}: ${created.status}`).toContain(
          created.status,
        );
      }),
      // The dot segments always run: they are the ids a URL rewrites before it is sent.
      { numRuns: Math.ceil(RUNS / 2), examples: [['..'], ['.'], ['sales.transactions/..']] },
    );
  }, 600_000);

  it('refuses malformed and deep JSON with 400 naming the problem, in bounded time, and keeps serving', async () => {
    const post = (body: string | Uint8Array, type = 'application/json') =>
      s.call(`/products/${SALES}/rows`, {
        method: 'POST',
        body: body as never,
        headers: { 'content-type': type },
      });
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const deepObject = `[${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}]`;
    for (const [label, body] of [
      ['nested 100,000 deep (arrays)', deep],
      ['NaN', '[{"transaction_id":"H1","amount":NaN}]'],
      ['Infinity', '[{"transaction_id":"H1","amount":Infinity}]'],
      ['a cut document', '[{"transaction_id":"H1",'],
      ['not JSON at all', 'DROP TABLE mw_audit;'],
    ] as const) {
      const res = await post(body);
      const text = await res.text();
      expect(res.status, `${label}: ${text.slice(0, 300)}`).toBe(400);
      const problem = JSON.parse(text) as { code: string; detail: string };
      expect(problem.code, label).toBe('invalid_input');
    }
    // A record nested 100,000 deep is parsed and refused for what it is: a record with no field of the contract.
    const nested = await post(deepObject);
    const nestedText = await nested.text();
    expect(nested.status, nestedText.slice(0, 300)).toBe(200);
    expect(JSON.parse(nestedText)).toMatchObject({ total: 1, accepted: 0, rejected: [{ index: 0 }] });
    expect(nestedText).toMatch(/transaction_id is required but missing/);
    // Invalid UTF-8 in an NDJSON stream: refused or the line rejected with its reason, never stored mangled.
    const bad = Buffer.concat([
      Buffer.from(
        '{"transaction_id":"HBAD","product_id":"P1","customer_id":"C1","amount":1,"date":"2025-10-01","product_category":"',
      ),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('","region":"Europe"}\n'),
    ]);
    const ndjson = await post(new Uint8Array(bad), 'application/x-ndjson');
    const ndjsonText = await ndjson.text();
    expect(ndjson.status, ndjsonText).toBe(200);
    expect(JSON.parse(ndjsonText)).toMatchObject({
      accepted: 0,
      rejected: [
        { line: 1, issues: [{ code: 'invalid_utf8', message: expect.stringMatching(/not valid UTF-8/) }] },
      ],
    });
    expect((await (await s.gm.mesh.product(SALES)).query({ transaction_id: 'HBAD' })).rows).toEqual([]);
    expect((await s.call('/healthz')).status).toBe(200);
  }, 120_000);

  it('refuses a 1 GB single-line NDJSON body at the body limit without holding the line in memory', async () => {
    const GiB = 1024 * 1024 * 1024;
    const piece = new Uint8Array(1024 * 1024).fill(0x78); // 'x': one line that never ends
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= GiB) controller.close();
        else {
          sent += piece.length;
          controller.enqueue(piece);
        }
      },
    });
    const before = process.memoryUsage().rss;
    let peak = before;
    let peakAb = 0;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.rss);
      peakAb = Math.max(peakAb, m.arrayBuffers);
    }, 20);
    try {
      const res = await s.call(`/products/${SALES}/rows`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-ndjson' },
        duplex: 'half',
      } as RequestInit);
      const text = await res.text();
      expect(res.status, text).toBe(413);
      expect((JSON.parse(text) as { code: string }).code).toBe('payload_too_large');
    } finally {
      clearInterval(sampler);
    }
    // The server read past the 256 MiB limit's worth of one line keeping at most one record's 16 MiB of it.
    expect(sent).toBeGreaterThanOrEqual(256 * 1024 * 1024);
    expect(sent).toBeLessThan(GiB);
    expect(
      peak - before,
      `RSS grew by ${Math.round((peak - before) / 2 ** 20)} MiB (array buffers peaked at ${Math.round(peakAb / 2 ** 20)} MiB)`,
    ).toBeLessThan(160 * 2 ** 20);
    expect((await s.call('/healthz')).status).toBe(200);
  }, 300_000);

  it('rejects an NDJSON line over 16 MiB as too_large and stores the lines around it', async () => {
    const record = (id: string, region = 'Europe') =>
      JSON.stringify({
        transaction_id: id,
        product_id: 'P1',
        customer_id: 'C1',
        amount: 1,
        date: '2025-10-01',
        product_category: 'Books',
        region,
      });
    const lines = [record('HBIG1'), record('HBIG2', 'x'.repeat(17 * 1024 * 1024)), record('HBIG3')];
    const bytes = new TextEncoder().encode(`${lines.join('\n')}\n`);
    // Sent in 64 KiB pieces without a Content-Length, as a streaming client does.
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) controller.close();
        else {
          controller.enqueue(bytes.subarray(at, at + 64 * 1024));
          at += 64 * 1024;
        }
      },
    });
    const res = await s.call(`/products/${SALES}/rows`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-ndjson' },
      duplex: 'half',
    } as RequestInit);
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(200);
    expect(JSON.parse(text)).toMatchObject({
      accepted: 2,
      rejected: [
        {
          line: 2,
          issues: [
            {
              code: 'too_large',
              message: 'line 2 is larger than 16 MiB, the most one record may hold; it was skipped',
            },
          ],
        },
      ],
    });
    const product = await s.gm.mesh.product(SALES);
    expect((await product.query({ transaction_id: 'HBIG2' })).rows).toEqual([]);
    await product.remove({ transaction_id: { in: ['HBIG1', 'HBIG3'] } });
  }, 120_000);

  it('rejects records with 1e400, impossible dates and wrong types with their reasons, storing none of them', async () => {
    const base = {
      product_id: 'P1',
      customer_id: 'C1',
      amount: 1,
      date: '2025-10-01',
      product_category: 'Books',
      region: 'Europe',
    };
    const body = `[${[
      `{"transaction_id":"H1e400","product_id":"P1","customer_id":"C1","amount":1e400,"date":"2025-10-01","product_category":"Books","region":"Europe"}`,
      JSON.stringify({ ...base, transaction_id: 'HFEB30', date: '2025-02-30' }),
      JSON.stringify({ ...base, transaction_id: 'HTYPE', amount: 'twelve' }),
      JSON.stringify({ ...base, transaction_id: 'HPROTO', __proto__: { admin: true } }),
    ].join(',')}]`;
    const res = await s.call(`/products/${SALES}/rows`, { method: 'POST', body });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const result = JSON.parse(text) as {
      rejected: { index?: number; reasons?: unknown; issues?: unknown }[];
    };
    expect(result.rejected.length, text).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/amount/);
    expect(text).toMatch(/date/);
    const product = await s.gm.mesh.product(SALES);
    for (const id of ['H1e400', 'HFEB30', 'HTYPE'])
      expect((await product.query({ transaction_id: id })).rows, id).toEqual([]);
    // The one acceptable record (with a __proto__ key, dropped or refused) must not have polluted anything.
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    await product.remove({ transaction_id: 'HPROTO' });
  });

  it('refuses every derived-SQL payload of the attack corpus over HTTP, naming the parse-tree node, storing nothing', async () => {
    for (const attack of SQL_ATTACKS.filter((a) => a.context === 'derived')) {
      const id = attackProductId(attack);
      const res = await s.call('/products', {
        as: 'alice',
        method: 'POST',
        body: JSON.stringify({ spec: derivedAttackSpec(id, attack.sql) }),
      });
      const text = await res.text();
      expect([400, 403, 422], `${attack.id}: ${res.status} ${text.slice(0, 300)}`).toContain(res.status);
      expect(text, attack.id).toContain(nodeText(attack));
      expect(await s.gm.mesh.hasProduct(id), attack.id).toBe(false);
    }
  }, 300_000);

  it('refuses a YAML alias bomb and unknown tags in a submitted contract, in bounded time', async () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]',
      'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]',
      'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]',
    ].join('\n');
    const tagged = 'apiVersion: v3.0.2\nkind: DataContract\nid: !!js/function "function(){return 1}"\n';
    for (const [label, text] of [
      ['alias bomb', bomb],
      ['custom tag', tagged],
    ] as const) {
      const res = await s.call('/products', {
        method: 'POST',
        body: JSON.stringify({ documents: [{ name: 'product.odcs.yaml', text }] }),
      });
      const body = await res.text();
      expect([400, 422], `${label}: ${res.status} ${body.slice(0, 300)}`).toContain(res.status);
      expect(body.length, label).toBeLessThan(100_000);
    }
    expect((await s.call('/healthz')).status).toBe(200);
  }, 120_000);
});

describe('the quality-check SQL attack corpus over HTTP', () => {
  let s: ServedMesh;
  beforeAll(async () => {
    s = await serveGovernedMesh();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('refuses every payload in a contract sent over HTTP, at publish and at a quality run, naming the node', async () => {
    const attacks = SQL_ATTACKS.filter((a) => a.context === 'quality');
    for (const [n, attack] of attacks.entries()) {
      const id = `sales.q_${n}`;
      const documents = ordersFiles((c) => withQualityPayload(c, attack.sql)).map((f) => ({
        name: f.path.slice('orders/'.length),
        text: f.text.replaceAll('sales.orders', id),
      }));
      const created = await s.call('/products', {
        as: 'alice',
        method: 'POST',
        body: JSON.stringify({ documents }),
      });
      const createdText = await created.text();
      // A draft may keep the contract as written; its SQL never runs until the guard allows it.
      if (created.status !== 201) {
        expect([400, 403, 422], `${attack.id}: ${created.status} ${createdText.slice(0, 300)}`).toContain(
          created.status,
        );
        expect(createdText, attack.id).toContain(nodeText(attack));
        continue;
      }
      for (const [what, path, body] of [
        ['publish', `/products/${id}/lifecycle`, { action: 'publish' }],
        ['quality run', `/products/${id}/quality`, { store: false }],
      ] as const) {
        const res = await s.call(path, { as: 'alice', method: 'POST', body: JSON.stringify(body) });
        const text = await res.text();
        expect([400, 403, 409, 422], `${attack.id} ${what}: ${res.status} ${text.slice(0, 300)}`).toContain(
          res.status,
        );
        expect(text, `${attack.id} ${what}`).toContain(nodeText(attack));
      }
      expect((await (await s.gm.mesh.product(id)).descriptor()).status, attack.id).toBe('draft');
    }
    expect((await s.gm.mesh.governance.verifyAudit()).ok).toBe(true);
  }, 300_000);
});
