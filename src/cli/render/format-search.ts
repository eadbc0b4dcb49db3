import type { SearchHit, SearchMatch } from '../../catalog/search/search-query.ts';
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
