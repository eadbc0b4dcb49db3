import { createHmac } from 'node:crypto';
import { MeshError } from '../core/errors.ts';

/** Fewest bytes an audit key may have: a shorter secret could be guessed. */
export const MIN_AUDIT_KEY_BYTES = 16;

const FINGERPRINT_LABEL = 'meshwork audit key fingerprint v1';

/**
 * The secret the audit chain is keyed with, kept outside the store. It computes HMAC-SHA256 tags and a fingerprint
 * (the HMAC of a fixed label, first 16 hex digits) that is stored with every keyed entry so that `verify` can tell
 * "written with another key" from "rewritten"; the secret itself is held in a private field and never stored,
 * logged or serialized (`JSON.stringify` and `util.inspect` show only the fingerprint).
 */
export class AuditKey {
  readonly #secret: Buffer;
  /** Identifies the key without revealing it. */
  readonly fingerprint: string;

  private constructor(secret: Buffer) {
    this.#secret = secret;
    this.fingerprint = createHmac('sha256', secret).update(FINGERPRINT_LABEL).digest('hex').slice(0, 16);
  }

  /**
   * Wraps a secret (text or bytes); surrounding whitespace of text, such as a key file's final newline, is dropped.
   * @throws MeshError `invalid_input` for a secret shorter than 16 bytes (the message never contains the secret).
   * @example const key = AuditKey.from(process.env.MESHWORK_AUDIT_KEY ?? '');
   */
  static from(secret: string | Uint8Array, source = 'the audit key'): AuditKey {
    const bytes = typeof secret === 'string' ? Buffer.from(secret.trim(), 'utf8') : Buffer.from(secret);
    if (bytes.length < MIN_AUDIT_KEY_BYTES) {
      throw new MeshError(
        'invalid_input',
        `${source} is too short (${bytes.length} bytes); use at least ${MIN_AUDIT_KEY_BYTES} random bytes, e.g. the output of: openssl rand -hex 32`,
      );
    }
    return new AuditKey(bytes);
  }

  /** The HMAC-SHA256 of a text under the key, as hex. */
  mac(text: string): string {
    return createHmac('sha256', this.#secret).update(text).digest('hex');
  }

  /** Shows only the fingerprint. */
  toJSON(): { fingerprint: string } {
    return { fingerprint: this.fingerprint };
  }
}
