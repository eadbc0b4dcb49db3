import type { AccessLogQuery } from '../../catalog/access-log.ts';
import type { EventQuery } from '../../catalog/events/event-outbox.ts';
import type { MeshEvent } from '../../catalog/events/event-types.ts';
import type { LineageWalkOptions } from '../../catalog/lineage/lineage-graph.ts';
import type { ProductListFilter } from '../../catalog/product-registry.ts';
import type { SearchFilters, SearchHits } from '../../catalog/search/search-query.ts';
import type { MeshClient } from '../../client/mesh-client.ts';
import { WORLDBANK_INDICATORS_PRODUCT_ID } from '../../connectors/worldbank/worldbank-product.ts';
import type { ProductSpec } from '../../core/descriptor.ts';
import { MeshError } from '../../core/errors.ts';
import type { LineageExportOptions } from '../../product/catalog-queries.ts';
import type { WorldBankPullResult } from '../../product/materialize-worldbank.ts';
import type { CreateProductOptions, Mesh } from '../../product/mesh.ts';
import type { PublishSpecOptions, PublishSpecOutcome } from '../../product/publish-spec.ts';
import { remoteGovernance } from './remote-governance.ts';
import { RemoteProduct } from './remote-product.ts';
import { remoteUnsupported } from './remote-unsupported.ts';

/** The part of {@link Mesh} the CLI's commands use that a server can answer. */
export type RemoteMeshMethods = Pick<
  Mesh,
  | 'close'
  | 'listProducts'
  | 'search'
  | 'listDomains'
  | 'domain'
  | 'defineDomain'
  | 'lineageGraph'
  | 'impact'
  | 'events'
  | 'hasProduct'
  | 'source'
  | 'sourceStatus'
  | 'accessLog'
  | 'openLineage'
>;

/**
 * A Meshwork server standing in for a store, for the CLI's `--server`: the Mesh calls the commands make, answered through
 * {@link MeshClient}. What the server has no route for is refused with a usage error (see openRemoteMesh).
 */
export class RemoteMesh implements RemoteMeshMethods {
  readonly #client: MeshClient;
  /** Governance through the server (the routes it has). */
  readonly governance: ReturnType<typeof remoteGovernance>;

  constructor(client: MeshClient) {
    this.#client = client;
    this.governance = remoteGovernance(client.governance);
  }

  /** Webhooks through the server, under the SDK's names. */
  get webhooks() {
    const events = this.#client.events;
    return {
      list: () => events.webhooks(),
      register: (input: Parameters<typeof events.registerWebhook>[0]) => events.registerWebhook(input),
      remove: (id: string) => events.removeWebhook(id),
      deliveries: (id: string, limit?: number) => events.deliveries(id, limit),
      redeliver: (id: string, eventId: string) => events.redeliver(id, eventId),
      /** The server's own dispatcher: `runOnce` asks it for a pass (it runs after any pass under way). */
      dispatcher: () => ({ runOnce: () => events.dispatch() }),
    };
  }

  /** Where the commands say the data is: the server's URL. */
  get store(): string {
    return this.#client.url;
  }

  async close(): Promise<void> {
    // Nothing is held open: every call is its own request.
  }

  /** A product as the server has it. @throws MeshError `not_found`. */
  async product(id: string): Promise<RemoteProduct> {
    return new RemoteProduct(this.#client, await this.#client.product(id));
  }

  /** Registers a draft product from a spec (and its documents) on the server. @throws MeshError `already_exists`. */
  async createProduct(spec: unknown, options: CreateProductOptions = {}): Promise<RemoteProduct> {
    const ifExists = options.ifExists === undefined ? {} : { ifExists: options.ifExists };
    const documents = options.documents ?? [];
    const descriptor = await this.#client.createProduct(
      documents.length > 0
        ? { documents: documents.map((d) => ({ name: d.file, text: d.text })), ...ifExists }
        : { spec: spec as Readonly<Record<string, unknown>>, ...ifExists },
    );
    return this.product(descriptor.id);
  }

  /** The connector feeding a product, as the server has it, or undefined. */
  source(id: string): ReturnType<Mesh['source']> {
    return this.#client.source(id);
  }

  /** The status of a connector-fed product: the server answers it for the World Bank connector's product. */
  async sourceStatus(id: string): ReturnType<Mesh['sourceStatus']> {
    if (id !== WORLDBANK_INDICATORS_PRODUCT_ID) throw remoteUnsupported(`the source status of ${id}`);
    return this.#client.worldBankStatus();
  }

  /**
   * Pulls a connector-fed product again on the server (what `refreshWorldBank` does on a store): the server has a
   * route for the World Bank connector's product.
   */
  async refreshConnector(id: string): Promise<WorldBankPullResult> {
    if (id !== WORLDBANK_INDICATORS_PRODUCT_ID) throw remoteUnsupported(`a pull of ${id}`);
    const { connector: _connector, ...pulled } = await this.#client.refreshWorldBank();
    return pulled;
  }

  async hasProduct(id: string): Promise<boolean> {
    try {
      await this.#client.product(id);
      return true;
    } catch (error) {
      if (error instanceof MeshError && error.code === 'not_found') return false;
      throw error;
    }
  }

  listProducts(filter: ProductListFilter = {}) {
    return this.#client.listProducts({
      ...(filter.domain === undefined ? {} : { domain: filter.domain }),
      ...(filter.status === undefined ? {} : { status: filter.status as never }),
    });
  }

  async search(text: string, filters: SearchFilters = {}): Promise<SearchHits> {
    const { hits, facets } = await this.#client.search(text, filters);
    return Object.assign([...hits], { facets });
  }

  listDomains() {
    return this.#client.domains();
  }
  /** One domain, from the server's list of domains. */
  async domain(name: string) {
    const found = (await this.#client.domains()).find((d) => d.name === name);
    return found === undefined
      ? undefined
      : {
          name: found.name,
          description: found.description,
          ownerTeam: found.ownerTeam,
          createdAt: found.createdAt,
          updatedAt: found.updatedAt,
        };
  }
  defineDomain(input: Parameters<Mesh['defineDomain']>[0]) {
    return this.#client.defineDomain(input);
  }

  /** The lineage graph walked from a product, or the whole graph without one. */
  async lineageGraph(root?: string, options: LineageWalkOptions = {}) {
    const walk = {
      ...(options.direction === undefined ? {} : { direction: options.direction }),
      ...(options.depth === undefined ? {} : { depth: options.depth }),
    };
    if (root === undefined) return this.#client.lineageGraph(walk);
    return (await this.#client.lineage(root, walk)).graph;
  }

  /** Lineage as OpenLineage RunEvents through the server. */
  openLineage(root?: string, options: LineageExportOptions = {}) {
    return this.#client.openLineage({
      ...(root === undefined ? {} : { product: root }),
      ...(options.direction === undefined ? {} : { direction: options.direction }),
      ...(options.depth === undefined ? {} : { depth: options.depth }),
      ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    });
  }

  /** The access log through the server (admins: all of it; owners: their products'). */
  accessLog(query: AccessLogQuery = {}) {
    return this.#client.governance.accessLog(query);
  }

  impact(productId: string, options: { readonly field?: string } = {}) {
    return this.#client.impact(productId, options);
  }

  async events(query: EventQuery = {}): Promise<MeshEvent[]> {
    return (await this.#client.events.list(query)).events;
  }

  /**
   * Publishes a product folder through the server (`POST /products/{id}/versions`): the server runs the same publish as
   * a local store (create, or upgrade after the breaking-change check with its storage migration, or nothing for an
   * unchanged version), so the outcome is the store's own.
   */
  publishSpec(spec: ProductSpec, options: PublishSpecOptions = {}): Promise<PublishSpecOutcome> {
    const documents = options.documents ?? [];
    return this.#client.publishVersion(spec.id, {
      ...(documents.length > 0
        ? { documents: documents.map((d) => ({ name: d.file, text: d.text })) }
        : { spec: spec as unknown as Readonly<Record<string, unknown>> }),
      ...(options.empty === undefined ? {} : { empty: options.empty }),
      ...(options.rejectLimit === undefined ? {} : { rejectLimit: options.rejectLimit }),
    });
  }
}
