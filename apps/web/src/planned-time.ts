/**
 * Times of scheduled calls: shown in the viewer's locale and time zone and the callee's, relative to now, and read from
 * a datetime-local field. Pure.
 */
import { formatDateTime, timeThere, viewer, type Viewer } from './locale-format';

export { viewerTimeZone } from './locale-format';

/**
 * When a scheduled call is due, for the viewer, with the zone ("Wed, Nov 25, 10:00 AM EST"): a plan is read by people
 * in other zones.
 */
export function formatPlanned(iso: string, v: Viewer = viewer()): string {
  return formatDateTime(iso, v, { zone: true });
}

/**
 * The time in the callee's zone when it is not the viewer's: "10:00 AM in America/New_York", with the day
 * ("Thu, Nov 26, 3:00 AM in Asia/Tokyo") when it is another day there. Null when there is nothing to add.
 */
export function calleeTime(iso: string, calleeZone: string | null | undefined, v: Viewer = viewer()): string | null {
  return timeThere(iso, calleeZone, v);
}

/** "in 2 h 5 min", "3 min ago", "in 40 s", "now"; days from a day on ("in 1 d 3 h"). */
export function formatRelative(iso: string, nowMs: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const diff = at - nowMs;
  const s = Math.floor(Math.abs(diff) / 1000);
  if (s < 1) return 'now';
  const span = spanText(s);
  return diff > 0 ? `in ${span}` : `${span} ago`;
}

function spanText(s: number): string {
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A datetime-local value ("2026-11-25T10:00"), read in the viewer's time zone, as ISO 8601 with its offset
 * ("2026-11-25T10:00:00+01:00"); null when it is not one.
 */
export function localInputToIso(value: string): string | null {
  const m = LOCAL_INPUT.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(date.getTime())) return null;
  return withOffset(date);
}

/** An instant as a datetime-local value in the viewer's time zone ("2026-11-25T10:00"). */
export function isoToLocalInput(iso: string | number | Date): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The next day at 10:00 in the viewer's zone: a sensible default for a new callback. */
export function tomorrowAtTen(nowMs: number): string {
  const d = new Date(nowMs);
  return isoToLocalInput(new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1, 10, 0));
}

/** Local wall time with the zone's offset at that instant: "2026-11-25T10:00:00+01:00". */
function withOffset(d: Date): string {
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const a = Math.abs(off);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
