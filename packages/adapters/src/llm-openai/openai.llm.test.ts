import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LLM_TOOLS } from '@livespace/domain';
import type { LlmMessage } from '@livespace/app';
import { ChatCompletionsStandIn, type RecordedRequest, type StandInReply } from './testing/chat-completions.stand-in';
import { LlmError, OpenAiLlm } from './openai.llm';

const standIn = new ChatCompletionsStandIn();
let baseUrl: string;
let llm: OpenAiLlm;

before(async () => {
  baseUrl = await standIn.start();
  llm = new OpenAiLlm({ baseUrl, apiKey: 'sk-test', model: 'test-model', timeoutMs: 1500 });
});
after(() => standIn.close());

test('streams text deltas and sends the messages, tools and key in the OpenAI format', async () => {
  standIn.reply({ text: 'Hello there. How can I help?' });
  const deltas: string[] = [];
  const r = await llm.complete({
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c0', name: 'set_outcome', arguments: '{"outcome":"x"}' }] },
      { role: 'tool', content: 'ok', toolCallId: 'c0' },
    ],
    tools: LLM_TOOLS,
    temperature: 0.2,
    onDelta: (d) => deltas.push(d),
  });
  assert.equal(r.text, 'Hello there. How can I help?');
  assert.deepEqual(r.toolCalls, []);
  assert.ok(deltas.length >= 5, 'word by word');
  assert.equal(deltas.join(''), r.text);
  const req = standIn.requests.at(-1)!;
  assert.equal(req.authorization, 'Bearer sk-test');
  assert.equal(req.body.model, 'test-model');
  assert.equal(req.body.stream, true);
  assert.equal(req.body.temperature, 0.2);
  assert.deepEqual(
    req.body.tools?.map((t) => t.function.name),
    ['escalate_to_human', 'schedule_callback', 'set_outcome', 'end_call'],
  );
  assert.deepEqual(req.body.messages[2], {
    role: 'assistant',
    content: null,
    tool_calls: [{ id: 'c0', type: 'function', function: { name: 'set_outcome', arguments: '{"outcome":"x"}' } }],
  });
  assert.deepEqual(req.body.messages[3], { role: 'tool', content: 'ok', tool_call_id: 'c0' });
});

test('tool calls streamed in pieces come back whole; the model can be overridden per request', async () => {
  standIn.reply({
    text: 'One moment.',
    toolCalls: [
      { name: 'set_outcome', arguments: { outcome: 'paid' } },
      { name: 'end_call', arguments: {} },
    ],
  });
  const r = await llm.complete({ messages: [{ role: 'user', content: 'bye' }], model: 'other-model' });
  assert.equal(r.text, 'One moment.');
  assert.deepEqual(r.toolCalls, [
    { id: 'call_0_set_outcome', name: 'set_outcome', arguments: '{"outcome":"paid"}' },
    { id: 'call_1_end_call', name: 'end_call', arguments: '{}' },
  ]);
  assert.equal(standIn.requests.at(-1)!.body.model, 'other-model');
});

test('provider errors and timeouts reject with an LlmError that says what happened', async () => {
  standIn.reply({ status: 503 });
  await assert.rejects(
    llm.complete({ messages: [{ role: 'user', content: 'x' }] }),
    (e: unknown) => e instanceof LlmError && e.status === 503 && /HTTP 503/.test(e.message),
  );
  standIn.reply({ delayMs: 3000, text: 'late' });
  const t0 = Date.now();
  await assert.rejects(
    llm.complete({ messages: [{ role: 'user', content: 'x' }] }),
    (e: unknown) => e instanceof LlmError && /within 1500 ms/.test(e.message),
  );
  assert.ok(Date.now() - t0 < 2500);
  // A slow but steady stream is never cut: the limit is on silence, not on the whole answer.
  standIn.reply({ text: 'one two three four five six seven eight nine ten', chunkDelayMs: 300 });
  assert.equal(
    (await llm.complete({ messages: [{ role: 'user', content: 'x' }] })).text,
    'one two three four five six seven eight nine ten',
  );
  const dead = new OpenAiLlm({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm', timeoutMs: 1000 });
  await assert.rejects(dead.complete({ messages: [{ role: 'user', content: 'x' }] }), LlmError);
});

test('an abort by the caller stops the stream at once', async () => {
  standIn.reply({ text: 'one two three four five six seven eight', chunkDelayMs: 100 });
  const ac = new AbortController();
  const deltas: string[] = [];
  const p = llm.complete({
    messages: [{ role: 'user', content: 'x' }],
    signal: ac.signal,
    onDelta: (d) => {
      deltas.push(d);
      if (deltas.length === 2) ac.abort();
    },
  });
  await assert.rejects(p);
  assert.ok(deltas.length <= 3);
});

// Streams of each server dialect, in fixtures/: every file says, in its SSE comment lines (which
// clients skip), which public source its chunk shapes come from. They are rebuilt from those sources
// with this product's tools, not captured from live servers. Replayed byte for byte by the stand-in.
const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

test("OpenAI's documented tool-call stream (index, id and name first, then argument fragments with nulls) comes back whole", async () => {
  standIn.reply({ sse: fixture('openai-documented.sse') });
  const r = await llm.complete({ messages: [{ role: 'user', content: 'I will pay on Friday.' }], tools: LLM_TOOLS });
  assert.equal(r.text, '');
  assert.deepEqual(r.toolCalls, [
    { id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', name: 'set_outcome', arguments: '{"outcome":"promise_to_pay"}' },
  ]);
});

test('OpenAI parallel tool calls whose argument fragments interleave by index come back whole and apart', async () => {
  standIn.reply({ sse: fixture('openai-parallel-interleaved.sse') });
  const deltas: string[] = [];
  const r = await llm.complete({
    messages: [{ role: 'user', content: 'Call me tomorrow at 10.' }],
    tools: LLM_TOOLS,
    onDelta: (d) => deltas.push(d),
  });
  assert.equal(r.text, 'One moment.');
  assert.equal(deltas.join(''), 'One moment.');
  assert.deepEqual(r.toolCalls, [
    { id: 'call_5wBV98AvGPwOyC6a2HtKh85w', name: 'set_outcome', arguments: '{"outcome":"interested"}' },
    {
      id: 'call_R6xW0RTSZLIX6N8k9assZBi6',
      name: 'schedule_callback',
      arguments: '{"at":"tomorrow at 10am","note":"wants the plan"}',
    },
  ]);
});

test('tool calls streamed without an index (Ollama before 0.4.7) are kept, the escalation too', async () => {
  standIn.reply({ sse: fixture('ollama-no-index.sse') });
  const r = await llm.complete({ messages: [{ role: 'user', content: 'Get me your manager.' }], tools: LLM_TOOLS });
  assert.deepEqual(r.toolCalls, [
    { id: 'call_x8k2m4qz', name: 'set_outcome', arguments: '{"outcome":"not_interested"}' },
    {
      id: 'call_7hd0fj3n',
      name: 'escalate_to_human',
      arguments: '{"priority":"high","reason":"caller asks for a manager"}',
    },
  ]);
});

test('tool calls without index or id (a proxy) are told apart by order: a new name after a finished call, fragments to the current one', async () => {
  standIn.reply({ sse: fixture('proxy-no-index-no-id.sse') });
  const r = await llm.complete({ messages: [{ role: 'user', content: 'Friday 3pm then.' }], tools: LLM_TOOLS });
  assert.deepEqual(r.toolCalls, [
    { id: 'call_0', name: 'schedule_callback', arguments: '{"at":"friday 3pm"}' },
    { id: 'call_1', name: 'end_call', arguments: '{"reason":"callback booked"}' },
  ]);
});

test('parallel tool calls that all say index 0, each with its own id (Ollama 0.20), stay apart', async () => {
  standIn.reply({ sse: fixture('ollama-shared-index-0.sse') });
  const r = await llm.complete({ messages: [{ role: 'user', content: 'Paid, bye.' }], tools: LLM_TOOLS });
  assert.equal(r.text, 'Thank you, goodbye.');
  assert.deepEqual(r.toolCalls, [
    { id: 'call_uiutvfya', name: 'set_outcome', arguments: '{"outcome":"paid"}' },
    { id: 'call_3kq9wz1e', name: 'end_call', arguments: '{"reason":"done"}' },
  ]);
});

// Strict roles. What the session sends: one assistant message per spoken sentence, system notes where they happened.
const SESSION_MESSAGES: LlmMessage[] = [
  { role: 'system', content: 'You are the billing assistant of Acme.' },
  { role: 'assistant', content: 'Hello, this is Acme.' },
  { role: 'assistant', content: 'How can I help?' },
  { role: 'user', content: 'I want to pay my bill.' },
  { role: 'system', content: 'Supervisor guidance (the caller must never learn of it): offer the payment plan.' },
  { role: 'assistant', content: 'Of course.' },
  { role: 'assistant', content: 'One moment.' },
  { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'set_outcome', arguments: '{"outcome":"paid"}' }] },
  { role: 'tool', content: 'outcome recorded: paid', toolCallId: 'c1' },
];
const NOTES =
  'Notes from during the conversation, oldest first (from our side, never said by the user):\n' +
  '- (after you said "How can I help?" and the user replied) Supervisor guidance (the caller must never learn of it): offer the payment plan.';

// vLLM's answer when the model's chat template raises (Gemma 3, Llama-2-chat, Mistral): as reported in
// https://github.com/suitenumerique/conversations/issues/197 and
// https://github.com/OpenSecretCloud/opensecret/issues/120.
const VLLM_ALTERNATE = {
  error: {
    message:
      'Conversation roles must alternate user/assistant/user/assistant/... Conversation roles must alternate user/assistant/user/assistant/...',
    type: 'BadRequestError',
    param: null,
    code: 400,
  },
};
// Older vLLM put the message at the top level (https://github.com/vllm-project/vllm/issues/6862).
const VLLM_OLD_ALTERNATE = {
  object: 'error',
  message: 'After the optional system message, conversation roles must alternate user/assistant/user/assistant/...',
  type: 'BadRequestError',
  param: null,
  code: 400,
};
// llama.cpp with --jinja and Gemma-2's template (which has no system role): HTTP 500, as in
// https://github.com/containers/ramalama/issues/2425 and https://github.com/ggml-org/llama.cpp/issues/19851.
const LLAMACPP_NO_SYSTEM = {
  error: {
    code: 500,
    type: 'server_error',
    message:
      "\n------------\nWhile executing CallExpression at line 1, column 165 in source:\n...if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}...\n                                           ^\nError: Jinja Exception: System role not supported",
  },
};

type WireMessage = RecordedRequest['body']['messages'][number];

/**
 * What a Llama-2/Gemma chat template checks: one optional leading system message, then user/assistant turns alternating
 * from the user (tool results after their call).
 */
function alternates(messages: readonly WireMessage[], systemRole = true): boolean {
  const turns = messages
    .filter((m, i) => !(i === 0 && m.role === 'system' && systemRole))
    .filter((m) => m.role !== 'tool');
  return turns.every((m, i) => m.role === (i % 2 === 0 ? 'user' : 'assistant'));
}
const strictServer =
  (rejection: StandInReply, systemRole = true) =>
  (req: RecordedRequest): StandInReply =>
    alternates(req.body.messages, systemRole) ? { text: 'Sure.' } : rejection;

function strictLlm(baseUrl: string, opts: { strictRoles?: string; model?: string } = {}) {
  const warns: Array<{ obj: Record<string, unknown>; msg: string }> = [];
  const adapter = new OpenAiLlm({
    baseUrl,
    model: opts.model ?? 'gemma-3-27b-it',
    timeoutMs: 1500,
    ...(opts.strictRoles ? { strictRoles: opts.strictRoles } : {}),
    logger: { warn: (obj, msg) => warns.push({ obj, msg }) },
  });
  return { adapter, warns };
}

test('a template that needs alternating roles refuses once (vLLM 400); the request goes again at once in strict form, and the model stays strict', async () => {
  const { adapter, warns } = strictLlm(baseUrl);
  const from = standIn.requests.length;
  standIn.reply(
    strictServer({ status: 400, errorBody: VLLM_ALTERNATE }),
    strictServer({ status: 400, errorBody: VLLM_ALTERNATE }),
  );
  const r = await adapter.complete({ messages: SESSION_MESSAGES, tools: LLM_TOOLS });
  assert.equal(r.text, 'Sure.');
  const [refused, strict] = standIn.requests.slice(from);
  assert.equal(standIn.requests.length - from, 2);
  assert.deepEqual(
    refused!.body.messages.map((m) => m.role),
    ['system', 'assistant', 'assistant', 'user', 'system', 'assistant', 'assistant', 'assistant', 'tool'],
  );
  assert.deepEqual(strict!.body.messages, [
    { role: 'system', content: `You are the billing assistant of Acme.\n\n${NOTES}` },
    { role: 'user', content: '(The conversation starts.)' },
    { role: 'assistant', content: 'Hello, this is Acme.\nHow can I help?' },
    { role: 'user', content: 'I want to pay my bill.' },
    {
      role: 'assistant',
      content: 'Of course.\nOne moment.',
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'set_outcome', arguments: '{"outcome":"paid"}' } }],
    },
    { role: 'tool', content: 'outcome recorded: paid', tool_call_id: 'c1' },
  ]);
  assert.ok(alternates(strict!.body.messages));
  assert.equal(warns.length, 1);
  assert.deepEqual(
    [warns[0]!.obj.model, warns[0]!.obj.roles, warns[0]!.obj.status],
    ['gemma-3-27b-it', 'alternate', 400],
  );

  // Remembered: the next request of that model is strict at once, and nothing more is logged.
  const next = standIn.requests.length;
  standIn.reply(strictServer({ status: 400, errorBody: VLLM_ALTERNATE }));
  assert.equal((await adapter.complete({ messages: SESSION_MESSAGES })).text, 'Sure.');
  assert.equal(standIn.requests.length - next, 1);
  assert.ok(alternates(standIn.requests.at(-1)!.body.messages));
  assert.equal(warns.length, 1);
  // Another model of the same adapter is not: it is sent as built.
  standIn.reply({ text: 'Fine.' });
  await adapter.complete({ messages: SESSION_MESSAGES, model: 'gpt-4o-mini' });
  assert.equal(standIn.requests.at(-1)!.body.messages.length, SESSION_MESSAGES.length);
});

test('the older vLLM error, its message at the top level of the body, is recognised too', async () => {
  const { adapter, warns } = strictLlm(baseUrl, { model: 'mistral-7b-instruct' });
  const from = standIn.requests.length;
  standIn.reply(
    strictServer({ status: 400, errorBody: VLLM_OLD_ALTERNATE }),
    strictServer({ status: 400, errorBody: VLLM_OLD_ALTERNATE }),
  );
  assert.equal((await adapter.complete({ messages: SESSION_MESSAGES })).text, 'Sure.');
  assert.equal(standIn.requests.length - from, 2);
  assert.equal(warns.length, 1);
  // An error the adapter does not retry still says what the server said.
  standIn.reply({
    status: 400,
    errorBody: {
      object: 'error',
      message: "This model's maximum context length is 8192 tokens.",
      type: 'BadRequestError',
      param: null,
      code: 400,
    },
  });
  await assert.rejects(
    adapter.complete({ messages: [{ role: 'user', content: 'x' }] }),
    (e: unknown) => e instanceof LlmError && e.status === 400,
  );
});

test('a template with no system role at all (Gemma-2 on llama.cpp --jinja, HTTP 500) gets the system prompt and notes in the first user turn', async () => {
  const { adapter, warns } = strictLlm(baseUrl, { model: 'gemma-2-9b-it' });
  const from = standIn.requests.length;
  const noSystem = (req: RecordedRequest): StandInReply =>
    req.body.messages.some((m) => m.role === 'system')
      ? { status: 500, errorBody: LLAMACPP_NO_SYSTEM }
      : strictServer({ status: 500, errorBody: LLAMACPP_NO_SYSTEM }, false)(req);
  standIn.reply(noSystem, noSystem);
  assert.equal((await adapter.complete({ messages: SESSION_MESSAGES })).text, 'Sure.');
  assert.equal(standIn.requests.length - from, 2);
  const sent = standIn.requests.at(-1)!.body.messages;
  assert.deepEqual(sent.slice(0, 2), [
    { role: 'user', content: `You are the billing assistant of Acme.\n\n${NOTES}` },
    { role: 'assistant', content: 'Hello, this is Acme.\nHow can I help?' },
  ]);
  assert.ok(alternates(sent, false));
  assert.equal(warns[0]!.obj.roles, 'no-system');
});

test('strict roles by configuration: off never retries, on (here for one model) is strict from the first request; other errors are not retried', async () => {
  const { adapter, warns } = strictLlm(baseUrl, { strictRoles: 'off, llama-2-7b-chat = on', model: 'gemma-3-27b-it' });
  let from = standIn.requests.length;
  standIn.reply(strictServer({ status: 400, errorBody: VLLM_ALTERNATE }));
  await assert.rejects(
    adapter.complete({ messages: SESSION_MESSAGES }),
    (e: unknown) => e instanceof LlmError && e.status === 400,
  );
  assert.equal(standIn.requests.length - from, 1);

  from = standIn.requests.length;
  standIn.reply(strictServer({ status: 400, errorBody: VLLM_ALTERNATE }));
  assert.equal((await adapter.complete({ messages: SESSION_MESSAGES, model: 'llama-2-7b-chat' })).text, 'Sure.');
  assert.equal(standIn.requests.length - from, 1);
  assert.ok(alternates(standIn.requests.at(-1)!.body.messages));

  const auto = strictLlm(baseUrl).adapter;
  from = standIn.requests.length;
  standIn.reply({
    status: 400,
    errorBody: {
      error: {
        message: 'Invalid value for temperature',
        type: 'invalid_request_error',
        param: 'temperature',
        code: null,
      },
    },
  });
  await assert.rejects(
    auto.complete({ messages: SESSION_MESSAGES }),
    (e: unknown) => e instanceof LlmError && e.status === 400,
  );
  assert.equal(standIn.requests.length - from, 1);
  assert.equal(warns.length, 0);
  assert.throws(
    () => new OpenAiLlm({ baseUrl, model: 'm', timeoutMs: 1000, strictRoles: 'sometimes' }),
    /"sometimes" is not auto, on, off/,
  );
});
