/**
 * A call leg for in-process actor tests: each line "plays" for a fixed time on a real timer; what the caller heard is
 * recorded.
 */
import type { CallLeg, CallLegHandler, OutgoingLine, PlayProgress, PlayResult } from '../../ports/index';

export interface HeardLine {
  text: string;
  /** How the line ended: played in full, or cut by `clear()`/the hangup. */
  result: PlayResult;
}

export class FakeLeg implements CallLeg {
  readonly id = 'leg-1';
  readonly direction = 'inbound' as const;
  readonly remote = '+15550100001';
  readonly local = '+15550100000';
  handler: CallLegHandler | null = null;
  /** Lines as they finished (or were cut), in order. */
  readonly heard: HeardLine[] = [];
  /** Lines sent, in the order the session sent them (before they played). */
  readonly sent: string[] = [];
  hungUp: string | null = null;
  onHold = false;
  private queue: Array<{ line: OutgoingLine; progress?: PlayProgress; resolve(r: PlayResult): void }> = [];
  private playing: { timer: NodeJS.Timeout; finish(r: PlayResult): void } | null = null;

  /** `lineMs`: how long each line plays. */
  constructor(
    readonly channel: 'voice' | 'sms' | 'whatsapp' = 'voice',
    private readonly lineMs = 60,
  ) {}

  attach(handler: CallLegHandler): void {
    this.handler = handler;
  }

  send(line: OutgoingLine, onProgress?: PlayProgress): Promise<PlayResult> {
    if (this.hungUp) return Promise.resolve('hungup');
    this.sent.push(line.text);
    return new Promise((resolve) => {
      this.queue.push({ line, ...(onProgress ? { progress: onProgress } : {}), resolve });
      if (!this.playing) this.next();
    });
  }

  /** The line playing now, if any. */
  get current(): string | null {
    return this.playingText;
  }
  private playingText: string | null = null;

  private next(): void {
    const item = this.queue.shift();
    if (!item) {
      this.playingText = null;
      return;
    }
    this.playingText = item.line.text;
    item.line.onFirstFrame?.();
    const half = setTimeout(() => item.progress?.(this.lineMs / 2, this.lineMs), this.lineMs / 2);
    const finish = (r: PlayResult) => {
      clearTimeout(half);
      clearTimeout(timer);
      this.heard.push({ text: item.line.text, result: r });
      this.playing = null;
      item.resolve(r);
    };
    const timer = setTimeout(() => {
      finish('done');
      this.next();
    }, this.lineMs);
    this.playing = { timer, finish };
  }

  clear(): void {
    const dropped = this.queue.splice(0);
    this.playing?.finish('interrupted');
    this.playingText = null;
    // Lines that never started playing were never heard.
    for (const d of dropped) d.resolve('interrupted');
  }

  hold(on: boolean): void {
    this.onHold = on;
  }

  hangup(reason: string): void {
    this.hungUp = reason;
    this.clear();
  }

  /** Lines the caller heard in full or in part, in order. */
  heardTexts(): string[] {
    return this.heard.map((h) => h.text);
  }
}
