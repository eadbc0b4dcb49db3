import { createHash } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOrdersFolder } from '../support/orders-contract.ts';
import { ROOT, runCli } from '../support/run-cli.ts';

let dir: string;
let store: string;
let bobToken: string;

const customers = join(ROOT, 'examples/customers/product.yaml');
const customerData = join(ROOT, 'examples/customers/sample_customers.json');

const admin = (...args: string[]) => runCli([...args, '--store', store]);
const asBob = (...args: string[]) =>
  runCli([...args, '--store', store], { env: { MESHWORK_TOKEN: bobToken } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-hardening-cli-'));
  store = join(dir, 'mesh.duckdb');
  expect((await admin('create', customers)).code).toBe(0);
  expect((await admin('ingest', 'customer.profiles', customerData)).code).toBe(0);
  expect((await admin('publish', 'customer.profiles')).code).toBe(0);
  expect((await admin('principal', 'add', 'bob', '--role', 'consumer')).code).toBe(0);
  const token = await admin('token', 'create', '--for', 'bob', '--json');
  expect(token.code).toBe(0);
  bobToken = (JSON.parse(token.stdout) as { token: string }).token;
  expect((await asBob('access', 'request', 'customer.profiles', '--purpose', 'churn model')).code).toBe(0);
  expect((await admin('access', 'approve', '1')).code).toBe(0);
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('an empty token', () => {
  it('is refused from --token and from $MESHWORK_TOKEN, naming where it came from, and reads nothing', async () => {
    const flag = await admin('query', 'customer.profiles', '--json', '--token', '');
    expect(flag.code).toBe(6);
    expect(flag.stdout).toBe('');
    expect(flag.stderr).toContain('the token given with --token is empty');
    const env = await runCli(['query', 'customer.profiles', '--json', '--store', store], {
      env: { MESHWORK_TOKEN: '' },
    });
    expect(env.code).toBe(6);
    expect(env.stdout).toBe('');
    expect(env.stderr).toContain('the token given with $MESHWORK_TOKEN is empty');
    const blank = await runCli(['export', 'customer.profiles', join(dir, 'blank.csv'), '--store', store], {
      env: { MESHWORK_TOKEN: '  \t' },
    });
    expect(blank.code).toBe(6);
    expect(blank.stderr).toContain('the token given with $MESHWORK_TOKEN is empty (only whitespace)');
  }, 60_000);

  it('from --token wins over a good $MESHWORK_TOKEN, and a good token still reads masked rows', async () => {
    const both = await runCli(['query', 'customer.profiles', '--token', ' ', '--store', store], {
      env: { MESHWORK_TOKEN: bobToken },
    });
    expect(both.code).toBe(6);
    expect(both.stderr).toContain('the token given with --token is empty');
    const read = await asBob('query', 'customer.profiles', '--json');
    expect(read.code).toBe(0);
    expect(read.stdout).toContain('"name": "***"');
  }, 60_000);
});

describe('hash masking', () => {
  it('shows a consumer keyed hashes that no SHA-256 dictionary finds, the same in query and export', async () => {
    const read = await asBob('query', 'customer.profiles', '--json');
    expect(read.code).toBe(0);
    const parsed = JSON.parse(read.stdout) as
      | { rows?: Record<string, unknown>[] }
      | Record<string, unknown>[];
    const rows = Array.isArray(parsed) ? parsed : (parsed.rows ?? []);
    const ana = rows.find((r) => r.customer_id === 'CUST004') ?? rows[rows.length - 1];
    const original = (JSON.parse(readFileSync(customerData, 'utf8')) as Record<string, string>[]).find(
      (r) => r.customer_id === ana?.customer_id,
    );
    expect(original?.email).toMatch(/@example\.com$/);
    expect(ana?.email).toMatch(/^[0-9a-f]{16}$/);
    const guess = createHash('sha256')
      .update(original?.email ?? '')
      .digest('hex')
      .slice(0, 16);
    expect(ana?.email).not.toBe(guess);
    const file = join(dir, 'bob-masked.csv');
    expect((await asBob('export', 'customer.profiles', file, '--columns', 'customer_id,email')).code).toBe(0);
    const exported = readFileSync(file, 'utf8');
    expect(exported).toContain(`${ana?.customer_id},${ana?.email}`);
    expect(exported).not.toContain(guess);
  }, 60_000);
});

describe('CSV and spreadsheet formulas', () => {
  it('escapes formula cells in export and query --format csv unless --no-formula-escape', async () => {
    const file = join(dir, 'formulas.ndjson');
    const record = (id: string, name: string) =>
      JSON.stringify({
        customer_id: id,
        name,
        email: `${id.toLowerCase()}@example.com`,
        registration_date: '2024-01-01',
        lifetime_value: 1,
        tier: 'gold',
      });
    writeFileSync(
      file,
      `${record('EVIL1', '=HYPERLINK("http://evil.example","x")')}\n${record('EVIL2', '@SUM(A1)')}\n`,
    );
    expect((await admin('ingest', 'customer.profiles', file)).code).toBe(0);
    const out = join(dir, 'evil.csv');
    const where = [
      '--where',
      "customer_id in ('EVIL1', 'EVIL2')",
      '--columns',
      'customer_id,name',
      '--order-by',
      'customer_id',
    ];
    expect((await admin('export', 'customer.profiles', out, ...where)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(
      'customer_id,name\nEVIL1,"\'=HYPERLINK(""http://evil.example"",""x"")"\nEVIL2,\'@SUM(A1)\n',
    );
    expect((await admin('export', 'customer.profiles', out, ...where, '--no-formula-escape')).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('EVIL2,@SUM(A1)\n');
    const query = await admin('query', 'customer.profiles', ...where, '--format', 'csv');
    expect(query.code).toBe(0);
    expect(query.stdout).toBe(
      'customer_id,name\nEVIL1,"\'=HYPERLINK(""http://evil.example"",""x"")"\nEVIL2,\'@SUM(A1)\n',
    );
    const raw = await admin('query', 'customer.profiles', ...where, '--format', 'csv', '--no-formula-escape');
    expect(raw.stdout).toContain('EVIL2,@SUM(A1)\n');
    const json = await admin('query', 'customer.profiles', ...where, '--json');
    expect(json.stdout).toContain('"name": "@SUM(A1)"');
    expect((await runCli(['export', '--help'])).stdout).toContain('--no-formula-escape');
  }, 60_000);
});

describe('YAML tags', () => {
  const binary = (c: string) =>
    c.replace('  purpose: Orders of the sales domain.', '  purpose: !!binary aGVsbG8=');

  it('refuses !!binary in validate and publish with the file, line and tag instead of crashing', async () => {
    const folder = writeOrdersFolder(dir, 'binary-orders', binary);
    const file = join(folder, 'contract.odcs.yaml');
    const line = readFileSync(file, 'utf8').split('\n').indexOf('  purpose: !!binary aGVsbG8=') + 1;
    expect(line).toBeGreaterThan(1);
    const validated = await runCli(['validate', folder]);
    expect(validated.code).toBe(5);
    const said = validated.stdout + validated.stderr;
    expect(said).toContain(`contract.odcs.yaml:${line}:`);
    expect(said).toContain('the YAML tag !!binary is not supported');
    expect(said).not.toContain('internal error');
    const published = await admin('publish', folder);
    expect(published.code).toBe(5);
    expect(published.stderr).toContain('the YAML tag !!binary is not supported');
    expect(published.stderr).not.toContain('internal error');
  }, 60_000);

  it('refuses unknown tags in a validated contract, a descriptor, a policy file and meshwork.yaml', async () => {
    const folder = writeOrdersFolder(dir, 'foo-orders', (c) =>
      c.replace('  purpose: Orders of the sales domain.', '  purpose: !foo Orders of the sales domain.'),
    );
    const validated = await runCli(['validate', folder]);
    expect(validated.code).toBe(5);
    expect(validated.stdout + validated.stderr).toContain('the YAML tag !foo is not supported');
    const descriptor = join(dir, 'tagged-product.yaml');
    writeFileSync(
      descriptor,
      readFileSync(customers, 'utf8').replace(
        'name: Customer profiles',
        'name: !!js/function "Customer profiles"',
      ),
    );
    const created = await admin('create', descriptor);
    expect(created.code).toBe(2);
    expect(created.stderr).toContain(`${descriptor}:3:`);
    expect(created.stderr).toContain('the YAML tag !!js/function is not supported');
    const policies = join(dir, 'tagged-policies.yaml');
    writeFileSync(policies, 'policies:\n  - id: x\n    expression: !!binary aGVsbG8=\n');
    const applied = await admin('policy', 'apply', policies);
    expect(applied.code).toBe(2);
    expect(applied.stderr).toContain(`${policies}:3:`);
    expect(applied.stderr).toContain('!!binary');
    const project = join(dir, 'tagged-project');
    mkdirSync(project);
    writeFileSync(join(project, 'meshwork.yaml'), 'actor: !secret alice\n');
    const configured = await runCli(['list', '--store', store], { cwd: project });
    expect(configured.code).toBe(2);
    expect(configured.stderr).toContain('meshwork.yaml:1:');
    expect(configured.stderr).toContain('the YAML tag !secret is not supported');
  }, 60_000);
});

describe('ingest of odd bytes and numbers', () => {
  const person = (id: string, name: string) =>
    `{"customer_id":"${id}","name":"${name}","email":"${id.toLowerCase()}@example.com","registration_date":"2024-01-01","lifetime_value":1,"tier":"gold"}\n`;

  it('rejects a line with invalid UTF-8 naming line and byte offset, or replaces it with --invalid-utf8 replace', async () => {
    const file = join(dir, 'latin1.ndjson');
    const first = person('UTF1', 'Zoë');
    writeFileSync(
      file,
      Buffer.concat([Buffer.from(first), Buffer.from(person('UTF2', 'Jos\u00e9'), 'latin1')]),
    );
    const offset = Buffer.byteLength(first) + person('UTF2', 'Jos\u00e9').indexOf('\u00e9');
    const run = await admin('ingest', 'customer.profiles', file, '--json');
    expect(run.code).toBe(5);
    const result = JSON.parse(run.stdout) as {
      accepted: number;
      rejected: { line: number; issues: { message: string }[] }[];
    };
    expect(result.accepted).toBe(1);
    expect(result.rejected[0]?.line).toBe(2);
    expect(result.rejected[0]?.issues[0]?.message).toContain(
      `line 2 is not valid UTF-8 (byte offset ${offset} of the file)`,
    );
    const text = await admin('ingest', 'customer.profiles', file);
    expect(text.stdout + text.stderr).toContain('is not valid UTF-8');
    const again = join(dir, 'latin1-again.ndjson');
    writeFileSync(again, Buffer.from(person('UTF3', 'Jos\u00e9'), 'latin1'));
    const replaced = await admin('ingest', 'customer.profiles', again, '--invalid-utf8', 'replace', '--json');
    expect(replaced.code).toBe(0);
    const read = await admin('query', 'customer.profiles', '--where', "customer_id = 'UTF3'", '--json');
    expect(read.stdout).toContain('"name": "Jos\ufffd"');
    expect((await runCli(['ingest', '--help'])).stdout).toContain('--invalid-utf8 <policy>');
  }, 60_000);

  it('refuses a 1 GB single-line JSON file at its first record over 16 MiB, quickly and storing nothing', async () => {
    const file = join(dir, 'one-line.json');
    const fd = openSync(file, 'w');
    try {
      writeSync(fd, '[{"customer_id":"HUGE1","name":"');
      const piece = Buffer.alloc(1024 * 1024, 'x');
      for (let i = 0; i < 1024; i++) writeSync(fd, piece);
      writeSync(fd, '"}]');
    } finally {
      closeSync(fd);
    }
    try {
      const run = await admin('ingest', 'customer.profiles', file);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(
        'the record starting at line 1, column 2 is larger than 16 MiB, the most one record may hold; the file was refused before any record was read',
      );
      const read = await admin('query', 'customer.profiles', '--where', "customer_id = 'HUGE1'", '--json');
      expect(JSON.parse(read.stdout)).toMatchObject({ rows: [] });
    } finally {
      rmSync(file, { force: true });
    }
  }, 120_000);

  it('writes a rejected 1e400 to the rejects file as it came, not as null', async () => {
    const file = join(dir, 'huge.ndjson');
    const line =
      '{"customer_id":"BIG1","name":"Big","email":"big1@example.com","registration_date":"2024-01-01","lifetime_value":1e400,"tier":"gold"}';
    writeFileSync(file, `${line}\n`);
    const rejects = join(dir, 'rejects.ndjson');
    const run = await admin('ingest', 'customer.profiles', file, '--rejects', rejects);
    expect(run.code).toBe(5);
    const written = readFileSync(rejects, 'utf8');
    expect(written).toContain('"lifetime_value":1e400');
    expect(written).not.toContain('null');
    const entry = JSON.parse(written) as { line: number; record: { customer_id: string }; issues: unknown[] };
    expect(entry.line).toBe(1);
    expect(entry.record.customer_id).toBe('BIG1');
    expect(entry.issues.length).toBeGreaterThan(0);
  }, 60_000);
});
