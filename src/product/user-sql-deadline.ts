import type { TransactionOptions } from '../engine/engine.ts';

/**
 * A deadline for one run of user-written SQL: transaction options whose signal aborts after `timeoutMs` (none when
 * undefined), and `done()` to call when the run ends so that no timer is left behind.
 * @example const deadline = userSqlDeadline(ctx.userSqlTimeoutMs); try { await engine.transaction(fn, deadline.options) } finally { deadline.done() }
 */
export function userSqlDeadline(timeoutMs: number | undefined): {
  readonly options: TransactionOptions;
  done(): void;
} {
  if (timeoutMs === undefined) return { options: {}, done: () => undefined };
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`the time limit for user-written SQL, ${timeoutMs} ms`)),
    timeoutMs,
  );
  return { options: { signal: controller.signal }, done: () => clearTimeout(timer) };
}
