/**
 * LLM agents, the pure part: what the chat model is told (messages built from the transcript, so
 * whispers, barges and what a person said while holding the call are all in it) and what its tool
 * calls do to the flow. The session calls the model; this file never does I/O.
 */
import type { Channel, Flow, LlmNode, Priority, TranscriptLine } from '@livespace/protocol';
import { continueFrom, endFlow, fillTemplate, type FlowAction, type FlowState, type FlowStep } from './flow-engine';
import { formatSpokenDateTime, matchIntent, type MatchOptions } from './intent-matcher';

/** One chat-completions message (OpenAI wire format, camel-cased). */
export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ChatToolCall[] }
  | { role: 'tool'; content: string; toolCallId: string };

export interface ChatToolCall {
  id: string;
  name: string;
  /** JSON text, as the model wrote it (may be invalid). */
  arguments: string;
}

export interface ChatTool {
  name: string;
  description: string;
  /** JSON schema of the arguments. */
  parameters: Record<string, unknown>;
}

const PRIORITIES: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];

/** The tools every LLM node offers. */
export const LLM_TOOLS: readonly ChatTool[] = [
  {
    name: 'escalate_to_human',
    description:
      'Hand the conversation to a human agent when you cannot help or the caller asks for a person. The caller waits on the line.',
    parameters: {
      type: 'object',
      properties: {
        reason: { type: 'string', description: 'Why a person is needed' },
        priority: { type: 'string', enum: PRIORITIES },
      },
      required: ['reason'],
    },
  },
  {
    name: 'schedule_callback',
    description: 'Book a call back to the caller at the time they asked for.',
    parameters: {
      type: 'object',
      properties: {
        at: { type: 'string', description: 'When: ISO 8601, or the caller\'s words such as "tomorrow at 10am"' },
        note: { type: 'string' },
      },
      required: ['at'],
    },
  },
  {
    name: 'set_outcome',
    description: 'Record the outcome of the conversation, e.g. interested, not_interested, paid, promise_to_pay.',
    parameters: { type: 'object', properties: { outcome: { type: 'string' } }, required: ['outcome'] },
  },
  {
    name: 'end_call',
    description: 'End the conversation once everything is said (say goodbye first).',
    parameters: { type: 'object', properties: { reason: { type: 'string' } } },
  },
];

/** Most transcript lines sent to the model (the oldest are left out). */
const MAX_CONTEXT_LINES = 200;

export interface LlmContext {
  node: LlmNode;
  vars: Readonly<Record<string, string>>;
  channel: Channel;
  transcript: readonly TranscriptLine[];
}

const CHANNEL_STYLE: Record<Channel, string> = {
  voice:
    'You are speaking on a phone call: answer in one to three short spoken sentences, with no lists, markdown or emoji.',
  whatsapp: 'You are chatting on WhatsApp: answer in short messages without markdown headings.',
  sms: 'You are texting by SMS: answer in one short message without markdown.',
};

/**
 * The messages for the model's next turn: the system prompt, then the conversation in order.
 * Caller lines are `user`; the AI's lines (barges too) are `assistant`; a barge, a whisper, what a
 * person said while holding the call, a takeover and a resume are `system` notes where they happened.
 */
export function llmMessages(ctx: LlmContext): ChatMessage[] {
  const messages: ChatMessage[] = [
    { role: 'system', content: `${fillTemplate(ctx.node.prompt, ctx.vars).trim()}\n\n${CHANNEL_STYLE[ctx.channel]}` },
  ];
  let paused = false;
  for (const line of ctx.transcript.filter((l) => !l.partial).slice(-MAX_CONTEXT_LINES)) {
    const note = (content: string) => messages.push({ role: 'system', content });
    switch (line.speaker) {
      case 'caller':
        messages.push({ role: 'user', content: line.text });
        break;
      case 'ai':
        if (line.barge)
          note(
            `A supervisor made you say the next line (barge)${line.by ? `: ${line.by.name}` : ''}. The caller heard it as yours.`,
          );
        messages.push({ role: 'assistant', content: line.text });
        break;
      case 'human':
        note(`While you were paused, ${line.by?.name ?? 'a person'} of our team told the caller: "${line.text}"`);
        break;
      case 'supervisor':
        if (line.hidden) note(`Supervisor guidance (the caller must never learn of it): ${line.text}`);
        break;
      case 'system':
        // State lines read "State: human active by …" (transcript.ts).
        if (line.kind === 'state' && /^State: human active/.test(line.text)) {
          paused = true;
          note('A person of our team took over the conversation; you were paused.');
        } else if (line.kind === 'state' && paused && /^State: ai active/.test(line.text)) {
          paused = false;
          note(
            'The person handed the conversation back to you. Continue from where it stands, without repeating what was said.',
          );
        } else if (line.kind === 'outcome' || line.kind === 'callback' || line.kind === 'variable') note(line.text);
        break;
    }
  }
  return messages;
}

/** What one tool call did: the flow's step, the result the model is told, and whether the model's turn stops here. */
export interface ToolStep {
  step: FlowStep;
  result: string;
  /** True when the conversation left the model (hand-off, end): it is not called again. */
  stop: boolean;
}

function parseArgs(raw: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(raw || '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const str = (v: unknown, max = 500): string => (typeof v === 'string' ? v.trim().slice(0, max) : '');

/** Carries out one tool call of the `llm` node `nodeId`. Bad arguments are told to the model, never thrown. */
export function llmToolStep(
  flow: Flow,
  state: FlowState,
  nodeId: string,
  call: ChatToolCall,
  now: Date,
  opts: MatchOptions = {},
): ToolStep {
  const node = flow.nodes[nodeId];
  const actions: FlowAction[] = [];
  const keep = (result: string): ToolStep => ({ step: { state, actions }, result, stop: false });
  if (node?.type !== 'llm') return keep('error: the conversation has left this step');
  const args = parseArgs(call.arguments);
  switch (call.name) {
    case 'set_outcome': {
      const outcome = str(args.outcome, 80).toLowerCase().replace(/\s+/g, '_');
      if (!outcome) return keep('error: "outcome" is required');
      actions.push({ type: 'outcome', outcome });
      return { step: { state: { ...state, outcome }, actions }, result: `outcome recorded: ${outcome}`, stop: false };
    }
    case 'schedule_callback': {
      const words = str(args.at, 200);
      const at = matchIntent({ datetime: true }, words, now, opts);
      if (!at.matched) return keep(`error: could not understand the time "${words}"; ask the caller again`);
      actions.push({ type: 'schedule_callback', at: at.value });
      return keep(`callback scheduled for ${formatSpokenDateTime(at.value, opts.timeZone)}`);
    }
    case 'escalate_to_human': {
      const priority = PRIORITIES.includes(args.priority as Priority) ? (args.priority as Priority) : 'normal';
      actions.push({ type: 'handoff', queue: node.queue, priority, reason: str(args.reason, 200) || 'llm_escalation' });
      return {
        step: { state: { ...state, done: true, waiting: false }, actions },
        result: 'handed to a human agent',
        stop: true,
      };
    }
    case 'end_call':
      return {
        step: node.next ? continueFrom(flow, state, node.next, actions) : endFlow(state, actions),
        result: 'ended',
        stop: true,
      };
    default:
      return keep(`error: there is no tool "${call.name}"`);
  }
}

/** Where the flow goes when the model failed: the node's onError, else it stays and waits for the caller. */
export function llmFailedStep(flow: Flow, state: FlowState, nodeId: string): FlowStep {
  const node = flow.nodes[nodeId];
  const actions: FlowAction[] = [];
  if (node?.type === 'llm' && node.onError) return continueFrom(flow, state, node.onError, actions);
  return { state, actions };
}
