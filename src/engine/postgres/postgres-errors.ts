import { MeshError } from '../../core/errors.ts';

/** What the driver's errors carry: PostgreSQL's SQLSTATE for a server error, a Node code for a socket error. */
interface DriverError {
  readonly code?: unknown;
  readonly message?: unknown;
}

/** Node socket error codes meaning the server cannot be reached. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
]);

/**
 * Turns a driver failure into a MeshError that says what happened without leaking internals or secrets: `location` is
 * the redacted URL. Classification follows the DuckDB engine's: key and other constraint violations are `conflict`
 * (with `details.constraint`), a write on a read-only store and every connection or resource failure
 * `storage_unavailable`, a missing table `not_found`, a value PostgreSQL refuses `invalid_input`, the rest `internal`;
 * `details.sqlState` keeps PostgreSQL's code.
 */
export function wrapPostgresError(error: unknown, what: string, location: string): MeshError {
  if (error instanceof MeshError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as DriverError;
  const message = typeof e.message === 'string' ? e.message : String(error);
  const code = typeof e.code === 'string' ? e.code : '';
  const engineMessage = message.split('\n')[0] ?? message;
  const sql = /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  const details = { engineMessage, ...(sql === undefined ? {} : { sqlState: sql }) };
  if (UNREACHABLE.has(code) || /Connection terminated|connection timeout|timeout expired/i.test(message)) {
    return new MeshError(
      'storage_unavailable',
      `${what}: cannot reach the PostgreSQL server at ${location} (${code || engineMessage}); check the URL's host and port and that the server is running`,
      { cause: error, details: { ...details, store: location, reason: 'server_unreachable' } },
    );
  }
  if (sql === undefined) {
    return new MeshError('internal', `${what}: ${engineMessage}`, { cause: error, details });
  }
  const cls = sql.slice(0, 2);
  if (cls === '28') {
    return new MeshError(
      'storage_unavailable',
      `${what}: the PostgreSQL server at ${location} refused the login (${engineMessage}); check the user and password of the URL`,
      { cause: error, details: { ...details, store: location } },
    );
  }
  if (sql === '25006') {
    return new MeshError(
      'storage_unavailable',
      `${what}: the store was opened read-only (or this is a read-only transaction, as user-written SQL runs in), and this operation writes; run it with a command that opens the store to write`,
      { cause: error, details },
    );
  }
  if (cls === '23') {
    const constraint =
      sql === '23502' ? 'not_null' : sql === '23514' ? 'check' : sql === '23505' ? 'key' : 'other';
    return new MeshError('conflict', `${what}: ${engineMessage}`, {
      cause: error,
      details: { ...details, constraint },
    });
  }
  if (sql === '40001' || sql === '40P01') {
    return new MeshError('conflict', `${what}: ${engineMessage}; retry the operation`, {
      cause: error,
      details: { ...details, constraint: 'other' },
    });
  }
  if (sql === '42P01') {
    return new MeshError('not_found', `${what}: ${engineMessage}`, { cause: error, details });
  }
  if (sql === '3D000') {
    return new MeshError('not_found', `${what}: no such database at ${location}`, { cause: error, details });
  }
  if (sql === '57014') {
    return new MeshError('storage_unavailable', `${what}: the statement was cancelled`, {
      cause: error,
      details: { ...details, reason: 'interrupted' },
    });
  }
  if (sql === '53200') {
    return new MeshError(
      'storage_unavailable',
      `${what}: the statement needed more memory than the server may use (${engineMessage}); narrow it (a filter, fewer columns or groups)`,
      { cause: error, details: { ...details, reason: 'memory_limit' } },
    );
  }
  if (['08', '53', '57', '58', 'XX'].includes(cls)) {
    // Connection exceptions (08) and operator intervention (57: shutdown, crash of another backend) cut the session.
    const cut = cls === '08' || cls === '57';
    return new MeshError('storage_unavailable', `${what}: ${engineMessage} (server ${location})`, {
      cause: error,
      details: cut ? { ...details, store: location, reason: 'server_unreachable' } : details,
    });
  }
  if (cls === '22') {
    const hint = /0x00/.test(engineMessage)
      ? ': PostgreSQL text cannot hold the NUL character (U+0000); remove it from the value'
      : '';
    return new MeshError('invalid_input', `${what}: ${engineMessage}${hint}`, { cause: error, details });
  }
  return new MeshError('internal', `${what}: ${engineMessage}`, { cause: error, details });
}
