import type { ProductDescriptor } from '../core/descriptor.ts';
import semver from 'semver';
import { MeshError } from '../core/errors.ts';
import { isProductStatus, PRODUCT_STATUSES, type ProductStatus } from '../core/lifecycle.ts';
import type { EngineSession, Row } from '../engine/engine.ts';
import { SearchIndex } from './search/search-index.ts';
import { bumpCatalogGeneration } from './catalog-cache.ts';

/** A product's catalog entry: its descriptor plus where its data lives. */
export interface ProductRecord {
  readonly descriptor: ProductDescriptor;
  /** The table holding this product version's rows. */
  readonly tableName: string;
  /** ISO time of the last successful write, or null when never written. */
  readonly lastWriteAt: string | null;
}

/** One recorded version of a product, as the catalog lists it. */
export interface ProductVersionEntry {
  readonly version: string;
  /** The lifecycle state the version was last recorded in. */
  readonly status: ProductStatus;
  /** ISO time the version was first recorded. */
  readonly recordedAt: string;
  /** The table holding that version's rows (the versions of one major, or of one 0.x minor, share it). */
  readonly tableName: string;
}

/** Filters for listing products. */
export interface ProductListFilter {
  readonly domain?: string;
  readonly status?: string;
}

/**
 * Checks a product list filter before it reaches SQL, so a misspelt status is an error rather than an empty list.
 * @throws MeshError `invalid_input` naming the bad filter and the values it takes.
 */
export function assertProductListFilter(filter: ProductListFilter): void {
  if (filter.status !== undefined && !isProductStatus(filter.status)) {
    throw new MeshError(
      'invalid_input',
      `status filter must be one of ${PRODUCT_STATUSES.join(', ')}; got ${filter.status}`,
    );
  }
  if (filter.domain !== undefined && (typeof filter.domain !== 'string' || filter.domain.trim() === '')) {
    throw new MeshError('invalid_input', 'domain filter must be a domain name such as sales');
  }
}

function toRecord(row: Row): ProductRecord {
  return {
    descriptor: JSON.parse(String(row.descriptor)) as ProductDescriptor,
    tableName: String(row.table_name),
    lastWriteAt:
      row.last_write_at === null || row.last_write_at === undefined ? null : String(row.last_write_at),
  };
}

/**
 * The storage generation of a version: the versions that share one table. From 1.0.0 on that is the major version
 * (`1`, `2`); below it every minor version is one (`0_1`, `0_2`), because a 0.x minor step may break consumers just
 * as a major step does (see `bumpLevel`).
 */
export function storageGeneration(version: string): string {
  const [major = '0', minor = '0'] = version.split('.');
  return major === '0' ? `0_${minor}` : major;
}

/** How a storage generation is written for people: `1`, or `0.2` below 1.0.0. */
export function generationLabel(generation: string): string {
  return generation.replace('_', '.');
}

/**
 * Reads a version a reader asks for (`2`, `0.3`, `2.1.0`) as the storage generation that serves it.
 * @throws MeshError `invalid_input` for anything else.
 */
export function parseGeneration(input: string): string {
  const text = input.trim().replace(/^v/, '');
  if (/^[1-9][0-9]*$/.test(text)) return text;
  const zero = /^0\.([0-9]+)(\.[0-9]+)?$/.exec(text);
  if (zero) return `0_${Number(zero[1])}`;
  if (/^[1-9][0-9]*\.[0-9]+\.[0-9]+([-+].*)?$/.test(text)) return storageGeneration(text);
  throw new MeshError(
    'invalid_input',
    `version "${input}" is not a version to read; give a major version such as 1, or 0.2 below 1.0.0`,
  );
}

/** The table name for a product version's data: built from the validated id, never from free text. */
export function productTableName(id: string, version: string): string {
  return `data_${id.replace('.', '__')}__v${storageGeneration(version)}`;
}

/** The table a store written before 0.x minor versions got their own tables used for a 0.x version. */
function legacyTableName(id: string, version: string): string {
  return `data_${id.replace('.', '__')}__v${version.split('.')[0] ?? '0'}`;
}

/** Reads and writes product entries in the catalog; every descriptor change also updates the search index. */
export class ProductRegistry {
  readonly #search: SearchIndex;

  constructor(search: SearchIndex = new SearchIndex()) {
    this.#search = search;
  }

  /** The catalog's search index, kept current by this registry. */
  get search(): SearchIndex {
    return this.#search;
  }

  /** Adds a new product and its first version. */
  async insert(s: EngineSession, descriptor: ProductDescriptor, tableName: string): Promise<void> {
    const json = JSON.stringify(descriptor);
    await s.execute(
      `INSERT INTO mw_products (id, domain, version, status, table_name, descriptor, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        descriptor.id,
        descriptor.domain,
        descriptor.version,
        descriptor.status,
        tableName,
        json,
        descriptor.createdAt,
        descriptor.updatedAt,
      ],
    );
    await this.#insertVersion(s, descriptor, json);
    await this.#search.add(s, descriptor);
    await bumpCatalogGeneration(s);
  }

  async #insertVersion(s: EngineSession, descriptor: ProductDescriptor, json: string): Promise<void> {
    await s.execute(
      `INSERT INTO mw_product_versions (product_id, version, descriptor, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (product_id, version) DO UPDATE SET descriptor = excluded.descriptor`,
      [descriptor.id, descriptor.version, json, descriptor.updatedAt],
    );
  }

  /** Saves a changed descriptor (status, version, metadata) and records the version. */
  async update(s: EngineSession, descriptor: ProductDescriptor, tableName?: string): Promise<void> {
    const json = JSON.stringify(descriptor);
    const params = [descriptor.version, descriptor.status, json, descriptor.updatedAt, descriptor.id];
    const n = await s.execute(
      `UPDATE mw_products SET version = $1, status = $2, descriptor = $3, updated_at = $4${
        tableName === undefined ? '' : ', table_name = $6'
      } WHERE id = $5`,
      tableName === undefined ? params : [...params, tableName],
    );
    if (n === 0) throw new MeshError('not_found', `product ${descriptor.id} is not in the catalog`);
    await this.#insertVersion(s, descriptor, json);
    await this.#search.put(s, descriptor);
    await bumpCatalogGeneration(s);
  }

  /** Re-indexes every product when the stored search index was built by another version (or never). */
  async ensureSearchIndex(s: EngineSession): Promise<void> {
    await this.#search.ensure(s, async () => (await this.list(s)).map((r) => r.descriptor));
  }

  /** Reads the descriptors of the given products (unknown ids are skipped). */
  async descriptors(s: EngineSession, ids: readonly string[]): Promise<ProductDescriptor[]> {
    if (ids.length === 0) return [];
    const list = ids.map((_, i) => `$${i + 1}`).join(', ');
    const rows = await s.query(`SELECT descriptor FROM mw_products WHERE id IN (${list})`, ids);
    return rows.map((r) => JSON.parse(String(r.descriptor)) as ProductDescriptor);
  }

  /** Records the time of a successful write. */
  async touchWrite(s: EngineSession, id: string, at: string): Promise<void> {
    await s.execute('UPDATE mw_products SET last_write_at = $1 WHERE id = $2', [at, id]);
  }

  /** Finds a product, or undefined. */
  async find(s: EngineSession, id: string): Promise<ProductRecord | undefined> {
    const rows = await s.query(
      'SELECT descriptor, table_name, last_write_at FROM mw_products WHERE id = $1',
      [id],
    );
    const row = rows[0];
    return row ? toRecord(row) : undefined;
  }

  /**
   * Lists products, ordered by id.
   * @throws MeshError `invalid_input` for an unknown status.
   */
  async list(s: EngineSession, filter: ProductListFilter = {}): Promise<ProductRecord[]> {
    assertProductListFilter(filter);
    const conds: string[] = [];
    const params: string[] = [];
    if (filter.domain !== undefined) {
      params.push(filter.domain);
      conds.push(`domain = $${params.length}`);
    }
    if (filter.status !== undefined) {
      params.push(filter.status);
      conds.push(`status = $${params.length}`);
    }
    const where = conds.length > 0 ? ` WHERE ${conds.join(' AND ')}` : '';
    const rows = await s.query(
      `SELECT descriptor, table_name, last_write_at FROM mw_products${where} ORDER BY id`,
      params,
    );
    return rows.map(toRecord);
  }

  /** Lists every recorded version of a product, oldest first. */
  async versions(s: EngineSession, id: string): Promise<ProductDescriptor[]> {
    const rows = await s.query(
      'SELECT descriptor FROM mw_product_versions WHERE product_id = $1 ORDER BY created_at, version',
      [id],
    );
    return rows.map((r) => JSON.parse(String(r.descriptor)) as ProductDescriptor);
  }

  /**
   * Finds the newest recorded version of a product in a storage generation and the table holding its rows, or
   * undefined when the product has no version in it.
   */
  async findGeneration(
    s: EngineSession,
    record: ProductRecord,
    generation: string,
  ): Promise<{ descriptor: ProductDescriptor; tableName: string } | undefined> {
    const current = record.descriptor;
    if (storageGeneration(current.version) === generation)
      return { descriptor: current, tableName: record.tableName };
    const inGeneration = (await this.versions(s, current.id)).filter(
      (d) => storageGeneration(d.version) === generation,
    );
    const newest = inGeneration.sort((a, b) => semver.compare(a.version, b.version)).at(-1);
    if (newest === undefined) return undefined;
    const named = productTableName(current.id, newest.version);
    const legacy = legacyTableName(current.id, newest.version);
    const tableName = !(await s.tableExists(named)) && (await s.tableExists(legacy)) ? legacy : named;
    return { descriptor: { ...newest, status: current.status }, tableName };
  }

  /** Lists every recorded version of a product, oldest first, with its state, when it was recorded and its table. */
  async versionEntries(s: EngineSession, id: string): Promise<ProductVersionEntry[]> {
    const rows = await s.query(
      'SELECT version, descriptor, created_at FROM mw_product_versions WHERE product_id = $1 ORDER BY created_at, version',
      [id],
    );
    return rows.map((r) => {
      const d = JSON.parse(String(r.descriptor)) as ProductDescriptor;
      return {
        version: String(r.version),
        status: d.status,
        recordedAt: String(r.created_at),
        tableName: productTableName(id, String(r.version)),
      };
    });
  }
}
