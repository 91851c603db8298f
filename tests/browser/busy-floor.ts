/**
 * A busy floor for browser tests that look at every view with something in it (accessibility, phone layout): live
 * sessions in each state a supervisor sees, seeded through the real HTTP API as callers, the admin and a human agent
 * would, plus a scheduled callback and a campaign. Human agents: Ava and Ben, both in `collections`. The sessions are
 * hung up after each test (browser-suite.ts) and Ben's claim completed (queue-api.ts); the callback and the campaign
 * stay. The suite keeps agents without a page from going offline (`LIVESPACE_AGENT_GONE_MS`).
 */
import { before } from 'node:test';
import { waitUntil } from '../support/wait';
import type { BrowserSuite } from './browser-suite';
import { queueApi } from './queue-api';

/** The sessions seeded, one in each state. */
interface Floor {
  /** A Clinic reception call the AI is talking on (it has greeted the caller): the one to open in a drawer. */
  aiTalking: string;
  /** A Collections call a supervisor sent to the `collections` queue, waiting there. */
  waiting: string;
  /** A Collections call sent to the queue and claimed by Ben (who is busy). */
  claimed: string;
  /** A Collections call the admin took over from the AI. */
  takenOver: string;
  /** A Dial Now call by the admin, answered: Sales outreach has the callee. */
  outbound: string;
  /** An SMS conversation with Clinic reception. */
  conversation: string;
}

interface BusyFloor {
  /** An inbound call (or SMS conversation) to the AI agent whose name matches; its caller says only what it is told. */
  place(agent: RegExp, channel?: 'voice' | 'sms'): Promise<string>;
  /** A Collections caller who asked for a person, waiting in the `collections` queue (Ava's): its session. */
  waitingCall(): Promise<string>;
  /** Every state at once, Ava available; resolves once each session is in its state. */
  seed(): Promise<Floor>;
}

/** Registers, in the calling `describe`, a `before` that adds the human agents. */
export function busyFloor(suite: BrowserSuite): BusyFloor {
  const { calls, post } = suite;
  const tokens: Record<string, string> = {};
  const { addAgent, aiAgentId, presence, heard, escalatedCall } = queueApi(suite, tokens);
  /** The callback and the campaign, created by the first seed. */
  let lasting: Promise<void> | null = null;

  before(async () => {
    await addAgent('ava', 'Ava Lindqvist', ['collections']);
    await addAgent('ben', 'Ben Okafor', ['collections']);
  });

  const inState = (id: string, state: string) =>
    waitUntil(
      `session ${id} ${state}`,
      async () => ((await (await suite.server.api(`/api/sessions/${id}`)).json()) as { state: string }).state === state,
      20_000,
    );

  async function place(agent: RegExp, channel: 'voice' | 'sms' = 'voice'): Promise<string> {
    const { sessionId } = (await (
      await post('/api/simulator/calls', { persona: 'manual', agentId: await aiAgentId(agent), channel })
    ).json()) as { sessionId: string };
    calls.push(sessionId);
    return sessionId;
  }

  async function greeted(id: string): Promise<string> {
    await waitUntil('the AI greeting', async () => (await heard(id)).length > 0, 20_000);
    return id;
  }

  async function seedLasting(): Promise<void> {
    await post('/api/callbacks', {
      to: '+14155550177',
      agentId: await aiAgentId(/Clinic/),
      at: new Date(Date.now() + 3_600_000).toISOString(),
      note: 'Lab results',
    });
    await post('/api/campaigns', {
      name: 'Spring check-ups',
      agentId: await aiAgentId(/Sales/),
      maxConcurrentCalls: 1,
    });
  }

  async function takenOverCall(): Promise<string> {
    const id = await greeted(await place(/Collections/));
    await post(`/api/sessions/${id}/takeover`);
    await inState(id, 'human_active');
    return id;
  }

  async function claimedCall(): Promise<string> {
    const { sessionId, escalation } = await escalatedCall('collections');
    await post(`/api/escalations/${escalation.id}/claim`, {}, tokens.ben);
    await inState(sessionId, 'claimed');
    return sessionId;
  }

  async function outboundCall(): Promise<string> {
    const { sessionId } = (await (
      await post('/api/calls', { agentId: await aiAgentId(/Sales/), to: '+14155550148', persona: 'manual' })
    ).json()) as { sessionId: string };
    calls.push(sessionId);
    await inState(sessionId, 'ai_active');
    return sessionId;
  }

  return {
    place,
    async waitingCall() {
      return (await escalatedCall()).sessionId;
    },
    async seed() {
      lasting ??= seedLasting();
      await lasting;
      await presence('ava', 'available');
      const conversation = await place(/Clinic/, 'sms');
      const [aiTalking, waiting, claimed, takenOver, outbound] = await Promise.all([
        place(/Clinic/).then(greeted),
        escalatedCall('collections').then((e) => e.sessionId),
        claimedCall(),
        takenOverCall(),
        outboundCall(),
      ]);
      return { aiTalking, waiting, claimed, takenOver, outbound, conversation };
    },
  };
}
