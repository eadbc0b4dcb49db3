import { describe, expect, it } from 'vitest';
import { ContractViolationError } from '../core/errors.ts';
import { parsePolicies, safeParsePolicies } from './parse-policies.ts';

const good = {
  id: 'sales-fields-described',
  description: 'every field of a sales product is described',
  severity: 'blocking',
  scope: 'domain:sales',
  events: ['publish'],
  expression: "product.schema.fields.all(f, f.description != '')",
};

const issues = (input: unknown) => {
  const r = safeParsePolicies(input);
  if (r.ok) throw new Error('expected problems');
  return r.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('parsePolicies', () => {
  it('reads a document of policies, a list, or a single policy', () => {
    const expected = [{ ...good, scope: { kind: 'domain', domain: 'sales' } }];
    expect(parsePolicies({ policies: [good] })).toEqual(expected);
    expect(parsePolicies([good])).toEqual(expected);
    expect(parsePolicies(good)).toEqual(expected);
  });

  it('defaults to a blocking global policy of the publish and schedule events', () => {
    const [p] = parsePolicies({ id: 'x', description: 'd', expression: "product.owner != ''" });
    expect(p).toMatchObject({
      severity: 'blocking',
      scope: { kind: 'global' },
      events: ['publish', 'schedule'],
    });
  });

  it('accepts scope domain with a separate domain key', () => {
    const [p] = parsePolicies({ ...good, scope: 'domain', domain: 'customer' });
    expect(p?.scope).toEqual({ kind: 'domain', domain: 'customer' });
  });

  it('refuses keys that would switch another policy off', () => {
    expect(issues({ ...good, overrides: 'fields-described' })).toEqual([
      'overrides: overrides is not allowed: policies cannot switch other policies off; a domain may only add stricter policies',
    ]);
    expect(issues({ ...good, disable: true })[0]).toMatch(/disable is not allowed/);
  });

  it('lists every problem: unknown key, id, severity, scope, event and expression', () => {
    const found = issues({
      id: 'Bad Id',
      description: 'x',
      severity: 'fatal',
      scope: 'team:x',
      events: ['delete'],
      expression: "owner != ''",
      colour: 'red',
    });
    expect(found).toEqual([
      expect.stringMatching(/^colour: colour is not a policy key/),
      expect.stringMatching(/^id: policy id "Bad Id" must be lowercase/),
      expect.stringMatching(/^severity: severity must be one of blocking, warning/),
      expect.stringMatching(/^scope: scope "team:x" is not known/),
      expect.stringMatching(/^events: event "delete" is not known/),
      expect.stringMatching(/^expression: the CEL expression is invalid: Unknown variable: owner/),
    ]);
  });

  it('refuses duplicate ids, missing fields, an empty document and a global policy with a domain', () => {
    expect(issues([good, good])).toEqual([
      '1.id: policy sales-fields-described is defined twice in the document',
    ]);
    expect(issues({ id: 'x' })).toEqual([
      'description: description is required',
      'expression: expression is required',
    ]);
    expect(issues({ policies: [] })).toEqual(['policies: the document holds no policy']);
    expect(issues({ ...good, scope: 'global', domain: 'sales' })[0]).toMatch(/a global policy has no domain/);
  });

  it('throws a ContractViolationError listing the issues', () => {
    expect(() => parsePolicies({ id: 'x' })).toThrow(ContractViolationError);
  });
});
