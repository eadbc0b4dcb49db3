import { useClient } from '../client-context.ts';
import { Badge, Empty, ErrorBox, Loading, Show, StatusBadge } from '../components.tsx';
import { href } from '../router.ts';
import { useLoad } from '../use-load.ts';
import { ComplianceView } from './governance.tsx';

/** A domain: its owner team, its products and their compliance. */
export function DomainPage(props: { readonly name: string }) {
  const client = useClient();
  const [data] = useLoad(async () => {
    const [domains, products] = await Promise.all([
      client.domains(),
      client.listProducts({ domain: props.name }),
    ]);
    const domain = domains.find((d) => d.name === props.name);
    if (domain === undefined) throw new Error(`no domain ${props.name} in the catalog`);
    return { domain, products };
  }, [props.name]);
  const [compliance] = useLoad(() => client.governance.compliance({ domain: props.name }), [props.name]);
  return (
    <Show loaded={data} what={`domain ${props.name}`}>
      {({ domain, products }) => (
        <>
          <h1>Domain {domain.name}</h1>
          <p>{domain.description ?? <span class="muted">No description.</span>}</p>
          <dl class="facts">
            <dt>Owner team</dt>
            <dd>{domain.ownerTeam ?? <span class="muted">not set</span>}</dd>
            <dt>Product owners</dt>
            <dd>{productOwners(products)}</dd>
            <dt>Products</dt>
            <dd>
              {domain.products.total} ({domain.products.published} published, {domain.products.draft} draft
              {domain.products.deprecated === 0 ? '' : `, ${domain.products.deprecated} deprecated`})
            </dd>
          </dl>
          <h2>Products</h2>
          {products.length === 0 ? (
            <Empty>No products in this domain.</Empty>
          ) : (
            <ul class="list">
              {products.map((p) => (
                <li key={p.id}>
                  <a href={href(['products', p.id])}>{p.name}</a> <code>{p.id}</code>{' '}
                  <StatusBadge status={p.status} /> <Badge kind="level">{p.qualityLevel}</Badge>
                </li>
              ))}
            </ul>
          )}
          <h2>Compliance</h2>
          {compliance.state === 'loading' ? <Loading what="compliance" /> : null}
          {compliance.state === 'error' ? <ErrorBox what="compliance" error={compliance.error} /> : null}
          {compliance.state === 'ok' ? <ComplianceView report={compliance.value} /> : null}
        </>
      )}
    </Show>
  );
}

/** The owners its products name, most products first, e.g. `sales-team (2)`. */
function productOwners(products: readonly { readonly owner: string }[]): string {
  const counts = new Map<string, number>();
  for (const p of products) counts.set(p.owner, (counts.get(p.owner) ?? 0) + 1);
  if (counts.size === 0) return '–';
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([owner, n]) => `${owner} (${n})`)
    .join(', ');
}
