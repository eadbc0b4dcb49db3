import { StringDecoder } from 'node:string_decoder';
import { describe, expect, it } from 'vitest';
import { Utf8Pieces } from './utf8-pieces.ts';

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
});
