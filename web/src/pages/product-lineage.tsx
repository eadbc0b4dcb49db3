import type { LineageResult, ProductCard } from '../../../src/client/index.ts';

type LineageGraphView = LineageResult['graph'];

import { useClient } from '../client-context.ts';
import { Badge, Empty, Show } from '../components.tsx';
import { href, navigate, type Route } from '../router.ts';
import { useLoad } from '../use-load.ts';

const NODE_W = 190;
const NODE_H = 46;
const COL_GAP = 70;
const ROW_GAP = 22;

/** The lineage graph upstream and downstream, drawn as SVG (a node opens its product), and the impact of a change. */
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
            <LineageGraph graph={graph} root={id} />
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
          report.products.length === 0 && report.readers.length === 0 ? (
            <Empty>Nothing downstream: a change here affects no other product.</Empty>
          ) : (
            <>
              <p class="muted small">{report.rule}</p>
              <ul class="list">
                {report.products.map((p) => (
                  <li key={p.productId}>
                    <a href={href(['products', p.productId], { tab: 'lineage' })}>{p.productId}</a>{' '}
                    <Badge kind={p.level === 'affected' ? 'bad' : ''}>{p.level}</Badge>{' '}
                    <span class="muted">{p.reason}</span>
                  </li>
                ))}
                {report.readers.map((r) => (
                  <li key={`reader-${JSON.stringify(r)}`}>
                    reader: <code>{JSON.stringify(r)}</code>
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

/** Columns by distance: upstream to the left, the product in the middle, downstream to the right. */
function LineageGraph(props: { readonly graph: LineageGraphView; readonly root: string }) {
  const { graph } = props;
  const column = (n: LineageGraphView['nodes'][number]): number =>
    n.id === props.root ? 0 : n.upstreamDistance !== null ? -n.upstreamDistance : (n.downstreamDistance ?? 0);
  const columns = new Map<number, string[]>();
  for (const n of graph.nodes) columns.set(column(n), [...(columns.get(column(n)) ?? []), n.id]);
  const keys = [...columns.keys()].sort((a, b) => a - b);
  const first = keys[0] ?? 0;
  const tallest = Math.max(...[...columns.values()].map((c) => c.length));
  const height = tallest * (NODE_H + ROW_GAP) + ROW_GAP;
  const width = keys.length * (NODE_W + COL_GAP) - COL_GAP + 20;
  const at = new Map<string, { x: number; y: number }>();
  for (const [col, ids] of columns) {
    const top = (height - ids.length * (NODE_H + ROW_GAP) + ROW_GAP) / 2;
    ids.forEach((nid, i) => {
      at.set(nid, { x: 10 + (col - first) * (NODE_W + COL_GAP), y: top + i * (NODE_H + ROW_GAP) });
    });
  }
  return (
    <figure class="lineage">
      <svg viewBox={`0 0 ${width} ${height}`} width={width} aria-labelledby="lineage-title">
        <title id="lineage-title">Lineage graph</title>
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="8"
            markerHeight="8"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" class="edge-head" />
          </marker>
        </defs>
        {graph.edges.map((e) => {
          const a = at.get(e.from);
          const b = at.get(e.to);
          if (a === undefined || b === undefined) return null;
          const x1 = a.x + NODE_W;
          const y1 = a.y + NODE_H / 2;
          const x2 = b.x;
          const y2 = b.y + NODE_H / 2;
          const mid = (x1 + x2) / 2;
          return (
            <path
              key={`${e.from}->${e.to}`}
              d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`}
              class="edge"
              marker-end="url(#arrow)"
            />
          );
        })}
        {graph.nodes.map((n) => {
          const p = at.get(n.id);
          if (p === undefined) return null;
          const isRoot = n.id === props.root;
          const label = `${n.name ?? n.id} (${n.id}), ${isRoot ? 'this product' : column(n) < 0 ? 'upstream' : 'downstream'}`;
          const body = (
            <>
              <rect
                x={p.x}
                y={p.y}
                width={NODE_W}
                height={NODE_H}
                rx="8"
                class={isRoot ? 'node root' : `node ${n.kind}`}
              />
              <text x={p.x + 10} y={p.y + 19} class="node-name">
                {clip(n.name ?? n.id, 24)}
              </text>
              <text x={p.x + 10} y={p.y + 36} class="node-id">
                {clip(n.kind === 'product' ? n.id : `${n.kind}: ${n.id}`, 28)}
              </text>
            </>
          );
          return n.kind === 'product' && !isRoot ? (
            <a
              key={n.id}
              href={href(['products', n.id], { tab: 'lineage' })}
              aria-label={label}
              class="node-link"
              data-node={n.id}
            >
              {body}
            </a>
          ) : (
            <g key={n.id} data-node={n.id}>
              <title>{label}</title>
              {body}
            </g>
          );
        })}
      </svg>
      <figcaption>Upstream on the left, downstream on the right; select a product to open it.</figcaption>
    </figure>
  );
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
