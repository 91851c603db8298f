/**
 * Campaign display helpers: status and outcome labels, the settings in one line, list order, which commands a status
 * offers. Pure.
 */
import type { Campaign, CampaignSettings, CampaignStatus } from '@livespace/protocol/campaign';
import type { SessionSummary } from '@livespace/protocol/session';

export const CAMPAIGN_STATUS_LABEL: Record<CampaignStatus, string> = {
  draft: 'Draft',
  running: 'Running',
  paused: 'Paused',
  completed: 'Completed',
  stopped: 'Stopped',
};

/**
 * The outcomes a campaign's calls can be filtered by (`GET /api/sessions?outcome=`), in the order the chips show them.
 */
export const CALL_OUTCOMES = [
  'answered',
  'interested',
  'not_interested',
  'no_answer',
  'busy',
  'voicemail',
  'failed',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const CALL_OUTCOME_LABEL: Record<CallOutcome, string> = {
  answered: 'Answered',
  interested: 'Interested',
  not_interested: 'Not interested',
  no_answer: 'No answer',
  busy: 'Busy',
  voicemail: 'Voicemail',
  failed: 'Failed',
};

/** "interested" → a CallOutcome; anything else (absent, unknown) → null, i.e. every call. */
export function callOutcomeOf(value: string | null | undefined): CallOutcome | null {
  return value && (CALL_OUTCOMES as readonly string[]).includes(value) ? (value as CallOutcome) : null;
}

/**
 * Whether a call belongs under an outcome filter, by the server's rules: "answered" is any call a person picked up (not
 * a voicemail).
 */
export function matchesOutcome(
  s: Pick<SessionSummary, 'answeredAt' | 'outcome'>,
  outcome: CallOutcome | null,
): boolean {
  if (!outcome) return true;
  if (outcome === 'answered') return !!s.answeredAt && s.outcome !== 'voicemail';
  return s.outcome === outcome;
}

/**
 * What a call came to, for its row: the recorded outcome, else "answered" / the end reason once ended, else null (still
 * going).
 */
export function callResultLabel(
  s: Pick<SessionSummary, 'state' | 'answeredAt' | 'outcome' | 'endReason'>,
): string | null {
  if (s.outcome) return CALL_OUTCOME_LABEL[s.outcome as CallOutcome] ?? sentence(s.outcome);
  if (s.state !== 'ended') return null;
  if (s.answeredAt) return 'Answered';
  return s.endReason ? sentence(s.endReason) : 'Ended';
}

/** "caller_hangup" → "Caller hangup". */
function sentence(code: string): string {
  const t = code.replace(/[_.-]+/g, ' ').trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** Running campaigns first, then paused, drafts, and finished ones; newest first within each. */
const STATUS_ORDER: Record<CampaignStatus, number> = { running: 0, paused: 1, draft: 2, completed: 3, stopped: 4 };

export function compareCampaigns(a: Campaign, b: Campaign): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    b.createdAt.localeCompare(a.createdAt) ||
    a.id.localeCompare(b.id)
  );
}

export type CampaignCommand = 'start' | 'pause' | 'resume' | 'stop';

/** The buttons a campaign in this status shows, in order. */
export function commandsFor(status: CampaignStatus): CampaignCommand[] {
  switch (status) {
    case 'draft':
      return ['start'];
    case 'running':
      return ['pause', 'stop'];
    case 'paused':
      return ['resume', 'stop'];
    default:
      return [];
  }
}

/** Contacts can be added until the campaign is over (the server refuses completed and stopped ones). */
export function canAddContacts(status: CampaignStatus): boolean {
  return status === 'draft' || status === 'running' || status === 'paused';
}

/** 1 → "1 attempt"; 3 → "3 attempts". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** 0.5 → "30 s"; 10 → "10 min"; 90 → "1 h 30 min"; 1440 → "1 d". */
export function formatMinutes(minutes: number): string {
  if (minutes < 1) return `${Math.max(1, Math.round(minutes * 60))} s`;
  const m = Math.round(minutes);
  if (m % 1440 === 0) return `${m / 1440} d`;
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/**
 * A calling window's end as the API takes it. A time field stops at 23:59, so an end of 00:00 means midnight at the
 * end of the day, `24:00` (the window's end is exclusive; 00:00–00:00 calls around the clock).
 */
export function windowEndToSend(end: string): string {
  return end === '00:00' ? '24:00' : end;
}

/**
 * The settings as short phrases: "2 at once", "600 calls/min", "09:00–20:00 (Europe/Paris)", "3 attempts", retries,
 * voicemail.
 */
export function settingsSummary(s: CampaignSettings): string[] {
  const parts = [
    `${s.maxConcurrentCalls} at once`,
    `${Number.isInteger(s.callsPerMinute) ? s.callsPerMinute : s.callsPerMinute.toFixed(1)} calls/min`,
    `${s.callingWindow.start}–${s.callingWindow.end} (${s.defaultTimeZone})`,
    plural(s.maxAttempts, 'attempt'),
  ];
  if (s.maxAttempts > 1)
    parts.push(
      `retry no answer after ${formatMinutes(s.retryDelayMinutes.noAnswer)}, busy after ${formatMinutes(s.retryDelayMinutes.busy)}`,
    );
  parts.push(s.onVoicemail === 'leave_message' ? 'voicemail: leave a message' : 'voicemail: hang up');
  return parts;
}

/** The message of a server error without its leading "field: ". */
export function withoutFieldPrefix(message: string, field: string | undefined): string {
  if (!field) return message;
  const prefix = `${field}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

/** The fields of the New campaign form that a server error can name. */
export type CampaignFormField =
  | 'name'
  | 'agentId'
  | 'maxConcurrentCalls'
  | 'callsPerMinute'
  | 'callingWindow'
  | 'defaultTimeZone'
  | 'maxAttempts'
  | 'retryDelayMinutes'
  | 'onVoicemail'
  | 'voicemailMessage';

const FORM_FIELDS: readonly CampaignFormField[] = [
  'name',
  'agentId',
  'maxConcurrentCalls',
  'callsPerMinute',
  'callingWindow',
  'defaultTimeZone',
  'maxAttempts',
  'retryDelayMinutes',
  'onVoicemail',
  'voicemailMessage',
];

/**
 * `error.field` of a 422 ("callingWindow.start", "retryDelayMinutes.busy") → the form field it is shown next to; null
 * when none fits.
 */
export function campaignFieldOf(field: string | undefined): CampaignFormField | null {
  if (!field) return null;
  const head = field.split('.')[0]!;
  return (FORM_FIELDS as readonly string[]).includes(head) ? (head as CampaignFormField) : null;
}
