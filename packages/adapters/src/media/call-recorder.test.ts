import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, truncate, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CallMedia } from './call-mixer';
import { CallRecorder } from './call-recorder';
import { DiskSyncs } from './disk-syncs';
import { parseWav } from './wav';
import { readWavChannels, rms, WAV_HEADER_BYTES } from './wav-stereo';
import { LocalMediaPlane } from './local-media-plane';
import { WorkerMediaPlane } from './worker-media-plane';
import { MediaClock } from './media-clock';
import { ManualClock, tone } from './testing/media-fixtures';

const dir = await mkdtemp(join(tmpdir(), 'livespace-rec-'));
after(() => rm(dir, { recursive: true, force: true }));

/** RMS of one channel over ticks [from, to). */
const level = (ch: Int16Array, fromTick: number, toTick: number) => rms(ch, fromTick * 160, toTick * 160);

test('stereo layout: the caller lands on the left, the AI and a person on the right, silence where nobody speaks', async () => {
  const clock = new ManualClock();
  const media = new CallMedia({ clock, recorder: { flushEveryFrames: 5, firstFlushAfterFrames: 5 } });
  const path = join(dir, 'nested', 'layout.wav');
  const done = media.record(path);
  assert.equal(clock.handlers.size, 1, 'a recorded call stays on the clock, silent or not');
  clock.advance(3); // silence
  void media.play('caller', tone(10, 8000));
  clock.advance(10); // ticks 3–12: the caller
  void media.play('ai', tone(10, 8000, 600));
  clock.advance(10); // 13–22: the AI
  void media.play('human', tone(10, 8000, 300));
  clock.advance(10); // 23–32: a person (barge or takeover)
  clock.advance(2);
  media.close();
  const result = await done;
  assert.equal(result.durationMs, 35 * 20);
  const bytes = await readFile(path);
  assert.equal(result.bytes, bytes.length);
  assert.equal(bytes.length, WAV_HEADER_BYTES + 35 * 640);
  const wav = readWavChannels(bytes);
  assert.equal(wav.sampleRate, 8000);
  assert.equal(wav.channels.length, 2);
  const [left, right] = wav.channels as [Int16Array, Int16Array];
  assert.equal(level(left, 0, 3) + level(right, 0, 3), 0, 'silence first');
  assert.ok(level(left, 3, 13) > 4000, 'the caller is on the left');
  assert.equal(level(right, 3, 13), 0, 'and not on the right');
  assert.ok(level(right, 13, 23) > 4000, 'the AI is on the right');
  assert.equal(level(left, 13, 23), 0, 'and not on the left');
  assert.ok(level(right, 23, 33) > 4000, 'a person is on the right too');
  assert.equal(level(left, 23, 33), 0);
  // Any player reads it: the repository's own WAV reader too (down-mixed).
  assert.equal(parseWav(bytes).channels, 2);
});

test('the AI and a person speaking at once are mixed on the right', async () => {
  const clock = new ManualClock();
  const media = new CallMedia({ clock, recorder: { flushEveryFrames: 5, firstFlushAfterFrames: 5 } });
  const path = join(dir, 'mix.wav');
  const done = media.record(path);
  void media.play('ai', tone(5, 6000, 400));
  void media.play('human', tone(5, 6000, 400));
  clock.advance(5);
  media.close();
  await done;
  const [left, right] = readWavChannels(await readFile(path)).channels as [Int16Array, Int16Array];
  assert.equal(level(left, 0, 5), 0);
  assert.ok(level(right, 0, 5) > (1.7 * 6000) / Math.SQRT2, 'both voices add up');
});

test('the header says the right sizes after each append', async () => {
  const path = join(dir, 'header.wav');
  const rec = new CallRecorder(path, { flushEveryFrames: 5, firstFlushAfterFrames: 5 });
  const caller = tone(1, 5000)[0]!;
  for (let i = 0; i < 5; i++) rec.push(caller, undefined, undefined);
  await rec.settled();
  let bytes = await readFile(path);
  assert.equal(bytes.length, WAV_HEADER_BYTES + 5 * 640);
  assert.equal(readWavChannels(bytes).declaredDataBytes, 5 * 640);
  assert.equal(bytes.readUInt32LE(4), 36 + 5 * 640, 'RIFF size');
  for (let i = 0; i < 7; i++) rec.push(undefined, caller, undefined);
  await rec.settled();
  bytes = await readFile(path);
  assert.equal(
    readWavChannels(bytes).declaredDataBytes,
    10 * 640,
    'the 2 ticks after the second append wait in memory',
  );
  assert.equal(bytes.length, WAV_HEADER_BYTES + 10 * 640);
  const result = await rec.finish();
  assert.deepEqual(result, { bytes: WAV_HEADER_BYTES + 12 * 640, durationMs: 240 });
  bytes = await readFile(path);
  assert.equal(readWavChannels(bytes).declaredDataBytes, 12 * 640);
  assert.equal(bytes.readUInt32LE(4), 36 + 12 * 640);
});

test('every few appends the file is synced to the disk, after its header', async () => {
  const path = join(dir, 'synced.wav');
  const syncs = new DiskSyncs();
  const rec = new CallRecorder(path, { flushEveryFrames: 5, firstFlushAfterFrames: 5, syncEveryFlushes: 2, syncs });
  const caller = tone(1, 5000)[0]!;
  const syncedAt: number[] = [];
  for (let append = 1; append <= 5; append++) {
    for (let i = 0; i < 5; i++) rec.push(caller, undefined, undefined);
    await rec.settled();
    syncedAt.push(rec.syncs);
  }
  assert.deepEqual(syncedAt, [0, 1, 1, 2, 2], 'a sync after every second append');
  assert.equal(syncs.done, 2);
  // 5 appends at once: the first sync asked for starts at once (the queue is idle); the file asks again while it
  // runs and waits once, however many appends come meanwhile: one more sync covers them all.
  for (let i = 0; i < 5 * 5; i++) rec.push(caller, undefined, undefined);
  await rec.settled();
  assert.equal(rec.syncs, 4);
  const result = await rec.finish();
  assert.equal(result.bytes, WAV_HEADER_BYTES + 50 * 640);
  assert.equal(readWavChannels(await readFile(path)).declaredDataBytes, 50 * 640);
});

test('by default a recording is appended and synced every ~2 s of audio', async () => {
  const path = join(dir, 'synced-default.wav');
  const rec = new CallRecorder(path, { firstFlushAfterFrames: 100 });
  const appended: number[] = [];
  for (let second = 0; second < 6; second++) {
    for (let i = 0; i < 50; i++) rec.push(undefined, undefined, undefined);
    await rec.settled();
    appended.push(rec.flushes);
  }
  assert.deepEqual(appended, [0, 1, 1, 2, 2, 3], 'appended every 2 s');
  assert.equal(rec.syncs, 3, 'and synced after each append');
  await rec.finish();
});

test('a file left by a crash (never finished, cut anywhere) still parses', async () => {
  const path = join(dir, 'crash.wav');
  const rec = new CallRecorder(path, { flushEveryFrames: 5, firstFlushAfterFrames: 5 });
  const caller = tone(1, 5000)[0]!;
  for (let i = 0; i < 13; i++) rec.push(caller, undefined, undefined);
  await rec.abandon(); // the process "dies" here: 3 ticks were in memory, the file is never finished
  const size = (await stat(path)).size;
  assert.equal(size, WAV_HEADER_BYTES + 10 * 640);
  let wav = readWavChannels(await readFile(path));
  assert.equal(wav.channels[0]!.length, 10 * 160);
  // Died between the samples and the header: more bytes than the header says.
  await appendFile(path, new Uint8Array(333));
  wav = readWavChannels(await readFile(path));
  assert.equal(wav.channels[0]!.length, 10 * 160);
  assert.equal(parseWav(await readFile(path)).samples.length, 10 * 160);
  // Cut in the middle of an append (a disk that filled up): fewer bytes than the header says.
  await truncate(path, WAV_HEADER_BYTES + 7 * 640 + 3);
  wav = readWavChannels(await readFile(path));
  assert.equal(wav.channels[0]!.length, 7 * 160);
  assert.ok(level(wav.channels[0]!, 0, 7) > 3000);
  assert.equal(parseWav(await readFile(path)).samples.length, 7 * 160);
});

test('recording in the in-thread plane and in a worker thread gives the same layout', async () => {
  for (const [name, plane] of [
    ['local', new LocalMediaPlane(new MediaClock())],
    ['worker', new WorkerMediaPlane()],
  ] as const) {
    const audio = plane.open();
    const path = join(dir, `${name}.wav`);
    const done = audio.record(path);
    await audio.play('caller', tone(10, 8000));
    await audio.play('ai', tone(10, 8000));
    audio.close();
    const result = await done;
    const wav = readWavChannels(await readFile(path));
    assert.equal(result.bytes, (await stat(path)).size, name);
    assert.ok(result.durationMs >= 400, `${name}: ${result.durationMs} ms`);
    const [left, right] = wav.channels as [Int16Array, Int16Array];
    const ticks = left.length / 160;
    let leftLoud = 0;
    let rightLoud = 0;
    for (let t = 0; t < ticks; t++) {
      if (level(left, t, t + 1) > 3000) {
        leftLoud++;
        assert.equal(level(right, t, t + 1), 0, `${name}: the caller only on the left`);
      }
      if (level(right, t, t + 1) > 3000) {
        rightLoud++;
        assert.equal(level(left, t, t + 1), 0, `${name}: the AI only on the right`);
      }
    }
    assert.equal(leftLoud, 10, name);
    assert.equal(rightLoud, 10, name);
    await plane.close();
  }
});
