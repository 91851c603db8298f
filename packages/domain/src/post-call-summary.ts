/**
 * The post-call summary made from what the flow recorded — used when no chat model is configured, or when it fails.
 * Every sentence states a recorded fact (the channel, how long, the escalation and who handled it, the outcome, the
 * variables the conversation captured, how it ended); nothing is guessed from the words said.
 */
import type { PostCallSummary, SessionDetail } from '@livespace/protocol';

/** How a session's end reads in a sentence; other reasons read as their words ("no match", …). */
const END_REASONS: Readonly<Record<string, string>> = {
  caller_hangup: 'the customer hung up',
  flow_end: 'the AI agent finished the conversation',
  completed: 'the conversation was completed',
  ended_by_supervisor: 'a supervisor ended it',
  ended_by_agent: 'the human agent ended it',
  agent_ended: 'the AI agent finished the conversation',
  abandoned: 'the customer left while waiting for a person',
  no_answer: 'nobody answered',
  busy: 'the line was busy',
  failed: 'the call could not be placed',
  voicemail: 'it reached voicemail',
  server_shutdown: 'the server shut down',
};

const CHANNEL_NAMES: Readonly<Record<string, string>> = {
  voice: 'call',
  sms: 'SMS conversation',
  whatsapp: 'WhatsApp conversation',
};

/** What the person who answered an escalation did, by how it ended (else: answered). */
const ANSWERED: Readonly<Record<string, string>> = {
  returned: 'answered and handed it back to the AI',
  transferred: 'answered and transferred it',
};

/** `1 min 05 s`, `42 s`, `1 h 02 min`. */
export function spokenDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

const words = (code: string) => code.replace(/_/g, ' ');

/** The variables a session captured while it ran (a flow's `set` or `capture`, an LLM tool), newest value of each. */
export function capturedVariables(d: Pick<SessionDetail, 'transcript'>): Array<[string, string]> {
  const found = new Map<string, string>();
  for (const l of d.transcript) {
    if (l.kind !== 'variable' || typeof l.data?.name !== 'string') continue;
    found.delete(l.data.name);
    found.set(l.data.name, String(l.data.value ?? ''));
  }
  return [...found];
}

/** Who took the conversation over from the AI (supervisors; a claim is the escalation's), in order, once each. */
function takeovers(d: Pick<SessionDetail, 'transcript'>): string[] {
  const names = new Set<string>();
  for (const l of d.transcript)
    if (l.kind === 'state' && l.data?.state === 'human_active' && l.by) names.add(l.by.name);
  return [...names];
}

/** The flow-made summary of an ended session. */
export function flowSummary(d: SessionDetail): PostCallSummary {
  const sentences: string[] = [];
  const kind = CHANNEL_NAMES[d.channel] ?? 'conversation';
  const duration = d.endedAt ? `, ${spokenDuration(Date.parse(d.endedAt) - Date.parse(d.startedAt))}` : '';
  sentences.push(`${d.direction === 'outbound' ? 'Outbound' : 'Inbound'} ${kind} with ${d.agentName}${duration}.`);
  if (d.direction === 'outbound' && !d.answeredAt && d.channel === 'voice')
    sentences.push('The call was not answered.');
  const x = d.escalation;
  if (x) {
    let s = `Escalated to ${x.queue} (${words(x.reason)})`;
    if (x.claimedBy)
      s += `; ${x.claimedBy.name} ${ANSWERED[x.status] ?? 'answered'}${x.resolution ? `: ${words(x.resolution)}` : ''}`;
    else if (x.status === 'abandoned') s += '; the customer left before anyone answered';
    else s += '; nobody answered';
    sentences.push(`${s}.`);
    if (x.notes) sentences.push(`Notes: ${/[.!?]$/.test(x.notes.trim()) ? x.notes.trim() : `${x.notes.trim()}.`}`);
  }
  const tookOver = takeovers(d);
  if (tookOver.length > 0) sentences.push(`${tookOver.join(' and ')} took over from the AI.`);
  if (d.outcome) sentences.push(`Outcome: ${words(d.outcome)}.`);
  const captured = capturedVariables(d);
  if (captured.length > 0) sentences.push(`Captured: ${captured.map(([k, v]) => `${k} = ${v}`).join(', ')}.`);
  if (d.endReason) sentences.push(`Ended: ${END_REASONS[d.endReason] ?? words(d.endReason)}.`);
  return { text: sentences.join(' '), source: 'flow' };
}
