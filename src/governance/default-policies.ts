import type { PolicyDefinition } from './policy.ts';

const GLOBAL = { kind: 'global' } as const;
const DESCRIPTOR_EVENTS = ['publish', 'schedule'] as const;

/**
 * The global policies every store starts with (version 1, written by `system` when a store is first opened). Admins
 * may change them with `meshwork policy apply` (a new version); domains may add stricter ones but never loosen these.
 */
export const DEFAULT_POLICIES: readonly PolicyDefinition[] = [
  {
    id: 'owner-and-description',
    description: 'every product names its owner and says what it holds',
    severity: 'blocking',
    scope: GLOBAL,
    events: DESCRIPTOR_EVENTS,
    expression: "product.owner != '' && product.description != ''",
  },
  {
    id: 'fields-described',
    description: 'every field has a description',
    severity: 'warning',
    scope: GLOBAL,
    events: DESCRIPTOR_EVENTS,
    expression: "product.schema.fields.all(f, f.description != '')",
  },
  {
    id: 'pii-classified',
    description: 'every PII field carries a classification',
    severity: 'blocking',
    scope: GLOBAL,
    events: DESCRIPTOR_EVENTS,
    expression: "product.schema.fields.all(f, !f.pii || f.classification != '')",
  },
  {
    id: 'published-sla-and-quality',
    description: 'a published product promises an SLA and declares quality rules or quality-level targets',
    severity: 'warning',
    scope: GLOBAL,
    events: DESCRIPTOR_EVENTS,
    expression:
      "product.status != 'published' || (size(product.sla) > 0 && (size(product.schema.rules) > 0 || size(product.qualityLevels) > 0))",
  },
  {
    id: 'gold-quality-run',
    description: 'a gold product has a passing quality run',
    severity: 'blocking',
    scope: GLOBAL,
    events: DESCRIPTOR_EVENTS,
    expression: "product.qualityLevel != 'gold' || quality.lastVerdict == 'pass'",
  },
  {
    id: 'name-convention',
    description: 'the product id is domain.name in lowercase letters, digits and underscores',
    severity: 'blocking',
    scope: GLOBAL,
    events: DESCRIPTOR_EVENTS,
    expression:
      "product.id.matches('^[a-z][a-z0-9_]*[.][a-z][a-z0-9_]*$') && product.id.startsWith(product.domain + '.')",
  },
];
