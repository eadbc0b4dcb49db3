/**
 * First characters that make a spreadsheet read a CSV cell as a formula (OWASP "CSV injection"): `=`, `+`, `-`, `@`,
 * tab and carriage return.
 */
export const FORMULA_TRIGGERS: readonly string[] = ['=', '+', '-', '@', '\t', '\r'];

/** What a text cell that would start a formula is prefixed with, so that spreadsheets show it as text. */
export const FORMULA_ESCAPE = "'";

/** Tells whether a text cell would be read as a formula by a spreadsheet. */
export function isFormulaText(text: string): boolean {
  return text.length > 0 && FORMULA_TRIGGERS.includes(text.charAt(0));
}

/** Prefixes a text cell with `'` when a spreadsheet would read it as a formula; other text comes back unchanged. */
export function escapeFormulaText(text: string): string {
  return isFormulaText(text) ? `${FORMULA_ESCAPE}${text}` : text;
}
