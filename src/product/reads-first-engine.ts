import type { Engine } from '../engine/engine.ts';
import type { ReadTrail } from '../governance/read-trail.ts';

/**
 * A view of an engine whose transactions first commit the reads queued in the read trail, so that within one process
 * the audit chain and the access log keep the order things happened in: a write (or a refusal) made after a read is
 * chained after it. Everything else is the engine's own.
 */
export function readsFirst(engine: Engine, trail: ReadTrail): Engine {
  return new Proxy(engine, {
    get(target, prop) {
      if (prop === 'transaction') {
        const transaction: Engine['transaction'] = async (fn, options) => {
          if (trail.pending > 0) await trail.flush();
          return target.transaction(fn, options);
        };
        return transaction;
      }
      if (prop === 'begin') {
        const begin: Engine['begin'] = async () => {
          if (trail.pending > 0) await trail.flush();
          return target.begin();
        };
        return begin;
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
