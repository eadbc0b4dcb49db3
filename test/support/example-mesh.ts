/**
 * Builds real meshes for the product tests: a store of their own (a DuckDB file in a fresh temp folder, or a PostgreSQL
 * database in the `postgres` project; see test-store.ts), the example sales and customer products from `examples/`,
 * their sample data, and a clock the test moves by hand.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { DataProduct } from '../../src/product/data-product.ts';
import { Mesh, type MeshOptions } from '../../src/product/mesh.ts';
import { storeFromTemplate } from './template-stores.ts';
import { postgresStoreFromTemplate, TEST_ENGINE } from './test-store.ts';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

/** The example products, by folder name. */
export type ExampleName = 'sales' | 'customers';

const SAMPLE_FILES: Readonly<Record<ExampleName, string>> = {
  sales: 'sample_sales.json',
  customers: 'sample_customers.json',
};

/** A fresh copy of an example product spec (any folder under examples/), parsed from its YAML file. */
export function exampleSpec(
  name: ExampleName | 'customer_revenue' | 'region_gdp' | 'worldbank',
): Record<string, unknown> {
  return parse(readFileSync(join(EXAMPLES, name, 'product.yaml'), 'utf8')) as Record<string, unknown>;
}

/** A fresh copy of an example product's sample records. */
export function exampleRecords(name: ExampleName): Record<string, unknown>[] {
  return JSON.parse(readFileSync(join(EXAMPLES, name, SAMPLE_FILES[name]), 'utf8')) as Record<
    string,
    unknown
  >[];
}

/** The path of an example product's sample data file. */
export function exampleFile(name: ExampleName): string {
  return join(EXAMPLES, name, SAMPLE_FILES[name]);
}

/** A clock that stands still until the test moves it. */
export interface TestClock {
  readonly now: () => Date;
  /** Moves the clock forward by some minutes. */
  advance(minutes: number): void;
  /** The current time as ISO text. */
  iso(): string;
}

/** Creates a clock starting at `start`. */
export function createTestClock(start = '2025-10-08T12:00:00.000Z'): TestClock {
  let at = Date.parse(start);
  return {
    now: () => new Date(at),
    advance: (minutes) => {
      at += minutes * 60_000;
    },
    iso: () => new Date(at).toISOString(),
  };
}

/** A temp folder for one test; `remove()` deletes it and everything in it. */
export interface TempDir {
  readonly path: string;
  file(name: string): string;
  remove(): void;
}

/** Creates a temp folder under the OS temp dir. */
export function createTempDir(prefix = 'meshwork-test-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    file: (name) => join(path, name),
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** A mesh on a temp store with the example products created (and, unless asked not to, their samples ingested). */
export interface ExampleMesh {
  readonly mesh: Mesh;
  readonly store: string;
  readonly dir: TempDir;
  readonly clock: TestClock;
  readonly sales: DataProduct;
  readonly customers: DataProduct;
  /** Opens another handle on the same store with the same clock. */
  reopen(options?: Omit<MeshOptions, 'store'>): Promise<Mesh>;
  /** Closes the mesh and removes the temp folder. */
  cleanup(): Promise<void>;
}

/** Options for {@link openExampleMesh}. */
export interface ExampleMeshOptions {
  /** Ingest the sample records (default true). */
  readonly ingest?: boolean;
}

/** Opens a mesh on a new temp store file and creates the sales and customer products from `examples/`. */
export async function openExampleMesh(options: ExampleMeshOptions = {}): Promise<ExampleMesh> {
  const ingest = options.ingest !== false;
  return openTemplateMesh(`example-${ingest ? 'ingested' : 'empty'}`, (mesh) =>
    populateExamples(mesh, ingest),
  );
}

/** Creates the example products in a mesh, and ingests their samples when asked. */
export async function populateExamples(mesh: Mesh, ingest: boolean): Promise<void> {
  const sales = await mesh.createProduct(exampleSpec('sales'));
  const customers = await mesh.createProduct(exampleSpec('customers'));
  if (ingest) {
    await sales.ingest(exampleRecords('sales'));
    await customers.ingest(exampleRecords('customers'));
  }
}

/**
 * Opens a mesh on a new temp store that `populate` would have filled (with the standing test clock): a copy of the
 * run's template store `key`, built by `populate` once per run (see template-stores.ts).
 */
export async function openTemplateMesh(
  key: string,
  populate: (mesh: Mesh) => Promise<void>,
): Promise<ExampleMesh> {
  const dir = createTempDir();
  const clock = createTestClock();
  const build = async (at: string) => {
    // The clock stands still, so a template built with its own clock holds the same times as one built here.
    const building = await Mesh.open({ store: at, now: createTestClock().now });
    try {
      await populate(building);
    } finally {
      await building.close();
    }
  };
  let store = dir.file('mesh.duckdb');
  if (TEST_ENGINE === 'postgres') store = await postgresStoreFromTemplate(key, build);
  else await storeFromTemplate(key, store, build);
  const mesh = await Mesh.open({ store, now: clock.now });
  const sales = await mesh.product('sales.transactions');
  const customers = await mesh.product('customer.profiles');
  return {
    mesh,
    store,
    dir,
    clock,
    sales,
    customers,
    reopen: (more = {}) => Mesh.open({ now: clock.now, ...more, store }),
    cleanup: async () => {
      // Closing twice is harmless, so a test may close the mesh itself.
      await mesh.close();
      dir.remove();
    },
  };
}
