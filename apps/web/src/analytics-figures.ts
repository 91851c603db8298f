/** Analytics' figures as the page shows them: who may see them, totals, breakdowns, durations, bucket labels. Pure. */
import type { AnalyticsSummary, CountBy, FollowedBy, SeriesPoint } from '@livespace/protocol/analytics';
import type { PublicUser } from '@livespace/protocol/http';
import { formatDuration, humanize } from './format';
import { formatCount as countFor, formatDay, formatTime, viewer } from './locale-format';
import { userMay } from './permissions';

/** Admins and supervisors read the analytics (`analytics.read`, the server's rule too); human agents do not. */
export function canSeeAnalytics(user: PublicUser | null | undefined): boolean {
  return userMay(user, 'analytics.read');
}

/** The series the charts show, fetched for the period and bucket. */
export const CHART_METRICS = [
  'conversations',
  'contained',
  'escalated',
  'serviceLevelPercent',
  'averageWaitSeconds',
] as const;
export type ChartMetric = (typeof CHART_METRICS)[number];

/** The sum of a series' values (empty buckets count 0). */
export function seriesTotal(points: readonly SeriesPoint[]): number {
  return points.reduce((n, p) => n + (p.value ?? 0), 0);
}

/** 1234 → "1,234" (en-US), "1.234" (de-DE): the viewer's grouping. */
export function formatCount(n: number): string {
  return countFor(n);
}

/** A handle or wait time: "01:05", "1:02:05"; nothing to measure → "—". */
export function formatSeconds(seconds: number | null | undefined): string {
  return seconds === null || seconds === undefined || !Number.isFinite(seconds)
    ? '—'
    : formatDuration(Math.round(seconds));
}

/** Time spent in a status, to the minute: "0 min", "45 min", "3 h 05 min" (under a minute: "40 s"). */
export function formatSpan(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s > 0 && s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** A percentage to one decimal when it is not whole: 100 → "100%", 66.7 → "66.7%"; null → "—". */
export function formatPercentFigure(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const r = Math.round(value * 10) / 10;
  return `${Number.isInteger(r) ? r : r.toFixed(1)}%`;
}

/**
 * A breakdown in a fixed order with labels ("Voice 2 · SMS 1"), keys the order does not know after it; zeros left out
 * unless all are.
 */
export function breakdown(
  counts: Record<string, number>,
  labels: Record<string, string>,
): Array<{ key: string; label: string; count: number }> {
  const keys = [
    ...Object.keys(labels),
    ...Object.keys(counts)
      .filter((k) => !(k in labels))
      .sort(),
  ];
  const all = keys.map((key) => ({ key, label: labels[key] ?? humanize(key), count: counts[key] ?? 0 }));
  const some = all.filter((x) => x.count > 0);
  return some.length > 0 ? some : all;
}

/** The most frequent first, at most `n` (ties by name). */
export function topCounts(counts: readonly CountBy[], n = 3): CountBy[] {
  return [...counts].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)).slice(0, n);
}

/** An outcome's name: "no_answer" → "no answer"; `none` (nothing recorded) → "no outcome". */
const outcomeLabel = (key: string) => (key === 'none' ? 'no outcome' : humanize(key));

/** Outcome counts as text: "interested 3, no answer 1"; none → "—". */
export function outcomesText(counts: readonly CountBy[]): string {
  return counts.length
    ? topCounts(counts, counts.length)
        .map((o) => `${outcomeLabel(o.key)} ${formatCount(o.count)}`)
        .join(', ')
    : '—';
}

/** A wait on a chart's axis: "0 s", "45 s", "1:30", "12:00". */
export function formatAxisSeconds(v: number): string {
  const s = Math.round(v);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Callbacks due in the period: kept (completed), missed, and all of them. */
export function callbackFigures(byStatus: Record<string, number>): { kept: number; missed: number; due: number } {
  const due = Object.values(byStatus).reduce((n, v) => n + v, 0);
  return { kept: byStatus.completed ?? 0, missed: byStatus.missed ?? 0, due };
}

/** Escalations that waited in a queue in the period, answered, abandoned: every queue together. */
export function queueTotals(s: Pick<AnalyticsSummary, 'queues'>): {
  waited: number;
  answered: number;
  abandoned: number;
} {
  return s.queues.reduce(
    (t, q) => ({
      waited: t.waited + q.waited,
      answered: t.answered + q.answered,
      abandoned: t.abandoned + q.abandoned,
    }),
    { waited: 0, answered: 0, abandoned: 0 },
  );
}

/** Nothing happened in the period: no conversation, nobody waited, no callback due, no intervention. */
export function isEmptyPeriod(s: AnalyticsSummary): boolean {
  return (
    s.conversations === 0 &&
    queueTotals(s).waited === 0 &&
    callbackFigures(s.callbacks).due === 0 &&
    Object.keys(s.interventions.byKind).length === 0
  );
}

/** Supervisor actions in the order a supervisor meets them; kinds the server adds later after them. */
const INTERVENTION_KINDS = ['listen', 'whisper', 'barge', 'say', 'takeover', 'resume', 'transfer', 'end'] as const;

/** The kinds to show as columns: those that happened, in the usual order. */
export function interventionColumns(byKind: Record<string, number>): string[] {
  const known = INTERVENTION_KINDS.filter((k) => (byKind[k] ?? 0) > 0);
  const other = Object.keys(byKind)
    .filter((k) => !(INTERVENTION_KINDS as readonly string[]).includes(k) && (byKind[k] ?? 0) > 0)
    .sort();
  return [...known, ...other];
}

/** In the order a line says them: the usual first. */
const FOLLOWED_ORDER: readonly FollowedBy[] = ['aiFinished', 'escalated', 'held', 'transferred', 'ended', 'live'];
const FOLLOWED_LABEL: Record<FollowedBy, string> = {
  aiFinished: 'AI finished',
  escalated: 'escalated',
  held: 'held by a person',
  transferred: 'transferred',
  ended: 'ended by them',
  live: 'still live',
};

/** What followed a supervisor's steps in, as a line: "2 AI finished · 1 escalated" (the usual first); "—" for none. */
export function followedText(f: Record<FollowedBy, number>): string {
  const parts = FOLLOWED_ORDER.filter((k) => (f[k] ?? 0) > 0).map((k) => `${f[k]} ${FOLLOWED_LABEL[k]}`);
  return parts.length ? parts.join(' · ') : '—';
}

/** Several supervisors' aftermaths added up (the table's Everyone row). */
export function sumFollowed(all: ReadonlyArray<Record<FollowedBy, number>>): Record<FollowedBy, number> {
  const total = Object.fromEntries(FOLLOWED_ORDER.map((k) => [k, 0])) as Record<FollowedBy, number>;
  for (const f of all) for (const k of FOLLOWED_ORDER) total[k] += f[k] ?? 0;
  return total;
}

export const INTERVENTION_LABEL: Record<string, string> = {
  listen: 'Listen',
  whisper: 'Whisper',
  barge: 'Barge',
  say: 'Say',
  takeover: 'Take over',
  resume: 'Resume',
  transfer: 'Transfer',
  end: 'End',
};

/**
 * A bucket's start as its row in a chart's table, in the period's zone and the viewer's locale: "2:00 PM" for an
 * hour (with the day when the period has several: "Mar 29, 2:00 PM"), "Sun, Mar 29" for a day.
 */
export function bucketLabel(
  at: string,
  bucket: 'hour' | 'day',
  timeZone: string,
  withDay = false,
  locale = viewer().locale,
): string {
  const v = { locale, timeZone };
  if (bucket === 'day') return formatDay(at, v, { weekday: true });
  const time = formatTime(at, v);
  return withDay ? `${formatDay(at, v)}, ${time}` : time;
}
