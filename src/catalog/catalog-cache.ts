import type { EngineSession } from '../engine/engine.ts';

/** The `mw_meta` key of the catalog generation: a number bumped by every catalog or governance change. */
const GENERATION_KEY = 'catalog_generation';

/** Most entries a cache holds; past it, it starts over (a catalog look-up is cheap to repeat). */
const MAX_ENTRIES = 20_000;

/**
 * Bumps the catalog generation, in the caller's transaction: every change that a cached read depends on (products
 * and their versions, grants, policies, principals, tokens) calls this, so that every process's {@link CatalogCache}
 * drops what it holds on its next read. An UPDATE of one row, so that generations become visible in commit order.
 */
export async function bumpCatalogGeneration(s: EngineSession): Promise<void> {
  const n = await s.execute(
    'UPDATE mw_meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = $1',
    [GENERATION_KEY],
  );
  if (n === 0) await s.execute("INSERT INTO mw_meta (key, value) VALUES ($1, '1')", [GENERATION_KEY]);
}

/** Reads the catalog generation ('0' when nothing has bumped it yet). */
export async function readCatalogGeneration(s: EngineSession): Promise<string> {
  const rows = await s.query('SELECT value FROM mw_meta WHERE key = $1', [GENERATION_KEY]);
  return String(rows[0]?.value ?? '0');
}

/**
 * A per-process cache of catalog and governance look-ups (product records, versions, grants, policies, principals,
 * tokens) for the read path. {@link CatalogCache.sync} reads the stored generation (one small query) at the start of
 * each read and drops every entry when it changed, so a change committed by any handle or process before a read
 * starts is seen by that read. Concurrent reads share generation checks (see `sync`). Values are shared: callers must
 * not change them.
 */
export class CatalogCache {
  readonly #unchanging: boolean;
  #generation: string | undefined;
  /** Bumped whenever entries are dropped, so a look-up that started before a drop does not store a stale value. */
  #epoch = 0;
  readonly #entries = new Map<string, unknown>();
  /** The generation check running now, and the one queued to start after it (shared by every caller meanwhile). */
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;

  /**
   * @param options.unchanging the store cannot change while this cache lives (a DuckDB file opened read-only: no
   * process may write it meanwhile), so the generation is read once, by the first `sync`.
   */
  constructor(options: { readonly unchanging?: boolean } = {}) {
    this.#unchanging = options.unchanging === true;
  }

  /**
   * Checks the stored generation and drops every entry when it moved. Callers at the same time share checks: a call
   * joins the check queued to start after the running one (or starts one when none runs), never the running one,
   * which may have read the generation before the call began. So every call still sees each change committed before
   * it was made, and a burst of reads costs about two checks instead of one each. `s` must be the store's engine,
   * outside any transaction.
   */
  sync(s: EngineSession): Promise<void> {
    if (this.#unchanging && this.#generation !== undefined) return Promise.resolve();
    if (this.#queued !== undefined) return this.#queued;
    const running = this.#running;
    if (running === undefined) return this.#check(s);
    const queued = running.then(
      () => this.#check(s),
      () => this.#check(s),
    );
    this.#queued = queued;
    return queued;
  }

  #check(s: EngineSession): Promise<void> {
    this.#queued = undefined;
    const run = readCatalogGeneration(s).then((generation) => {
      if (generation !== this.#generation) {
        this.#generation = generation;
        this.clear();
      }
    });
    this.#running = run;
    const done = (): void => {
      if (this.#running === run) this.#running = undefined;
    };
    run.then(done, done);
    return run;
  }

  /** Drops every entry (this process changed the catalog, or the store's generation moved). */
  clear(): void {
    this.#epoch += 1;
    this.#entries.clear();
  }

  /** The cached value for `key`, or what `load` reads (kept unless the cache was dropped meanwhile). */
  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.#entries.has(key)) return this.#entries.get(key) as T;
    const epoch = this.#epoch;
    const value = await load();
    if (epoch === this.#epoch) {
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
      this.#entries.set(key, value);
    }
    return value;
  }
}
