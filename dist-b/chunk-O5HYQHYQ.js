// dist/core/csv-formula.js
var FORMULA_TRIGGERS = ['=', '+', '-', '@', '	', '\r'];
var FORMULA_ESCAPE = "'";
function isFormulaText(text) {
  return text.length > 0 && FORMULA_TRIGGERS.includes(text.charAt(0));
}
function escapeFormulaText(text) {
  return isFormulaText(text) ? `${FORMULA_ESCAPE}${text}` : text;
}

export { FORMULA_TRIGGERS, FORMULA_ESCAPE, escapeFormulaText };
