/** The block size of SHA-256 in bytes: an HMAC key is padded (or, if longer, hashed) to it. */
const SHA256_BLOCK_BYTES = 64;

/** The two padded keys of an HMAC-SHA256 (RFC 2104), as lowercase hex: key XOR ipad (0x36) and key XOR opad (0x5c). */
export interface HmacPads {
  readonly inner: string;
  readonly outer: string;
}

/**
 * Computes the padded keys with which SQL that only has SHA-256 computes an HMAC-SHA256:
 * `sha256(outer || sha256(inner || message))`. Both are as secret as the key.
 * @throws Error (a bug) for a key longer than a SHA-256 block (64 bytes), which HMAC would hash first.
 */
export function hmacPads(key: Uint8Array): HmacPads {
  if (key.length > SHA256_BLOCK_BYTES) {
    throw new Error(`an HMAC key for SQL has at most ${SHA256_BLOCK_BYTES} bytes, got ${key.length}`);
  }
  const inner = Buffer.alloc(SHA256_BLOCK_BYTES, 0x36);
  const outer = Buffer.alloc(SHA256_BLOCK_BYTES, 0x5c);
  for (let i = 0; i < key.length; i++) {
    inner[i] = (inner[i] as number) ^ (key[i] as number);
    outer[i] = (outer[i] as number) ^ (key[i] as number);
  }
  return { inner: inner.toString('hex'), outer: outer.toString('hex') };
}
