/**
 * Join room: a supervisor's WebRTC peer receives the call's mixed audio as PCMU; others see who listens; leaving
 * releases it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { frameEnergy } from '@livespace/adapters/media/mulaw';
import { startServer, type StartedServer } from '../support/start-server';
import { TestListener } from '../support/rtc-client';

const rms = (payload: Buffer) => frameEnergy(new Uint8Array(payload));

describe('listen (join room)', () => {
  let s: StartedServer;
  let beaToken: string;
  before(async () => {
    s = await startServer();
    await s.api('/api/users', {
      method: 'POST',
      json: { email: 'bea@test.local', name: 'Bea', password: 'bea-password', role: 'supervisor' },
    });
    beaToken = await s.login('bea@test.local', 'bea-password');
  });
  after(async () => {
    await s.stop();
  });

  const listen = (id: string, token?: string, talk = false) =>
    TestListener.join(
      async (sdp) => {
        const r = await s.api(`/api/sessions/${id}/listen`, {
          method: 'POST',
          json: { sdp },
          ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
        });
        assert.equal(r.status, 200, await r.clone().text());
        const body = (await r.json()) as { sdp: string; listenerId: string };
        listenerIds.set(token ?? 'admin', body.listenerId);
        return body.sdp;
      },
      { talk },
    );
  const listenerIds = new Map<string, string>();
  const detail = async (id: string) =>
    (await (await s.api(`/api/sessions/${id}`)).json()) as {
      listeners?: Array<{ name: string }>;
      transcript: Array<{ kind?: string; text: string }>;
      state: string;
    };

  it('streams the live call audio to several listeners, silently, and releases it when they leave', async () => {
    const { sessionId: id } = (await (
      await s.api('/api/simulator/calls', { method: 'POST', json: { persona: 'manual' } })
    ).json()) as { sessionId: string };
    const admin = await listen(id);
    const bea = await listen(id, beaToken);
    await new Promise((r) => setTimeout(r, 4000));
    assert.ok(admin.payloads.length > 100, `~50 packets a second arrive (${admin.payloads.length} in 4 s)`);
    assert.ok(
      admin.payloads.every((p) => p.length === 160),
      'each packet is 20 ms of PCMU',
    );
    assert.ok(
      admin.payloads.some((p) => rms(p) > 500),
      'the AI greeting is audible',
    );
    assert.ok(bea.payloads.length > 100);
    let d = await detail(id);
    assert.deepEqual(d.listeners?.map((l) => l.name).sort(), ['Admin', 'Bea']);
    assert.ok(d.transcript.some((l) => l.kind === 'listeners' && l.text === 'Bea is listening'));

    const left = await s.api(`/api/sessions/${id}/listen/${listenerIds.get(beaToken)}`, { method: 'DELETE' });
    assert.equal(left.status, 200);
    d = await detail(id);
    assert.deepEqual(
      d.listeners?.map((l) => l.name),
      ['Admin'],
    );
    const beaCount = bea.payloads.length;
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(bea.payloads.length - beaCount <= 2, 'nothing more flows to a listener who left');

    const heard = ((await (await s.api(`/api/simulator/calls/${id}`)).json()) as { heard: Array<{ text: string }> })
      .heard;
    assert.ok(
      heard.every((h) => !/listen/i.test(h.text)),
      'the caller hears nothing of it',
    );
    await s.api(`/api/simulator/calls/${id}/hangup`, { method: 'POST' });
    await new Promise((r) => setTimeout(r, 500));
    const count = admin.payloads.length;
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(admin.payloads.length - count <= 2, 'the call ended: its audio stops');
    await admin.close();
    await bea.close();
  });

  it('refuses message conversations, bad offers and unknown sessions', async () => {
    const { sessionId: chat } = (await (
      await s.api('/api/simulator/calls', { method: 'POST', json: { persona: 'manual', channel: 'sms' } })
    ).json()) as { sessionId: string };
    const offer =
      'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=rtpmap:0 PCMU/8000\r\n';
    const r = await s.api(`/api/sessions/${chat}/listen`, { method: 'POST', json: { sdp: offer } });
    assert.equal(r.status, 409);
    assert.equal(((await r.json()) as any).error.code, 'no_audio');
    const { sessionId: voice } = (await (
      await s.api('/api/simulator/calls', { method: 'POST', json: { persona: 'manual' } })
    ).json()) as { sessionId: string };
    assert.equal(
      (
        await s.api(`/api/sessions/${voice}/listen`, {
          method: 'POST',
          json: { sdp: 'v=0\r\nm=video 9 RTP/AVP 96\r\n' },
        })
      ).status,
      422,
    );
    assert.equal((await s.api('/api/sessions/ses_nope/listen', { method: 'POST', json: { sdp: offer } })).status, 404);
    assert.equal((await s.api(`/api/sessions/${voice}/listen/lsn_nope`, { method: 'DELETE' })).status, 404);
  });

  it("sends the microphone of the person who took over to the caller, and nobody else's", async () => {
    const { sessionId: id } = (await (
      await s.api('/api/simulator/calls', { method: 'POST', json: { persona: 'manual' } })
    ).json()) as { sessionId: string };
    const notHolder = await listen(id, undefined, true);
    assert.match(notHolder.answerSdp, /a=sendonly/, 'without the takeover, listening only');
    await notHolder.close();
    assert.equal((await s.api(`/api/sessions/${id}/takeover`, { method: 'POST' })).status, 200);
    const me = await listen(id, undefined, true);
    assert.match(me.answerSdp, /a=sendrecv/);
    const bea = await listen(id, beaToken);
    await new Promise((r) => setTimeout(r, 1000));
    const quietFrom = bea.payloads.length;
    await new Promise((r) => setTimeout(r, 1000));
    const quiet = bea.payloads.slice(quietFrom);
    assert.ok(quiet.length > 20 && quiet.every((p) => rms(p) < 100), 'taken over, nobody speaks: the call is silent');
    me.startTone();
    await new Promise((r) => setTimeout(r, 1500));
    const loud = bea.payloads.slice(quiet.length + quietFrom).filter((p) => rms(p) > 2000);
    assert.ok(loud.length > 20, `the microphone reaches the call (${loud.length} loud packets)`);
    await me.close();
    await bea.close();
    await s.api(`/api/sessions/${id}/end`, { method: 'POST' });
  });

  it('announces people, not connections: a second connection of the same person (Talk re-joining) is not news', async () => {
    const { sessionId: id } = (await (
      await s.api('/api/simulator/calls', { method: 'POST', json: { persona: 'manual' } })
    ).json()) as { sessionId: string };
    const first = await listen(id);
    const firstId = listenerIds.get('admin')!;
    const second = await listen(id);
    const secondId = listenerIds.get('admin')!;
    assert.equal((await s.api(`/api/sessions/${id}/listen/${firstId}`, { method: 'DELETE' })).status, 200);
    let d = await detail(id);
    assert.deepEqual(
      d.listeners?.map((l) => l.name),
      ['Admin'],
    );
    assert.deepEqual(
      d.transcript.filter((l) => l.kind === 'listeners').map((l) => l.text),
      ['Admin is listening'],
    );
    assert.equal((await s.api(`/api/sessions/${id}/listen/${secondId}`, { method: 'DELETE' })).status, 200);
    await second.close();
    d = await detail(id);
    assert.deepEqual(
      d.transcript.filter((l) => l.kind === 'listeners').map((l) => l.text),
      ['Admin is listening', 'Admin stopped listening'],
    );
    assert.deepEqual(d.listeners ?? [], []);
    await first.close();
    await s.api(`/api/sessions/${id}/end`, { method: 'POST' });
  });
});
