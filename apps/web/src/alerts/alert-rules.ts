/**
 * When the page rings, pure: given the previous and the next state of what the user follows, which alerts to raise,
 * whether they sound and notify (not when muted or in quiet hours), and the count the tab title shows.
 *
 * - A caller waiting in one of my queues: an escalation id that was not in the previous list, waiting, in a queue
 *   `waitingFor` gives the user (a human agent: its own queues; supervisors and admins: every queue).
 * - A session I watch turning critical: a watched session whose health was not critical in the previous state and is
 *   now. "Watched" is: the session open in this page's drawer (`/sessions/<id>`, `/callbacks/sessions/<id>`,
 *   `/messages/sessions/<id>`), plus every live session this user holds (took over, or claimed as a human agent) or
 *   is listening to — as far as this page knows it (the Live Calls rows, the drawer, the workspace's held calls).
 *   A session that starts being watched while already critical does not ring (the user is looking at it).
 * - A callback turning missed: supervisors and admins (who book and rebook callbacks), every callback; a human agent
 *   only one it booked itself. Missed now and not missed (or not there) in the previous state.
 *
 * Each alert rings once (its key: kind and id) for the life of the page. Nothing rings on the first state after
 * connecting (`prev` null): a reload does not ring for everything already waiting.
 *
 * The tab title counts what waits in my queues plus the watched live sessions that are critical, muted or not. Each
 * section sets its own title ("(12) Live Calls · Live Space"): the alerts' count takes the place of the section's own.
 */
import type { Escalation } from '@livespace/protocol/escalation';
import type { PublicUser } from '@livespace/protocol/http';
import type { Callback } from '@livespace/protocol/outbound';
import type { Channel, HealthLevel, SessionSummary } from '@livespace/protocol/session';
import { humanize, PRIORITY_LABEL } from '../format';
import { waitingFor } from '../live/escalation-queue';
import { formatDateTime, viewer } from '../locale-format';
import { formatPhone } from '../phone';
import { callbackSessionIdFromPath, messagesSessionIdFromPath, sessionIdFromPath } from '../router';

/** A live session the user watches, with what an alert says about it. */
export interface WatchedSession {
  id: string;
  channel: Channel;
  /** The caller's name, or number. */
  caller: string;
  agentName: string;
  level: HealthLevel;
  /** The first critical reason's words (else the first reason's), when there is one. */
  reason: string | null;
}

/** One state of what the alerts follow (the topics' current items). */
export interface AlertState {
  /** The `escalations` topic's items (waiting and claimed, every queue). */
  escalations: readonly Escalation[];
  watched: readonly WatchedSession[];
  /** The `callbacks` topic's items. */
  callbacks: readonly Callback[];
}

type AlertKind = 'waiting' | 'critical' | 'missed';

export interface Alert {
  kind: AlertKind;
  /** `<kind>:<id>`: an alert with the same key never rings twice. */
  key: string;
  title: string;
  body: string;
  /** Where a click on its notification goes. */
  href: string;
}

/** One user's alert settings in this browser. Times are "HH:MM" in the browser's local time. */
export interface AlertSettings {
  muted: boolean;
  quietHours: boolean;
  quietFrom: string;
  quietTo: string;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  muted: false,
  quietHours: false,
  quietFrom: '22:00',
  quietTo: '07:00',
};

const APP_TITLE = 'Live Space';

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutesOf(hhmm: string): number | null {
  const m = HHMM.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Settings as stored, made whole: anything missing or malformed takes its default. */
export function normalizeSettings(raw: unknown): AlertSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof AlertSettings, unknown>>;
  return {
    muted: typeof r.muted === 'boolean' ? r.muted : DEFAULT_ALERT_SETTINGS.muted,
    quietHours: typeof r.quietHours === 'boolean' ? r.quietHours : DEFAULT_ALERT_SETTINGS.quietHours,
    quietFrom:
      typeof r.quietFrom === 'string' && HHMM.test(r.quietFrom) ? r.quietFrom : DEFAULT_ALERT_SETTINGS.quietFrom,
    quietTo: typeof r.quietTo === 'string' && HHMM.test(r.quietTo) ? r.quietTo : DEFAULT_ALERT_SETTINGS.quietTo,
  };
}

/**
 * Whether `now` (read in the browser's local time) falls in the quiet hours: from `quietFrom` included to `quietTo`
 * excluded; a range whose end is before its start spans midnight (22:00–07:00). Equal ends make no quiet time.
 */
export function inQuietHours(s: AlertSettings, now: Date): boolean {
  if (!s.quietHours) return false;
  const from = minutesOf(s.quietFrom);
  const to = minutesOf(s.quietTo);
  if (from === null || to === null || from === to) return false;
  const t = now.getHours() * 60 + now.getMinutes();
  return from < to ? t >= from && t < to : t >= from || t < to;
}

/** Muted, or in quiet hours: no sound and no desktop notification (the title count and the announcement stay). */
export function isSilenced(s: AlertSettings, now: Date): boolean {
  return s.muted || inQuietHours(s, now);
}

/** The session open in the drawer, by the address: Live Calls', Scheduled Calls' or Messages'. */
export function openSessionId(pathname: string): string | null {
  return sessionIdFromPath(pathname) ?? callbackSessionIdFromPath(pathname) ?? messagesSessionIdFromPath(pathname);
}

/** Whether `user` holds the session (took it over, or claimed it) or listens to it. */
function holdsOrListens(s: Pick<SessionSummary, 'takenOverBy' | 'listeners'>, user: Pick<PublicUser, 'id'>): boolean {
  return s.takenOverBy?.id === user.id || (s.listeners ?? []).some((l) => l.id === user.id);
}

/** The live sessions `user` watches among those the page knows (see the header), in the order given. */
export function watchedSessions(
  summaries: Iterable<SessionSummary>,
  user: PublicUser | null,
  openId: string | null,
): WatchedSession[] {
  if (!user) return [];
  const out: WatchedSession[] = [];
  for (const s of summaries) {
    if (s.state === 'ended' || (s.id !== openId && !holdsOrListens(s, user))) continue;
    const reasons = s.health?.reasons ?? [];
    const reason = reasons.find((r) => r.level === 'critical') ?? reasons[0];
    out.push({
      id: s.id,
      channel: s.channel,
      caller: s.callerName || formatPhone(s.callerNumber),
      agentName: s.agentName,
      level: s.health?.level ?? 'ok',
      reason: reason?.text ?? null,
    });
  }
  return out;
}

/** Supervisors and admins hear of every missed callback; a human agent of the ones it booked. */
function followsCallback(c: Pick<Callback, 'createdBy'>, user: PublicUser | null): boolean {
  if (!user) return false;
  return user.role !== 'agent' || c.createdBy?.id === user.id;
}

/** When a missed callback was due, with the zone: the notification is read away from the Callbacks page. */
function dueText(iso: string): string {
  return formatDateTime(iso, viewer(), { zone: true });
}

function waitingAlert(e: Escalation): Alert {
  const caller = e.callerName ? `${e.callerName} (${formatPhone(e.callerNumber)})` : formatPhone(e.callerNumber);
  const priority = e.priority === 'urgent' || e.priority === 'high' ? `${PRIORITY_LABEL[e.priority]} priority, ` : '';
  return {
    kind: 'waiting',
    key: `waiting:${e.id}`,
    title: `Caller waiting in ${e.queue}`,
    body: `${caller}: ${priority}${humanize(e.reason)}`,
    href: '/agent',
  };
}

function criticalAlert(w: WatchedSession): Alert {
  return {
    kind: 'critical',
    key: `critical:${w.id}`,
    title: `Critical: ${w.caller}`,
    body: `${w.reason ?? 'Needs attention now'} (${w.agentName})`,
    href: `/sessions/${encodeURIComponent(w.id)}`,
  };
}

function missedAlert(c: Callback): Alert {
  const due = dueText(c.at);
  return {
    kind: 'missed',
    key: `missed:${c.id}`,
    title: 'Callback missed',
    body: `${formatPhone(c.to)}${due ? `, due ${due}` : ''}${c.note ? `: ${c.note}` : ''}`,
    href: '/callbacks',
  };
}

/**
 * The alerts from `prev` to `next` (see the header), in this order: waiting callers, critical sessions, missed
 * callbacks.
 */
export function newAlerts(
  prev: AlertState | null,
  next: AlertState,
  user: PublicUser | null,
  alerted: ReadonlySet<string> = new Set(),
): Alert[] {
  if (!prev || !user) return [];
  const out: Alert[] = [];
  const known = new Set(prev.escalations.map((e) => e.id));
  for (const e of waitingFor(next.escalations, user)) if (!known.has(e.id)) out.push(waitingAlert(e));
  const before = new Map(prev.watched.map((w) => [w.id, w.level]));
  for (const w of next.watched) {
    const was = before.get(w.id);
    if (w.level === 'critical' && was !== undefined && was !== 'critical') out.push(criticalAlert(w));
  }
  const status = new Map(prev.callbacks.map((c) => [c.id, c.status]));
  for (const c of next.callbacks) {
    if (c.status === 'missed' && status.get(c.id) !== 'missed' && followsCallback(c, user)) out.push(missedAlert(c));
  }
  return out.filter((a) => !alerted.has(a.key));
}

/** What the tab title counts: callers waiting in my queues, and the watched live sessions that are critical. */
export function alertCount(state: AlertState, user: PublicUser | null): number {
  if (!user) return 0;
  return waitingFor(state.escalations, user).length + state.watched.filter((w) => w.level === 'critical').length;
}

/** A title without its leading count: "(3) Queues · Live Space" → "Queues · Live Space". */
export function baseTitle(title: string): string {
  return title.replace(/^\(\d+\)\s*/, '').trim() || APP_TITLE;
}

/**
 * The tab title with the alert count in front: `(3) Live Space`, or `Live Space` at 0. A section's title keeps its name
 * and loses its own count, so the number in front is always the alerts': `(3) Queues · Live Space`.
 */
export function tabTitle(count: number, current: string = APP_TITLE): string {
  const base = baseTitle(current);
  return count > 0 ? `(${count}) ${base}` : base;
}

export interface AlertDecision {
  alerts: Alert[];
  /** One chime for the lot. */
  sound: boolean;
  /** A desktop notification for each. */
  notify: boolean;
  count: number;
}

/** Everything the page does for one change: which alerts, whether it sounds and notifies at `now`, and the count. */
export function decideAlerts(
  prev: AlertState | null,
  next: AlertState,
  user: PublicUser | null,
  settings: AlertSettings,
  now: Date,
  alerted: ReadonlySet<string> = new Set(),
): AlertDecision {
  const alerts = newAlerts(prev, next, user, alerted);
  const loud = alerts.length > 0 && !isSilenced(settings, now);
  return { alerts, sound: loud, notify: loud, count: alertCount(next, user) };
}
