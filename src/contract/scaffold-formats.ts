/** The document styles `init` can write. */
export const SCAFFOLD_FORMATS = ['odcs', 'meshwork'] as const;
/** A scaffold document style: ODPS + ODCS, or Meshwork's compact YAML. */
export type ScaffoldFormat = (typeof SCAFFOLD_FORMATS)[number];
