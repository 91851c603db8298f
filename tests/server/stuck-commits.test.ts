/**
 * Commits that stop getting through (PostgreSQL holds the events table locked by someone else): /healthz says so
 * (503, commits "stuck") while the store still answers its ping, and a SIGTERM still stops the process in time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startServer, type StartedServer } from '../support/start-server';
import { waitUntil } from '../support/wait';

describe('commits that stop (DATABASE_URL)', { skip: process.env.DATABASE_URL ? false : 'needs DATABASE_URL' }, () => {
  let s: StartedServer;
  let locker: pg.Client;
  before(async () => {
    s = await startServer({ env: { LIVESPACE_TTS: 'none' } });
    locker = new pg.Client({ connectionString: s.env.DATABASE_URL });
    await locker.connect();
  });
  after(async () => {
    await locker.query('rollback').catch(() => {});
    await locker.end();
    await s.stop();
  });

  it('health turns 503 "stuck" while events wait over 10 s; a SIGTERM stops the process within its deadline', async () => {
    assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
    await locker.query('begin');
    await locker.query('lock table session_events in access exclusive mode');
    // A call: its events cannot be written now.
    await s.api('/api/simulator/calls', { method: 'POST', json: { persona: 'manual' } });
    const health = await waitUntil(
      'health to say commits are stuck',
      async () => {
        const r = await fetch(`${s.url}/healthz`);
        const body = (await r.json()) as { commits: string; store: string };
        return r.status === 503 && body.commits === 'stuck' ? body : undefined;
      },
      20_000,
    );
    assert.equal(health.store, 'ok', 'the store itself still answers');
    const t0 = Date.now();
    await s.stopProcess();
    const took = Date.now() - t0;
    assert.ok(took < 14_000, `stopped in ${took} ms`);
    assert.match(s.output(), /stopping took over 10 s/);
  });
});
