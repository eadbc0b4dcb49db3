import { MeshError } from '../core/errors.ts';
import type { WorldBankClientOptions } from '../connectors/worldbank/worldbank-client.ts';
import { createWorldBankClient } from '../connectors/worldbank/worldbank-client.ts';
import {
  WORLDBANK_INDICATORS_PRODUCT_ID,
  worldBankIndicatorRows,
} from '../connectors/worldbank/worldbank-product.ts';
import {
  WORLDBANK_CONNECTOR,
  type WorldBankPull,
  worldBankProductSpec,
  worldBankPullScope,
} from '../connectors/worldbank/worldbank-pull.ts';
import type { Mesh } from './mesh.ts';

/** What a pull did. */
export interface WorldBankPullResult {
  readonly productId: string;
  /** Whether the product was created by this pull. */
  readonly created: boolean;
  /** Records replaced (removed before the new ones were written). */
  readonly removed: number;
  readonly inserted: number;
  /** Records whose value is null (the World Bank has no figure for that year). */
  readonly nullValues: number;
}

/**
 * Pulls World Bank indicator values and materializes them as `external.worldbank_indicators`: the product is
 * created on first use (with lineage from the API), and every pull replaces the pulled scope in one transaction,
 * so re-running updates and never duplicates. Nothing is written when the API fails or a record breaks the contract.
 * @throws MeshError `upstream_failed` when the API fails; ContractViolationError for records that break the contract.
 */
export async function materializeWorldBank(
  mesh: Mesh,
  pull: WorldBankPull,
  clientOptions: WorldBankClientOptions = {},
): Promise<WorldBankPullResult> {
  // A base URL among the client options (a server's setting) wins over the pull's, which is stored for refresh.
  const client = createWorldBankClient({
    ...(pull.baseUrl ? { baseUrl: pull.baseUrl } : {}),
    ...clientOptions,
  });
  try {
    // Fetch everything before touching the store, so that a failure leaves the stored product as it was.
    const rows = await worldBankIndicatorRows(client, pull);
    const created = !(await mesh.hasProduct(WORLDBANK_INDICATORS_PRODUCT_ID));
    const product = await mesh.createProduct(await worldBankProductSpec(), { ifExists: 'reuse' });
    if (created) await product.publish();
    const countries = [
      ...new Set([...pull.countries.map((c) => c.toUpperCase()), ...rows.map((r) => r.country_code)]),
    ];
    const { removed, inserted } = await product.replace(worldBankPullScope(pull, countries), rows);
    await mesh.setSource(product.id, WORLDBANK_CONNECTOR, {
      indicators: pull.indicators,
      countries: pull.countries,
      years: pull.years,
      ...(pull.baseUrl ? { baseUrl: pull.baseUrl } : {}),
    });
    await mesh.markSourceRun(product.id, 'ok', `${inserted} record(s)`);
    return {
      productId: product.id,
      created,
      removed,
      inserted,
      nullValues: rows.filter((r) => r.value === null).length,
    };
  } catch (error) {
    if (await mesh.source(WORLDBANK_INDICATORS_PRODUCT_ID)) {
      await mesh.markSourceRun(
        WORLDBANK_INDICATORS_PRODUCT_ID,
        'failed',
        error instanceof Error ? error.message : String(error),
      );
    }
    throw error;
  }
}

/**
 * Pulls a World Bank product again with the settings stored by its last pull; `clientOptions.baseUrl`, when given,
 * replaces the stored API location for this pull only. Who may not feed the product is refused before anything is
 * fetched.
 * @throws MeshError `not_found` when the product is not fed by the World Bank connector, `unauthorized` for anyone but
 * a platform admin or an owner of its domain, `upstream_failed` when the API fails.
 */
export async function refreshWorldBank(
  mesh: Mesh,
  productId: string,
  clientOptions: WorldBankClientOptions = {},
): Promise<WorldBankPullResult> {
  await mesh.assertMayFeed(productId);
  const source = await mesh.source(productId);
  if (!source || source.connector !== WORLDBANK_CONNECTOR) {
    throw new MeshError('not_found', `product ${productId} is not fed by the World Bank connector`);
  }
  const c = source.config as {
    indicators: string[];
    countries: string[];
    years: WorldBankPull['years'];
    baseUrl?: string;
  };
  return materializeWorldBank(
    mesh,
    {
      indicators: c.indicators,
      countries: c.countries,
      years: c.years,
      ...(c.baseUrl ? { baseUrl: c.baseUrl } : {}),
    },
    clientOptions,
  );
}
