/**
 * The Llm port over any OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM, llama.cpp…), streamed, with
 * tool calls.
 */
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { Llm, LlmCompletion, LlmMessage, LlmRequest } from '@livespace/app';
import {
  parseStrictRoles,
  stricter,
  strictMessages,
  strictnessForError,
  type RoleStrictness,
  type StrictRolesSetting,
} from './strict-roles';
import { ToolCallAssembler, type ToolCallPiece } from './tool-calls';

export interface OpenAiLlmOptions {
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Longest silence of the model: before its first token and between two (an answer that streams is never cut). */
  timeoutMs: number;
  /**
   * Strict roles (strict-roles.ts), per model: `auto` (the default: a request refused for its roles or
   * chat template is sent again at once in strict form, and that model gets the strict form from then
   * on), `on`, `off`, or entries such as `off,gemma-2-9b-it=on` (LIVESPACE_LLM_STRICT_ROLES).
   */
  strictRoles?: string;
  logger?: { warn(obj: Record<string, unknown>, msg: string): void };
}

/** Thrown for every provider failure, with what went wrong in a sentence (never the API key). */
export class LlmError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

function toWire(m: LlmMessage): ChatCompletionMessageParam {
  switch (m.role) {
    case 'tool':
      return { role: 'tool', content: m.content, tool_call_id: m.toolCallId };
    case 'assistant':
      return m.toolCalls?.length
        ? {
            role: 'assistant',
            content: m.content || null,
            tool_calls: m.toolCalls.map((c) => ({
              id: c.id,
              type: 'function',
              function: { name: c.name, arguments: c.arguments },
            })),
          }
        : { role: 'assistant', content: m.content };
    default:
      return { role: m.role, content: m.content };
  }
}

export class OpenAiLlm implements Llm {
  private readonly client: OpenAI;
  private readonly strictRoles: StrictRolesSetting;
  /** Models found, by a refused request, to need strict roles; kept for the process's life. */
  private readonly learned = new Map<string, RoleStrictness>();

  constructor(private readonly opts: OpenAiLlmOptions) {
    this.strictRoles = parseStrictRoles(opts.strictRoles);
    // Retries would only add to the caller's silence: the session has a spoken fallback instead.
    this.client = new OpenAI({
      baseURL: opts.baseUrl,
      apiKey: opts.apiKey || 'none',
      maxRetries: 0,
      fetch: fetchKeepingErrorMessages,
    });
  }

  /** How the model's requests are shaped now, and whether a refusal for the roles may make them stricter. */
  private shapeFor(model: string): { level: RoleStrictness; adapt: boolean } {
    const mode = this.strictRoles.models[model] ?? this.strictRoles.mode;
    if (mode === 'off') return { level: 'none', adapt: false };
    return { level: stricter(mode === 'on' ? 'alternate' : 'none', this.learned.get(model) ?? 'none'), adapt: true };
  }

  async complete(req: LlmRequest): Promise<LlmCompletion> {
    const idle = new IdleTimeout(this.opts.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, idle.signal]) : idle.signal;
    const model = req.model ?? this.opts.model;
    const { level, adapt } = this.shapeFor(model);
    let text = '';
    const calls = new ToolCallAssembler();
    try {
      const request = (shape: RoleStrictness) =>
        this.client.chat.completions.create(
          {
            model,
            messages: (shape === 'none' ? req.messages : strictMessages(req.messages, shape)).map(toWire),
            stream: true,
            ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
            ...(req.tools?.length
              ? {
                  tools: req.tools.map(
                    (t): ChatCompletionTool => ({
                      type: 'function',
                      function: { name: t.name, description: t.description, parameters: t.parameters },
                    }),
                  ),
                }
              : {}),
          },
          { signal },
        );
      let stream: Awaited<ReturnType<typeof request>>;
      try {
        stream = await request(level);
      } catch (err) {
        // A chat template that refuses the roles: sent again at once in the shape the error calls for, once.
        if (!adapt || !(err instanceof OpenAI.APIError)) throw err;
        const needed = strictnessForError(err.status, err.message);
        if (!needed || stricter(level, needed) === level) throw err;
        idle.reset();
        stream = await request(needed);
        if (this.learned.get(model) !== needed) {
          this.learned.set(model, needed);
          this.opts.logger?.warn(
            { model, roles: needed, status: err.status, error: err.message.slice(0, 300) },
            "the chat model refused the conversation's roles; its requests are sent with strict roles from now on",
          );
        }
      }
      for await (const chunk of stream) {
        idle.reset();
        const delta = chunk.choices[0]?.delta;
        if (!delta) continue;
        if (delta.content) {
          text += delta.content;
          req.onDelta?.(delta.content);
        }
        // Servers differ in how they key the pieces of a tool call (index, id, order): tool-calls.ts.
        for (const piece of (delta.tool_calls ?? []) as ToolCallPiece[]) calls.push(piece);
      }
      // The SDK ends a stream quietly when its signal aborts: a cut-off answer must not pass for a whole one.
      if (signal.aborted) throw signal.reason;
    } catch (err) {
      if (req.signal?.aborted) throw err;
      throw toLlmError(idle.signal.aborted ? idle.signal.reason : err, this.opts.timeoutMs);
    } finally {
      idle.stop();
    }
    return { text, toolCalls: calls.result() };
  }
}

/**
 * fetch for the SDK, which reads an error's message from the body's `error` only: servers that put it
 * at the top level (older vLLM: `{"object":"error","message":…,"code":400}`) get it moved there, so a
 * refusal for the roles is recognised and the LlmError is not "400 status code (no body)".
 */
async function fetchKeepingErrorMessages(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const res = await fetch(input, init);
  if (res.ok) return res;
  const text = await res
    .clone()
    .text()
    .catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return res;
  }
  if (
    !body ||
    typeof body !== 'object' ||
    'error' in body ||
    typeof (body as { message?: unknown }).message !== 'string'
  )
    return res;
  return new Response(JSON.stringify({ error: body }), {
    status: res.status,
    statusText: res.statusText,
    headers: { 'content-type': 'application/json' },
  });
}

/** An abort signal that fires after `ms` without a reset. */
class IdleTimeout {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout;

  constructor(private readonly ms: number) {
    this.timer = this.arm();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  reset(): void {
    clearTimeout(this.timer);
    this.timer = this.arm();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private arm(): NodeJS.Timeout {
    return setTimeout(
      () => this.controller.abort(new DOMException(`no answer within ${this.ms} ms`, 'TimeoutError')),
      this.ms,
    );
  }
}

function toLlmError(err: unknown, timeoutMs: number): LlmError {
  if (err instanceof OpenAI.APIError && err.status)
    return new LlmError(`the model answered HTTP ${err.status}`, err.status);
  if (
    err instanceof OpenAI.APIConnectionTimeoutError ||
    (err instanceof Error &&
      (err.name === 'TimeoutError' || err.name === 'AbortError' || err instanceof OpenAI.APIUserAbortError))
  ) {
    return new LlmError(`the model did not answer within ${timeoutMs} ms`);
  }
  if (err instanceof OpenAI.APIConnectionError) return new LlmError('the model could not be reached');
  return new LlmError(`the model failed: ${err instanceof Error ? err.message : String(err)}`);
}
