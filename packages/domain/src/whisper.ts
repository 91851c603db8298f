/**
 * Whispers: a supervisor's hidden guidance, applied by the flow engine at the AI's next turn.
 * A whisper may name the branch to take (it is matched against the waiting question's intents)
 * and may set variables (`balance: $120`, `name = Ann`). It is never said to the caller.
 */
import type { Flow } from '@livespace/protocol';
import { matchIntent, type MatchOptions } from './intent.matcher';
import { takeIntent, type FlowAction, type FlowState, type FlowStep } from './flow.engine';

/** What a whisper did: the intent it chose and the variables it set; null parts did nothing. */
export interface WhisperResult {
  /** The flow moved on this intent (its step is in `step`). */
  intent: string | null;
  variables: string[];
  step: FlowStep;
}

const ASSIGNMENT = /\b([A-Za-z_][\w]*)\s*(?::|=|\bis\b)\s*([^,;\n]+)/g;

/**
 * Applies `whisper` to a flow waiting at an `ask`. Variables the flow knows are set first; then the
 * whisper is matched against the question's intents (not catch-alls: a whisper is guidance, not an answer).
 * Returns null when the whisper matched nothing: it stays guidance only (the transcript says so).
 */
export function applyWhisper(flow: Flow, state: FlowState, whisper: string, now: Date, opts: MatchOptions = {}): WhisperResult | null {
  const actions: FlowAction[] = [];
  const vars = { ...state.vars };
  const variables: string[] = [];
  for (const [, name, raw] of whisper.matchAll(ASSIGNMENT)) {
    if (!name || !(name in vars)) continue;
    const value = raw!.trim();
    vars[name] = value;
    variables.push(name);
    actions.push({ type: 'variable', name, value });
  }
  const withVars: FlowState = { ...state, vars };
  const node = state.node === null ? undefined : flow.nodes[state.node];
  if (!state.done && state.waiting && node?.type === 'ask') {
    for (const intent of node.intents) {
      if ('any' in intent.when) continue;
      const m = matchIntent(intent.when, whisper, now, opts);
      if (!m.matched) continue;
      const step = takeIntent(flow, withVars, state.node!, intent, m.value, actions, opts);
      return { intent: intent.name, variables, step };
    }
  }
  if (variables.length === 0) return null;
  return { intent: null, variables, step: { state: withVars, actions } };
}
