import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempDir, type TempDir } from '../support/example-mesh.ts';
import { ROOT, runCli } from '../support/run-cli.ts';
import { startWorldBankReplayServer } from '../support/worldbank-replay-server.ts';

const BIN = fileURLToPath(new URL('../support/meshwork-from-source.js', import.meta.url));

interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stderr: () => string;
  readonly stdout: () => string;
  readonly exited: Promise<number | null>;
}

/** Spawns `meshwork serve` and waits until it says where it listens. */
function serve(args: readonly string[], cwd = ROOT): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', MESHWORK_STORE: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      const m = /serving .* at (http:\/\/\S+) /.exec(err);
      if (m?.[1]) resolve({ child, url: m[1], stderr: () => err, stdout: () => out, exited });
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${err}`)));
    setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 30_000).unref();
  });
}

describe('meshwork serve', () => {
  let dir: TempDir | undefined;
  let running: Served | undefined;
  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    dir?.remove();
  });

  it('creates an admin on first start, prints its token once, serves it, and stops on SIGTERM', async () => {
    dir = createTempDir();
    const store = dir.file('mesh.duckdb');
    running = await serve(['--port', '0', '--store', store]);
    const token = /\n(mwt_\S+)\n/.exec(running.stderr())?.[1];
    expect(token).toBeDefined();
    const res = await fetch(`${running.url}/domains`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect((await fetch(`${running.url}/domains`)).status).toBe(401);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(running.stderr()).toContain('meshwork: stopped');
    const log = running
      .stdout()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { route?: string; status?: number; principal?: string });
    expect(log.some((l) => l.route === '/domains' && l.status === 200 && l.principal === 'admin')).toBe(true);
    expect(running.stdout()).not.toContain(token);

    // A second start finds the admin and prints no token; the store was closed cleanly, so it opens again.
    running = await serve(['--port', '0', '--store', store]);
    expect(running.stderr()).not.toContain('mwt_');
    running.child.kill('SIGINT');
    expect(await running.exited).toBe(0);
  }, 60_000);

  it('delivers webhooks while it serves, and after a restart delivers each event once', async () => {
    dir = createTempDir();
    const store = dir.file('mesh.duckdb');
    const ids: string[] = [];
    const receiver = createServer((req, res) => {
      ids.push(String(req.headers['webhook-id']));
      req.resume().on('end', () => res.writeHead(200).end());
    });
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
    try {
      const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
      // By default a server refuses webhooks into its own network (here: loopback).
      running = await serve(['--port', '0', '--store', store]);
      let token = /\n(mwt_\S+)\n/.exec(running.stderr())?.[1] ?? '';
      const call = (url: string, path: string, body: unknown) =>
        fetch(`${url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const refused = await call(running.url, '/webhooks', { url: hook, types: ['domain.defined'] });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('--webhook-allow-private');
      running.child.kill('SIGTERM');
      expect(await running.exited).toBe(0);
      const first = token;
      running = await serve(['--port', '0', '--store', store, '--webhook-allow-private']);
      token = first;
      expect((await call(running.url, '/webhooks', { url: hook, types: ['domain.defined'] })).status).toBe(
        201,
      );
      expect((await call(running.url, '/domains', { name: 'finance' })).status).toBe(200);
      await expect.poll(() => ids.length, { timeout: 20_000 }).toBe(1);
      running.child.kill('SIGTERM');
      expect(await running.exited).toBe(0);
      // Restarted: the event already acknowledged is not sent again; the next one is.
      running = await serve(['--port', '0', '--store', store, '--webhook-allow-private']);
      expect((await call(running.url, '/domains', { name: 'logistics' })).status).toBe(200);
      await expect.poll(() => ids.length, { timeout: 20_000 }).toBe(2);
      expect(new Set(ids).size).toBe(2);
      running.child.kill('SIGTERM');
      expect(await running.exited).toBe(0);
    } finally {
      await new Promise((done) => receiver.close(done));
    }
  }, 90_000);

  it("serves the README's example: the demo store, the first token, the curl request", async () => {
    dir = createTempDir();
    const store = dir.file('mesh.duckdb');
    expect((await runCli(['demo', '--store', store])).code).toBe(0);
    running = await serve(['--port', '0', '--store', store]);
    const token = /\n(mwt_\S+)\n/.exec(running.stderr())?.[1];
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const path = /'http:\/\/127\.0\.0\.1:8080(\/products\/[^']+)'/.exec(readme)?.[1];
    expect(path).toBeDefined();
    const res = await fetch(`${running.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const { rows } = (await res.json()) as { rows: Record<string, unknown>[] };
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0] ?? {})).toEqual(['transaction_id', 'amount']);
    expect((await fetch(`${running.url}/docs`)).status).toBe(200);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  }, 90_000);

  it('reads the store, host and port from meshwork.yaml', async () => {
    dir = createTempDir();
    writeFileSync(dir.file('meshwork.yaml'), 'store: ./from-yaml.duckdb\nhost: 127.0.0.1\nport: 0\n');
    running = await serve(['--dev'], dir.path);
    expect(running.stderr()).toContain(`serving ${dir.file('from-yaml.duckdb')} at http://127.0.0.1:`);
    expect(running.stderr()).toContain('WARNING: --dev');
    expect((await fetch(`${running.url}/products`)).status).toBe(200);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  }, 60_000);

  it('refreshes the World Bank product from worldbank_base_url in meshwork.yaml, not the location of the last pull', async () => {
    dir = createTempDir();
    const store = dir.file('mesh.duckdb');
    const first = await startWorldBankReplayServer();
    const connect = await runCli([
      'connect',
      'worldbank',
      '--indicators',
      'SP.POP.TOTL',
      '--countries',
      'BRA',
      '--years',
      '2019:2020',
      '--base-url',
      first.url,
      '--store',
      store,
    ]);
    await first.close();
    expect(connect.code, connect.stderr).toBe(0);
    const second = await startWorldBankReplayServer();
    try {
      writeFileSync(dir.file('meshwork.yaml'), `worldbank_base_url: ${second.url}\nquery_timeout: 5000\n`);
      running = await serve(['--port', '0', '--store', store], dir.path);
      const token = /\n(mwt_\S+)\n/.exec(running.stderr())?.[1];
      const res = await fetch(`${running.url}/connectors/worldbank/refresh`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status, await res.clone().text()).toBe(200);
      expect(await res.json()).toMatchObject({ inserted: 2, removed: 2 });
      expect(second.requests.length).toBeGreaterThan(0);
      running.child.kill('SIGTERM');
      expect(await running.exited).toBe(0);
    } finally {
      await second.close();
    }
  }, 60_000);

  it('answers reads only once their audit entries are committed with --durable-audit (or durable_audit in meshwork.yaml)', async () => {
    dir = createTempDir();
    const store = dir.file('mesh.duckdb');
    expect((await runCli(['demo', '--store', store])).code).toBe(0);
    running = await serve(['--port', '0', '--store', store, '--durable-audit']);
    expect(running.stderr()).toContain(
      '--durable-audit: each read is answered once its audit entries are committed',
    );
    const token = /\n(mwt_\S+)\n/.exec(running.stderr())?.[1];
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${running.url}/products/sales.transactions/rows?limit=1`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
    }
    // Killed at once after the last answer: no shutdown flush, so only what was committed before answering is kept.
    running.child.kill('SIGKILL');
    await running.exited;
    const log = await runCli([
      'log',
      'sales.transactions',
      '--by',
      'admin',
      '--operation',
      'query',
      '--limit',
      '100',
      '--json',
      '--store',
      store,
    ]);
    expect(log.code, log.stderr).toBe(0);
    expect((JSON.parse(log.stdout) as unknown[]).length).toBe(10);
    expect((await runCli(['audit', 'verify', '--store', store])).code).toBe(0);

    writeFileSync(dir.file('meshwork.yaml'), 'durable_audit: true\n');
    running = await serve(['--port', '0', '--store', store], dir.path);
    expect(running.stderr()).toContain('--durable-audit: each read');
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    writeFileSync(dir.file('meshwork.yaml'), 'durable_audit: sometimes\n');
    const bad = await runCli(['serve', '--store', store], { cwd: dir.path });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('durable_audit in meshwork.yaml must be true or false, got sometimes');
  }, 90_000);

  it('refuses a --query-timeout or a World Bank location it cannot use', async () => {
    dir = createTempDir();
    const store = dir.file('mesh.duckdb');
    const timeout = await runCli(['serve', '--query-timeout', 'soon', '--store', store]);
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toContain('--query-timeout must be a whole number');
    const location = await runCli(['serve', '--worldbank-base-url', 'ftp://example', '--store', store]);
    expect(location.code).toBe(2);
    expect(location.stderr).toContain('http(s) URL');
  });

  it('refuses --dev on a host that is not loopback', async () => {
    dir = createTempDir();
    const run = await runCli(['serve', '--dev', '--host', '0.0.0.0', '--store', dir.file('mesh.duckdb')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('loopback');
  });
});
