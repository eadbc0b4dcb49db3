/** How a change affects consumers and producers of a product. */
export const CHANGE_KINDS = ['breaking', 'non_breaking', 'info'] as const;

/** A change's kind. */
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Every change code with its kind; docs/contracts.md explains the rules behind each. */
export const CHANGE_CATALOG = {
  product_id_changed: 'breaking',
  object_removed: 'breaking',
  field_removed: 'breaking',
  field_renamed: 'breaking',
  field_added_required: 'breaking',
  field_made_required: 'breaking',
  field_type_narrowed: 'breaking',
  field_type_changed: 'breaking',
  primary_key_changed: 'breaking',
  allowed_values_reduced: 'breaking',
  constraint_tightened: 'breaking',
  rule_added: 'breaking',
  rule_changed: 'breaking',
  sla_weakened: 'breaking',
  quality_loosened: 'breaking',
  quality_changed: 'breaking',
  quality_check_removed: 'breaking',
  server_removed: 'breaking',
  server_changed: 'breaking',
  pii_added: 'breaking',
  classification_tightened: 'breaking',
  object_added: 'non_breaking',
  field_added: 'non_breaking',
  field_made_optional: 'non_breaking',
  field_type_widened: 'non_breaking',
  allowed_values_extended: 'non_breaking',
  constraint_loosened: 'non_breaking',
  rule_removed: 'non_breaking',
  sla_strengthened: 'non_breaking',
  quality_tightened: 'non_breaking',
  quality_check_added: 'non_breaking',
  server_added: 'non_breaking',
  description_changed: 'non_breaking',
  classification_changed: 'non_breaking',
  pii_removed: 'non_breaking',
  masking_changed: 'non_breaking',
  name_changed: 'info',
  owner_changed: 'info',
  tags_changed: 'info',
  quality_level_changed: 'info',
  upstream_changed: 'info',
  indexes_changed: 'info',
  examples_changed: 'info',
} as const satisfies Record<string, ChangeKind>;

/** A stable change code. */
export type ChangeCode = keyof typeof CHANGE_CATALOG;

/** One difference between two versions of a contract. */
export interface ContractChange {
  readonly kind: ChangeKind;
  readonly code: ChangeCode;
  /**
   * Where, e.g. `schema.fields.amount.type` (specs), `schema.orders.customer.address.zip.type` (ODCS contracts:
   * object, then property names), `sla.availability`, `servers.production`.
   */
  readonly path: string;
  readonly message: string;
}

/** The differences between two versions of a contract. */
export interface ContractDiff {
  readonly changes: readonly ContractChange[];
  /** Whether any change is breaking. */
  readonly breaking: boolean;
  readonly counts: Readonly<Record<ChangeKind, number>>;
}

/** Builds a change with the kind its code has in {@link CHANGE_CATALOG}. */
export function change(code: ChangeCode, path: string, message: string): ContractChange {
  return { kind: CHANGE_CATALOG[code], code, path, message };
}

/** Wraps a list of changes with its summary. */
export function toContractDiff(changes: readonly ContractChange[]): ContractDiff {
  const counts = { breaking: 0, non_breaking: 0, info: 0 };
  for (const c of changes) counts[c.kind]++;
  return { changes, breaking: counts.breaking > 0, counts };
}
