import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One line or set of bars of a chart. */
export interface ChartSeries {
  readonly label: string;
  /** One value per point of the x axis (null for a gap). */
  readonly values: readonly (number | null)[];
  /** A CSS colour (drawn on a canvas, so no CSS variable). */
  readonly color: string;
}

/** The x axis: UTC days (as seconds since 1970, uPlot's unit), or one named point each (e.g. quality runs). */
export type ChartAxis =
  | { readonly kind: 'days'; readonly values: readonly number[] }
  | { readonly kind: 'points'; readonly name: string; readonly labels: readonly string[] };

/** What {@link SeriesChart} draws. */
export interface SeriesChartProps {
  /** Shown as the chart's accessible name and caption. */
  readonly title: string;
  readonly x: ChartAxis;
  readonly series: readonly ChartSeries[];
  /** Bars side by side (counts per day) or lines with points (measurements). */
  readonly kind: 'bars' | 'lines';
  /** A fixed top of the y axis (e.g. 100 for percentages); else it fits the data. */
  readonly yMax?: number;
  /** Appended to values on the y axis and in the legend, e.g. ' %'. */
  readonly unit?: string;
}

const HEIGHT = 220;
const DAY = 86_400;

/** uPlot's options for the x axis: its scale, axis, legend entry and the x values. */
function xAxis(axis: ChartAxis): {
  scale: uPlot.Scale;
  axis: uPlot.Axis;
  series: uPlot.Series;
  values: number[];
  extra: Partial<uPlot.Options>;
} {
  if (axis.kind === 'days') {
    return {
      // Half a day either side, so the first and last days' bars are whole.
      scale: { time: true, range: (_u, min, max) => [min - DAY / 2, max + DAY / 2] },
      axis: { values: '{YYYY}-{MM}-{DD}', space: 80 },
      series: { label: 'Day', value: '{YYYY}-{MM}-{DD}' },
      values: [...axis.values],
      // Days are UTC days (as the API counts them), whatever the reader's time zone.
      extra: { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC') },
    };
  }
  const label = (i: number) => axis.labels[Math.round(i)] ?? '';
  return {
    scale: { time: false, range: () => [-0.5, Math.max(0.5, axis.labels.length - 0.5)] },
    // One tick per point, labelled with its name (ticks between points stay blank).
    axis: { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? label(t) : '')), space: 40 },
    series: { label: axis.name, value: (_u, v) => (v === null ? '–' : label(v)) },
    values: axis.labels.map((_, i) => i),
    extra: {},
  };
}

/**
 * A chart of one or more series drawn by uPlot on a canvas, sized to its container and redrawn when that changes
 * width. The canvas is not read by screen readers: callers show the same numbers in a table.
 */
export function SeriesChart(props: SeriesChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = holder.current;
    if (el === null) return undefined;
    const unit = props.unit ?? '';
    const width = () => Math.max(240, Math.floor(el.clientWidth));
    const last = props.series.length - 1;
    const bars = uPlot.paths.bars;
    if (props.kind === 'bars' && bars === undefined) throw new Error('this uPlot build has no bar paths');
    const x = xAxis(props.x);
    const grid = { stroke: '#e2e8f0' };
    const opts: uPlot.Options = {
      ...x.extra,
      width: width(),
      height: HEIGHT,
      // The legend shows the values under the cursor; the series' names and colours double as a key.
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: x.scale,
        y:
          props.yMax === undefined
            ? { range: (_u, _min, max) => [0, Math.max(1, max)] }
            : { range: [0, props.yMax] },
      },
      axes: [
        { stroke: '#475569', grid, ...x.axis },
        { stroke: '#475569', grid, size: 56, values: (_u, ticks) => ticks.map((t) => `${t}${unit}`) },
      ],
      series: [
        x.series,
        ...props.series.map(
          (s, i): uPlot.Series => ({
            label: s.label,
            stroke: s.color,
            width: props.kind === 'bars' ? 0 : 2,
            value: (_u, v) => (v === null ? '–' : `${v}${unit}`),
            ...(props.kind === 'bars' && bars !== undefined
              ? {
                  fill: s.color,
                  // The first series' bars end at the point and the last one's start there: side by side.
                  paths: bars({ size: [0.4, 40], align: i === 0 ? -1 : i === last ? 1 : 0 }),
                  points: { show: false },
                }
              : { points: { show: true, size: 7, fill: s.color } }),
          }),
        ),
      ],
    };
    const plot = new uPlot(opts, [x.values, ...props.series.map((s) => [...s.values])], el);
    const resized = new ResizeObserver(() => {
      const w = width();
      if (w !== plot.width) plot.setSize({ width: w, height: HEIGHT });
    });
    resized.observe(el);
    return () => {
      resized.disconnect();
      plot.destroy();
    };
    // Redrawn when what it shows changes, not each time the parent renders new but equal arrays.
  }, [JSON.stringify(props)]);
  return (
    <figure class="chart">
      <div ref={holder} class="chart-canvas" role="img" aria-label={props.title} />
      <figcaption>{props.title}</figcaption>
    </figure>
  );
}
