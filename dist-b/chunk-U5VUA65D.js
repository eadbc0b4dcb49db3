// dist/engine/sql/sql-dialect.js
function quoteAnsiIdent(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

export { quoteAnsiIdent };
