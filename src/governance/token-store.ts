import type { EngineSession, Row } from '../engine/engine.ts';
import { bumpCatalogGeneration } from '../catalog/catalog-cache.ts';

/** What the catalog keeps about an API token: never the token itself, only a salted hash. */
export interface TokenInfo {
  readonly id: string;
  readonly principalId: string;
  readonly name: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
  readonly lastUsedAt: string | null;
}

/** A token row with its salt and hash, for authentication only. */
export interface StoredToken extends TokenInfo {
  readonly salt: string;
  readonly hash: string;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function toToken(r: Row): StoredToken {
  return {
    id: String(r.id),
    principalId: String(r.principal_id),
    name: text(r.name),
    createdAt: String(r.created_at),
    createdBy: String(r.created_by),
    expiresAt: String(r.expires_at),
    revokedAt: text(r.revoked_at),
    revokedBy: text(r.revoked_by),
    lastUsedAt: text(r.last_used_at),
    salt: String(r.salt),
    hash: String(r.hash),
  };
}

/** Drops the salt and hash from a stored token. */
export function toTokenInfo(t: StoredToken): TokenInfo {
  const { salt: _salt, hash: _hash, ...info } = t;
  return info;
}

/** Reads and writes API tokens (`mw_tokens`). */
export class TokenStore {
  /** Stores a new token's hash. */
  async insert(s: EngineSession, t: StoredToken): Promise<void> {
    await s.execute(
      `INSERT INTO mw_tokens (id, principal_id, name, salt, hash, created_at, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [t.id, t.principalId, t.name, t.salt, t.hash, t.createdAt, t.createdBy, t.expiresAt],
    );
    await bumpCatalogGeneration(s);
  }

  /** Finds a token by id, or undefined. */
  async find(s: EngineSession, id: string): Promise<StoredToken | undefined> {
    const rows = await s.query('SELECT * FROM mw_tokens WHERE id = $1', [id]);
    return rows[0] ? toToken(rows[0]) : undefined;
  }

  /** Lists tokens, newest first, optionally of one principal. */
  async list(s: EngineSession, principalId?: string): Promise<TokenInfo[]> {
    const rows =
      principalId === undefined
        ? await s.query('SELECT * FROM mw_tokens ORDER BY created_at DESC, id')
        : await s.query('SELECT * FROM mw_tokens WHERE principal_id = $1 ORDER BY created_at DESC, id', [
            principalId,
          ]);
    return rows.map((r) => toTokenInfo(toToken(r)));
  }

  /** Marks a token revoked; returns whether it was active before. */
  async revoke(s: EngineSession, id: string, at: string, by: string): Promise<boolean> {
    const n = await s.execute(
      'UPDATE mw_tokens SET revoked_at = $1, revoked_by = $2 WHERE id = $3 AND revoked_at IS NULL',
      [at, by, id],
    );
    if (n > 0) await bumpCatalogGeneration(s);
    return n > 0;
  }

  /** Records when a token was last used. */
  async touch(s: EngineSession, id: string, at: string): Promise<void> {
    await s.execute('UPDATE mw_tokens SET last_used_at = $1 WHERE id = $2', [at, id]);
  }
}
