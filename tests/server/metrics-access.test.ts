/** Who may read /metrics: with LIVESPACE_METRICS_TOKEN, whoever sends it; without one, this machine only. */
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { startServer, type StartedServer } from '../support/start-server';

/** An address of this machine that is not loopback: a request from it is not "local". */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe('metrics access', () => {
  let open: StartedServer;
  let locked: StartedServer;
  const TOKEN = 'metrics-token-for-tests-0123456789';
  before(async () => {
    [open, locked] = await Promise.all([
      startServer({ env: { LIVESPACE_TTS: 'none', HOST: '0.0.0.0' } }),
      startServer({ env: { LIVESPACE_TTS: 'none', LIVESPACE_METRICS_TOKEN: TOKEN } }),
    ]);
  });
  after(async () => {
    await Promise.all([open?.stop(), locked?.stop()]);
  });

  it('with a token: 401 without it or with a wrong one, the metrics with it', async () => {
    assert.equal((await fetch(`${locked.url}/metrics`)).status, 401);
    assert.equal(
      (await fetch(`${locked.url}/metrics`, { headers: { authorization: 'Bearer not-the-token' } })).status,
      401,
    );
    const r = await fetch(`${locked.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(r.status, 200);
    assert.match(await r.text(), /livespace_live_sessions/);
  });

  it('without a token: read from this machine, refused from another address', {
    skip: outside ? false : 'no non-loopback address here',
  }, async () => {
    const port = new URL(open.url).port;
    assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`)).status, 200);
    const far = await fetch(`http://${outside}:${port}/metrics`);
    assert.equal(far.status, 401);
    assert.match(((await far.json()) as { error: { message: string } }).error.message, /LIVESPACE_METRICS_TOKEN/);
    assert.equal(
      (await fetch(`http://${outside}:${port}/healthz`)).status,
      200,
      'health stays open (it tells nothing but up or down)',
    );
  });
});
