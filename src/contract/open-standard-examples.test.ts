/**
 * Keeps examples/open-standards/ in step with the Meshwork descriptors they restate: each folder holds the ODPS
 * product and ODCS contract of examples/<name>/product.yaml and must describe the same product.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../../test/support/run-cli.ts';
import { SAMPLE_CUSTOMERS, SAMPLE_SALES, type SampleRecord } from '../../test/support/sample-data.ts';
import type { ProductSpec } from '../core/descriptor.ts';
import { parseProductSpec } from '../core/parse-product-spec.ts';
import type { Field } from '../core/schema.ts';
import { officialSchemaValidator } from './official-schemas.ts';
import { collectDocumentFiles, readProductFolder, validateProductFiles } from './product-folder.ts';
import { parseSourceDocument } from './source-document.ts';

const EXAMPLES = [
  { name: 'sales', id: 'sales.transactions', sample: SAMPLE_SALES, pii: [] },
  { name: 'customers', id: 'customer.profiles', sample: SAMPLE_CUSTOMERS, pii: ['name', 'email'] },
] as const;

const folderOf = (name: string) => join(ROOT, 'examples/open-standards', name);

async function meshworkSpec(name: string): Promise<ProductSpec> {
  return parseProductSpec(parse(await readFile(join(ROOT, 'examples', name, 'product.yaml'), 'utf8')));
}

/** The spec without what ODCS does not carry: analytics, segments and quality levels stay Meshwork-only. */
function portable(spec: ProductSpec): ProductSpec {
  const { analytics: _analytics, segments: _segments, qualityLevels: _levels, ...rest } = spec;
  return rest;
}

/** The field without its documentation examples, which only the contracts give (for lint's sake). */
function withoutExamples(field: Field): Field {
  const { examples: _examples, ...rest } = field;
  return rest;
}

describe.each(EXAMPLES)('examples/open-standards/$name', ({ name, id, sample, pii }) => {
  it('holds one ODPS product and one ODCS contract that pass their official schemas and every rule', async () => {
    const files = await collectDocumentFiles([folderOf(name)]);
    const kinds = files.map((f) => parseSourceDocument(f.text, { file: f.path }));
    expect(kinds.map((d) => d.kind).sort()).toEqual(['odcs', 'odps']);
    for (const doc of kinds) {
      const validate = officialSchemaValidator(doc.kind as 'odcs' | 'odps');
      expect(validate(doc.data), `${doc.file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(validateProductFiles(files, { strict: true, lint: true }).problems).toEqual([]);
  });

  it(`describes ${id} as examples/${name}/product.yaml does`, async () => {
    const { spec, documents } = readProductFolder(await collectDocumentFiles([folderOf(name)]), {
      root: folderOf(name),
    });
    const expected = portable(await meshworkSpec(name));
    expect(documents.map((d) => [d.role, d.file])).toEqual([
      ['contract', 'contract.odcs.yaml'],
      ['product', 'product.odps.yaml'],
    ]);
    const shape = (s: ProductSpec) =>
      s.schema.fields.map((f) => ({ name: f.name, type: f.type, required: f.required, pii: f.pii ?? false }));
    expect(shape(spec)).toEqual(shape(expected));
    expect(spec.schema.primaryKey).toEqual(expected.schema.primaryKey);
    expect(spec.schema.fields.filter((f) => f.pii === true).map((f) => f.name)).toEqual(pii);
    expect({
      ...spec,
      schema: { ...spec.schema, fields: spec.schema.fields.map(withoutExamples) },
    }).toEqual(expected);
  });

  it('gives examples only on the key, taken from the sample data', async () => {
    const { spec } = readProductFolder(await collectDocumentFiles([folderOf(name)]));
    const [key] = spec.schema.primaryKey;
    const keyValues = sample.map((r: SampleRecord) => r[key ?? '']);
    for (const field of spec.schema.fields) {
      if (field.name === key) expect(keyValues).toEqual(expect.arrayContaining([...(field.examples ?? [])]));
      else expect(field.examples).toBeUndefined();
    }
    expect(spec.schema.fields.find((f) => f.name === key)?.examples?.length).toBeGreaterThan(0);
  });
});
