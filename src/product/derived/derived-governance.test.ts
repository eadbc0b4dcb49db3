import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleSpec } from '../../../test/support/example-mesh.ts';
import { failureOf, type GovernedMesh, openGovernedMesh } from '../../../test/support/governed-mesh.ts';
import { TEST_ENGINE } from '../../../test/support/test-store.ts';
import type { MeshError } from '../../core/errors.ts';

const CUSTOMERS = 'customer.profiles';

let gm: GovernedMesh;

beforeEach(async () => {
  gm = await openGovernedMesh();
});

afterEach(async () => {
  await gm.cleanup();
});

/** A derived product of alice's domain (sales) reading the customer profiles. */
function contactsSpec(sql: string, fields: Record<string, unknown>[]): Record<string, unknown> {
  return {
    id: 'sales.customer_contacts',
    name: 'Customer contacts',
    domain: 'sales',
    owner: 'sales-team',
    description: 'Customers who bought, with what the profiles say about them.',
    version: '1.0.0',
    upstream: ['sales.transactions', CUSTOMERS],
    derived: { sql },
    schema: { fields },
  };
}

const TIER_SQL =
  'SELECT s.customer_id AS customer_id, c.tier AS tier FROM {{sales.transactions}} AS s LEFT JOIN {{customer.profiles}} AS c USING (customer_id) GROUP BY s.customer_id, c.tier';
const TIER_FIELDS = [
  { name: 'customer_id', type: 'string', description: 'The customer.' },
  { name: 'tier', type: 'string', description: 'Their tier.', required: false },
];

async function denied(productId: string): Promise<string[]> {
  return (await gm.mesh.accessLog({ productId }))
    .filter((e) => e.outcome === 'denied')
    .map((e) => e.operation);
}

async function grantAlice(pii: boolean): Promise<number> {
  const request = await gm.alice.governance.requestAccess({ product: CUSTOMERS, purpose: 'contacts', pii });
  return (await gm.carol.governance.approve(request.id)).id;
}

describe('derived products obey governance (finding 1 of issue 14)', () => {
  it('refuses an owner of sales without a grant on customer.profiles at create, audited, storing nothing', async () => {
    const error = await failureOf(gm.alice.createProduct(contactsSpec(TIER_SQL, TIER_FIELDS)));
    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain(`${CUSTOMERS} is private to domain customer`);
    expect(await gm.mesh.hasProduct('sales.customer_contacts')).toBe(false);
    expect(await denied('sales.customer_contacts')).toEqual(['create']);
  });

  it('refuses the reported attack (query_table, read_text, glob written around the input) with the node named', async () => {
    const sql =
      "SELECT c.name AS v FROM {{sales.transactions}} AS s, query_table('data_customer__profiles__v1') AS c UNION ALL SELECT content FROM read_text('/etc/passwd') UNION ALL SELECT file FROM glob('/*')";
    const error = await failureOf(
      gm.alice.createProduct({
        ...contactsSpec(sql, [{ name: 'v', type: 'string', description: 'Loot.' }]),
        upstream: ['sales.transactions'],
      }),
    );
    expect(error.code).toBe('policy_denied');
    // The position is in the SQL as written, placeholders and all.
    const at = sql.indexOf('query_table');
    expect(error.message).toContain(`function query_table at position ${at}`);
    expect((error as MeshError).details?.node).toEqual({
      kind: 'function',
      name: 'query_table',
      position: at,
    });
    expect(await gm.mesh.hasProduct('sales.customer_contacts')).toBe(false);
  });

  it('creates, publishes and refreshes with a grant, then refuses the refresh once the grant is revoked', async () => {
    const grant = await grantAlice(true);
    const product = await gm.alice.createProduct(contactsSpec(TIER_SQL, TIER_FIELDS));
    expect((await product.publish()).ok).toBe(true);
    const first = await product.refresh();
    expect(first.records).toBeGreaterThan(0);
    await gm.carol.governance.revokeGrant(grant);
    const error = await failureOf(product.refresh());
    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain('was revoked');
    expect(await product.count()).toBe(first.records);
    expect(await denied('sales.customer_contacts')).toEqual(['refresh']);
  });

  it('lists every table the refresh read in its access-log entry', async () => {
    await grantAlice(true);
    const product = await gm.alice.createProduct(contactsSpec(TIER_SQL, TIER_FIELDS));
    await product.refresh();
    const entry = (await gm.mesh.accessLog({ productId: 'sales.customer_contacts' })).find(
      (e) => e.operation === 'refresh' && e.outcome === 'ok',
    );
    expect(entry?.parameters).toMatchObject({
      tablesRead: ['data_sales__transactions__v1', 'data_customer__profiles__v1'],
    });
  });
});

describe('PII carried by a derived product stays classified PII', () => {
  const EMAIL_FIELDS = [
    { name: 'customer_id', type: 'string', description: 'The customer.' },
    { name: 'contact', type: 'string', description: 'Where to reach them.' },
  ];

  it.each([
    [
      'renamed',
      'SELECT c.customer_id AS customer_id, c.email AS contact FROM {{customer.profiles}} AS c',
      'contact',
      'customer.profiles.email',
    ],
    [
      'computed in a CTE',
      'WITH p AS (SELECT customer_id, lower(email) AS mail FROM {{customer.profiles}}) SELECT customer_id, mail AS contact FROM p',
      'contact',
      'customer.profiles.email',
    ],
    [
      'renamed by a CTE column list',
      'WITH p(customer_id, contact) AS (SELECT customer_id, name FROM {{customer.profiles}}) SELECT * FROM p',
      'contact',
      'customer.profiles.name',
    ],
    [
      'copied by SELECT * under its own name',
      'SELECT * FROM (SELECT customer_id, email FROM {{customer.profiles}}) AS c',
      'email',
      'customer.profiles.email',
    ],
    // DuckDB's star with EXCLUDE, a syntax PostgreSQL does not have.
    ...(TEST_ENGINE === 'duckdb'
      ? [
          [
            'copied by SELECT * EXCLUDE under its own name',
            'SELECT * EXCLUDE (name, registration_date, lifetime_value, tier, last_interaction) FROM {{customer.profiles}}',
            'email',
            'customer.profiles.email',
          ],
        ]
      : []),
  ])('refuses a field carrying PII %s unless it is marked PII', async (_, sql, field, source) => {
    await grantAlice(true);
    const fields =
      field === 'email'
        ? [
            { name: 'customer_id', type: 'string', description: 'The customer.' },
            { name: 'email', type: 'string', description: 'Mail.' },
          ]
        : EMAIL_FIELDS;
    const spec = { ...contactsSpec(sql, fields), upstream: [CUSTOMERS] };
    const error = await failureOf(gm.alice.createProduct(spec));
    expect(error.code, error.message).toBe('policy_denied');
    expect(error.message).toContain(`${field} (from ${source})`);
    expect(await gm.mesh.hasProduct('sales.customer_contacts')).toBe(false);
    const marked = fields.map((f) => (f.name === field ? { ...f, pii: true } : f));
    const product = await gm.alice.createProduct({ ...contactsSpec(sql, marked), upstream: [CUSTOMERS] });
    expect((await product.refresh()).records).toBeGreaterThan(0);
  });

  it('refuses a consumer whose grant masks PII from copying it into a derived product', async () => {
    await grantAlice(false);
    const sql = 'SELECT c.customer_id AS customer_id, c.tier AS tier FROM {{customer.profiles}} AS c';
    const error = await failureOf(
      gm.alice.createProduct({ ...contactsSpec(sql, TIER_FIELDS), upstream: [CUSTOMERS] }),
    );
    expect(error.code).toBe('policy_denied');
    expect(error.message).toContain('may only read masked');
  });
});

describe('the shipped derived examples still pass the guard', () => {
  it('creates and refreshes sales.customer_revenue as the local admin', async () => {
    const product = await gm.mesh.createProduct(exampleSpec('customer_revenue'));
    expect((await product.refresh()).records).toBe(4);
  });

  it('accepts the region_gdp SQL on the parse tree (CTE column lists, VALUES, window functions)', async () => {
    const spec = exampleSpec('region_gdp');
    const upstream = spec.upstream as string[];
    expect(upstream).toContain('external.worldbank_indicators');
    await gm.mesh.createProduct(exampleSpec('worldbank'));
    const product = await gm.mesh.createProduct(spec);
    expect((await product.refresh()).records).toBeGreaterThan(0);
  });
});
