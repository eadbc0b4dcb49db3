import type { DuckDBConnection } from '@duckdb/node-api';
import { MeshError } from '../../core/errors.ts';

/** Options for one call through {@link GuardedConnection.use}. */
export interface GuardedCallOptions {
  /** Left to finish when the connection closes, never interrupted (a COMMIT: whole or not at all). Default false. */
  readonly uninterruptible?: boolean;
}

/**
 * A DuckDB connection that is never closed under a running statement: every call goes through {@link use}, which
 * refuses new calls once closing began, and {@link close} waits for the calls under way (interrupting them first
 * when asked) before it closes the connection. DuckDB frees a connection's prepared statements and client context
 * when it closes, so closing one while a statement runs on DuckDB's threads crashes the process or hangs it.
 */
export class GuardedConnection {
  readonly raw: DuckDBConnection;
  readonly #store: string;
  readonly #running = new Set<Promise<unknown>>();
  #uninterruptible = 0;
  #closing = false;

  constructor(raw: DuckDBConnection, store: string) {
    this.raw = raw;
    this.#store = store;
  }

  /** Whether {@link close} has begun: calls are refused from then on. */
  get closing(): boolean {
    return this.#closing;
  }

  /**
   * Runs `fn` with the connection, counted as under way until it settles (synchronous work after its last await, such
   * as filling an appender, included). A call that fails once closing began (it was interrupted, or DuckDB refused it)
   * fails with the store's closed error, the engine's own error as its cause.
   * @throws MeshError `storage_unavailable` once closing began.
   */
  use<T>(fn: (conn: DuckDBConnection) => Promise<T>, options: GuardedCallOptions = {}): Promise<T> {
    if (this.#closing) return Promise.reject(this.closedError());
    const uninterruptible = options.uninterruptible === true;
    if (uninterruptible) this.#uninterruptible += 1;
    const run = (async () => {
      try {
        return await fn(this.raw);
      } catch (error) {
        throw this.#closing ? this.closedError(error) : error;
      } finally {
        if (uninterruptible) this.#uninterruptible -= 1;
      }
    })();
    this.#running.add(run);
    const forget = (): void => {
      this.#running.delete(run);
    };
    run.then(forget, forget);
    return run;
  }

  /** Interrupts the statement running now, if any (DuckDB clears the interrupt when the next statement starts). */
  interrupt(): void {
    this.raw.interrupt();
  }

  /**
   * Refuses further calls, waits for those under way and closes the connection; with `interrupt`, the statements
   * running are interrupted first (never one marked uninterruptible: then close waits for it).
   */
  async close(options: { readonly interrupt?: boolean } = {}): Promise<void> {
    this.#closing = true;
    while (this.#running.size > 0) {
      if (options.interrupt === true && this.#uninterruptible === 0) this.raw.interrupt();
      await Promise.allSettled([...this.#running]);
    }
    this.raw.closeSync();
  }

  /** The error of a call refused (or cut short) because the store is closing. */
  closedError(cause?: unknown): MeshError {
    return new MeshError(
      'storage_unavailable',
      `the store ${this.#store} is closed: the operation was refused or stopped; open the store again to retry it`,
      { ...(cause === undefined ? {} : { cause }), details: { store: this.#store, reason: 'closed' } },
    );
  }
}
