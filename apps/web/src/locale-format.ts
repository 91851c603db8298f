/**
 * Dates and times as the viewer writes them: the browser's locale (navigator.language: "10:00 AM" and "Dec 5" in
 * en-US, "10:00" and "5. Dez." in de-DE) and its time zone. Every function takes the viewer as its last
 * argument, so the tables can pin a locale and a zone; the app leaves it out and gets the browser's. Pure but for
 * that default; formatters are cached, since a transcript formats hundreds of times per render.
 */

/** Whose conventions: a BCP 47 locale and an IANA time zone. */
export interface Viewer {
  locale: string;
  timeZone: string;
}

/** The browser's locale and time zone (en-US and UTC where there is no browser, as in the unit tests). */
export function viewer(): Viewer {
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  return { locale: nav?.language || 'en-US', timeZone: viewerTimeZone() };
}

/** The viewer's IANA time zone (the browser's). */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const cache = new Map<string, Intl.DateTimeFormat>();

function fmt(v: Viewer, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${v.locale}|${v.timeZone}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(v.locale, { ...opts, timeZone: v.timeZone });
    cache.set(key, f);
  }
  return f;
}

const twelveHour = new Map<string, boolean>();

/**
 * The hour as the locale writes it: "9 AM" where clocks have 12 hours, "09" where they have 24 (Intl's "numeric"
 * would give German readers "9:00", which they do not write).
 */
function hourOpts(locale: string): Intl.DateTimeFormatOptions {
  let h12 = twelveHour.get(locale);
  if (h12 === undefined) {
    const cycle = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
    h12 = cycle === 'h12' || cycle === 'h11';
    twelveHour.set(locale, h12);
  }
  return { hour: h12 ? 'numeric' : '2-digit', minute: '2-digit' };
}

function toDate(at: string | number | Date): Date | null {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * Whether to name the zone after the time: "10:00 AM EST". For times read as plans or boundaries, where the reader may
 * be elsewhere.
 */
export interface ZoneOption {
  zone?: boolean;
}

const ZONE: Intl.DateTimeFormatOptions = { timeZoneName: 'short' };

/** "10:00 AM" (en-US), "10:00" (de-DE); with `zone`, "10:00 AM EST", "10:00 MEZ". "" for no instant. */
export function formatTime(at: string | number | Date, v: Viewer = viewer(), o: ZoneOption = {}): string {
  const d = toDate(at);
  return d ? fmt(v, { ...hourOpts(v.locale), ...(o.zone ? ZONE : {}) }).format(d) : '';
}

/** With seconds, for event logs: "10:00:05 AM", "10:00:05". */
export function formatClock(at: string | number | Date, v: Viewer = viewer()): string {
  const d = toDate(at);
  return d ? fmt(v, { ...hourOpts(v.locale), second: '2-digit' }).format(d) : '';
}

/** A day: "Dec 5" / "5. Dez."; with the year, "Dec 5, 2026" / "5. Dez. 2026". */
export function formatDay(
  at: string | number | Date,
  v: Viewer = viewer(),
  o: { year?: boolean; weekday?: boolean } = {},
): string {
  const d = toDate(at);
  return d
    ? fmt(v, {
        day: 'numeric',
        month: 'short',
        ...(o.year ? { year: 'numeric' } : {}),
        ...(o.weekday ? { weekday: 'short' } : {}),
      }).format(d)
    : '';
}

/**
 * A planned moment, with its weekday: "Sat, Dec 5, 10:00 AM" / "Sa., 5. Dez., 10:00"; with `zone`, "… 10:00 AM EST".
 */
export function formatDateTime(at: string | number | Date, v: Viewer = viewer(), o: ZoneOption = {}): string {
  const d = toDate(at);
  return d
    ? fmt(v, {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        ...hourOpts(v.locale),
        ...(o.zone ? ZONE : {}),
      }).format(d)
    : '';
}

/** The calendar day of an instant in the viewer's zone, comparable: "2026-12-05". */
function dayKey(d: Date, v: Viewer): string {
  const p = fmt(
    { locale: 'en-US', timeZone: v.timeZone },
    { year: 'numeric', month: '2-digit', day: '2-digit' },
  ).formatToParts(d);
  const get = (t: string) => p.find((x) => x.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Whether two instants fall on the same day in the viewer's zone. */
export function sameDay(a: string | number | Date, b: string | number | Date, v: Viewer = viewer()): boolean {
  const x = toDate(a);
  const y = toDate(b);
  return !!x && !!y && dayKey(x, v) === dayKey(y, v);
}

/**
 * When a transcript line was said: the time with seconds today ("10:00:05 AM"), with the day before it on
 * another day ("Dec 4, 10:00:05 AM"), so a conversation that spans days reads right.
 */
export function formatStamp(at: string | number | Date, nowMs: number, v: Viewer = viewer()): string {
  const d = toDate(at);
  if (!d) return '';
  const day = dayKey(d, v);
  const today = dayKey(new Date(nowMs), v);
  if (day === today) return formatClock(d, v);
  const year = day.slice(0, 4) === today.slice(0, 4) ? {} : { year: 'numeric' as const };
  return fmt(v, { day: 'numeric', month: 'short', ...year, ...hourOpts(v.locale), second: '2-digit' }).format(d);
}

/**
 * Where a running count starts, named with its zone since the server's day need not be the reader's: "4:00 PM PST",
 * with the day first when it is not today here ("Dec 4, 4:00 PM PST").
 */
export function formatSince(at: string | number | Date, nowMs: number, v: Viewer = viewer()): string {
  const d = toDate(at);
  if (!d) return '';
  const time = formatTime(d, v, { zone: true });
  return dayKey(d, v) === dayKey(new Date(nowMs), v) ? time : `${formatDay(d, v)}, ${time}`;
}

/**
 * A moment in someone else's zone, as the viewer writes it: "10:00 AM in America/New_York", with the day
 * ("Thu, Nov 26, 5:00 AM in Asia/Tokyo") when it is another day there than here. Null when the zone is the
 * viewer's, missing or unknown to this browser: nothing to add.
 */
export function timeThere(at: string, zone: string | null | undefined, v: Viewer = viewer()): string | null {
  if (!zone || zone === v.timeZone) return null;
  const d = toDate(at);
  if (!d) return null;
  const there: Viewer = { locale: v.locale, timeZone: zone };
  try {
    const text = dayKey(d, there) === dayKey(d, v) ? formatTime(d, there) : formatDateTime(d, there);
    return `${text} in ${zone}`;
  } catch {
    return null; // a zone this browser does not know
  }
}

// An instant in ISO 8601 with its zone: 2026-12-10T14:00:00.000Z, 2026-12-10T09:00:00-05:00, 2026-12-10T14:00Z.
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})(?![\w:])/g;

/**
 * Text with every ISO 8601 instant in it written for the viewer, with its zone ("Callback scheduled for
 * 2026-12-10T14:00:00.000Z" → "Callback scheduled for Thu, Dec 10, 2:00 PM UTC"): system lines and captured
 * variables are stored as the server wrote them, and machine time is no help to a reader. Text without one is
 * returned as it is.
 */
export function formatInstantsIn(text: string, v: Viewer = viewer()): string {
  if (!text.includes('T')) return text;
  return text.replace(ISO_INSTANT, (iso) => formatDateTime(iso, v, { zone: true }) || iso);
}

const numbers = new Map<string, Intl.NumberFormat>();

/** A count as the viewer groups digits: 12345 → "12,345" (en-US), "12.345" (de-DE). */
export function formatCount(n: number, v: Viewer = viewer()): string {
  let f = numbers.get(v.locale);
  if (!f) numbers.set(v.locale, (f = new Intl.NumberFormat(v.locale)));
  return f.format(n);
}
