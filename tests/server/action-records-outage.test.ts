/**
 * An action done is never answered as failed: while the store refuses the action records (the audit table is
 * away — as in a PostgreSQL outage of that table), a whisper still answers 200 and reaches the AI exactly once;
 * its record is written when the store is back, once. (Before: 500, applied anyway, and a retry whispered twice.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startServer, type StartedServer } from '../support/start-server';
import { waitUntil } from '../support/wait';

describe('action records during a store outage (DATABASE_URL)', {
  skip: process.env.DATABASE_URL ? false : 'needs DATABASE_URL',
}, () => {
  let s: StartedServer;
  let db: pg.Client;
  before(async () => {
    s = await startServer({ env: { LIVESPACE_TTS: 'none' } });
    db = new pg.Client({ connectionString: s.env.DATABASE_URL });
    await db.connect();
  });
  after(async () => {
    await db.query('alter table if exists session_actions_away rename to session_actions').catch(() => {});
    await db.end();
    await s.stop();
  });

  it('a whisper answers 200 and is applied once; its record is stored when the store is back', async () => {
    const { sessionId: id } = (await (
      await s.api('/api/simulator/calls', { method: 'POST', json: { persona: 'manual' } })
    ).json()) as { sessionId: string };
    await db.query('alter table session_actions rename to session_actions_away');
    const r = await s.api(`/api/sessions/${id}/whisper`, { method: 'POST', json: { text: 'offer the payment plan' } });
    assert.equal(r.status, 200, await r.clone().text());
    const { action } = (await r.json()) as { action: { id: string; result: string } };
    assert.equal(action.result, 'ok');
    const whispers = async () =>
      (
        (await (await s.api(`/api/sessions/${id}`)).json()) as { transcript: Array<{ speaker: string; text: string }> }
      ).transcript.filter((l) => l.speaker === 'supervisor' && l.text.includes('offer the payment plan')).length;
    await waitUntil('the whisper in the transcript', async () => (await whispers()) === 1);
    assert.match(s.output(), /a supervisor action was done but its record waits for the store/);

    await db.query('alter table session_actions_away rename to session_actions');
    const listed = await waitUntil(
      'the record stored',
      async () => {
        const items = (
          (await (await s.api(`/api/sessions/${id}/actions`)).json()) as {
            items: Array<{ id: string; action: string }>;
          }
        ).items;
        return items.some((a) => a.id === action.id) ? items : undefined;
      },
      10_000,
    );
    assert.equal(listed.filter((a) => a.action === 'whisper').length, 1, 'recorded once');
    assert.equal(await whispers(), 1, 'applied once');
    await s.api(`/api/simulator/calls/${id}/hangup`, { method: 'POST' });
  });
});
