/**
 * History and search: `GET /api/sessions?state=ended|all` with filters, full-text search in transcripts and keyset
 * (cursor) paging. The query's schema is checked once at the edge; the store runs the parsed `HistoryFilter`.
 */
import { z } from 'zod';
import { CHANNELS, type Channel, type Direction, type HealthReasonCode, type SessionSummary } from './session';

/** Orders of the history list: by start time or by duration, `-` for descending (newest, longest first). */
export type HistorySort = 'started' | '-started' | 'duration' | '-duration';
export const HISTORY_SORTS: readonly HistorySort[] = ['-started', 'started', '-duration', 'duration'];
const HISTORY_DEFAULT_LIMIT = 50;
const HISTORY_MAX_LIMIT = 200;
/** The longest `q` (characters). */
const HISTORY_MAX_QUERY = 200;

/**
 * A caller's number as typed, ready to match the digits of stored numbers. `digits` must appear as a run in the
 * stored number's digits (so `+1 (415) 555-0100`, `4155550100` and a partial `0100` all find +14155550100);
 * `national` (a number typed with its national trunk 0, e.g. `020 7946 0000`) also matches as the end of the number.
 */
export interface NumberSearch {
  digits: string;
  national: string | null;
}

/** Fewest digits a number search takes: fewer would match most numbers. */
const NUMBER_SEARCH_MIN_DIGITS = 4;

/**
 * Reads a number as people type it: `+` and an international `00` prefix start the country code, which is dropped
 * from neither side; separators ` ( ) - . /` and `tel:`/`whatsapp:` prefixes are ignored; anything else is refused.
 */
export function parseNumberSearch(input: string): { ok: true; value: NumberSearch } | { ok: false; message: string } {
  const text = input.trim().replace(/^(whatsapp|tel):\s*/i, '');
  if (!/^\+?[0-9\s().\-/]+$/.test(text)) return { ok: false, message: 'may only contain digits, spaces, + ( ) - . /' };
  let digits = text.replace(/\D/g, '');
  let national: string | null = null;
  if (!text.startsWith('+')) {
    if (digits.startsWith('00')) digits = digits.slice(2);
    // A whole national number with its trunk 0 (UK, FR, DE…): stored numbers carry the country code instead.
    else if (digits.startsWith('0') && digits.length >= 8) national = digits.slice(1);
  }
  if (digits.length < NUMBER_SEARCH_MIN_DIGITS)
    return { ok: false, message: `needs at least ${NUMBER_SEARCH_MIN_DIGITS} digits` };
  if (digits.length > 20) return { ok: false, message: 'has too many digits' };
  return { ok: true, value: { digits, national } };
}

/** The filters of a history search, checked and normalized (times are ISO instants). */
export interface HistoryFilter {
  /** `ended`: finished sessions only; `all`: live ones too. */
  state: 'ended' | 'all';
  /** Started at or after (inclusive). */
  from?: string;
  /** Started before (exclusive). */
  to?: string;
  channel?: Channel;
  agentId?: string;
  /** `answered`: any call a person picked up (voicemail excluded); else the recorded outcome. */
  outcome?: string;
  endReason?: string;
  direction?: Direction;
  campaignId?: string;
  /** Escalated to this queue (at any point, transfers included). */
  queue?: string;
  escalated?: boolean;
  /** A user who took the session over or claimed its escalation. */
  handledBy?: string;
  number?: NumberSearch;
  /** Words said or written in the transcript (web-search syntax: `"a phrase"`, `or`, `-word`). */
  q?: string;
  /** Marked at some moment: at least this level (`warning` takes critical ones too), or for this reason. */
  health?: HistoryHealth;
  /** Part of the customer's name: their channel's profile name, or a campaign contact's name (any case). */
  contact?: string;
}

/** The health filter: a level reached, or a reason marked. */
export type HistoryHealth = 'warning' | 'critical' | HealthReasonCode;
const HISTORY_HEALTH: readonly HistoryHealth[] = [
  'warning',
  'critical',
  'provider_error',
  'long_silence',
  'no_match',
  'slow_ai',
  'unanswered',
];

/** One row of the history list. */
export type HistoryItem = SessionSummary & {
  /** Ended sessions: how long they lasted; null while live. */
  durationMs: number | null;
  /**
   * With `q`: a snippet of the transcript, HTML-escaped, the matching words in `<mark>…</mark>` (safe to use as HTML);
   * null without `q`.
   */
  match: string | null;
};

/** The count stops here: past it, a history total says "at least" (counting millions of rows exactly is slow). */
export const HISTORY_COUNT_CAP = 10_000;

/** How many sessions a history search matches: exact up to HISTORY_COUNT_CAP; beyond, the cap with `atLeast`. */
export interface HistoryTotal {
  count: number;
  atLeast: boolean;
}

/** `GET /api/sessions?state=ended|all`: a page, and the cursor of the next one (null: this was the last). */
/**
 * `GET /api/sessions?state=ended|all`; how many match is `GET /api/sessions/count` with the same filters (a
 * HistoryTotal).
 */
export interface HistoryPage {
  items: HistoryItem[];
  nextCursor: string | null;
}

const opt = <T extends z.ZodType>(field: T) => field.optional();
const Word = z
  .string()
  .trim()
  .regex(/^[\w.-]{1,100}$/, 'letters, digits, _ . - only (at most 100)');
const Text = z.string().trim().min(1, 'must not be empty').max(100, 'at most 100 characters');
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i;

/** An ISO 8601 instant: a date (midnight UTC), or a date and time with `Z` or an offset. */
const IsoTime = z
  .string()
  .trim()
  .transform((s, ctx) => {
    const m = ISO.exec(s);
    const t = Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
    const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
    if (!m || Number.isNaN(t) || day!.getUTCMonth() !== Number(m[2]) - 1 || day!.getUTCDate() !== Number(m[3])) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an ISO 8601 date or time with a zone, e.g. 2026-11-24 or 2026-11-24T10:00:00Z',
      });
      return z.NEVER;
    }
    return new Date(t).toISOString();
  });

/** Query strings of a history search (the route refuses a parameter given twice before this runs). */
export const HistoryQuerySchema = z
  .object({
    state: z.enum(['ended', 'all']),
    from: opt(IsoTime),
    to: opt(IsoTime),
    channel: opt(z.enum(CHANNELS as [Channel, ...Channel[]], { message: `must be one of ${CHANNELS.join(', ')}` })),
    agentId: opt(Word),
    outcome: opt(Word),
    endReason: opt(Word),
    direction: opt(z.enum(['inbound', 'outbound'], { message: 'must be inbound or outbound' })),
    campaignId: opt(Word),
    queue: opt(Text),
    escalated: opt(z.enum(['true', 'false'], { message: 'must be true or false' })),
    handledBy: opt(Text),
    number: opt(z.string()),
    q: opt(
      z
        .string()
        .trim()
        .min(1, 'must not be empty')
        .max(HISTORY_MAX_QUERY, `at most ${HISTORY_MAX_QUERY} characters`)
        .refine((s) => /[\p{L}\p{N}]/u.test(s), 'needs a word to search for'),
    ),
    health: opt(
      z.enum(HISTORY_HEALTH as [HistoryHealth, ...HistoryHealth[]], {
        message: `must be one of ${HISTORY_HEALTH.join(', ')}`,
      }),
    ),
    contact: opt(z.string().trim().min(1, 'must not be empty').max(100, 'at most 100 characters')),
    sort: opt(
      z.enum(HISTORY_SORTS as [HistorySort, ...HistorySort[]], {
        message: `must be one of ${HISTORY_SORTS.join(', ')}`,
      }),
    ),
    limit: opt(
      z
        .string()
        .regex(/^\d{1,4}$/, `must be an integer from 1 to ${HISTORY_MAX_LIMIT}`)
        .refine(
          (s) => Number(s) >= 1 && Number(s) <= HISTORY_MAX_LIMIT,
          `must be an integer from 1 to ${HISTORY_MAX_LIMIT}`,
        ),
    ),
    cursor: opt(z.string().max(1000, 'is not a cursor of this list')),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    if (q.number !== undefined) {
      const n = parseNumberSearch(q.number);
      if (!n.ok) ctx.addIssue({ code: 'custom', path: ['number'], message: n.message });
    }
  });

/** Parameters of the history search; with any of them (or `state=ended`), `offset` paging is refused. */
export const HISTORY_ONLY_PARAMS = [
  'from',
  'to',
  'channel',
  'agentId',
  'endReason',
  'direction',
  'queue',
  'escalated',
  'handledBy',
  'number',
  'q',
  'health',
  'contact',
  'sort',
  'cursor',
] as const;

/** A checked query: its filters, order, page size and the cursor as sent (opaque; the server decodes it). */
export interface HistoryQuery {
  filter: HistoryFilter;
  sort: HistorySort;
  limit: number;
  cursor: string | null;
}

/** The checked schema output as the filter the store runs. */
export function historyQueryOf(q: z.infer<typeof HistoryQuerySchema>): HistoryQuery {
  const n = q.number === undefined ? null : parseNumberSearch(q.number);
  const filter: HistoryFilter = {
    state: q.state,
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(q.channel ? { channel: q.channel } : {}),
    ...(q.agentId ? { agentId: q.agentId } : {}),
    ...(q.outcome ? { outcome: q.outcome } : {}),
    ...(q.endReason ? { endReason: q.endReason } : {}),
    ...(q.direction ? { direction: q.direction } : {}),
    ...(q.campaignId ? { campaignId: q.campaignId } : {}),
    ...(q.queue ? { queue: q.queue } : {}),
    ...(q.escalated ? { escalated: q.escalated === 'true' } : {}),
    ...(q.handledBy ? { handledBy: q.handledBy } : {}),
    ...(n?.ok ? { number: n.value } : {}),
    ...(q.q ? { q: q.q } : {}),
    ...(q.health ? { health: q.health } : {}),
    ...(q.contact ? { contact: q.contact } : {}),
  };
  return {
    filter,
    sort: q.sort ?? '-started',
    limit: q.limit ? Number(q.limit) : HISTORY_DEFAULT_LIMIT,
    cursor: q.cursor ?? null,
  };
}
