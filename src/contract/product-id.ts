import { PRODUCT_ID_PATTERN } from '../core/descriptor.ts';

/** The domain a product gets when its documents name none. */
export const DEFAULT_DOMAIN = 'default';

/**
 * Turns a free name into an id part: lowercase, every run of characters other than letters and digits becomes
 * one `_`, no leading or trailing `_`, and a leading digit gets a `p_` prefix (`Customer Data Product` →
 * `customer_data_product`, `2024 sales` → `p_2024_sales`).
 */
export function toIdPart(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (slug === '') return 'unnamed';
  return /^[0-9]/.test(slug) ? `p_${slug}` : slug;
}

/**
 * Decides a product id from what the documents say: the first candidate id already in `domain.name` form wins
 * (when its domain part agrees with the declared domain), otherwise `toIdPart(domain).toIdPart(name)`.
 */
export function deriveProductId(
  candidates: readonly (string | undefined)[],
  domain: string | undefined,
  name: string,
): { id: string; domain: string } {
  const domainPart = domain === undefined ? undefined : toIdPart(domain);
  for (const candidate of candidates) {
    if (candidate === undefined || !PRODUCT_ID_PATTERN.test(candidate)) continue;
    const idDomain = candidate.slice(0, candidate.indexOf('.'));
    if (domainPart === undefined || idDomain === domainPart) return { id: candidate, domain: idDomain };
  }
  const d = domainPart ?? DEFAULT_DOMAIN;
  return { id: `${d}.${toIdPart(name)}`, domain: d };
}
