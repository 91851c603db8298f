/**
 * The server's side of the escalation queue, for browser tests about human agents: creating agents, their presence
 * (as their own tokens), callers put in a queue, the escalations, what a simulated caller heard, and an afterEach
 * clean-up of claimed calls.
 */
import assert from 'node:assert/strict';
import { afterEach } from 'node:test';
import { waitUntil } from '../support/wait';
import type { BrowserSuite } from './browser-suite';

export type Escalation = {
  id: string;
  sessionId: string;
  callerNumber: string;
  status: string;
  queue: string;
  priority: string;
  reason: string;
  claimedBy: { name: string } | null;
};

export interface QueueApi {
  /** Creates the human agent `<key>@test.local` (password `<key>-password`) working `queues`, and keeps its token. */
  addAgent(key: string, name: string, queues: readonly string[]): Promise<void>;
  /** The id of the seeded AI agent whose name matches (`/Collections/`). */
  aiAgentId(name: RegExp): Promise<string>;
  /** Sets an agent's presence over the API (as its own token in `tokens`). */
  presence(who: string, status: 'available' | 'away' | 'offline'): Promise<void>;
  escalations(status: string): Promise<Escalation[]>;
  /**
   * A Collections call whose caller says only what the test makes it say, waiting in a queue once the AI greeted it:
   * the caller asked for a person (the flow puts it in `collections`), or, given `queue`, a supervisor sent it there
   * (high priority, a VIP customer). Hung up after the test.
   */
  escalatedCall(queue?: string): Promise<{ sessionId: string; escalation: Escalation }>;
  /** What the simulated caller heard (or customer got), line by line. */
  heard(sessionId: string): Promise<string[]>;
}

/**
 * Registers, in the calling `describe`, the completion of claimed escalations after each test (their agents busy
 * otherwise).
 */
export function queueApi(suite: BrowserSuite, tokens: Record<string, string>): QueueApi {
  const q: QueueApi = {
    async addAgent(key, name, queues) {
      await suite.post('/api/users', {
        email: `${key}@test.local`,
        name,
        password: `${key}-password`,
        role: 'agent',
        queues,
      });
      tokens[key] = await suite.server.login(`${key}@test.local`, `${key}-password`);
    },
    async aiAgentId(name) {
      const agents = (
        (await (await suite.server.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> }
      ).items;
      return agents.find((a) => name.test(a.name))!.id;
    },
    async presence(who, status) {
      const r = await suite.server.api('/api/presence/me', {
        method: 'PUT',
        json: { status },
        headers: { authorization: `Bearer ${tokens[who]}` },
      });
      assert.equal(r.status, 200, await r.text());
    },
    async escalations(status) {
      return ((await (await suite.server.api(`/api/escalations?status=${status}`)).json()) as { items: Escalation[] })
        .items;
    },
    async escalatedCall(queue) {
      const { sessionId } = (await (
        await suite.post('/api/simulator/calls', { persona: 'manual', agentId: await q.aiAgentId(/Collections/) })
      ).json()) as { sessionId: string };
      suite.calls.push(sessionId);
      await waitUntil('the AI greeting', async () => (await q.heard(sessionId)).length > 0, 20_000);
      if (queue)
        await suite.post(`/api/sessions/${sessionId}/escalate`, { queue, priority: 'high', reason: 'vip_customer' });
      else
        await suite.post(`/api/simulator/calls/${sessionId}/say`, { text: 'I want to speak to a real person please' });
      const escalation = await waitUntil(
        'the escalation',
        async () => (await q.escalations('waiting')).find((e) => e.sessionId === sessionId),
        20_000,
      );
      return { sessionId, escalation };
    },
    async heard(sessionId) {
      const r = (await (await suite.server.api(`/api/simulator/calls/${sessionId}`)).json()) as {
        heard: Array<{ text: string }>;
      };
      return r.heard.map((h) => h.text);
    },
  };

  // A test that failed halfway may leave a claimed escalation (its agent busy): complete it as the admin, so the next
  // test starts clean.
  afterEach(async () => {
    for (const e of await q.escalations('claimed'))
      await suite
        .post(`/api/escalations/${e.id}/complete`, { resolution: 'unresolved', notes: 'test clean-up' })
        .catch(() => {});
  });

  return q;
}
