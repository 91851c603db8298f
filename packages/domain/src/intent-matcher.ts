/** Matchers that decide whether a caller's line fits an `ask` node's intent. */
import * as chrono from 'chrono-node';
import type { Matcher } from '@livespace/protocol';
import { timeZoneOffsetMinutes, zonedInstant } from './zoned-time';

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
    return digits.length >= matcher.digits.min && digits.length <= matcher.digits.max
      ? { matched: true, value: digits }
      : NO;
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
function phrasePattern(phrases: readonly string[]): RegExp {
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
  'no problem',
  'not a problem',
  'no worries',
  'why not',
  "don't mind",
  'do not mind',
  "wouldn't mind",
  'no doubt',
]);
// Neither yes nor no: the caller needs the question again.
const UNSURE = phrasePattern([
  'not sure',
  "i'm not certain",
  "don't know",
  'do not know',
  'dunno',
  'maybe',
  'perhaps',
  'not yet sure',
]);
const NEGATIVE = phrasePattern([
  'no',
  'nope',
  'nah',
  'not',
  'never',
  'negative',
  "don't",
  'do not',
  "can't",
  'cannot',
  'can not',
  "won't",
  'will not',
  "wouldn't",
  "couldn't",
  "isn't",
  "it's not",
  "doesn't",
  "didn't",
  'no thanks',
  'no thank you',
  'not really',
  'not interested',
  'no way',
  'decline',
  'refuse',
  'unable',
]);
const POSITIVE = phrasePattern([
  'yes',
  'yeah',
  'yea',
  'yep',
  'yup',
  'ya',
  'aye',
  'sure',
  'of course',
  'ok',
  'okay',
  'alright',
  'all right',
  'right',
  "that's right",
  'correct',
  'absolutely',
  'definitely',
  'certainly',
  'please do',
  'go ahead',
  'sounds good',
  'fine',
  'i can',
  'i will',
  'i do',
  'i am',
  "i'd like",
  "i'd love",
  'i would',
  'works',
  'interested',
  'agreed',
  'deal',
  'affirmative',
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

const words = (table: Record<string, number>) => new Map(Object.entries(table));
const UNITS = words({ one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9 });
const TEENS = words({
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
});
const TENS = words({
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
});
/** Scales above a hundred; each multiplies everything said before it since the last larger one. */
const BIG_SCALES = words({ thousand: 1_000, million: 1_000_000 });
const REPEATS = words({ double: 2, triple: 3 });
const ZEROS = new Set(['zero', 'nought', 'naught']);
/** Letter-like zeros: a digit only next to other digits. */
const OHS = new Set(['oh', 'o']);

const isNumeral = (t: string) => /^\d+$/.test(t);

/** A part of a spoken number: its value, the index after it, and whether it is one single-digit token. */
interface NumberPart {
  value: number;
  end: number;
  single: boolean;
}

/** Whether the token at `k` is (or starts) a number: digits, a number word, "oh", "double", a scale. */
function startsNumber(w: readonly string[], k: number): boolean {
  const t = w[k];
  if (t === undefined) return false;
  return (
    isNumeral(t) ||
    UNITS.has(t) ||
    TEENS.has(t) ||
    TENS.has(t) ||
    ZEROS.has(t) ||
    OHS.has(t) ||
    REPEATS.has(t) ||
    t === 'hundred' ||
    BIG_SCALES.has(t)
  );
}

/** 1–99: "seven", "fifteen", "forty", "forty two" ("forty-two"), or digits with no leading zero. */
function below100(w: readonly string[], i: number): NumberPart | undefined {
  const t = w[i];
  if (t === undefined) return undefined;
  const unit = UNITS.get(t);
  if (unit !== undefined) return { value: unit, end: i + 1, single: true };
  const teen = TEENS.get(t);
  if (teen !== undefined) return { value: teen, end: i + 1, single: false };
  const tens = TENS.get(t);
  if (tens !== undefined) {
    const next = UNITS.get(w[i + 1] ?? '');
    return next === undefined
      ? { value: tens, end: i + 1, single: false }
      : { value: tens + next, end: i + 2, single: false };
  }
  if (/^[1-9]\d?$/.test(t)) return { value: Number(t), end: i + 1, single: t.length === 1 };
  return undefined;
}

/**
 * What follows a scale word ("hundred", "thousand"), if it belongs to the same number. After "and" it
 * always does. Without it, one lone digit followed by more numbers does not: "eight hundred five five five"
 * is read digit by digit (800 5 5 5, as in "one eight hundred five five five…"), "one hundred five" is 105.
 */
function afterScale(
  w: readonly string[],
  k: number,
  parse: (w: readonly string[], i: number) => NumberPart | undefined,
): NumberPart | undefined {
  if (w[k] === 'and') return parse(w, k + 1);
  const part = parse(w, k);
  if (part && part.single && startsNumber(w, part.end) && !BIG_SCALES.has(w[part.end]!)) return undefined;
  return part;
}

/**
 * 1–999: a number below 100, optionally times "hundred" plus what follows ("nineteen hundred", "a hundred and five").
 */
function below1000(w: readonly string[], i: number): NumberPart | undefined {
  let head: NumberPart | undefined;
  const next = w[i + 1] ?? '';
  if (w[i] === 'a' && (next === 'hundred' || BIG_SCALES.has(next))) head = { value: 1, end: i + 1, single: false };
  else if (/^[1-9]\d\d$/.test(w[i] ?? '') && BIG_SCALES.has(next))
    return { value: Number(w[i]), end: i + 1, single: false };
  else head = below100(w, i);
  if (!head || w[head.end] !== 'hundred') return head;
  const end = head.end + 1;
  const rest = afterScale(w, end, below100);
  return rest
    ? { value: head.value * 100 + rest.value, end: rest.end, single: false }
    : { value: head.value * 100, end, single: false };
}

/** A whole cardinal from `i`: "two thousand twenty six" (2026), "one hundred and five" (105), "a million". */
function cardinal(w: readonly string[], i: number): NumberPart | undefined {
  let total = 0;
  let end = i;
  let lastScale = Infinity;
  let part = below1000(w, i);
  while (part) {
    const scale = BIG_SCALES.get(w[part.end] ?? '');
    if (scale === undefined) {
      total += part.value;
      end = part.end;
      break;
    }
    // "two thousand three thousand": the second thousand starts another number.
    if (scale >= lastScale) break;
    total += part.value * scale;
    lastScale = scale;
    end = part.end + 1;
    part = afterScale(w, end, below1000);
  }
  return end > i ? { value: total, end, single: end === i + 1 && total < 10 } : undefined;
}

/** A single digit as said after "double"/"triple": "five", "oh", "zero", "5". */
function singleDigit(t: string | undefined): string | undefined {
  if (t === undefined) return undefined;
  const unit = UNITS.get(t);
  if (unit !== undefined) return String(unit);
  if (ZEROS.has(t) || OHS.has(t)) return '0';
  return /^\d$/.test(t) ? t : undefined;
}

/**
 * Pulls every digit out of a line, spoken or written, and joins them in order.
 * - Digits and digit words one by one: "four one five five five five" → 415555, "4 one 5" → 415,
 *   "my account is 12-34-56" → 123456 (written digits are kept as written, leading zeros included).
 * - Number words make a number: "forty two" / "forty-two" → 42, "one hundred and five" → 105,
 *   "two thousand twenty six" → 2026, "nineteen hundred" → 1900, "a hundred" → 100.
 * - Decision: numbers said one after another are written one after another, the way people read years
 *   and phone numbers in groups: "twenty twenty six" → 2026 ("20" then "26"), "nineteen eighty four" →
 *   1984, "four fifteen" → 415, "twenty oh five" → 2005. A tens word takes only a unit word after it
 *   ("twenty 5" → 205), and after "hundred"/"thousand" a lone digit followed by more numbers is read digit
 *   by digit ("eight hundred five five five" → 800555; "one hundred five" → 105).
 * - "double"/"triple" repeat the next digit: "double three" → 33, "triple five" → 555, "double oh seven" → 007.
 * - "zero", "nought" are 0; "oh"/"o" is 0 next to another number (before or after), so "five oh five" → 505
 *   and "oh seven seven" → 077, but "Oh, it's 42" stays 42 (an "oh" followed by a comma or stop is an interjection).
 */
export function extractDigits(text: string): string {
  const line = text.toLowerCase().replace(/[’‘]/g, "'");
  const tokens = [...line.matchAll(/[a-z0-9]+(?:'[a-z]+)*/g)].map((m) => ({
    // "o'clock" is one word, not "o" (zero) and "clock".
    word: m[0].replace(/'/g, ''),
    pause: /^\s*[,.;:!?]/.test(line.slice(m.index + m[0].length)),
  }));
  const w = tokens.map((t) => t.word);
  let out = '';
  let lastWasNumber = false;
  let i = 0;
  while (i < w.length) {
    const t = w[i]!;
    const repeat = REPEATS.get(t);
    if (repeat !== undefined) {
      const digit = singleDigit(w[i + 1]);
      if (digit !== undefined) {
        out += digit.repeat(repeat);
        lastWasNumber = true;
        i += 2;
      } else {
        i += 1;
      }
      continue;
    }
    const n = cardinal(w, i);
    if (n) {
      out += String(n.value);
      i = n.end;
    } else if (isNumeral(t)) {
      out += t;
      i += 1;
    } else if (ZEROS.has(t) || (OHS.has(t) && (lastWasNumber || (!tokens[i]!.pause && startsNumber(w, i + 1))))) {
      out += '0';
      i += 1;
    } else {
      lastWasNumber = false;
      i += 1;
      continue;
    }
    lastWasNumber = true;
  }
  return out;
}

/** Minutes east of UTC of `timeZone` at `at`; an unknown zone counts as UTC (validate zones at the edge). */
export { timeZoneOffsetMinutes };

/**
 * Finds the first date/time in a line, in the future relative to `now`, as an ISO string.
 * A day without a time ("tomorrow") means noon, as chrono-node decides.
 */
export function parseDateTime(text: string, now: Date, timeZone = 'UTC'): string | null {
  // chrono-node takes an offset, not an IANA zone: it reads the line with the caller's offset now
  // ("tomorrow" is the caller's tomorrow), then the wall time it found is placed in the zone by
  // zoned-time.ts, so a DST change in between uses the offset of that day, and a time that does not
  // exist or exists twice follows the calling windows' rules (gap: the first instant after; overlap: the first).
  const result = chrono.parse(
    text,
    { instant: now, timezone: timeZoneOffsetMinutes(timeZone, now) },
    { forwardDate: true },
  )[0];
  if (!result) return null;
  const start = result.start;
  // A stated zone ("3pm EST") or a span from now ("in two hours") is already an exact instant.
  if (start.isCertain('timezoneOffset')) return start.date().toISOString();
  const field = (c: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second') => start.get(c) ?? 0;
  return zonedInstant(timeZone, {
    year: field('year'),
    month: field('month'),
    day: field('day'),
    hour: field('hour'),
    minute: field('minute'),
    second: field('second'),
  }).toISOString();
}

/** Speaks an ISO time in the caller's zone, e.g. "Thursday, March 13 at 10:00 AM". */
export function formatSpokenDateTime(iso: string, timeZone = 'UTC'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const opts: Intl.DateTimeFormatOptions = {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  };
  let text: string;
  try {
    text = new Intl.DateTimeFormat('en-US', { ...opts, timeZone }).format(date);
  } catch {
    text = new Intl.DateTimeFormat('en-US', { ...opts, timeZone: 'UTC' }).format(date);
  }
  // ICU puts a narrow no-break space before AM/PM; speech engines and plain-text channels want a space.
  return text.replace(/\s/g, ' ');
}
