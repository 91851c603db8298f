/**
 * Call recordings on the real server, with simulated voice calls speaking real synthesized audio: an ended call has a
 * playable stereo WAV (the caller's speech on the left, the AI's on the right, a barge on the right), byte ranges
 * (206, 416), 404 without one (message sessions, unknown ones), 403 for a human agent who did not handle the call;
 * LIVESPACE_RECORDING=off and an agent's `recording: false` record nothing (and `recording: true` overrides off); a
 * crash mid-call leaves a file that is finished at the next start; and with an S3 bucket (a real local S3 server,
 * s3rver) the same file is uploaded and served from there. On the embedded database, and on PostgreSQL too when
 * DATABASE_URL is set.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readWavChannels, rms } from '../../packages/adapters/src/media/wav-stereo';
import { startServer, type StartedServer } from '../support/start-server';
import { waitUntil } from '../support/wait';

type Line = { speaker: string; text: string; at: string; partial?: boolean; barge?: boolean };
type Detail = {
  id: string;
  state: string;
  recorded?: boolean;
  transcript: Line[];
  recording?: { status: string; startedAt: string; durationMs: number; bytes: number } | null;
};

interface S3rverLike {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (opts: object) => S3rverLike;

const engines = process.env.DATABASE_URL
  ? ([
      ['PGlite', true],
      ['PostgreSQL', false],
    ] as const)
  : ([['PGlite', true]] as const);

/** Helpers bound to one server. */
function client(s: StartedServer) {
  const tokens: Record<string, string> = {};
  const as = (who?: string) => (who ? { headers: { authorization: `Bearer ${tokens[who]}` } } : {});
  const post = (path: string, json?: unknown, who?: string) =>
    s.api(path, { method: 'POST', ...(json === undefined ? {} : { json }), ...as(who) });
  const detail = async (id: string) => (await (await s.api(`/api/sessions/${id}`)).json()) as Detail;
  const said = (id: string, speaker: string, re: RegExp) =>
    waitUntil(
      `${speaker} to say ${re}`,
      async () => (await detail(id)).transcript.find((l) => l.speaker === speaker && !l.partial && re.test(l.text)),
      30_000,
    );
  const ended = (id: string) =>
    waitUntil(`session ${id} to end`, async () => (await detail(id)).state === 'ended', 30_000);
  const call = async (agentId: string, opts: { channel?: string } = {}) => {
    const r = await post('/api/simulator/calls', {
      persona: 'manual',
      agentId,
      ...(opts.channel ? { channel: opts.channel } : {}),
    });
    assert.equal(r.status, 201, await r.clone().text());
    return ((await r.json()) as { sessionId: string }).sessionId;
  };
  /** The recording once it is ready (the call ended a moment ago). */
  const recording = async (id: string, who?: string) => {
    await waitUntil(
      `the recording of ${id} to be ready`,
      async () => (await detail(id)).recording?.status === 'ready',
      15_000,
    );
    const r = await s.api(`/api/sessions/${id}/recording`, as(who));
    assert.equal(r.status, 200, await r.clone().text());
    return { res: r, bytes: new Uint8Array(await r.arrayBuffer()) };
  };
  /** Until the virtual caller has heard `n` lines to their end (the AI is silent after). */
  const heardLines = (id: string, n = 1) =>
    waitUntil(
      `the caller to hear ${n} line(s)`,
      async () =>
        ((await (await s.api(`/api/simulator/calls/${id}`)).json()) as { heard: unknown[] }).heard.length >= n,
      30_000,
    );
  const agents = async () =>
    ((await (await s.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> }).items;
  /** A copy of an existing agent with its own `recording` choice. */
  const agentWith = async (fromId: string, name: string, recordingOn: boolean) => {
    const base = (await (await s.api(`/api/agents/${fromId}`)).json()) as Record<string, unknown>;
    const r = await post('/api/agents', {
      name,
      description: base.description,
      voice: base.voice,
      flow: base.flow,
      recording: recordingOn,
    });
    assert.equal(r.status, 201, await r.clone().text());
    return ((await r.json()) as { id: string }).id;
  };
  return { tokens, as, post, detail, said, ended, call, recording, agents, agentWith, heardLines };
}

/** Which 20 ms ticks of a channel carry sound. */
const loudTicks = (ch: Int16Array, from = 0, to = ch.length / 160) => {
  let n = 0;
  for (let t = Math.max(0, Math.floor(from)); t < Math.min(to, ch.length / 160); t++)
    if (rms(ch, t * 160, (t + 1) * 160) > 300) n++;
  return n;
};
const tickOf = (at: string, startedAt: string) => (Date.parse(at) - Date.parse(startedAt)) / 20;

for (const [engine, embedded] of engines) {
  describe(`recordings (${engine})`, () => {
    let s: StartedServer;
    let c: ReturnType<typeof client>;
    let collections: string;
    const ids: Record<string, string> = {};

    before(async () => {
      s = await startServer({ embedded, env: { LIVESPACE_SIM_RING_MS: '200' } });
      c = client(s);
      collections = (await c.agents()).find((a) => /Collections/.test(a.name))!.id;
      for (const [key, name, role] of [
        ['ava', 'Ava', 'agent'],
        ['ben', 'Ben', 'agent'],
        ['sue', 'Sue', 'supervisor'],
      ] as const) {
        const r = await c.post('/api/users', {
          email: `${key}@test.local`,
          name,
          password: `${key}-password-long`,
          role,
          queues: ['collections'],
        });
        assert.equal(r.status, 201, await r.clone().text());
        c.tokens[key] = await s.login(`${key}@test.local`, `${key}-password-long`);
      }
    });
    after(async () => {
      await s?.stop();
    });

    it('an ended call has a playable stereo WAV: the caller on the left, the AI on the right', async () => {
      // An agent that asks one question and waits: the caller then speaks alone, and the AI answers after.
      const r = await c.post('/api/agents', {
        name: 'One question',
        flow: {
          start: 'ask',
          nodes: {
            ask: {
              type: 'ask',
              prompt: 'Hello, how can I help you today?',
              intents: [{ name: 'any', when: { regex: '.' }, next: 'bye' }],
            },
            bye: { type: 'end', say: 'Thank you, we will look into it. Goodbye.' },
          },
        },
      });
      assert.equal(r.status, 201, await r.clone().text());
      const id = (ids.plain = await c.call(((await r.json()) as { id: string }).id));
      const greeting = await c.said(id, 'ai', /./);
      assert.equal((await c.detail(id)).recorded, true, 'the session says it is recorded from the start');
      const live = await s.api(`/api/sessions/${id}/recording`);
      assert.equal(live.status, 409, 'still recording');
      await c.heardLines(id); // the question is over
      await c.post(`/api/simulator/calls/${id}/say`, { text: 'My invoice number is four five six and it is wrong' });
      const callerLine = await c.said(id, 'caller', /invoice/);
      await c.ended(id); // the AI says goodbye and hangs up
      const { res, bytes } = await c.recording(id);
      assert.equal(res.headers.get('content-type'), 'audio/wav');
      assert.equal(res.headers.get('accept-ranges'), 'bytes');
      assert.equal(Number(res.headers.get('content-length')), bytes.length);
      const d = await c.detail(id);
      assert.equal(d.recording!.bytes, bytes.length);
      assert.ok(d.recording!.durationMs > 2000, `${d.recording!.durationMs} ms`);
      const wav = readWavChannels(bytes);
      assert.equal(wav.sampleRate, 8000);
      assert.equal(wav.channels.length, 2);
      assert.equal(wav.declaredDataBytes, bytes.length - 44, 'a finished file: the header says every byte');
      const [left, right] = wav.channels as [Int16Array, Int16Array];
      const start = d.recording!.startedAt;
      // The caller spoke on the left, the AI never at the same time (on the right).
      const ticks = left.length / 160;
      const leftLoud: number[] = [];
      for (let t = 0; t < ticks; t++) if (loudTicks(left, t, t + 1)) leftLoud.push(t);
      assert.ok(leftLoud.length > 50, `the caller speaks on the left (${leftLoud.length} ticks)`);
      const both = leftLoud.filter((t) => loudTicks(right, t, t + 1)).length;
      assert.ok(both <= 2, `and the right is silent meanwhile (${both} of ${leftLoud.length} ticks loud on both)`);
      const callerAt = tickOf(callerLine.at, start);
      assert.ok(Math.abs(leftLoud[0]! - callerAt) < 400, `where the transcript says (${leftLoud[0]} ≈ ${callerAt})`);
      // The greeting came first: the AI on the right, before the caller said anything.
      assert.ok(loudTicks(right, 0, leftLoud[0]!) > 25, 'the AI speaks on the right');
      assert.ok(tickOf(greeting.at, start) < leftLoud[0]!, "the greeting is before the caller's line");
    });

    it('a barge is on the right channel', async () => {
      const id = await c.call(collections);
      await c.said(id, 'ai', /./);
      await new Promise((r) => setTimeout(r, 2500));
      assert.equal(
        (await c.post(`/api/sessions/${id}/barge`, { text: 'Please hold, a supervisor is joining the call now.' }))
          .status,
        200,
      );
      const barge = await waitUntil('the barge line', async () =>
        (await c.detail(id)).transcript.find((l) => l.barge && !l.partial),
      );
      await new Promise((r) => setTimeout(r, 3000));
      await c.post(`/api/simulator/calls/${id}/hangup`);
      await c.ended(id);
      const { bytes } = await c.recording(id);
      const d = await c.detail(id);
      const [left, right] = readWavChannels(bytes).channels as [Int16Array, Int16Array];
      const at = tickOf(barge.at, d.recording!.startedAt);
      assert.ok(loudTicks(right, at - 5, at + 100) > 30, 'the barge is heard on the right');
      assert.equal(loudTicks(left), 0, 'the caller said nothing');
    });

    it('byte ranges: 206 with Content-Range, 416 past the end, and a download', async () => {
      const id = ids.plain!;
      const whole = (await c.recording(id)).bytes;
      const r = await s.api(`/api/sessions/${id}/recording`, { headers: { range: 'bytes=100-199' } });
      assert.equal(r.status, 206);
      assert.equal(r.headers.get('content-range'), `bytes 100-199/${whole.length}`);
      assert.deepEqual(new Uint8Array(await r.arrayBuffer()), whole.subarray(100, 200));
      const open = await s.api(`/api/sessions/${id}/recording`, { headers: { range: 'bytes=44-' } });
      assert.equal(open.status, 206);
      assert.equal(open.headers.get('content-range'), `bytes 44-${whole.length - 1}/${whole.length}`);
      assert.equal((await open.arrayBuffer()).byteLength, whole.length - 44);
      const suffix = await s.api(`/api/sessions/${id}/recording`, { headers: { range: 'bytes=-10' } });
      assert.equal(suffix.status, 206);
      assert.deepEqual(new Uint8Array(await suffix.arrayBuffer()), whole.subarray(whole.length - 10));
      const beyond = await s.api(`/api/sessions/${id}/recording`, { headers: { range: `bytes=${whole.length}-` } });
      assert.equal(beyond.status, 416);
      assert.equal(beyond.headers.get('content-range'), `bytes */${whole.length}`);
      const download = await s.api(`/api/sessions/${id}/recording?download=1`);
      assert.match(
        download.headers.get('content-disposition') ?? '',
        /^attachment; filename="recording-ses_\w+\.wav"$/,
      );
      await download.arrayBuffer();
    });

    it('404 without a recording: a message session, an unknown session', async () => {
      const sms = await c.call(collections, { channel: 'sms' });
      await c.said(sms, 'ai', /./);
      await c.post(`/api/simulator/calls/${sms}/hangup`);
      await c.ended(sms);
      assert.ok(!(await c.detail(sms)).recorded);
      assert.equal((await s.api(`/api/sessions/${sms}/recording`)).status, 404);
      assert.equal((await s.api('/api/sessions/ses_nothing_here/recording')).status, 404);
      assert.equal((await fetch(`${s.url}/api/sessions/${ids.plain}/recording`)).status, 401);
    });

    it('who may hear it: admins, supervisors, the human agent who handled the call; not another agent', async () => {
      const id = await c.call(collections);
      await c.said(id, 'ai', /./);
      assert.equal(
        (await s.api('/api/presence/me', { method: 'PUT', json: { status: 'available' }, ...c.as('ava') })).status,
        200,
      );
      await c.post(`/api/simulator/calls/${id}/say`, { text: 'I want to speak to a real person please' });
      const escalation = await waitUntil(
        'the escalation',
        async () =>
          (
            (await (await s.api('/api/escalations?status=waiting')).json()) as {
              items: Array<{ id: string; sessionId: string }>;
            }
          ).items.find((e) => e.sessionId === id),
        30_000,
      );
      assert.equal((await c.post(`/api/escalations/${escalation.id}/claim`, undefined, 'ava')).status, 200);
      assert.equal(
        (await c.post(`/api/sessions/${id}/say`, { text: 'Hello, Ava here, how can I help' }, 'ava')).status,
        200,
      );
      await c.said(id, 'human', /Ava here/);
      await new Promise((r) => setTimeout(r, 2500));
      assert.equal(
        (await c.post(`/api/escalations/${escalation.id}/complete`, { resolution: 'resolved' }, 'ava')).status,
        200,
      );
      await c.ended(id);
      const { bytes } = await c.recording(id, 'ava');
      const d = await c.detail(id);
      const human = d.transcript.find((l) => l.speaker === 'human' && /Ava here/.test(l.text))!;
      const right = readWavChannels(bytes).channels[1]!;
      const at = tickOf(human.at, d.recording!.startedAt);
      assert.ok(loudTicks(right, at - 5, at + 100) > 25, 'the person who took the call is on the right');
      assert.equal((await s.api(`/api/sessions/${id}/recording`, c.as('sue'))).status, 200, 'a supervisor');
      assert.equal((await s.api(`/api/sessions/${id}/recording`, c.as('ben'))).status, 403, 'another human agent');
      assert.equal(
        (await s.api(`/api/sessions/${ids.plain}/recording`, c.as('ava'))).status,
        403,
        'a call Ava did not handle',
      );
    });

    it('an agent with recording: false records nothing', async () => {
      const quiet = await c.agentWith(collections, 'Quiet collections', false);
      const id = await c.call(quiet);
      await c.said(id, 'ai', /./);
      await c.post(`/api/simulator/calls/${id}/hangup`);
      await c.ended(id);
      const d = await c.detail(id);
      assert.ok(!d.recorded);
      assert.ok(!d.recording);
      assert.equal((await s.api(`/api/sessions/${id}/recording`)).status, 404);
    });

    it('a crash mid-call leaves a playable file, finished at the next start', async () => {
      const id = await c.call(collections);
      await c.said(id, 'ai', /./);
      // Appends come every 2 s, the first after a random 0–2 s: by 4.5 s at least two are on disk.
      await new Promise((r) => setTimeout(r, 4500));
      await s.kill();
      const spool = join(s.env.LIVESPACE_DATA_DIR!, 'recordings', 'spool');
      const left = await readFile(join(spool, `${id}.wav`));
      const crashed = readWavChannels(left);
      assert.ok(crashed.channels[0]!.length >= 2 * 8000, 'at least 2 s of audio survived the crash');
      await s.restart();
      assert.deepEqual(await readdir(spool), [], 'the spool file was kept at the start');
      const { bytes } = await c.recording(id);
      const wav = readWavChannels(bytes);
      assert.ok(loudTicks(wav.channels[1]!) > 25, 'the greeting is in it');
      assert.equal((await c.detail(id)).recording!.bytes, bytes.length);
    });
  });
}

describe('recordings switched off, and kept in an S3 bucket', () => {
  const root = { dir: '' };
  let s3server: S3rverLike;
  let endpoint = '';
  before(async () => {
    root.dir = await mkdtemp(join(tmpdir(), 'livespace-s3-'));
    s3server = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: root.dir,
      configureBuckets: [{ name: 'live-recordings' }],
    });
    endpoint = `http://127.0.0.1:${(await s3server.run()).port}`;
  });
  after(async () => {
    await s3server.close();
    await rm(root.dir, { recursive: true, force: true });
  });

  it('LIVESPACE_RECORDING=off records nothing, unless the agent says so', async () => {
    const s = await startServer({ embedded: true, env: { LIVESPACE_RECORDING: 'off', LIVESPACE_TTS: 'none' } });
    try {
      const c = client(s);
      const collections = (await c.agents()).find((a) => /Collections/.test(a.name))!.id;
      const id = await c.call(collections);
      await c.said(id, 'ai', /./);
      await c.post(`/api/simulator/calls/${id}/hangup`);
      await c.ended(id);
      assert.ok(!(await c.detail(id)).recorded);
      assert.equal((await s.api(`/api/sessions/${id}/recording`)).status, 404);
      const loud = await c.agentWith(collections, 'Recorded collections', true);
      const kept = await c.call(loud);
      await c.said(kept, 'ai', /./);
      await c.post(`/api/simulator/calls/${kept}/hangup`);
      await c.ended(kept);
      assert.equal((await c.detail(kept)).recorded, true);
      await c.recording(kept);
    } finally {
      await s.stop();
    }
  });

  it('with a bucket: the call is uploaded when it ends and served from there, ranges included', async () => {
    const s = await startServer({
      embedded: true,
      env: {
        LIVESPACE_RECORDING_S3_BUCKET: 'live-recordings',
        LIVESPACE_RECORDING_S3_ENDPOINT: endpoint,
        LIVESPACE_RECORDING_S3_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
      },
    });
    try {
      const c = client(s);
      const collections = (await c.agents()).find((a) => /Collections/.test(a.name))!.id;
      const id = await c.call(collections);
      await c.said(id, 'ai', /./);
      await c.heardLines(id);
      await c.post(`/api/simulator/calls/${id}/say`, { text: 'I would like to pay my bill' });
      await c.said(id, 'caller', /pay my bill/);
      await c.post(`/api/simulator/calls/${id}/hangup`);
      await c.ended(id);
      const { bytes } = await c.recording(id);
      const [left, right] = readWavChannels(bytes).channels as [Int16Array, Int16Array];
      assert.ok(loudTicks(left) > 25 && loudTicks(right) > 25, 'both voices');
      // The object in the bucket is the file served; the spool holds nothing.
      const object = await fetch(`${endpoint}/live-recordings/recordings/${id}.wav`);
      assert.equal(object.status, 200);
      assert.deepEqual(new Uint8Array(await object.arrayBuffer()), bytes);
      assert.deepEqual(await readdir(join(s.env.LIVESPACE_DATA_DIR!, 'recordings', 'spool')), []);
      const r = await s.api(`/api/sessions/${id}/recording`, { headers: { range: 'bytes=1000-1999' } });
      assert.equal(r.status, 206);
      assert.equal(r.headers.get('content-range'), `bytes 1000-1999/${bytes.length}`);
      assert.deepEqual(new Uint8Array(await r.arrayBuffer()), bytes.subarray(1000, 2000));
      assert.equal(
        (await s.api(`/api/sessions/${id}/recording`, { headers: { range: `bytes=${bytes.length + 5}-` } })).status,
        416,
      );
    } finally {
      await s.stop();
    }
  });
});
