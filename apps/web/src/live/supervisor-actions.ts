/**
 * A supervisor's actions on one session (whisper, barge, take over, say, resume, end) over the HTTP
 * API, and the words shown when one fails. The effects themselves arrive through the live socket.
 */
import type { ActionRecord, SupervisorActionName } from '@livespace/protocol/http';
import { api, ApiError } from '../api';

export type BargeMode = 'interrupt' | 'after_sentence';

export interface ActionResult {
  ok: true;
  action?: ActionRecord;
}

/**
 * The actions the drawer's bar runs itself and reports on its status line (listening, transfer and completion have
 * their own controls).
 */
export type BarAction = Exclude<SupervisorActionName, 'listen' | 'escalate' | 'complete' | 'transfer'>;

function post(sessionId: string, action: string, body: unknown = {}): Promise<ActionResult> {
  return api<ActionResult>(`/api/sessions/${encodeURIComponent(sessionId)}/${action}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
}

export const sessionActions = {
  whisper: (id: string, text: string) => post(id, 'whisper', { text }),
  barge: (id: string, text: string, mode: BargeMode, endCall: boolean) => post(id, 'barge', { text, mode, endCall }),
  say: (id: string, text: string) => post(id, 'say', { text }),
  takeover: (id: string) => post(id, 'takeover'),
  resume: (id: string) => post(id, 'resume'),
  end: (id: string) => post(id, 'end'),
};

export async function listActions(sessionId: string): Promise<ActionRecord[]> {
  const r = await api<{ items: ActionRecord[] }>(`/api/sessions/${encodeURIComponent(sessionId)}/actions`);
  return r.items ?? [];
}

/** What to call each action in a sentence: "Can't <verb>: …", "Only supervisors can <verb>." */
const ACTION_VERB: Record<SupervisorActionName, string> = {
  whisper: 'whisper',
  barge: 'barge in',
  say: 'speak to the caller',
  takeover: 'take over',
  resume: 'resume the AI',
  end: 'end the call',
  listen: 'listen',
  escalate: 'send to a queue',
  claim: 'claim',
  complete: 'complete',
  transfer: 'transfer',
};

/** What the status line says when an action succeeded. */
export const ACTION_DONE: Record<BarAction, string> = {
  whisper: 'Whisper sent (the caller does not hear it)',
  barge: 'Barge sent: the AI says it to the caller',
  say: 'Sent to the caller',
  takeover: 'You took over: type in Say mode to speak to the caller',
  claim: 'You claimed it: type in Say mode to speak to the caller',
  resume: 'The AI has the call again',
  end: 'Call ended',
};

/** Past tense for the audit list. */
export const ACTION_PAST: Record<SupervisorActionName, string> = {
  whisper: 'whispered',
  barge: 'barged in',
  say: 'said',
  takeover: 'took over',
  resume: 'resumed the AI',
  end: 'ended the call',
  listen: 'listened',
  escalate: 'sent it to a queue',
  claim: 'claimed it',
  complete: 'completed it',
  transfer: 'transferred it',
};

/** The server's message as the end of a sentence: common first words lower-cased, no final period. */
function clause(message: string): string {
  // "Cannot take over: the session is queued" → "the session is queued" (the sentence says "Can't take over:" already).
  const m = message
    .trim()
    .replace(/^(cannot|can't|can not)\b[^:]*:\s*/i, '')
    .replace(/\.$/, '');
  // Names ("Ann holds…") and acronyms ("AI…") keep their capital.
  return /^(The|This|That|It|A|An|No|Not|Only|Session|Sessions|You|Your|Someone|Nobody|Already|Call|Calls)\b/.test(m)
    ? m[0]!.toLowerCase() + m.slice(1)
    : m;
}

/** A sentence for the status line, e.g. "Can't take over: the session is queued". */
export function actionErrorMessage(
  action: SupervisorActionName,
  err: unknown,
  ctx: { holder?: string | null } = {},
): string {
  const verb = ACTION_VERB[action];
  if (err instanceof ApiError) {
    if (err.status === 403) {
      if (action === 'say')
        return `Can't speak to the caller: only the person who took over can (${clause(err.message)})`;
      return `Only supervisors can ${verb}.`;
    }
    if (err.status === 409 && err.code === 'takeover_held') {
      return `Can't ${verb}: ${clause(err.message) || `${ctx.holder ?? 'someone else'} holds the takeover`}`;
    }
    return `Can't ${verb}: ${clause(err.message) || `the server said ${err.status}`}`;
  }
  return `Can't ${verb}: ${err instanceof Error ? clause(err.message) : 'network error'}`;
}
