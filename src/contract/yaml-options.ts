/** Parse options for every contract document: YAML 1.2 core schema, so dates and times stay strings. */
export const YAML_OPTIONS = { version: '1.2', schema: 'core' } as const;
