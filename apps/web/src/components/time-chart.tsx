/**
 * A time chart (uPlot on a canvas): one value per hour or day bucket, as bars or lines, on a left and optionally a
 * right axis. Created on mount, given new data with setData, recreated when its series change, destroyed on unmount; as
 * wide as its container (a ResizeObserver). Colours are the CSS variables of styles.css, read when it is created. The
 * canvas is hidden from screen readers: the figure around it gives the same numbers as text (see analytics.view.tsx).
 */
import 'uplot/dist/uPlot.min.css';
import uPlot from 'uplot';
import { useEffect, useRef } from 'react';
import { formatDateTime, formatDay, formatTime, viewer, type Viewer } from '../locale-format';

export interface ChartSeries {
  label: string;
  values: ReadonlyArray<number | null>;
  /** A CSS variable of styles.css, e.g. `--accent`. */
  color: string;
  /** The axis: left (`y`, the default) or right (`y2`). */
  scale?: 'y' | 'y2';
  /** Bars rather than a line with points. */
  bars?: boolean;
  /** How a value reads, on its axis and in the readout under the cursor. */
  format?: (v: number) => string;
}

export interface TimeChartProps {
  /** The buckets' starts (ms since the epoch). */
  times: readonly number[];
  bucket: 'hour' | 'day';
  series: readonly ChartSeries[];
  timeZone: string;
  height?: number;
  /**
   * Each axis's scale; by default from 0 to a little over the top value, its ticks as the first series on it reads
   * them.
   */
  axes?: Partial<Record<'y' | 'y2', ChartAxis>>;
}

export interface ChartAxis {
  /** A fixed range, e.g. `[0, 100]` for a percentage. */
  range?: [number, number];
  /** The top is at least this: an empty chart still has a scale (e.g. 1 for counts, 60 for seconds). */
  minTop?: number;
  /** The steps ticks may be apart, e.g. whole numbers for counts. */
  incrs?: number[];
  format?: (v: number) => string;
}

/** Tick steps for counts: whole numbers. */
export const COUNT_INCRS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000,
];
/** Tick steps for durations in seconds: seconds, then minutes, then hours. */
export const SECONDS_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 28_800];

const BUCKET_SECONDS = { hour: 3600, day: 86_400 } as const;

/** `#rrggbb` with an alpha, for the fills under lines and the bars. */
function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim());
  if (!m) return color;
  return `rgba(${parseInt(m[1]!, 16)}, ${parseInt(m[2]!, 16)}, ${parseInt(m[3]!, 16)}, ${alpha})`;
}

const plain = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

function options(el: HTMLElement, p: TimeChartProps, width: number): uPlot.Options {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const muted = v('--muted', '#8794a8');
  const grid = v('--border', '#243042');
  const text = v('--text', '#dbe2ec');
  const font = `11px ${css.fontFamily || 'system-ui'}`;
  const half = BUCKET_SECONDS[p.bucket] / 2;
  // The period's zone, written the viewer's way.
  const at: Viewer = { locale: viewer().locale, timeZone: p.timeZone };
  const dayFmt = { format: (d: Date) => formatDay(d, at) };
  const hourFmt = { format: (d: Date) => formatTime(d, at) };
  const isMidnight = (d: Date) => formatTime(d, { locale: 'en-GB', timeZone: p.timeZone }) === '00:00';
  const readout = {
    format: (d: Date) => (p.bucket === 'hour' ? formatDateTime(d, at) : formatDay(d, at, { weekday: true })),
  };
  const formatOf = (scale: 'y' | 'y2') =>
    p.axes?.[scale]?.format ?? p.series.find((s) => (s.scale ?? 'y') === scale)?.format ?? plain;
  const range =
    (scale: 'y' | 'y2'): uPlot.Range.Function =>
    (_u, _min, max) => {
      const axis = p.axes?.[scale];
      if (axis?.range) return axis.range;
      const top = Math.max(Number.isFinite(max) ? max : 0, axis?.minTop ?? 1);
      return [0, uPlot.rangeNum(0, top, 0.1, true)[1]];
    };
  const hasRight = p.series.some((s) => s.scale === 'y2');
  const yAxis = (scale: 'y' | 'y2'): uPlot.Axis => ({
    scale,
    side: scale === 'y' ? 3 : 1,
    stroke: muted,
    font,
    size: 46,
    gap: 4,
    grid: { show: scale === 'y', stroke: grid, width: 1 },
    ticks: { show: false },
    ...(p.axes?.[scale]?.incrs ? { incrs: p.axes[scale]!.incrs } : {}),
    values: (_u, splits) => splits.map((s) => formatOf(scale)(s)),
  });

  return {
    width,
    height: p.height ?? 200,
    padding: [10, hasRight ? 4 : 14, 0, 4],
    // The legend is the readout of the bucket under the cursor, shown over the chart only while there is one.
    legend: { show: true, live: true },
    hooks: {
      setCursor: [(u) => u.root.classList.toggle('has-cursor', u.cursor.idx !== null && u.cursor.idx !== undefined)],
    },
    cursor: { drag: { x: false, y: false, setScale: false }, points: { size: 7 } },
    scales: {
      x: { time: true, range: (_u, min, max) => [min - half, max + half] },
      y: { range: range('y') },
      ...(hasRight ? { y2: { range: range('y2') } } : {}),
    },
    axes: [
      {
        stroke: muted,
        font,
        space: 58,
        gap: 4,
        size: 36,
        grid: { show: false },
        ticks: { stroke: grid, width: 1, size: 4 },
        // Days on a day chart; hours on an hour chart, with the day under its midnight when the chart has several.
        values: (_u, splits, _i, _space, incr) =>
          splits.map((s) => {
            const d = new Date(s * 1000);
            if (incr >= 86_400 - 3600) return dayFmt.format(d);
            const h = hourFmt.format(d);
            return isMidnight(d) ? `${h}\n${dayFmt.format(d)}` : h;
          }),
      },
      yAxis('y'),
      ...(hasRight ? [yAxis('y2')] : []),
    ],
    series: [
      { value: (_u, ts, _s, idx) => (ts === null || idx === null ? '' : readout.format(new Date(ts * 1000))) },
      ...p.series.map((s): uPlot.Series => {
        const color = v(s.color, text);
        const format = s.format ?? plain;
        return {
          label: s.label,
          scale: s.scale ?? 'y',
          stroke: color,
          width: s.bars ? 1 : 2,
          fill: withAlpha(color, s.bars ? 0.55 : 0.08),
          value: (_u, val, _s, idx) => (idx === null ? '' : val === null || val === undefined ? '—' : format(val)),
          ...(s.bars
            ? { paths: uPlot.paths.bars!({ size: [0.7, 44], radius: 0.15 }), points: { show: false } }
            : { points: { show: true, size: 5, fill: color, filter: notablePoints } }),
        };
      }),
    ],
  };
}

/**
 * A line's dots: where it has something to show (a value above 0), and a lone value between empty buckets (no line
 * reaches it); a flat run of zeros stays a plain line.
 */
const notablePoints: uPlot.Series.Points.Filter = (u, seriesIdx) => {
  const ys = u.data[seriesIdx] ?? [];
  const out: number[] = [];
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i];
    if (y === null || y === undefined) continue;
    const lone = (ys[i - 1] ?? null) === null && (ys[i + 1] ?? null) === null;
    if (y !== 0 || lone) out.push(i);
  }
  return out;
};

/** What the chart is drawn from; a change of any of it (not of the values) makes a new chart. */
const shapeOf = (p: TimeChartProps) =>
  JSON.stringify([p.bucket, p.timeZone, p.height, p.axes, p.series.map((s) => [s.label, s.color, s.scale, s.bars])]);

const dataOf = (p: TimeChartProps): uPlot.AlignedData => [
  p.times.map((t) => t / 1000),
  ...p.series.map((s) => [...s.values]),
];

export function TimeChart(props: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const shape = shapeOf(props);

  // A new chart for a new shape (and the first one); gone on unmount.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = () => Math.max(120, Math.floor(el.clientWidth));
    const u = new uPlot(options(el, latest.current, width()), dataOf(latest.current), el);
    plot.current = u;
    const resize = new ResizeObserver(() => {
      const w = width();
      if (w !== u.width) u.setSize({ width: w, height: latest.current.height ?? 200 });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [shape]);

  // New values: the same chart, redrawn.
  const { times, series } = props;
  useEffect(() => {
    plot.current?.setData(dataOf(latest.current));
  }, [times, series]);

  return <div ref={box} className="time-chart" aria-hidden="true" />;
}
