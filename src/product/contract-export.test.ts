import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTempDir,
  createTestClock,
  exampleSpec,
  type TempDir,
} from '../../test/support/example-mesh.ts';
import { ORDERS_CONTRACT, ORDERS_PRODUCT, ordersFiles } from '../../test/support/orders-contract.ts';
import { readProductFolder } from '../contract/product-folder.ts';
import { contractToSpec } from '../contract/contract-to-spec.ts';
import { readContractDocument, readProductDocument } from '../contract/source-document.ts';
import { specToContract } from '../contract/spec-to-contract.ts';
import { validateDocuments } from '../contract/validate-documents.ts';
import { CONTRACT_EXPORT_FORMATS, exportContract } from './contract-export.ts';
import { Mesh } from './mesh.ts';

let dir: TempDir;
let mesh: Mesh;

beforeEach(async () => {
  dir = createTempDir();
  mesh = await Mesh.open({ store: dir.file('mesh.duckdb'), now: createTestClock().now });
});

afterEach(async () => {
  await mesh.close();
  dir.remove();
});

describe('exportContract', () => {
  it('gives back the ODCS and ODPS documents a product was published from, byte for byte', async () => {
    const { spec, documents } = readProductFolder(ordersFiles(), { root: 'orders' });
    await mesh.publishSpec(spec, { documents });
    const orders = await mesh.product('sales.orders');
    expect(await exportContract(orders, 'odcs')).toEqual({
      productId: 'sales.orders',
      version: '1.0.0',
      format: 'odcs',
      source: 'stored',
      text: ORDERS_CONTRACT,
    });
    expect(await exportContract(orders, 'odps')).toMatchObject({ source: 'stored', text: ORDERS_PRODUCT });
    const markdown = await exportContract(orders, 'markdown');
    expect(markdown.text).toContain('| `no_negative_totals` |');
    expect(markdown.text).toContain('| Status | published |');
  });

  it('adds no primaryKeyPosition when only some key properties carry one, and writes them when the key changes', async () => {
    // order_id carries a position, region (also in the key) does not: the key reads (order_id, region).
    const partial = (c: string): string =>
      c
        .replace('        primaryKey: true\n', '        primaryKey: true\n        primaryKeyPosition: 1\n')
        .replace(
          '        description: Sales region.\n',
          '        description: Sales region.\n        primaryKey: true\n',
        );
    const files = ordersFiles(partial);
    const { spec, documents } = readProductFolder(files, { root: 'orders' });
    expect(spec.schema.primaryKey).toEqual(['order_id', 'region']);
    await mesh.publishSpec(spec, { documents });
    const orders = await mesh.product('sales.orders');
    const odcs = await exportContract(orders, 'odcs');
    expect(odcs.source).toBe('stored');
    expect(odcs.text).toBe(files[0]?.text);
    expect(odcs.text.match(/primaryKeyPosition/g)).toHaveLength(1);

    const contract = readContractDocument(files[0]?.text ?? '');
    const swapped = specToContract(
      { ...contractToSpec(contract), schema: { ...spec.schema, primaryKey: ['region', 'order_id'] } },
      contract,
    );
    expect(contractToSpec(swapped).schema.primaryKey).toEqual(['region', 'order_id']);
  });

  it('writes valid ODCS and ODPS documents for a product created from a spec, with the lifecycle status', async () => {
    const sales = await mesh.createProduct(exampleSpec('sales'));
    await sales.publish();
    const odcs = await exportContract(sales, 'odcs');
    const odps = await exportContract(sales, 'odps');
    expect(odcs.source).toBe('generated');
    expect(readContractDocument(odcs.text).data).toMatchObject({
      id: 'sales.transactions',
      status: 'active',
    });
    expect(readProductDocument(odps.text).data).toMatchObject({
      status: 'active',
      outputPorts: [expect.objectContaining({ contractId: 'sales.transactions' })],
    });
    const { problems } = validateDocuments(
      [
        { path: 'contract.odcs.yaml', text: odcs.text },
        { path: 'product.odps.yaml', text: odps.text },
      ],
      { strict: true },
    );
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('exports every format', async () => {
    const sales = await mesh.createProduct(exampleSpec('sales'));
    const texts = Object.fromEntries(
      await Promise.all(CONTRACT_EXPORT_FORMATS.map(async (f) => [f, (await exportContract(sales, f)).text])),
    );
    expect(JSON.parse(texts['json-schema'] ?? '')).toMatchObject({ title: 'Sales transactions' });
    expect(texts.sql).toContain('CREATE TABLE "sales_transactions"');
    expect(texts.mermaid).toMatch(/^erDiagram/);
    expect(texts.markdown).toContain('# Sales transactions (`sales.transactions`)');
  });
});
