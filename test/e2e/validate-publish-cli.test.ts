import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDocuments } from '../../src/contract/validate-documents.ts';
import { ROOT, runCli } from '../support/run-cli.ts';

let dir: string;
const OFFICIAL = join(ROOT, 'src/contract/testdata/official/odcs');

/** The six official ODCS examples whose first schema object has no properties, or that have no schema at all. */
const WITHOUT_FIELDS = [
  ['roles/service-and-operational-roles.odcs.yaml', 'schema'],
  ['schema/kafka-schemaregistry.odcs.yaml', 'schema[0]'],
  ['server/azure-server.odcs.yaml', ''],
  ['server/kafka-server.odcs.yaml', 'schema[0]'],
  ['sla/database-table-sla.odcs.yaml', 'schema'],
  ['stakeholders/basic-four-dpo.odcs.yaml', 'schema'],
] as const;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshwork-validate-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('validate --strict runs the checks publish runs', () => {
  it.each(WITHOUT_FIELDS)('refuses %s, which has no fields, at the ODCS path %s', (file, path) => {
    const { problems } = validateDocuments(
      [{ path: file, text: readFileSync(join(OFFICIAL, file), 'utf8') }],
      {
        strict: true,
      },
    );
    expect(problems.filter((p) => p.code === 'no_fields')).toEqual([
      expect.objectContaining({ severity: 'error', path }),
    ]);
    const loose = validateDocuments([{ path: file, text: readFileSync(join(OFFICIAL, file), 'utf8') }]);
    expect(loose.problems.find((p) => p.code === 'no_fields')?.severity).toBe('warning');
  });

  it('reports the same missing fields from validate --strict and publish, at the ODCS path', async () => {
    const folder = join(dir, 'registry');
    mkdirSync(folder, { recursive: true });
    const text = readFileSync(join(OFFICIAL, 'schema/kafka-schemaregistry.odcs.yaml'), 'utf8');
    writeFileSync(
      join(folder, 'contract.odcs.yaml'),
      `${text.trimEnd()}\ndomain: shop\nteam:\n  name: shop-team\n`,
    );
    const validate = await runCli(['validate', folder, '--strict', '--no-lint']);
    expect(validate.code).toBe(5);
    expect(validate.stdout).toContain(
      'error  no_fields  schema[0] (Orders) has no properties, so the product would have no fields to store records in; publish refuses it',
    );
    expect(validate.stdout).toContain('1 document(s), 1 error(s), 0 warning(s)');
    const publish = await runCli(['publish', folder, '--store', join(dir, 'mesh.duckdb')]);
    expect(publish.code).toBe(5);
    expect(publish.stderr).toContain('no_fields  schema[0] (Orders) has no properties');
    expect(publish.stderr).not.toContain('schema.fields');
  });
});
