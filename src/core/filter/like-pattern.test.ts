import { describe, expect, it } from 'vitest';
import {
  escapeLikePattern,
  findLikePatternProblem,
  LIKE_ESCAPE,
  likePatternToRegExp,
} from './like-pattern.ts';

describe('like patterns', () => {
  it('use the backslash as escape character', () => {
    expect(LIKE_ESCAPE).toBe('\\');
  });

  it('escape %, _ and the backslash so text matches itself', () => {
    expect(escapeLikePattern('50%_off\\now')).toBe('50\\%\\_off\\\\now');
    const re = likePatternToRegExp(`%${escapeLikePattern('50%_off\\')}%`, false);
    expect(re.test('get 50%_off\\ today')).toBe(true);
    expect(re.test('get 50xyoff\\ today')).toBe(false);
  });

  it('match % against any run of characters, including none and line breaks', () => {
    const re = likePatternToRegExp('a%z', false);
    expect(['az', 'abcz', 'a\nz'].map((s) => re.test(s))).toEqual([true, true, true]);
    expect(re.test('azx')).toBe(false);
  });

  it('match _ against exactly one character, even outside the basic plane', () => {
    const re = likePatternToRegExp('a_c', false);
    expect(['abc', 'a🦆c', 'ac', 'abbc'].map((s) => re.test(s))).toEqual([true, true, false, false]);
  });

  it('treat regular expression symbols as plain characters', () => {
    expect(likePatternToRegExp('a.b*(c)[d]{1}|$^+?/', false).test('a.b*(c)[d]{1}|$^+?/')).toBe(true);
    expect(likePatternToRegExp('a.b', false).test('axb')).toBe(false);
  });

  it('ignore case only when asked', () => {
    expect(likePatternToRegExp('joão%', true).test('JOÃO SILVA')).toBe(true);
    expect(likePatternToRegExp('joão%', false).test('JOÃO SILVA')).toBe(false);
  });

  it('accept well-formed escapes', () => {
    expect(findLikePatternProblem('100\\% \\_ \\\\')).toBeUndefined();
  });

  it('reject a backslash before an ordinary character or at the end', () => {
    expect(findLikePatternProblem('a\\b')).toBe(
      'a backslash may only escape %, _ or another backslash, but it is followed by "b"; write \\\\ for a literal backslash',
    );
    expect(findLikePatternProblem('abc\\')).toBe(
      'the pattern ends with a lone backslash; write \\\\ for a literal backslash',
    );
  });
});
