/**
 * A mesh with the example products (sales.transactions, customer.profiles; published, samples ingested) and a cast of
 * principals: alice owns sales, carol owns customer, bob and dave are consumers, erin is a second platform admin,
 * and etl-bot is a service account owning sales.
 */
import type { Mesh } from '../../src/product/mesh.ts';
import {
  type ExampleMesh,
  type ExampleMeshOptions,
  openTemplateMesh,
  populateExamples,
} from './example-mesh.ts';

/** An example mesh with principals and a handle per principal. */
export interface GovernedMesh extends ExampleMesh {
  readonly alice: Mesh;
  readonly carol: Mesh;
  readonly bob: Mesh;
  readonly dave: Mesh;
  readonly erin: Mesh;
}

/** Options for {@link openGovernedMesh}. */
export interface GovernedMeshOptions extends ExampleMeshOptions {
  /** Publish both example products (default true). */
  readonly publish?: boolean;
}

/** Opens an example mesh, publishes its products and registers the principals. */
export async function openGovernedMesh(options: GovernedMeshOptions = {}): Promise<GovernedMesh> {
  const ingest = options.ingest !== false;
  const publish = options.publish !== false;
  const key = `governed-${ingest ? 'ingested' : 'empty'}-${publish ? 'published' : 'drafts'}`;
  const em = await openTemplateMesh(key, async (mesh) => {
    await populateExamples(mesh, ingest);
    if (publish) {
      await (await mesh.product('sales.transactions')).publish();
      await (await mesh.product('customer.profiles')).publish();
    }
    const gov = mesh.governance;
    await gov.addPrincipal({ id: 'alice', roles: ['owner:sales'] });
    await gov.addPrincipal({ id: 'carol', roles: ['owner:customer'] });
    await gov.addPrincipal({ id: 'bob', roles: ['consumer'] });
    await gov.addPrincipal({ id: 'dave', roles: ['consumer'] });
    await gov.addPrincipal({ id: 'erin', roles: ['admin'] });
    await gov.addPrincipal({ id: 'etl-bot', kind: 'service', roles: ['owner:sales'] });
  });
  return {
    ...em,
    alice: await em.mesh.as('alice'),
    carol: await em.mesh.as('carol'),
    bob: await em.mesh.as('bob'),
    dave: await em.mesh.as('dave'),
    erin: await em.mesh.as('erin'),
  };
}

/** Awaits a promise that must fail and returns its error. */
export async function failureOf(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  const outcome = await promise.then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error('expected the operation to fail, but it succeeded');
  return outcome.error as Error & { code?: string };
}
