import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.ts';

describe('RateLimiter', () => {
  it('allows the limit per window, refuses the next, and allows again once the window ends', () => {
    let now = 1_000;
    const limiter = new RateLimiter(2, 60_000, () => now);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a')).toMatchObject({ allowed: true, remaining: 0 });
    const refused = limiter.take('a');
    expect(refused.allowed).toBe(false);
    expect(refused.resetSeconds).toBe(60);
    expect(limiter.take('b').allowed).toBe(true);
    now += 60_000;
    expect(limiter.take('a').allowed).toBe(true);
  });
});
