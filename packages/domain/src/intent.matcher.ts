/** Matchers that decide whether a caller's line fits an `ask` node's intent. */
import * as chrono from 'chrono-node';
import type { Matcher } from '@livespace/protocol';

/** Result of one matcher: `value` is what a capturing intent stores. */
export type MatchResult = { matched: true; value: string } | { matched: false };

/** Options for matching: the caller's IANA time zone resolves "tomorrow at 10am" (default UTC). */
export interface MatchOptions {
  timeZone?: string;
}

const NO: MatchResult = { matched: false };

/** Tries one matcher on a caller's line; `now` anchors relative dates. */
export function matchIntent(matcher: Matcher, text: string, now: Date, opts: MatchOptions = {}): MatchResult {
  const line = text.trim();
  if ('keywords' in matcher) return matchKeywords(matcher.keywords, line);
  if ('regex' in matcher) return matchRegex(matcher.regex, line);
  if ('yesno' in matcher) return classifyYesNo(line) === matcher.yesno ? { matched: true, value: line } : NO;
  if ('digits' in matcher) {
    const digits = extractDigits(line);
    return digits.length >= matcher.digits.min && digits.length <= matcher.digits.max ? { matched: true, value: digits } : NO;
  }
  if ('datetime' in matcher) {
    const at = parseDateTime(line, now, opts.timeZone);
    return at ? { matched: true, value: at } : NO;
  }
  return line ? { matched: true, value: line } : NO;
}

// Letters and digits in any script count as word characters, so "café" and "日本" behave.
const WORD_START = '(?<![\\p{L}\\p{N}])';
const WORD_END = '(?![\\p{L}\\p{N}])';

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Builds a case-insensitive whole-word pattern for any of the phrases; spacing inside a phrase is flexible. */
export function phrasePattern(phrases: readonly string[]): RegExp {
  const alts = phrases.map((p) => escapeRegex(p.trim().replace(/[’‘]/g, "'")).replace(/\s+/g, '\\s+'));
  return new RegExp(`${WORD_START}(?:${alts.join('|')})${WORD_END}`, 'iu');
}

function normalizeQuotes(s: string): string {
  return s.replace(/[’‘]/g, "'");
}

function matchKeywords(keywords: readonly string[], line: string): MatchResult {
  return phrasePattern(keywords).test(normalizeQuotes(line)) ? { matched: true, value: line } : NO;
}

function matchRegex(source: string, line: string): MatchResult {
  let re: RegExp;
  try {
    re = new RegExp(source, 'i');
  } catch {
    // Flows are validated at the edge; a bad pattern that slipped through simply never matches.
    return NO;
  }
  const m = re.exec(line);
  if (!m) return NO;
  return { matched: true, value: m[1] ?? m[0] };
}

// Positive phrases that contain a negative word; removed before the negation check.
const YES_DESPITE_NEGATION = phrasePattern([
  'no problem', 'not a problem', 'no worries', 'why not', "don't mind", 'do not mind', "wouldn't mind", 'no doubt',
]);
// Neither yes nor no: the caller needs the question again.
const UNSURE = phrasePattern(["not sure", "i'm not certain", "don't know", 'do not know', 'dunno', 'maybe', 'perhaps', 'not yet sure']);
const NEGATIVE = phrasePattern([
  'no', 'nope', 'nah', 'not', 'never', 'negative', "don't", 'do not', "can't", 'cannot', 'can not', "won't", 'will not',
  "wouldn't", "couldn't", "isn't", "it's not", "doesn't", "didn't", 'no thanks', 'no thank you', 'not really',
  'not interested', 'no way', 'decline', 'refuse', 'unable',
]);
const POSITIVE = phrasePattern([
  'yes', 'yeah', 'yea', 'yep', 'yup', 'ya', 'aye', 'sure', 'of course', 'ok', 'okay', 'alright', 'all right', 'right',
  "that's right", 'correct', 'absolutely', 'definitely', 'certainly', 'please do', 'go ahead', 'sounds good', 'fine',
  'i can', 'i will', 'i do', 'i am', "i'd like", "i'd love", 'i would', 'works', 'interested', 'agreed', 'deal', 'affirmative',
]);

/**
 * Reads an English line as yes, no or neither. Negation wins ("yes, I'm not interested" is no):
 * recording consent the caller did not give is worse than asking again.
 */
export function classifyYesNo(text: string): 'yes' | 'no' | null {
  let s = ` ${normalizeQuotes(text.toLowerCase())} `;
  const global = (re: RegExp) => new RegExp(re.source, 'giu');
  const yesByPhrase = YES_DESPITE_NEGATION.test(s);
  s = s.replace(global(YES_DESPITE_NEGATION), ' ');
  // "I'm not sure" must not read as a "not".
  s = s.replace(global(UNSURE), ' ');
  if (NEGATIVE.test(s)) return 'no';
  if (yesByPhrase || POSITIVE.test(s)) return 'yes';
  return null;
}

const DIGIT_WORDS: Readonly<Record<string, string>> = {
  zero: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
};

/**
 * Pulls every digit out of a line, spoken or written: "one two 3" → "123". "oh"/"o" is zero only
 * right after another digit (so "Oh, it's 42" stays "42"); "double"/"triple" repeat the next digit.
 */
export function extractDigits(text: string): string {
  const tokens = text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  let out = '';
  let repeat = 1;
  let lastWasDigit = false;
  for (const t of tokens) {
    if (t === 'double' || t === 'triple') {
      repeat = t === 'double' ? 2 : 3;
      continue;
    }
    let d: string | undefined;
    if (/^\d+$/.test(t)) d = t;
    else if (DIGIT_WORDS[t] !== undefined) d = DIGIT_WORDS[t];
    else if ((t === 'oh' || t === 'o') && lastWasDigit) d = '0';
    if (d === undefined) {
      lastWasDigit = false;
      repeat = 1;
      continue;
    }
    out += repeat > 1 && d.length === 1 ? d.repeat(repeat) : d;
    repeat = 1;
    lastWasDigit = true;
  }
  return out;
}

/** Minutes east of UTC of `timeZone` at `at`; an unknown zone counts as UTC (validate zones at the edge). */
export function timeZoneOffsetMinutes(timeZone: string, at: Date): number {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).formatToParts(at);
  } catch {
    return 0;
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60000);
}

/**
 * Finds the first date/time in a line, in the future relative to `now`, as an ISO string.
 * A day without a time ("tomorrow") means noon, as chrono-node decides.
 */
export function parseDateTime(text: string, now: Date, timeZone = 'UTC'): string | null {
  // chrono-node takes an offset, not an IANA zone, so compute it; then re-parse if the answer falls
  // on the other side of a daylight-saving change from `now`.
  const parse = (offset: number) => chrono.parse(text, { instant: now, timezone: offset }, { forwardDate: true })[0]?.start.date();
  const offsetNow = timeZoneOffsetMinutes(timeZone, now);
  let date = parse(offsetNow);
  if (!date) return null;
  const offsetThen = timeZoneOffsetMinutes(timeZone, date);
  if (offsetThen !== offsetNow) date = parse(offsetThen) ?? date;
  return date.toISOString();
}

/** Speaks an ISO time in the caller's zone, e.g. "Thursday, March 13 at 10:00 AM". */
export function formatSpokenDateTime(iso: string, timeZone = 'UTC'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const opts: Intl.DateTimeFormatOptions = { weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit' };
  let text: string;
  try {
    text = new Intl.DateTimeFormat('en-US', { ...opts, timeZone }).format(date);
  } catch {
    text = new Intl.DateTimeFormat('en-US', { ...opts, timeZone: 'UTC' }).format(date);
  }
  // ICU puts a narrow no-break space before AM/PM; speech engines and plain-text channels want a space.
  return text.replace(/\s/g, ' ');
}
