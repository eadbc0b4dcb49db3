import { asBoolean, asObject, customProperty, stringList } from './plain-data.ts';

/** Classification values that mark a field as personal data (compared case-insensitively). */
export const PII_CLASSIFICATIONS = ['pii', 'personal', 'restricted', 'sensitive'] as const;

/** Tags that mark a field as personal data (compared case-insensitively). */
export const PII_TAGS = ['pii', 'personal', 'sensitive', 'gdpr'] as const;

/**
 * Tells whether an ODCS property (or Data Contract Specification field) holds personal data: an explicit
 * `pii` custom property (or `pii:` key) wins; otherwise a classification in {@link PII_CLASSIFICATIONS}
 * or a tag in {@link PII_TAGS} makes it PII.
 */
export function isPiiProperty(property: unknown): boolean {
  const obj = asObject(property);
  const explicit = asBoolean(customProperty(obj, 'pii')) ?? asBoolean(obj?.pii);
  if (explicit !== undefined) return explicit;
  return piiImpliedByLabels(obj?.classification, obj?.tags);
}

/** Tells whether a classification or the tags alone mark a field as PII. */
export function piiImpliedByLabels(classification: unknown, tags: unknown): boolean {
  if (
    typeof classification === 'string' &&
    (PII_CLASSIFICATIONS as readonly string[]).includes(classification.toLowerCase())
  ) {
    return true;
  }
  return stringList(tags).some((t) => (PII_TAGS as readonly string[]).includes(t.toLowerCase()));
}

const NAME_OWNERS = new Set([
  'first',
  'last',
  'full',
  'given',
  'family',
  'middle',
  'maiden',
  'nick',
  'display',
  'customer',
  'person',
  'user',
  'contact',
  'receiver',
  'employee',
  'member',
  'patient',
]);
const PII_WORDS = new Set([
  'email',
  'mail',
  'phone',
  'mobile',
  'telephone',
  'fax',
  'address',
  'street',
  'zip',
  'zipcode',
  'postcode',
  'postal',
  'ssn',
  'passport',
  'nationalid',
  'nationalidnumber',
  'birth',
  'birthday',
  'birthdate',
  'dob',
  'surname',
  'firstname',
  'lastname',
  'fullname',
]);

/** Splits `customerEmail`, `customer_email` or `Customer-Email` into lowercase words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * Tells whether a field name looks like personal data: e-mail, a person's name, phone, address, SSN, national id,
 * passport or birth date (`customer_email`, `first_name`, `dateOfBirth`, but not `product_name`).
 */
export function looksLikePii(name: string): boolean {
  const w = words(name);
  if (w.some((x) => PII_WORDS.has(x))) return true;
  if (w.includes('social') && w.includes('security')) return true;
  if (w.includes('national') && w.includes('id')) return true;
  const last = w[w.length - 1];
  const before = w[w.length - 2];
  return last === 'name' && (w.length === 1 || (before !== undefined && NAME_OWNERS.has(before)));
}
