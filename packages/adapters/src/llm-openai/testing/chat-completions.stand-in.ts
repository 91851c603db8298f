/**
 * For tests: a local server speaking the OpenAI chat-completions wire format (SSE streaming and
 * plain JSON, tool calls), answering from a script — or replaying a recorded SSE stream (llm-openai/fixtures/) —
 * and recording every request it receives.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OpenAiStandIn, openAiError } from '../../testing/openai-stand-in';
import { json, readBody } from '../../testing/stand-in-http';

export interface StandInReply {
  text?: string;
  toolCalls?: Array<{ name: string; arguments: unknown }>;
  /** Answer with this HTTP error instead. */
  status?: number;
  /** The error's JSON body (else an OpenAI-shaped one), e.g. a server's own error shape. */
  errorBody?: unknown;
  /**
   * Replay this recorded SSE body (llm-openai/fixtures/*.sse) instead of streaming `text` and `toolCalls`: event by
   * event, `chunkDelayMs` apart.
   */
  sse?: string;
  /** Wait before the first byte. */
  delayMs?: number;
  /** Wait between streamed chunks. */
  chunkDelayMs?: number;
}

export interface RecordedRequest {
  body: {
    model: string;
    stream?: boolean;
    temperature?: number;
    messages: Array<{
      role: string;
      content: string | null;
      tool_call_id?: string;
      tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
    }>;
    tools?: Array<{ type: string; function: { name: string } }>;
  };
  authorization: string | undefined;
  at: number;
}

export type ReplyFn = (req: RecordedRequest) => StandInReply;

export class ChatCompletionsStandIn extends OpenAiStandIn {
  readonly requests: RecordedRequest[] = [];
  /** Answers the client hung up on before their end (a cancelled turn). */
  cancelled = 0;
  private script: Array<StandInReply | ReplyFn> = [];
  private waiters: Array<() => void> = [];
  /** Used when the script is empty. */
  fallback: ReplyFn = (req) => ({
    text: `You said: ${req.body.messages.filter((m) => m.role === 'user').at(-1)?.content ?? 'nothing'}.`,
  });

  /** Queues the next answers, in order. */
  reply(...replies: Array<StandInReply | ReplyFn>): void {
    this.script.push(...replies);
  }

  /** Resolves once `n` requests have arrived. */
  async received(n: number, timeoutMs = 10_000): Promise<RecordedRequest> {
    const deadline = Date.now() + timeoutMs;
    while (this.requests.length < n) {
      if (Date.now() > deadline) throw new Error(`the stand-in received ${this.requests.length} requests, not ${n}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.requests[n - 1]!;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let taken: { reply: StandInReply; request: RecordedRequest };
    try {
      taken = await this.take(req);
    } catch (err) {
      res.writeHead(400).end((err as Error).message);
      return;
    }
    const { reply, request } = taken;
    if (reply.delayMs) await sleep(reply.delayMs);
    if (reply.status)
      return json(res, reply.status, reply.errorBody ?? openAiError('stand-in failure', 'server_error'));
    let done = false;
    res.on('close', () => {
      if (!done) this.cancelled++;
    });
    if (reply.sse !== undefined) await replay(res, reply.sse, reply.chunkDelayMs);
    else if (request.body.stream) await stream(res, reply);
    else json(res, 200, whole(reply));
    done = true;
  }

  /** Records the request and takes the answer to it off the script; throws on a malformed one. */
  private async take(req: IncomingMessage): Promise<{ reply: StandInReply; request: RecordedRequest }> {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions'))
      throw new Error(`unexpected ${req.method} ${req.url}`);
    const request: RecordedRequest = {
      body: JSON.parse(await readBody(req)),
      authorization: req.headers.authorization,
      at: Date.now(),
    };
    this.requests.push(request);
    for (const w of this.waiters.splice(0)) w();
    const next = this.script.shift() ?? this.fallback;
    return { reply: typeof next === 'function' ? next(request) : next, request };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function toolCalls(reply: StandInReply) {
  return (reply.toolCalls ?? []).map((c, i) => ({
    id: `call_${i}_${c.name}`,
    type: 'function',
    function: {
      name: c.name,
      arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments ?? {}),
    },
  }));
}

function whole(reply: StandInReply) {
  const calls = toolCalls(reply);
  return {
    id: 'chatcmpl-standin',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'stand-in',
    choices: [
      {
        index: 0,
        finish_reason: calls.length ? 'tool_calls' : 'stop',
        message: { role: 'assistant', content: reply.text ?? null, ...(calls.length ? { tool_calls: calls } : {}) },
      },
    ],
  };
}

/** Streams the text word by word, then each tool call as a name piece and two argument pieces, as OpenAI does. */
async function stream(res: ServerResponse, reply: StandInReply): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const base = {
    id: 'chatcmpl-standin',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: 'stand-in',
  };
  const send = async (delta: Record<string, unknown>, finish: string | null = null) => {
    if (res.destroyed) return;
    res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
    if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
  };
  await send({ role: 'assistant', content: '' });
  for (const word of (reply.text ?? '').match(/\S+\s*/g) ?? []) await send({ content: word });
  const calls = toolCalls(reply);
  for (const [index, c] of calls.entries()) {
    await send({
      tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.function.name, arguments: '' } }],
    });
    const half = Math.ceil(c.function.arguments.length / 2);
    await send({ tool_calls: [{ index, function: { arguments: c.function.arguments.slice(0, half) } }] });
    await send({ tool_calls: [{ index, function: { arguments: c.function.arguments.slice(half) } }] });
  }
  await send({}, calls.length ? 'tool_calls' : 'stop');
  if (!res.destroyed) res.end('data: [DONE]\n\n');
}

/** Sends a recorded SSE body as it was: each event (comment lines too) written on its own. */
async function replay(res: ServerResponse, sse: string, chunkDelayMs = 0): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const event of sse
    .replace(/\r\n/g, '\n')
    .split(/\n{2,}/)
    .filter((e) => e.trim())) {
    if (res.destroyed) return;
    res.write(`${event.trim()}\n\n`);
    if (chunkDelayMs) await sleep(chunkDelayMs);
  }
  if (!res.destroyed) res.end();
}
