/** The Llm port over any OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM, llama.cpp…), streamed, with tool calls. */
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { Llm, LlmCompletion, LlmMessage, LlmRequest, LlmToolCall } from '@livespace/app';

export interface OpenAiLlmOptions {
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Longest silence of the model: before its first token and between two (an answer that streams is never cut). */
  timeoutMs: number;
}

/** Thrown for every provider failure, with what went wrong in a sentence (never the API key). */
export class LlmError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

function toWire(m: LlmMessage): ChatCompletionMessageParam {
  switch (m.role) {
    case 'tool':
      return { role: 'tool', content: m.content, tool_call_id: m.toolCallId };
    case 'assistant':
      return m.toolCalls?.length
        ? { role: 'assistant', content: m.content || null, tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) }
        : { role: 'assistant', content: m.content };
    default:
      return { role: m.role, content: m.content };
  }
}

export class OpenAiLlm implements Llm {
  private readonly client: OpenAI;

  constructor(private readonly opts: OpenAiLlmOptions) {
    // Retries would only add to the caller's silence: the session has a spoken fallback instead.
    this.client = new OpenAI({ baseURL: opts.baseUrl, apiKey: opts.apiKey || 'none', maxRetries: 0 });
  }

  async complete(req: LlmRequest): Promise<LlmCompletion> {
    const idle = new IdleTimeout(this.opts.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, idle.signal]) : idle.signal;
    let text = '';
    const calls: Array<{ id: string; name: string; arguments: string }> = [];
    try {
      const stream = await this.client.chat.completions.create(
        {
          model: req.model ?? this.opts.model,
          messages: req.messages.map(toWire),
          stream: true,
          ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
          ...(req.tools?.length
            ? { tools: req.tools.map((t): ChatCompletionTool => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } })) }
            : {}),
        },
        { signal },
      );
      for await (const chunk of stream) {
        idle.reset();
        const delta = chunk.choices[0]?.delta;
        if (!delta) continue;
        if (delta.content) {
          text += delta.content;
          req.onDelta?.(delta.content);
        }
        // Tool calls arrive in pieces keyed by index: the first piece has id and name, later ones add to the arguments.
        for (const piece of delta.tool_calls ?? []) {
          const call = (calls[piece.index] ??= { id: '', name: '', arguments: '' });
          if (piece.id) call.id = piece.id;
          if (piece.function?.name) call.name += piece.function.name;
          if (piece.function?.arguments) call.arguments += piece.function.arguments;
        }
      }
      // The SDK ends a stream quietly when its signal aborts: a cut-off answer must not pass for a whole one.
      if (signal.aborted) throw signal.reason;
    } catch (err) {
      if (req.signal?.aborted) throw err;
      throw toLlmError(idle.signal.aborted ? idle.signal.reason : err, this.opts.timeoutMs);
    } finally {
      idle.stop();
    }
    const toolCalls: LlmToolCall[] = calls.filter((c) => c && c.name).map((c, i) => ({ id: c.id || `call_${i}`, name: c.name, arguments: c.arguments }));
    return { text, toolCalls };
  }
}

/** An abort signal that fires after `ms` without a reset. */
class IdleTimeout {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout;

  constructor(private readonly ms: number) {
    this.timer = this.arm();
  }

  get signal(): AbortSignal { return this.controller.signal; }

  reset(): void {
    clearTimeout(this.timer);
    this.timer = this.arm();
  }

  stop(): void { clearTimeout(this.timer); }

  private arm(): NodeJS.Timeout {
    return setTimeout(() => this.controller.abort(new DOMException(`no answer within ${this.ms} ms`, 'TimeoutError')), this.ms);
  }
}

function toLlmError(err: unknown, timeoutMs: number): LlmError {
  if (err instanceof OpenAI.APIError && err.status) return new LlmError(`the model answered HTTP ${err.status}`, err.status);
  if (err instanceof OpenAI.APIConnectionTimeoutError || (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError' || err instanceof OpenAI.APIUserAbortError))) {
    return new LlmError(`the model did not answer within ${timeoutMs} ms`);
  }
  if (err instanceof OpenAI.APIConnectionError) return new LlmError('the model could not be reached');
  return new LlmError(`the model failed: ${err instanceof Error ? err.message : String(err)}`);
}
