import type { ComponentChildren } from 'preact';
import { errorMessage } from './api.ts';
import type { Loaded } from './use-load.ts';

/** Shows a spinner while loading, the API's message on failure, else the content. */
export function Show<T>(props: {
  readonly loaded: Loaded<T>;
  readonly what: string;
  readonly children: (value: T) => ComponentChildren;
}) {
  const { loaded } = props;
  if (loaded.state === 'loading') return <Loading what={props.what} />;
  if (loaded.state === 'error') return <ErrorBox what={props.what} error={loaded.error} />;
  return <>{props.children(loaded.value)}</>;
}

/** A loading notice, announced politely to screen readers. */
export function Loading(props: { readonly what: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      Loading {props.what}…
    </p>
  );
}

/** An error with the API's own message. */
export function ErrorBox(props: { readonly what?: string; readonly error: unknown }) {
  const status = (props.error as { status?: number } | null)?.status;
  return (
    <div class="error" role="alert">
      <strong>{props.what === undefined ? 'Failed' : `Could not load ${props.what}`}</strong>
      {status === undefined ? '' : ` (HTTP ${status})`}: {errorMessage(props.error)}
    </div>
  );
}

/** What an empty list says. */
export function Empty(props: { readonly children: ComponentChildren }) {
  return <p class="empty">{props.children}</p>;
}

/** A small coloured label. */
export function Badge(props: { readonly kind?: string; readonly children: ComponentChildren }) {
  return <span class={`badge ${props.kind ?? ''}`}>{props.children}</span>;
}

/** A status badge coloured by the product's lifecycle state. */
export function StatusBadge(props: { readonly status: string }) {
  return <Badge kind={`status-${props.status}`}>{props.status}</Badge>;
}

/** A row of tab links; the current one is marked for assistive technology. */
export function Tabs(props: {
  readonly label: string;
  readonly tabs: readonly { readonly id: string; readonly label: string; readonly href: string }[];
  readonly current: string;
}) {
  return (
    <nav class="tabs" aria-label={props.label}>
      {props.tabs.map((t) => (
        <a
          key={t.id}
          href={t.href}
          class={t.id === props.current ? 'tab current' : 'tab'}
          aria-current={t.id === props.current ? 'page' : undefined}
        >
          {t.label}
        </a>
      ))}
    </nav>
  );
}

/** A bar chart drawn as SVG, one bar per point, with a text fallback for screen readers. */
export function BarChart(props: {
  readonly title: string;
  readonly points: readonly { readonly label: string; readonly value: number }[];
  readonly max?: number;
  readonly unit?: string;
}) {
  const { points } = props;
  if (points.length === 0) return <Empty>No data for {props.title.toLowerCase()} yet.</Empty>;
  const max = props.max ?? Math.max(1, ...points.map((p) => p.value));
  const width = 600;
  const height = 140;
  const gap = 4;
  const bar = Math.min(64, Math.max(2, (width - gap * points.length) / points.length));
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${width} ${height + 20}`}
        role="img"
        aria-label={props.title}
        preserveAspectRatio="xMinYMax meet"
      >
        <line x1="0" y1={height} x2={width} y2={height} class="axis" />
        <title>{props.title}</title>
        {points.map((p, i) => {
          const h = (p.value / max) * height;
          const x = i * (bar + gap);
          return (
            <g key={p.label}>
              {points.length <= 24 ? (
                <text x={x + bar / 2} y={Math.max(10, height - h - 4)} text-anchor="middle" class="bar-value">
                  {p.value}
                </text>
              ) : null}
              <rect x={x} y={height - h} width={bar} height={h} class="bar">
                <title>
                  {p.label}: {p.value}
                  {props.unit ?? ''}
                </title>
              </rect>
              {points.length <= 12 ? (
                <text x={x + bar / 2} y={height + 14} text-anchor="middle" class="bar-label">
                  {p.label.length > 12 ? `${p.label.slice(0, 11)}…` : p.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption>{props.title}</figcaption>
    </figure>
  );
}

/** A date-time as the reader's locale shows it. */
export function When(props: { readonly at: string | null | undefined }) {
  if (props.at === null || props.at === undefined) return <span>–</span>;
  const d = new Date(props.at);
  return <time dateTime={props.at}>{Number.isNaN(d.getTime()) ? props.at : d.toLocaleString()}</time>;
}
