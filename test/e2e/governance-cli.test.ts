import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbEngine } from '../../src/engine/duckdb/duckdb-engine.ts';
import { ROOT, runCli } from '../support/run-cli.ts';

let dir: string;
let store: string;
const tokens: Record<string, { token: string; id: string }> = {};

const customers = join(ROOT, 'examples/customers/product.yaml');
const customerData = join(ROOT, 'examples/customers/sample_customers.json');
const sales = join(ROOT, 'examples/sales/product.yaml');

const admin = (...args: string[]) => runCli([...args, '--store', store]);
const as = (who: string, ...args: string[]) =>
  runCli([...args, '--store', store], { env: tokens[who] ? { MESHWORK_TOKEN: tokens[who].token } : {} });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-gov-cli-'));
  store = join(dir, 'mesh.duckdb');
  expect((await admin('create', customers)).code).toBe(0);
  expect((await admin('ingest', 'customer.profiles', customerData)).code).toBe(0);
  expect((await admin('publish', 'customer.profiles')).code).toBe(0);
  expect((await admin('principal', 'add', 'carol', '--role', 'owner:customer')).code).toBe(0);
  expect((await admin('principal', 'add', 'bob', '--role', 'consumer')).code).toBe(0);
  for (const who of ['carol', 'bob']) {
    const run = await admin('token', 'create', '--for', who, '--expires-in', '30', '--json');
    expect(run.code).toBe(0);
    tokens[who] = JSON.parse(run.stdout) as { token: string; id: string };
  }
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('meshwork governance commands', () => {
  it('lists the governance commands in --help', async () => {
    const run = await runCli(['--help']);
    for (const cmd of ['policy', 'compliance', 'principal', 'token', 'access', 'notifications', 'audit']) {
      expect(run.stdout).toContain(cmd);
    }
    expect((await runCli(['query', '--help'])).stdout).toContain('--token <token>');
  });

  it('prints a token once on stdout and lists tokens without secrets', async () => {
    const created = await admin('token', 'create', '--for', 'bob', '--name', 'spare');
    expect(created.code).toBe(0);
    expect(created.stdout.trim()).toMatch(/^mwt_[A-Za-z0-9_-]+$/);
    expect(created.stderr).toContain('store it now: it is not shown again');
    const listed = await admin('token', 'list', '--for', 'bob');
    expect(listed.stdout).toContain('spare');
    expect(listed.stdout).not.toContain(created.stdout.trim());
    const principals = await admin('principal', 'list', '--json');
    expect((JSON.parse(principals.stdout) as { id: string }[]).map((p) => p.id)).toEqual(['bob', 'carol']);
  });

  it('closes every read path to a consumer without a grant and keeps the catalog card open', async () => {
    for (const cmd of [
      ['export', 'customer.profiles', join(dir, 'bob.csv')],
      ['segments', 'customer.profiles'],
      ['segments', 'show', 'customer.profiles', 'high_value'],
      ['metrics', 'customer.profiles'],
    ]) {
      const run = await as('bob', ...cmd);
      expect(run.code, cmd.join(' ')).toBe(6);
      expect(run.stderr, cmd.join(' ')).toContain('is private to domain customer until access is granted');
    }
    const card = await as('bob', 'show', 'customer.profiles');
    expect(card.code).toBe(0);
    // What the catalog records of the count (the publish's quality run) is for everyone who may see the product.
    expect(card.stdout).toMatch(
      /records\s+4 when quality run 1 counted them \(20\d\d-[^)]+\); no write since/,
    );
    expect(card.stdout).toContain(
      'live record count and usage are for readers: meshwork access request customer.profiles',
    );
    expect(card.stdout).not.toContain('interrupted ingest');
  }, 60_000);

  it('goes request → approve → read, with PII masked for the consumer', async () => {
    const before = await as('bob', 'query', 'customer.profiles');
    expect(before.code).toBe(6);
    expect(before.stderr).toContain(
      'customer.profiles is private to domain customer until access is granted',
    );
    const requested = await as('bob', 'access', 'request', 'customer.profiles', '--purpose', 'churn model');
    expect(requested.stdout).toContain('request #1 for customer.profiles is waiting');
    const listed = await as('carol', 'access', 'list', '--status', 'pending', '--json');
    expect(JSON.parse(listed.stdout)).toMatchObject([{ id: 1, principalId: 'bob', purpose: 'churn model' }]);
    const approved = await as('carol', 'access', 'approve', '1', '--comment', 'fine for Q4');
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('grant #1 lets bob read customer.profiles (major 1, PII masked)');
    const read = await as('bob', 'query', 'customer.profiles', '--json');
    expect(read.code).toBe(0);
    const rows = JSON.parse(read.stdout) as { rows?: Record<string, unknown>[] } | Record<string, unknown>[];
    const list = Array.isArray(rows) ? rows : (rows.rows ?? []);
    expect(list).toHaveLength(4);
    expect(list.every((r) => r.name === '***')).toBe(true);
    expect(list.every((r) => typeof r.email === 'string' && /^[0-9a-f]{16}$/.test(r.email))).toBe(true);
    const filtered = await as('bob', 'query', 'customer.profiles', '--where', "email = 'x@y.z'");
    expect(filtered.code).toBe(6);
    expect(filtered.stderr).toContain(
      'cannot filter on email of customer.profiles: it is PII masked for you',
    );
    const segments = await as('bob', 'segments', 'customer.profiles');
    expect(segments.code).toBe(0);
    expect(segments.stdout).toMatch(/high_value\s+2\s+50%/);
    expect((await as('bob', 'metrics', 'customer.profiles')).code).toBe(0);
    const notes = await as('bob', 'notifications');
    expect(notes.stdout).toContain(
      '[access_approved] your access to customer.profiles (default) was approved by carol: fine for Q4',
    );
  }, 60_000);

  it('applies, lists, tests and explains policies, and reports compliance', async () => {
    const file = join(dir, 'policies.yaml');
    writeFileSync(
      file,
      [
        'policies:',
        '  - id: customer-tagged',
        '    description: customer products carry at least two tags',
        '    severity: warning',
        '    scope: domain:customer',
        '    events: [publish, schedule]',
        '    expression: "size(product.tags) >= 3"',
      ].join('\n'),
    );
    const applied = await as('carol', 'policy', 'apply', file);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/customer-tagged\s+domain:customer\s+1\s+created/);
    expect(applied.stdout).toContain('re-evaluated 1 product(s)');
    const refused = await as('bob', 'policy', 'apply', file);
    expect(refused.code).toBe(6);
    const listed = await admin('policy', 'list', '--domain', 'customer');
    expect(listed.stdout).toContain('customer-tagged');
    expect(listed.stdout).toContain('fields-described');
    const tested = await admin('policy', 'test', 'customer-tagged', 'customer.profiles');
    expect(tested.code).toBe(6);
    expect(tested.stdout).toContain('FAIL customer-tagged v1 [warning] on customer.profiles');
    expect(tested.stdout).toContain('at tags');
    expect((await admin('policy', 'test', 'fields-described', 'customer.profiles')).code).toBe(0);
    const explained = await admin('policy', 'explain', 'customer-tagged', 'customer.profiles');
    expect(explained.stdout).toContain('trace:');
    expect(explained.stdout).toContain('✗ size(product.tags) >= 3 → false  reads tags="list(2)"');
    const shown = await admin('policy', 'show', 'customer-tagged', '--json');
    expect(JSON.parse(shown.stdout)).toMatchObject({
      id: 'customer-tagged',
      version: 1,
      versions: [{ version: 1, createdBy: 'carol' }],
    });
    const compliance = await admin('compliance', '--json');
    expect(JSON.parse(compliance.stdout)).toMatchObject({
      summary: { products: 1, compliant: 1, warnings: 1 },
    });
    const table = await admin('compliance', '--domain', 'customer');
    expect(table.stdout).toContain('customer-tagged(w)');
  }, 120_000);

  it('guards the lifecycle: deprecation needs a sunset and notifies consumers; archive waits for grants', async () => {
    const noSunset = await as('carol', 'deprecate', 'customer.profiles');
    expect(noSunset.code).toBe(4);
    expect(noSunset.stderr).toContain('deprecation needs a sunset date');
    expect((await as('carol', 'deprecate', 'customer.profiles', '--sunset', '2027-01-31')).code).toBe(0);
    expect((await as('bob', 'notifications')).stdout).toContain(
      '[deprecation] customer.profiles is deprecated and will be retired after 2027-01-31',
    );
    const archive = await admin('archive', 'customer.profiles');
    expect(archive.code).toBe(4);
    expect(archive.stderr).toContain('1 active grant(s) still let consumers read it (bob)');
  });

  it('denies a domain owner outside its domain and a consumer writing', async () => {
    const created = await as('carol', 'create', sales);
    expect(created.code).toBe(6);
    expect(created.stderr).toContain('only a platform admin or an owner of domain sales may');
    expect((await as('bob', 'ingest', 'customer.profiles', customerData)).code).toBe(6);
  });

  it('stops revoked grants and revoked tokens from working', async () => {
    expect((await as('carol', 'access', 'revoke', '1', '--comment', 'project over')).code).toBe(0);
    const afterGrant = await as('bob', 'query', 'customer.profiles');
    expect(afterGrant.code).toBe(6);
    expect(afterGrant.stderr).toContain('your grant #1 on customer.profiles was revoked');
    expect((await admin('token', 'revoke', tokens.bob?.id ?? '')).code).toBe(0);
    const afterToken = await as('bob', 'notifications');
    expect(afterToken.code).toBe(6);
    expect(afterToken.stderr).toContain('was revoked at');
    const bad = await runCli(['list', '--store', store, '--token', 'not-a-token']);
    expect(bad.code).toBe(6);
  });

  it('verifies the audit chain and reports the first tampered entry with exit code 4', async () => {
    const intact = await admin('audit', 'verify');
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/^audit chain intact: \d+ entries/);
    const listed = await admin('audit', 'list', '--outcome', 'denied', '--json');
    expect((JSON.parse(listed.stdout) as { action: string }[]).map((e) => e.action)).toContain(
      'product.query',
    );
    expect((await as('carol', 'audit', 'verify')).code).toBe(6);
    const raw = await openDuckDbEngine({ path: store });
    try {
      await raw.execute("UPDATE mw_audit_log SET target = 'someone.else' WHERE seq = 3");
    } finally {
      await raw.close();
    }
    const broken = await admin('audit', 'verify', '--json');
    expect(broken.code).toBe(4);
    expect(JSON.parse(broken.stdout)).toMatchObject({ ok: false, seq: 3, problem: 'edited' });
  });
});
