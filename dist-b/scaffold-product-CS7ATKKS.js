import { SCAFFOLD_FORMATS } from './chunk-RLX2OZZX.js';
import { specToContract, specToProductDocument } from './chunk-Y3P7SELF.js';
import './chunk-5YITE3UL.js';
import { PRODUCT_ID_PATTERN } from './chunk-K5DZIQWA.js';
import './chunk-VAFVFMKZ.js';
import { writeDocument } from './chunk-XYK6DAA3.js';
import './chunk-EKUJCVLF.js';
import './chunk-47QYJMV7.js';
import { MeshError } from './chunk-Z2USMJAC.js';

// dist/contract/scaffold-product.js
import { stringify } from 'yaml';
function scaffoldProduct(options) {
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
  const spec = {
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
  const sample = [
    { id: 'R001', label: 'First', amount: 12.5, created_at: '2025-10-01 09:30:00' },
    { id: 'R002', label: 'Second', amount: 0, created_at: '2025-10-02 14:00:00' },
    { id: 'R003', label: 'Third', amount: 99.99, created_at: '2025-10-03 08:15:00' },
  ];
  const data = {
    path: 'sample-data.json',
    text: `${JSON.stringify(sample, null, 2)}
`,
  };
  if ((options.format ?? 'odcs') === 'meshwork') {
    return [
      {
        path: 'product.yaml',
        text: `# Meshwork product descriptor (see examples/ for more)
${stringify(spec)}`,
      },
      data,
    ];
  }
  const contract = specToContract(spec, void 0, { file: 'contract.odcs.yaml' });
  const contractId = contract.data.id;
  const product = specToProductDocument(spec, void 0, {
    file: 'product.odps.yaml',
    ...(contractId ? { contractId } : {}),
  });
  return [
    { path: 'product.odps.yaml', text: writeDocument(product) },
    { path: 'contract.odcs.yaml', text: writeDocument(contract) },
    data,
  ];
}
export { SCAFFOLD_FORMATS, scaffoldProduct };
