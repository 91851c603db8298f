/**
 * Post-call summaries on the real server: every ended session gets one, written as its last event (pushed live,
 * stored, in History rows and found by search). Without a chat model it is the flow's, made of recorded facts; with
 * one (a local server speaking OpenAI's chat-completions wire format) it is the model's — summary, sentiment and the
 * agent's declared fields — told what was said but never a whisper, and the flow's again when the model fails.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ChatCompletionsStandIn,
  type RecordedRequest,
} from '@livespace/adapters/llm-openai/testing/chat-completions.stand-in';
import { seedAgent } from '@livespace/domain';
import { startServer, type StartedServer } from '../support/start-server';
import { TestLiveClient } from '../support/live-client';
import { waitUntil } from '../support/wait';

type Summary = { text: string; source: string; sentiment?: string; fields?: Record<string, string> };
type Detail = {
  state: string;
  summary?: Summary | null;
  transcript: Array<{ speaker: string; text: string; partial?: boolean }>;
};

/** Starts a call to `agentId`, pays in full ("yes"), and waits for its summary. */
async function paidCall(
  s: StartedServer,
  agentId: string,
  opts: { whisper?: string; from?: string; started?: (id: string) => void } = {},
): Promise<{ id: string; detail: Detail }> {
  const post = (path: string, json?: unknown) =>
    s.api(path, { method: 'POST', ...(json === undefined ? {} : { json }) });
  const detail = async (id: string) => (await (await s.api(`/api/sessions/${id}`)).json()) as Detail;
  const r = await post('/api/simulator/calls', { persona: 'manual', agentId, from: opts.from ?? '+14155550400' });
  assert.equal(r.status, 201, await r.clone().text());
  const id = ((await r.json()) as { sessionId: string }).sessionId;
  opts.started?.(id);
  await waitUntil(
    'the AI to ask',
    async () =>
      (await detail(id)).transcript.some((l) => l.speaker === 'ai' && !l.partial && /full amount today/.test(l.text)),
    20_000,
  );
  if (opts.whisper) assert.equal((await post(`/api/sessions/${id}/whisper`, { text: opts.whisper })).status, 200);
  await post(`/api/simulator/calls/${id}/say`, { text: 'yes I will pay by card' });
  const done = await waitUntil(
    'the summary',
    async () => {
      const d = await detail(id);
      return d.state === 'ended' && d.summary ? d : null;
    },
    30_000,
  );
  return { id, detail: done };
}

describe('post-call summaries from the flow (no chat model)', () => {
  let s: StartedServer;
  let collections: string;
  before(async () => {
    s = await startServer({ env: { LIVESPACE_TTS: 'none' } });
    const agents = ((await (await s.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> })
      .items;
    collections = agents.find((a) => /Collections/.test(a.name))!.id;
  });
  after(async () => {
    await s?.stop();
  });

  it('says what was recorded, is pushed as the last event, shows in History and is found by search', async () => {
    const watcher = await TestLiveClient.connect(s.url, await s.token());
    const { id, detail } = await paidCall(s, collections, {
      started: (id) => watcher.send({ type: 'subscribe', topic: `session:${id}` }),
    });
    assert.equal(detail.summary!.source, 'flow');
    assert.match(
      detail.summary!.text,
      /^Inbound call with Collections — overdue balance, \d+ s\. Outcome: paid\. Ended: the AI agent finished the conversation\.$/,
    );
    assert.equal(detail.summary!.sentiment, undefined);
    // Whoever watches the session gets it live, as its last event, after the end.
    const types = await watcher.waitFor((ms) => {
      const t = ms.filter((m) => m.topic === `session:${id}` && m.type === 'event').map((m) => m.event.type as string);
      return t.includes('session.summarized') && t;
    });
    assert.deepEqual(types.slice(-2), ['session.ended', 'session.summarized']);
    watcher.close();

    const history = (await (await s.api('/api/sessions?state=ended')).json()) as {
      items: Array<{ id: string; summary?: Summary }>;
    };
    assert.equal(history.items.find((x) => x.id === id)?.summary?.text, detail.summary!.text);
    // "finished" is in no line of the call, only in its summary.
    const found = (await (await s.api('/api/sessions?state=ended&q=finished')).json()) as {
      items: Array<{ id: string; match: string }>;
    };
    assert.deepEqual(
      found.items.map((x) => x.id),
      [id],
    );
    assert.match(found.items[0]!.match, /<mark>finished<\/mark>/);
  });
});

describe('post-call summaries from the chat model', () => {
  const model = new ChatCompletionsStandIn();
  let s: StartedServer;
  let agentId: string;
  const asked: RecordedRequest[] = [];
  /** What the model answers a summary request: chosen by the caller's number in the facts. */
  let answer: (req: RecordedRequest) => { text?: string; status?: number } = () => ({ text: '' });

  before(async () => {
    const baseUrl = await model.start();
    model.fallback = (req) => {
      if (!/post-call summary/.test(req.body.messages[0]?.content ?? '')) return { text: 'Sorry?' };
      asked.push(req);
      return answer(req);
    };
    s = await startServer({
      env: { LIVESPACE_TTS: 'none', LLM_BASE_URL: baseUrl, LLM_API_KEY: 'sk-test', LLM_MODEL: 'acme-small' },
    });
    const r = await s.api('/api/agents', {
      method: 'POST',
      json: {
        ...seedAgent('collections'),
        name: 'Collections with fields',
        summaryFields: ['payment method', 'callback time'],
      },
    });
    assert.equal(r.status, 201, await r.clone().text());
    agentId = ((await r.json()) as { id: string }).id;
  });
  after(async () => {
    await s?.stop();
    await model.close();
  });

  it("is the model's summary, sentiment and declared fields; the model is told the facts and what was said, never a whisper", async () => {
    answer = () => ({
      text: '{"summary": "The customer agreed to pay the overdue balance by card.", "sentiment": "positive", "fields": {"payment method": "card", "callback time": null}}',
    });
    const { detail } = await paidCall(s, agentId, { whisper: 'offer the kumquat voucher' });
    assert.deepEqual(detail.summary, {
      text: 'The customer agreed to pay the overdue balance by card.',
      source: 'llm',
      sentiment: 'positive',
      fields: { 'payment method': 'card' },
    });
    const req = asked.at(-1)!;
    assert.equal(req.body.temperature, 0);
    assert.match(req.body.messages[0]!.content!, /"payment method": string or null, "callback time": string or null/);
    const told = req.body.messages[1]!.content!;
    assert.match(
      told,
      /^Facts recorded by the system: Inbound call with Collections with fields, \d+ s\. Outcome: paid\./,
    );
    assert.match(told, /Customer: yes I will pay by card/);
    assert.match(told, /AI agent: .*full amount today/);
    assert.doesNotMatch(told, /kumquat/, 'a whisper is guidance, not part of the conversation');
  });

  it("falls back to the flow's summary when the model fails or does not answer with the JSON asked for", async () => {
    answer = () => ({ status: 500 });
    const failed = await paidCall(s, agentId, { from: '+14155550401' });
    assert.equal(failed.detail.summary!.source, 'flow');
    assert.match(failed.detail.summary!.text, /Outcome: paid\./);
    answer = () => ({ text: 'Here is your summary: the customer paid.' });
    const prose = await paidCall(s, agentId, { from: '+14155550402' });
    assert.equal(prose.detail.summary!.source, 'flow');
  });
});
