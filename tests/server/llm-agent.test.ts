/**
 * LLM agents over real HTTP, against a local server that speaks the OpenAI chat-completions wire
 * format and records what it receives: what the model is told (whispers, barges, the human part),
 * what the caller hears, tool calls, failures and cancellation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ChatCompletionsStandIn,
  type RecordedRequest,
} from '@livespace/adapters/llm-openai/testing/chat-completions.stand-in';
import { startServer, type StartedServer } from '../support/start-server';
import { waitUntil } from '../support/wait';

type Line = { speaker: string; text: string; hidden?: boolean; barge?: boolean; kind?: string; partial?: boolean };
type Msg = RecordedRequest['body']['messages'][number];

describe('LLM agents', () => {
  const model = new ChatCompletionsStandIn();
  let s: StartedServer;
  let agentId: string;
  const post = (path: string, json?: unknown) =>
    s.api(path, { method: 'POST', ...(json === undefined ? {} : { json }) });
  const detail = async (id: string) =>
    (await (await s.api(`/api/sessions/${id}`)).json()) as {
      state: string;
      endReason: string | null;
      outcome: string | null;
      transcript: Line[];
    };
  const heard = async (id: string) =>
    ((await (await s.api(`/api/simulator/calls/${id}`)).json()) as { heard: Array<{ text: string }> }).heard.map(
      (h) => h.text,
    );
  const until = <T>(what: string, f: () => Promise<T>) => waitUntil(what, f, 15_000, 50);
  const call = async (channel = 'voice') => {
    const r = await post('/api/simulator/calls', { persona: 'manual', agentId, channel });
    const id = ((await r.json()) as { sessionId: string }).sessionId;
    await until('the greeting', async () => (await heard(id)).includes('Hello, this is Acme billing.'));
    return id;
  };
  const say = (id: string, text: string) => post(`/api/simulator/calls/${id}/say`, { text });
  const hears = (id: string, text: string) =>
    until(`the caller to hear "${text}"`, async () => (await heard(id)).includes(text));
  const lines = (messages: Msg[]) => messages.map((m) => `${m.role}: ${m.content ?? ''}`);

  before(async () => {
    const baseUrl = await model.start();
    s = await startServer({
      env: {
        LIVESPACE_TTS: 'none',
        LLM_BASE_URL: baseUrl,
        LLM_API_KEY: 'sk-live-space-test',
        LLM_MODEL: 'acme-small',
        LIVESPACE_LLM_TIMEOUT_MS: '1500',
        LIVESPACE_SUMMARY: 'flow',
      },
    });
    const r = await post('/api/agents', {
      name: 'Acme billing',
      llm: {
        prompt: 'You are the billing assistant of Acme. The customer is {{name}}.',
        greeting: 'Hello, this is Acme billing.',
        queue: 'billing',
      },
      variables: { name: 'Ann' },
    });
    assert.equal(r.status, 201);
    agentId = ((await r.json()) as { id: string }).id;
  });
  after(async () => {
    await s.stop();
    await model.close();
  });

  it('answers each caller line with the model, sentence by sentence, with the whole conversation and the tools', async () => {
    const id = await call();
    const n = model.requests.length;
    model.reply({ text: 'Your balance is 120 dollars. Would you like to pay it today?' });
    await say(id, 'What do I owe?');
    await hears(id, 'Would you like to pay it today?');
    const req = model.requests[n]!;
    assert.equal(req.authorization, 'Bearer sk-live-space-test');
    assert.equal(req.body.model, 'acme-small');
    assert.equal(req.body.stream, true);
    assert.deepEqual(
      req.body.tools?.map((t) => t.function.name),
      ['escalate_to_human', 'schedule_callback', 'set_outcome', 'end_call'],
    );
    assert.match(req.body.messages[0]!.content!, /^You are the billing assistant of Acme\. The customer is Ann\./);
    assert.deepEqual(lines(req.body.messages.slice(1)), [
      'assistant: Hello, this is Acme billing.',
      'user: What do I owe?',
    ]);
    // Streamed sentences are spoken (and written) one by one. The caller hears a line before its final text is
    // committed: wait for the transcript to hold three AI lines, then check them.
    const aiLines = async () =>
      (await detail(id)).transcript.filter((l) => l.speaker === 'ai' && !l.partial).map((l) => l.text);
    const ai = await until('three AI lines in the transcript', async () => {
      const t = await aiLines();
      return t.length >= 3 ? t : undefined;
    });
    assert.deepEqual(ai, [
      'Hello, this is Acme billing.',
      'Your balance is 120 dollars.',
      'Would you like to pay it today?',
    ]);
    await post(`/api/sessions/${id}/end`);
  });

  it('a whisper reaches the model as a system message before its next answer, never the caller', async () => {
    const id = await call();
    assert.equal((await post(`/api/sessions/${id}/whisper`, { text: 'Offer the 3-month payment plan' })).status, 200);
    const n = model.requests.length;
    model.reply({ text: 'We can also split it over three months.' });
    await say(id, 'That is a lot of money.');
    await hears(id, 'We can also split it over three months.');
    const msgs = lines(model.requests[n]!.body.messages);
    const w = msgs.indexOf(
      'system: Supervisor guidance (the caller must never learn of it): Offer the 3-month payment plan',
    );
    assert.ok(w > 0 && w < msgs.indexOf('user: That is a lot of money.'), msgs.join('\n'));
    const d = await detail(id);
    assert.ok(d.transcript.some((l) => l.kind === 'whisper_applied' && /given to the AI model/.test(l.text)));
    assert.ok(!(await heard(id)).some((t) => /3-month|plan/i.test(t)), 'the caller never hears a whisper');
    await post(`/api/sessions/${id}/end`);
  });

  it("barge: the caller hears it and the model knows it said it on a supervisor's word", async () => {
    const id = await call();
    assert.equal((await post(`/api/sessions/${id}/barge`, { text: 'We have waived your late fee.' })).status, 200);
    await hears(id, 'We have waived your late fee.');
    const n = model.requests.length;
    model.reply({ text: 'Is there anything else?' });
    await say(id, 'Oh, thank you!');
    await hears(id, 'Is there anything else?');
    const msgs = lines(model.requests[n]!.body.messages);
    const b = msgs.indexOf('assistant: We have waived your late fee.');
    assert.ok(
      b > 0 && /^system: A supervisor made you say the next line \(barge\): Admin/.test(msgs[b - 1]!),
      msgs.join('\n'),
    );
    await post(`/api/sessions/${id}/end`);
  });

  it('take over pauses the model (caller lines still land); resume gives it the whole conversation, human part included', async () => {
    const id = await call();
    assert.equal((await post(`/api/sessions/${id}/takeover`)).status, 200);
    const n = model.requests.length;
    assert.equal((await post(`/api/sessions/${id}/say`, { text: 'Hi, this is Admin from Acme.' })).status, 200);
    await hears(id, 'Hi, this is Admin from Acme.');
    await say(id, 'Can you lower my bill?');
    await until('the caller line', async () =>
      (await detail(id)).transcript.some((l) => l.speaker === 'caller' && l.text === 'Can you lower my bill?'),
    );
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(model.requests.length, n, 'no model call while a person holds the call');
    model.reply({ text: 'As my colleague said, I can help you further.' });
    assert.equal((await post(`/api/sessions/${id}/resume`)).status, 200);
    await hears(id, 'As my colleague said, I can help you further.');
    const msgs = lines(model.requests[n]!.body.messages);
    const took = msgs.indexOf('system: A person of our team took over the conversation; you were paused.');
    const human = msgs.indexOf(
      'system: While you were paused, Admin of our team told the caller: "Hi, this is Admin from Acme."',
    );
    const caller = msgs.indexOf('user: Can you lower my bill?');
    const back = msgs.findIndex((m) => m.startsWith('system: The person handed the conversation back to you.'));
    assert.ok(took > 0 && took < human && human < caller && caller < back && back === msgs.length - 1, msgs.join('\n'));
    await post(`/api/sessions/${id}/end`);
  });

  it('tools: set_outcome then speaks and end_call hangs up; the tool results go back to the model', async () => {
    const id = await call();
    const n = model.requests.length;
    model.reply(
      { toolCalls: [{ name: 'set_outcome', arguments: { outcome: 'promise_to_pay' } }] },
      { text: 'Thank you, goodbye.', toolCalls: [{ name: 'end_call', arguments: {} }] },
    );
    await say(id, 'I will pay on Friday.');
    await until('the call to end', async () => (await detail(id)).state === 'ended');
    const d = await detail(id);
    assert.equal(d.outcome, 'promise_to_pay');
    assert.equal(d.endReason, 'agent_ended');
    assert.ok((await heard(id)).includes('Thank you, goodbye.'));
    const second = model.requests[n + 1]!.body.messages;
    assert.equal(second.at(-2)!.role, 'assistant');
    assert.equal(second.at(-2)!.tool_calls![0]!.function.name, 'set_outcome');
    assert.deepEqual(second.at(-1), {
      role: 'tool',
      content: 'outcome recorded: promise_to_pay',
      tool_call_id: 'call_0_set_outcome',
    });
  });

  it("escalate_to_human hands the call to the node's queue; schedule_callback books the time", async () => {
    const id = await call();
    model.reply(
      { toolCalls: [{ name: 'schedule_callback', arguments: { at: 'tomorrow at 10am' } }] },
      {
        text: 'A colleague will take it from here.',
        toolCalls: [{ name: 'escalate_to_human', arguments: { reason: 'disputes the charge', priority: 'high' } }],
      },
    );
    await say(id, 'This charge is wrong, call me tomorrow at 10am or get me a person.');
    await until('the hand-off', async () => (await detail(id)).state === 'queued');
    const d = await detail(id);
    assert.ok(d.transcript.some((l) => l.kind === 'callback'));
    assert.ok(d.transcript.some((l) => l.kind === 'handoff' && /billing \(high\)/.test(l.text)));
    // The tool's callback is booked with the scheduler, marked as the model's.
    const booked = await until('the callback booked', async () =>
      (
        (await (await s.api('/api/callbacks')).json()) as {
          items: Array<{ originSessionId: string; source: string; status: string; at: string }>;
        }
      ).items.find((c) => c.originSessionId === id),
    );
    assert.equal(booked.source, 'llm');
    assert.equal(booked.status, 'scheduled');
    assert.ok(Date.parse(booked.at) > Date.now());
    assert.ok((await heard(id)).includes('A colleague will take it from here.'));
    await post(`/api/sessions/${id}/end`);
  });

  it('a failing or silent model: the caller hears the fallback, the transcript says why, the call goes on', async () => {
    const id = await call();
    model.reply({ status: 500 });
    await say(id, 'Hello?');
    await hears(id, "I'm sorry, I'm having trouble right now. Please stay with me a moment.");
    model.reply({ delayMs: 3000, text: 'Too late.' });
    await say(id, 'Hello again?');
    await until(
      'the second fallback',
      async () => (await heard(id)).filter((t) => /having trouble/.test(t)).length === 2,
    );
    const errors = (await detail(id)).transcript.filter((l) => l.kind === 'error').map((l) => l.text);
    assert.deepEqual(errors, [
      'AI model failed: the model answered HTTP 500',
      'AI model failed: the model did not answer within 1500 ms',
    ]);
    model.reply({ text: 'I am back.' });
    await say(id, 'Are you there?');
    await hears(id, 'I am back.');
    assert.ok(!(await heard(id)).includes('Too late.'));
    assert.equal((await detail(id)).state, 'ai_active');
    await post(`/api/sessions/${id}/end`);
  });

  it('a takeover cancels the answer being streamed: nothing more of it is said', async () => {
    const id = await call();
    model.reply({
      text: 'First sentence is here. Second sentence comes. Third sentence never comes. Fourth one neither.',
      chunkDelayMs: 400,
    });
    await say(id, 'Tell me everything.');
    await hears(id, 'First sentence is here.');
    const cancelled = model.cancelled;
    assert.equal((await post(`/api/sessions/${id}/takeover`)).status, 200);
    await until("the model's answer to be cancelled", async () => model.cancelled === cancelled + 1);
    await new Promise((r) => setTimeout(r, 1500));
    const h = await heard(id);
    assert.ok(!h.includes('Third sentence never comes.') && !h.includes('Fourth one neither.'), h.join(' | '));
    assert.equal((await detail(id)).state, 'human_active');
    await post(`/api/sessions/${id}/end`);
  });

  it('message conversations get the whole answer as one message', async () => {
    const r = await post('/api/simulator/calls', { persona: 'manual', agentId, channel: 'whatsapp' });
    const id = ((await r.json()) as { sessionId: string }).sessionId;
    await hears(id, 'Hello, this is Acme billing.');
    model.reply({ text: 'Your balance is 120 dollars. Reply PAY to get a payment link.' });
    await say(id, 'balance?');
    await hears(id, 'Your balance is 120 dollars. Reply PAY to get a payment link.');
    assert.match(model.requests.at(-1)!.body.messages[0]!.content!, /chatting on WhatsApp/);
    await post(`/api/sessions/${id}/end`);
  });
});

describe('LLM agents without a model configured', () => {
  it('are refused with 422 naming LLM_BASE_URL, and nothing is created', async () => {
    const s = await startServer({ embedded: true, env: { LIVESPACE_TTS: 'none' } });
    try {
      const before = ((await (await s.api('/api/agents')).json()) as { items: unknown[] }).items.length;
      const r = await s.api('/api/agents', { method: 'POST', json: { name: 'Chat', llm: { prompt: 'Be kind.' } } });
      assert.equal(r.status, 422);
      const e = (await r.json()) as { error: { code: string; message: string } };
      assert.equal(e.error.code, 'llm_not_configured');
      assert.match(e.error.message, /LLM_BASE_URL/);
      const bad = await s.api('/api/agents', { method: 'POST', json: { name: 'Chat', llm: { prompt: '' } } });
      assert.equal(bad.status, 422);
      assert.match(((await bad.json()) as { error: { message: string } }).error.message, /^llm\.prompt:/);
      assert.equal(((await (await s.api('/api/agents')).json()) as { items: unknown[] }).items.length, before);
    } finally {
      await s.stop();
    }
  });
});
