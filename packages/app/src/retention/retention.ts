/**
 * Retention: once a day, sessions that ended more than `transcriptDays` ago are deleted with everything stored about
 * them, and recordings older than `recordingDays` are erased. Several processes may share the store: each checks every
 * hour, and the store lets exactly one of them claim the day's run (UTC days). Deletion goes a batch at a time, each
 * batch its own short transaction, so the store is never held long and live calls are not delayed.
 */
import type { AuditEntry, Clock, RecordingEraser, RetentionStore } from '../ports/index';

/** Days to keep; null keeps forever. */
interface RetentionPolicy {
  /** Sessions (transcripts, events, actions, escalations: everything). */
  transcriptDays: number | null;
  /** Recordings only; a session deleted for its transcript loses its recording too. */
  recordingDays: number | null;
  /**
   * The audit log's entries (they may hold a CSV export's filters: a number, searched words); absent or null: kept
   * forever.
   */
  auditDays?: number | null;
}

/** What one run did: its cutoffs (ISO, null when that kind is kept forever) and counts. */
export interface RetentionReport {
  transcriptCutoff: string | null;
  recordingCutoff: string | null;
  auditCutoff: string | null;
  sessions: number;
  recordings: number;
  /** Audit entries deleted. */
  audit: number;
  batches: number;
  /** Set when the run stopped early (the process closing, or an error): what is counted was done. */
  incomplete?: 'closing' | 'error';
}

export interface RetentionOptions {
  store: Pick<RetentionStore, 'claimJob' | 'deleteEndedBefore' | 'deleteAuditBefore' | 'recordAudit'>;
  clock: Clock;
  policy: RetentionPolicy;
  /** Recordings, when something stores them; without one, no recording is erased. */
  recordings?: RecordingEraser | null;
  /** Sessions per transaction. */
  batchSize?: number;
  /** Called after each run that did its work (to log it). */
  onRun?: (report: RetentionReport) => void;
  onError?: (err: unknown, during: 'run' | 'audit' | 'recordings') => void;
}

/** The job's name in the store's jobs table. */
const RETENTION_JOB = 'retention';
const DAY_MS = 86_400_000;
const RETENTION_BATCH = 1000;

/** Whether any retention is set (else the job need not run at all). */
const retentionEnabled = (p: RetentionPolicy): boolean =>
  p.transcriptDays !== null || p.recordingDays !== null || (p.auditDays ?? null) !== null;

/** The start of `now`'s UTC day: the day's run is due when the last one was before it. */
export const dayStart = (now: Date): Date => new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);

export class RetentionJob {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<unknown> | null = null;
  private closed = false;

  constructor(private readonly o: RetentionOptions) {}

  /** Runs the day's job if it is due and this process wins the claim; null otherwise. */
  async runIfDue(): Promise<RetentionReport | null> {
    if (this.closed || !retentionEnabled(this.o.policy)) return null;
    const now = this.o.clock.now();
    if (!(await this.o.store.claimJob(RETENTION_JOB, now, dayStart(now)))) return null;
    return this.run(now);
  }

  /** One run at `now` (claimed by the caller): deletes, erases, records the run in the audit log and reports it. */
  async run(now: Date): Promise<RetentionReport> {
    const { policy, store } = this.o;
    const cutoff = (days: number | null) => (days === null ? null : new Date(now.getTime() - days * DAY_MS));
    const transcripts = cutoff(policy.transcriptDays);
    const own = cutoff(policy.recordingDays);
    // A recording never outlives its session: the later of the two cutoffs erases the most.
    const recordingsBefore =
      transcripts && own ? new Date(Math.max(transcripts.getTime(), own.getTime())) : (own ?? transcripts);
    const audit = cutoff(policy.auditDays ?? null);
    const report: RetentionReport = {
      transcriptCutoff: transcripts?.toISOString() ?? null,
      recordingCutoff: recordingsBefore?.toISOString() ?? null,
      auditCutoff: audit?.toISOString() ?? null,
      sessions: 0,
      recordings: 0,
      audit: 0,
      batches: 0,
    };
    const size = this.o.batchSize ?? RETENTION_BATCH;
    try {
      if (recordingsBefore && this.o.recordings) {
        try {
          report.recordings = await this.o.recordings.eraseOlderThan(recordingsBefore);
        } catch (err) {
          // The transcripts still go; the recordings are tried again tomorrow.
          this.o.onError?.(err, 'recordings');
        }
      }
      while (transcripts) {
        if (this.closed) {
          report.incomplete = 'closing';
          break;
        }
        const ids = await store.deleteEndedBefore(transcripts, size);
        if (ids.length === 0) break;
        report.sessions += ids.length;
        report.batches += 1;
        if (ids.length < size) break;
        // Let calls' work run between two batches.
        await new Promise((r) => setImmediate(r));
      }
      while (audit && !this.closed) {
        const n = await store.deleteAuditBefore(audit, size * 10);
        report.audit += n;
        if (n < size * 10) break;
      }
    } catch (err) {
      report.incomplete = 'error';
      this.o.onError?.(err, 'run');
    }
    const entry: AuditEntry = {
      at: this.o.clock.now().toISOString(),
      userId: null,
      userName: 'retention',
      action: 'retention.run',
      target: null,
      detail: {
        ...report,
        transcriptDays: policy.transcriptDays,
        recordingDays: policy.recordingDays,
        auditDays: policy.auditDays ?? null,
      },
    };
    await store.recordAudit(entry).catch((err: unknown) => this.o.onError?.(err, 'audit'));
    this.o.onRun?.(report);
    return report;
  }

  /** Checks `firstDelayMs` after start and then every `everyMs` whether the day's run is due. */
  start(opts: { firstDelayMs: number; everyMs: number }): void {
    if (!retentionEnabled(this.o.policy)) return;
    const tick = (delay: number) => {
      this.timer = setTimeout(() => {
        this.timer = null;
        if (this.closed) return;
        this.running = this.runIfDue()
          .catch((err: unknown) => this.o.onError?.(err, 'run'))
          .finally(() => {
            this.running = null;
            if (!this.closed) tick(opts.everyMs);
          });
      }, delay);
      this.timer.unref?.();
    };
    tick(opts.firstDelayMs);
  }

  /** Stops checking; a run in progress stops after its current batch (awaited). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
