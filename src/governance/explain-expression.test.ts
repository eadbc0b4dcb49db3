import { describe, expect, it } from 'vitest';
import { explainExpression } from './explain-expression.ts';
import { compileExpression, findExpressionProblem, type PolicyInput } from './policy-expression.ts';

const input = (product: Record<string, unknown>, more: Partial<PolicyInput> = {}): PolicyInput => ({
  product,
  contract: {},
  request: { sunset: '' },
  quality: { runs: 0n, lastVerdict: '' },
  grants: { active: 0n },
  ...more,
});

const fields = [
  { name: 'id', description: 'key', pii: false, classification: '' },
  { name: 'email', description: '', pii: true, classification: '' },
  { name: 'name', description: 'full name', pii: true, classification: 'restricted' },
  { name: 'phone', description: '', pii: true, classification: '' },
];

const explain = (expression: string, product: Record<string, unknown>, more: Partial<PolicyInput> = {}) =>
  explainExpression(compileExpression(expression), input(product, more));

describe('explainExpression', () => {
  it('names every failing element of an all() with its path and name', () => {
    const e = explain("product.schema.fields.all(f, f.description != '')", { schema: { fields } });
    expect(e.value).toBe(false);
    expect(e.offenders.map((o) => [o.path, o.element])).toEqual([
      ['schema.fields[1].description', 'email'],
      ['schema.fields[3].description', 'phone'],
    ]);
  });

  it('follows && into the part that failed and || into both parts', () => {
    const and = explain("product.owner != '' && product.description != ''", {
      owner: 'team',
      description: '',
    });
    expect(and.offenders.map((o) => o.path)).toEqual(['description']);
    const or = explain("product.qualityLevel != 'gold' || quality.lastVerdict == 'pass'", {
      qualityLevel: 'gold',
    });
    expect(or.offenders.map((o) => o.path)).toEqual(['qualityLevel', 'quality.lastVerdict']);
  });

  it('reports only the offending part of an implication inside all()', () => {
    const e = explain("product.schema.fields.all(f, !f.pii || f.classification != '')", {
      schema: { fields },
    });
    expect(e.offenders.map((o) => o.path)).toEqual([
      'schema.fields[1].pii',
      'schema.fields[1].classification',
      'schema.fields[3].pii',
      'schema.fields[3].classification',
    ]);
    expect(e.offenders[0]).toMatchObject({ expression: 'f.pii', wanted: false, element: 'email' });
  });

  it('says what a negation needed to be false', () => {
    const e = explain("!(product.status == 'archived')", { status: 'archived' });
    expect(e.offenders).toEqual([
      { path: 'status', expression: 'product.status == "archived"', wanted: false },
    ]);
  });

  it('follows only the branch a ternary took', () => {
    const e = explain("product.status == 'published' ? size(product.sla) > 0 : true", {
      status: 'published',
      sla: {},
    });
    expect(e.offenders.map((o) => o.path)).toEqual(['sla']);
  });

  it('names the list when exists() finds nothing', () => {
    const e = explain("product.tags.exists(t, t == 'pii')", { tags: ['sales'] });
    expect(e.offenders.map((o) => o.path)).toEqual(['tags']);
  });

  it('reports an evaluation error with the path it could not read', () => {
    const e = explain("product.owner != ''", {});
    expect(e.value).toBeUndefined();
    expect(e.error).toMatch(/No such key: owner/);
    expect(e.offenders[0]).toMatchObject({ path: 'owner', error: expect.stringMatching(/No such key/) });
  });

  it('keeps a trace of every step with the values each leaf read', () => {
    const e = explain("product.owner != '' && product.description != ''", { owner: 'team', description: '' });
    expect(e.trace).toMatchObject({
      value: false,
      children: [
        { expression: 'product.owner != ""', value: true, reads: { owner: 'team' } },
        { expression: 'product.description != ""', value: false, reads: { description: '' } },
      ],
    });
  });

  it('gives no offenders for a true expression', () => {
    expect(explain("product.owner != ''", { owner: 'x' }).offenders).toEqual([]);
  });

  it('refuses expressions that do not parse, use unknown variables or are not boolean', () => {
    expect(findExpressionProblem('product.owner !=')).toMatch(/Unexpected token/);
    expect(findExpressionProblem("owner != ''")).toMatch(/Unknown variable: owner/);
    expect(findExpressionProblem("1 + 'a'")).toMatch(/no such overload/);
    expect(findExpressionProblem('1 + 2')).toMatch(/gives int, not bool/);
    expect(findExpressionProblem('  ')).toBe('the expression is empty');
    expect(() => compileExpression('product.')).toThrow(/policy expression "product\." is invalid/);
  });
});
