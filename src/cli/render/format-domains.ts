import type { DomainSummary } from '../../catalog/domain-registry.ts';
import { renderTable } from './table.ts';

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Renders domains as a table: owner team, product counts per status and description. */
export function formatDomains(domains: readonly DomainSummary[]): string {
  if (domains.length === 0) {
    return '(no domains yet: they appear with their first product, or with `meshwork domains set <name>`)\n';
  }
  return renderTable(
    domains.map((d) => ({
      domain: d.name,
      owner_team: d.ownerTeam ?? '-',
      products: d.products.total,
      draft: d.products.draft,
      published: d.products.published,
      deprecated: d.products.deprecated,
      archived: d.products.archived,
      description: d.description === null ? '-' : shorten(d.description, 60),
    })),
    ['domain', 'owner_team', 'products', 'draft', 'published', 'deprecated', 'archived', 'description'],
  );
}
