/**
 * Rewrites each `$n` placeholder of a SQL text with `replace(n, before)` (`before`: the text rewritten so far),
 * skipping string literals, quoted identifiers, dollar-quoted bodies and comments, so that text inside them is never
 * touched.
 */
export function mapPlaceholders(sql: string, replace: (n: number, before: string) => string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] as string;
    const next = sql[i + 1];
    if (ch === "'" || ch === '"') {
      const end = closingQuote(sql, i, ch);
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '$') {
      const digits = /^\$(\d+)/.exec(sql.slice(i, i + 12));
      const tag = digits === null ? /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i)) : null;
      if (digits !== null && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? ' ')) {
        out += replace(Number(digits[1]), out);
        i += digits[0].length;
      } else if (tag !== null) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        const stop = end === -1 ? sql.length : end + tag[0].length;
        out += sql.slice(i, stop);
        i = stop;
      } else {
        out += ch;
        i += 1;
      }
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

/** The index just past the quote closing the literal or identifier that opens at `start` (a doubled quote escapes). */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i += 1;
  }
  return sql.length;
}
