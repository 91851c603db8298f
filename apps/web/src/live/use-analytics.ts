/**
 * The figures of one period: the summary, the charts' series (one request per metric) and the human agents', fetched
 * together; again each time `refresh` changes (the view bumps it every 30 s while the period includes today), keeping
 * what is shown until the new figures are all in. A new period or bucket shows loading (the old figures stay, dimmed).
 */
import { useEffect, useState } from 'react';
import type { HumanAgentFigures, AnalyticsSummary, SeriesPoint } from '@livespace/protocol/analytics';
import { api } from '../api';
import { CHART_METRICS, type ChartMetric } from '../analytics-figures';
import { apiQuery, type Bucket } from '../analytics-period';

interface AnalyticsFigures {
  /** The request these answer (period, zone, bucket). */
  key: string;
  /** The series' bucket. */
  bucket: Bucket;
  summary: AnalyticsSummary;
  series: Record<ChartMetric, SeriesPoint[]>;
  agents: HumanAgentFigures[];
  /** When they were fetched (ms). */
  at: number;
}

export interface AnalyticsState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  figures: AnalyticsFigures | null;
  /** The last request's failure (the figures shown, if any, are older). */
  error: string | null;
}

export interface AnalyticsRequest {
  from: string;
  to: string;
  timeZone: string;
  bucket: Bucket;
}

export const requestKey = (r: AnalyticsRequest) => `${r.from}|${r.to}|${r.timeZone}|${r.bucket}`;

/** `request` null: nothing asked (not allowed, or a custom period that cannot be asked for). */
export function useAnalytics(request: AnalyticsRequest | null, refresh: number): AnalyticsState {
  const [state, setState] = useState<AnalyticsState>({ status: 'idle', figures: null, error: null });
  const key = request ? requestKey(request) : null;

  useEffect(() => {
    if (!request || !key) {
      setState((s) => ({ ...s, status: 'idle', error: null }));
      return;
    }
    const ctrl = new AbortController();
    const { signal } = ctrl;
    setState((s) => (s.figures?.key === key ? s : { ...s, status: 'loading', error: null }));
    const q = (more: Record<string, string> = {}) => apiQuery(request, request.timeZone, more);
    Promise.all([
      api<AnalyticsSummary>(`/api/analytics/summary?${q()}`, { signal }),
      Promise.all(
        CHART_METRICS.map((metric) =>
          api<{ points: SeriesPoint[] }>(`/api/analytics/series?${q({ bucket: request.bucket, metric })}`, { signal }),
        ),
      ),
      api<{ items: HumanAgentFigures[] }>(`/api/analytics/agents?${q()}`, { signal }),
    ])
      .then(([summary, series, agents]) => {
        if (signal.aborted) return;
        const byMetric = Object.fromEntries(CHART_METRICS.map((m, i) => [m, series[i]!.points])) as Record<
          ChartMetric,
          SeriesPoint[]
        >;
        setState({
          status: 'ready',
          figures: { key, bucket: request.bucket, summary, series: byMetric, agents: agents.items, at: Date.now() },
          error: null,
        });
      })
      .catch((err: unknown) => {
        if (signal.aborted) return;
        const message = err instanceof Error ? err.message : String(err);
        setState((s) => ({ status: 'error', figures: s.figures, error: message }));
      });
    return () => ctrl.abort();
    // `request` is read through `key` (its whole content).
  }, [key, refresh]);

  return state;
}
