import { stringify } from 'yaml';
import type { ProductSpec } from '../core/descriptor.ts';
import { PRODUCT_ID_PATTERN } from '../core/descriptor.ts';
import { MeshError } from '../core/errors.ts';
import type { Scalar } from '../core/schema.ts';
import { writeDocument } from './source-document.ts';
import { specToContract } from './spec-to-contract.ts';
import { specToProductDocument } from './spec-to-product-document.ts';

import type { ScaffoldFormat } from './scaffold-formats.ts';

export { SCAFFOLD_FORMATS, type ScaffoldFormat } from './scaffold-formats.ts';

/** What to scaffold. */
export interface ScaffoldOptions {
  /** `domain.name`, lowercase. */
  readonly id: string;
  readonly owner: string;
  readonly description?: string;
  readonly format?: ScaffoldFormat;
}

/** One file of a scaffold: a path relative to the product folder and its text. */
export interface ScaffoldFile {
  readonly path: string;
  readonly text: string;
}

/**
 * Builds the files of a new product folder: a descriptor and contract (or one Meshwork YAML) with a starter schema,
 * and sample data that passes the contract.
 * @throws MeshError `invalid_input` for a malformed id or an empty owner.
 */
export function scaffoldProduct(options: ScaffoldOptions): ScaffoldFile[] {
  if (!PRODUCT_ID_PATTERN.test(options.id)) {
    throw new MeshError(
      'invalid_input',
      `product id "${options.id}" must be domain.name in lowercase, e.g. sales.orders`,
    );
  }
  if (options.owner.trim() === '')
    throw new MeshError('invalid_input', 'a product needs an owner (a team or person)');
  const [domain = '', name = ''] = options.id.split('.');
  const description = options.description ?? `The ${name.replaceAll('_', ' ')} of the ${domain} domain.`;
  const spec: ProductSpec = {
    id: options.id,
    name: name.replaceAll('_', ' '),
    domain,
    owner: options.owner,
    description,
    tags: [domain],
    version: '0.1.0',
    qualityLevel: 'bronze',
    sla: { availability: 99, freshnessMinutes: 1440, completeness: 99, accuracy: 99 },
    upstream: [],
    schema: {
      primaryKey: ['id'],
      indexes: [['created_at']],
      rules: [],
      fields: [
        {
          name: 'id',
          type: 'string',
          required: true,
          description: 'Unique id of the record.',
          minLength: 1,
          examples: ['R001'],
        },
        {
          name: 'label',
          type: 'string',
          required: true,
          description: 'A short human-readable label.',
          examples: ['First'],
        },
        {
          name: 'amount',
          type: 'number',
          required: true,
          description: 'An amount; never negative.',
          minimum: 0,
          examples: [12.5],
        },
        {
          name: 'created_at',
          type: 'timestamp',
          required: true,
          description: 'When the record was created (UTC).',
          examples: ['2025-10-01 09:30:00'],
        },
      ],
    },
  };
  const sample: Record<string, Scalar>[] = [
    { id: 'R001', label: 'First', amount: 12.5, created_at: '2025-10-01 09:30:00' },
    { id: 'R002', label: 'Second', amount: 0, created_at: '2025-10-02 14:00:00' },
    { id: 'R003', label: 'Third', amount: 99.99, created_at: '2025-10-03 08:15:00' },
  ];
  const data = { path: 'sample-data.json', text: `${JSON.stringify(sample, null, 2)}\n` };
  if ((options.format ?? 'odcs') === 'meshwork') {
    return [
      {
        path: 'product.yaml',
        text: `# Meshwork product descriptor (see examples/ for more)\n${stringify(spec)}`,
      },
      data,
    ];
  }
  const contract = specToContract(spec, undefined, { file: 'contract.odcs.yaml' });
  const contractId = (contract.data as { id?: string }).id;
  const product = specToProductDocument(spec, undefined, {
    file: 'product.odps.yaml',
    ...(contractId ? { contractId } : {}),
  });
  return [
    { path: 'product.odps.yaml', text: writeDocument(product) },
    { path: 'contract.odcs.yaml', text: writeDocument(contract) },
    data,
  ];
}
