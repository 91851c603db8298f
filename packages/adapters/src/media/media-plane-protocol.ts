/**
 * Messages between the main thread and a media plane worker. Each side sends its messages of one turn
 * of its event loop as one batch (one postMessage), so 400 calls cost ~50 messages a second, not 20,000.
 */
import type { RecordingResult } from '@livespace/app/ports/index';
import type { MediaTrack, PlayEnd } from './call-mixer';
import type { MediaClockStats } from './media-clock';

/** Main → worker. Calls, plays and subscriptions are numbered by the main thread. */
export type PlaneCommand =
  | { c: 'open'; call: number }
  /** `frames`: the line's 160-byte frames end to end (its buffer is transferred). */
  | { c: 'play'; call: number; play: number; track: MediaTrack; frames: Uint8Array; progress: boolean; start: boolean }
  | { c: 'clear'; call: number; track: MediaTrack }
  | { c: 'subscribe'; call: number; sub: number; tracks: MediaTrack[]; onlyVoiced: boolean }
  | { c: 'unsubscribe'; call: number; sub: number }
  /** Record the call to `path` until it closes (call-recorder.ts). */
  | { c: 'record'; call: number; rec: number; path: string }
  | { c: 'close'; call: number }
  | { c: 'stats'; ask: number }
  | { c: 'reset' };

/** Worker → main. */
export type PlaneEvent =
  | { e: 'start'; play: number }
  | { e: 'progress'; play: number; playedMs: number; totalMs: number }
  | { e: 'end'; play: number; end: PlayEnd }
  | { e: 'stats'; ask: number; stats: MediaClockStats }
  /** A recording is complete (its call closed), or failed (`error`). */
  | { e: 'recorded'; rec: number; result?: RecordingResult; error?: string };

/** One batch from the worker: events in order, then this turn's frames (`subs[i]` gets `data[i*160 … i*160+160]`). */
export interface PlaneBatch {
  events: PlaneEvent[];
  subs: number[];
  /** Absent when no frame went out. */
  data?: Uint8Array;
}
