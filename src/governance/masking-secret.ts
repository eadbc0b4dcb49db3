import { randomBytes } from 'node:crypto';
import type { EngineSession } from '../engine/engine.ts';
import { MASKING_SECRET_BYTES, MaskingKey } from './masking.ts';

/** The row of `mw_secrets` holding the store's masking secret (hex). */
const MASKING_SECRET = 'masking';

/**
 * Gives the store a masking secret unless it has one: 32 random bytes, created once (when the store is created, or
 * the first time an older store is opened) and kept in `mw_secrets`, which nothing lists, exports or logs.
 */
export async function ensureMaskingSecret(s: EngineSession, at: string): Promise<void> {
  await s.execute(
    'INSERT INTO mw_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING',
    [MASKING_SECRET, randomBytes(MASKING_SECRET_BYTES).toString('hex'), at],
  );
}

/**
 * Reads the store's masking key, creating the secret first (recorded as created `at`) if the store has none yet.
 * @throws Error (a bug) when the stored secret is not 32 bytes of hex.
 */
export async function loadMaskingKey(s: EngineSession, at: string): Promise<MaskingKey> {
  const read = async () =>
    (await s.query('SELECT value FROM mw_secrets WHERE name = $1', [MASKING_SECRET]))[0]?.value;
  let value = await read();
  if (value === undefined) {
    await ensureMaskingSecret(s, at);
    value = await read();
  }
  if (typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(value)) {
    throw new Error('the store’s masking secret (mw_secrets) is missing or not 32 bytes of hex');
  }
  return new MaskingKey(Buffer.from(value, 'hex'));
}
