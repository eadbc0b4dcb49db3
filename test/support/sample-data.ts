import { readFileSync } from 'node:fs';

/** A record of the demo's sample data, as plain JSON values. */
export type SampleRecord = Readonly<Record<string, string | number | null>>;

function read(path: string): SampleRecord[] {
  return JSON.parse(
    readFileSync(new URL(`../../examples/${path}`, import.meta.url), 'utf8'),
  ) as SampleRecord[];
}

/** The demo's 6 sales (examples/sales/sample_sales.json, a copy of shared/seed). */
export const SAMPLE_SALES: readonly SampleRecord[] = read('sales/sample_sales.json');

/** The demo's 4 customers (examples/customers/sample_customers.json, a copy of shared/seed). */
export const SAMPLE_CUSTOMERS: readonly SampleRecord[] = read('customers/sample_customers.json');
