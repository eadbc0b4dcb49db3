/**
 * An ODPS + ODCS product whose contract declares quality checks Meshwork's spec cannot hold (a row-count range, SQL
 * checks, a tolerance, another engine's check) next to ones it maps (zero-tolerance not-null and allowed values).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The ODCS contract of `sales.orders` 1.0.0. */
export const ORDERS_CONTRACT = `# Orders of the sales domain, with checks only the contract holds.
apiVersion: v3.1.0
kind: DataContract
id: sales.orders
name: orders
version: 1.0.0
status: draft
domain: sales
description:
  purpose: Orders of the sales domain.
team:
  name: sales-team
schema:
  - name: orders
    physicalType: table
    properties:
      - name: order_id
        description: Unique id of the order.
        logicalType: string
        physicalType: varchar
        required: true
        primaryKey: true
        examples:
          - O1
        quality:
          - metric: nullValues
            mustBe: 0
      - name: customer_email
        description: Where the receipt went.
        logicalType: string
        physicalType: varchar
        classification: restricted
        quality:
          - name: few_missing_emails
            metric: nullValues
            mustBeLessThan: 2
            unit: rows
      - name: region
        description: Sales region.
        logicalType: string
        physicalType: varchar
        required: true
        quality:
          - metric: invalidValues
            arguments:
              validValues:
                - Europe
                - Asia
                - Americas
            mustBe: 0
      - name: total
        description: Order total in EUR.
        logicalType: number
        physicalType: double
        required: true
        quality:
          - name: no_negative_totals
            type: sql
            query: SELECT COUNT(*) FROM \${table} WHERE \${column} < 0
            mustBe: 0
    quality:
      - name: order_volume
        metric: rowCount
        mustBeBetween:
          - 1
          - 5
        description: Between one and five orders a day.
      - name: europe_orders
        type: sql
        query: |
          SELECT COUNT(*) FROM orders WHERE orders.region = 'Europe'
        mustBeGreaterOrEqualTo: 1
        severity: warning
      - name: soda_checks
        type: custom
        engine: soda
        implementation: |
          checks for orders:
            - row_count > 0
`;

/** The ODPS product publishing the contract. */
export const ORDERS_PRODUCT = `apiVersion: v1.0.0
kind: DataProduct
id: sales.orders
name: orders
version: 1.0.0
status: draft
domain: sales
description:
  purpose: Orders of the sales domain.
team:
  name: sales-team
outputPorts:
  - name: orders
    type: tables
    version: 1.0.0
    contractId: sales.orders
`;

/** Three orders that pass every check of the contract. */
export const GOOD_ORDERS: readonly Record<string, unknown>[] = [
  { order_id: 'O1', customer_email: 'ann@example.com', region: 'Europe', total: 10 },
  { order_id: 'O2', customer_email: null, region: 'Asia', total: 20.5 },
  { order_id: 'O3', customer_email: 'bo@example.com', region: 'Americas', total: 0 },
];

/** Three more orders: the table then has six (above the row-count range), two negative totals, three missing e-mails. */
export const BAD_ORDERS: readonly Record<string, unknown>[] = [
  { order_id: 'O4', customer_email: null, region: 'Asia', total: -1 },
  { order_id: 'O5', customer_email: null, region: 'Asia', total: -2.5 },
  { order_id: 'O6', customer_email: 'cy@example.com', region: 'Asia', total: 3 },
];

const atVersion = (text: string, version: string): string =>
  text.replaceAll('version: 1.0.0', `version: ${version}`);

/** The two documents as files of a product folder, the contract edited and both at `version`. */
export function ordersFiles(
  edit: (contract: string) => string = (c) => c,
  version = '1.0.0',
): { path: string; text: string }[] {
  return [
    { path: 'orders/contract.odcs.yaml', text: atVersion(edit(ORDERS_CONTRACT), version) },
    { path: 'orders/product.odps.yaml', text: atVersion(ORDERS_PRODUCT, version) },
  ];
}

/** Writes the product folder (the contract, edited, and the product, both at `version`) as `dir/name`; returns its path. */
export function writeOrdersFolder(
  dir: string,
  name: string,
  edit: (contract: string) => string = (c) => c,
  version = '1.0.0',
): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  for (const f of ordersFiles(edit, version)) {
    writeFileSync(join(folder, f.path.slice('orders/'.length)), f.text);
  }
  return folder;
}
