/**
 * One chart of Analytics as a figure: its title and CSV links, the canvas (TimeChart), a caption with its totals, and
 * the same numbers as a table for screen readers (and tests: each total and cell carries its metric and value).
 */
import { useMemo, type ReactNode } from 'react';
import type { SeriesPoint } from '@livespace/protocol/analytics';
import { bucketLabel } from '../analytics-figures';
import type { Bucket } from '../analytics-period';
import { TimeChart, type ChartAxis, type ChartSeries } from './time-chart';

export interface ChartLine {
  metric: string;
  label: string;
  points: readonly SeriesPoint[];
  color: string;
  scale?: 'y' | 'y2';
  bars?: boolean;
  format?: (v: number) => string;
  /** The figure for the period under the chart: the sum for counts, or the summary's figure for averages. */
  total: { value: number | null; text: string };
  csvHref: string;
}

interface Props {
  id: string;
  title: string;
  lines: readonly ChartLine[];
  bucket: Bucket;
  timeZone: string;
  axes?: Partial<Record<'y' | 'y2', ChartAxis>>;
  stale?: boolean;
  note?: ReactNode;
  /** Said over the chart when it has nothing to draw (every bucket empty or 0). */
  emptyText: string;
}

export function AnalyticsChart({ id, title, lines, bucket, timeZone, axes, stale, note, emptyText }: Props) {
  const first = lines[0]?.points ?? [];
  const times = useMemo(() => first.map((p) => Date.parse(p.at)), [first]);
  const series = useMemo<ChartSeries[]>(
    () =>
      lines.map((l) => ({
        label: l.label,
        values: l.points.map((p) => p.value),
        color: l.color,
        scale: l.scale,
        bars: l.bars,
        format: l.format,
      })),
    [lines],
  );
  // Hours over several days say which day.
  const severalDays =
    bucket === 'hour' &&
    first.length > 0 &&
    new Date(first[0]!.at).toDateString() !== new Date(first[first.length - 1]!.at).toDateString();
  const headId = `an-chart-${id}-title`;
  const nothing = lines.every((l) => l.points.every((p) => !p.value));

  return (
    <figure
      className={`an-chart${stale ? ' is-stale' : ''}`}
      data-testid={`chart-${id}`}
      data-points={first.length}
      aria-labelledby={headId}
    >
      <div className="an-chart-head">
        <h2 id={headId}>{title}</h2>
        <span className="an-chart-csv">
          {lines.length > 1 && (
            <span className="an-csv-label" aria-hidden="true">
              CSV
            </span>
          )}
          {lines.map((l) => (
            <a
              key={l.metric}
              href={l.csvHref}
              download
              data-testid={`csv-series-${l.metric}`}
              aria-label={`Download CSV: ${l.label} per ${bucket}`}
            >
              {lines.length > 1 ? l.label : 'CSV'}
            </a>
          ))}
        </span>
      </div>
      <div className="an-chart-body">
        <TimeChart times={times} bucket={bucket} series={series} timeZone={timeZone} axes={axes} height={190} />
        {nothing && (
          <p className="an-chart-empty" data-testid="chart-empty">
            {emptyText}
          </p>
        )}
      </div>
      <figcaption className="an-chart-caption">
        {lines.map((l) => (
          <span
            key={l.metric}
            className="an-chart-total"
            data-testid="chart-total"
            data-metric={l.metric}
            data-value={l.total.value ?? ''}
          >
            <span className={`an-swatch an-swatch-${l.metric}`} aria-hidden="true" />
            {l.total.text}
          </span>
        ))}
        {note && <span className="an-chart-note">{note}</span>}
      </figcaption>
      <table className="sr-only" data-testid="chart-table">
        <caption>
          {title} per {bucket}
        </caption>
        <thead>
          <tr>
            <th scope="col">{bucket === 'hour' ? 'Hour' : 'Day'}</th>
            {lines.map((l) => (
              <th key={l.metric} scope="col">
                {l.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {first.map((p, i) => (
            <tr key={p.at}>
              <th scope="row">{bucketLabel(p.at, bucket, timeZone, severalDays)}</th>
              {lines.map((l) => {
                const v = l.points[i]?.value ?? null;
                return (
                  <td key={l.metric} data-metric={l.metric} data-value={v ?? ''}>
                    {v === null ? 'none' : l.format ? l.format(v) : v}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
