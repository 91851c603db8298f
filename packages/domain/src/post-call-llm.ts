/**
 * The post-call summary asked of the chat model: what it is told (the facts the flow recorded, then what was said —
 * never whispers, which were guidance and not part of the conversation) and how its answer is read. An answer that
 * is not the JSON asked for is refused (null), and the caller of this falls back to the flow's summary.
 */
import { SENTIMENTS, type PostCallSummary, type Sentiment, type SessionDetail } from '@livespace/protocol';
import type { ChatMessage } from './llm-conversation';

/** Lines of the conversation given to the model, newest kept when there are more. */
const SUMMARY_MAX_LINES = 200;
/** Longest summary kept (characters). */
const SUMMARY_MAX_CHARS = 1200;
/** Longest value of one field kept. */
const FIELD_MAX_CHARS = 300;

const SPEAKERS: Readonly<Record<string, string>> = {
  caller: 'Customer',
  ai: 'AI agent',
  human: 'Human agent',
  supervisor: 'Supervisor',
};

/** The messages that ask for a summary of `d`; `facts`: the flow's own summary, which the model must agree with. */
export function summaryRequest(d: SessionDetail, facts: string, fields: readonly string[]): ChatMessage[] {
  const lines = d.transcript
    .filter((l) => !l.partial && !l.hidden && l.speaker in SPEAKERS && !l.deleted)
    .slice(-SUMMARY_MAX_LINES)
    .map((l) => `${SPEAKERS[l.speaker]}${l.by && l.speaker !== 'caller' ? ` (${l.by.name})` : ''}: ${l.text}`);
  const wanted =
    fields.length > 0
      ? `, "fields": {${fields.map((f) => JSON.stringify(f)).join(': string or null, ')}: string or null}`
      : '';
  const system = [
    'You write the post-call summary of a finished customer conversation for a contact-center team.',
    'Use only what the facts and the conversation say; never guess. Two or three short sentences: why the customer came, what was done, what is left to do.',
    `Answer with one JSON object and nothing else: {"summary": string, "sentiment": "positive" | "neutral" | "negative"${wanted}}.`,
    fields.length > 0 ? 'A field the conversation does not state is null.' : '',
  ]
    .filter(Boolean)
    .join('\n');
  const user = `Facts recorded by the system: ${facts}\n\nConversation:\n${lines.length > 0 ? lines.join('\n') : '(nothing was said)'}`;
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

/** The model's answer as a summary, or null when it is not the JSON asked for. */
export function readSummaryAnswer(answer: string, fields: readonly string[]): PostCallSummary | null {
  const start = answer.indexOf('{');
  const end = answer.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.slice(start, end + 1));
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object') return null;
  const o = parsed as Record<string, unknown>;
  const text = typeof o.summary === 'string' ? o.summary.replace(/\s+/g, ' ').trim() : '';
  if (!text) return null;
  const out: PostCallSummary = { text: text.slice(0, SUMMARY_MAX_CHARS), source: 'llm' };
  if (SENTIMENTS.includes(o.sentiment as Sentiment)) out.sentiment = o.sentiment as Sentiment;
  const given = o.fields && typeof o.fields === 'object' ? (o.fields as Record<string, unknown>) : {};
  const found: Record<string, string> = {};
  for (const f of fields) {
    const v = given[f];
    if ((typeof v === 'string' && v.trim()) || typeof v === 'number')
      found[f] = String(v).trim().slice(0, FIELD_MAX_CHARS);
  }
  if (Object.keys(found).length > 0) out.fields = found;
  return out;
}
