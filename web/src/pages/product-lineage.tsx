import type { LineageResult, ProductCard } from '../../../src/client/index.ts';
import { useClient } from '../client-context.ts';
import { Badge, Empty, ErrorBox, Loading, Show } from '../components.tsx';
import { href, navigate, type Route } from '../router.ts';
import { useLoad } from '../use-load.ts';

type LineageGraphView = LineageResult['graph'];

/** The lineage graph upstream and downstream (a node opens its product), and the impact of a change. */
export function LineageTab(props: { readonly card: ProductCard; readonly route: Route }) {
  const client = useClient();
  const id = props.card.descriptor.id;
  const [lineage] = useLoad(() => client.lineage(id, { direction: 'both' }), [id]);
  const field = props.route.params.get('field') ?? '';
  const [impact] = useLoad(() => client.impact(id, field === '' ? {} : { field }), [id, field]);
  return (
    <>
      <Show loaded={lineage} what="lineage">
        {({ graph }) =>
          graph.nodes.length <= 1 ? (
            <Empty>No lineage: nothing feeds this product and nothing is derived from it.</Empty>
          ) : (
            <LineageView graph={graph} root={id} />
          )
        }
      </Show>
      <h2>Impact of a change</h2>
      <form class="row" onSubmit={(e) => e.preventDefault()}>
        <label for="impact-field">Changed field</label>
        <select
          id="impact-field"
          value={field}
          onChange={(e) =>
            navigate(
              href(['products', id], { tab: 'lineage', field: (e.currentTarget as HTMLSelectElement).value }),
            )
          }
        >
          <option value="">the product as a whole</option>
          {props.card.descriptor.schema.fields.map((f) => (
            <option key={f.name} value={f.name}>
              {f.name}
            </option>
          ))}
        </select>
      </form>
      <Show loaded={impact} what="the impact analysis">
        {(report) =>
          report.products.length === 0 && (report.readers ?? []).length === 0 ? (
            <Empty>Nothing downstream: a change here affects no other product.</Empty>
          ) : (
            <>
              <p class="muted small">{report.rule}</p>
              {report.readers === null ? (
                <p class="muted small">Who reads it is shown to its owners and admins.</p>
              ) : report.readers.length === 0 ? null : (
                <p>Read by {readersText(report.readers)}: they see the change first.</p>
              )}
              <ul class="list" aria-label="Products a change reaches">
                {report.products.map((p) => (
                  <li key={p.productId}>
                    <a href={href(['products', p.productId], { tab: 'lineage' })}>{p.productId}</a>{' '}
                    <Badge kind={p.level === 'affected' ? 'bad' : ''}>{p.level}</Badge>{' '}
                    <span class="muted">{p.reason}</span>
                    <p class="muted small">
                      {p.owner === undefined ? '' : `owner ${p.owner} · `}via {p.path.join(' → ')}
                      {p.readers === null || p.readers.length === 0
                        ? ''
                        : ` · read by ${readersText(p.readers)}`}
                    </p>
                  </li>
                ))}
              </ul>
            </>
          )
        }
      </Show>
    </>
  );
}

/** Readers as `bob (3 reads), dave (1 read)`, most reads first as the API lists them; past five, how many more. */
function readersText(readers: readonly { readonly actor: string; readonly reads: number }[]): string {
  const shown = readers
    .slice(0, 5)
    .map((r) => `${r.actor} (${r.reads} ${r.reads === 1 ? 'read' : 'reads'})`)
    .join(', ');
  return readers.length > 5 ? `${shown} and ${readers.length - 5} more` : shown;
}

function side(
  n: LineageGraphView['nodes'][number],
  root: string,
): 'this product' | 'upstream' | 'downstream' {
  if (n.id === root) return 'this product';
  return n.upstreamDistance !== null ? 'upstream' : 'downstream';
}

/**
 * The graph drawn by Cytoscape.js (loaded on first use, so other pages do not download it) and, beside it, the same
 * nodes as a list of links for keyboards and screen readers.
 */
function LineageView(props: { readonly graph: LineageGraphView; readonly root: string }) {
  const [module] = useLoad(() => import('../widgets/lineage-graph.tsx'), []);
  // Upstream-most first, then the product, then downstream by distance.
  const layer = (n: LineageGraphView['nodes'][number]): number =>
    n.id === props.root ? 0 : n.upstreamDistance !== null ? -n.upstreamDistance : (n.downstreamDistance ?? 0);
  const nodes = [...props.graph.nodes].sort((a, b) => layer(a) - layer(b) || a.id.localeCompare(b.id));
  return (
    <div class="lineage">
      <figure class="lineage-graph">
        {module.state === 'loading' ? <Loading what="the graph" /> : null}
        {module.state === 'error' ? <ErrorBox what="the graph" error={module.error} /> : null}
        {module.state === 'ok' ? (
          <module.value.LineageGraph
            graph={props.graph}
            root={props.root}
            label={`Lineage graph of ${props.root}`}
            onOpen={(productId) => navigate(href(['products', productId], { tab: 'lineage' }))}
          />
        ) : null}
        <figcaption>
          Upstream on the left, downstream on the right. Scroll or use the buttons to zoom, drag to pan, click
          a product to open it.
        </figcaption>
      </figure>
      <nav class="lineage-nodes" aria-label="Lineage nodes">
        <h2 class="small-heading">Nodes</h2>
        <ul class="list">
          {nodes.map((n) => {
            const where = side(n, props.root);
            const label = `${n.name ?? n.id} (${n.id}), ${where}`;
            return (
              <li key={n.id}>
                {n.kind === 'product' && n.id !== props.root ? (
                  <a href={href(['products', n.id], { tab: 'lineage' })} aria-label={label} data-node={n.id}>
                    {n.name ?? n.id}
                  </a>
                ) : (
                  <span data-node={n.id}>{n.name ?? n.id}</span>
                )}{' '}
                <span class="muted small">
                  {n.kind === 'product' ? n.id : `${n.kind}: ${n.id}`} · {where}
                </span>
              </li>
            );
          })}
        </ul>
      </nav>
    </div>
  );
}
