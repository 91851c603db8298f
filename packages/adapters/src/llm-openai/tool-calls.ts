/**
 * Tool calls put together from a chat-completions stream, as model servers really send them.
 *
 * - OpenAI (https://platform.openai.com/docs/guides/function-calling, "Streaming"): the first delta of
 *   a call has `index`, `id` and the whole `function.name`; later deltas have the same `index` and a
 *   fragment of `function.arguments`. Parallel calls have their own indexes and may interleave.
 * - Ollama before 0.4.7 (https://github.com/ollama/ollama/issues/7881) and some proxies: no `index`.
 * - Ollama 0.20 (https://github.com/ollama/ollama/issues/15457): every call whole in its own delta,
 *   each with its own `id` but all with `index: 0`.
 *
 * So a delta belongs to the call with its `id` when it carries one already seen; a new `id` starts a
 * new call (unless the delta has no name and only continues the call at its index or the current
 * call: a server that renews the id on every fragment); without an id it belongs to the call at its
 * `index`; without either, to the current call. A delta naming another function than that call's,
 * or naming one after that call is finished (named, with whole JSON arguments), starts a new call; a
 * name repeated on a call still receiving its arguments is only repeated.
 */
import type { LlmToolCall } from '@livespace/app';

/**
 * One element of a delta's `tool_calls`, as loose as servers send it (nulls for absent fields, as the OpenAI docs print
 * them).
 */
export interface ToolCallPiece {
  index?: number | null;
  id?: string | null;
  type?: string | null;
  function?: { name?: string | null; arguments?: unknown } | null;
}

interface Call {
  id: string;
  name: string;
  arguments: string;
}

/** A call with its name and whole JSON arguments: a delta naming a function after it is another call. */
function finished(call: Call): boolean {
  if (!call.name || !call.arguments.trim()) return false;
  try {
    JSON.parse(call.arguments);
    return true;
  } catch {
    return false;
  }
}

export class ToolCallAssembler {
  private readonly calls: Call[] = [];
  private readonly byId = new Map<string, Call>();
  /** The call most recently opened at each index the server gave. */
  private readonly byIndex = new Map<number, Call>();
  private current: Call | undefined;

  push(piece: ToolCallPiece): void {
    const id = typeof piece.id === 'string' && piece.id ? piece.id : undefined;
    const index = typeof piece.index === 'number' ? piece.index : undefined;
    const name = typeof piece.function?.name === 'string' && piece.function.name ? piece.function.name : undefined;
    const raw = piece.function?.arguments;
    const args = typeof raw === 'string' ? raw : raw != null ? JSON.stringify(raw) : '';

    // The call this delta would continue: the one at its index, else (a fragment of an index the
    // server never opened, or no index at all) the current one.
    const known = index !== undefined ? this.byIndex.get(index) : undefined;
    const open = known ?? (index === undefined || !name ? this.current : undefined);
    let call: Call | undefined;
    if (id && this.byId.has(id)) call = this.byId.get(id);
    else if (id) call = !name ? open : undefined;
    else call = open && !(name && open.name && (name !== open.name || finished(open))) ? open : undefined;
    if (!call) {
      call = { id: '', name: '', arguments: '' };
      this.calls.push(call);
    }
    if (id && !call.id) call.id = id;
    if (id) this.byId.set(id, call);
    if (name && !call.name) call.name = name;
    call.arguments += args;
    if (index !== undefined) this.byIndex.set(index, call);
    this.current = call;
  }

  /** The calls with a name, in the order they began; a call the server gave no id gets `call_<n>`. */
  result(): LlmToolCall[] {
    return this.calls
      .filter((c) => c.name)
      .map((c, i) => ({ id: c.id || `call_${i}`, name: c.name, arguments: c.arguments }));
  }
}
