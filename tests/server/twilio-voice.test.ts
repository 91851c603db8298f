/**
 * Twilio voice end to end against a local Twilio stand-in that speaks the real wire formats: signed
 * webhooks, TwiML, the Media Streams WebSocket with real μ-law audio both ways, marks and clear, the
 * REST API for calls we place and hang up, status callbacks and machine detection.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import twilio from 'twilio';
import { TwilioStandIn, type StandInPhone } from '@livespace/adapters/carrier-twilio/testing/twilio.stand-in';
import { streamToken } from '@livespace/adapters/carrier-twilio/stream-token';
import { DeepgramStandIn } from '@livespace/adapters/stt-deepgram/testing/deepgram.stand-in';
import { EspeakTts } from '@livespace/adapters/tts-espeak/espeak.tts';
import { TestLiveClient } from '../support/live-client';
import { TestListener } from '../support/rtc-client';
import { frameEnergy } from '@livespace/adapters/media/mulaw';
import { startServer, type StartedServer } from '../support/start-server';
import { keypadAgent } from '../support/keypad-agent';
import { freePort } from '../support/free-port';
import { waitUntil } from '../support/wait';

type Line = { speaker: string; text: string; kind?: string; partial?: boolean; dtmf?: boolean; barge?: boolean };
type Health = { level: string; reasons: Array<{ code: string; level: string; text: string }> };
type Detail = {
  id: string;
  state: string;
  direction: string;
  callerNumber: string;
  endReason: string | null;
  outcome?: string | null;
  health?: Health;
  transcript: Line[];
};

const ACCOUNT = `AC${randomBytes(16).toString('hex')}`;
const TOKEN = randomBytes(16).toString('hex');
const OUR_NUMBER = '+14155550150';
const CALLER_ID = '+14155550151';
const CLINIC_NUMBER = '+14155550152';

/** The HTTP status a WebSocket upgrade gets (101 when it opens). */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', () => {});
  });
}

describe('Twilio voice', () => {
  let s: StartedServer;
  let tw: TwilioStandIn;
  let dg: DeepgramStandIn;
  let voice: EspeakTts;
  let base: string;
  let sales: string;
  const detail = async (id: string) => (await (await s.api(`/api/sessions/${id}`)).json()) as Detail;
  const allSessions = async () =>
    ((await (await s.api('/api/sessions?state=all')).json()) as { items: Detail[] }).items;
  const sessionOf = (phone: StandInPhone) =>
    waitUntil(`the session of ${phone.from}`, async () =>
      (await allSessions()).find((x) => x.callerNumber === phone.from && x.direction === 'inbound'),
    );
  const callIn = (from: string, to = OUR_NUMBER) => tw.call({ voiceUrl: `${base}/webhooks/twilio/voice`, from, to });
  /** The caller says `text`: real speech, and the recogniser stand-in is told the words it will hear. */
  const speak = async (phone: StandInPhone, text: string) => {
    dg.expect(text);
    phone.say(await voice.synthesize(text, 'en-us+m3'));
  };
  const aiSaid = (d: Detail, re: RegExp) =>
    d.transcript.some((l) => l.speaker === 'ai' && !l.partial && re.test(l.text));
  const ended = (id: string) =>
    waitUntil(
      'the session ends',
      async () => {
        const d = await detail(id);
        return d.state === 'ended' ? d : null;
      },
      20_000,
    );

  before(async () => {
    tw = new TwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN, ringMs: 300 });
    const api = await tw.start();
    dg = new DeepgramStandIn({ apiKey: 'dg-key' });
    const listen = await dg.start();
    voice = new EspeakTts();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    s = await startServer({
      env: {
        PORT: String(port),
        PUBLIC_URL: base,
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_API_BASE_URL: api,
        LIVESPACE_CALLER_ID: CALLER_ID,
        STT_PROVIDER: 'deepgram',
        DEEPGRAM_API_KEY: 'dg-key',
        DEEPGRAM_API_URL: listen,
      },
    });
    const agent = (await (await s.api('/api/agents', { method: 'POST', json: keypadAgent })).json()) as { id: string };
    const agents = ((await (await s.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> })
      .items;
    sales = agents.find((a) => /Sales/.test(a.name))!.id;
    const clinic = agents.find((a) => /Clinic/.test(a.name))!.id;
    assert.equal(
      (
        await s.api('/api/numbers', {
          method: 'POST',
          json: { number: CLINIC_NUMBER, agentId: clinic, carrier: 'twilio', channels: ['voice'] },
        })
      ).status,
      201,
    );
    assert.equal(
      (
        await s.api('/api/numbers', {
          method: 'POST',
          json: { number: OUR_NUMBER, agentId: agent.id, carrier: 'twilio', channels: ['voice'] },
        })
      ).status,
      201,
    );
    assert.equal(
      (
        await s.api('/api/numbers', {
          method: 'POST',
          json: { number: CALLER_ID, agentId: sales, carrier: 'twilio', channels: ['voice'] },
        })
      ).status,
      201,
    );
  });
  after(async () => {
    await s?.stop();
    await tw?.stop();
    await dg?.stop();
    await voice?.close();
  });

  it('recognises what the caller says: partial lines stream live, the final line answers the flow', async () => {
    const phone = await callIn('+14155550105', CLINIC_NUMBER);
    const session = await sessionOf(phone);
    await waitUntil(
      'the greeting is heard to its end',
      async () => aiSaid(await detail(session.id), /How can I help/) || null,
    );
    const live = await TestLiveClient.connect(s.url, await s.token());
    live.send({ type: 'subscribe', topic: `session:${session.id}` });
    await speak(phone, 'I would like to book an appointment');
    const d = await waitUntil('the AI answers the caller', async () => {
      const x = await detail(session.id);
      return aiSaid(x, /What day and time/) ? x : null;
    });
    assert.ok(
      d.transcript.some(
        (l) => l.speaker === 'caller' && !l.partial && l.text === 'I would like to book an appointment',
      ),
      "the caller's words are final in the transcript",
    );
    const partials = live.messages
      .filter((m) => m.type === 'event' && m.event?.type === 'line.partial' && m.event.speaker === 'caller')
      .map((m) => m.event.text as string);
    assert.ok(partials.length >= 2, `partials streamed while the caller spoke (${partials.length})`);
    assert.ok(
      partials.every((p) => 'I would like to book an appointment'.startsWith(p)),
      `each partial is a prefix (${partials.join(' | ')})`,
    );
    const q = dg.connections.at(-1)!.query;
    assert.deepEqual([q.encoding, q.sample_rate], ['mulaw', '8000'], 'the recogniser gets the phone audio as it is');
    live.close();
    await phone.hangup();
  });

  it('stops the AI when the caller talks over it (barge-in): Twilio clears its buffer, the cut line is final as heard', async () => {
    const phone = await callIn('+14155550106', CLINIC_NUMBER);
    const session = await sessionOf(phone);
    await waitUntil('the greeting plays', () => phone.heard.speechFrames > 15 || null);
    await speak(phone, 'book an appointment please');
    await waitUntil('Twilio gets a clear', () => phone.heard.clears >= 1 || null, 10_000);
    const d = await waitUntil('the AI answers what the caller said', async () => {
      const x = await detail(session.id);
      return aiSaid(x, /What day and time/) ? x : null;
    });
    const greeting = d.transcript.find((l) => l.speaker === 'ai')!;
    assert.match(greeting.text, /^Hi,.* —$/, `cut where the caller came in (${greeting.text})`);
    assert.ok(!/How can I help you today\?$/.test(greeting.text), 'the greeting was not played to its end');
    await phone.hangup();
  });

  it('shows a failing recogniser on the session and its health, and the call goes on once it is back', async () => {
    dg.rejectConnections(503);
    const phone = await callIn('+14155550107', CLINIC_NUMBER);
    const session = await sessionOf(phone);
    const sick = await waitUntil('the failure shows in the health', async () => {
      const x = await detail(session.id);
      return x.health?.reasons.some((r) => r.code === 'provider_error') ? x : null;
    });
    assert.ok(
      sick.transcript.some(
        (l) =>
          l.kind === 'error' && /Speech recognition failed: Deepgram refused the connection with HTTP 503/.test(l.text),
      ),
      'the failure is a line of the transcript',
    );
    assert.match(sick.health!.reasons.find((r) => r.code === 'provider_error')!.text, /^Speech recognition failed/);
    const listed = ((await (await s.api('/api/sessions?state=live')).json()) as { items: Detail[] }).items.find(
      (x) => x.id === session.id,
    )!;
    assert.notEqual(listed.health?.level ?? 'ok', 'ok', 'the list carries the health too');
    dg.rejectConnections(null);
    await waitUntil('the recogniser reconnects', () => dg.connections.some((c) => !c.closed) || null, 10_000);
    await waitUntil('the greeting is over', async () => aiSaid(await detail(session.id), /How can I help/) || null);
    await speak(phone, 'I would like to book an appointment');
    await waitUntil(
      'the AI answers the caller',
      async () => aiSaid(await detail(session.id), /What day and time/) || null,
    );
    await phone.hangup();
  });

  it('answers an inbound call with a Media Stream: the caller hears the agent, keys reach the flow, the AI hangs up through the REST API', async () => {
    const phone = await callIn('+14155550101');
    assert.equal(phone.streamParameters.agentId !== undefined, true, 'the mapped agent rides on the stream');
    const session = await sessionOf(phone);
    assert.equal(session.direction, 'inbound');
    await waitUntil(
      'the caller hears the question',
      () => (phone.heard.speechFrames > 25 && phone.heard.marks.length >= 1) || null,
    );
    const asked = await waitUntil('the question is final in the transcript', async () => {
      const d = await detail(session.id);
      return d.transcript.some((l) => l.speaker === 'ai' && !l.partial && /account number/.test(l.text)) ? d : null;
    });
    assert.equal(asked.state, 'ai_active');
    phone.press('12345#');
    const done = await ended(session.id);
    const keys = done.transcript.find((l) => l.speaker === 'caller');
    assert.deepEqual([keys?.text, keys?.dtmf], ['12345', true], 'the keys are a caller line marked as keys');
    assert.ok(
      done.transcript.some((l) => l.speaker === 'ai' && l.text === 'Thank you. Account 12345 is on file.'),
      'the flow captured the digits',
    );
    assert.equal(done.endReason, 'agent_ended');
    await waitUntil(
      'Twilio is told to hang up',
      () =>
        tw.requests.find((r) => r.path.endsWith(`/Calls/${phone.sid}.json`) && r.params.Status === 'completed') ?? null,
    );
    await phone.closed;
    assert.deepEqual(tw.protocolErrors, [], 'every message we sent is one Twilio accepts');
  });

  it('ends the session when the caller hangs up', async () => {
    const phone = await callIn('+14155550102');
    const session = await sessionOf(phone);
    await waitUntil('the AI talks', () => phone.heard.speechFrames > 5 || null);
    await phone.hangup();
    const done = await ended(session.id);
    assert.equal(done.endReason, 'caller_hangup');
  });

  it('barges: Twilio is told to clear what it buffered, and the caller hears the new words', async () => {
    const phone = await callIn('+14155550103');
    const session = await sessionOf(phone);
    await waitUntil('the AI talks', () => phone.heard.speechFrames > 5 || null);
    const before = phone.heard.speechFrames;
    const r = await s.api(`/api/sessions/${session.id}/barge`, {
      method: 'POST',
      json: { text: 'A supervisor here: we are on it.' },
    });
    assert.equal(r.status, 200);
    await waitUntil('Twilio gets a clear', () => phone.heard.clears >= 1 || null);
    const d = await waitUntil('the barge is heard', async () => {
      const x = await detail(session.id);
      return x.transcript.some((l) => l.barge && !l.partial && l.text === 'A supervisor here: we are on it.')
        ? x
        : null;
    });
    assert.ok(phone.heard.speechFrames > before + 25, 'the barge audio reached the phone');
    assert.ok(
      d.transcript.some((l) => l.speaker === 'ai' && /—$/.test(l.text)),
      'the line it cut is final as far as it was heard',
    );
    await phone.hangup();
  });

  it("lets a supervisor listen to a Twilio call (the caller's own voice included) and, having taken over, talk to the caller", async () => {
    const phone = await callIn('+14155550108');
    const session = await sessionOf(phone);
    await waitUntil(
      'the question is heard to its end',
      async () => (await detail(session.id)).transcript.some((l) => l.speaker === 'ai' && !l.partial) || null,
    );
    const join = (talk: boolean) =>
      TestListener.join(
        async (sdp) => {
          const r = await s.api(`/api/sessions/${session.id}/listen`, { method: 'POST', json: { sdp } });
          assert.equal(r.status, 200, await r.clone().text());
          return ((await r.json()) as { sdp: string }).sdp;
        },
        { talk },
      );
    const listener = await join(false);
    await waitUntil('audio flows to the listener', () => listener.payloads.length > 10 || null, 10_000);
    const loud = () => listener.payloads.filter((p) => frameEnergy(new Uint8Array(p)) > 300).length;
    const before = loud();
    dg.expect('Hello, can you hear me? I am calling about my account.');
    phone.say(await voice.synthesize('Hello, can you hear me? I am calling about my account.', 'en-us+m3'));
    await waitUntil("the caller's voice reaches the listener", () => loud() - before > 40 || null, 10_000);
    // Talk: take over, then join with the microphone (as the web app's Talk does).
    assert.equal((await s.api(`/api/sessions/${session.id}/takeover`, { method: 'POST', json: {} })).status, 200);
    const talker = await join(true);
    await new Promise((r) => setTimeout(r, 300));
    const heard = phone.heard.speechFrames;
    talker.startTone();
    await waitUntil(
      "the supervisor's microphone reaches the caller through Twilio",
      () => phone.heard.speechFrames - heard > 25 || null,
      10_000,
    );
    await talker.close();
    await listener.close();
    await phone.hangup();
    await ended(session.id);
  });

  it('refuses webhooks and streams that Twilio did not sign, changing nothing', async () => {
    const before = (await allSessions()).length;
    const params = {
      CallSid: `CA${randomBytes(16).toString('hex')}`,
      AccountSid: ACCOUNT,
      From: '+14155550199',
      To: OUR_NUMBER,
      CallStatus: 'ringing',
      Direction: 'inbound',
    };
    const voice = `${base}/webhooks/twilio/voice`;
    const forged = await tw.webhook(voice, params, twilio.getExpectedTwilioSignature('not-the-token', voice, params));
    assert.equal(forged.status, 403);
    assert.match(forged.body, /bad_signature/);
    // Signed, then altered on the way: another caller number.
    const signed = twilio.getExpectedTwilioSignature(TOKEN, voice, params);
    assert.equal((await tw.webhook(voice, { ...params, From: '+19995550000' }, signed)).status, 403);
    assert.equal(
      (
        await fetch(voice, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(params).toString(),
        })
      ).status,
      403,
      'no signature',
    );
    const status = `${base}/webhooks/twilio/status`;
    assert.equal((await tw.webhook(status, { ...params, CallStatus: 'completed' }, 'AAAA')).status, 403);
    // A signed but malformed webhook is a 400.
    const noSid = { From: '+14155550199', To: OUR_NUMBER };
    assert.equal((await tw.webhook(voice, noSid)).status, 400);
    // The media stream's handshake is signed too.
    const media = `${base.replace('http', 'ws')}/webhooks/twilio/media`;
    assert.equal(await upgradeStatus(media), 403);
    assert.equal((await allSessions()).length, before, 'no session was created');
  });

  it('checks requests that came through a load balancer against the URL Twilio called there', async () => {
    const lb = 'https://lb.example.test/webhooks/twilio/voice';
    const params = {
      CallSid: `CA${randomBytes(16).toString('hex')}`,
      AccountSid: ACCOUNT,
      From: '+14155550197',
      To: OUR_NUMBER,
      CallStatus: 'ringing',
      Direction: 'inbound',
    };
    const post = (signature: string, host: string) =>
      fetch(`${base}/webhooks/twilio/voice`, {
        method: 'POST',
        body: new URLSearchParams(params).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signature,
          'x-forwarded-proto': 'https',
          'x-forwarded-host': host,
        },
      });
    const ok = await post(twilio.getExpectedTwilioSignature(TOKEN, lb, params), 'lb.example.test');
    assert.equal(ok.status, 200);
    assert.match(
      await ok.text(),
      new RegExp(`<Stream url="${base.replace('http', 'ws')}/webhooks/twilio/media"`),
      'the stream comes back to this process',
    );
    assert.equal(
      (await post(twilio.getExpectedTwilioSignature(TOKEN, lb, params), 'other.example.test')).status,
      403,
      'signed for another host',
    );
    assert.equal(
      (await post(twilio.getExpectedTwilioSignature('not-the-token', lb, params), 'lb.example.test')).status,
      403,
    );
  });

  it('refuses a stream whose parameters were not issued for its call, and a replayed one', async () => {
    const before = (await allSessions()).length;
    const media = `${base.replace('http', 'ws')}/webhooks/twilio/media`;
    const open = () =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(media, {
          headers: { 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, media, {}) },
        });
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      });
    const start = (callSid: string, customParameters: Record<string, string>) =>
      JSON.stringify({
        event: 'start',
        sequenceNumber: '1',
        streamSid: 'MZ1',
        start: {
          streamSid: 'MZ1',
          accountSid: ACCOUNT,
          callSid,
          tracks: ['inbound'],
          customParameters,
          mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        },
      });
    const closed = (ws: WebSocket) => new Promise<void>((r) => ws.once('close', () => r()));
    // Parameters made up (the token of another call).
    const sid = `CA${randomBytes(16).toString('hex')}`;
    const params = { from: '+14155550198', to: OUR_NUMBER };
    const ws1 = await open();
    ws1.send(start(sid, { ...params, token: streamToken(TOKEN, `CA${randomBytes(16).toString('hex')}`, params) }));
    await closed(ws1);
    // A real call's stream, replayed while it is live.
    const phone = await callIn('+14155550104');
    const session = await sessionOf(phone);
    const ws2 = await open();
    ws2.send(start(phone.sid, phone.streamParameters));
    await closed(ws2);
    assert.equal((await allSessions()).length, before + 1, 'only the real call has a session');
    // Garbage on the real stream changes nothing: the call goes on.
    phone.sendRaw('not json');
    phone.sendRaw(JSON.stringify({ event: 'media', streamSid: 'x', media: { payload: '%%%' } }));
    phone.sendRaw(JSON.stringify({ event: 'dtmf', streamSid: 'x', dtmf: { digit: 'xyz' } }));
    phone.sendRaw(JSON.stringify({ event: 'nonsense' }));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await detail(session.id)).state, 'ai_active');
    assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
    await phone.hangup();
    await ended(session.id);
  });

  it('places outbound calls through the REST API, with status callbacks and machine detection, and hangs up through it', async () => {
    const r = await s.api('/api/calls', { method: 'POST', json: { agentId: sales, to: '+14155550120' } });
    assert.equal(r.status, 201);
    const { sessionId } = (await r.json()) as { sessionId: string };
    const create = await waitUntil(
      'Twilio is asked to place the call',
      () => tw.requests.find((x) => x.path.endsWith('/Calls.json') && x.params.To === '+14155550120') ?? null,
    );
    assert.equal(create.params.From, CALLER_ID);
    assert.equal(create.params.MachineDetection, 'DetectMessageEnd');
    assert.equal(create.params.StatusCallback, `${base}/webhooks/twilio/status`);
    assert.match(create.params.Url ?? '', new RegExp(`^${base}/webhooks/twilio/voice\\?leg=`));
    const states = new Set<string>();
    const talking = await waitUntil('the callee answers and the AI talks', async () => {
      const d = await detail(sessionId);
      states.add(d.state);
      return d.transcript.some((l) => l.speaker === 'ai' && !l.partial) ? d : null;
    });
    assert.ok(
      states.has('ringing') || talking.transcript.some((l) => l.text.includes('ringing')),
      `rang first (${[...states]})`,
    );
    assert.equal(talking.state, 'ai_active');
    const phone = [...tw.phones.values()].find((p) => p.to === '+14155550120')!;
    await waitUntil('the callee hears the AI', () => phone.heard.speechFrames > 10 || null);
    assert.equal((await s.api(`/api/sessions/${sessionId}/end`, { method: 'POST', json: {} })).status, 200);
    await waitUntil(
      'Twilio is told to hang up',
      () =>
        tw.requests.find((x) => x.path.endsWith(`/Calls/${phone.sid}.json`) && x.params.Status === 'completed') ?? null,
    );
    assert.equal((await ended(sessionId)).endReason, 'ended_by_supervisor');
  });

  it("ends outbound calls that never reach a person with the carrier's word: busy, no answer, voicemail, failed", async () => {
    tw.callees.set('+14155550130', 'busy');
    tw.callees.set('+14155550131', 'no-answer');
    tw.callees.set('+14155550132', 'machine');
    tw.callees.set('+14155550133', 'no-stream');
    const ids: Record<string, string> = {};
    for (const to of ['+14155550130', '+14155550131', '+14155550132', '+14155550133']) {
      const r = await s.api('/api/calls', { method: 'POST', json: { agentId: sales, to } });
      ids[to] = ((await r.json()) as { sessionId: string }).sessionId;
    }
    const outcomes = await Promise.all(
      Object.values(ids).map(async (id) => {
        const d = await ended(id);
        return [d.endReason, d.outcome];
      }),
    );
    assert.deepEqual(
      outcomes,
      [
        ['busy', 'busy'],
        ['no_answer', 'no_answer'],
        ['voicemail', 'voicemail'],
        ['failed', 'failed'],
      ],
      'answered but never streamed is a failure, not no answer',
    );
    const machine = [...tw.phones.values()].find((p) => p.to === '+14155550132')!;
    assert.equal(machine.answeredBy, 'machine_end_beep');
    await waitUntil(
      'the voicemail call is hung up through the REST API',
      () => tw.requests.find((x) => x.path.endsWith(`/Calls/${machine.sid}.json`)) ?? null,
    );
  });
});

describe('Twilio without credentials', () => {
  let s: StartedServer;
  before(async () => {
    s = await startServer({ env: { LIVESPACE_TTS: 'none' } });
  });
  after(async () => {
    await s?.stop();
  });

  it('answers 503 on every Twilio endpoint, naming what is missing', async () => {
    for (const path of ['/webhooks/twilio/voice', '/webhooks/twilio/status']) {
      const r = await fetch(`${s.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'CallSid=CA1',
      });
      assert.equal(r.status, 503);
      const body = (await r.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'twilio_not_configured');
      assert.match(body.error.message, /TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, PUBLIC_URL/);
    }
    assert.equal(await upgradeStatus(`${s.url.replace('http', 'ws')}/webhooks/twilio/media`), 503);
  });
});
