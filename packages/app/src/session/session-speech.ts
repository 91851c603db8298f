/**
 * A session's voice: speaks (voice) or sends (messages) one line at a time, with partial lines while the
 * audio plays, and stops on the session's word. Every line is stamped with the speech epoch it was asked
 * in: `silence` starts a new epoch, and a line of an older epoch that has not started playing is dropped.
 */
import type { Agent, LineMarks, SessionEventInput, Speaker } from '@livespace/protocol';
import type { CallLeg, ProviderSource, Tts } from '../ports/index';
import { partialUpdates } from './partial-text';

/** The voice of a person who took over and types: distinct from every agent's. */
const HUMAN_VOICE = 'en-gb+m3';

export interface SpeechDeps {
  leg: CallLeg;
  tts: Tts | null;
  agent: Agent;
  newId: () => string;
  /** Least time between two partial updates of a line being spoken. */
  partialIntervalMs: number;
  emit(event: SessionEventInput): void;
  ended(): boolean;
  onProviderError(source: ProviderSource, message: string): void;
  /** A line's first audio frame left for the caller `ms` after its words were known (synthesis and pacing included). */
  onFirstFrame?(ms: number): void;
}

/**
 * Where a line's time went before its first audio frame left: making its audio, then handing it to the caller's leg.
 */
export interface LineTiming {
  synthesisMs: number;
  sendMs: number;
}

/** How a line went: played (or sent) in full, cut while playing, or dropped before it played. */
export type LineResult = 'done' | 'cut' | 'dropped';

export class SessionSpeech {
  private epochNo = 0;
  private playingLine: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: SpeechDeps) {}

  /** The current epoch: lines asked for before a `silence` belong to an older one. */
  get epoch(): number {
    return this.epochNo;
  }

  /** Resolves when the line being spoken (if any) has finished or was cut. */
  get playing(): Promise<void> {
    return this.playingLine.then(
      () => undefined,
      () => undefined,
    );
  }

  /** Drops every line not yet playing; `cut` also stops the one playing now (`finish` lets it end). */
  silence(playing: 'cut' | 'finish'): void {
    this.epochNo++;
    if (playing === 'cut') this.deps.leg.clear();
  }

  /**
   * Speaks one line now (after the line playing, if any: the leg queues them). `epoch`: the epoch the line was
   * asked in, when that was earlier than now (a barge waits for the line playing; a silence since then drops it).
   */
  say(
    text: string,
    speaker: Extract<Speaker, 'ai' | 'human'>,
    marks: LineMarks = {},
    onFirstFrame?: (timing: LineTiming) => void,
    epoch = this.epochNo,
  ): Promise<LineResult> {
    const line = this.speak(text, speaker, marks, epoch, onFirstFrame);
    this.playingLine = line;
    return line;
  }

  private async speak(
    text: string,
    speaker: Extract<Speaker, 'ai' | 'human'>,
    marks: LineMarks,
    epoch: number,
    onFirstFrame?: (timing: LineTiming) => void,
  ): Promise<LineResult> {
    const { leg, tts, agent } = this.deps;
    const lineId = this.deps.newId();
    const wordsAt = performance.now();
    let frames: Uint8Array[] | undefined;
    if (leg.channel === 'voice' && tts) {
      try {
        // A person is waiting for a barge or for their own words: those jump the AI's lines in the synthesis queue.
        frames = await tts.synthesize(text, speaker === 'human' ? HUMAN_VOICE : agent.voice, {
          urgent: speaker === 'human' || marks.barge === true,
        });
      } catch (err) {
        this.deps.onProviderError(
          'tts',
          `${err instanceof Error ? err.message : String(err)} (the line was sent without audio)`,
        );
      }
    }
    const synthesizedAt = performance.now();
    // Silenced while its audio was being made: the caller never hears it, and it is not in the transcript.
    if (this.deps.ended() || epoch !== this.epochNo) return 'dropped';
    let heard = '';
    const onProgress = partialUpdates(text, this.deps.partialIntervalMs, (words) => {
      heard = words;
      if (!this.deps.ended()) this.deps.emit({ type: 'line.partial', lineId, speaker, text: words, ...marks });
    });
    const report = frames ? this.deps.onFirstFrame : undefined;
    const firstFrame =
      report || onFirstFrame
        ? () => {
            const now = performance.now();
            report?.(now - wordsAt);
            onFirstFrame?.({ synthesisMs: synthesizedAt - wordsAt, sendMs: now - synthesizedAt });
          }
        : undefined;
    const result = await leg.send(
      { text, speaker, lineId, ...(frames ? { frames } : {}), ...(firstFrame ? { onFirstFrame: firstFrame } : {}) },
      onProgress,
    );
    if (result === 'hungup' && this.deps.ended()) return 'cut';
    // A line cut off by a barge or a takeover is final as far as the caller heard it.
    const final = result === 'interrupted' ? `${heard} —`.trim() : text;
    this.deps.emit({ type: 'line.final', lineId, speaker, text: final, ...marks });
    return result === 'interrupted' ? 'cut' : 'done';
  }
}
