/** Inputs that once answered 500: every one is a clear 4xx now, and changes nothing. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type StartedServer } from '../support/start-server';
import { TestLiveClient } from '../support/live-client';

describe('bad input never answers 500', () => {
  let s: StartedServer;
  before(async () => {
    s = await startServer({ env: { LIVESPACE_TTS: 'none' } });
  });
  after(async () => {
    await s.stop();
  });

  it('a NUL in an id of the path is an unknown thing (404), on every kind of route', async () => {
    for (const path of [
      '/api/sessions/%00',
      '/api/agents/%00',
      '/api/campaigns/%00',
      '/api/sessions/%00/actions',
      '/api/campaigns/x%00/contacts',
    ]) {
      assert.equal((await s.api(path)).status, 404, path);
    }
    for (const path of [
      '/api/escalations/%00/claim',
      '/api/sessions/%00/takeover',
      '/api/sessions/%00/transfer',
      '/api/campaigns/%00/start',
      '/api/callbacks/%00/call-now',
    ]) {
      assert.equal((await s.api(path, { method: 'POST', json: { queue: 'x' } })).status, 404, path);
    }
  });

  it('numbers beyond what the database holds, a NUL email or agent id: 422 naming the field', async () => {
    const offset = await s.api('/api/sessions?offset=1e300');
    assert.equal(offset.status, 422);
    assert.equal(((await offset.json()) as { error: { field: string } }).error.field, 'offset');
    const login = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: '\u0000', password: 'x' }),
    });
    assert.equal(login.status, 422);
    const dial = await s.api('/api/calls', { method: 'POST', json: { agentId: 'a\u0000b', to: '+14155550100' } });
    assert.equal(dial.status, 422);
    assert.equal(((await dial.json()) as { error: { field: string } }).error.field, 'agentId');
  });

  it('a subscription from a sequence number beyond any is refused as a bad message, and the socket stays usable', async () => {
    const live = await TestLiveClient.connect(s.url, await s.token());
    live.send({ type: 'subscribe', topic: 'sessions', since: 1e15 });
    const err = await live.waitFor((m) => m.find((x) => x.type === 'error'));
    assert.equal(err.code, 'invalid_message');
    live.send({ type: 'subscribe', topic: 'sessions' });
    await live.waitFor((m) => m.find((x) => x.type === 'snapshot' && x.topic === 'sessions'));
    live.close();
  });
});
