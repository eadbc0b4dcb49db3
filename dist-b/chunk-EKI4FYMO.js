import { MeshError } from './chunk-Z2USMJAC.js';

// dist/governance/audit-key.js
import { createHmac } from 'node:crypto';
var MIN_AUDIT_KEY_BYTES = 16;
var FINGERPRINT_LABEL = 'meshwork audit key fingerprint v1';
var AuditKey = class _AuditKey {
  #secret;
  /** Identifies the key without revealing it. */
  fingerprint;
  constructor(secret) {
    this.#secret = secret;
    this.fingerprint = createHmac('sha256', secret).update(FINGERPRINT_LABEL).digest('hex').slice(0, 16);
  }
  /**
   * Wraps a secret (text or bytes); surrounding whitespace of text, such as a key file's final newline, is dropped.
   * @throws MeshError `invalid_input` for a secret shorter than 16 bytes (the message never contains the secret).
   * @example const key = AuditKey.from(process.env.MESHWORK_AUDIT_KEY ?? '');
   */
  static from(secret, source = 'the audit key') {
    const bytes = typeof secret === 'string' ? Buffer.from(secret.trim(), 'utf8') : Buffer.from(secret);
    if (bytes.length < MIN_AUDIT_KEY_BYTES) {
      throw new MeshError(
        'invalid_input',
        `${source} is too short (${bytes.length} bytes); use at least ${MIN_AUDIT_KEY_BYTES} random bytes, e.g. the output of: openssl rand -hex 32`,
      );
    }
    return new _AuditKey(bytes);
  }
  /** The HMAC-SHA256 of a text under the key, as hex. */
  mac(text) {
    return createHmac('sha256', this.#secret).update(text).digest('hex');
  }
  /** Shows only the fingerprint. */
  toJSON() {
    return { fingerprint: this.fingerprint };
  }
};

export { MIN_AUDIT_KEY_BYTES, AuditKey };
