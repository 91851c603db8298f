import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { feed, needsEspeak, recorder, silence, sleep, speak, until } from '../media/testing/speech-fixtures';
import { SILENCE_FRAME } from '../media/mulaw';
import { DeepgramStandIn } from './testing/deepgram.stand-in';
import { DeepgramStt } from './deepgram.stt';

const KEY = 'dg-test-key';
const standIn = new DeepgramStandIn({ apiKey: KEY });
let url: string;
let stt: DeepgramStt;

before(async () => {
  url = await standIn.start();
  stt = new DeepgramStt({ apiKey: KEY, url });
});
after(async () => {
  await stt.close();
  await standIn.stop();
});

test('two utterances give two finals in order, each after partials revealing its words; the query asks for 8 kHz μ-law', async (t) => {
  if (!needsEspeak(t)) return;
  const texts = ['I would like to pay my bill', 'what is my balance'];
  standIn.expect(...texts);
  const audio = [...silence(10), ...speak(texts[0]!), ...silence(50), ...speak(texts[1]!), ...silence(50)];
  const rec = recorder();
  const stream = stt.open(rec.handlers, { language: 'en-GB' });
  await feed(stream, audio);
  await until(() => rec.finals.length === 2, 'two finals');
  assert.deepEqual(rec.finals, texts);
  assert.deepEqual(rec.errors, []);
  // Before each final: partials that grow word by word, each a beginning of that final.
  let from = 0;
  for (const text of texts) {
    const end = rec.events.indexOf(`final:${text}`, from);
    const partials = rec.events.slice(from, end).map((e) => e.replace(/^partial:/, ''));
    assert.ok(partials.length >= 2, `partials before '${text}': ${JSON.stringify(partials)}`);
    for (const [i, p] of partials.entries()) {
      assert.ok(text.startsWith(p), `'${p}' begins '${text}'`);
      if (i > 0) assert.ok(p.split(' ').length > partials[i - 1]!.split(' ').length);
    }
    from = end + 1;
  }
  const conn = standIn.connections.at(-1)!;
  assert.equal(standIn.connections.length, 1);
  assert.deepEqual(
    { ...conn.query },
    {
      encoding: 'mulaw',
      sample_rate: '8000',
      channels: '1',
      interim_results: 'true',
      punctuate: 'true',
      smart_format: 'true',
      endpointing: '300',
      utterance_end_ms: '1000',
      vad_events: 'true',
      model: 'nova-2-phonecall',
      language: 'en-GB',
    },
  );
  stream.close();
  await until(() => conn.closed, 'the socket to close');
  assert.equal(conn.bytes, audio.length * 160, 'every frame arrived, those written while connecting too');
  assert.equal(conn.closeStream, true);
  assert.equal(rec.finals.length, 2);
});

test('long speech finalized in segments comes back as one final with all its words', async (t) => {
  if (!needsEspeak(t)) return;
  const segmenting = new DeepgramStandIn({ apiKey: KEY, segmentWords: 3 });
  const text = 'please send the invoice to my office address today';
  segmenting.expect(text);
  const local = new DeepgramStt({ apiKey: KEY, url: await segmenting.start() });
  try {
    const rec = recorder();
    const stream = local.open(rec.handlers);
    await feed(stream, [...speak(text), ...silence(40)]);
    await until(() => rec.finals.length === 1, 'the final');
    assert.deepEqual(rec.finals, [text]);
    // A partial after the first segment carries that segment plus the interim words.
    assert.ok(
      rec.events.some((e) => e.startsWith('partial:please send the invoice ')),
      JSON.stringify(rec.events),
    );
  } finally {
    await local.close();
    await segmenting.stop();
  }
});

test('a wrong key: one clear error without the key, no final, no retry', async (t) => {
  if (!needsEspeak(t)) return;
  const rejectedBefore = standIn.rejected;
  const secret = 'wrong-secret-key-123';
  const bad = new DeepgramStt({ apiKey: secret, url });
  const rec = recorder();
  const stream = bad.open(rec.handlers);
  await feed(stream, [...speak('hello there'), ...silence(30)]);
  await until(() => rec.errors.length > 0, 'the error');
  await sleep(700); // long enough for two retries, if there were any
  assert.equal(rec.errors.length, 1);
  assert.match(rec.errors[0]!.message, /^Deepgram refused the connection with HTTP 401: check the API key$/);
  assert.ok(!rec.errors[0]!.message.includes(secret));
  assert.deepEqual(rec.finals, []);
  assert.equal(standIn.rejected - rejectedBefore, 1);
  stream.write(SILENCE_FRAME);
  await bad.close();
});

test('an HTTP 503 on the upgrade is retried; the audio spoken meanwhile is sent once connected', async (t) => {
  if (!needsEspeak(t)) return;
  const before = standIn.connections.length;
  standIn.rejectConnections(503);
  const rec = recorder();
  const stream = stt.open(rec.handlers);
  await until(() => rec.errors.length > 0, 'the error');
  assert.match(rec.errors[0]!.message, /HTTP 503/);
  standIn.expect('after the outage');
  await feed(stream, [...speak('after the outage'), ...silence(30)]);
  standIn.rejectConnections(null);
  await until(() => rec.finals.length === 1, 'the final', 8000);
  assert.deepEqual(rec.finals, ['after the outage']);
  assert.equal(standIn.connections.length - before, 1);
  stream.close();
});

test('the server dropping the connection mid-call: an error, a reconnect, and the next utterance still arrives final', async (t) => {
  if (!needsEspeak(t)) return;
  const before = standIn.connections.length;
  standIn.expect('cut off by the drop', 'after the drop');
  standIn.dropAfterFrames(25);
  const rec = recorder();
  const stream = stt.open(rec.handlers);
  const first = speak('cut off by the drop');
  await feed(stream, [...silence(5), ...first.slice(0, 20)]); // the drop comes while this is spoken
  await until(() => rec.errors.length > 0, 'the error');
  assert.match(rec.errors[0]!.message, /^the connection to Deepgram was lost \(code 1006\)$/);
  assert.equal(standIn.connections[before]!.closed, true);
  await feed(stream, [...speak('after the drop'), ...silence(30)]);
  await until(() => rec.finals.length === 1, 'the final');
  assert.deepEqual(rec.finals, ['after the drop']);
  assert.equal(standIn.connections.length - before, 2);
  assert.equal(rec.errors.length, 1);
  stream.close();
});

test('close() reports the utterance still being spoken; write() and close() after it are harmless', async (t) => {
  if (!needsEspeak(t)) return;
  standIn.expect('pending words at the end');
  const rec = recorder();
  const stream = stt.open(rec.handlers);
  await feed(stream, [...silence(5), ...speak('pending words at the end')]); // no silence after: not ended yet
  await until(() => rec.events.some((e) => e.startsWith('partial:')), 'a partial');
  assert.deepEqual(rec.finals, []);
  const t0 = Date.now();
  stream.close();
  await until(() => rec.finals.length === 1, 'the final');
  assert.ok(Date.now() - t0 < 1000, 'the server answered CloseStream; the 1.5 s limit was not needed');
  assert.deepEqual(rec.finals, ['pending words at the end']);
  const conn = standIn.connections.at(-1)!;
  await until(() => conn.closed, 'the socket to close');
  const bytes = conn.bytes;
  const events = rec.events.length;
  for (let i = 0; i < 20; i++) stream.write(SILENCE_FRAME);
  stream.close();
  await sleep(100);
  assert.equal(conn.bytes, bytes);
  assert.equal(rec.events.length, events);
  assert.deepEqual(rec.errors, []);
});

test('audio written while connecting is buffered up to the last 10 s', async (t) => {
  if (!needsEspeak(t)) return;
  const utterances = standIn.utterances.length;
  const before = standIn.connections.length;
  const speech = speak('this part is dropped');
  assert.ok(speech.length < 100);
  const rec = recorder();
  const stream = stt.open(rec.handlers);
  for (const f of [...speech, ...silence(600 - speech.length)]) stream.write(f); // 12 s before the socket opens
  stream.close();
  await until(() => standIn.connections[before]?.closed === true, 'the stream to end');
  const conn = standIn.connections[before]!;
  assert.equal(conn.closeStream, true);
  assert.equal(conn.bytes, 500 * 160);
  assert.equal(standIn.utterances.length, utterances, 'the oldest 2 s, with the speech, were dropped');
  assert.deepEqual(rec.finals, []);
});

test('KeepAlive goes out while no audio is sent', async () => {
  const local = new DeepgramStt({ apiKey: KEY, url, keepAliveMs: 100 });
  const rec = recorder();
  const stream = local.open(rec.handlers);
  stream.write(SILENCE_FRAME);
  await until(() => (standIn.connections.at(-1)?.keepAlives ?? 0) >= 3, 'three KeepAlives', 3000);
  assert.deepEqual(rec.errors, []);
  await local.close();
});

test('connection refused and connect timeout are reported in a sentence, and retried', async () => {
  // Refused: a port nobody listens on.
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as { port: number }).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const refused = recorder();
  const a = new DeepgramStt({ apiKey: KEY, url: `ws://127.0.0.1:${port}/v1/listen` });
  a.open(refused.handlers);
  await until(() => refused.errors.length >= 2, 'two refused attempts');
  assert.equal(refused.errors[0]!.message, 'Deepgram could not be reached: connection refused');
  await a.close();

  // Timeout: a server that takes the TCP connection and never answers the upgrade.
  const sockets: Socket[] = [];
  const mute = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r));
  const slow = recorder();
  const b = new DeepgramStt({
    apiKey: KEY,
    url: `ws://127.0.0.1:${(mute.address() as { port: number }).port}/v1/listen`,
    connectTimeoutMs: 200,
  });
  b.open(slow.handlers);
  await until(() => slow.errors.length >= 1, 'the timeout');
  assert.equal(slow.errors[0]!.message, 'Deepgram did not accept the connection within 200 ms');
  await until(() => sockets.length >= 2, 'a second attempt');
  const t0 = Date.now();
  await b.close();
  assert.ok(Date.now() - t0 < 1600);
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => mute.close(() => r()));
});
