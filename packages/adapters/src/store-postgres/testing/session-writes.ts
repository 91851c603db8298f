/** For the store contract's cases: a session's events as its actor writes them. */
import type { EventWrite } from '@livespace/app/ports/index';
import { applyToSummary, type SessionEvent, type SessionEventInput, type SessionSummary } from '@livespace/protocol';

/** What sets a session apart at its start; the rest of its first summary is every new session's. */
type SessionStart = Pick<
  SessionSummary,
  'id' | 'channel' | 'direction' | 'agentId' | 'agentName' | 'callerNumber' | 'startedAt' | 'outbound'
>;

/** session.started, then each event at its time (seq 2, 3…), each with the summary right after it. */
export function sessionWrites(start: SessionStart, then: Array<[at: string, event: SessionEventInput]>): EventWrite[] {
  const first: SessionSummary = {
    id: start.id,
    channel: start.channel,
    direction: start.direction,
    agentId: start.agentId,
    agentName: start.agentName,
    callerNumber: start.callerNumber,
    state: 'ai_active',
    startedAt: start.startedAt,
    endedAt: null,
    endReason: null,
    currentNode: null,
    lastLine: null,
    seq: 1,
    ...(start.outbound ? { outbound: start.outbound } : {}),
  };
  let summary = first;
  const events: SessionEvent[] = [{ type: 'session.started', seq: 1, at: first.startedAt, summary: first }];
  then.forEach(([at, e], i) => events.push({ ...e, seq: i + 2, at } as SessionEvent));
  return events.map((event) => ({ sessionId: start.id, event, summary: (summary = applyToSummary(summary, event)) }));
}
