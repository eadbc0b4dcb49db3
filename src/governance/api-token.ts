import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every Meshwork API token starts with this, so that secret scanners and people recognise one. */
export const TOKEN_PREFIX = 'mwt';

/** A freshly generated token: its public id, and the full text shown to its owner once. */
export interface GeneratedToken {
  /** Public id of the token (not secret): used to list and revoke it. */
  readonly id: string;
  /** The whole token, `mwt_<id>_<secret>`; only its hash is stored. */
  readonly token: string;
  /** Random salt stored beside the hash. */
  readonly salt: string;
  /** SHA-256 of salt and secret, hex. */
  readonly hash: string;
}

/** Hashes a token secret with its salt (SHA-256, hex). */
export function hashTokenSecret(salt: string, secret: string): string {
  return createHash('sha256').update(salt).update('\0').update(secret).digest('hex');
}

/** Generates a new random token: 9 bytes of id, 32 bytes of secret, 16 bytes of salt. */
export function generateToken(): GeneratedToken {
  const id = randomBytes(9).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16).toString('hex');
  return { id, token: `${TOKEN_PREFIX}_${id}_${secret}`, salt, hash: hashTokenSecret(salt, secret) };
}

/** Splits a token into its id and secret, or gives undefined when the text is not shaped like a token. */
export function splitToken(token: string): { id: string; secret: string } | undefined {
  const m = /^mwt_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/.exec(token.trim());
  return m ? { id: m[1] as string, secret: m[2] as string } : undefined;
}

/** Tells, in constant time, whether a secret matches a stored salt and hash. */
export function tokenSecretMatches(secret: string, salt: string, hash: string): boolean {
  const actual = Buffer.from(hashTokenSecret(salt, secret), 'hex');
  const expected = Buffer.from(hash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
