import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ProductSpec } from '../core/descriptor.ts';
import { parseProductSpec } from '../core/parse-product-spec.ts';
import { DEFAULT_POLICIES } from './default-policies.ts';
import { evaluatePolicy, evaluatePolicySet } from './evaluate-policies.ts';
import type { PolicySubject, QualityFacts } from './policy-input.ts';

const example = (name: string): ProductSpec =>
  parseProductSpec(
    parse(readFileSync(new URL(`../../examples/${name}/product.yaml`, import.meta.url), 'utf8')),
  );

const policy = (id: string) => {
  const p = DEFAULT_POLICIES.find((x) => x.id === id);
  if (!p) throw new Error(`no default policy ${id}`);
  return { ...p, version: 1 };
};

const subject = (product: PolicySubject['product'], quality?: QualityFacts): PolicySubject => ({
  product,
  event: 'publish',
  ...(quality ? { quality } : {}),
});

const sales = example('sales');
const customers = example('customers');
const passedRun: QualityFacts = {
  runs: 1,
  lastVerdict: 'pass',
  lastRunAt: '2025-10-08T12:00:00Z',
  lastLevel: 'gold',
};

describe('the default global policies', () => {
  it('all pass on the shipped sales and customer products, published', () => {
    for (const spec of [sales, customers]) {
      const evaluation = evaluatePolicySet(
        DEFAULT_POLICIES.map((p) => ({ ...p, version: 1 })),
        'publish',
        subject({ ...spec, status: 'published' }),
      );
      expect(evaluation.results.filter((r) => !r.passed)).toEqual([]);
      expect(evaluation.passed).toBe(true);
    }
  });

  it('owner-and-description fails without a description and names the path', () => {
    const r = evaluatePolicy(policy('owner-and-description'), subject({ ...sales, description: '' }));
    expect(r.passed).toBe(false);
    expect(r.severity).toBe('blocking');
    expect(r.violations.map((v) => v.path)).toEqual(['description']);
    expect(
      evaluatePolicy(policy('owner-and-description'), subject({ ...sales, owner: '' })).violations[0]?.path,
    ).toBe('owner');
  });

  it('fields-described fails for each field without a description, e.g. schema.fields[3].description', () => {
    const fields = sales.schema.fields.map((f, i) => (i === 3 || i === 5 ? { ...f, description: '' } : f));
    const r = evaluatePolicy(
      policy('fields-described'),
      subject({ ...sales, schema: { ...sales.schema, fields } }),
    );
    expect(r.passed).toBe(false);
    expect(r.severity).toBe('warning');
    expect(r.violations.map((v) => [v.path, v.element])).toEqual([
      ['schema.fields[3].description', 'amount'],
      ['schema.fields[5].description', 'product_category'],
    ]);
    expect(r.violations[0]?.message).toMatch(/every field has a description/);
  });

  it('pii-classified fails for a PII field without a classification', () => {
    const fields = customers.schema.fields.map((f) =>
      f.name === 'email' ? { ...f, classification: undefined } : f,
    );
    const spec = JSON.parse(
      JSON.stringify({ ...customers, schema: { ...customers.schema, fields } }),
    ) as ProductSpec;
    const r = evaluatePolicy(policy('pii-classified'), subject(spec));
    expect(r.passed).toBe(false);
    expect(r.violations.map((v) => v.path)).toContain('schema.fields[2].classification');
    expect(r.violations.every((v) => v.element === 'email')).toBe(true);
  });

  it('published-sla-and-quality fails for a published product without an SLA, and ignores drafts', () => {
    const bare = { ...sales, sla: {}, qualityLevels: undefined } as unknown as ProductSpec;
    const published = evaluatePolicy(
      policy('published-sla-and-quality'),
      subject({ ...bare, status: 'published' }),
    );
    expect(published.passed).toBe(false);
    expect(published.violations.map((v) => v.path)).toContain('sla');
    expect(
      evaluatePolicy(policy('published-sla-and-quality'), subject({ ...bare, status: 'draft' })).passed,
    ).toBe(true);
  });

  it('gold-quality-run fails for a gold product until its last quality run passed', () => {
    const gold = { ...sales, qualityLevel: 'gold' as const };
    const never = evaluatePolicy(policy('gold-quality-run'), subject(gold));
    expect(never.passed).toBe(false);
    expect(never.violations.map((v) => v.path)).toEqual(['qualityLevel', 'quality.lastVerdict']);
    expect(
      evaluatePolicy(policy('gold-quality-run'), subject(gold, { ...passedRun, lastVerdict: 'fail' })).passed,
    ).toBe(false);
    expect(evaluatePolicy(policy('gold-quality-run'), subject(gold, passedRun)).passed).toBe(true);
    expect(evaluatePolicy(policy('gold-quality-run'), subject(sales)).passed).toBe(true);
  });

  it('name-convention fails for an id outside its domain or not in lowercase', () => {
    expect(evaluatePolicy(policy('name-convention'), subject({ ...sales, id: 'Sales.Orders' })).passed).toBe(
      false,
    );
    const foreign = evaluatePolicy(policy('name-convention'), subject({ ...sales, id: 'customer.orders' }));
    expect(foreign.passed).toBe(false);
    expect(foreign.violations.map((v) => v.path)).toContain('id');
    expect(evaluatePolicy(policy('name-convention'), subject(sales)).passed).toBe(true);
  });

  it('fails closed on a policy whose expression no longer compiles', () => {
    const broken = { ...policy('fields-described'), expression: 'product.' };
    const r = evaluatePolicy(broken, subject(sales));
    expect(r.passed).toBe(false);
    expect(r.error).toMatch(/is invalid/);
  });

  it('fails on an expression that gives no boolean, naming the problem', () => {
    const r = evaluatePolicy({ ...policy('fields-described'), expression: 'product.tags' }, subject(sales));
    expect(r.passed).toBe(false);
    expect(r.error).toMatch(/not true or false/);
  });
});
