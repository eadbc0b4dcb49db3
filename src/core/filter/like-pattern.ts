/**
 * The escape character of `like` patterns: `\%` is a literal percent sign, `\_` a literal underscore and
 * `\\` a literal backslash. SQL engines compile a like condition as `x LIKE ? ESCAPE '\'`.
 */
export const LIKE_ESCAPE = '\\';

/** Escapes `%`, `_` and the backslash so that text matches itself literally inside a `like` pattern. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/**
 * Explains what is wrong with a `like` pattern, or returns undefined when it is well formed.
 * A backslash must be followed by `%`, `_` or another backslash, so that every engine reads it the same way.
 */
export function findLikePatternProblem(pattern: string): string | undefined {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== LIKE_ESCAPE) continue;
    const next = pattern[i + 1];
    if (next === undefined)
      return 'the pattern ends with a lone backslash; write \\\\ for a literal backslash';
    if (next !== '%' && next !== '_' && next !== LIKE_ESCAPE) {
      return `a backslash may only escape %, _ or another backslash, but it is followed by "${next}"; write \\\\ for a literal backslash`;
    }
    i++;
  }
  return undefined;
}

/** Converts a well-formed `like` pattern into an anchored regular expression with SQL's meaning of `%` and `_`. */
export function likePatternToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  let source = '';
  let escaped = false;
  // Iterate by code point: SQL's `_` matches one character, which is one code point in both engines.
  for (const ch of pattern) {
    if (escaped) {
      source += escapeRegExpChar(ch);
      escaped = false;
    } else if (ch === LIKE_ESCAPE) {
      escaped = true;
    } else if (ch === '%') {
      source += '.*';
    } else if (ch === '_') {
      source += '.';
    } else {
      source += escapeRegExpChar(ch);
    }
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'isu' : 'su');
}

function escapeRegExpChar(ch: string): string {
  // In `u` mode only syntax characters may be escaped.
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}
