import { randomUUID } from 'node:crypto';
import type { ProductDescriptor } from '../../core/descriptor.ts';
import type { ProductStatus } from '../../core/lifecycle.ts';
import type { QualityLevel } from '../../core/quality-level.ts';
import type { Scalar } from '../../core/schema.ts';
import type { EngineSession } from '../../engine/engine.ts';
import { phraseKey, productTerms } from './search-terms.ts';

/**
 * The index layout and scoring version. Bump it when tokenizing or weights change: stores holding another version
 * are re-indexed when they are opened.
 */
export const SEARCH_INDEX_VERSION = '1';

/**
 * A new search generation: a random token (see SearchStore's bump). Stores written before it was random hold a
 * count instead; {@link isSearchGenerationToken} tells the two apart.
 */
export function newSearchGeneration(): string {
  return `g-${randomUUID()}`;
}

/** Tells whether a generation is a random token (unique to one catalog state) rather than an older count. */
export function isSearchGenerationToken(generation: string): boolean {
  return generation.startsWith('g-');
}

/** Rows per multi-row INSERT; keeps statements well under every engine's parameter limit. */
const INSERT_CHUNK = 200;
const DOC_COLUMNS =
  'product_id, name_key, short_key, domain, status, owner_key, quality_level, has_pii, tags, terms';

/** One product as the search index holds it: what filters look at, and its terms with their points. */
export interface SearchDoc {
  readonly productId: string;
  /** The product name, lowercased with single spaces. */
  readonly nameKey: string;
  /** The name part of the id (after the dot). */
  readonly shortKey: string;
  readonly domain: string;
  readonly status: ProductStatus;
  /** The owner, lowercased. */
  readonly ownerKey: string;
  readonly qualityLevel: QualityLevel;
  readonly hasPii: boolean;
  /** Tags, lowercased. */
  readonly tags: readonly string[];
  /**
   * Each distinct term with the points of its strongest place in the product, grouped by points:
   * `100=sales transactions;40=amount region`. Kept encoded: the inverted index reads it in one pass.
   */
  readonly terms: string;
}

/** Builds the index entry of a product from its descriptor. */
export function toSearchDoc(d: ProductDescriptor): SearchDoc {
  return {
    productId: d.id,
    nameKey: phraseKey(d.name),
    shortKey: d.id.slice(d.id.indexOf('.') + 1),
    domain: d.domain,
    status: d.status,
    // Tabs and line breaks separate packed entries (see load); phraseKey leaves single spaces only.
    ownerKey: phraseKey(d.owner),
    qualityLevel: d.qualityLevel,
    hasPii: d.schema.fields.some((f) => f.pii === true),
    tags: d.tags.map((t) => t.toLowerCase()),
    terms: encodeTerms(productTerms(d)),
  };
}

/** Encodes terms grouped by points, `100=sales transactions;40=amount`: terms hold no `=`, `;` or spaces. */
export function encodeTerms(terms: readonly { readonly term: string; readonly weight: number }[]): string {
  const groups = new Map<number, string[]>();
  for (const t of terms) {
    const list = groups.get(t.weight);
    if (list) list.push(t.term);
    else groups.set(t.weight, [t.term]);
  }
  return [...groups].map(([w, list]) => `${w}=${list.join(' ')}`).join(';');
}

/** Decodes {@link encodeTerms}' text. */
export function decodeTerms(text: string): { term: string; weight: number }[] {
  const out: { term: string; weight: number }[] = [];
  for (const group of text.split(';')) {
    const eq = group.indexOf('=');
    if (eq < 0) continue;
    const weight = Number(group.slice(0, eq));
    for (const term of group.slice(eq + 1).split(' ')) if (term !== '') out.push({ term, weight });
  }
  return out;
}

function toRow(doc: SearchDoc): Scalar[] {
  return [
    doc.productId,
    doc.nameKey,
    doc.shortKey,
    doc.domain,
    doc.status,
    doc.ownerKey,
    doc.qualityLevel,
    doc.hasPii,
    JSON.stringify(doc.tags),
    doc.terms,
  ];
}

/** The columns of one entry joined by tabs, so that all entries load as one text value (much faster than rows). */
const PACKED = `string_agg(product_id || chr(9) || name_key || chr(9) || short_key || chr(9) || domain || chr(9) ||
  status || chr(9) || owner_key || chr(9) || quality_level || chr(9) || CASE WHEN has_pii THEN 't' ELSE 'f' END ||
  chr(9) || tags || chr(9) || terms, chr(10))`;

function unpack(line: string): SearchDoc {
  const c = line.split('\t');
  return {
    productId: c[0] ?? '',
    nameKey: c[1] ?? '',
    shortKey: c[2] ?? '',
    domain: c[3] ?? '',
    status: (c[4] ?? 'draft') as ProductStatus,
    ownerKey: c[5] ?? '',
    qualityLevel: (c[6] ?? 'bronze') as QualityLevel,
    hasPii: c[7] === 't',
    tags: JSON.parse(c[8] ?? '[]') as string[],
    terms: c[9] ?? '',
  };
}

/**
 * Keeps the search index's rows in the store (`mw_search_docs`) and a generation number (`mw_meta`) that every
 * change bumps in the same transaction, so that any process can tell whether the index it holds is current.
 */
export class SearchStore {
  /** Writes (or replaces) the index entries of products and bumps the generation. */
  async put(s: EngineSession, descriptors: readonly ProductDescriptor[], replace = true): Promise<void> {
    if (descriptors.length === 0) return;
    if (replace) {
      const ids = descriptors.map((d) => d.id);
      await s.execute(
        `DELETE FROM mw_search_docs WHERE product_id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')})`,
        ids,
      );
    }
    const rows = descriptors.map((d) => toRow(toSearchDoc(d)));
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK);
      const width = 10;
      const values = chunk.map(
        (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`,
      );
      await s.execute(
        `INSERT INTO mw_search_docs (${DOC_COLUMNS}) VALUES ${values.join(', ')}`,
        chunk.flat(),
      );
    }
    await this.#bump(s);
  }

  async #bump(s: EngineSession): Promise<void> {
    // An UPDATE of one row (not a sequence) so that, on a shared database, generations become visible in order. The
    // new value is random, not a count: two copies of a store that changed differently never share a generation, so
    // an index snapshot written for one generation (search-snapshot.ts) can only ever match the entries it was
    // built from.
    const generation = newSearchGeneration();
    const n = await s.execute("UPDATE mw_meta SET value = $1 WHERE key = 'search_generation'", [generation]);
    if (n === 0)
      await s.execute("INSERT INTO mw_meta (key, value) VALUES ('search_generation', $1)", [generation]);
  }

  /** Replaces every entry with those of the given products and records the index version. */
  async rebuild(s: EngineSession, descriptors: readonly ProductDescriptor[]): Promise<void> {
    await s.execute('DELETE FROM mw_search_docs');
    await this.put(s, descriptors, false);
    // An empty catalog writes no entry, so put did not move the generation: move it here.
    if (descriptors.length === 0) await this.#bump(s);
    await s.execute(
      `INSERT INTO mw_meta (key, value) VALUES ('search_index_version', $1)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [SEARCH_INDEX_VERSION],
    );
  }

  /** Tells whether the stored entries were written by this version of the code. */
  async isCurrent(s: EngineSession): Promise<boolean> {
    const rows = await s.query("SELECT value FROM mw_meta WHERE key = 'search_index_version'");
    return rows[0]?.value === SEARCH_INDEX_VERSION;
  }

  /** The current generation: it changes whenever any entry changes. */
  async generation(s: EngineSession): Promise<string> {
    const rows = await s.query("SELECT value FROM mw_meta WHERE key = 'search_generation'");
    return String(rows[0]?.value ?? '0');
  }

  /** Reads every entry with the generation it belongs to (both in one statement, so they agree). */
  async load(s: EngineSession): Promise<{ generation: string; docs: SearchDoc[] }> {
    const rows = await s.query(
      `SELECT ${PACKED} AS docs, (SELECT value FROM mw_meta WHERE key = 'search_generation') AS generation
       FROM mw_search_docs`,
    );
    const row = rows[0];
    const packed = row?.docs;
    const docs = typeof packed === 'string' && packed !== '' ? packed.split('\n').map(unpack) : [];
    return { generation: String(row?.generation ?? '0'), docs };
  }
}
