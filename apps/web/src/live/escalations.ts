/** The escalation queue's HTTP calls (claim, complete, one's own presence) and the words shown when one fails. */
import type { HumanAgentPresence, CompleteBody, Escalation, PresenceChoice } from '@livespace/protocol/escalation';
import { api, ApiError } from '../api';
import { RESOLUTION_LABEL } from '../format';

/** An escalation as `POST …/claim` and `…/complete` return it (without the preview line). */
export type EscalationRecord = Omit<Escalation, 'lastLine'>;

export async function claimEscalation(id: string): Promise<EscalationRecord> {
  const r = await api<{ escalation: EscalationRecord }>(`/api/escalations/${encodeURIComponent(id)}/claim`, {
    method: 'POST',
  });
  return r.escalation;
}

export async function completeEscalation(id: string, body: CompleteBody): Promise<EscalationRecord> {
  const r = await api<{ escalation: EscalationRecord }>(`/api/escalations/${encodeURIComponent(id)}/complete`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  return r.escalation;
}

export function setMyPresence(status: PresenceChoice): Promise<HumanAgentPresence> {
  return api<HumanAgentPresence>('/api/presence/me', { method: 'PUT', body: JSON.stringify({ status }) });
}

/** What a completion did, for a notice: "Call completed: follow-up needed", "Handed back to the AI (resolved)". */
export function completionText(record: EscalationRecord, returnedToAi: boolean): string {
  const outcome = (record.resolution ? RESOLUTION_LABEL[record.resolution] : 'Completed').toLowerCase();
  return returnedToAi
    ? `Handed back to the AI (${outcome})`
    : `${record.channel === 'voice' ? 'Call' : 'Conversation'} completed: ${outcome}`;
}

/** The server's message without its "Cannot claim:" start and final period. */
function reason(message: string): string {
  return message
    .trim()
    .replace(/^(cannot|can't)\b[^:]*:\s*/i, '')
    .replace(/\.$/, '');
}

/** A sentence for a notice, e.g. "Can't claim: Ava claimed it first". */
export function escalationErrorMessage(action: 'claim' | 'complete' | 'presence', err: unknown): string {
  const verb = action === 'claim' ? 'claim' : action === 'complete' ? 'complete' : 'change your status';
  if (err instanceof ApiError) {
    if (action === 'claim' && err.code === 'not_in_queue') return "Can't claim: it is not in one of your queues";
    return `Can't ${verb}: ${reason(err.message) || `the server said ${err.status}`}`;
  }
  return `Can't ${verb}: ${err instanceof Error ? reason(err.message) : 'network error'}`;
}
