import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEntries, rechain, strip, wipe } from '../support/audit-attacker.ts';
import { createTempDir, type TempDir } from '../support/example-mesh.ts';
import { ROOT, runCli } from '../support/run-cli.ts';

const KEY = 'cli-audit-key-0123456789abcdef-secret';
const sales = join(ROOT, 'examples/sales/product.yaml');
const salesData = join(ROOT, 'examples/sales/sample_sales.json');

let dir: TempDir;
let keyed: string;
let plain: string;
let keyFile: string;
let copies = 0;

const withKey = { MESHWORK_AUDIT_KEY: KEY };

function copyOf(store: string): string {
  copies += 1;
  const path = dir.file(`copy-${copies}.duckdb`);
  copyFileSync(store, path);
  if (existsSync(`${store}.wal`)) copyFileSync(`${store}.wal`, `${path}.wal`);
  return path;
}

async function build(store: string, env: Record<string, string> = {}): Promise<void> {
  for (const args of [
    ['create', sales],
    ['ingest', 'sales.transactions', salesData, '--no-progress'],
    ['publish', 'sales.transactions'],
    ['principal', 'add', 'bob', '--role', 'consumer'],
  ]) {
    expect((await runCli([...args, '--store', store], { env })).code).toBe(0);
  }
  const token = await runCli(['token', 'create', '--for', 'bob', '--json', '--store', store], { env });
  const { token: secret } = JSON.parse(token.stdout) as { token: string };
  // bob has no grant: his read is refused and audited as denied.
  const denied = await runCli(['query', 'sales.transactions', '--store', store], {
    env: { ...env, MESHWORK_TOKEN: secret },
  });
  expect(denied.code).not.toBe(0);
  expect((await runCli(['query', 'sales.transactions', '--store', store], { env })).code).toBe(0);
}

beforeAll(async () => {
  dir = createTempDir('meshwork-audit-cli-');
  keyed = dir.file('keyed.duckdb');
  plain = dir.file('plain.duckdb');
  keyFile = dir.file('audit.key');
  writeFileSync(keyFile, `${KEY}\n`);
  await build(keyed, withKey);
  await build(plain);
}, 120_000);

afterAll(() => {
  dir.remove();
});

describe('meshwork audit', () => {
  it('prints the head as <seq>:<hash>, and as JSON with the key fingerprint, never the key', async () => {
    const text = await runCli(['audit', 'head', '--store', keyed], { env: withKey });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^\d+:[0-9a-f]{64}\n$/);
    const json = await runCli(['audit', 'head', '--json', '--store', keyed], { env: withKey });
    const head = JSON.parse(json.stdout) as { seq: number; hash: string; keyId: string; anchor: string };
    expect(head.anchor).toBe(text.stdout.trim());
    expect(head.keyId).toMatch(/^[0-9a-f]{16}$/);
    for (const run of [text, json]) expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it('verifies a keyed chain with the key from a key file and says it is keyed', async () => {
    const run = await runCli(['audit', 'verify', '--store', keyed], {
      env: { MESHWORK_AUDIT_KEY_FILE: keyFile },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /audit chain intact: \d+ entries, head \d+:[0-9a-f]{64} \(keyed with key [0-9a-f]{16}\)/,
    );
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it('detects the denied entries deleted and the chain re-chained, with the key (exit 4)', async () => {
    const path = copyOf(keyed);
    const entries = await readEntries(path);
    expect(entries.some((e) => e.outcome === 'denied')).toBe(true);
    await rechain(path, entries.filter((e) => e.outcome !== 'denied').map(strip));
    const run = await runCli(['audit', 'verify', '--store', path], { env: withKey });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/BROKEN at entry \d+ \(unkeyed_entry\)/);
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it('says the log was written with another key', async () => {
    const run = await runCli(['audit', 'verify', '--json', '--store', copyOf(keyed)], {
      env: { MESHWORK_AUDIT_KEY: 'some-other-key-0123456789abcdef' },
    });
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, problem: 'other_key' });
  });

  it('says an unkeyed chain only detects accidental damage, and catches an edit against an anchor', async () => {
    const path = copyOf(plain);
    const anchor = (await runCli(['audit', 'head', '--store', path])).stdout.trim();
    const clean = await runCli(['audit', 'verify', '--store', path]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/UNKEYED/);
    expect(clean.stdout).toMatch(
      /only detect accidental damage, not a rewrite by someone who can write the store file/,
    );

    const entries = (await readEntries(path)).map(strip);
    entries[2] = { ...(entries[2] as (typeof entries)[number]), actor: 'mallory' };
    await rechain(path, entries);
    // Without an anchor the rewrite passes: the verdict says why it cannot tell.
    expect((await runCli(['audit', 'verify', '--store', path])).code).toBe(0);
    const anchored = await runCli(['audit', 'verify', '--expect-head', anchor, '--store', path]);
    expect(anchored.code).toBe(4);
    expect(anchored.stderr).toMatch(/anchor_mismatch/);
  });

  it('reports a wiped log, refuses a malformed anchor, and explains keys and anchors in --help', async () => {
    const path = copyOf(plain);
    await wipe(path);
    const wiped = await runCli(['audit', 'verify', '--store', path]);
    expect(wiped.code).toBe(4);
    expect(wiped.stderr).toMatch(/\(wiped\)/);
    const bad = await runCli(['audit', 'verify', '--expect-head', '12:abc', '--store', path]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/<seq>:<hash>/);
    const help = await runCli(['audit', 'verify', '--help']);
    expect(help.stdout).toMatch(/--expect-head <seq:hash>/);
    expect(help.stdout).toMatch(/MESHWORK_AUDIT_KEY/);
  });
});
