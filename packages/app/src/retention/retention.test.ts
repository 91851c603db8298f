/**
 * The retention job with a fake clock and an in-memory store: cutoffs, batches, the daily claim, the audit, closing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEntry, Clock, RecordingEraser } from '../ports/index';
import { dayStart, RetentionJob, type RetentionOptions } from './retention';
import { deleteSession } from './delete-session';

const DAY = 86_400_000;
const T0 = Date.UTC(2027, 2, 10, 12, 0, 0);

class FakeClock implements Clock {
  constructor(public ms: number) {}
  now() {
    return new Date(this.ms);
  }
}

/** Sessions by end time (null: live), the jobs table and the audit log, as the store keeps them. */
class FakeStore {
  sessions = new Map<string, number | null>();
  jobs = new Map<string, number>();
  audit: AuditEntry[] = [];
  batches: number[] = [];
  failAfterBatches = Infinity;
  async claimJob(name: string, now: Date, dueBefore: Date) {
    const last = this.jobs.get(name);
    if (last !== undefined && last >= dueBefore.getTime()) return false;
    this.jobs.set(name, now.getTime());
    return true;
  }
  async deleteEndedBefore(before: Date, limit: number) {
    if (this.batches.length >= this.failAfterBatches) throw new Error('store down');
    const ids = [...this.sessions]
      .filter(([, end]) => end !== null && end < before.getTime())
      .slice(0, limit)
      .map(([id]) => id);
    for (const id of ids) this.sessions.delete(id);
    this.batches.push(ids.length);
    return ids;
  }
  async recordAudit(e: AuditEntry) {
    this.audit.push(e);
  }
  async deleteAuditBefore(before: Date, limit: number) {
    const old = this.audit.filter((e) => Date.parse(e.at) < before.getTime()).slice(0, limit);
    this.audit = this.audit.filter((e) => !old.includes(e));
    return old.length;
  }
  async deleteSession(id: string, audit: AuditEntry | null) {
    if (!this.sessions.has(id)) return 'not_found' as const;
    if (this.sessions.get(id) === null) return 'live' as const;
    this.sessions.delete(id);
    if (audit) this.audit.push(audit);
    return 'deleted' as const;
  }
}

function setup(policy: RetentionOptions['policy'], extra: Partial<RetentionOptions> = {}) {
  const clock = new FakeClock(T0);
  const store = new FakeStore();
  const reports: unknown[] = [];
  const job = new RetentionJob({ store, clock, policy, batchSize: 3, onRun: (r) => reports.push(r), ...extra });
  return { clock, store, job, reports };
}

describe('retention job', () => {
  it('deletes only sessions that ended before the cutoff, in batches, and records the run', async () => {
    const { store, job } = setup({ transcriptDays: 30, recordingDays: null });
    for (let i = 0; i < 7; i++) store.sessions.set(`old${i}`, T0 - 31 * DAY - i * 1000);
    store.sessions.set('recent', T0 - 29 * DAY);
    store.sessions.set('live', null);
    const report = await job.runIfDue();
    assert.ok(report);
    assert.equal(report.sessions, 7);
    assert.deepEqual(store.batches, [3, 3, 1]);
    assert.deepEqual([...store.sessions.keys()].sort(), ['live', 'recent']);
    assert.equal(report.transcriptCutoff, new Date(T0 - 30 * DAY).toISOString());
    assert.equal(store.audit.length, 1);
    assert.equal(store.audit[0]!.action, 'retention.run');
    assert.equal(store.audit[0]!.userId, null);
    assert.equal(store.audit[0]!.detail.sessions, 7);
  });

  it('runs once a UTC day: a second check the same day does nothing, the next day runs again', async () => {
    const { clock, store, job } = setup({ transcriptDays: 1, recordingDays: null });
    assert.ok(await job.runIfDue());
    clock.ms += 3600_000;
    assert.equal(await job.runIfDue(), null);
    clock.ms = dayStart(clock.now()).getTime() + DAY + 60_000;
    store.sessions.set('s', clock.ms - 2 * DAY);
    const next = await job.runIfDue();
    assert.equal(next?.sessions, 1);
    assert.equal(store.audit.length, 2);
  });

  it('two jobs sharing a store: exactly one runs the day', async () => {
    const { clock, store } = setup({ transcriptDays: 1, recordingDays: null });
    const a = new RetentionJob({ store, clock, policy: { transcriptDays: 1, recordingDays: null } });
    const b = new RetentionJob({ store, clock, policy: { transcriptDays: 1, recordingDays: null } });
    const results = await Promise.all([a.runIfDue(), b.runIfDue()]);
    assert.equal(results.filter(Boolean).length, 1);
  });

  it('deletes audit entries older than their own cutoff (kept forever without one), then records the run', async () => {
    const { store, job } = setup({ transcriptDays: null, recordingDays: null, auditDays: 365 });
    const entry = (at: number, target: string): AuditEntry => ({
      at: new Date(at).toISOString(),
      userId: 'u1',
      userName: 'Ann',
      action: 'sessions.export_csv',
      target,
      detail: {},
    });
    for (let i = 0; i < 65; i++) store.audit.push(entry(T0 - 400 * DAY + i * 1000, `old${i}`));
    store.audit.push(entry(T0 - 364 * DAY, 'recent'));
    const report = await job.runIfDue();
    assert.equal(report?.audit, 65, "in batches of ten times the sessions' (30 here), until none is left");
    assert.equal(report?.auditCutoff, new Date(T0 - 365 * DAY).toISOString());
    assert.deepEqual(
      store.audit.map((e) => e.target),
      ['recent', null],
      "the younger entry, and the run's own",
    );
    assert.equal(store.audit[1]!.detail.audit, 65);
    const keep = setup({ transcriptDays: 30, recordingDays: null });
    keep.store.audit.push(entry(0, 'ancient'));
    await keep.job.runIfDue();
    assert.equal(keep.store.audit[0]!.target, 'ancient', 'no audit cutoff: kept');
  });

  it('does nothing without a policy', async () => {
    const { store, job } = setup({ transcriptDays: null, recordingDays: null });
    store.sessions.set('s', 0);
    assert.equal(await job.runIfDue(), null);
    assert.equal(store.jobs.size, 0);
  });

  it('erases recordings by the later of the two cutoffs, and by their own alone', async () => {
    const calls: Date[] = [];
    const recordings: RecordingEraser = {
      erase: async () => {},
      eraseOlderThan: async (d) => {
        calls.push(d);
        return 4;
      },
    };
    const both = setup({ transcriptDays: 30, recordingDays: 7 }, { recordings });
    const r = await both.job.runIfDue();
    assert.equal(r?.recordings, 4);
    assert.equal(calls[0]!.getTime(), T0 - 7 * DAY);
    const only = setup({ transcriptDays: null, recordingDays: 10 }, { recordings });
    const r2 = await only.job.runIfDue();
    assert.equal(calls[1]!.getTime(), T0 - 10 * DAY);
    assert.equal(r2?.transcriptCutoff, null);
    assert.equal(r2?.sessions, 0);
    // Recordings kept longer than their sessions still go with them.
    const longer = setup({ transcriptDays: 5, recordingDays: 90 }, { recordings });
    await longer.job.runIfDue();
    assert.equal(calls[2]!.getTime(), T0 - 5 * DAY);
  });

  it('a failure mid-way still records what was deleted, marked incomplete', async () => {
    const errors: string[] = [];
    const { store, job } = setup(
      { transcriptDays: 1, recordingDays: null },
      { onError: (_e, during) => errors.push(during) },
    );
    for (let i = 0; i < 7; i++) store.sessions.set(`s${i}`, T0 - 2 * DAY);
    store.failAfterBatches = 1;
    const r = await job.runIfDue();
    assert.equal(r?.sessions, 3);
    assert.equal(r?.incomplete, 'error');
    assert.deepEqual(errors, ['run']);
    assert.equal(store.audit[0]!.detail.incomplete, 'error');
  });

  it('start checks after the first delay, and close stops it', async () => {
    const { store, job, reports } = setup({ transcriptDays: 1, recordingDays: null });
    store.sessions.set('s', T0 - 2 * DAY);
    job.start({ firstDelayMs: 5, everyMs: 5 });
    await new Promise((r) => setTimeout(r, 60));
    await job.close();
    assert.equal(reports.length, 1, 'one run a day however often it checks');
    assert.equal(store.sessions.size, 0);
    assert.equal(await job.runIfDue(), null, 'closed');
  });
});

describe('deleting one session', () => {
  it('deletes an ended session with its audit entry, then its recording; refuses a live one', async () => {
    const store = new FakeStore();
    store.sessions.set('done', T0 - 1000);
    store.sessions.set('live', null);
    const erased: string[] = [];
    const deps = {
      store,
      clock: new FakeClock(T0),
      recordings: {
        erase: async (id: string) => {
          erased.push(id);
        },
        eraseOlderThan: async () => 0,
      },
    };
    assert.equal(await deleteSession(deps, 'live', { id: 'u1', name: 'Ann' }), 'live');
    assert.equal(await deleteSession(deps, 'nope', { id: 'u1', name: 'Ann' }), 'not_found');
    assert.equal(await deleteSession(deps, 'done', { id: 'u1', name: 'Ann' }), 'deleted');
    assert.deepEqual(erased, ['done']);
    assert.deepEqual(
      store.audit.map((a) => [a.action, a.target, a.userName]),
      [['session.delete', 'done', 'Ann']],
    );
  });
});
