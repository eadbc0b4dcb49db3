import type { ProductDescriptor } from '../../core/descriptor.ts';

/** Where in a product a search word can be found, from the strongest place to the weakest. */
export const SEARCH_PLACES = [
  'name',
  'field',
  'tag',
  'domain',
  'owner',
  'description',
  'field_description',
] as const;
/** A place in a product that search looks at. */
export type SearchPlace = (typeof SEARCH_PLACES)[number];

/**
 * Points for a query word found exactly in each place. A word that is only the start of a term earns
 * {@link PREFIX_SHARE} of that (rounded). Chosen so that one word ranks a name match above a name-prefix match above
 * a field-name match above a tag above the domain or owner above description text: 100 > 60 > 40 > 30 > 15 > 10.
 */
export const PLACE_WEIGHTS: Readonly<Record<SearchPlace, number>> = {
  name: 100,
  field: 40,
  tag: 30,
  domain: 15,
  owner: 15,
  description: 10,
  field_description: 8,
};

/** The share of a place's points a prefix match earns. */
export const PREFIX_SHARE = 0.6;

/** Points added when the whole query is the product's id, its name, or the name part of its id. */
export const EXACT_NAME_BONUS = 1000;
/** Points added when the product's id, name or name part of the id starts with the whole query. */
export const NAME_PREFIX_BONUS = 200;

/** Query words shorter than this match whole terms only, never as a prefix. */
export const MIN_PREFIX_LENGTH = 2;

/** Terms longer than this are not indexed (they are ids or hashes, not words anybody types). */
const MAX_TERM_LENGTH = 64;

/** Common English words left out of description text, so they neither bloat the index nor match everything. */
const STOP_WORDS = new Set(
  'a an and are as at be by for from has have in is it its of on or that the this to was were will with'.split(
    ' ',
  ),
);

/** Splits an identifier such as `customer_id`, `customerId` or `sales-team` into its lowercase parts. */
function identifierParts(word: string): string[] {
  return word
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((p) => p !== '');
}

/** Lowercases text and splits it into words (letters, digits and underscores). */
export function splitWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((w) => w !== '');
}

/** The terms an identifier-like text is found by: the whole (lowercased) word and each of its parts. */
function identifierTerms(text: string): string[] {
  const out = new Set<string>();
  for (const word of text.split(/[^\p{L}\p{N}_-]+/u).filter((w) => w !== '')) {
    const whole = word.toLowerCase();
    if (/^[\p{L}\p{N}_]+$/u.test(whole)) out.add(whole);
    for (const part of identifierParts(word)) out.add(part);
  }
  return [...out].filter((t) => t.length <= MAX_TERM_LENGTH);
}

/** The terms free text is found by: its words and their identifier parts, without stop words and single letters. */
function textTerms(text: string): string[] {
  const out = new Set<string>();
  for (const term of identifierTerms(text)) {
    if (term.length > 1 && !STOP_WORDS.has(term)) out.add(term);
  }
  return [...out];
}

/** One searchable place of a product: what a match there is shown as, and the text its terms come from. */
export interface ProductPlace {
  readonly place: SearchPlace;
  /** What a match here is shown as: the name, field name, tag, domain, owner, or the description. */
  readonly value: string;
  /** The text the place's terms are read from. */
  readonly text: string;
}

/** Lists every searchable place of a product; the index and the match report both read this. */
export function productPlaces(d: ProductDescriptor): ProductPlace[] {
  const shortName = d.id.slice(d.id.indexOf('.') + 1);
  const places: ProductPlace[] = [
    { place: 'name', value: d.name, text: `${shortName} ${d.name}` },
    { place: 'domain', value: d.domain, text: d.domain },
    { place: 'owner', value: d.owner, text: d.owner },
    { place: 'description', value: d.description, text: d.description },
  ];
  for (const tag of d.tags) places.push({ place: 'tag', value: tag, text: tag });
  for (const f of d.schema.fields) {
    places.push({ place: 'field', value: f.name, text: f.name });
    if (f.description) places.push({ place: 'field_description', value: f.name, text: f.description });
  }
  return places;
}

/** The terms a place is found by: identifiers whole and in parts; for free text, without stop words. */
export function placeTerms(p: ProductPlace): string[] {
  return p.place === 'description' || p.place === 'field_description'
    ? textTerms(p.text)
    : identifierTerms(p.text);
}

/** The index rows of a product: each distinct term with the points of its strongest place. */
export function productTerms(d: ProductDescriptor): { term: string; weight: number; prefixWeight: number }[] {
  const best = new Map<string, number>();
  for (const p of productPlaces(d)) {
    const w = PLACE_WEIGHTS[p.place];
    for (const t of placeTerms(p)) if ((best.get(t) ?? 0) < w) best.set(t, w);
  }
  return [...best].map(([term, weight]) => ({ term, weight, prefixWeight: prefixWeight(weight) }));
}

/** The points a prefix match earns in a place worth `weight` for an exact one. */
export function prefixWeight(weight: number): number {
  return Math.round(weight * PREFIX_SHARE);
}

/**
 * Splits a search text into the words every result must match. Stop words are dropped unless nothing else is
 * left; repeated words count once.
 */
export function queryWords(text: string): string[] {
  const words = [...new Set(splitWords(text).filter((w) => w.length <= MAX_TERM_LENGTH))];
  const meaningful = words.filter((w) => !STOP_WORDS.has(w));
  return meaningful.length > 0 ? meaningful : words;
}

/** Normalizes text for whole-query comparison with names: lowercase, single spaces, trimmed. */
export function phraseKey(text: string): string {
  return text.toLowerCase().trim().replace(/\s+/g, ' ');
}

/** Tells whether a query word matches a term: exactly, or as its start when the word is long enough. */
export function wordMatches(word: string, term: string): 'exact' | 'prefix' | undefined {
  if (term === word) return 'exact';
  if (word.length >= MIN_PREFIX_LENGTH && term.startsWith(word)) return 'prefix';
  return undefined;
}
