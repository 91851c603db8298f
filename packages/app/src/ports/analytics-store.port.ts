/** What analytics reads from the store: one aggregate per figure over a period (see protocol/src/analytics.ts). */
import type { HumanAgentFigures, AnalyticsMetric, AnalyticsSummary, SeriesPoint } from '@livespace/protocol';

export interface AnalyticsStore {
  /** `defaultSlaSeconds`: the threshold of queues nobody configured. */
  analyticsSummary(from: Date, to: Date, timeZone: string, defaultSlaSeconds: number): Promise<AnalyticsSummary>;
  /** Every hour or day of `timeZone` in the period, in order, empty ones included. */
  analyticsSeries(
    from: Date,
    to: Date,
    timeZone: string,
    bucket: 'hour' | 'day',
    metric: AnalyticsMetric,
    defaultSlaSeconds: number,
  ): Promise<SeriesPoint[]>;
  /** Each human agent's figures; presence time counts up to `min(to, now)`. */
  analyticsHumanAgents(from: Date, to: Date, now: Date): Promise<HumanAgentFigures[]>;
}
