import { describe, expect, it } from 'vitest';
import { mapPlaceholders } from './postgres-placeholders.ts';

describe('mapPlaceholders', () => {
  const mark = (sql: string) => mapPlaceholders(sql, (n) => `<${n}>`);

  it('rewrites each $n placeholder, several digits included', () => {
    expect(mark('SELECT $1, $2 + $10 FROM t WHERE a = $3')).toBe(
      'SELECT <1>, <2> + <10> FROM t WHERE a = <3>',
    );
  });

  it('leaves $n alone inside literals, quoted identifiers, comments and dollar-quoted bodies', () => {
    expect(mark(`SELECT '$1', 'it''s $2', "col$3", $4 -- $5\nFROM t /* $6 */ WHERE b = $7`)).toBe(
      `SELECT '$1', 'it''s $2', "col$3", <4> -- $5\nFROM t /* $6 */ WHERE b = <7>`,
    );
    expect(mark('DO $mw$ BEGIN PERFORM $1; END $mw$; SELECT $$ $2 $$, $3')).toBe(
      'DO $mw$ BEGIN PERFORM $1; END $mw$; SELECT $$ $2 $$, <3>',
    );
  });

  it('does not take a $ inside a name for a placeholder', () => {
    expect(mark('SELECT a$1 FROM t WHERE x = $1')).toBe('SELECT a$1 FROM t WHERE x = <1>');
  });

  it('hands the replacement the text rewritten so far', () => {
    const seen: string[] = [];
    mapPlaceholders('SELECT CAST($1 AS TEXT), $2', (n, before) => {
      seen.push(before);
      return `$${n}`;
    });
    expect(seen).toEqual(['SELECT CAST(', 'SELECT CAST($1 AS TEXT), ']);
  });
});
