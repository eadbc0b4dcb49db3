// dist/contract/problem.js
var PROBLEM_CATALOG = {
  yaml_syntax: { severity: 'error', summary: 'The file is not well-formed YAML or JSON.' },
  unknown_document_kind: { severity: 'error', summary: 'The document is not ODCS, ODPS, DCS or DPDS.' },
  schema_type: { severity: 'error', summary: 'A value has the wrong type for the official schema.' },
  schema_required: { severity: 'error', summary: 'A key the official schema requires is missing.' },
  schema_enum: { severity: 'error', summary: 'A value is not one of those the official schema allows.' },
  schema_unknown_property: { severity: 'error', summary: 'A key the official schema does not define.' },
  schema_format: {
    severity: 'error',
    summary: 'A string is not a valid date, date-time, URI, e-mail, \u2026',
  },
  schema_pattern: { severity: 'error', summary: 'A string does not match the pattern the schema requires.' },
  schema_range: { severity: 'error', summary: 'A number, string or list is too small or too large.' },
  schema_one_of: { severity: 'error', summary: 'A value matches none (or several) of the shapes allowed.' },
  schema_invalid: { severity: 'error', summary: 'Any other official-schema violation.' },
  duplicate_field: { severity: 'error', summary: 'Two properties of one schema object share a name.' },
  primary_key_position_duplicate: {
    severity: 'error',
    summary: 'Two key properties share a primaryKeyPosition.',
  },
  primary_key_not_scalar: { severity: 'warning', summary: 'A primary key property is an object or array.' },
  relationship_unknown_field: {
    severity: 'error',
    summary: 'A relationship names a property that does not exist.',
  },
  index_unknown_field: {
    severity: 'error',
    summary: 'An index (customProperties `indexes`) names an unknown property.',
  },
  quality_unknown_field: {
    severity: 'error',
    summary: 'A quality rule refers to a property that does not exist.',
  },
  quality_invalid_rule: { severity: 'error', summary: 'A Meshwork rule is not a valid filter expression.' },
  quality_column_placeholder: {
    severity: 'error',
    summary: 'An object-level SQL check uses a {column} placeholder.',
  },
  quality_sql_unsafe: {
    severity: 'error',
    summary:
      "A SQL quality check the user-SQL guard refuses on the engine's parse tree: not one SELECT, reads more than the product table, or calls a function off the allow-list.",
  },
  derived_sql_unsafe: {
    severity: 'error',
    summary:
      "A derived product's SQL the user-SQL guard refuses on the engine's parse tree: not one SELECT, reads more than its inputs, or calls a function off the allow-list.",
  },
  sla_invalid_value: { severity: 'error', summary: 'An SLA percentage is not a number between 0 and 100.' },
  sla_unknown_unit: { severity: 'error', summary: 'A freshness/latency SLA has a missing or unknown unit.' },
  input_product_unknown: {
    severity: 'error',
    summary: 'An ODPS input port names a product the catalog does not know.',
  },
  owner_missing: {
    severity: 'meshwork',
    summary: 'No owner: set team.name (or a team member with role owner).',
  },
  domain_missing: { severity: 'meshwork', summary: 'No domain: set `domain`.' },
  version_not_semver: {
    severity: 'meshwork',
    summary: 'The version is not a semantic version such as 1.2.0.',
  },
  type_unmappable: {
    severity: 'meshwork',
    summary: 'Neither logicalType nor physicalType maps to a Meshwork type.',
  },
  field_name_invalid: {
    severity: 'meshwork',
    summary: 'A property name is not letters, digits and underscores.',
  },
  no_fields: {
    severity: 'meshwork',
    summary: "The schema object Meshwork maps to the product's table has no properties (or there is none).",
  },
  type_lossy: { severity: 'warning', summary: 'A time, object or array property is kept as a string.' },
  multiple_objects: { severity: 'warning', summary: 'Several schema objects: Meshwork maps only the first.' },
  sla_unknown_element: {
    severity: 'warning',
    summary: 'An SLA `element` names an unknown object or property.',
  },
  output_contract_missing: {
    severity: 'warning',
    summary: 'An ODPS output port names a contract not among the files.',
  },
  lint_product_description_missing: {
    severity: 'warning',
    summary: 'The product has no description (purpose).',
  },
  lint_field_description_missing: { severity: 'warning', summary: 'A property has no description.' },
  lint_pii_unclassified: {
    severity: 'warning',
    summary: 'A property looks like personal data but is not classified.',
  },
  lint_sla_missing: { severity: 'warning', summary: 'An active (published) product promises no SLA.' },
  lint_examples_missing: { severity: 'warning', summary: 'No property of a schema object has examples.' },
};
function hasErrors(problems) {
  return problems.some((p) => p.severity === 'error');
}
function sortProblems(problems) {
  return [...problems].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
}
function formatProblemsText(problems) {
  if (problems.length === 0) return 'no problems\n';
  const lines = sortProblems(problems).flatMap((p) => [
    `${p.file}:${p.line}:${p.column}  ${p.severity}  ${p.code}  ${p.message}`,
    `    hint: ${p.hint}`,
  ]);
  const errors = problems.filter((p) => p.severity === 'error').length;
  lines.push('', `${errors} error(s), ${problems.length - errors} warning(s)`);
  return `${lines.join('\n')}
`;
}

export { PROBLEM_CATALOG, hasErrors, sortProblems, formatProblemsText };
