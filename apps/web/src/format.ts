/** Display helpers: labels, durations, truncation. Pure functions. */
import type { Presence, Resolution } from '@livespace/protocol/escalation';
import type { Priority } from '@livespace/protocol/flow';
import type { AttemptResult, Callback, CallbackStatus, OutboundInfo } from '@livespace/protocol/outbound';
import type { NumberCarrier } from '@livespace/protocol/numbers';
import type { Channel, Direction, SessionState, Speaker } from '@livespace/protocol/session';
import { formatClock as clockFor } from './locale-format';

export const STATE_LABEL: Record<SessionState, string> = {
  dialing: 'Dialing',
  ringing: 'Ringing',
  ai_active: 'AI',
  human_active: 'Human',
  queued: 'Queued',
  claimed: 'Claimed',
  wrap_up: 'Wrap-up',
  ended: 'Ended',
};

/** States a session can be in while it is live, in the order the header counts them. */
export const LIVE_STATES: readonly SessionState[] = [
  'dialing',
  'ringing',
  'ai_active',
  'human_active',
  'queued',
  'claimed',
  'wrap_up',
];

export const CHANNEL_LABEL: Record<Channel, string> = {
  voice: 'Voice',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
};

export const DIRECTION_LABEL: Record<Direction, string> = {
  inbound: 'Inbound',
  outbound: 'Outbound',
};

export const SPEAKER_LABEL: Record<Speaker, string> = {
  caller: 'Caller',
  ai: 'AI',
  human: 'Agent',
  supervisor: 'Supervisor',
  system: 'System',
};

/** Who said a line, in the channel's words: a message conversation has a customer, a call a caller. */
export function speakerLabel(speaker: Speaker, channel: Channel | null | undefined): string {
  return speaker === 'caller' && channel && channel !== 'voice' ? 'Customer' : SPEAKER_LABEL[speaker];
}

export const PRIORITY_LABEL: Record<Priority, string> = {
  urgent: 'Urgent',
  high: 'High',
  normal: 'Normal',
  low: 'Low',
};

/** The carriers a number of ours can be on (`/api/numbers`). */
export const CARRIER_LABEL: Record<NumberCarrier, string> = {
  twilio: 'Twilio',
  simulator: 'Simulator',
};

/** Higher is more pressing (the server's order: urgent → low, then the longest wait). */
export const PRIORITY_RANK: Record<Priority, number> = { urgent: 3, high: 2, normal: 1, low: 0 };

export const PRESENCE_LABEL: Record<Presence, string> = {
  available: 'Available',
  busy: 'Busy',
  away: 'Away',
  offline: 'Offline',
};

export const RESOLUTION_LABEL: Record<Resolution, string> = {
  resolved: 'Resolved',
  unresolved: 'Unresolved',
  follow_up: 'Follow-up needed',
};

export const CALLBACK_STATUS_LABEL: Record<CallbackStatus, string> = {
  scheduled: 'Scheduled',
  dialing: 'Dialing',
  completed: 'Completed',
  failed: 'Failed',
  canceled: 'Canceled',
  missed: 'Missed',
};

export const ATTEMPT_RESULT_LABEL: Record<AttemptResult, string> = {
  answered: 'answered',
  no_answer: 'no answer',
  busy: 'busy',
  voicemail: 'voicemail',
  failed: 'failed',
};

const CALLBACK_SOURCE_LABEL: Record<Callback['source'], string> = {
  flow: 'AI flow',
  llm: 'AI (LLM)',
  person: 'A person',
};

/** Who asked for a callback: the AI (flow or model), or the person who booked it. */
export function callbackSource(c: Pick<Callback, 'source' | 'createdBy'>): string {
  return c.source === 'person' && c.createdBy ? c.createdBy.name : CALLBACK_SOURCE_LABEL[c.source];
}

/** Short label of why Live Space placed a call: "Dial Now", "Callback", or the campaign's name. */
export function outboundKindLabel(o: OutboundInfo): string {
  if (o.kind === 'dial_now') return 'Dial Now';
  if (o.kind === 'callback') return 'Callback';
  return o.campaignName || 'Campaign';
}

/** "Outbound · Dial Now by Ava", "Outbound · Callback", "Outbound · campaign Spring renewals". */
export function describeOutbound(o: OutboundInfo | null | undefined): string {
  if (!o) return DIRECTION_LABEL.outbound;
  const what = o.kind === 'campaign' ? `campaign ${o.campaignName || o.campaignId || ''}`.trim() : outboundKindLabel(o);
  return `${DIRECTION_LABEL.outbound} · ${what}${o.by ? ` by ${o.by.name}` : ''}`;
}

/** The simulator's virtual callees a Dial Now may pick (empty: the number's last digit decides). */
export const DIAL_PERSONAS = [
  'interested',
  'not_interested',
  'callback',
  'no_answer',
  'busy',
  'voicemail',
  'failed',
  'overdue',
  'wants_human',
  'manual',
] as const;

/** Whole seconds between two instants, never negative (clocks may be slightly apart). */
export function elapsedSeconds(fromIso: string, toMs: number): number {
  const from = Date.parse(fromIso);
  if (Number.isNaN(from)) return 0;
  return Math.max(0, Math.floor((toMs - from) / 1000));
}

/** 65 → "01:05"; 3725 → "1:02:05". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Local wall-clock time of an instant with seconds, as the viewer's locale writes it ("2:03:27 PM", "14:03:27"). */
export function formatClock(iso: string): string {
  return clockFor(iso);
}

export function truncate(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
}

/** A percentage as the server sends it (0..100): 93.4 → "93%"; null (nothing to measure yet) → "—". */
export function formatPercent(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : `${Math.round(value)}%`;
}

/** "ended_by_caller" → "ended by caller". */
export function humanize(code: string): string {
  return code.replace(/[_.-]+/g, ' ').trim();
}
