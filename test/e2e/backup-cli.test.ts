import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Mesh } from '../../src/product/mesh.ts';
import { type GovernedMesh, openGovernedMesh } from '../support/governed-mesh.ts';
import { ROOT, runCli } from '../support/run-cli.ts';
import { TEST_ENGINE } from '../support/test-store.ts';

const BIN = fileURLToPath(new URL('../support/meshwork-from-source.js', import.meta.url));

let gm: GovernedMesh | undefined;
afterEach(async () => {
  await gm?.cleanup();
  gm = undefined;
});

async function closedStore(): Promise<GovernedMesh> {
  gm = await openGovernedMesh();
  await gm.mesh.close();
  return gm;
}

async function assertVerifies(store: string): Promise<void> {
  const mesh = await Mesh.open({ store, create: false });
  try {
    expect((await mesh.governance.verifyAudit()).ok).toBe(true);
  } finally {
    await mesh.close();
  }
}

/** Spawns `meshwork backup` and SIGKILLs it once its progress says it is writing the `after`-th platform table. */
function backupAndKill(store: string, dir: string, after: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
    delete env.MESHWORK_STORE;
    const child = spawn(process.execPath, [BIN, 'backup', dir, '--store', store], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (new RegExp(`platform table ${after}/`).test(stderr)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve(signal));
  });
}

describe('meshwork backup and restore', () => {
  it('backs a store up and restores it into a new file, with JSON results and progress on stderr', async () => {
    const g = await closedStore();
    const dir = g.dir.file('cli-backup');
    const backup = await runCli(['backup', dir, '--store', g.store]);
    expect(backup.stderr).toContain('backup: product table');
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain(`to ${dir}`);
    const target = g.dir.file('cli-restored.duckdb');
    const restore = await runCli(['restore', dir, '--store', target, '--json']);
    expect(restore.code, restore.stderr).toBe(0);
    const result = JSON.parse(restore.stdout) as { audit: { ok: boolean }; sourceEngine: string };
    expect(result.audit.ok).toBe(true);
    // Into a DuckDB file whichever engine the store is on (on PostgreSQL, the move between engines).
    expect(result.sourceEngine).toBe(TEST_ENGINE);
    const listed = await runCli(['list', '--store', target, '--json']);
    expect(listed.stdout).toContain('sales.transactions');
    await assertVerifies(target);
  });

  it('refuses an existing backup folder and a target store that is not empty, with a non-zero exit', async () => {
    const g = await closedStore();
    const dir = g.dir.file('cli-backup');
    expect((await runCli(['backup', dir, '--store', g.store])).code).toBe(0);
    const again = await runCli(['backup', dir, '--store', g.store]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('pick a new backup folder');
    const onto = await runCli(['restore', dir, '--store', g.store]);
    expect(onto.code).not.toBe(0);
    expect(onto.stderr).toContain('not empty');
    const missing = await runCli(['restore', g.dir.path, '--store', g.dir.file('x.duckdb')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('manifest.json');
  });

  it('leaves the store untouched and no complete-looking backup when the backup is SIGKILLed mid-way', async () => {
    const g = await closedStore();
    for (const after of [2, 12]) {
      const dir = g.dir.file(`killed-${after}`);
      expect(await backupAndKill(g.store, dir, after)).toBe('SIGKILL');
      expect(existsSync(dir)).toBe(false);
      const partials = readdirSync(g.dir.path).filter((n) => n.startsWith(`killed-${after}.partial-`));
      expect(partials.length).toBe(1);
      expect(existsSync(join(g.dir.path, partials[0] ?? '', 'manifest.json'))).toBe(false);
      await assertVerifies(g.store);
    }
    const later = await runCli(['backup', g.dir.file('later'), '--store', g.store]);
    expect(later.code, later.stderr).toBe(0);
    expect(existsSync(join(g.dir.file('later'), 'manifest.json'))).toBe(true);
  });
});
