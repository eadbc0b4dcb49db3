import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import AjvDraft7 from 'ajv';
import Ajv2019 from 'ajv/dist/2019.js';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { DocumentKind } from './document-kind.ts';

/** The document kinds that have an official JSON schema. */
export type SchemaKind = Exclude<DocumentKind, 'unknown'>;

const SCHEMAS: Readonly<
  Record<SchemaKind, { readonly file: string; readonly draft: '7' | '2019' | '2020' }>
> = {
  odcs: { file: 'odcs-json-schema-v3.1.0.json', draft: '2019' },
  odps: { file: 'odps-json-schema-v1.0.0.json', draft: '2019' },
  dcs: { file: 'datacontract-1.2.1.schema.json', draft: '7' },
  dpds: { file: 'dpds-1.0.0.schema.json', draft: '2020' },
};

/** The official schema versions Meshwork validates against. */
export const OFFICIAL_SCHEMA_VERSIONS: Readonly<Record<SchemaKind, string>> = {
  odcs: 'ODCS v3.1.0',
  odps: 'ODPS v1.0.0',
  dcs: 'Data Contract Specification 1.2.1',
  dpds: 'DPDS 1.0.0',
};

type AjvInstance = InstanceType<typeof Ajv2019.default>;

const ajvByDraft = new Map<string, AjvInstance>();
const validators = new Map<SchemaKind, ValidateFunction>();

function ajvFor(draft: '7' | '2019' | '2020'): AjvInstance {
  let ajv = ajvByDraft.get(draft);
  if (ajv === undefined) {
    // strict: false because the official schemas use annotations (e.g. `deprecated`, `examples` in odd places)
    // that Ajv's strict mode rejects; allErrors so that one run reports every problem.
    const options = {
      allErrors: true,
      strict: false,
      validateFormats: true,
      verbose: true,
      logger: false,
    } as const;
    ajv =
      draft === '2019'
        ? new Ajv2019.default(options)
        : draft === '2020'
          ? (new Ajv2020.default(options) as unknown as AjvInstance)
          : (new AjvDraft7.default(options) as unknown as AjvInstance);
    // The Data Contract Specification's own examples use URI templates (`s3://bucket/{model}/*.json`):
    // check its formats in Ajv's lenient "fast" mode, ODCS/ODPS/DPDS ones in full.
    addFormats.default(ajv, { mode: draft === '7' ? 'fast' : 'full' });
    ajvByDraft.set(draft, ajv);
  }
  return ajv;
}

/** Returns the compiled validator of a kind's official schema, compiling it on first use only (once per process). */
export function officialSchemaValidator(kind: SchemaKind): ValidateFunction {
  let validate = validators.get(kind);
  if (validate === undefined) {
    const { file, draft } = SCHEMAS[kind];
    const schema = JSON.parse(readFileSync(new URL(`./schemas/${file}`, import.meta.url), 'utf8')) as Record<
      string,
      unknown
    >;
    validate = ajvFor(draft).compile(schema);
    validators.set(kind, validate);
  }
  return validate;
}
