/** The queues' live figures, computed from escalations and agents' presence; time comes in as `now`. */
import type { EscalationStatus, Presence, QueueStats } from '@livespace/protocol';
import { addWallDays, wallTimeAt, zonedInstant } from './zoned-time';

export interface MetricsEscalation {
  queue: string;
  status: EscalationStatus;
  waitingSince: string;
  claimedAt: string | null;
  endedAt: string | null;
}

export interface MetricsHumanAgent {
  status: Presence;
  queues: readonly string[];
}

export interface QueueMetricsOptions {
  /** Answered within this many seconds counts toward the service level (default 60). */
  slaSeconds: number;
  /** Queues an admin configured: their own threshold (else `slaSeconds`) and place in the order. */
  configured?: ReadonlyMap<string, { slaSeconds: number; priority: number }>;
  /** Callers who hang up sooner are not counted against the service level (default 5). */
  shortAbandonSeconds: number;
  /** When the day's figures start again, `HH:MM` in `timeZone` (default 00:00 UTC). */
  resetTime: string;
  timeZone: string;
}

export const DEFAULT_QUEUE_METRICS: QueueMetricsOptions = {
  slaSeconds: 60,
  shortAbandonSeconds: 5,
  resetTime: '00:00',
  timeZone: 'UTC',
};

/**
 * The latest moment at or before `now` when the clock in `timeZone` read `resetTime` (DST-safe, see
 * zoned-time.ts: a reset time inside a spring-forward gap is the first instant after it, one inside a
 * fall-back overlap is its first occurrence).
 */
export function dayStart(now: Date, resetTime: string, timeZone: string): Date {
  const [hour, minute] = resetTime.split(':').map(Number) as [number, number];
  const today = wallTimeAt(now, timeZone);
  for (let back = 0; back <= 2; back++) {
    const instant = zonedInstant(timeZone, { ...addWallDays(today, -back), hour, minute, second: 0 });
    if (instant.getTime() <= now.getTime()) return instant;
  }
  return new Date(now.getTime() - 86_400_000);
}

const seconds = (from: string, to: string | number) =>
  Math.max(0, ((typeof to === 'number' ? to : Date.parse(to)) - Date.parse(from)) / 1000);

/**
 * Figures of each queue in `queues` (in that order), from every escalation still waiting and those of the current day.
 */
export function queueMetrics(
  queues: readonly string[],
  escalations: readonly MetricsEscalation[],
  agents: readonly MetricsHumanAgent[],
  now: Date,
  opts: QueueMetricsOptions = DEFAULT_QUEUE_METRICS,
): QueueStats[] {
  const start = dayStart(now, opts.resetTime, opts.timeZone);
  const since = start.getTime();
  return queues.map((name) => {
    const mine = escalations.filter((e) => e.queue === name);
    const waiting = mine
      .filter((e) => e.status === 'waiting')
      .sort((a, b) => Date.parse(a.waitingSince) - Date.parse(b.waitingSince));
    const answered = mine.filter((e) => e.claimedAt && Date.parse(e.claimedAt) >= since);
    const abandoned = mine.filter((e) => e.status === 'abandoned' && e.endedAt && Date.parse(e.endedAt) >= since);
    const waits = answered.map((e) => seconds(e.waitingSince, e.claimedAt!));
    const settings = opts.configured?.get(name);
    const slaSeconds = settings?.slaSeconds ?? opts.slaSeconds;
    const withinSla = waits.filter((w) => w <= slaSeconds).length;
    const countedAbandons = abandoned.filter(
      (e) => seconds(e.waitingSince, e.endedAt!) >= opts.shortAbandonSeconds,
    ).length;
    const slaBase = answered.length + countedAbandons;
    const oldest = waiting[0]?.waitingSince ?? null;
    const skilled = agents.filter((a) => a.queues.includes(name));
    return {
      name,
      waiting: waiting.length,
      longestWaitSeconds: oldest ? Math.round(seconds(oldest, now.getTime())) : 0,
      oldestWaitingSince: oldest,
      averageWaitSeconds: waits.length ? Math.round((waits.reduce((a, b) => a + b, 0) / waits.length) * 10) / 10 : 0,
      answered: answered.length,
      availableAgents: skilled.filter((a) => a.status === 'available').length,
      busyAgents: skilled.filter((a) => a.status === 'busy').length,
      slaPercent: slaBase ? Math.round((1000 * withinSla) / slaBase) / 10 : null,
      slaSeconds,
      priority: settings?.priority ?? null,
      abandoned: abandoned.length,
      dayStart: start.toISOString(),
    };
  });
}
