import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutTail, readEntries, rechain, strip, wipe } from '../../test/support/audit-attacker.ts';
import {
  createTempDir,
  createTestClock,
  exampleRecords,
  exampleSpec,
  type TempDir,
} from '../../test/support/example-mesh.ts';
import { failureOf } from '../../test/support/governed-mesh.ts';
import { Mesh } from '../product/mesh.ts';
import { AuditKey } from './audit-key.ts';
import { type AuditAnchor, type AuditVerification, parseAuditAnchor } from './audit-log.ts';

const KEY = 'k3y-for-the-audit-chain-0123456789abcdef';
const OTHER_KEY = 'another-key-0123456789abcdef-xyz';

let dir: TempDir;
let keyedStore: string;
let plainStore: string;
let keyedAnchor: AuditAnchor;
let plainAnchor: AuditAnchor;
let copies = 0;

/** Writes a store with a product, an ingest, reads and two denied reads; returns its head as an anchor. */
async function build(path: string, key?: string): Promise<AuditAnchor> {
  const clock = createTestClock();
  const mesh = await Mesh.open({ store: path, now: clock.now, ...(key ? { auditKey: key } : {}) });
  try {
    const sales = await mesh.createProduct(exampleSpec('sales'));
    await sales.ingest(exampleRecords('sales'));
    await sales.publish();
    await mesh.governance.addPrincipal({ id: 'bob', roles: ['consumer'] });
    const bob = await (await mesh.as('bob')).product('sales.transactions');
    await failureOf(bob.query());
    await sales.query({ region: 'Europe' });
    await failureOf(bob.query({ region: 'Asia' }));
    await sales.query();
    const head = await mesh.governance.auditHead();
    if (!head) throw new Error('no head');
    return parseAuditAnchor(head.anchor);
  } finally {
    await mesh.close();
  }
}

/** A fresh copy of a built store, for one attack. */
function copyOf(store: string): string {
  copies += 1;
  const path = dir.file(`copy-${copies}.duckdb`);
  copyFileSync(store, path);
  if (existsSync(`${store}.wal`)) copyFileSync(`${store}.wal`, `${path}.wal`);
  return path;
}

async function verify(
  path: string,
  options: { key?: string; expectHead?: AuditAnchor } = {},
): Promise<AuditVerification> {
  const mesh = await Mesh.open({ store: path, ...(options.key ? { auditKey: options.key } : {}) });
  try {
    return await mesh.governance.verifyAudit(options.expectHead ? { expectHead: options.expectHead } : {});
  } finally {
    await mesh.close();
  }
}

/** The six rewrites of issue #14, each done as an attacker without the key would (see test/support/audit-attacker.ts). */
const REWRITES: Record<string, (path: string) => Promise<void>> = {
  'cutting the tail and resetting the head': async (path) => {
    const entries = await readEntries(path);
    await cutTail(path, entries.length - 3);
  },
  'deleting every denied entry and re-chaining': async (path) => {
    const entries = await readEntries(path);
    expect(entries.filter((e) => e.outcome === 'denied').length).toBeGreaterThan(0);
    await rechain(path, entries.filter((e) => e.outcome !== 'denied').map(strip));
  },
  'editing an old entry and re-chaining': async (path) => {
    const entries = (await readEntries(path)).map(strip);
    entries[3] = { ...(entries[3] as (typeof entries)[number]), actor: 'someone-else' };
    await rechain(path, entries);
  },
  'wiping the log and its head': async (path) => {
    await wipe(path);
  },
  'inserting a forged entry and re-chaining': async (path) => {
    const entries = (await readEntries(path)).map(strip);
    entries.splice(4, 0, {
      at: '2025-10-08T12:00:30.000Z',
      actor: 'bob',
      principal: 'local-admin',
      action: 'access.approve',
      target: 'sales.transactions',
      outcome: 'ok',
      details: { forged: true },
    });
    await rechain(path, entries);
  },
  'reordering entries and re-chaining': async (path) => {
    const entries = (await readEntries(path)).map(strip);
    const [a, b] = [entries[3], entries[5]];
    if (!a || !b || JSON.stringify(a) === JSON.stringify(b)) throw new Error('entries 4 and 6 must differ');
    entries[3] = b;
    entries[5] = a;
    await rechain(path, entries);
  },
};

/** The problem each rewrite is reported as, verified with the key. */
const WITH_KEY: Record<string, string> = {
  'cutting the tail and resetting the head': 'head_forged',
  'deleting every denied entry and re-chaining': 'unkeyed_entry',
  'editing an old entry and re-chaining': 'unkeyed_entry',
  'wiping the log and its head': 'wiped',
  'inserting a forged entry and re-chaining': 'unkeyed_entry',
  'reordering entries and re-chaining': 'unkeyed_entry',
};

/** The problem each rewrite is reported as, verified without a key against the head anchored before it. */
const WITH_ANCHOR: Record<string, string> = {
  'cutting the tail and resetting the head': 'truncated',
  'deleting every denied entry and re-chaining': 'truncated',
  'editing an old entry and re-chaining': 'anchor_mismatch',
  'wiping the log and its head': 'wiped',
  'inserting a forged entry and re-chaining': 'anchor_mismatch',
  'reordering entries and re-chaining': 'anchor_mismatch',
};

beforeAll(async () => {
  dir = createTempDir('meshwork-audit-rewrites-');
  keyedStore = dir.file('keyed.duckdb');
  plainStore = dir.file('plain.duckdb');
  keyedAnchor = await build(keyedStore, KEY);
  plainAnchor = await build(plainStore);
}, 60_000);

afterAll(() => {
  dir.remove();
});

describe('an audit chain written with a key', () => {
  it('verifies intact with the key, every entry keyed from the genesis entry on', async () => {
    const v = await verify(copyOf(keyedStore), { key: KEY });
    expect(v).toMatchObject({
      ok: true,
      protection: 'keyed',
      keyedFrom: 1,
      keyId: AuditKey.from(KEY).fingerprint,
    });
    expect(v.notes).toEqual([]);
    const entries = await readEntries(copyOf(keyedStore));
    expect(entries[0]?.action).toBe('audit.genesis');
    expect(entries.every((e) => e.keyId === AuditKey.from(KEY).fingerprint)).toBe(true);
  });

  for (const [name, rewrite] of Object.entries(REWRITES)) {
    it(`detects ${name}`, async () => {
      const path = copyOf(keyedStore);
      await rewrite(path);
      const v = await verify(path, { key: KEY });
      expect(v).toMatchObject({ ok: false, problem: WITH_KEY[name] });
    });
  }

  it('says the log was written with another key when verified with the wrong one', async () => {
    const v = await verify(copyOf(keyedStore), { key: OTHER_KEY });
    expect(v).toMatchObject({ ok: false, seq: 1, problem: 'other_key' });
    if (!v.ok) expect(v.message).toContain(AuditKey.from(KEY).fingerprint);
  });

  it('refuses to append without the key or with another one, naming the fix', async () => {
    for (const key of [undefined, OTHER_KEY]) {
      const mesh = await Mesh.open({ store: copyOf(keyedStore), ...(key ? { auditKey: key } : {}) });
      try {
        const error = await failureOf((await mesh.product('sales.transactions')).query());
        expect(error).toMatchObject({ code: 'conflict' });
        expect(error.message).toMatch(key ? /another key/ : /MESHWORK_AUDIT_KEY/);
      } finally {
        await mesh.close();
      }
    }
  });

  it('checks only the links without the key, and says so', async () => {
    const v = await verify(copyOf(keyedStore));
    expect(v).toMatchObject({ ok: true, protection: 'unkeyed' });
    expect(v.notes.join(' ')).toMatch(/only detect accidental damage/);
  });

  it('never stores the key, only its fingerprint', async () => {
    const path = copyOf(keyedStore);
    const bytes = readFileSync(path);
    expect(bytes.includes(Buffer.from(KEY))).toBe(false);
    expect(bytes.includes(Buffer.from(AuditKey.from(KEY).fingerprint))).toBe(true);
    expect(JSON.stringify({ key: AuditKey.from(KEY) })).not.toContain(KEY);
  });

  it('keeps verifying against an anchor kept from its head', async () => {
    const v = await verify(copyOf(keyedStore), { key: KEY, expectHead: keyedAnchor });
    expect(v).toMatchObject({ ok: true, anchor: keyedAnchor });
  });
});

describe('an unkeyed audit chain', () => {
  it('verifies intact and says plainly that it only detects accidental damage', async () => {
    const v = await verify(copyOf(plainStore));
    expect(v).toMatchObject({ ok: true, protection: 'unkeyed', keyedFrom: null });
    expect(v.notes.join(' ')).toMatch(/not a rewrite by someone who can write the store file/);
  });

  for (const [name, rewrite] of Object.entries(REWRITES)) {
    it(`detects ${name} against the head anchored before it`, async () => {
      const path = copyOf(plainStore);
      await rewrite(path);
      const v = await verify(path, { expectHead: plainAnchor });
      expect(v).toMatchObject({ ok: false, problem: WITH_ANCHOR[name] });
    });

    if (name !== 'wiping the log and its head') {
      it(`cannot detect ${name} without an anchor or a key, and its verdict says why`, async () => {
        const path = copyOf(plainStore);
        await rewrite(path);
        const v = await verify(path);
        expect(v).toMatchObject({ ok: true, protection: 'unkeyed' });
        expect(v.notes.join(' ')).toMatch(/only detect accidental damage/);
      });
    }
  }

  it('reports a wiped log even without an anchor', async () => {
    const path = copyOf(plainStore);
    await wipe(path);
    expect(await verify(path)).toMatchObject({ ok: false, problem: 'wiped' });
    // Nothing starts a new chain behind the wipe's back.
    const mesh = await Mesh.open({ store: path });
    try {
      await expect((await mesh.product('sales.transactions')).query()).rejects.toMatchObject({
        code: 'conflict',
      });
    } finally {
      await mesh.close();
    }
  });

  it('cannot detect an edit after the anchor without a key, and says which entries the anchor covers', async () => {
    const path = copyOf(plainStore);
    const entries = (await readEntries(path)).map(strip);
    const earlier = await readEntries(path);
    const anchor = { seq: 3, hash: (earlier[2] as { hash: string }).hash };
    entries[entries.length - 1] = {
      ...(entries[entries.length - 1] as (typeof entries)[number]),
      actor: 'ghost',
    };
    await rechain(path, entries);
    const v = await verify(path, { expectHead: anchor });
    expect(v).toMatchObject({ ok: true, anchor });
    expect(v.notes.join(' ')).toContain(`the anchor proves entries 1 to 3 only`);
  });

  it('is keyed from the entry enrolling the key on, and then detects a rewrite after it', async () => {
    const path = copyOf(plainStore);
    const mesh = await Mesh.open({ store: path, auditKey: KEY });
    let enrolledAt: number;
    try {
      // A key on an unkeyed chain is refused until it is enrolled on purpose.
      await expect((await mesh.product('sales.transactions')).query()).rejects.toThrow(/enroll-key/);
      enrolledAt = (await mesh.governance.enrollAuditKey()).seq;
      await (await mesh.product('sales.transactions')).query();
    } finally {
      await mesh.close();
    }
    const v = await verify(path, { key: KEY });
    expect(v).toMatchObject({ ok: true, keyedFrom: enrolledAt });
    const entries = (await readEntries(path)).map(strip);
    entries[entries.length - 1] = {
      ...(entries[entries.length - 1] as (typeof entries)[number]),
      actor: 'ghost',
    };
    await rechain(path, entries);
    expect(await verify(path, { key: KEY })).toMatchObject({ ok: false, problem: 'unkeyed_entry' });
  });

  it('refuses a malformed anchor, naming the expected form', () => {
    expect(() => parseAuditAnchor('12:abc')).toThrow(/<seq>:<hash>/);
    expect(() => parseAuditAnchor(`0:${'a'.repeat(64)}`)).toThrow(/positive/);
  });
});
