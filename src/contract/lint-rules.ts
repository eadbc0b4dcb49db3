import { readPurpose } from './contract-to-spec.ts';
import { looksLikePii } from './pii-rule.ts';
import { asArray, asBoolean, asObject, asString, customProperty, type PlainObject } from './plain-data.ts';
import type { ProblemCollector } from './problem-collector.ts';

/** ODCS/ODPS statuses that mean the product is published to consumers. */
export const PUBLISHED_STATUSES = ['active', 'published', 'production', 'released'] as const;

/**
 * Lints an ODCS contract: a product description, a description on every property, a classification on properties
 * that look like personal data, an SLA when the contract is active, and examples in every schema object.
 */
export function lintContract(c: ProblemCollector, data: PlainObject): void {
  if (readPurpose(data.description) === undefined) {
    c.add(
      'lint_product_description_missing',
      data.description === undefined ? [] : ['description'],
      'the contract does not say what the data is for',
      'add description: { purpose: … } in a sentence or two',
    );
  }
  const status = asString(data.status)?.toLowerCase();
  if (
    status !== undefined &&
    (PUBLISHED_STATUSES as readonly string[]).includes(status) &&
    asArray(data.slaProperties).length === 0
  ) {
    c.add(
      'lint_sla_missing',
      ['status'],
      `the contract is ${status} but promises no SLA`,
      'add slaProperties, e.g. availability (percent) and freshness (min)',
    );
  }
  asArray(data.schema).forEach((rawObject, oi) => {
    const object = asObject(rawObject);
    const properties = asArray(object?.properties).map(asObject);
    const objectName = asString(object?.name) ?? `schema[${oi}]`;
    properties.forEach((prop, pi) => {
      const name = asString(prop?.name);
      if (prop === undefined || name === undefined) return;
      const at = ['schema', oi, 'properties', pi, 'name'];
      if (asString(prop.description) === undefined) {
        c.add(
          'lint_field_description_missing',
          at,
          `${objectName}.${name} has no description`,
          'add a description saying what the value means and its unit',
        );
      }
      const classified =
        asString(prop.classification) !== undefined || asBoolean(customProperty(prop, 'pii')) !== undefined;
      if (!classified && looksLikePii(name)) {
        c.add(
          'lint_pii_unclassified',
          at,
          `${objectName}.${name} looks like personal data but has no classification`,
          'add classification: restricted (personal data) or public, or a customProperties entry pii: true/false',
        );
      }
    });
    if (properties.length > 0 && properties.every((p) => asArray(p?.examples).length === 0)) {
      c.add(
        'lint_examples_missing',
        ['schema', oi, 'name'],
        `no property of ${objectName} has examples`,
        'add examples: [...] to the main properties',
      );
    }
  });
}

/** Lints an ODPS product: it should say what it is for. */
export function lintProduct(c: ProblemCollector, data: PlainObject): void {
  if (readPurpose(data.description) === undefined) {
    c.add(
      'lint_product_description_missing',
      data.description === undefined ? [] : ['description'],
      'the product does not say what it is for',
      'add description: { purpose: … }',
    );
  }
}
