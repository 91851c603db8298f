/** Campaign contacts: a CSV row read as a contact (or why not), and what an attempt's end means for it. */
import type { AttemptResult, CampaignSettings } from '@livespace/protocol';
import { isCountryCode, normalizePhone, type CountryCode } from './phone';
import { isPersona } from './persona';

/** A contact read from one CSV row. */
export interface ContactDraft {
  line: number;
  phone: string;
  name: string | null;
  timeZone: string | null;
  persona: string | null;
  /** The other columns, by header: the flow's variables for this call. */
  variables: Record<string, string>;
}

export type ContactRow = { ok: true; contact: ContactDraft } | { ok: false; reason: string };

const KNOWN = new Set(['phone', 'name', 'timezone', 'persona']);
const VARIABLE_NAME = /^[\w.-]{1,64}$/;

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads one row (header → cell). `phone` is required; `name`, `timezone`, `persona` are optional; other columns become
 * variables.
 */
export function contactFromRow(
  row: Readonly<Record<string, string | undefined>>,
  line: number,
  defaultCountry: CountryCode = 'US',
): ContactRow {
  const cell = (key: string) => {
    for (const [k, v] of Object.entries(row)) if (k.trim().toLowerCase() === key) return (v ?? '').trim();
    return '';
  };
  const rawPhone = cell('phone');
  if (!rawPhone) return { ok: false, reason: 'phone is empty' };
  const phone = normalizePhone(rawPhone, isCountryCode(defaultCountry) ? defaultCountry : 'US');
  if (!phone.ok) return { ok: false, reason: phone.message };
  const timeZone = cell('timezone') || null;
  if (timeZone && !validZone(timeZone))
    return { ok: false, reason: `timezone "${timeZone.slice(0, 40)}" is not an IANA time zone` };
  const persona = cell('persona') || null;
  if (persona && !isPersona(persona)) return { ok: false, reason: `persona "${persona.slice(0, 40)}" is unknown` };
  const variables: Record<string, string> = {};
  for (const [k, v] of Object.entries(row)) {
    const key = k.trim();
    if (!key || KNOWN.has(key.toLowerCase())) continue;
    if (!VARIABLE_NAME.test(key))
      return { ok: false, reason: `column "${key.slice(0, 40)}" is not a variable name (letters, digits, _ . -)` };
    const value = (v ?? '').trim();
    if (value.length > 1000) return { ok: false, reason: `${key} is longer than 1000 characters` };
    if (value) variables[key] = value;
  }
  const name = cell('name') || null;
  if (name) variables.name ??= name;
  return { ok: true, contact: { line, phone: phone.e164, name, timeZone, persona, variables } };
}

/** A contact after one attempt: done, or pending again at `nextAttemptAt`. */
export interface ContactAfterAttempt {
  status: 'pending' | 'done';
  nextAttemptAt: string | null;
}

/**
 * What an attempt's end means: a conversation, a left voicemail or a failed call end the contact; no
 * answer and busy (and a voicemail hung up on) are tried again after their delay while attempts remain.
 */
export function contactAfterAttempt(
  attempts: number,
  result: AttemptResult,
  now: Date,
  s: Pick<CampaignSettings, 'maxAttempts' | 'retryDelayMinutes' | 'onVoicemail'>,
): ContactAfterAttempt {
  const done: ContactAfterAttempt = { status: 'done', nextAttemptAt: null };
  if (result === 'answered' || result === 'failed') return done;
  if (result === 'voicemail' && s.onVoicemail === 'leave_message') return done;
  if (attempts >= s.maxAttempts) return done;
  const minutes = result === 'busy' ? s.retryDelayMinutes.busy : s.retryDelayMinutes.noAnswer;
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + minutes * 60_000).toISOString() };
}
