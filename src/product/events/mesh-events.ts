import { EventOutbox, type EventQuery } from '../../catalog/events/event-outbox.ts';
import type { MeshEvent } from '../../catalog/events/event-types.ts';
import { eventScopeFor } from '../../governance/event-scope-for.ts';
import { LOCAL_ADMIN } from '../../governance/principal.ts';
import type { MeshContext } from '../mesh-context.ts';

const outbox = new EventOutbox();

/** Options for {@link tailEvents}. */
export interface TailOptions {
  /** How long to wait between polls when nothing new came (default 1000 ms). */
  readonly intervalMs?: number;
  /** Ends the tail (the iterator returns) when aborted. */
  readonly signal?: AbortSignal;
}

/**
 * Reads the outbox after a cursor as the handle's principal: an admin reads every event, anyone else the events of
 * the domains it owns, the product events of the products it holds a grant on and its own changes.
 * @throws MeshError `invalid_input` for a bad cursor, limit or type.
 */
export async function readEvents(ctx: MeshContext, query: EventQuery): Promise<MeshEvent[]> {
  const scope = await eventScopeFor(ctx.engine, ctx.principal ?? LOCAL_ADMIN, ctx.now().toISOString());
  return outbox.read(ctx.engine, query, scope);
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Follows the outbox live: yields every event after `query.after` (as {@link readEvents} would), then polls for new
 * ones until the signal aborts. The cursor of the last event yielded is where a reconnecting reader resumes.
 * @example for await (const e of mesh.tailEvents({ after: 0 }, { signal })) console.log(e.cursor, e.type);
 */
export async function* tailEvents(
  ctx: MeshContext,
  query: EventQuery,
  options: TailOptions = {},
): AsyncGenerator<MeshEvent, void, undefined> {
  let after = query.after ?? 0;
  while (!options.signal?.aborted) {
    const page = await readEvents(ctx, { ...query, after });
    for (const e of page) {
      after = e.cursor;
      yield e;
      if (options.signal?.aborted) return;
    }
    if (page.length < (query.limit ?? 100)) await pause(options.intervalMs ?? 1000, options.signal);
  }
}
