import { describe, expect, it } from 'vitest';
import { MeshError } from './errors.ts';
import { allowedTransitions, assertTransition, canTransition, PRODUCT_STATUSES } from './lifecycle.ts';

describe('lifecycle', () => {
  it('allows exactly draft→published/archived, published→deprecated, deprecated→published/archived', () => {
    const allowed = PRODUCT_STATUSES.flatMap((from) =>
      PRODUCT_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}>${to}`),
    );
    expect(allowed).toEqual([
      'draft>published',
      'draft>archived',
      'published>deprecated',
      'deprecated>published',
      'deprecated>archived',
    ]);
  });

  it('treats archived as final', () => {
    expect(allowedTransitions('archived')).toEqual([]);
    expect(() => assertTransition('sales.transactions', 'archived', 'published')).toThrow(
      /archived is final/,
    );
  });

  it('throws a conflict naming the allowed moves for a refused transition', () => {
    try {
      assertTransition('sales.transactions', 'published', 'archived');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MeshError);
      expect((error as MeshError).code).toBe('conflict');
      expect((error as MeshError).message).toContain('from published it may only become deprecated');
    }
  });
});
