/** Two server processes on one PostgreSQL and one Redis: sessions of one are live on the other, and a crashed one's calls are ended. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type StartedServer } from '../support/start-server';
import { TestLiveClient } from '../support/live-client';

const shared = process.env.DATABASE_URL && process.env.REDIS_URL;

describe('scale-out (DATABASE_URL and REDIS_URL)', { skip: shared ? false : 'needs DATABASE_URL and REDIS_URL' }, () => {
  let a: StartedServer;
  let b: StartedServer;
  before(async () => {
    a = await startServer({ env: { LIVESPACE_TTS: 'none', LIVESPACE_NODE_TIMEOUT_MS: '2000' } });
    b = await startServer({
      env: { LIVESPACE_TTS: 'none', LIVESPACE_NODE_TIMEOUT_MS: '2000', DATABASE_URL: a.env.DATABASE_URL!, LIVESPACE_REDIS_PREFIX: a.env.LIVESPACE_REDIS_PREFIX! },
    });
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('shows a call owned by one process live on the other, and ends it when its owner crashes', async () => {
    const watcher = await TestLiveClient.connect(b.url, await b.login(a.adminEmail, a.adminPassword));
    watcher.send({ type: 'subscribe', topic: 'sessions' });
    await watcher.waitFor((m) => m.find((x) => x.type === 'snapshot'));

    const { sessionId } = (await (await a.api('/api/simulator/calls', { method: 'POST', json: { persona: 'manual' } })).json()) as { sessionId: string };
    await watcher.waitFor((m) => m.find((x) => x.type === 'event' && x.event.type === 'upsert' && x.event.summary.id === sessionId));
    watcher.send({ type: 'subscribe', topic: `session:${sessionId}` });
    await watcher.waitFor((m) => m.find((x) => x.type === 'event' && x.topic === `session:${sessionId}` && x.event.type === 'line.final'), 20_000);

    await a.kill();
    const removed = await watcher.waitFor((m) => m.find((x) => x.type === 'event' && x.event.type === 'remove' && x.event.id === sessionId), 20_000);
    assert.equal(removed.event.reason, 'server_lost');
    const detail = (await (await b.api(`/api/sessions/${sessionId}`)).json()) as any;
    assert.equal(detail.state, 'ended');
    assert.equal(detail.endReason, 'server_lost');
    watcher.close();
  });
});
