import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WorldBankLogger } from './worldbank-logger.ts';

/** Where and for how long successful World Bank responses are kept on disk. */
export interface WorldBankCacheOptions {
  /** Folder for the cache files; created when missing. */
  readonly dir: string;
  /** How long a stored response stays fresh, in milliseconds. */
  readonly ttlMs: number;
}

/** A store of response bodies keyed by their full request URL. */
export interface WorldBankResponseCache {
  /** Returns the stored body for a URL while it is fresh, otherwise undefined. */
  read(url: string): Promise<string | undefined>;
  /** Stores a body for a URL, replacing any earlier one atomically. */
  write(url: string, body: string): Promise<void>;
}

interface CacheEntry {
  readonly url: string;
  readonly fetchedAt: string;
  readonly body: string;
}

function isCacheEntry(value: unknown): value is CacheEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.url === 'string' && typeof v.fetchedAt === 'string' && typeof v.body === 'string';
}

/**
 * Creates an on-disk response cache: one JSON file per URL (named by its SHA-256), holding the body and fetch time.
 * Broken or unreadable entries count as misses and failed writes are logged, so the cache never fails a request.
 */
export function createWorldBankResponseCache(
  options: WorldBankCacheOptions,
  clock: () => Date,
  logger: WorldBankLogger,
): WorldBankResponseCache {
  const fileFor = (url: string): string =>
    join(options.dir, `${createHash('sha256').update(url).digest('hex')}.json`);

  return {
    async read(url) {
      const file = fileFor(url);
      let entry: unknown;
      try {
        entry = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          logger.warn('worldbank cache entry unreadable; refetching', { url, file, error: String(error) });
        }
        return undefined;
      }
      // The stored URL guards against a hash collision or a file copied in from elsewhere.
      if (!isCacheEntry(entry) || entry.url !== url) return undefined;
      const age = clock().getTime() - Date.parse(entry.fetchedAt);
      if (!(age < options.ttlMs)) {
        logger.debug('worldbank cache entry expired', {
          url,
          fetchedAt: entry.fetchedAt,
          ttlMs: options.ttlMs,
        });
        return undefined;
      }
      logger.debug('worldbank cache hit', { url, fetchedAt: entry.fetchedAt });
      return entry.body;
    },

    async write(url, body) {
      const file = fileFor(url);
      const entry: CacheEntry = { url, fetchedAt: clock().toISOString(), body };
      // Write to a unique temporary file and rename it, so readers never see half a file.
      const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
      try {
        await mkdir(options.dir, { recursive: true });
        await writeFile(temp, JSON.stringify(entry), 'utf8');
        await rename(temp, file);
      } catch (error) {
        logger.warn('worldbank cache write failed; continuing without caching', {
          url,
          file,
          error: String(error),
        });
        await rm(temp, { force: true }).catch(() => undefined);
      }
    },
  };
}
