/** Splits a comma-separated query value into its trimmed, non-empty parts; undefined when none is given. */
export function commaList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return parts.length === 0 ? undefined : parts;
}
