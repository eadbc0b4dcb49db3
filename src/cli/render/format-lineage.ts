import type { ImpactReport, ProductReader } from '../../catalog/lineage/impact-analysis.ts';
import type { LineageGraphNode, LineageGraphView } from '../../catalog/lineage/lineage-graph.ts';
import type { LineageEdge } from '../../core/lineage.ts';
import { renderTable } from './table.ts';

function label(n: LineageGraphNode | undefined, id: string): string {
  if (n === undefined) return id;
  if (n.kind === 'external') return `${id} (external)`;
  const details = [n.status, n.owner].filter((x) => x !== undefined);
  return `${id}${details.length > 0 ? ` (${details.join(', ')})` : ' (not in the catalog)'}`;
}

/** Draws the edges reachable from `root` one way as an indented tree; a node met again on its own path is a cycle. */
function tree(
  root: string,
  next: (id: string) => readonly string[],
  nodes: ReadonlyMap<string, LineageGraphNode>,
  depthLimited: boolean,
): string[] {
  const lines: string[] = [];
  const walk = (id: string, prefix: string, path: ReadonlySet<string>): void => {
    const children = next(id);
    children.forEach((child, i) => {
      const last = i === children.length - 1;
      const node = nodes.get(child);
      const cycle = path.has(child);
      const cut = !cycle && depthLimited && node?.truncated === true && next(child).length === 0;
      lines.push(
        `${prefix}${last ? '└─ ' : '├─ '}${label(node, child)}${cycle ? ' ↻ cycle' : ''}${cut ? ' … (more beyond --depth)' : ''}`,
      );
      if (!cycle) walk(child, `${prefix}${last ? '   ' : '│  '}`, new Set([...path, child]));
    });
  };
  walk(root, '  ', new Set([root]));
  return lines;
}

function children(edges: readonly LineageEdge[], direction: 'up' | 'down'): (id: string) => string[] {
  const map = new Map<string, string[]>();
  for (const e of edges) {
    const [from, to] = direction === 'down' ? [e.from, e.to] : [e.to, e.from];
    map.set(from, [...(map.get(from) ?? []), to]);
  }
  return (id) => map.get(id) ?? [];
}

/**
 * Renders a lineage view as indented text trees: for a root, its upstream (what it reads) and downstream (what reads
 * it); for the whole graph, one downstream tree per source node.
 */
export function formatLineageTree(view: LineageGraphView): string {
  const nodes = new Map(view.nodes.map((n) => [n.id, n]));
  const limited = view.depth !== null;
  if (view.root === null) {
    if (view.nodes.length === 0) return '(no products in the catalog yet)\n';
    const down = children(view.edges, 'down');
    const targets = new Set(view.edges.map((e) => e.to));
    const roots = view.nodes.map((n) => n.id).filter((id) => !targets.has(id));
    const out: string[] = [];
    const drawn = new Set<string>();
    for (const r of roots) {
      out.push(label(nodes.get(r), r), ...tree(r, down, nodes, false));
      drawn.add(r);
    }
    // Nodes only on cycles have no source to start from; draw each cycle once from its smallest id.
    for (const e of view.edges) {
      if (drawn.has(e.from) || roots.length > 0) continue;
      out.push(label(nodes.get(e.from), e.from), ...tree(e.from, down, nodes, false));
      drawn.add(e.from);
      break;
    }
    return `${out.join('\n')}\n`;
  }
  const root = view.root;
  const out = [label(nodes.get(root), root)];
  if (view.direction !== 'down') {
    const up = tree(root, children(view.edges, 'up'), nodes, limited);
    out.push(`upstream (reads from):${up.length === 0 ? ' none' : ''}`, ...up);
  }
  if (view.direction !== 'up') {
    const down = tree(root, children(view.edges, 'down'), nodes, limited);
    out.push(`downstream (read by):${down.length === 0 ? ' none' : ''}`, ...down);
  }
  return `${out.join('\n')}\n`;
}

function readers(list: readonly ProductReader[] | null): string {
  if (list === null) return '(owners only)';
  if (list.length === 0) return '-';
  const shown = list.slice(0, 3).map((r) => `${r.actor} (${r.reads})`);
  return `${shown.join(', ')}${list.length > 3 ? ` +${list.length - 3}` : ''}`;
}

/** Renders an impact report: the readers of the changed product, then every downstream product with its level. */
export function formatImpact(report: ImpactReport): string {
  const what = report.field === null ? report.productId : `field ${report.field} of ${report.productId}`;
  const lines = [`impact of a change to ${what}`];
  lines.push(`read directly by: ${readers(report.readers)}`);
  if (report.products.length === 0) {
    lines.push('no downstream products: nothing else reads it');
    return `${lines.join('\n')}\n`;
  }
  const counts = ['affected', 'potentially_affected', 'unlikely'].map(
    (l) => `${report.products.filter((p) => p.level === l).length} ${l.replace('_', ' ')}`,
  );
  lines.push(`${report.products.length} downstream product(s): ${counts.join(', ')}`, '');
  const table = renderTable(
    report.products.map((p) => ({
      product: p.productId,
      level: p.level.replace('_', ' '),
      distance: p.distance,
      owner: p.owner ?? '-',
      readers: readers(p.readers),
      why: p.reason,
    })),
    ['product', 'level', 'distance', 'owner', 'readers', 'why'],
  );
  return `${lines.join('\n')}\n${table}\nrule: ${report.rule}\n`;
}
