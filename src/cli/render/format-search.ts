import {
  SEARCH_FACETS,
  type SearchFacets,
  type SearchHit,
  type SearchMatch,
} from '../../catalog/search/search-query.ts';
import { renderTable } from './table.ts';

const PLACE_LABELS: Readonly<Record<SearchMatch['place'], string>> = {
  name: 'name',
  field: 'field',
  tag: 'tag',
  domain: 'domain',
  owner: 'owner',
  description: 'description',
  field_description: 'field description',
};

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Says where a hit matched, strongest places first, e.g. `name transactions; field amount`. */
export function describeMatches(matched: readonly SearchMatch[], max = 3): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const m of matched) {
    const text =
      m.place === 'description'
        ? PLACE_LABELS[m.place]
        : m.place === 'field_description'
          ? `${PLACE_LABELS[m.place]} of ${m.value}`
          : `${PLACE_LABELS[m.place]} ${m.value}`;
    if (seen.has(text)) continue;
    seen.add(text);
    parts.push(text);
  }
  const more = parts.length > max ? ` (+${parts.length - max})` : '';
  return `${parts.slice(0, max).join('; ')}${more}`;
}

/** Renders search hits as a table, best first, with where each one matched. */
export function formatSearchHits(text: string, hits: readonly SearchHit[]): string {
  if (hits.length === 0) {
    return text.trim() === ''
      ? '(no products pass these filters)\n'
      : `(no products match "${text}"; try fewer or shorter words, or other filters)\n`;
  }
  return renderTable(
    hits.map((h) => ({
      product: h.productId,
      score: h.score,
      status: h.status,
      quality: h.qualityLevel,
      owner: h.owner,
      matched: text.trim() === '' ? '-' : describeMatches(h.matched),
      description: shorten(h.description, 50),
    })),
    ['product', 'score', 'status', 'quality', 'owner', 'matched', 'description'],
  );
}

const FACET_LABELS: Readonly<Record<(typeof SEARCH_FACETS)[number], string>> = {
  domain: 'domain',
  status: 'status',
  tag: 'tag',
  qualityLevel: 'quality',
  owner: 'owner',
  pii: 'PII',
};

/**
 * Renders the facet counts under the results, one line per facet with every value found, e.g.
 * `domain: sales 2, customer 1`; nothing when the search found nothing.
 */
export function formatSearchFacets(facets: SearchFacets): string {
  const total = Object.values(facets.status).reduce((a, b) => a + b, 0);
  if (total === 0) return '';
  const lines = SEARCH_FACETS.map((name) => {
    const counts = Object.entries(facets[name]).filter(([, n]) => n > 0);
    const text = counts.length === 0 ? '-' : counts.map(([v, n]) => `${v} ${n}`).join(', ');
    return `  ${FACET_LABELS[name]}: ${text}`;
  });
  return `\nfound ${total} product(s); by\n${lines.join('\n')}\n`;
}
