/** Runs an agent flow (protocol `Flow`) one caller line at a time, as pure steps. */
import type { Flow, FlowNode, Intent, Priority } from '@livespace/protocol';
import { formatSpokenDateTime, matchIntent, type MatchOptions } from './intent-matcher';

/** Where a flow stands between caller lines. */
export interface FlowState {
  /** The node waiting for the caller; null once the flow has finished. */
  node: string | null;
  /** Lines that matched no intent at the current `ask`. */
  retries: number;
  vars: Record<string, string>;
  outcome: string | null;
  /** True once the flow will say nothing more (ended, or handed off to a human). */
  done: boolean;
  /** True while an `ask` or an `llm` node waits for the caller's next line. */
  waiting: boolean;
  /** A whisper steered the waiting ask to this intent and the AI asked for it: the caller's yes takes it. */
  steer?: { node: string; intent: string } | null;
}

/** Why a flow ended: its `end` node, no answer understood, a loop, or a broken flow. */
export type FlowEndReason = 'flow_end' | 'no_match' | 'loop' | 'invalid_flow';

/** What the session does on behalf of the flow, in order. */
export type FlowAction =
  /**
   * `template`: the text before its variables were filled; the session fills it again as it speaks, so a whisper's new
   * value is used from the next sentence on.
   */
  | { type: 'say'; text: string; template?: string }
  | { type: 'node'; node: string }
  | { type: 'variable'; name: string; value: string }
  | { type: 'intent'; node: string; intent: string }
  /**
   * To a person. `announced`: the caller was just told (the node's `say`), so the session adds no hold message of its
   * own.
   */
  | { type: 'handoff'; queue: string; priority: Priority; reason: string; announced?: boolean }
  | { type: 'schedule_callback'; at: string }
  | { type: 'outcome'; outcome: string }
  | { type: 'error'; message: string }
  /** The chat model of the `llm` node `node` takes its turn (the session calls it; see llm.tools). */
  | { type: 'llm_turn'; node: string }
  | { type: 'end'; reason: FlowEndReason };

/** The flow's new state and the actions to carry out. */
export interface FlowStep {
  state: FlowState;
  actions: FlowAction[];
}

/** Most nodes entered in one step; beyond it the flow is taken to loop without asking anything. */
export const MAX_NODES_PER_STEP = 50;

/** Options for a caller line: the caller's IANA time zone for dates and for speaking them. */
export type CallerLineOptions = MatchOptions;

/** Replaces `{{name}}` with the variable's value; unknown variables become empty. */
export function fillTemplate(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => vars[name] ?? '');
}

/**
 * Starts a flow: runs from its start node to the first question or to its end (`now` is reserved for time-aware nodes).
 */
export function startFlow(flow: Flow, vars: Record<string, string>, now: Date): FlowStep {
  const state: FlowState = {
    node: null,
    retries: 0,
    vars: { ...flow.variables, ...vars },
    outcome: null,
    done: false,
    waiting: false,
  };
  const actions: FlowAction[] = [];
  return { state: runFrom(flow, flow.start, state, actions), actions };
}

/**
 * Feeds one caller line to the waiting `ask` (or hands it to the `llm` node's model); a finished or non-waiting flow
 * ignores it.
 */
export function onCallerLine(
  flow: Flow,
  state: FlowState,
  text: string,
  now: Date,
  opts: CallerLineOptions = {},
): FlowStep {
  const node = state.node === null ? undefined : flow.nodes[state.node];
  if (state.done || !state.waiting || state.node === null) return { state, actions: [] };
  if (node?.type === 'llm') return { state, actions: [{ type: 'llm_turn', node: state.node }] };
  if (node?.type !== 'ask') return { state, actions: [] };
  const actions: FlowAction[] = [];
  const at = state.node;
  const steered = state.steer?.node === at ? node.intents.find((i) => i.name === state.steer!.intent) : undefined;
  if (state.steer) state = { ...state, steer: null };
  // The AI asked for the branch a whisper named: the caller's yes takes it; anything else is answered as usual
  // (a branch that captures something, a date say, needs the caller's own words).
  if (steered && !steered.capture && matchIntent({ yesno: 'yes' }, text, now, opts).matched)
    return takeIntent(flow, state, at, steered, '', actions, opts);
  for (const intent of node.intents) {
    const m = matchIntent(intent.when, text, now, opts);
    if (m.matched) return takeIntent(flow, state, at, intent, m.value, actions, opts);
  }
  // The AI cannot cope: the caller asked for a person (and no branch of the flow took it), or, where the
  // flow says nothing of its own (no fallback), a second line in a row matched nothing.
  if (ASKS_FOR_PERSON.test(text)) return escalateStep(flow, state, actions, 'asked_for_person');
  if (!node.fallback && state.retries >= 1) return escalateStep(flow, state, actions, 'no_match');
  if (state.retries < node.maxRetries) {
    const template = node.reprompt ?? node.prompt;
    actions.push({ type: 'say', text: fillTemplate(template, state.vars), template });
    return { state: { ...state, retries: state.retries + 1 }, actions };
  }
  if (node.fallback) return { state: runFrom(flow, node.fallback, { ...state, retries: 0 }, actions), actions };
  return { state: finish(state, actions, 'no_match'), actions };
}

/** "I want to speak to a person", "get me a human", "representative", "operator"… */
const ASKS_FOR_PERSON =
  /\b(real person|human being|a human|a person|someone real|representative|operator|live agent|(speak|talk) (to|with) (an? )?(agent|someone|somebody|manager|supervisor))\b/i;

/** The queue a flow hands off to when nothing says which: its first human_handoff node's, else `general`. */
function defaultQueue(flow: Flow): string {
  for (const n of Object.values(flow.nodes)) if (n.type === 'human_handoff') return n.queue;
  return 'general';
}

/** Hands the caller to a person: the flow stops talking, the call stays up. */
function escalateStep(flow: Flow, state: FlowState, actions: FlowAction[], reason: string): FlowStep {
  actions.push({ type: 'handoff', queue: defaultQueue(flow), priority: 'normal', reason });
  // The node stays: handed back to the AI, the flow asks its question again.
  return { state: { ...state, retries: 0, done: true, waiting: false }, actions };
}

/** Goes on from `id` (a node's exit: an LLM's end_call or its onError); appends to `actions`. */
export function continueFrom(flow: Flow, state: FlowState, id: string, actions: FlowAction[]): FlowStep {
  return { state: runFrom(flow, id, { ...state, retries: 0 }, actions), actions };
}

/**
 * The flow taken back from a person (an escalation returned to the AI): it waits at the node it left, if that asks
 * anything.
 */
export function resumeFlow(flow: Flow, state: FlowState): FlowState | null {
  const node = state.node === null ? undefined : flow.nodes[state.node];
  return node?.type === 'ask' || node?.type === 'llm' ? { ...state, done: false, waiting: true, retries: 0 } : null;
}

/** Ends the flow (the session hangs up). */
export function endFlow(state: FlowState, actions: FlowAction[], reason: FlowEndReason = 'flow_end'): FlowStep {
  return { state: finish(state, actions, reason), actions };
}

/** Follows `intent` out of the ask node `at`: captures what matched, then runs on from its target. */
export function takeIntent(
  flow: Flow,
  state: FlowState,
  at: string,
  intent: Intent,
  value: string,
  actions: FlowAction[],
  opts: CallerLineOptions = {},
): FlowStep {
  actions.push({ type: 'intent', node: at, intent: intent.name });
  const vars = { ...state.vars };
  if (intent.capture) {
    vars[intent.capture] = value;
    actions.push({ type: 'variable', name: intent.capture, value });
    if ('datetime' in intent.when) {
      // An ISO string read aloud is useless; prompts say {{<capture>Text}} instead.
      const name = `${intent.capture}Text`;
      vars[name] = formatSpokenDateTime(value, opts.timeZone);
      actions.push({ type: 'variable', name, value: vars[name] });
    }
  }
  const next = runFrom(flow, intent.next, { ...state, vars, retries: 0 }, actions);
  // Handed to a person: the flow keeps the question it was answering, so the AI can ask it again when the call comes
  // back.
  if (next.done && next.node === null && actions.at(-1)?.type === 'handoff')
    return { state: { ...next, node: at }, actions };
  return { state: next, actions };
}

function finish(state: FlowState, actions: FlowAction[], reason: FlowEndReason): FlowState {
  actions.push({ type: 'end', reason });
  return { ...state, node: null, retries: 0, done: true, waiting: false };
}

/** Runs nodes from `start` until an `ask` waits or the flow finishes; appends to `actions`. */
function runFrom(flow: Flow, start: string, initial: FlowState, actions: FlowAction[]): FlowState {
  let state: FlowState = { ...initial, waiting: false };
  let id = start;
  for (let entered = 0; entered < MAX_NODES_PER_STEP; entered++) {
    const node: FlowNode | undefined = flow.nodes[id];
    if (!node) {
      actions.push({ type: 'error', message: `flow points to unknown node "${id}"` });
      return finish(state, actions, 'invalid_flow');
    }
    actions.push({ type: 'node', node: id });
    const say = (template: string | undefined) => {
      const text = template ? fillTemplate(template, state.vars).trim() : '';
      // A prompt made only of empty variables would be dead air; say nothing instead.
      if (text) actions.push({ type: 'say', text, template: template! });
    };
    switch (node.type) {
      case 'say':
        say(node.text);
        id = node.next;
        break;
      case 'ask':
        say(node.prompt);
        return { ...state, node: id, retries: 0, waiting: true };
      case 'human_handoff':
        say(node.say);
        actions.push({
          type: 'handoff',
          queue: node.queue,
          priority: node.priority,
          reason: node.reason ?? 'handoff',
          announced: Boolean(node.say),
        });
        // Not an `end`: the call stays up for the human who picks it up; the flow just stops talking.
        return { ...state, node: null, retries: 0, done: true, waiting: false };
      case 'schedule_callback': {
        const at = state.vars[node.atVariable];
        if (at && !Number.isNaN(Date.parse(at))) {
          actions.push({ type: 'schedule_callback', at: new Date(at).toISOString() });
          say(node.say);
        } else {
          // Its `say` would promise a callback that was never booked, so it is skipped too.
          actions.push({
            type: 'error',
            message: `no callback scheduled: variable "${node.atVariable}" holds no time`,
          });
        }
        id = node.next;
        break;
      }
      case 'set_outcome':
        actions.push({ type: 'outcome', outcome: node.outcome });
        state = { ...state, outcome: node.outcome };
        id = node.next;
        break;
      case 'end':
        say(node.say);
        return finish(state, actions, 'flow_end');
      case 'llm':
        // With a greeting the caller speaks next; without one the model opens the conversation.
        if (node.greeting) say(node.greeting);
        else actions.push({ type: 'llm_turn', node: id });
        return { ...state, node: id, retries: 0, waiting: true };
    }
  }
  return finish(state, actions, 'loop');
}
