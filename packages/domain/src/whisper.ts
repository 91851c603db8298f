/**
 * Whispers: a supervisor's hidden guidance to the AI, never an answer on the caller's behalf.
 * A whisper may set variables (`balance: $120`, `name = Ann`): they change at once. It may name a branch
 * of the waiting question: a branch that only says or asks something is taken; a branch that would settle
 * something (an outcome, a callback, a hand-off, the end of the call) is not: the AI asks the caller for it,
 * and only the caller's yes takes it. It is never said to the caller.
 */
import type { Flow } from '@livespace/protocol';
import { matchIntent, type MatchOptions } from './intent-matcher';
import { fillTemplate, takeIntent, type FlowAction, type FlowState, type FlowStep } from './flow-engine';

const ASSIGNMENT = /\b([A-Za-z_][\w]*)\s*(?::|=|\bis\b)\s*([^,;\n]+)/g;

/** Actions only the caller's words (or a person) may cause. */
const SETTLING: ReadonlySet<FlowAction['type']> = new Set(['outcome', 'schedule_callback', 'handoff', 'end']);

/** The variables a whisper sets (only those the flow knows), and the flow's variables with them. */
export function whisperVariables(state: FlowState, whisper: string): { vars: Record<string, string>; names: string[] } {
  const vars = { ...state.vars };
  const names: string[] = [];
  for (const [, name, raw] of whisper.matchAll(ASSIGNMENT)) {
    if (!name || !(name in vars)) continue;
    vars[name] = raw!.trim();
    if (!names.includes(name)) names.push(name);
  }
  return { vars, names };
}

/** Where a whisper steers a waiting question: the branch taken at once, or the question the AI asks for it. */
export type WhisperSteer =
  | { kind: 'took'; intent: string; step: FlowStep }
  | { kind: 'asks'; intent: string; step: FlowStep };

/**
 * Matches `whisper` against the intents of the `ask` the flow waits at (never catch-alls: guidance, not an
 * answer). Null when the flow is not waiting at an ask or the whisper names none of its branches.
 */
export function steerByWhisper(
  flow: Flow,
  state: FlowState,
  whisper: string,
  now: Date,
  opts: MatchOptions = {},
): WhisperSteer | null {
  const node = state.node === null ? undefined : flow.nodes[state.node];
  if (state.done || !state.waiting || node?.type !== 'ask') return null;
  for (const intent of node.intents) {
    if ('any' in intent.when) continue;
    if (!matchIntent(intent.when, whisper, now, opts).matched) continue;
    const step = takeIntent(flow, state, state.node!, intent, '', [], opts);
    if (!step.actions.some((a) => SETTLING.has(a.type))) return { kind: 'took', intent: intent.name, step };
    // The branch would settle something for the caller: the AI asks, and waits at the same question for the answer.
    const template = intent.confirm ?? node.prompt;
    const text = fillTemplate(template, state.vars).trim();
    return {
      kind: 'asks',
      intent: intent.name,
      step: {
        state: { ...state, retries: 0, steer: { node: state.node!, intent: intent.name } },
        actions: text ? [{ type: 'say', text, template }] : [],
      },
    };
  }
  return null;
}
