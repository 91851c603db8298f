/**
 * One session as a readable transcript (`GET /api/sessions/:id/export?format=txt`): a header (who, which agent, when,
 * how it ended) and one `[hh:mm:ss] Speaker: text` line per final line, timed from the session's start. Whispers,
 * barges and keys pressed are marked; partial lines (still being spoken) are left out.
 */
import type { SessionDetail, TranscriptLine } from '@livespace/protocol';

/** `ms` as hh:mm:ss (hours may pass 99 for a conversation open for days). */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

const utc = (at: string): string => new Date(at).toISOString();

function speakerOf(l: TranscriptLine, agentName: string): string {
  switch (l.speaker) {
    case 'caller':
      return 'Caller';
    case 'ai':
      return `AI (${agentName})`;
    case 'human':
      return l.by ? `Agent ${l.by.name}` : 'Agent';
    case 'supervisor':
      return l.by ? `Supervisor ${l.by.name}` : 'Supervisor';
    case 'system':
      return 'System';
  }
}

function marksOf(l: TranscriptLine): string {
  const marks: string[] = [];
  if (l.hidden) marks.push('whisper to AI, not heard by the caller');
  if (l.barge) marks.push(l.by ? `barge by ${l.by.name}` : 'barge');
  if (l.dtmf) marks.push('keys pressed');
  if (l.deleted) marks.push(`deleted by the customer at ${utc(l.deleted.at)}`);
  if (l.edited) marks.push(`edited at ${utc(l.edited.at)}; was: ${l.edited.original}`);
  if (l.reaction) marks.push(`reaction ${l.reaction}`);
  return marks.length ? ` (${marks.join('; ')})` : '';
}

/** The transcript as text, lines ending in \n; text on several lines is indented under its first. */
export function sessionText(d: SessionDetail): string {
  const start = Date.parse(d.startedAt);
  const escalation = d.escalation
    ? `${d.escalation.queue} (${d.escalation.status}${d.escalation.claimedBy ? `, claimed by ${d.escalation.claimedBy.name}` : ''}${d.escalation.resolution ? `, ${d.escalation.resolution}` : ''})`
    : 'none';
  const header: Array<[string, string]> = [
    ['Session', d.id],
    ['Caller', d.callerName ? `${d.callerNumber} (${d.callerName})` : d.callerNumber],
    ['AI agent', `${d.agentName} (${d.agentId})`],
    ['Channel', d.channel],
    ['Direction', d.direction],
    ['Started', utc(d.startedAt)],
    ['Ended', d.endedAt ? utc(d.endedAt) : `not yet (${d.state})`],
    ['Duration', d.endedAt ? clock(Date.parse(d.endedAt) - start) : 'live'],
    ['Outcome', d.outcome ?? 'none'],
    ['End reason', d.endReason ?? 'none'],
    ['Escalation', escalation],
  ];
  if (d.outbound?.campaignId)
    header.push([
      'Campaign',
      d.outbound.campaignName ? `${d.outbound.campaignName} (${d.outbound.campaignId})` : d.outbound.campaignId,
    ]);
  if (d.summary) {
    const how = [
      d.summary.source === 'llm' ? 'by the chat model' : 'from the flow',
      ...(d.summary.sentiment ? [`sentiment ${d.summary.sentiment}`] : []),
    ];
    header.push(['Summary', `${d.summary.text} (${how.join('; ')})`]);
    for (const [name, value] of Object.entries(d.summary.fields ?? {})) header.push([name, value]);
  }
  const width = Math.max(...header.map(([k]) => k.length)) + 2;
  const out = header.map(([k, v]) => `${`${k}:`.padEnd(width)}${oneLine(v)}`);
  out.push('', 'Transcript (times from the start):', '');
  for (const l of d.transcript) {
    if (l.partial) continue;
    const head = `[${clock(Date.parse(l.at) - start)}] ${speakerOf(l, d.agentName)}${marksOf(l)}: `;
    out.push(head + l.text.replace(/\r\n?|\n/g, `\n${' '.repeat(11)}`));
  }
  return `${out.join('\n')}\n`;
}

const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

/** A file name made of the session id's safe characters. */
export const exportFileName = (id: string, ext: string): string =>
  `session-${id.replace(/[^\w.-]/g, '_').slice(0, 100)}.${ext}`;
