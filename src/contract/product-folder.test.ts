import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ORDERS_CONTRACT, ORDERS_PRODUCT, ordersFiles } from '../../test/support/orders-contract.ts';
import { ROOT } from '../../test/support/run-cli.ts';
import { ContractViolationError } from '../core/errors.ts';
import { readProductFolder, specFromDocuments } from './product-folder.ts';
import { publishedContract, samePublishedData } from './published-document.ts';

describe('readProductFolder', () => {
  it('reads the spec and keeps the contract, then the product, byte for byte and named within the folder', () => {
    const { spec, documents } = readProductFolder(ordersFiles(), { root: 'orders' });
    expect(spec).toMatchObject({ id: 'sales.orders', version: '1.0.0', owner: 'sales-team' });
    expect(documents).toEqual([
      { role: 'contract', file: 'contract.odcs.yaml', text: ORDERS_CONTRACT },
      { role: 'product', file: 'product.odps.yaml', text: ORDERS_PRODUCT },
    ]);
    expect(publishedContract(documents)?.file).toBe('contract.odcs.yaml');
    expect(specFromDocuments(ordersFiles())).toEqual(spec);
  });

  it("keeps every port's contract and marks the one the spec was read from", () => {
    const other = ORDERS_CONTRACT.replace('id: sales.orders', 'id: sales.order_lines');
    const files = [...ordersFiles(), { path: 'orders/ports/lines.odcs.yaml', text: other }];
    const { documents } = readProductFolder(files, { root: 'orders' });
    expect(documents.map((d) => [d.role, d.file])).toEqual([
      ['contract', 'contract.odcs.yaml'],
      ['product', 'product.odps.yaml'],
      ['port_contract', 'ports/lines.odcs.yaml'],
    ]);
  });

  it('names files outside the root by their base name and keeps nothing for a Meshwork descriptor', () => {
    expect(readProductFolder(ordersFiles(), { root: 'elsewhere' }).documents.map((d) => d.file)).toEqual([
      'contract.odcs.yaml',
      'product.odps.yaml',
    ]);
    const path = join(ROOT, 'examples/sales/product.yaml');
    const meshwork = readProductFolder([{ path, text: readFileSync(path, 'utf8') }]);
    expect(meshwork.spec.id).toBe('sales.transactions');
    expect(meshwork.documents).toEqual([]);
  });

  it('refuses a folder without a contract', () => {
    expect(() => readProductFolder([{ path: 'p.yaml', text: ORDERS_PRODUCT }])).toThrow(
      ContractViolationError,
    );
  });
});

describe('samePublishedData', () => {
  it('ignores comments, formatting and file names but not a changed value', () => {
    const { documents } = readProductFolder(ordersFiles());
    const commented = readProductFolder(
      ordersFiles((c) => `# reviewed\n${c.replace('order_volume', "'order_volume'")}`),
    );
    expect(samePublishedData(documents, commented.documents)).toBe(true);
    const changed = readProductFolder(ordersFiles((c) => c.replace('- 5\n', '- 6\n')));
    expect(samePublishedData(documents, changed.documents)).toBe(false);
    expect(samePublishedData(documents, documents.slice(0, 1))).toBe(false);
  });
});
