import { openEngine } from '../../src/engine/open-engine.ts';
import type { MaskingKey } from '../../src/governance/masking.ts';
import { loadMaskingKey } from '../../src/governance/masking-secret.ts';

/** Reads the masking key of a store, as the store's owner can (tests compute expected masked values with it). */
export async function storeMaskingKey(store: string): Promise<MaskingKey> {
  const engine = await openEngine(store);
  try {
    return await loadMaskingKey(engine, new Date(0).toISOString());
  } finally {
    await engine.close();
  }
}

/** Reads the hex masking secret of a store straight from `mw_secrets`, to check a masked value by hand. */
export async function storeMaskingSecretHex(store: string): Promise<string> {
  const engine = await openEngine(store);
  try {
    const rows = await engine.query("SELECT value FROM mw_secrets WHERE name = 'masking'");
    return String(rows[0]?.value);
  } finally {
    await engine.close();
  }
}
