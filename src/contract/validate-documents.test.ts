import { describe, expect, it } from 'vitest';
import { officialSchemaValidator } from './official-schemas.ts';
import { hasErrors, PROBLEM_CATALOG, type Problem } from './problem.ts';
import { officialExample, officialExamples } from './testdata/official-examples.ts';
import { validateDocuments } from './validate-documents.ts';

const HEAD = 'apiVersion: v3.1.0\nkind: DataContract\nid: sales.orders\nversion: 1.0.0\nstatus: draft\n';
const OWNED = `${HEAD}domain: sales\nteam:\n  name: sales-team\n`;

function problems(text: string, options: Parameters<typeof validateDocuments>[1] = {}): Problem[] {
  return [...validateDocuments([{ path: 'c.yaml', text }], options).problems];
}

function find(list: readonly Problem[], code: string): Problem {
  const p = list.find((x) => x.code === code);
  if (p === undefined) throw new Error(`no ${code} among ${list.map((x) => x.code).join(', ')}`);
  return p;
}

describe('validating documents', () => {
  const official = [
    ...officialExamples('odcs', ['.yaml']),
    ...officialExamples('odps', ['.yaml']),
    ...officialExamples('dcs', ['.yaml']),
    ...officialExamples('dpds', ['data-product-descriptor.json']),
  ];

  it.each(official.map((e) => [e.name, e.text]))(
    'finds no error in the official example %s',
    (name, text) => {
      const { problems: found } = validateDocuments([{ path: name, text }]);
      expect(found.filter((p) => p.severity === 'error')).toEqual([]);
    },
  );

  it('reports the outdated minimal DPDS example, which lacks info.name, at its info block', () => {
    const found = validateDocuments([
      { path: 'minimal.dpd.json', text: officialExample('dpds/minimal.dpd.json') },
    ]).problems;
    expect(found.filter((p) => p.severity === 'error')).toEqual([
      expect.objectContaining({
        code: 'schema_required',
        line: 3,
        column: 13,
        path: 'info',
        hint: 'add "name: …" to info',
      }),
    ]);
  });

  it('compiles each official schema once per process', () => {
    expect(officialSchemaValidator('odcs')).toBe(officialSchemaValidator('odcs'));
    expect(officialSchemaValidator('odps')).toBe(officialSchemaValidator('odps'));
  });

  it('places a value of the wrong type at its line and column', () => {
    const found = problems(`${HEAD}tags:\n  - 42\n`);
    expect(find(found, 'schema_type')).toMatchObject({
      file: 'c.yaml',
      line: 7,
      column: 5,
      severity: 'error',
      path: 'tags[0]',
      message: 'tags[0] must be a string, got 42',
      hint: 'write a string here',
    });
  });

  it('suggests the allowed value closest to a misspelt one', () => {
    const text = `${OWNED}schema:\n  - name: orders\n    properties:\n      - name: id\n        logicalType: strin\n`;
    expect(find(problems(text), 'schema_enum')).toMatchObject({
      line: 13,
      column: 22,
      path: 'schema[0].properties[0].logicalType',
      hint: expect.stringContaining('(did you mean "string"?)'),
    });
  });

  it('points an unknown key at the key itself and proposes the right name', () => {
    const text = `${HEAD}team:\n  name: t\n  membres: []\n`;
    const p = find(problems(text), 'schema_unknown_property');
    expect(p).toMatchObject({ line: 8, column: 3, path: 'team.membres', hint: 'rename it to "members"' });
    expect(problems(text).filter((x) => x.severity === 'error')).toHaveLength(1);
  });

  it('reports a missing required key on the mapping that lacks it', () => {
    const found = problems('apiVersion: v3.1.0\nkind: DataContract\nversion: 1.0.0\nstatus: draft\n');
    expect(find(found, 'schema_required')).toMatchObject({
      line: 1,
      column: 1,
      message: 'the document is missing the required key "id"',
    });
  });

  it('collapses a quality check without an operator into one problem naming the alternatives', () => {
    const text = `${OWNED}schema:\n  - name: orders\n    properties:\n      - name: id\n        logicalType: string\n        quality:\n          - metric: nullValues\n`;
    const errors = problems(text).filter((p) => p.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'schema_one_of',
      line: 15,
      column: 13,
      message: expect.stringContaining('mustBe, mustNotBe'),
    });
  });

  it('reports two operators on one quality check as one problem', () => {
    const text = `${OWNED}schema:\n  - name: orders\n    properties:\n      - name: n\n        logicalType: integer\n        quality:\n          - metric: rowCount\n            mustBe: 1\n            mustBeLessThan: 3\n`;
    const errors = problems(text).filter((p) => p.severity === 'error');
    expect(errors.map((p) => p.code)).toEqual(['schema_one_of']);
  });

  it('checks formats such as date-time', () => {
    expect(find(problems(`${OWNED}contractCreatedTs: yesterday\n`), 'schema_format')).toMatchObject({
      line: 9,
      column: 20,
      hint: 'write a valid date-time, e.g. 2024-05-31T12:00:00Z',
    });
  });

  it('turns YAML syntax errors into problems with line and column', () => {
    const found = problems(`${HEAD}tags: [a, b\nowner: x\n`);
    expect(found).toEqual([
      expect.objectContaining({ code: 'yaml_syntax', severity: 'error', line: 7, column: 1 }),
    ]);
  });

  it('refuses a document of unknown kind', () => {
    expect(problems('name: something\n')).toEqual([
      expect.objectContaining({ code: 'unknown_document_kind', line: 1, column: 1, severity: 'error' }),
    ]);
  });

  it('warns about a missing owner, domain and semantic version, and fails on them in strict mode', () => {
    const text = 'apiVersion: v3.1.0\nkind: DataContract\nid: x\nversion: v1.0.0\nstatus: draft\n';
    const loose = problems(text);
    expect(loose.map((p) => [p.code, p.severity])).toEqual([
      ['domain_missing', 'warning'],
      ['no_fields', 'warning'],
      ['owner_missing', 'warning'],
      ['version_not_semver', 'warning'],
    ]);
    expect(find(loose, 'version_not_semver')).toMatchObject({ line: 4, column: 10, hint: 'write 1.0.0' });
    expect(hasErrors(problems(text, { strict: true }))).toBe(true);
  });

  describe('semantic rules', () => {
    const object = (props: string, extra = ''): string =>
      `${OWNED}schema:\n  - name: orders\n${extra}    properties:\n${props}`;

    it('finds a property declared twice', () => {
      const text = object(
        '      - name: id\n        logicalType: string\n      - name: id\n        logicalType: string\n',
      );
      expect(find(problems(text), 'duplicate_field')).toMatchObject({
        line: 14,
        column: 15,
        severity: 'error',
      });
    });

    it('finds two key properties with the same primaryKeyPosition', () => {
      const text = object(
        '      - name: a\n        logicalType: string\n        primaryKey: true\n        primaryKeyPosition: 1\n      - name: b\n        logicalType: string\n        primaryKey: true\n        primaryKeyPosition: 1\n',
      );
      expect(find(problems(text), 'primary_key_position_duplicate')).toMatchObject({
        line: 19,
        column: 29,
        severity: 'error',
      });
    });

    it('warns about a key on an object property', () => {
      const text = object('      - name: a\n        logicalType: object\n        primaryKey: true\n');
      expect(find(problems(text), 'primary_key_not_scalar').severity).toBe('warning');
    });

    it('finds relationships to properties that do not exist and accepts references outside the contract', () => {
      const text = object(
        '      - name: customer_id\n        logicalType: string\n        relationships:\n          - to: orders.nope\n          - to: customers.id\n',
      );
      const found = problems(text).filter((p) => p.code === 'relationship_unknown_field');
      expect(found).toEqual([
        expect.objectContaining({
          line: 15,
          column: 17,
          message: expect.stringContaining('orders has no property nope'),
        }),
      ]);
    });

    it('finds index fields that are not properties', () => {
      const text = object(
        '      - name: id\n        logicalType: string\n',
        '    customProperties:\n      - property: indexes\n        value: [[id], [nope]]\n',
      );
      expect(find(problems(text), 'index_unknown_field')).toMatchObject({
        severity: 'error',
        message: expect.stringContaining('nope'),
      });
    });

    it('finds quality rules that refer to unknown fields or do not parse', () => {
      const extra =
        '    quality:\n      - type: custom\n        engine: meshwork\n        name: r1\n        implementation: amount > 0\n      - type: custom\n        engine: meshwork\n        name: r2\n        implementation: "id >"\n      - metric: duplicateValues\n        mustBe: 0\n        arguments:\n          properties: [id, nope]\n';
      const found = problems(object('      - name: id\n        logicalType: string\n', extra));
      expect(found.filter((p) => p.code === 'quality_unknown_field').map((p) => [p.line, p.message])).toEqual(
        [
          [15, 'rule r1 refers to amount, which is not a property'],
          [23, 'quality check refers to nope, which is not a property'],
        ],
      );
      expect(find(found, 'quality_invalid_rule')).toMatchObject({ line: 19, column: 25 });
    });

    it('refuses a column placeholder in an object-level SQL check', () => {
      const extra =
        // biome-ignore lint/suspicious/noTemplateCurlyInString: ODCS placeholders, not a JavaScript template.
        '    quality:\n      - type: sql\n        query: SELECT COUNT(*) FROM ${table} WHERE ${column} IS NULL\n        mustBe: 0\n';
      expect(
        find(
          problems(object('      - name: id\n        logicalType: string\n', extra)),
          'quality_column_placeholder',
        ).line,
      ).toBe(13);
    });

    it('checks SLA percentages, units and elements', () => {
      const text = `${object('      - name: updated_at\n        logicalType: timestamp\n')}slaProperties:\n  - property: availability\n    value: 120\n  - property: latency\n    value: 4\n    unit: fortnights\n  - property: freshness\n    value: 1\n    unit: h\n    element: orders.nope\n`;
      const found = problems(text);
      expect(find(found, 'sla_invalid_value')).toMatchObject({ line: 16, column: 12 });
      expect(find(found, 'sla_unknown_unit')).toMatchObject({ line: 19, column: 11 });
      expect(find(found, 'sla_unknown_element')).toMatchObject({
        line: 23,
        severity: 'warning',
        hint: 'use object.property, e.g. orders.updated_at',
      });
    });

    it('warns about types Meshwork keeps as strings or cannot map, and about field names it cannot use', () => {
      const text = object(
        '      - name: tags\n        logicalType: array\n      - name: blob\n        physicalType: geometry\n      - name: bad-name\n        logicalType: string\n',
      );
      const found = problems(text);
      expect(find(found, 'type_lossy')).toMatchObject({ line: 13, severity: 'warning' });
      expect(find(found, 'type_unmappable')).toMatchObject({ line: 15, column: 23, severity: 'warning' });
      expect(find(found, 'field_name_invalid')).toMatchObject({ line: 16, severity: 'warning' });
      expect(
        problems(text, { strict: true })
          .filter((p) => p.severity === 'error')
          .map((p) => p.code),
      ).toEqual(['type_unmappable', 'field_name_invalid']);
    });

    it('warns that only the first of several schema objects is mapped', () => {
      const text = `${OWNED}schema:\n  - name: a\n  - name: b\n`;
      expect(find(problems(text), 'multiple_objects')).toMatchObject({
        line: 10,
        column: 3,
        severity: 'warning',
      });
    });
  });

  describe('input and output ports of ODPS products', () => {
    const product = officialExample('odps/customer-data-product.odps.yaml');

    it('does not check input products without a lookup', () => {
      expect(problems(product).some((p) => p.code === 'input_product_unknown')).toBe(false);
    });

    it('finds input products the catalog does not know', () => {
      const found = problems(product, { knownProducts: new Set(['payments']) }).filter(
        (p) => p.code === 'input_product_unknown',
      );
      expect(found.map((p) => [p.line, p.column, p.severity])).toEqual([
        [24, 9, 'error'],
        [27, 9, 'error'],
      ]);
    });

    it('asks the resolver about products the set does not have', () => {
      const seen: string[] = [];
      const found = problems(product, {
        resolveProduct: (ref) => {
          seen.push(`${ref.name}@${ref.version}`);
          return ref.contractId?.startsWith('ec2a') === true;
        },
      });
      expect(found.filter((p) => p.code === 'input_product_unknown').map((p) => p.line)).toEqual([18, 21]);
      expect(seen).toContain('onlinetransactions@1.1.0');
    });

    it('warns about output ports whose contract is not among the files', () => {
      const contract = `${OWNED}`.replace('id: sales.orders', 'id: 87654321-4321-4321-4321-cba987654321');
      const found = validateDocuments([
        { path: 'p.yaml', text: officialExample('odps/simple-data-product.odps.yaml') },
        { path: 'c.yaml', text: contract },
      ]).problems;
      expect(found.some((p) => p.code === 'output_contract_missing')).toBe(false);
      const without = validateDocuments([
        { path: 'p.yaml', text: officialExample('odps/simple-data-product.odps.yaml') },
        { path: 'c.yaml', text: OWNED },
      ]).problems;
      expect(find(without, 'output_contract_missing')).toMatchObject({
        file: 'p.yaml',
        line: 25,
        column: 15,
      });
    });
  });

  it.each([
    'kind: DataContract\nschema: x\n',
    'kind: DataContract\nschema:\n  - 5\n  - name: t\n    properties:\n      - 5\n      - name: 7\n      - name: a\n        quality: 3\n        relationships: [1, {to: 5}]\n',
    'kind: DataContract\nteam: [1, {role: owner}]\nslaProperties: [1, {property: latency}, {property: availability, value: [1]}]\ndescription: 5\n',
    'kind: DataProduct\ninputPorts: [1, {name: 3}]\noutputPorts: 5\nteam: x\n',
    'dataContractSpecification: 1\nmodels: [1]\ninfo: 5\n',
    'dataProductDescriptor: 1\ninfo: [1]\n',
  ])('reports problems in the malformed document %j without failing itself', (text) => {
    const found = problems(text, { strict: true, lint: true, knownProducts: new Set() });
    expect(hasErrors(found)).toBe(true);
  });

  it('gives every problem code a default severity and a summary', () => {
    for (const [code, entry] of Object.entries(PROBLEM_CATALOG)) {
      expect(entry.summary, code).not.toBe('');
    }
  });
});

describe('showing the failing branch’s real error', () => {
  const withObject = (body: string): string =>
    `${OWNED}schema:\n  - name: orders\n    properties:\n      - name: id\n        logicalType: string\n${body}`;
  const errors = (text: string) =>
    problems(text)
      .filter((p) => p.severity === 'error')
      .map((p) => [p.code, p.path, p.message]);

  it('names the missing from and to of a schema-level relationship, not "several shapes"', () => {
    expect(errors(withObject('    relationships:\n      - type: foreignKey\n'))).toEqual([
      [
        'schema_required',
        'schema[0].relationships[0]',
        'schema[0].relationships[0] is missing the required key "from"',
      ],
      [
        'schema_required',
        'schema[0].relationships[0]',
        'schema[0].relationships[0] is missing the required key "to"',
      ],
    ]);
  });

  it('names "from" on a property-level relationship instead of "must NOT be valid"', () => {
    const text = withObject(
      '        relationships:\n          - from: orders.id\n            to: customers.id\n',
    );
    expect(problems(text).filter((p) => p.severity === 'error')).toEqual([
      expect.objectContaining({
        code: 'schema_invalid',
        path: 'schema[0].properties[0].relationships[0].from',
        line: 15,
        message: expect.stringMatching(
          /^schema\[0\]\.properties\[0\]\.relationships\[0\] must not have the key "from": /,
        ),
        hint: 'remove "from" from schema[0].properties[0].relationships[0]',
      }),
    ]);
  });

  it('keeps keys ODCS defines (engine, mustBeGreaterThan, a Snowflake database) when their branch fails for another reason', () => {
    const text = withObject(
      '        quality:\n          - type: custom\n            engine: soda\n          - type: sql\n            mustBeGreaterThan: 1\n',
    ).concat('servers:\n  - server: sf\n    type: snowflake\n    database: db\n');
    expect(errors(text)).toEqual([
      [
        'schema_required',
        'schema[0].properties[0].quality[0]',
        'schema[0].properties[0].quality[0] is missing the required key "implementation"',
      ],
      [
        'schema_required',
        'schema[0].properties[0].quality[1]',
        'schema[0].properties[0].quality[1] is missing the required key "query"',
      ],
      ['schema_required', 'servers[0]', 'servers[0] is missing the required key "account"'],
      ['schema_required', 'servers[0]', 'servers[0] is missing the required key "schema"'],
    ]);
  });

  it('reports a short mustBeBetween list once, without a missing key per other operator', () => {
    const text = withObject(
      '        quality:\n          - metric: rowCount\n            mustBeBetween: [1]\n',
    );
    expect(errors(text)).toEqual([
      [
        'schema_range',
        'schema[0].properties[0].quality[0].mustBeBetween',
        'schema[0].properties[0].quality[0].mustBeBetween must NOT have fewer than 2 items (got a list of 1 item)',
      ],
    ]);
  });

  it('reports an SLA latency without a value once, as the missing key', () => {
    const text = `${OWNED}slaProperties:\n  - property: latency\n    unit: d\n`;
    expect(errors(text)).toEqual([
      ['schema_required', 'slaProperties[0]', 'slaProperties[0] is missing the required key "value"'],
    ]);
  });

  it('says "an array" and "an object"', () => {
    const text = `${OWNED}schema:\n  - name: orders\n    properties:\n      - name: Bytes field\n        logicalType: array\n      - name: id\n        logicalType: object\n        primaryKey: true\n`;
    const messages = problems(text).map((p) => p.message);
    expect(messages).toContain('Bytes field is an array; Meshwork stores it as a string');
    expect(messages).toContain('orders.id is an object and cannot be part of the primary key');
  });
});
