/**
 * Use case: analytics over a period — how the conversations, queues, callbacks and interventions went, one metric by
 * hour or day in the viewer's zone, and each human agent's figures. Every figure is computed by the store from what it
 * keeps (protocol/src/analytics.ts says what each counts); this layer supplies the clock and the default threshold.
 */
import type { HumanAgentFigures, AnalyticsMetric, AnalyticsSeries, AnalyticsSummary } from '@livespace/protocol';
import type { Clock, Store } from '../ports/index';

export interface AnalyticsPeriodQuery {
  from: Date;
  to: Date;
  timeZone: string;
}

export class Analytics {
  constructor(private readonly deps: { store: Store; clock: Clock; defaultSlaSeconds: number }) {}

  summary(q: AnalyticsPeriodQuery): Promise<AnalyticsSummary> {
    return this.deps.store.analyticsSummary(q.from, q.to, q.timeZone, this.deps.defaultSlaSeconds);
  }

  async series(
    q: AnalyticsPeriodQuery & { bucket: 'hour' | 'day'; metric: AnalyticsMetric },
  ): Promise<AnalyticsSeries> {
    const points = await this.deps.store.analyticsSeries(
      q.from,
      q.to,
      q.timeZone,
      q.bucket,
      q.metric,
      this.deps.defaultSlaSeconds,
    );
    return {
      period: { from: q.from.toISOString(), to: q.to.toISOString(), timeZone: q.timeZone },
      bucket: q.bucket,
      metric: q.metric,
      points,
    };
  }

  agents(q: AnalyticsPeriodQuery): Promise<HumanAgentFigures[]> {
    return this.deps.store.analyticsHumanAgents(q.from, q.to, this.deps.clock.now());
  }
}
