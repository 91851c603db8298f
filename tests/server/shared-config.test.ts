/**
 * Configuration is shared: an AI agent created through one process is used by another within a second (PostgreSQL +
 * Redis).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPeer, startServer, type StartedServer } from '../support/start-server';
import { waitUntil } from '../support/wait';

const shared = process.env.DATABASE_URL && process.env.REDIS_URL;

describe('configuration across processes (DATABASE_URL and REDIS_URL)', {
  skip: shared ? false : 'needs DATABASE_URL and REDIS_URL',
}, () => {
  let a: StartedServer;
  let b: StartedServer;
  before(async () => {
    a = await startServer({ env: { LIVESPACE_TTS: 'none' } });
    b = await startPeer(a, { LIVESPACE_TTS: 'none' });
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('an agent created through A answers calls placed through B at once (not the default agent)', async () => {
    const created = await a.api('/api/agents', {
      method: 'POST',
      json: {
        name: 'Opening hours',
        flow: {
          start: 'hi',
          nodes: {
            hi: {
              type: 'ask',
              prompt: 'Do you want our opening hours?',
              intents: [{ name: 'yes', when: { yesno: 'yes' }, next: 'bye' }],
            },
            bye: { type: 'end', say: 'Bye.' },
          },
        },
      },
    });
    assert.equal(created.status, 201, await created.clone().text());
    const { id } = (await created.json()) as { id: string };
    const t0 = Date.now();
    const session = await waitUntil(
      'B to place a call with the new agent',
      async () => {
        const r = await b.api('/api/calls', { method: 'POST', json: { agentId: id, to: '+14155550100' } });
        return r.status === 201 ? ((await r.json()) as { sessionId: string }).sessionId : undefined;
      },
      5000,
    );
    assert.ok(Date.now() - t0 < 1500, `known on B within a second or so (${Date.now() - t0} ms)`);
    const d = (await (await b.api(`/api/sessions/${session}`)).json()) as { agentId: string; agentName: string };
    assert.equal(d.agentId, id);
    assert.equal(d.agentName, 'Opening hours');
    await b.api(`/api/sessions/${session}/end`, { method: 'POST' });
  });
});
