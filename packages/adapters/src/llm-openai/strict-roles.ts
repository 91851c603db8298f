/**
 * Strict roles: the conversation reshaped for chat templates that take one leading system message and
 * user/assistant turns that alternate, starting with the user (Llama-2-chat, Mistral, Gemma served by
 * vLLM or by llama.cpp with `--jinja`). Such servers refuse what the session sends otherwise — one
 * assistant message per spoken sentence, system notes where they happened — with errors such as vLLM's
 * 400 "Conversation roles must alternate user/assistant/user/assistant/..." or llama.cpp's "Jinja
 * Exception: System role not supported".
 *
 * System notes are folded into the leading system prompt, in order and each with where it happened —
 * not into the next user turn: a note is our side speaking (a supervisor's whisper the caller must
 * never learn of, a hand-over), and a user turn is the caller's voice. There the model would take the
 * note for something the caller said (and could answer it aloud), and a caller could write text that
 * looks just like one. The system prompt holds nothing the caller wrote: a note's place is told by
 * quoting the model's own last words, never the caller's.
 */
import type { LlmMessage } from '@livespace/app';

/**
 * How strictly a request is shaped: as built, alternating with one leading system message, or with no system role at
 * all (Gemma).
 */
export type RoleStrictness = 'none' | 'alternate' | 'no-system';

/** The user turn put first when the conversation starts with the model's own words. */
export const CONVERSATION_START = '(The conversation starts.)';

const RANK: Record<RoleStrictness, number> = { none: 0, alternate: 1, 'no-system': 2 };

/** The stricter of two shapes. */
export function stricter(a: RoleStrictness, b: RoleStrictness): RoleStrictness {
  return RANK[b] > RANK[a] ? b : a;
}

/** The end of a text, at most `max` characters, from a word's start. */
const clip = (text: string, max = 60): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const tail = flat.slice(-max);
  return `…${flat[flat.length - max - 1] === ' ' ? tail : tail.slice(tail.indexOf(' ') + 1)}`;
};

/**
 * The messages with consecutive same-role turns merged (texts joined by a newline, tool calls kept
 * together), every tool result right after the call it answers, system notes folded into the one
 * leading system prompt, and a user turn first. With `no-system`, the system prompt opens the first
 * user turn instead, separated by a blank line (what Gemma's own chat template does with one).
 */
export function strictMessages(
  messages: readonly LlmMessage[],
  level: Exclude<RoleStrictness, 'none'> = 'alternate',
): LlmMessage[] {
  const prompt: string[] = []; // the first message, when it is a system one
  const notes: string[] = [];
  const rest: LlmMessage[] = [];
  let lastSaid = '';
  let replied = false;
  for (const [i, m] of messages.entries()) {
    if (m.role === 'system') {
      const text = m.content.trim();
      if (!text) continue;
      if (i === 0) prompt.push(text);
      else {
        const where = lastSaid
          ? `after you said "${lastSaid}"${replied ? ' and the user replied' : ''}`
          : replied
            ? 'after the user spoke, before you said anything'
            : 'at the start';
        notes.push(`- (${where}) ${text}`);
      }
      continue;
    }
    if (m.role === 'assistant' && m.content.trim()) {
      lastSaid = clip(m.content);
      replied = false;
    }
    if (m.role === 'user' && m.content.trim()) replied = true;
    rest.push(m);
  }

  // Tool results go right after the assistant message that called them; one missing is said to be so,
  // and a result for no call is left out (no template takes either).
  const results = new Map<string, LlmMessage>();
  for (const m of rest) if (m.role === 'tool' && !results.has(m.toolCallId)) results.set(m.toolCallId, m);
  const ordered: LlmMessage[] = [];
  for (const m of rest) {
    if (m.role === 'tool') continue;
    ordered.push(m);
    if (m.role === 'assistant')
      for (const c of m.toolCalls ?? [])
        ordered.push(results.get(c.id) ?? { role: 'tool', content: 'no result', toolCallId: c.id });
  }

  const turns: LlmMessage[] = [];
  for (const m of ordered) {
    const last = turns.at(-1);
    if (m.role === 'tool') {
      turns.push({ ...m });
    } else if (m.role === 'assistant') {
      if (!m.content.trim() && !m.toolCalls?.length) continue;
      if (last?.role === 'assistant') {
        last.content = [last.content, m.content].filter((t) => t.trim()).join('\n');
        if (m.toolCalls?.length) last.toolCalls = [...(last.toolCalls ?? []), ...m.toolCalls];
      } else
        turns.push({
          role: 'assistant',
          content: m.content,
          ...(m.toolCalls?.length ? { toolCalls: [...m.toolCalls] } : {}),
        });
    } else if (m.role === 'user') {
      if (!m.content.trim()) continue;
      if (last?.role === 'user') last.content = `${last.content}\n${m.content}`;
      else turns.push({ role: 'user', content: m.content });
    }
  }
  if (turns[0]?.role !== 'user') turns.unshift({ role: 'user', content: CONVERSATION_START });

  const system = [
    ...prompt,
    ...(notes.length
      ? [
          `Notes from during the conversation, oldest first (from our side, never said by the user):\n${notes.join('\n')}`,
        ]
      : []),
  ].join('\n\n');
  if (!system) return turns;
  if (level === 'alternate') return [{ role: 'system', content: system }, ...turns];
  const first = turns[0] as { role: 'user'; content: string };
  first.content = first.content === CONVERSATION_START ? system : `${system}\n\n${first.content}`;
  return turns;
}

/**
 * The shape a refused request calls for, from the server's error: a 400 (vLLM, and llama.cpp for an
 * invalid request), 422, or 500 (llama.cpp answers a Jinja exception with 500) whose message names role
 * alternation, the system role or the chat template; null for any other error.
 */
export function strictnessForError(status: number | undefined, message: string): RoleStrictness | null {
  if (status !== 400 && status !== 422 && status !== 500) return null;
  if (/system (role|messages?|prompts?) (is |are )?not (supported|allowed)/i.test(message)) return 'no-system';
  if (
    /roles? must alternate|alternate (between )?user|alternating (user|roles)|chat[ _-]?template|jinja|template ?error|raise_exception|system message must be at the beginning|only one system message/i.test(
      message,
    )
  )
    return 'alternate';
  return null;
}

type StrictRolesMode = 'auto' | 'on' | 'off';

export interface StrictRolesSetting {
  /** For models not named in `models`. */
  mode: StrictRolesMode;
  models: Readonly<Record<string, StrictRolesMode>>;
}

/**
 * LIVESPACE_LLM_STRICT_ROLES: `auto`, `on` or `off`, or entries separated by commas, each a mode or
 * `model=mode` (`off,gemma-2-9b-it=on`). Throws, naming the entry, on anything else.
 */
export function parseStrictRoles(text: string | undefined): StrictRolesSetting {
  const setting: { mode: StrictRolesMode; models: Record<string, StrictRolesMode> } = { mode: 'auto', models: {} };
  for (const entry of (text ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const eq = entry.lastIndexOf('=');
    const model = eq >= 0 ? entry.slice(0, eq).trim() : '';
    const mode = (eq >= 0 ? entry.slice(eq + 1) : entry).trim().toLowerCase();
    if ((mode !== 'auto' && mode !== 'on' && mode !== 'off') || (eq >= 0 && !model)) {
      throw new Error(`"${entry}" is not auto, on, off or model=auto|on|off`);
    }
    if (model) setting.models[model] = mode;
    else setting.mode = mode;
  }
  return setting;
}
