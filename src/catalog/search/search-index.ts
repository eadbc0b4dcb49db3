import type { ProductDescriptor } from '../../core/descriptor.ts';
import { MeshError } from '../../core/errors.ts';
import type { EngineSession } from '../../engine/engine.ts';
import { InvertedIndex } from './inverted-index.ts';
import {
  DEFAULT_SEARCH_LIMIT,
  MAX_SEARCH_WORDS,
  type SearchFilters,
  type SearchHit,
  type SearchHits,
  type SearchMatch,
} from './search-query.ts';
import { readSearchSnapshot, writeSearchSnapshot } from './search-snapshot.ts';
import { isSearchGenerationToken, SEARCH_INDEX_VERSION, SearchStore } from './search-store.ts';
import {
  phraseKey,
  placeTerms,
  productPlaces,
  queryWords,
  SEARCH_PLACES,
  wordMatches,
} from './search-terms.ts';

/** Lists where each query word is found in a product, strongest place first. */
export function findMatches(d: ProductDescriptor, words: readonly string[]): SearchMatch[] {
  const out: SearchMatch[] = [];
  for (const p of productPlaces(d)) {
    // A term matching a word contains it, so a place whose text does not is skipped without splitting it.
    const lower = p.text.toLowerCase();
    const candidates = words.filter((w) => lower.includes(w));
    if (candidates.length === 0) continue;
    const terms = placeTerms(p);
    for (const word of candidates) {
      let kind: 'exact' | 'prefix' | undefined;
      for (const term of terms) {
        const m = wordMatches(word, term);
        if (m === 'exact' || (m === 'prefix' && kind === undefined)) kind = m;
        if (kind === 'exact') break;
      }
      if (kind !== undefined) out.push({ place: p.place, value: p.value, word, exact: kind === 'exact' });
    }
  }
  const rank = (m: SearchMatch) => SEARCH_PLACES.indexOf(m.place) * 2 + (m.exact ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b));
}

/** Options for {@link SearchIndex}. */
export interface SearchIndexOptions {
  /**
   * A file to keep a snapshot of the built index in (beside a file store), so that a process whose catalog has not
   * changed since the snapshot was written reads the index instead of building it. Default: none.
   */
  readonly snapshotFile?: string;
  /** Write the snapshot after building the index (default true; false for a read-only store: it is only read). */
  readonly writeSnapshot?: boolean;
}

/** Where the index a search used came from: a snapshot file, or built from the stored entries. */
export type SearchIndexSource = 'snapshot' | 'entries';

/**
 * The catalog's full-text search. Each product's entry (filter columns and weighted terms) is stored beside the
 * catalog and written in the same transaction as the descriptor change; each process answers searches from an
 * in-memory inverted index built from those entries on its first search and rebuilt when the stored generation
 * changes. With a snapshot file, the process that built the index for a generation writes it out, and the next
 * process to search that generation reads it instead of building it. Why this split: see `docs/catalog.md` and the
 * Search and Catalog at scale sections of BENCHMARKS.md.
 */
export class SearchIndex {
  readonly #store = new SearchStore();
  readonly #snapshotFile: string | undefined;
  readonly #writeSnapshot: boolean;
  #cached: { generation: string; index: InvertedIndex; source: SearchIndexSource } | undefined;

  constructor(options: SearchIndexOptions = {}) {
    this.#snapshotFile = options.snapshotFile;
    this.#writeSnapshot = options.writeSnapshot ?? true;
  }

  /** Where the index of the last search came from (undefined before the first search). */
  get source(): SearchIndexSource | undefined {
    return this.#cached?.source;
  }

  /** Indexes a new product. */
  async add(s: EngineSession, d: ProductDescriptor): Promise<void> {
    await this.#store.put(s, [d], false);
  }

  /** Indexes a product again, replacing its previous entry. */
  async put(s: EngineSession, d: ProductDescriptor): Promise<void> {
    await this.#store.put(s, [d]);
  }

  /** Re-indexes every product from the given descriptors when the stored index was built by other code. */
  async ensure(s: EngineSession, all: () => Promise<ProductDescriptor[]>): Promise<void> {
    if (await this.#store.isCurrent(s)) return;
    await this.#store.rebuild(s, await all());
  }

  /**
   * The in-memory index for the stored generation: the one held when the catalog has not changed since the last
   * search, else the snapshot written for this generation, else one built from the stored entries (and written
   * out as the snapshot).
   */
  async #index(s: EngineSession): Promise<InvertedIndex> {
    const generation = await this.#store.generation(s);
    if (this.#cached?.generation === generation) return this.#cached.index;
    // Only a random generation names one catalog state; an older store's count could match a copy's snapshot.
    const file = isSearchGenerationToken(generation) ? this.#snapshotFile : undefined;
    if (file !== undefined) {
      const index = readSearchSnapshot(file, { indexVersion: SEARCH_INDEX_VERSION, generation });
      if (index) {
        this.#cached = { generation, index, source: 'snapshot' };
        return index;
      }
    }
    const loaded = await this.#store.load(s);
    const index = new InvertedIndex(loaded.docs);
    this.#cached = { generation: loaded.generation, index, source: 'entries' };
    if (this.#snapshotFile !== undefined && this.#writeSnapshot && isSearchGenerationToken(loaded.generation))
      writeSearchSnapshot(this.#snapshotFile, index, {
        indexVersion: SEARCH_INDEX_VERSION,
        generation: loaded.generation,
      });
    return index;
  }

  /**
   * Finds products by text and filters, best first. Every query word must match a term of the product (exactly,
   * or as its start); see `docs/catalog.md` for the scoring. `load` reads the descriptors of the page's products.
   * @throws MeshError `invalid_input` for a text without words or with too many words.
   */
  async search(
    s: EngineSession,
    text: string,
    filters: SearchFilters,
    load: (ids: readonly string[]) => Promise<ProductDescriptor[]>,
  ): Promise<SearchHits> {
    const words = queryWords(text);
    if (text.trim() !== '' && words.length === 0) {
      throw new MeshError(
        'invalid_input',
        `search text ${JSON.stringify(text)} has no letters or digits; give a word, or an empty text with filters`,
      );
    }
    if (words.length > MAX_SEARCH_WORDS) {
      throw new MeshError(
        'invalid_input',
        `search text has ${words.length} words; use at most ${MAX_SEARCH_WORDS} and filters for the rest`,
      );
    }
    const index = await this.#index(s);
    const { products: ranked, facets } = index.search(
      words,
      phraseKey(text),
      filters,
      filters.limit ?? DEFAULT_SEARCH_LIMIT,
    );
    if (ranked.length === 0) return Object.assign([], { facets });
    const byId = new Map((await load(ranked.map((r) => r.productId))).map((d) => [d.id, d]));
    const hits: SearchHit[] = [];
    for (const r of ranked) {
      const d = byId.get(r.productId);
      if (!d) continue;
      hits.push({
        productId: d.id,
        score: r.score,
        matched: findMatches(d, words),
        name: d.name,
        domain: d.domain,
        owner: d.owner,
        status: d.status,
        qualityLevel: d.qualityLevel,
        description: d.description,
      });
    }
    return Object.assign(hits, { facets });
  }
}
