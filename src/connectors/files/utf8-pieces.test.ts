import { StringDecoder } from 'node:string_decoder';
import { describe, expect, it } from 'vitest';
import { invalidOffsets, Utf8Pieces } from './utf8-pieces.ts';

/** Decodes `pieces` with {@link Utf8Pieces} and with Node's StringDecoder, for comparison. */
function both(pieces: Buffer[]): { ours: string; node: string } {
  const ours = new Utf8Pieces();
  const node = new StringDecoder('utf8');
  let a = '';
  let b = '';
  for (const p of pieces) {
    a += ours.write(p);
    b += node.write(p);
  }
  return { ours: a + ours.end(), node: b + node.end() };
}

describe('Utf8Pieces', () => {
  it('gives ASCII pieces back unchanged', () => {
    const { ours } = both([Buffer.from('{"a":1}\n'), Buffer.from('{"b":2}\n')]);
    expect(ours).toBe('{"a":1}\n{"b":2}\n');
  });

  it('joins a character split across pieces, also when the next piece is otherwise ASCII', () => {
    const bytes = Buffer.from('naïve 😀 text');
    for (let cut = 1; cut < bytes.length; cut++) {
      const { ours, node } = both([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(ours).toBe('naïve 😀 text');
      expect(ours).toBe(node);
    }
  });

  it('turns an incomplete character followed by ASCII, or at the very end, into U+FFFD as StringDecoder does', () => {
    const euro = Buffer.from('€');
    const cases = [
      [euro.subarray(0, 2), Buffer.from('abc')],
      [Buffer.from('abc'), euro.subarray(0, 1)],
      [euro.subarray(0, 1), Buffer.from('x'), euro.subarray(0, 2), Buffer.from('y')],
    ];
    for (const pieces of cases) {
      const { ours, node } = both(pieces);
      expect(ours).toBe(node);
      expect(ours).toContain('\ufffd');
    }
  });

  it('decodes random splits of mixed text exactly like StringDecoder', () => {
    const text = 'plain ascii, ünïcødé, 中文字符串, 😀😀, and "quotes"\n'.repeat(40);
    const bytes = Buffer.from(text);
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let round = 0; round < 50; round++) {
      const pieces: Buffer[] = [];
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + (next() % 40);
        pieces.push(bytes.subarray(at, at + size));
        at += size;
      }
      expect(both(pieces).ours).toBe(text);
    }
  });

  it('finds no invalid UTF-8 in valid text however it is split', () => {
    const bytes = Buffer.from('naïve 😀 中文 text\n'.repeat(5));
    for (let cut = 1; cut < bytes.length; cut += 3) {
      const pieces = new Utf8Pieces();
      pieces.write(bytes.subarray(0, cut));
      pieces.write(bytes.subarray(cut));
      pieces.end();
      expect(pieces.takeInvalid()).toEqual([]);
    }
  });

  it('gives the byte offset of each invalid sequence, across pieces and at the end', () => {
    const latin1 = Buffer.concat([Buffer.from('{"n":"caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]);
    const one = new Utf8Pieces();
    one.write(latin1);
    one.end();
    expect(one.takeInvalid()).toEqual([9]);
    // The lone lead byte of a three-byte character, split from its piece and followed by ASCII.
    const split = new Utf8Pieces();
    split.write(Buffer.from('ab€'.slice(0, 2)));
    split.write(Buffer.from([0xe2]));
    expect(split.takeInvalid()).toEqual([]);
    split.write(Buffer.from('x'));
    expect(split.takeInvalid()).toEqual([2]);
    split.write(Buffer.from([0xc3]));
    split.end();
    expect(split.takeInvalid()).toEqual([4]);
    // A character split over pieces stays valid; a bad byte after it is found in the later piece.
    const euro = Buffer.from('€');
    const joined = new Utf8Pieces();
    joined.write(Buffer.concat([Buffer.from('ü'), euro.subarray(0, 1)]));
    joined.write(Buffer.concat([euro.subarray(1), Buffer.from([0xff, 0x41])]));
    joined.end();
    expect(joined.takeInvalid()).toEqual([5]);
  });

  it('refuses overlong forms, surrogates and code points past U+10FFFF, as a WHATWG decoder does', () => {
    expect(invalidOffsets(Buffer.from([0xc0, 0x80, 0x41]))).toEqual([0, 1]);
    expect(invalidOffsets(Buffer.from([0x41, 0xed, 0xa0, 0x80]))).toEqual([1, 2, 3]);
    expect(invalidOffsets(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toEqual([0, 1, 2, 3]);
    expect(invalidOffsets(Buffer.from([0xe2, 0x82, 0x41]))).toEqual([0]);
    expect(invalidOffsets(Buffer.from('ok € 😀'))).toEqual([]);
    const decoded = new TextDecoder().decode(
      Buffer.from([0xc0, 0x80, 0x41, 0xed, 0xa0, 0x80, 0xe2, 0x82, 0x41]),
    );
    expect(decoded.split('\ufffd').length - 1).toBe(2 + 3 + 1);
  });

  it('does not look for invalid UTF-8 when told not to, and still decodes it to U+FFFD', () => {
    const pieces = new Utf8Pieces({ validate: false });
    const text = pieces.write(Buffer.from([0x61, 0xe9, 0x62])) + pieces.end();
    expect(text).toBe('a\ufffdb');
    expect(pieces.takeInvalid()).toEqual([]);
  });
});
