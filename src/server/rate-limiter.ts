/** What a rate limiter decided for one request. */
export interface RateDecision {
  readonly allowed: boolean;
  /** Requests left in the current window. */
  readonly remaining: number;
  /** Seconds until the window resets. */
  readonly resetSeconds: number;
}

/**
 * Counts requests per key (a token id or a client address) in fixed windows; a key over `limit` in its window is
 * refused until the window ends. Memory holds one entry per key seen in the current window.
 */
export class RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(limit: number, windowMs: number, now: () => number = Date.now) {
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#now = now;
  }

  /** Counts one request for `key` and tells whether it may proceed. */
  take(key: string): RateDecision {
    const now = this.#now();
    if (this.#windows.size > 10_000) this.#sweep(now);
    let w = this.#windows.get(key);
    if (w === undefined || now - w.start >= this.#windowMs) {
      w = { start: now, count: 0 };
      this.#windows.set(key, w);
    }
    w.count += 1;
    const resetSeconds = Math.max(1, Math.ceil((w.start + this.#windowMs - now) / 1000));
    return { allowed: w.count <= this.#limit, remaining: Math.max(0, this.#limit - w.count), resetSeconds };
  }

  /** Tells whether `key` is over the limit in its current window, without counting a request. */
  isOver(key: string): boolean {
    const w = this.#windows.get(key);
    return w !== undefined && this.#now() - w.start < this.#windowMs && w.count >= this.#limit;
  }

  #sweep(now: number): void {
    for (const [key, w] of this.#windows) if (now - w.start >= this.#windowMs) this.#windows.delete(key);
  }
}
