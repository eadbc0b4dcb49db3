import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir, type TempDir } from '../support/example-mesh.ts';
import { type CliRun, ROOT, runCli } from '../support/run-cli.ts';
import { readmeQuickStart, type ServedCli, serveCli } from '../support/serve-cli.ts';

/** Times and dates vary between two runs; everything else must be the same. */
function normalized(text: string): string {
  return text
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, 'TIME')
    .replace(/\d{4}-\d{2}-\d{2}/g, 'DATE');
}

describe('the CLI as a client of meshwork serve (--server, $MESHWORK_URL)', () => {
  let dir: TempDir;
  let served: ServedCli;
  let token: string;
  beforeAll(async () => {
    dir = createTempDir();
    served = await serveCli(['--port', '0', '--store', dir.file('served.duckdb')]);
    if (served.adminToken === undefined) throw new Error(`serve printed no admin token: ${served.stderr()}`);
    token = served.adminToken;
  }, 60_000);
  afterAll(async () => {
    await served?.stop();
    dir?.remove();
  });

  /** Runs the same commands on a local store and through the server; returns both runs of each. */
  async function both(
    commands: readonly (readonly string[])[],
    remote: (args: readonly string[]) => { args: string[]; env: Record<string, string> },
    name: string,
  ): Promise<{ local: CliRun[]; remote: CliRun[] }> {
    const localHome = join(dir.path, `${name}-local`);
    const remoteHome = join(dir.path, `${name}-remote`);
    mkdirSync(localHome);
    mkdirSync(remoteHome);
    const out = { local: [] as CliRun[], remote: [] as CliRun[] };
    for (const args of commands) {
      out.local.push(await runCli(args, { cwd: localHome }));
      const r = remote(args);
      out.remote.push(await runCli(r.args, { cwd: remoteHome, env: r.env }));
    }
    return out;
  }

  it('runs the README quick start through the server with --server, printing what it prints on a local store', async () => {
    const commands = readmeQuickStart();
    expect(commands.map((c) => c[0])).toEqual([
      'init',
      'validate',
      'publish',
      'ingest',
      'search',
      'query',
      'show',
    ]);
    // init and validate read and write files only; from publish on the commands reach the store, here the server.
    const runs = await both(
      commands,
      (args) => ({
        args: ['init', 'validate'].includes(args[0] ?? '')
          ? [...args]
          : [...args, '--server', served.url, '--token', token],
        env: {},
      }),
      'flag',
    );
    commands.forEach((args, i) => {
      const local = runs.local[i];
      const remote = runs.remote[i];
      expect(local?.code, `local meshwork ${args.join(' ')}: ${local?.stderr}`).toBe(0);
      expect(remote?.code, `remote meshwork ${args.join(' ')}: ${remote?.stderr}`).toBe(0);
      expect(normalized(remote?.stdout ?? ''), `meshwork ${args.join(' ')}`).toBe(
        normalized(local?.stdout ?? ''),
      );
    });
    expect(runs.remote[2]?.stdout).toBe('sales.orders 0.1.0: registered and published\n');
    expect(runs.remote[5]?.stdout).toContain('R003  Third   99.99  2025-10-03 08:15:00');
  }, 180_000);

  it('reads the server from $MESHWORK_URL and the token from $MESHWORK_TOKEN, with the same output', async () => {
    const commands = [
      ['list'],
      // (show is compared in the quick start: its usage figures count this test's extra reads on the server)
      ['query', 'sales.orders', '--where', 'amount > 10', '--format', 'csv'],
      ['search', 'orders'],
      ['domains'],
    ];
    const runs = await both(
      [
        ['init', 'orders', '--id', 'sales.orders', '--owner', 'sales-team'],
        ['publish', 'orders'],
        ['ingest', 'sales.orders', 'orders/sample-data.json'],
      ],
      (args) => ({ args: [...args], env: { MESHWORK_URL: served.url, MESHWORK_TOKEN: token } }),
      'env-setup',
    );
    // The server has sales.orders from the first test; the local store gets it now.
    expect(runs.local.map((r) => r.code)).toEqual([0, 0, 0]);
    const localHome = join(dir.path, 'env-setup-local');
    for (const args of commands) {
      const local = await runCli(args, { cwd: localHome });
      const remote = await runCli(args, {
        cwd: localHome,
        env: { MESHWORK_URL: served.url, MESHWORK_TOKEN: token },
      });
      expect(remote.code, `meshwork ${args.join(' ')}: ${remote.stderr}`).toBe(local.code);
      expect(normalized(remote.stdout), `meshwork ${args.join(' ')}`).toBe(normalized(local.stdout));
    }
  }, 180_000);

  it('gives the local exit code and message for a product that does not exist (not found: 3)', async () => {
    // Both hold sales.orders only, so the message (which names the known products) can be the same.
    const home = join(dir.path, 'missing');
    mkdirSync(home);
    const remoteFlags = ['--server', served.url, '--token', token];
    expect(
      (await runCli(['init', 'orders', '--id', 'sales.orders', '--owner', 'sales-team'], { cwd: home })).code,
    ).toBe(0);
    expect((await runCli(['publish', 'orders'], { cwd: home })).code).toBe(0);
    expect((await runCli(['publish', 'orders', ...remoteFlags], { cwd: home })).code).toBe(0);
    const local = await runCli(['show', 'sales.nothing'], { cwd: home });
    const remote = await runCli(['show', 'sales.nothing', ...remoteFlags], { cwd: home });
    expect(local.code).toBe(3);
    expect(remote.code).toBe(3);
    expect(remote.stderr).toBe(local.stderr);
  });

  it('runs the other commands through the server with the exit codes and results of a local store', async () => {
    // The example sales product, published and ingested on both sides; then the same commands on each.
    const sales = join(ROOT, 'examples/sales');
    const setup = [
      ['publish', sales],
      ['ingest', 'sales.transactions', join(sales, 'sample_sales.json')],
    ];
    const commands: string[][] = [
      // (list and domains are compared above: the server's catalog also holds the quick start's product)
      ['query', 'sales.transactions', '--all', '--order-by', 'transaction_id', '--format', 'csv'],
      ['query', 'sales.transactions', '--columns', 'transaction_id,amount', '--limit', '2', '--json'],
      ['update', 'sales.transactions', '--where', "transaction_id = 'TXN001'", '--set', 'amount=5'],
      ['remove', 'sales.transactions', '--where', "transaction_id = 'TXN002'"],
      ['export', 'sales.transactions', 'out.csv', '--where', 'amount > 10'],
      ['export', 'sales.transactions', 'out.ndjson'],
      ['export', 'sales.transactions', 'out.parquet', '--where', 'amount > 100'],
      ['contract', 'sales.transactions', '--format', 'sql'],
      ['contract', 'sales.transactions'],
      ['lineage', 'sales.transactions'],
      ['segments', 'sales.transactions'],
      ['deprecate', 'sales.transactions', '--sunset', '2099-01-31', '--reason', 'replaced'],
      ['create', join(ROOT, 'examples/customers/product.yaml')],
      ['create', join(ROOT, 'examples/customers/product.yaml')],
      ['show', 'sales.nothing'],
      ['ingest', 'sales.nothing', join(sales, 'sample_sales.json')],
    ];
    const localHome = join(dir.path, 'more-local');
    const remoteHome = join(dir.path, 'more-remote');
    mkdirSync(localHome);
    mkdirSync(remoteHome);
    const remoteEnv = { MESHWORK_URL: served.url, MESHWORK_TOKEN: token };
    for (const args of setup) {
      expect((await runCli(args, { cwd: localHome })).code).toBe(0);
      expect((await runCli(args, { cwd: remoteHome, env: remoteEnv })).code).toBe(0);
    }
    for (const args of commands) {
      const local = await runCli(args, { cwd: localHome });
      const remote = await runCli(args, { cwd: remoteHome, env: remoteEnv });
      const name = `meshwork ${args.join(' ')}`;
      expect(remote.code, `${name}: ${remote.stderr}`).toBe(local.code);
      // Known products differ (the server holds the quick start's too); export names its own folder's file.
      const same = (text: string, home: string) =>
        normalized(text.split(home).join('HOME'))
          .replace(/; known products: .*/, '')
          // A cursor is opaque: the server's encodes its query, the store's only the position.
          .replace(/"nextCursor": "[^"]*"/, '"nextCursor": "CURSOR"');
      expect(same(remote.stdout, remoteHome), name).toBe(same(local.stdout, localHome));
      if (local.code !== 0) expect(same(remote.stderr, remoteHome), name).toBe(same(local.stderr, localHome));
    }
    expect(readFileSync(join(remoteHome, 'out.csv'), 'utf8')).toBe(
      readFileSync(join(localHome, 'out.csv'), 'utf8'),
    );
    // The quality run and the metrics are figures of each side's own history; their shape and verdict agree.
    const quality = await runCli(['quality', 'sales.transactions', '--json'], {
      cwd: remoteHome,
      env: remoteEnv,
    });
    expect(quality.code).toBe(0);
    expect(JSON.parse(quality.stdout)).toMatchObject({ productId: 'sales.transactions', totalRecords: 5 });
    const metrics = await runCli(['metrics', 'sales.transactions'], { cwd: remoteHome, env: remoteEnv });
    expect(metrics.code).toBe(0);
    expect(metrics.stdout).toMatch(/records\s+5\n/);
    const audit = await runCli(['audit', 'verify'], { cwd: remoteHome, env: remoteEnv });
    expect(audit.code, audit.stderr).toBe(0);
    expect(audit.stdout).toContain('audit chain intact');
    const events = await runCli(['events', '--product', 'sales.transactions', '--json'], {
      cwd: remoteHome,
      env: remoteEnv,
    });
    expect(events.code, events.stderr).toBe(0);
    expect(events.stdout).toContain('product.deprecated');
  }, 300_000);

  it('runs an access request to a grant and its revocation through the server, as two principals', async () => {
    const home = join(dir.path, 'access');
    mkdirSync(home);
    const admin = { MESHWORK_URL: served.url, MESHWORK_TOKEN: token };
    const sales = join(ROOT, 'examples/sales');
    expect((await runCli(['publish', sales], { cwd: home, env: admin })).code).toBe(0);
    expect(
      (await runCli(['principal', 'add', 'bob', '--role', 'consumer'], { cwd: home, env: admin })).code,
    ).toBe(0);
    const created = await runCli(['token', 'create', '--for', 'bob', '--json'], { cwd: home, env: admin });
    expect(created.code, created.stderr).toBe(0);
    const bob = {
      MESHWORK_URL: served.url,
      MESHWORK_TOKEN: (JSON.parse(created.stdout) as { token: string }).token,
    };
    const denied = await runCli(['query', 'sales.transactions'], { cwd: home, env: bob });
    expect(denied.code).toBe(6);
    expect(denied.stderr).toContain('bob (consumer) may not read sales.transactions');
    const asked = await runCli(
      ['access', 'request', 'sales.transactions', '--purpose', 'forecast', '--json'],
      {
        cwd: home,
        env: bob,
      },
    );
    expect(asked.code, asked.stderr).toBe(0);
    const requestId = String((JSON.parse(asked.stdout) as { id: number }).id);
    const approved = await runCli(['access', 'approve', requestId, '--comment', 'ok'], {
      cwd: home,
      env: admin,
    });
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain('lets bob read sales.transactions');
    const grants = await runCli(['access', 'list', '--grants', '--json'], { cwd: home, env: admin });
    const grant = (JSON.parse(grants.stdout) as { id: number; principalId: string }[]).find(
      (g) => g.principalId === 'bob',
    );
    expect(grant).toBeDefined();
    const read = await runCli(['query', 'sales.transactions', '--limit', '1', '--format', 'csv'], {
      cwd: home,
      env: bob,
    });
    expect(read.code, read.stderr).toBe(0);
    expect(read.stdout.split('\n')[0]).toContain('transaction_id');
    const revoked = await runCli(['access', 'revoke', String(grant?.id), '--comment', 'done'], {
      cwd: home,
      env: admin,
    });
    expect(revoked.code, revoked.stderr).toBe(0);
    expect((await runCli(['query', 'sales.transactions'], { cwd: home, env: bob })).code).toBe(6);
    const policy = await runCli(['policy', 'show', 'fields-described'], { cwd: home, env: admin });
    expect(policy.code, policy.stderr).toBe(0);
    expect(policy.stdout).toContain('every field has a description');
  }, 180_000);

  it('refuses a command that needs a local store, naming it, with the usage exit code', async () => {
    const demo = await runCli(['demo', '--server', served.url, '--token', token]);
    expect(demo.code).toBe(2);
    expect(demo.stderr).toContain('meshwork demo works on a local store only');
    const serve = await runCli(['serve', '--port', '0'], { env: { MESHWORK_URL: served.url } });
    expect(serve.code).toBe(2);
    expect(serve.stderr).toContain('meshwork serve works on a local store only');
    expect(serve.stderr).toContain('unset $MESHWORK_URL');
    const connect = await runCli([
      'connect',
      'worldbank',
      '--indicators',
      'SP.POP.TOTL',
      '--countries',
      'BRA',
      '--years',
      '2020',
      '--server',
      served.url,
    ]);
    expect(connect.code).toBe(2);
    expect(connect.stderr).toContain('meshwork connect worldbank works on a local store only');
  });

  it('turns the server’s 401 for a missing token into a clear error with the denied exit code (6)', async () => {
    const run = await runCli(['list', '--server', served.url]);
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(/^meshwork: error: .*token/i);
    expect(run.stdout).toBe('');
  });

  it('names the URL when no server listens there (unavailable: 7)', async () => {
    const run = await runCli(['list', '--server', 'http://127.0.0.1:9', '--token', token]);
    expect(run.code).toBe(7);
    expect(run.stderr).toContain('cannot reach the Meshwork server at http://127.0.0.1:9');
  });
});
