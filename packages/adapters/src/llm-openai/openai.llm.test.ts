import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LLM_TOOLS } from '@livespace/domain';
import { ChatCompletionsStandIn } from './chat-completions.stand-in';
import { LlmError, OpenAiLlm } from './openai.llm';

const standIn = new ChatCompletionsStandIn();
let llm: OpenAiLlm;

before(async () => {
  const baseUrl = await standIn.start();
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
  assert.deepEqual(req.body.tools?.map((t) => t.function.name), ['escalate_to_human', 'schedule_callback', 'set_outcome', 'end_call']);
  assert.deepEqual(req.body.messages[2], { role: 'assistant', content: null, tool_calls: [{ id: 'c0', type: 'function', function: { name: 'set_outcome', arguments: '{"outcome":"x"}' } }] });
  assert.deepEqual(req.body.messages[3], { role: 'tool', content: 'ok', tool_call_id: 'c0' });
});

test('tool calls streamed in pieces come back whole; the model can be overridden per request', async () => {
  standIn.reply({ text: 'One moment.', toolCalls: [{ name: 'set_outcome', arguments: { outcome: 'paid' } }, { name: 'end_call', arguments: {} }] });
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
  await assert.rejects(llm.complete({ messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => e instanceof LlmError && e.status === 503 && /HTTP 503/.test(e.message));
  standIn.reply({ delayMs: 3000, text: 'late' });
  const t0 = Date.now();
  await assert.rejects(llm.complete({ messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => e instanceof LlmError && /within 1500 ms/.test(e.message));
  assert.ok(Date.now() - t0 < 2500);
  // A slow but steady stream is never cut: the limit is on silence, not on the whole answer.
  standIn.reply({ text: 'one two three four five six seven eight nine ten', chunkDelayMs: 300 });
  assert.equal((await llm.complete({ messages: [{ role: 'user', content: 'x' }] })).text, 'one two three four five six seven eight nine ten');
  const dead = new OpenAiLlm({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm', timeoutMs: 1000 });
  await assert.rejects(dead.complete({ messages: [{ role: 'user', content: 'x' }] }), LlmError);
});

test('an abort by the caller stops the stream at once', async () => {
  standIn.reply({ text: 'one two three four five six seven eight', chunkDelayMs: 100 });
  const ac = new AbortController();
  const deltas: string[] = [];
  const p = llm.complete({ messages: [{ role: 'user', content: 'x' }], signal: ac.signal, onDelta: (d) => { deltas.push(d); if (deltas.length === 2) ac.abort(); } });
  await assert.rejects(p);
  assert.ok(deltas.length <= 3);
});
