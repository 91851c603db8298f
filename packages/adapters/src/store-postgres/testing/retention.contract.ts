/**
 * Exports, deletion and retention in the store contract (run inside `storeContract`, on every adapter): the audit log,
 * deleting sessions, claiming a daily job.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { SessionEventInput } from '@livespace/protocol';
import type { EventWrite, Store } from '@livespace/app/ports/index';
import { sessionWrites } from './session-writes';

/** These cases' sessions are from 2020: retention's cutoffs here never reach the other cases' sessions (2026 on). */
const at = (day: number, s = 0) => new Date(Date.UTC(2020, 0, 1 + day, 9, 0, s)).toISOString();

function writes(id: string, day: number, then: SessionEventInput[]): EventWrite[] {
  return sessionWrites(
    {
      id,
      channel: 'voice',
      direction: 'inbound',
      agentId: 'agt-r',
      agentName: 'Retention agent',
      callerNumber: '+14155550199',
      startedAt: at(day),
    },
    then.map((e, i) => [at(day, i + 1), e]),
  );
}

const said = (text: string): SessionEventInput => ({
  type: 'line.final',
  lineId: `l-${text}`,
  speaker: 'caller',
  text,
});
const end: SessionEventInput = { type: 'session.ended', reason: 'caller_hangup' };

export function retentionContractCases(getStore: () => Store): void {
  it('audit log: entries newest first, paged by id, the system as a null user', async () => {
    const store = getStore();
    const base = { userName: 'Ann', target: null, detail: {} } as const;
    await store.recordAudit({
      ...base,
      at: at(0),
      userId: 'u1',
      action: 'session.export',
      target: 's1',
      detail: { format: 'txt' },
    });
    await store.recordAudit({
      ...base,
      at: at(0, 1),
      userId: 'u1',
      action: 'sessions.export_csv',
      detail: { rows: 3, filters: { q: 'a "b"' } },
    });
    await store.recordAudit({
      ...base,
      at: at(0, 2),
      userId: null,
      userName: 'retention',
      action: 'retention.run',
      detail: { sessions: 0 },
    });
    const all = await store.listAudit({ limit: 10 });
    assert.deepEqual(
      all.slice(0, 3).map((a) => a.action),
      ['retention.run', 'sessions.export_csv', 'session.export'],
    );
    assert.equal(all[0]!.userId, null);
    assert.deepEqual(all[1]!.detail, { rows: 3, filters: { q: 'a "b"' } });
    assert.equal(all[2]!.target, 's1');
    assert.equal(all[2]!.at, at(0));
    const page = await store.listAudit({ limit: 1, before: all[0]!.id });
    assert.deepEqual(
      page.map((a) => a.id),
      [all[1]!.id],
    );
  });

  it('deleteAuditBefore deletes entries older than the cutoff, the oldest first, a batch at a time', async () => {
    const store = getStore();
    const base = { userId: 'u1', userName: 'Ann', action: 'session.export', detail: {} } as const;
    for (let i = 0; i < 5; i++)
      await store.recordAudit({ ...base, at: new Date(Date.UTC(2001, 0, 1 + i)).toISOString(), target: `ancient${i}` });
    await store.recordAudit({ ...base, at: new Date(Date.UTC(2001, 5, 1)).toISOString(), target: 'younger' });
    const cutoff = new Date(Date.UTC(2001, 1, 1));
    assert.equal(await store.deleteAuditBefore(cutoff, 2), 2);
    assert.equal(await store.deleteAuditBefore(cutoff, 2), 2);
    assert.equal(await store.deleteAuditBefore(cutoff, 2), 1);
    assert.equal(await store.deleteAuditBefore(cutoff, 2), 0);
    const left = (await store.listAudit({ limit: 500 })).map((a) => a.target);
    assert.ok(left.includes('younger') && !left.some((t) => t?.startsWith('ancient')), left.join(', '));
  });

  it('deleteSession removes everything about an ended session with its audit entry, and refuses a live one', async () => {
    const store = getStore();
    const escalation: SessionEventInput = {
      type: 'escalation',
      escalation: {
        id: 'esc-del',
        queue: 'billing',
        priority: 'normal',
        reason: 'wants_human',
        status: 'abandoned',
        waitingSince: at(1),
        claimedBy: null,
        claimedAt: null,
        endedAt: at(1, 3),
        resolution: null,
        notes: null,
      },
    };
    await store.appendEvents([
      ...writes('r-del', 1, [said('aardvark invoices please'), escalation, end]),
      ...writes('r-live', 1, [said('still here')]),
    ]);
    await store.recordAction({
      id: 'act-del',
      sessionId: 'r-del',
      action: 'whisper',
      userId: 'u1',
      userName: 'Ann',
      text: 'hi',
      result: 'ok',
      at: at(1, 2),
    });
    assert.ok(await store.getEscalation('esc-del'));
    const found = await store.searchSessions({
      state: 'ended',
      q: 'aardvark',
      sort: '-started',
      limit: 5,
      after: null,
    });
    assert.deepEqual(
      found.items.map((s) => s.id),
      ['r-del'],
    );

    const audit = {
      at: at(2),
      userId: 'u1',
      userName: 'Ann',
      action: 'session.delete' as const,
      target: 'r-del',
      detail: {},
    };
    assert.equal(await store.deleteSession('r-live', { ...audit, target: 'r-live' }), 'live');
    assert.ok(await store.getSession('r-live'), 'a live session stays');
    assert.equal(await store.deleteSession('r-del', audit), 'deleted');
    assert.equal(await store.getSession('r-del'), null);
    assert.deepEqual(await store.sessionEvents('r-del', 0), []);
    assert.deepEqual(await store.listActions('r-del'), []);
    assert.equal(await store.getEscalation('esc-del'), null);
    assert.deepEqual(
      (await store.searchSessions({ state: 'all', q: 'aardvark', sort: '-started', limit: 5, after: null })).items,
      [],
    );
    assert.equal(await store.deleteSession('r-del', audit), 'not_found');
    const entries = (await store.listAudit({ limit: 50 })).filter((a) => a.action === 'session.delete');
    assert.deepEqual(
      entries.map((a) => a.target),
      ['r-del'],
      'recorded once: the refused and the repeated deletions are not',
    );
  });

  it('deleteEndedBefore deletes ended sessions older than the cutoff, a batch at a time, never live ones', async () => {
    const store = getStore();
    for (let i = 0; i < 5; i++) await store.appendEvents(writes(`r-old${i}`, 10 + i, [said(`old ${i}`), end]));
    await store.appendEvents([
      ...writes('r-old-live', 10, [said('a very long call')]),
      ...writes('r-newer', 40, [end]),
    ]);
    const cutoff = new Date(Date.UTC(2020, 0, 30));
    const batches: string[][] = [];
    for (;;) {
      const ids = await store.deleteEndedBefore(cutoff, 2);
      batches.push(ids);
      if (ids.length < 2) break;
    }
    assert.deepEqual(
      batches.map((b) => b.length),
      [2, 2, 1],
    );
    assert.deepEqual(batches.flat().sort(), ['r-old0', 'r-old1', 'r-old2', 'r-old3', 'r-old4']);
    for (const id of batches.flat()) assert.deepEqual(await store.sessionEvents(id, 0), []);
    assert.ok(await store.getSession('r-old-live'));
    assert.ok(await store.getSession('r-newer'));
    assert.deepEqual(await store.deleteEndedBefore(cutoff, 2), []);
  });

  it('claimJob: of concurrent claims of the day exactly one wins; the next day is claimed again', async () => {
    const store = getStore();
    const day = Date.UTC(2020, 5, 1);
    const now = new Date(day + 3_600_000);
    const wins = await Promise.all(Array.from({ length: 8 }, () => store.claimJob('test-job', now, new Date(day))));
    assert.equal(wins.filter(Boolean).length, 1);
    assert.equal(await store.claimJob('test-job', new Date(day + 7_200_000), new Date(day)), false, 'the same day');
    assert.equal(await store.claimJob('other-job', now, new Date(day)), true, 'jobs are independent');
    const next = Array.from({ length: 4 }, () =>
      store.claimJob('test-job', new Date(day + 86_400_000 + 60_000), new Date(day + 86_400_000)),
    );
    assert.equal((await Promise.all(next)).filter(Boolean).length, 1);
  });
}
