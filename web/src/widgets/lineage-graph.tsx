import cytoscape from 'cytoscape';
import { useEffect, useRef } from 'preact/hooks';
import type { LineageResult } from '../../../src/client/index.ts';

type LineageGraphView = LineageResult['graph'];

/** What {@link LineageGraph} draws. */
export interface LineageGraphProps {
  readonly graph: LineageGraphView;
  /** The product whose lineage this is (drawn highlighted, not a link). */
  readonly root: string;
  /** Called with a product's id when its node is clicked or tapped. */
  readonly onOpen: (productId: string) => void;
  /** Accessible name of the drawing. */
  readonly label: string;
}

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      shape: 'round-rectangle',
      width: 190,
      height: 48,
      'background-color': '#ffffff',
      'border-width': 1.5,
      'border-color': '#64748b',
      label: 'data(label)',
      'text-wrap': 'wrap',
      'text-max-width': '176px',
      'text-valign': 'center',
      'text-halign': 'center',
      'font-size': 12,
      color: '#1a1f2b',
    },
  },
  {
    selector: 'node.external, node.source',
    style: { 'background-color': '#f1f5f9', 'border-style': 'dashed' },
  },
  {
    selector: 'node.root',
    style: { 'background-color': '#dbeafe', 'border-color': '#1d4ed8', 'border-width': 2.5 },
  },
  {
    selector: 'node.link:active, node.link:selected',
    style: { 'border-color': '#1d4ed8', 'border-width': 3 },
  },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'curve-style': 'bezier',
      'line-color': '#64748b',
      'target-arrow-color': '#64748b',
      'target-arrow-shape': 'triangle',
    },
  },
];

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/**
 * The lineage as an interactive graph drawn by Cytoscape.js on a canvas: a layered layout, upstream on the left;
 * zoom with the wheel or the buttons, pan by dragging, and click a product to open it. The canvas is not read by
 * screen readers: callers list the same nodes as links.
 */
export function LineageGraph(props: LineageGraphProps) {
  const holder = useRef<HTMLDivElement>(null);
  const cyRef = useRef<cytoscape.Core | null>(null);
  const onOpen = useRef(props.onOpen);
  onOpen.current = props.onOpen;
  useEffect(() => {
    const el = holder.current;
    if (el === null) return undefined;
    const { graph, root } = props;
    const hasIncoming = new Set(graph.edges.map((e) => e.to));
    const cy = cytoscape({
      container: el,
      elements: [
        ...graph.nodes.map((n) => ({
          data: {
            id: n.id,
            label: `${clip(n.name ?? n.id, 26)}\n${clip(n.kind === 'product' ? n.id : `${n.kind}: ${n.id}`, 30)}`,
          },
          classes: [n.kind, n.id === root ? 'root' : n.kind === 'product' ? 'link' : ''].join(' '),
        })),
        ...graph.edges.map((e) => ({ data: { id: `${e.from}->${e.to}`, source: e.from, target: e.to } })),
      ],
      style: STYLE,
      layout: {
        name: 'breadthfirst',
        directed: true,
        // Layers from the sources (nodes nothing feeds); maximal puts each node after all that feed it.
        roots: graph.nodes.filter((n) => !hasIncoming.has(n.id)).map((n) => n.id),
        maximal: true,
        spacingFactor: 1.1,
        padding: 16,
        // Breadth-first lays layers top to bottom: turn it so they run left to right, as data flows.
        transform: (_node, p) => ({ x: p.y * 2.2, y: p.x / 2.2 }),
      },
      minZoom: 0.25,
      maxZoom: 3,
      autoungrabify: true,
      boxSelectionEnabled: false,
    });
    cy.on('tap', 'node.link', (e) => onOpen.current(e.target.id()));
    cy.on('mouseover', 'node.link', () => {
      el.style.cursor = 'pointer';
    });
    cy.on('mouseout', 'node.link', () => {
      el.style.cursor = '';
    });
    cyRef.current = cy;
    return () => {
      cyRef.current = null;
      cy.destroy();
    };
    // Redrawn when the graph changes, not each time the parent renders an equal one.
  }, [JSON.stringify(props.graph), props.root]);
  const zoom = (factor: number) => {
    const cy = cyRef.current;
    if (cy === null) return;
    cy.zoom({
      level: cy.zoom() * factor,
      renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 },
    });
  };
  return (
    <>
      <div ref={holder} class="lineage-canvas" role="img" aria-label={props.label} />
      <div class="row graph-controls">
        <button type="button" class="secondary" onClick={() => zoom(1.25)}>
          Zoom in
        </button>
        <button type="button" class="secondary" onClick={() => zoom(0.8)}>
          Zoom out
        </button>
        <button type="button" class="secondary" onClick={() => cyRef.current?.fit(undefined, 16)}>
          Fit
        </button>
      </div>
    </>
  );
}
