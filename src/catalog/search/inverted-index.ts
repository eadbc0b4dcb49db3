import type { SearchFacets, SearchFilters } from './search-query.ts';
import type { SearchDoc } from './search-store.ts';
import {
  EXACT_NAME_BONUS,
  MIN_PREFIX_LENGTH,
  NAME_PREFIX_BONUS,
  phraseKey,
  prefixWeight,
} from './search-terms.ts';

/** A product id with its score, before descriptors are read for the page. */
export interface ScoredProduct {
  readonly productId: string;
  readonly score: number;
}

/** Copies a full typed array into a bigger one. */
function grow<T extends Int32Array | Int16Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The built arrays of an {@link InvertedIndex}: what a snapshot stores, so that another process can use the index
 * without building it again (see `search-snapshot.ts`).
 */
export interface InvertedIndexParts {
  /** The products in id order; their `terms` may be empty, since only the built postings are searched. */
  readonly docs: readonly SearchDoc[];
  /** The distinct terms, sorted by UTF-16 code units. */
  readonly terms: readonly string[];
  /** Postings of term `t` are positions `start[t]` to `start[t + 1]` of `postDoc` and `postWeight`. */
  readonly start: Int32Array;
  readonly postDoc: Int32Array;
  readonly postWeight: Int16Array;
}

/** Builds the sorted terms and compact postings of the given entries. */
function buildParts(unsortedDocs: readonly SearchDoc[]): InvertedIndexParts {
  // Docs in id order, so that comparing positions breaks score ties by id.
  const docs = [...unsortedDocs].sort((a, b) => compare(a.productId, b.productId));
  // One pass over the encoded terms: give each distinct term an id and collect (term id, doc, points) triples.
  const ids = new Map<string, number>();
  const unsorted: string[] = [];
  let termOf = new Int32Array(1 << 16);
  let docOf = new Int32Array(1 << 16);
  let weightOf = new Int16Array(1 << 16);
  let total = 0;
  docs.forEach((d, doc) => {
    for (const group of d.terms.split(';')) {
      const eq = group.indexOf('=');
      if (eq < 0) continue;
      const weight = Number(group.slice(0, eq));
      for (const term of group.slice(eq + 1).split(' ')) {
        if (term === '') continue;
        let id = ids.get(term);
        if (id === undefined) {
          id = unsorted.length;
          ids.set(term, id);
          unsorted.push(term);
        }
        if (total === termOf.length) {
          termOf = grow(termOf, new Int32Array(total * 2));
          docOf = grow(docOf, new Int32Array(total * 2));
          weightOf = grow(weightOf, new Int16Array(total * 2));
        }
        termOf[total] = id;
        docOf[total] = doc;
        weightOf[total] = weight;
        total += 1;
      }
    }
  });
  // Sort the terms and lay the postings out term by term (a counting sort on the sorted positions).
  // The default sort compares UTF-16 code units, the same order `<` and `startsWith` runs rely on.
  const terms = [...unsorted].sort();
  const rank = new Int32Array(unsorted.length);
  terms.forEach((term, position) => {
    rank[ids.get(term) as number] = position;
  });
  const start = new Int32Array(terms.length + 1);
  for (let k = 0; k < total; k++) {
    const slot = (rank[termOf[k] as number] as number) + 1;
    start[slot] = (start[slot] as number) + 1;
  }
  for (let i = 1; i < start.length; i++) start[i] = (start[i] as number) + (start[i - 1] as number);
  const next = Int32Array.from(start);
  const postDoc = new Int32Array(total);
  const postWeight = new Int16Array(total);
  for (let k = 0; k < total; k++) {
    const term = rank[termOf[k] as number] as number;
    const at = next[term] as number;
    postDoc[at] = docOf[k] as number;
    postWeight[at] = weightOf[k] as number;
    next[term] = at + 1;
  }
  return { docs, terms, start, postDoc, postWeight };
}

/**
 * Checks that parts read back from outside fit together (every posting inside its arrays, every term sorted), so
 * that a damaged snapshot is refused rather than searched.
 * @throws Error naming the first inconsistency.
 */
function assertParts(p: InvertedIndexParts): void {
  const total = p.postDoc.length;
  if (p.postWeight.length !== total) throw new Error('postings and weights differ in length');
  if (p.start.length !== p.terms.length + 1 || p.start[0] !== 0 || p.start[p.terms.length] !== total)
    throw new Error('term starts do not match the postings');
  for (let t = 0; t < p.terms.length; t++) {
    if ((p.start[t] as number) > (p.start[t + 1] as number)) throw new Error('term starts are not in order');
    if (t > 0 && !((p.terms[t - 1] as string) < (p.terms[t] as string)))
      throw new Error('terms are not sorted');
  }
  const n = p.docs.length;
  for (let k = 0; k < total; k++) {
    const doc = p.postDoc[k] as number;
    if (doc < 0 || doc >= n) throw new Error('a posting names a product outside the index');
  }
  for (let i = 1; i < n; i++) {
    if (compare((p.docs[i - 1] as SearchDoc).productId, (p.docs[i] as SearchDoc).productId) >= 0)
      throw new Error('products are not in id order');
  }
}

/**
 * An in-memory inverted index over the catalog's search entries. The distinct terms are kept sorted, so that the
 * terms starting with a word form one run found by binary search; postings are stored compactly (typed arrays,
 * one slice per term) and scores are accumulated in typed arrays, one slot per product.
 */
export class InvertedIndex {
  readonly #docs: readonly SearchDoc[];
  readonly #terms: readonly string[];
  /** Postings of term `t` are positions `#start[t]` to `#start[t + 1]` of `#postDoc` and `#postWeight`. */
  readonly #start: Int32Array;
  readonly #postDoc: Int32Array;
  readonly #postWeight: Int16Array;

  /**
   * Builds the index of the given entries, or adopts parts built before (checked first).
   * @throws Error when adopted parts do not fit together.
   */
  constructor(source: readonly SearchDoc[] | InvertedIndexParts) {
    let parts: InvertedIndexParts;
    if ('postDoc' in source) {
      assertParts(source);
      parts = source;
    } else {
      parts = buildParts(source);
    }
    this.#docs = parts.docs;
    this.#terms = parts.terms;
    this.#start = parts.start;
    this.#postDoc = parts.postDoc;
    this.#postWeight = parts.postWeight;
  }

  /** The built arrays, to be written to a snapshot (shared, not copied: callers must not change them). */
  get parts(): InvertedIndexParts {
    return {
      docs: this.#docs,
      terms: this.#terms,
      start: this.#start,
      postDoc: this.#postDoc,
      postWeight: this.#postWeight,
    };
  }

  /** How many products the index holds. */
  get size(): number {
    return this.#docs.length;
  }

  /** The first position in the sorted terms that is not before `word`. */
  #lowerBound(word: string): number {
    let lo = 0;
    let hi = this.#terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#terms[mid] as string) < word) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Writes into `best` the points each product earns for one word: exact terms in full, terms it starts in part. */
  #wordScores(word: string, best: Int16Array): void {
    best.fill(0);
    const prefix = word.length >= MIN_PREFIX_LENGTH;
    for (let t = this.#lowerBound(word); t < this.#terms.length; t++) {
      const term = this.#terms[t] as string;
      const exact = term === word;
      if (!exact && !(prefix && term.startsWith(word))) break;
      const end = this.#start[t + 1] as number;
      for (let k = this.#start[t] as number; k < end; k++) {
        const w = this.#postWeight[k] as number;
        const points = exact ? w : prefixWeight(w);
        const doc = this.#postDoc[k] as number;
        if ((best[doc] as number) < points) best[doc] = points;
      }
    }
  }

  /**
   * Ranks the products matching every word (and the filters): the sum of each word's best points, plus a bonus
   * when the whole phrase is the product's id or name, or starts one of them. Ties go to the smaller id.
   */
  search(
    words: readonly string[],
    phrase: string,
    filters: SearchFilters,
    limit: number,
  ): { products: ScoredProduct[]; facets: SearchFacets } {
    const owner = filters.owner === undefined ? undefined : phraseKey(filters.owner);
    const tag = filters.tag?.toLowerCase();
    const passes = (d: SearchDoc): boolean =>
      (filters.status === undefined ? d.status !== 'archived' : d.status === filters.status) &&
      (filters.domain === undefined || d.domain === filters.domain) &&
      (filters.qualityLevel === undefined || d.qualityLevel === filters.qualityLevel) &&
      (owner === undefined || d.ownerKey === owner) &&
      (filters.pii === undefined || d.hasPii === filters.pii) &&
      (tag === undefined || d.tags.includes(tag));
    const found: { doc: number; score: number }[] = [];
    const n = this.#docs.length;
    if (words.length === 0) {
      for (let doc = 0; doc < n; doc++)
        if (passes(this.#docs[doc] as SearchDoc)) found.push({ doc, score: 0 });
    } else {
      const total = new Int32Array(n);
      const hits = new Uint8Array(n);
      const best = new Int16Array(n);
      for (const word of words) {
        this.#wordScores(word, best);
        for (let doc = 0; doc < n; doc++) {
          const points = best[doc] as number;
          if (points > 0) {
            total[doc] = (total[doc] as number) + points;
            hits[doc] = (hits[doc] as number) + 1;
          }
        }
      }
      for (let doc = 0; doc < n; doc++) {
        if (hits[doc] !== words.length) continue;
        const d = this.#docs[doc] as SearchDoc;
        if (!passes(d)) continue;
        let score = total[doc] as number;
        if (d.productId === phrase || d.nameKey === phrase || d.shortKey === phrase)
          score += EXACT_NAME_BONUS;
        else if (
          d.productId.startsWith(phrase) ||
          d.nameKey.startsWith(phrase) ||
          d.shortKey.startsWith(phrase)
        ) {
          score += NAME_PREFIX_BONUS;
        }
        found.push({ doc, score });
      }
    }
    found.sort((a, b) => b.score - a.score || a.doc - b.doc);
    const products = found
      .slice(0, limit)
      .map((f) => ({ productId: (this.#docs[f.doc] as SearchDoc).productId, score: f.score }));
    return { products, facets: facetsOf(found.map((f) => this.#docs[f.doc] as SearchDoc)) };
  }
}

/** Counts values, most frequent first (then by value), as a plain object. */
function counted(values: Iterable<string>): Record<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return Object.fromEntries(
    [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
  );
}

/** The facet counts of the products a search found. */
function facetsOf(docs: readonly SearchDoc[]): SearchFacets {
  const pii = docs.filter((d) => d.hasPii).length;
  return {
    domain: counted(docs.map((d) => d.domain)),
    status: counted(docs.map((d) => d.status)),
    tag: counted(docs.flatMap((d) => d.tags)),
    qualityLevel: counted(docs.map((d) => d.qualityLevel)),
    owner: counted(docs.map((d) => d.ownerKey)),
    pii: { yes: pii, no: docs.length - pii },
  };
}
