/**
 * Call recordings as the session engine sees them: which calls are recorded (voice calls, when LIVESPACE_RECORDING
 * is on or the AI agent says so), starting one when its session starts (the plane writes the spool file), and when
 * the call's audio closes, moving the file where recordings are kept and marking its row ready. Also the
 * `RecordingEraser` of deletion and retention, and the start-up finish of spool files a crash left behind.
 */
import type { Agent, RecordingInfo } from '@livespace/protocol';
import type { CallLeg, Clock, RecordingEraser, RecordingResult, RecordingRows, RecordingStore } from '../ports/index';

interface RecordingLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RecordingServiceDeps {
  files: RecordingStore;
  rows: RecordingRows;
  clock: Clock;
  /** LIVESPACE_RECORDING: record voice calls unless their agent says otherwise. */
  enabled: boolean;
  logger: RecordingLogger;
  /**
   * Waits before storing a finished call's file again when storing it failed (the bucket unreachable): the file stays
   * in the spool meanwhile, the row says `recording` (being finished). After the last, the row says `failed` and the
   * next start tries again. Default: 5 s, 15 s, 1 min, 5 min, 15 min.
   */
  retryDelaysMs?: readonly number[];
}

const RETRY_DELAYS_MS = [5_000, 15_000, 60_000, 300_000, 900_000];

/** What the session registry asks of recordings. */
export interface SessionRecorder {
  /** Whether this new session's call is to be recorded. */
  shouldRecord(leg: CallLeg, agent: Agent): boolean;
  /** Starts recording the call (its leg's media); finished in the background when the call's audio closes. */
  start(sessionId: string, leg: CallLeg): void;
}

export class RecordingService implements SessionRecorder, RecordingEraser {
  private readonly pending = new Set<Promise<void>>();
  /** Retries waiting for their next attempt: woken at shutdown for a last one. */
  private readonly wakers = new Set<() => void>();
  private stopping = false;

  constructor(private readonly deps: RecordingServiceDeps) {}

  shouldRecord(leg: CallLeg, agent: Agent): boolean {
    return leg.channel === 'voice' && typeof leg.media?.record === 'function' && (agent.recording ?? this.deps.enabled);
  }

  start(sessionId: string, leg: CallLeg): void {
    const { files, rows, clock, logger } = this.deps;
    let recording: Promise<RecordingResult>;
    let path: string;
    try {
      path = files.spoolPath(sessionId);
      recording = leg.media!.record!(path);
    } catch (err) {
      logger.error({ err, sessionId }, 'the call could not be recorded');
      return;
    }
    const row = rows
      .insertRecording({ sessionId, storage: files.kind, location: path, startedAt: clock.now() })
      .catch((err: unknown) => logger.error({ err, sessionId }, "storing a recording's row failed"));
    const done = recording
      .then(async (result) => {
        await row;
        await this.completeRetrying(sessionId, result);
      })
      .catch(async (err: unknown) => {
        logger.error(
          { err, sessionId },
          'recording or storing the call failed; the spool file (if any) is finished at the next start',
        );
        await row;
        await rows.finishRecording(sessionId, { status: 'failed', finishedAt: clock.now() }).catch(() => {});
      })
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
  }

  /** complete(), tried again after each of the retry delays while it fails; the last failure is thrown. */
  private async completeRetrying(sessionId: string, result: RecordingResult): Promise<void> {
    const delays = this.deps.retryDelaysMs ?? RETRY_DELAYS_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.complete(sessionId, result);
      } catch (err) {
        const wait = delays[attempt];
        if (wait === undefined || this.stopping) throw err;
        this.deps.logger.warn(
          { err, sessionId, attempt: attempt + 1, retryInMs: wait },
          "storing a call's recording failed; trying again",
        );
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            this.wakers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, wait);
          timer.unref();
          this.wakers.add(wake);
        });
      }
    }
  }

  /** The file is complete: kept where recordings are, its row ready. */
  private async complete(sessionId: string, result: RecordingResult): Promise<void> {
    const { location } = await this.deps.files.finish(sessionId, result);
    await this.deps.rows.finishRecording(sessionId, {
      status: 'ready',
      location,
      bytes: result.bytes,
      durationMs: result.durationMs,
      finishedAt: this.deps.clock.now(),
    });
  }

  /** At start, before any call: spool files a crash left (always playable WAVs) are finished like any other. */
  async recover(): Promise<number> {
    let n = 0;
    for (const { sessionId, result } of await this.deps.files.unfinished()) {
      try {
        await this.complete(sessionId, result);
        n++;
      } catch (err) {
        this.deps.logger.error(
          { err, sessionId },
          'a recording left by a stopped server could not be finished; tried again at the next start',
        );
      }
    }
    return n;
  }

  /** What a session's detail says of its recording (null: none). */
  async info(sessionId: string): Promise<RecordingInfo | null> {
    const row = await this.deps.rows.getRecording(sessionId);
    return row ? { status: row.status, startedAt: row.startedAt, durationMs: row.durationMs, bytes: row.bytes } : null;
  }

  async erase(sessionId: string): Promise<void> {
    await this.deps.files.erase(sessionId);
    await this.deps.rows.deleteRecording(sessionId);
  }

  async eraseOlderThan(before: Date): Promise<number> {
    let n = 0;
    for (;;) {
      const ids = await this.deps.rows.recordingsBefore(before, 200);
      for (const id of ids) await this.erase(id);
      n += ids.length;
      if (ids.length < 200) return n;
    }
  }

  /** Waits (at most `timeoutMs`) for the recordings of calls that ended to be finished: at shutdown. */
  async drain(timeoutMs = 10_000): Promise<void> {
    // Retries waiting make their last attempt now; what still fails is finished at the next start.
    this.stopping = true;
    for (const wake of [...this.wakers]) wake();
    if (this.pending.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.pending]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }
}
