/** A restart loses nothing that was shown: every line a client saw is in the store, embedded database included. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type StartedServer } from '../support/start-server';
import { TestLiveClient } from '../support/live-client';
import { waitUntil } from '../support/wait';

describe('restart', () => {
  let s: StartedServer;
  before(async () => {
    s = await startServer({ embedded: true, env: { LIVESPACE_TTS: 'none' } });
  });
  after(async () => {
    await s.stop();
  });

  it('keeps every shown line of a live call across a restart, and ends the call', async () => {
    const { sessionId } = (await (
      await s.api('/api/simulator/calls', { method: 'POST', json: { persona: 'manual' } })
    ).json()) as { sessionId: string };
    const topic = `session:${sessionId}`;
    const c = await TestLiveClient.connect(s.url, await s.token());
    c.send({ type: 'subscribe', topic });
    await s.api(`/api/simulator/calls/${sessionId}/say`, {
      method: 'POST',
      json: { text: 'I would like to talk about my bill.' },
    });
    await c.waitFor(
      (m) => m.find((x) => x.type === 'event' && x.event.type === 'line.final' && x.event.speaker === 'caller'),
      20_000,
    );
    await new Promise((r) => setTimeout(r, 500));
    const shown = c.messages
      .filter((m) => m.type === 'event' && m.event.type === 'line.final')
      .map((m) => m.event.lineId as string);
    const lastSeq = Math.max(...c.messages.filter((m) => m.seq !== undefined).map((m) => m.seq!));
    c.close();

    await s.restart();
    const detail = (await (await s.api(`/api/sessions/${sessionId}`)).json()) as any;
    const stored = new Set(detail.transcript.map((l: any) => l.lineId));
    for (const id of shown) assert.ok(stored.has(id), `line ${id} survived`);
    assert.ok(detail.seq > lastSeq, 'the end of the call was written after what was shown');
    assert.equal(detail.state, 'ended');
    assert.ok(['server_shutdown', 'server_restart'].includes(detail.endReason));
    const live = ((await (await s.api('/api/sessions?state=live')).json()) as any).items;
    assert.ok(!live.some((x: any) => x.id === sessionId));
  });

  it('a call cut by a crash (kill -9) is ended on the next start and gets its post-call summary', async () => {
    const { sessionId } = (await (
      await s.api('/api/simulator/calls', { method: 'POST', json: { persona: 'manual' } })
    ).json()) as { sessionId: string };
    await s.api(`/api/simulator/calls/${sessionId}/say`, {
      method: 'POST',
      json: { text: 'My name is Rosa and I have a question about my bill.' },
    });
    await waitUntil(
      "the caller's line stored",
      async () =>
        ((await (await s.api(`/api/sessions/${sessionId}`)).json()) as any).transcript?.some(
          (l: any) => l.speaker === 'caller' && !l.partial,
        ),
      20_000,
    );
    await s.kill();
    await s.restart();
    const detail = await waitUntil(
      'the summary',
      async () => {
        const d = (await (await s.api(`/api/sessions/${sessionId}`)).json()) as any;
        return d.summary ? d : null;
      },
      10_000,
    );
    assert.equal(detail.state, 'ended');
    assert.equal(detail.endReason, 'server_restart');
    assert.equal(detail.summary.source, 'flow', 'no chat model here: what the flow knows');
    const found = ((await (await s.api(`/api/sessions?state=ended&q=${encodeURIComponent('Rosa')}`)).json()) as any)
      .items;
    assert.ok(
      found.some((x: any) => x.id === sessionId),
      'searchable after the crash',
    );
  });
});
