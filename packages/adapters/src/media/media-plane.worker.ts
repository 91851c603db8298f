/**
 * A media plane thread: the 20 ms clock and every CallMedia of the calls given to it. It only talks to
 * the main thread by messages (media-plane-protocol.ts), so a busy main loop never makes a call's
 * audio late, and a tick here never waits for HTTP, the store or the WebSocket fan-out.
 */
import { parentPort } from 'node:worker_threads';
import { FRAME_BYTES } from '@livespace/app/ports/index';
import { CallMedia } from './call-mixer';
import { MediaClock } from './media-clock';
import type { PlaneBatch, PlaneCommand, PlaneEvent } from './media-plane-protocol';

const port = parentPort!;
const clock = new MediaClock();
const calls = new Map<number, CallMedia>();
const subscriptions = new Map<number, { call: number; off: () => void }>();

let events: PlaneEvent[] = [];
let subs: number[] = [];
let frames: Uint8Array[] = [];
let flushing = false;

function emit(e: PlaneEvent): void {
  events.push(e);
  scheduleFlush();
}

function scheduleFlush(): void {
  if (flushing) return;
  flushing = true;
  // After the clock's run (all catch-up ticks of this turn), one message for everything.
  setImmediate(flush);
}

function flush(): void {
  flushing = false;
  const batch: PlaneBatch = { events, subs };
  const transfer: ArrayBuffer[] = [];
  if (frames.length > 0) {
    const data = new Uint8Array(frames.length * FRAME_BYTES);
    frames.forEach((f, i) => data.set(f, i * FRAME_BYTES));
    batch.data = data;
    transfer.push(data.buffer);
  }
  events = [];
  subs = [];
  frames = [];
  port.postMessage(batch, transfer);
}

function split(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i + FRAME_BYTES <= bytes.length; i += FRAME_BYTES) out.push(bytes.subarray(i, i + FRAME_BYTES));
  return out;
}

function run(cmd: PlaneCommand): void {
  switch (cmd.c) {
    case 'open':
      calls.set(cmd.call, new CallMedia({ clock }));
      return;
    case 'play': {
      const media = calls.get(cmd.call);
      const play = cmd.play;
      if (!media) return emit({ e: 'end', play, end: 'interrupted' });
      const onProgress = cmd.progress
        ? (playedMs: number, totalMs: number) => emit({ e: 'progress', play, playedMs, totalMs })
        : undefined;
      const onStart = cmd.start ? () => emit({ e: 'start', play }) : undefined;
      void media.play(cmd.track, split(cmd.frames), onProgress, onStart).then((end) => emit({ e: 'end', play, end }));
      return;
    }
    case 'clear':
      return calls.get(cmd.call)?.clear(cmd.track);
    case 'subscribe': {
      const media = calls.get(cmd.call);
      if (!media) return;
      const sub = cmd.sub;
      const off = media.subscribe(
        (frame) => {
          subs.push(sub);
          frames.push(frame);
          scheduleFlush();
        },
        { tracks: cmd.tracks, onlyVoiced: cmd.onlyVoiced },
      );
      subscriptions.set(sub, { call: cmd.call, off });
      return;
    }
    case 'unsubscribe':
      subscriptions.get(cmd.sub)?.off();
      subscriptions.delete(cmd.sub);
      return;
    case 'record': {
      const media = calls.get(cmd.call);
      const rec = cmd.rec;
      if (!media) return emit({ e: 'recorded', rec, error: 'no such call' });
      media.record(cmd.path).then(
        (result) => emit({ e: 'recorded', rec, result }),
        (err: unknown) => emit({ e: 'recorded', rec, error: err instanceof Error ? err.message : String(err) }),
      );
      return;
    }
    case 'close':
      calls.get(cmd.call)?.close();
      calls.delete(cmd.call);
      for (const [sub, s] of subscriptions) if (s.call === cmd.call) subscriptions.delete(sub);
      return;
    case 'stats':
      return emit({ e: 'stats', ask: cmd.ask, stats: clock.stats() });
    case 'reset':
      return clock.resetStats();
  }
}

// Loaded: the main thread may count on this thread from now on.
scheduleFlush();

port.on('message', (batch: PlaneCommand[]) => {
  for (const cmd of batch) {
    try {
      run(cmd);
    } catch {
      // One call's bad command must not stop the others' audio.
    }
  }
});
