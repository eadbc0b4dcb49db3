import { MeshError } from '../../core/errors.ts';
import { isProductStatus, PRODUCT_STATUSES, type ProductStatus } from '../../core/lifecycle.ts';
import { isQualityLevel, QUALITY_LEVELS, type QualityLevel } from '../../core/quality-level.ts';
import { phraseKey, type SearchPlace } from './search-terms.ts';

/** Narrows a search to products with these properties; every filter given must hold. */
export interface SearchFilters {
  readonly domain?: string;
  /** Only products in this state. Without it, archived products are left out. */
  readonly status?: ProductStatus;
  /** Only products carrying this tag (case-insensitive). */
  readonly tag?: string;
  /** Only products declaring this quality level. */
  readonly qualityLevel?: QualityLevel;
  /** Only products of this owner (case-insensitive). */
  readonly owner?: string;
  /** `true`: only products with at least one PII field; `false`: only products without any. */
  readonly pii?: boolean;
  /** Most results to return, 1 to 1000 (default 20). */
  readonly limit?: number;
}

/** One place where a query word was found. */
export interface SearchMatch {
  readonly place: SearchPlace;
  /** The name, field name, tag, domain or owner matched; the description for description text. */
  readonly value: string;
  /** The query word that matched. */
  readonly word: string;
  /** Whether the word is a whole term there (otherwise it is the start of one). */
  readonly exact: boolean;
}

/** One product found by a search. */
export interface SearchHit {
  readonly productId: string;
  /** Relevance points; see `docs/catalog.md` for how they add up. Higher is better. */
  readonly score: number;
  /** Every place a query word was found, strongest place first. */
  readonly matched: readonly SearchMatch[];
  readonly name: string;
  readonly domain: string;
  readonly owner: string;
  readonly status: ProductStatus;
  readonly qualityLevel: QualityLevel;
  readonly description: string;
}

/**
 * How many of the products a search found (all of them, not only the `limit` returned) have each value: per
 * domain, lifecycle status, tag (lowercased), declared quality level, owner (lowercased) and PII (`yes`: at least
 * one PII field; `no`: none). Each map is ordered by count, then value.
 */
export interface SearchFacets {
  readonly domain: Readonly<Record<string, number>>;
  readonly status: Readonly<Record<string, number>>;
  readonly tag: Readonly<Record<string, number>>;
  readonly qualityLevel: Readonly<Record<string, number>>;
  readonly owner: Readonly<Record<string, number>>;
  readonly pii: Readonly<Record<'yes' | 'no', number>>;
}

/** The facet names, in the order they are shown. */
export const SEARCH_FACETS = ['domain', 'status', 'tag', 'qualityLevel', 'owner', 'pii'] as const;

/** The results of a search, best first, carrying the facet counts of everything it found. */
export type SearchHits = SearchHit[] & { readonly facets: SearchFacets };

/** Default and largest number of results. */
export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 1000;
/** Most words a search text may have. */
export const MAX_SEARCH_WORDS = 10;

/**
 * Checks search filters given as plain data (from the CLI, HTTP or SDK).
 * @throws MeshError `invalid_input` naming the bad filter and the values it accepts.
 */
export function parseSearchFilters(input: unknown): SearchFilters {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new MeshError('invalid_input', 'search filters must be an object such as { domain: "sales" }');
  }
  const raw = input as Record<string, unknown>;
  const known = ['domain', 'status', 'tag', 'qualityLevel', 'owner', 'pii', 'limit'];
  for (const key of Object.keys(raw)) {
    if (!known.includes(key) && raw[key] !== undefined) {
      throw new MeshError('invalid_input', `unknown search filter ${key}; use one of ${known.join(', ')}`);
    }
  }
  const text = (key: string): string | undefined => {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      throw new MeshError('invalid_input', `search filter ${key} must be non-empty text`);
    }
    return v.trim();
  };
  const out: {
    -readonly [K in keyof SearchFilters]: SearchFilters[K];
  } = {};
  const domain = text('domain');
  if (domain !== undefined) out.domain = domain;
  const status = text('status');
  if (status !== undefined) {
    if (!isProductStatus(status)) {
      throw new MeshError(
        'invalid_input',
        `search filter status must be one of ${PRODUCT_STATUSES.join(', ')}; got ${status}`,
      );
    }
    out.status = status;
  }
  const tag = text('tag');
  if (tag !== undefined) out.tag = tag.toLowerCase();
  const level = text('qualityLevel');
  if (level !== undefined) {
    if (!isQualityLevel(level)) {
      throw new MeshError(
        'invalid_input',
        `search filter quality level must be one of ${QUALITY_LEVELS.join(', ')}; got ${level}`,
      );
    }
    out.qualityLevel = level;
  }
  const owner = text('owner');
  if (owner !== undefined) out.owner = phraseKey(owner);
  if (raw.pii !== undefined) {
    if (typeof raw.pii !== 'boolean')
      throw new MeshError('invalid_input', 'search filter pii must be true or false');
    out.pii = raw.pii;
  }
  if (raw.limit !== undefined) {
    const n = raw.limit;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1 || n > MAX_SEARCH_LIMIT) {
      throw new MeshError(
        'invalid_input',
        `search limit must be a whole number from 1 to ${MAX_SEARCH_LIMIT}; got ${String(n)}`,
      );
    }
    out.limit = n;
  }
  return out;
}
