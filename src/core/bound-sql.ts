/**
 * SQL a user wrote, with its placeholders replaced by text the platform chose (quoted table or column names), and
 * the way back from a position in the bound text to the position in what the user wrote, so that a refusal points
 * at the user's own text. Binding is plain text substitution: it makes no claim that the result is safe to run.
 */
export interface BoundSql {
  /** The SQL with every placeholder replaced. */
  readonly text: string;
  /** The SQL as the user wrote it. */
  readonly source: string;
  /** Maps a 0-based offset in `text` to the offset in `source` (a replaced span maps to its placeholder's start). */
  toSourcePosition(position: number): number;
}

interface Replacement {
  /** Start and end of the span in the bound text. */
  readonly start: number;
  readonly end: number;
  /** Start and end of the placeholder in the source. */
  readonly sourceStart: number;
  readonly sourceEnd: number;
}

/**
 * Replaces every match of `pattern` (a global regular expression) with what `replace` returns for it, keeping track
 * of positions.
 * @throws Error when `pattern` is not global (a bug in the caller).
 */
export function bindSql(
  source: string,
  pattern: RegExp,
  replace: (match: RegExpMatchArray) => string,
): BoundSql {
  if (!pattern.global) throw new Error('bindSql needs a global pattern');
  const replacements: Replacement[] = [];
  let text = '';
  let last = 0;
  for (const m of source.matchAll(pattern)) {
    const at = m.index ?? 0;
    text += source.slice(last, at);
    const value = replace(m);
    replacements.push({
      start: text.length,
      end: text.length + value.length,
      sourceStart: at,
      sourceEnd: at + m[0].length,
    });
    text += value;
    last = at + m[0].length;
  }
  text += source.slice(last);
  return {
    text,
    source,
    toSourcePosition(position: number): number {
      let shift = 0;
      for (const r of replacements) {
        if (position < r.start) break;
        if (position < r.end) return r.sourceStart;
        shift = r.sourceEnd - r.end;
      }
      return position + shift;
    },
  };
}

/**
 * Turns a 0-based offset in the UTF-8 bytes of `text` (as engines' parsers report positions) into an offset in its
 * UTF-16 code units (as strings index it, and as {@link BoundSql.toSourcePosition} takes it).
 */
export function toCharOffset(text: string, byteOffset: number): number {
  return Buffer.from(text, 'utf8').subarray(0, byteOffset).toString('utf8').length;
}

/** A span of a bound text to replace: `[start, end)` offsets in its `text`. */
export interface SqlSpan {
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

/**
 * Replaces spans (sorted, not overlapping) of a bound text, keeping the way back to the user's source.
 * @throws Error when spans overlap or fall outside the text (a bug in the caller).
 */
export function replaceSpans(bound: BoundSql, spans: readonly SqlSpan[]): BoundSql {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let text = '';
  let last = 0;
  const moves: { start: number; end: number; boundStart: number; boundEnd: number }[] = [];
  for (const span of sorted) {
    if (span.start < last || span.end > bound.text.length || span.end < span.start) {
      throw new Error('replaceSpans needs sorted spans inside the text that do not overlap');
    }
    text += bound.text.slice(last, span.start);
    moves.push({
      start: text.length,
      end: text.length + span.replacement.length,
      boundStart: span.start,
      boundEnd: span.end,
    });
    text += span.replacement;
    last = span.end;
  }
  text += bound.text.slice(last);
  return {
    text,
    source: bound.source,
    toSourcePosition(position: number): number {
      let shift = 0;
      for (const m of moves) {
        if (position < m.start) break;
        if (position < m.end) return bound.toSourcePosition(m.boundStart);
        shift = m.boundEnd - m.end;
      }
      return bound.toSourcePosition(position + shift);
    },
  };
}
