/**
 * Both recording stores, the folder and an S3-compatible bucket (a real local S3 server from npm, s3rver, on a free
 * port): a spooled call is finished and kept, read whole and by byte range (416 past the end), listed when a crash
 * left it in the spool, and erased.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { RangeNotSatisfiable, type RecordingStore } from '@livespace/app/ports/index';
import { CallRecorder } from '../media/call-recorder';
import { encodeMulaw } from '../media/mulaw';
import { readWavChannels } from '../media/wav-stereo';
import { FolderRecordingStore } from '../recordings-folder/folder.recordings';
import { S3RecordingStore } from './s3.recordings';

interface S3rverLike {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (opts: object) => S3rverLike;

const root = await mkdtemp(join(tmpdir(), 'livespace-recstores-'));
let s3server: S3rverLike;
let endpoint = '';

before(async () => {
  s3server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: join(root, 's3'),
    configureBuckets: [{ name: 'calls' }],
  });
  const { port } = await s3server.run();
  endpoint = `http://127.0.0.1:${port}`;
});
after(async () => {
  await s3server.close();
  await rm(root, { recursive: true, force: true });
});

/** A short call spooled as the plane writes it: `ticks` ticks, the caller loud on every one. */
async function spool(store: RecordingStore, sessionId: string, ticks: number, finish = true) {
  const rec = new CallRecorder(store.spoolPath(sessionId), { flushEveryFrames: 10, firstFlushAfterFrames: 10 });
  const frame = encodeMulaw(Int16Array.from({ length: 160 }, (_, i) => Math.round(6000 * Math.sin(i / 3))));
  for (let i = 0; i < ticks; i++) rec.push(frame, undefined, undefined);
  if (finish) return rec.finish();
  await rec.abandon();
  return null;
}

const stores: Array<[string, () => RecordingStore]> = [
  ['folder', () => new FolderRecordingStore(join(root, 'folder'))],
  [
    's3',
    () =>
      new S3RecordingStore({
        bucket: 'calls',
        endpoint,
        region: 'us-east-1',
        spoolDir: join(root, 's3-spool'),
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      }),
  ],
];

for (const [name, make] of stores) {
  describe(`${name} recording store`, () => {
    let store: RecordingStore;
    before(() => {
      store = make();
    });
    after(() => {
      (store as { close?: () => void }).close?.();
    });

    it('keeps a finished call and reads it whole and by range', async () => {
      const result = (await spool(store, 'ses_whole', 25))!;
      assert.equal(result.durationMs, 500);
      const spooled = await readFile(store.spoolPath('ses_whole'));
      const { location } = await store.finish('ses_whole', result);
      assert.ok(
        name === 's3' ? location === 's3://calls/recordings/ses_whole.wav' : location.endsWith('ses_whole.wav'),
        location,
      );
      await assert.rejects(stat(store.spoolPath('ses_whole')), /ENOENT/, 'the spool file is gone once kept');
      const whole = (await store.open('ses_whole'))!;
      assert.equal(whole.size, result.bytes);
      const bytes = Buffer.from(await new Response(whole.stream as unknown as ReadableStream).arrayBuffer());
      assert.deepEqual(bytes, spooled, 'the same bytes');
      assert.equal(readWavChannels(bytes).channels[0]!.length, 25 * 160);

      const part = (await store.open('ses_whole', { start: 10, end: 19 }))!;
      assert.deepEqual(part.range, { start: 10, end: 19 });
      assert.equal(part.size, result.bytes);
      assert.deepEqual(
        Buffer.from(await new Response(part.stream as unknown as ReadableStream).arrayBuffer()),
        spooled.subarray(10, 20),
      );
      const tail = (await store.open('ses_whole', { start: result.bytes - 5, end: result.bytes + 100 }))!;
      assert.deepEqual(tail.range, { start: result.bytes - 5, end: result.bytes - 1 }, 'the end is clamped');
      assert.equal((await text(tail.stream)).length, 5);
      await assert.rejects(
        store.open('ses_whole', { start: result.bytes }),
        (err) => err instanceof RangeNotSatisfiable && err.size === result.bytes,
      );
    });

    it('answers null for a session without a recording', async () => {
      assert.equal(await store.open('ses_none'), null);
    });

    it('lists a spool file a crash left, with what it holds, and finishes it like any other', async () => {
      await spool(store, 'ses_crash', 35, false); // 30 ticks appended, 5 lost in memory
      const left = await store.unfinished();
      assert.deepEqual(left, [{ sessionId: 'ses_crash', result: { bytes: 44 + 30 * 640, durationMs: 600 } }]);
      await store.finish('ses_crash', left[0]!.result);
      assert.deepEqual(await store.unfinished(), []);
      const body = (await store.open('ses_crash'))!;
      assert.equal(body.size, 44 + 30 * 640);
      body.stream.destroy();
    });

    it('erases a recording, kept or spooled', async () => {
      await store.erase('ses_whole');
      assert.equal(await store.open('ses_whole'), null);
      await spool(store, 'ses_live', 5, false);
      await store.erase('ses_live');
      assert.deepEqual(await store.unfinished(), []);
      await store.erase('ses_never'); // nothing there: no error
    });
  });
}
