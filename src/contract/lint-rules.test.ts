import { describe, expect, it } from 'vitest';
import { looksLikePii } from './pii-rule.ts';
import { specToContract } from './spec-to-contract.ts';
import { salesSpec } from './testdata/sample-specs.ts';
import { lintDocuments, validateDocuments } from './validate-documents.ts';

const contract = (body: string): string =>
  `apiVersion: v3.1.0\nkind: DataContract\nid: sales.orders\nversion: 1.0.0\ndomain: sales\n${body}`;

function codes(text: string): [string, number, string][] {
  return lintDocuments([{ path: 'c.yaml', text }]).problems.map((p) => [p.code, p.line, p.severity]);
}

describe('linting documents', () => {
  it('finds nothing to say about a complete contract', () => {
    expect(
      lintDocuments([
        { path: 'c.yaml', text: specToContract(salesSpec(), undefined, { status: 'active' }).text },
      ]).problems,
    ).toEqual([]);
  });

  it('asks for a product description', () => {
    expect(codes(contract('status: draft\n'))).toEqual([['lint_product_description_missing', 1, 'warning']]);
    const product =
      'apiVersion: v1.0.0\nkind: DataProduct\nid: p\nstatus: draft\ndescription:\n  limitations: none\n';
    expect(codes(product)).toEqual([['lint_product_description_missing', 6, 'warning']]);
  });

  it('asks for an SLA once the contract is active', () => {
    const body = 'status: active\ndescription:\n  purpose: Orders.\n';
    expect(codes(contract(body))).toEqual([['lint_sla_missing', 6, 'warning']]);
    expect(codes(contract(body.replace('active', 'draft')))).toEqual([]);
  });

  it('asks for field descriptions, PII classification and examples', () => {
    const body =
      'status: draft\ndescription:\n  purpose: Orders.\nschema:\n  - name: orders\n    properties:\n      - name: customer_email\n        logicalType: string\n      - name: product_name\n        logicalType: string\n        description: Name of the product.\n      - name: birth_date\n        logicalType: date\n        description: Day of birth.\n        classification: restricted\n';
    expect(codes(contract(body))).toEqual([
      ['lint_examples_missing', 10, 'warning'],
      ['lint_field_description_missing', 12, 'warning'],
      ['lint_pii_unclassified', 12, 'warning'],
    ]);
  });

  it('accepts an explicit pii custom property as a classification', () => {
    const body =
      'status: draft\ndescription:\n  purpose: Orders.\nschema:\n  - name: orders\n    properties:\n      - name: phone\n        logicalType: string\n        description: Phone.\n        examples: ["+33 1 23 45 67 89"]\n        customProperties:\n          - property: pii\n            value: true\n';
    expect(codes(contract(body))).toEqual([]);
  });

  it('runs as part of validation when asked to', () => {
    const text = contract('status: draft\n');
    expect(
      validateDocuments([{ path: 'c.yaml', text }]).problems.some((p) => p.code.startsWith('lint_')),
    ).toBe(false);
    expect(
      validateDocuments([{ path: 'c.yaml', text }], { lint: true }).problems.some((p) =>
        p.code.startsWith('lint_'),
      ),
    ).toBe(true);
  });

  it('reports a syntax error instead of linting a broken file', () => {
    expect(codes('a: [1\n')).toEqual([['yaml_syntax', 2, 'error']]);
  });
});

describe('recognising personal data by field name', () => {
  it.each([
    'email',
    'customer_email',
    'eMail',
    'phone_number',
    'mobile',
    'street_address',
    'zip',
    'ssn',
    'dateOfBirth',
    'dob',
  ])('takes %s for personal data', (name) => {
    expect(looksLikePii(name)).toBe(true);
  });

  it.each(['name', 'first_name', 'lastName', 'customer_name', 'surname', 'nationalidnumber', 'national_id'])(
    'takes the person field %s for personal data',
    (name) => {
      expect(looksLikePii(name)).toBe(true);
    },
  );

  it.each(['product_name', 'table_name', 'amount', 'region', 'category'])(
    'does not take %s for personal data',
    (name) => {
      expect(looksLikePii(name)).toBe(false);
    },
  );
});
