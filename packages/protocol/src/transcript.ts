/** Projection of session events onto a SessionDetail, shared by the server and the web app. */
import type { SessionDetail, SessionEvent, SessionSummary, TranscriptLine } from './session';
import type { EscalationInfo } from './escalation';

/** Applies one event to a summary; returns the same object when nothing shown in lists changed. */
export function applyToSummary(s: SessionSummary, e: SessionEvent): SessionSummary {
  switch (e.type) {
    case 'session.started':
      return { ...e.summary, seq: e.seq };
    case 'session.state':
      // The person who holds the call: who took it over, or the human agent who claimed its escalation.
      return {
        ...s,
        state: e.state,
        takenOverBy: e.state === 'human_active' || e.state === 'claimed' ? (e.by ?? null) : null,
        seq: e.seq,
      };
    case 'escalation':
      return { ...s, escalation: e.escalation, seq: e.seq };
    case 'node':
      return { ...s, currentNode: e.node, seq: e.seq };
    case 'health':
      return { ...s, health: e.health, seq: e.seq };
    case 'line.partial':
    case 'line.final':
      // A whisper never becomes the list's last line: the list is what the call sounds like.
      return e.hidden
        ? { ...s, seq: e.seq }
        : { ...s, lastLine: { speaker: e.speaker, text: e.text, at: e.at }, seq: e.seq };
    case 'system':
      // `listeners` events carry the whole list of who listens now.
      if (e.kind === 'listeners' && Array.isArray(e.data?.listeners))
        return { ...s, listeners: e.data.listeners as SessionSummary['listeners'], seq: e.seq };
      if (e.kind === 'outcome' && typeof e.data?.outcome === 'string')
        return { ...s, outcome: e.data.outcome, seq: e.seq };
      if (e.kind === 'answered') return { ...s, answeredAt: e.at, seq: e.seq };
      if (e.kind === 'customer') return { ...s, ...customerChange(e.data), seq: e.seq };
      return { ...s, seq: e.seq };
    case 'session.ended':
      return { ...s, state: 'ended', endedAt: e.at, endReason: e.reason, seq: e.seq };
    case 'session.summarized':
      return { ...s, summary: e.summary, seq: e.seq };
  }
}

/** Applies one event to a full session (mutates and returns it); events at or below detail.seq are ignored. */
export function applyToDetail(d: SessionDetail, e: SessionEvent): SessionDetail {
  if (e.seq <= d.seq) return d;
  Object.assign(d, applyToSummary(d, e));
  if (e.type === 'session.started' && e.variables) d.variables = { ...e.variables };
  if (e.type === 'line.partial' || e.type === 'line.final') {
    const line: TranscriptLine = { seq: e.seq, lineId: e.lineId, speaker: e.speaker, text: e.text, at: e.at };
    if (e.type === 'line.partial') line.partial = true;
    if (e.hidden) line.hidden = true;
    if (e.barge) line.barge = true;
    if (e.dtmf) line.dtmf = true;
    if (e.by) line.by = e.by;
    upsertLine(d.transcript, line);
  } else if (e.type === 'node') {
    d.transcript.push({
      seq: e.seq,
      lineId: `node-${e.seq}`,
      speaker: 'system',
      text: `Flow node: ${e.node}`,
      at: e.at,
      kind: 'node',
      data: { node: e.node },
    });
  } else if (e.type === 'session.state' || e.type === 'session.ended') {
    const who = e.by ? ` by ${e.by.name}` : '';
    const text =
      e.type === 'session.ended'
        ? `Session ended (${e.reason.replace(/_/g, ' ')})${who}`
        : `State: ${e.state.replace(/_/g, ' ')}${who}`;
    const line: TranscriptLine = {
      seq: e.seq,
      lineId: `state-${e.seq}`,
      speaker: 'system',
      text,
      at: e.at,
      kind: 'state',
    };
    if (e.type === 'session.state') line.data = { state: e.state };
    if (e.by) line.by = e.by;
    d.transcript.push(line);
  } else if (e.type === 'escalation') {
    const line: TranscriptLine = {
      seq: e.seq,
      lineId: `escalation-${e.seq}`,
      speaker: 'system',
      text: escalationText(e.escalation),
      at: e.at,
      kind: 'escalation',
      data: { status: e.escalation.status, queue: e.escalation.queue },
    };
    if (e.by) line.by = e.by;
    d.transcript.push(line);
  } else if (e.type === 'system') {
    if (annotate(d.transcript, e)) return d;
    const line: TranscriptLine = {
      seq: e.seq,
      lineId: e.lineId,
      speaker: 'system',
      text: e.text,
      at: e.at,
      kind: e.kind,
    };
    if (e.data) line.data = e.data;
    if (e.by) line.by = e.by;
    upsertLine(d.transcript, line);
    if (e.kind === 'variable' && typeof e.data?.name === 'string')
      d.variables[e.data.name] = String(e.data.value ?? '');
  }
  return d;
}

/** What a `customer` event changes in the summary: a new number (WhatsApp number change), a name. */
function customerChange(data: Record<string, unknown> | undefined): Partial<SessionSummary> {
  const out: Partial<SessionSummary> = {};
  if (typeof data?.callerNumber === 'string') out.callerNumber = data.callerNumber;
  if (typeof data?.callerName === 'string' || data?.callerName === null) out.callerName = data.callerName;
  return out;
}

/**
 * A customer's edit, deletion or reaction changes the line it names (no line of its own): true when it did.
 * One that names a line not in this transcript (an earlier conversation's) stays a line of its own, with its text.
 */
function annotate(lines: TranscriptLine[], e: Extract<SessionEvent, { type: 'system' }>): boolean {
  if (e.kind !== 'message_edited' && e.kind !== 'message_deleted' && e.kind !== 'reaction') return false;
  const targetId = e.data?.target;
  const i = typeof targetId === 'string' ? lines.findLastIndex((l) => l.lineId === targetId) : -1;
  if (i < 0) return false;
  const target = lines[i]!;
  if (e.kind === 'message_edited' && typeof e.data?.text === 'string') {
    lines[i] = { ...target, text: e.data.text, edited: { original: target.edited?.original ?? target.text, at: e.at } };
  } else if (e.kind === 'message_deleted') {
    lines[i] = { ...target, deleted: { at: e.at } };
  } else if (e.kind === 'reaction') {
    const { reaction: _old, ...rest } = target;
    lines[i] = typeof e.data?.emoji === 'string' && e.data.emoji ? { ...rest, reaction: e.data.emoji } : rest;
  }
  return true;
}

function escalationText(x: EscalationInfo): string {
  switch (x.status) {
    case 'waiting':
      return `Waiting for a person in queue ${x.queue} (${x.priority}): ${x.reason.replace(/_/g, ' ')}`;
    case 'claimed':
      return `Claimed by ${x.claimedBy?.name ?? 'an agent'}`;
    case 'resolved':
      return `Completed by ${x.claimedBy?.name ?? 'an agent'}: ${(x.resolution ?? 'resolved').replace(/_/g, ' ')}${x.notes ? ` — ${x.notes}` : ''}`;
    case 'returned':
      return `Handed back to the AI by ${x.claimedBy?.name ?? 'an agent'}: ${(x.resolution ?? 'resolved').replace(/_/g, ' ')}`;
    case 'abandoned':
      return 'The caller left the queue (abandoned)';
    case 'transferred':
      return `Transferred from queue ${x.queue}${x.claimedBy ? ` (${x.claimedBy.name})` : ''}`;
  }
}

/** A partial line is replaced in place by later partials and by its final line. */
function upsertLine(lines: TranscriptLine[], line: TranscriptLine): void {
  for (let i = lines.length - 1; i >= 0 && i >= lines.length - 20; i--) {
    const l = lines[i]!;
    if (l.lineId === line.lineId) {
      lines[i] = { ...line, at: l.at };
      return;
    }
  }
  lines.push(line);
}

/** Builds a session from its ordered events. */
export function detailFromEvents(events: readonly SessionEvent[]): SessionDetail | null {
  const first = events[0];
  if (!first || first.type !== 'session.started') return null;
  const d: SessionDetail = { ...first.summary, seq: 0, transcript: [], variables: {}, outcome: null };
  for (const e of events) applyToDetail(d, e);
  return d;
}
