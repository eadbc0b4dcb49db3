import type { LineageGraphNode, LineageGraphView } from './lineage-graph.ts';

/** Mermaid labels are double-quoted; quotes and angle brackets inside become entity codes. */
function label(text: string): string {
  return text.replaceAll('"', '#quot;').replaceAll('<', '#lt;').replaceAll('>', '#gt;');
}

function nodeLine(key: string, n: LineageGraphNode): string {
  if (n.kind === 'external') return `  ${key}(["${label(n.id)}"])`;
  const details = [n.status, n.owner].filter((x) => x !== undefined).join(', ');
  const more = n.truncated ? ' …' : '';
  return `  ${key}["${label(n.id)}${details ? `<br/>${label(details)}` : ''}${more}"]`;
}

/**
 * Draws a lineage view as a Mermaid `flowchart LR`: products as boxes (id, status, owner), external sources as
 * rounded nodes, data flowing left to right. The root is highlighted; `…` marks nodes the depth limit cut off.
 * @example toLineageMermaid(await mesh.lineageGraph('sales.transactions'))
 */
export function toLineageMermaid(view: LineageGraphView): string {
  const keys = new Map(view.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const n of view.nodes) lines.push(nodeLine(keys.get(n.id) ?? '', n));
  for (const e of view.edges) {
    const from = keys.get(e.from);
    const to = keys.get(e.to);
    if (from === undefined || to === undefined) continue;
    const note = e.description ? `|"${label(e.description).replaceAll('|', '/')}"|` : '';
    lines.push(`  ${from} -->${note} ${to}`);
  }
  const external = view.nodes.filter((n) => n.kind === 'external').map((n) => keys.get(n.id));
  if (external.length > 0) {
    lines.push('  classDef external fill:#f4f4f4,stroke:#999,stroke-dasharray:3 3');
    lines.push(`  class ${external.join(',')} external`);
  }
  if (view.root !== null) {
    lines.push('  classDef root fill:#fff3c4,stroke:#d4a000,stroke-width:2px');
    lines.push(`  class ${keys.get(view.root)} root`);
  }
  return `${lines.join('\n')}\n`;
}
