/**
 * Analytics (`GET /api/analytics/summary|series|agents`, admins and supervisors): how a period went, from the stored
 * sessions, escalations, supervisor actions, callbacks and presence changes. A period is `[from, to)` (instants); the
 * series' hours and days are those of `tz` (the viewer's zone), so a day bucket starts at that zone's midnight.
 *
 * What each figure counts:
 * - conversations: sessions that started in the period (every channel and direction);
 * - contained: those that ended without a person (never escalated, never taken over or claimed); the percentage is of
 *   the ended ones;
 * - escalated: those that asked for a person (any queue); reasons from their escalations;
 * - average handle: the mean duration of the ended ones;
 * - queues: escalations that started waiting in the period — answered within the queue's threshold (its own, or
 *   `LIVESPACE_SLA_SECONDS`) of those answered or abandoned after 5 s, the mean and longest wait, abandons;
 * - callbacks by status, of those due in the period; health marks: sessions that reached warning / critical;
 * - interventions: supervisor actions that succeeded, by kind and by person.
 */
import { z } from 'zod';

interface AnalyticsPeriod {
  from: string;
  to: string;
  timeZone: string;
}

export interface CountBy {
  key: string;
  count: number;
}

export interface QueueFigures {
  queue: string;
  waited: number;
  answered: number;
  abandoned: number;
  serviceLevelPercent: number | null;
  averageWaitSeconds: number | null;
  longestWaitSeconds: number | null;
}

interface AgentOutcomes {
  agentId: string;
  conversations: number;
  contained: number;
  escalated: number;
  byOutcome: CountBy[];
}

interface CampaignOutcomes {
  campaignId: string;
  conversations: number;
  byOutcome: CountBy[];
}

export interface SupervisorInterventions {
  userId: string;
  name: string;
  /** Successful actions by kind (whisper, barge, takeover, say, resume, end, transfer, listen). */
  byKind: Record<string, number>;
  /**
   * Sessions they took over or barged into that then ended contained by the AI again (resumed) vs held by a person to
   * the end.
   */
  resumedAfterTakeover: number;
  /**
   * What followed, for each session they stepped into (whispered, barged, took over, said, transferred or ended) in
   * the period, counted once under the first that applies: they ended it; they transferred it; it was escalated to a
   * person after their first step; they took it over and never handed it back (held); it is still going on (live);
   * else the AI carried it to its end (aiFinished).
   */
  followed: Record<FollowedBy, number>;
}

export const FOLLOWED_BY = ['ended', 'transferred', 'escalated', 'held', 'live', 'aiFinished'] as const;
export type FollowedBy = (typeof FOLLOWED_BY)[number];

export interface AnalyticsSummary {
  period: AnalyticsPeriod;
  conversations: number;
  byChannel: Record<string, number>;
  byDirection: Record<string, number>;
  ended: number;
  contained: number;
  containmentPercent: number | null;
  escalated: number;
  escalationPercent: number | null;
  escalationReasons: CountBy[];
  averageHandleSeconds: number | null;
  byOutcome: CountBy[];
  byAgent: AgentOutcomes[];
  byCampaign: CampaignOutcomes[];
  /** Every queue together, then each. */
  serviceLevelPercent: number | null;
  averageWaitSeconds: number | null;
  longestWaitSeconds: number | null;
  abandoned: number;
  queues: QueueFigures[];
  callbacks: Record<string, number>;
  health: { warning: number; critical: number };
  interventions: { byKind: Record<string, number>; bySupervisor: SupervisorInterventions[] };
}

const ANALYTICS_METRICS = [
  'conversations',
  'contained',
  'escalated',
  'averageHandleSeconds',
  'answered',
  'abandoned',
  'serviceLevelPercent',
  'averageWaitSeconds',
  'interventions',
  'healthCritical',
] as const;
export type AnalyticsMetric = (typeof ANALYTICS_METRICS)[number];

export interface SeriesPoint {
  at: string;
  value: number | null;
}

export interface AnalyticsSeries {
  period: AnalyticsPeriod;
  bucket: 'hour' | 'day';
  metric: AnalyticsMetric;
  points: SeriesPoint[];
}

export interface HumanAgentFigures {
  userId: string;
  name: string;
  /** The team they are in now, or null. */
  teamId: string | null;
  /** Escalations they claimed in the period. */
  handled: number;
  /** Mean time from claiming to completing. */
  averageHandleSeconds: number | null;
  /** Mean time from the call's end to completing (wrap-up), of those whose call ended first. */
  averageWrapUpSeconds: number | null;
  availableSeconds: number;
  busySeconds: number;
  awaySeconds: number;
  /** Busy of available + busy. */
  occupancyPercent: number | null;
}

const isZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** The longest period one request covers. */
const ANALYTICS_MAX_DAYS = 400;

const Instant = z
  .string()
  .trim()
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && Number.isFinite(Date.parse(v)),
    'an ISO 8601 date and time, e.g. 2026-12-01T00:00:00Z',
  );

/** The period every analytics route takes. */
const Period = z.object({
  from: Instant,
  to: Instant,
  tz: z.string().trim().max(64).refine(isZone, 'an IANA time zone, e.g. Europe/Paris').default('UTC'),
  format: z.enum(['json', 'csv']).default('json'),
});
const periodRule = (q: { from: string; to: string }, ctx: z.RefinementCtx) => {
  const span = Date.parse(q.to) - Date.parse(q.from);
  if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  else if (span > ANALYTICS_MAX_DAYS * 86_400_000)
    ctx.addIssue({ code: 'custom', path: ['to'], message: `a period is at most ${ANALYTICS_MAX_DAYS} days` });
  return span;
};

/** The summary's query. */
export const AnalyticsQuery = Period.superRefine((q, ctx) => {
  periodRule(q, ctx);
});
export type AnalyticsQuery = z.infer<typeof AnalyticsQuery>;

/** The per-agent figures' query: the period and, optionally, one team's people (`team`: its id). */
export const AnalyticsHumanAgentsQuery = Period.extend({
  team: z.string().trim().min(1).max(100).optional(),
}).superRefine((q, ctx) => {
  periodRule(q, ctx);
});
export type AnalyticsHumanAgentsQuery = z.infer<typeof AnalyticsHumanAgentsQuery>;

/** The series' query: the period, a bucket and a metric; at most 2,000 points. */
export const AnalyticsSeriesQuery = Period.extend({
  bucket: z.enum(['hour', 'day']).default('day'),
  metric: z.enum(ANALYTICS_METRICS),
}).superRefine((q, ctx) => {
  const span = periodRule(q, ctx);
  if (span > 0 && span <= ANALYTICS_MAX_DAYS * 86_400_000 && q.bucket === 'hour' && span > 62 * 86_400_000) {
    ctx.addIssue({ code: 'custom', path: ['bucket'], message: 'hours cover at most 62 days; use day' });
  }
});
export type AnalyticsSeriesQuery = z.infer<typeof AnalyticsSeriesQuery>;
