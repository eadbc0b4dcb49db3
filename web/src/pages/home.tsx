import { useClient } from '../client-context.ts';
import { Badge, Empty, Show, StatusBadge, When } from '../components.tsx';
import { href, navigate } from '../router.ts';
import { useLoad } from '../use-load.ts';

/** How many products the home page checks for failing quality or SLA (one call each). */
const HEALTH_CHECKED = 50;

/** Search box, counts by domain/status/quality, recently updated products, products failing quality or SLA. */
export function HomePage() {
  const client = useClient();
  const [overview] = useLoad(async () => {
    const [search, products] = await Promise.all([client.search('', { limit: 1000 }), client.listProducts()]);
    return { facets: search.facets, products };
  }, []);
  const [health] = useLoad(async () => {
    const products = (await client.listProducts())
      .filter((p) => p.status !== 'archived')
      .slice(0, HEALTH_CHECKED);
    const checked = await Promise.all(
      products.map(async (p) => {
        const [metrics, runs] = await Promise.all([
          client.metrics(p.id).catch(() => undefined),
          client.qualityHistory(p.id, 1).catch(() => []),
        ]);
        const reasons: string[] = [];
        const run = runs[0];
        if (run?.verdict === 'fail') reasons.push(`quality run ${run.runId} failed`);
        if (metrics?.sla.verdict === 'missed') reasons.push('SLA missed');
        if (metrics?.metrics.freshness.stale === true) reasons.push('data stale');
        return { product: p, reasons };
      }),
    );
    return checked.filter((c) => c.reasons.length > 0);
  }, []);
  return (
    <>
      <section class="hero">
        <h1>Find a data product</h1>
        <search>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const q = new FormData(e.currentTarget).get('q');
              navigate(href(['search'], { q: typeof q === 'string' ? q : '' }));
            }}
          >
            <label for="home-q">Search by name, description, tag, owner or field</label>
            <div class="row">
              <input id="home-q" name="q" type="search" placeholder="e.g. revenue, email, customer" />
              <button type="submit">Search</button>
            </div>
          </form>
        </search>
      </section>
      <Show loaded={overview} what="the catalog overview">
        {({ facets, products }) => (
          <>
            <section class="cards" aria-label="Counts">
              <FacetCard
                title="Domains"
                facet="domain"
                counts={facets.domain}
                linkTo={(v) => href(['domains', v])}
              />
              <FacetCard title="Status" facet="status" counts={facets.status} />
              <FacetCard title="Quality level" facet="qualityLevel" counts={facets.qualityLevel} />
            </section>
            <section>
              <h2>Recently updated</h2>
              {products.length === 0 ? (
                <Empty>
                  No products yet: create one with meshwork create, or run npm start for the demo products.
                </Empty>
              ) : (
                <ul class="list" aria-label="Recently updated products">
                  {[...products]
                    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
                    .slice(0, 6)
                    .map((p) => (
                      <li key={p.id}>
                        <a href={href(['products', p.id])}>{p.name}</a> <code>{p.id}</code>{' '}
                        <StatusBadge status={p.status} />{' '}
                        <span class="muted">
                          updated <When at={p.updatedAt} />
                        </span>
                      </li>
                    ))}
                </ul>
              )}
            </section>
          </>
        )}
      </Show>
      <section>
        <h2>Failing quality or SLA</h2>
        <Show loaded={health} what="quality and SLA status">
          {(failing) =>
            failing.length === 0 ? (
              <Empty>No product has a failed quality run or a missed SLA.</Empty>
            ) : (
              <ul class="list" aria-label="Failing products">
                {failing.map(({ product, reasons }) => (
                  <li key={product.id}>
                    <a href={href(['products', product.id], { tab: 'quality' })}>{product.name}</a>{' '}
                    {reasons.map((r) => (
                      <Badge key={r} kind="bad">
                        {r}
                      </Badge>
                    ))}
                  </li>
                ))}
              </ul>
            )
          }
        </Show>
      </section>
    </>
  );
}

function FacetCard(props: {
  readonly title: string;
  readonly facet: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly linkTo?: (value: string) => string;
}) {
  const entries = Object.entries(props.counts);
  return (
    <div class="card">
      <h2>{props.title}</h2>
      {entries.length === 0 ? (
        <Empty>None yet.</Empty>
      ) : (
        <ul class="counts">
          {entries.map(([value, n]) => (
            <li key={value}>
              <a href={props.linkTo ? props.linkTo(value) : href(['search'], { [props.facet]: value })}>
                {value}
              </a>
              <span class="count">{n}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
