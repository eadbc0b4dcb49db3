import type { ComponentChildren } from 'preact';
import { errorMessage } from './api.ts';
import type { SeriesChartProps } from './widgets/series-chart.tsx';
import { type Loaded, useLoad } from './use-load.ts';

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

/**
 * A chart of series over days or named points (see {@link SeriesChartProps}); its drawing library, uPlot, is loaded
 * on first use, so pages without a chart do not download it.
 */
export function Chart(props: SeriesChartProps) {
  const [chart] = useLoad(() => import('./widgets/series-chart.tsx'), []);
  if (chart.state === 'loading') return <Loading what="the chart" />;
  if (chart.state === 'error') return <ErrorBox what="the chart" error={chart.error} />;
  return <chart.value.SeriesChart {...props} />;
}

/** A date-time as the reader's locale shows it. */
export function When(props: { readonly at: string | null | undefined }) {
  if (props.at === null || props.at === undefined) return <span>–</span>;
  const d = new Date(props.at);
  return <time dateTime={props.at}>{Number.isNaN(d.getTime()) ? props.at : d.toLocaleString()}</time>;
}
