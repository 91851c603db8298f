/** One contract for every Store adapter: PGlite and PostgreSQL must behave the same. */
import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import type { Store, EventWrite, EscalationRecord } from '@livespace/app/ports/index';
import type { AgentBody, Callback, EscalationInfo, SessionEvent, SessionSummary } from '@livespace/protocol';
import { callbackTransition, type CallbackCommand } from '@livespace/domain';
import { historyContractCases } from './history.contract';
import { retentionContractCases } from './retention.contract';
import { analyticsContractCases } from './analytics.contract';

const agentBody: AgentBody = {
  name: 'Test agent',
  description: '',
  voice: 'en-us',
  flow: { start: 'bye', nodes: { bye: { type: 'end', say: 'Bye.' } }, variables: {} },
};

function summary(id: string, seq: number, state: SessionSummary['state'] = 'ai_active'): SessionSummary {
  return {
    id,
    channel: 'voice',
    direction: 'inbound',
    agentId: 'a1',
    agentName: 'Test agent',
    callerNumber: '+15555550100',
    state,
    startedAt: '2026-11-24T10:00:00.000Z',
    endedAt: state === 'ended' ? '2026-11-24T10:05:00.000Z' : null,
    endReason: state === 'ended' ? 'caller_hangup' : null,
    currentNode: null,
    lastLine: null,
    seq,
  };
}

function callback(id: string, at: string): Callback {
  return {
    id,
    to: '+14155550100',
    agentId: 'a1',
    at,
    timeZone: 'Europe/Paris',
    status: 'scheduled',
    attempts: [],
    maxAttempts: 3,
    source: 'person',
    originSessionId: null,
    createdBy: { id: 'u1', name: 'Ann' },
    note: null,
    createdAt: at,
    updatedAt: at,
  };
}

/** The domain's transition as a store change (null when refused). */
const apply = (cmd: CallbackCommand) => (c: Callback) => {
  const r = callbackTransition(c, cmd);
  return r.ok ? r.callback : null;
};

function line(id: string, seq: number, text: string): EventWrite {
  const event: SessionEvent = {
    type: 'line.final',
    seq,
    at: new Date(Date.UTC(2026, 10, 24, 10, 0, seq)).toISOString(),
    lineId: `l${seq}`,
    speaker: 'caller',
    text,
  };
  return { sessionId: id, event, summary: summary(id, seq) };
}

export function storeContract(name: string, open: () => Promise<{ store: Store; cleanup(): Promise<void> }>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ store, cleanup } = await open());
      await store.migrate();
      await store.migrate(); // a second run applies nothing and fails on nothing
    });
    after(async () => {
      await store.close();
      await cleanup();
    });

    it('creates users with unique, case-insensitive emails', async () => {
      const u = await store.createUser({
        id: 'u1',
        email: 'Ann@Example.com',
        name: 'Ann',
        role: 'supervisor',
        queues: ['sales'],
        passwordHash: 'h',
      });
      assert.equal(u.email, 'ann@example.com');
      assert.deepEqual((await store.findUserByEmail('ANN@example.com'))?.queues, ['sales']);
      await assert.rejects(
        store.createUser({
          id: 'u2',
          email: 'ann@example.com',
          name: 'A2',
          role: 'agent',
          queues: [],
          passwordHash: 'h',
        }),
      );
      assert.equal(await store.countUsers(), 1);
      assert.equal(await store.findUserById('nope'), null);
    });

    it("finds users by live token only, with the token's expiry", async () => {
      const now = new Date('2026-11-24T10:00:00Z');
      await store.createToken('t-live', 'u1', new Date(now.getTime() + 60_000));
      await store.createToken('t-old', 'u1', new Date(now.getTime() - 1));
      const login = await store.findLogin('t-live', now);
      assert.equal(login?.user.id, 'u1');
      assert.equal(login?.expiresAt.getTime(), now.getTime() + 60_000);
      assert.equal(await store.findLogin('t-old', now), null);
      await store.deleteToken('t-live');
      assert.equal(await store.findLogin('t-live', now), null);
    });

    it('updates users: name, role, queues; disabling ends every login and hides the agent; passwords; other logins ended', async () => {
      const now = new Date('2026-11-24T10:00:00Z');
      await store.createUser({
        id: 'u-ed',
        email: 'ed@example.com',
        name: 'Ed',
        role: 'agent',
        queues: ['billing'],
        passwordHash: 'h1',
      });
      await store.createToken('t-ed-1', 'u-ed', new Date(now.getTime() + 60_000));
      await store.createToken('t-ed-2', 'u-ed', new Date(now.getTime() + 60_000));
      assert.equal(await store.updateUser('nobody', { name: 'X' }, now), null);
      const renamed = await store.updateUser('u-ed', { name: 'Edward', queues: ['billing', 'sales'] }, now);
      assert.deepEqual(
        [renamed?.name, renamed?.role, renamed?.queues, renamed?.disabled],
        ['Edward', 'agent', ['billing', 'sales'], false],
      );
      assert.ok((await store.listPresence()).some((p) => p.userId === 'u-ed'));
      assert.deepEqual((await store.deleteTokensOfUser('u-ed', 't-ed-1')).sort(), ['t-ed-2']);
      assert.equal((await store.findLogin('t-ed-1', now))?.user.name, 'Edward');
      const adminsBefore = await store.countActiveAdmins();
      const disabled = await store.updateUser('u-ed', { disabled: true }, now);
      assert.equal(disabled?.disabled, true);
      assert.equal(await store.findLogin('t-ed-1', now), null, 'a disabled user has no live login');
      assert.ok(
        !(await store.listPresence()).some((p) => p.userId === 'u-ed'),
        'a disabled agent is not listed for work',
      );
      assert.equal((await store.updateUser('u-ed', { disabled: false, role: 'admin' }, now))?.disabled, false);
      assert.equal(await store.countActiveAdmins(), adminsBefore + 1);
      assert.equal(await store.setPasswordHash('u-ed', 'h2', now), true);
      assert.equal((await store.findUserById('u-ed'))?.passwordHash, 'h2');
      assert.equal(await store.setPasswordHash('nobody', 'h2', now), false);
      assert.ok((await store.listUsers()).some((u) => u.id === 'u-ed' && u.role === 'admin'));
      await store.updateUser('u-ed', { role: 'supervisor' }, now); // out of the presence tests' way
    });

    it('maps phone numbers to agents: insert, replace keeping createdAt, list in order, delete', async () => {
      const first = await store.upsertNumber(
        { number: '+15550200002', agentId: 'a1', carrier: 'twilio', channels: ['voice', 'sms'] },
        new Date('2026-11-24T10:00:00.000Z'),
      );
      await store.upsertNumber(
        { number: '+15550200001', agentId: 'a2', carrier: 'simulator', channels: ['whatsapp'] },
        new Date('2026-11-24T10:00:00.000Z'),
      );
      const changed = await store.upsertNumber(
        { number: '+15550200002', agentId: 'a3', carrier: 'twilio', channels: ['voice'] },
        new Date('2026-11-24T11:00:00.000Z'),
      );
      assert.deepEqual(changed, {
        ...first,
        agentId: 'a3',
        channels: ['voice'],
        updatedAt: '2026-11-24T11:00:00.000Z',
      });
      assert.deepEqual(
        (await store.listNumbers()).map((n) => [n.number, n.agentId, n.carrier, n.channels]),
        [
          ['+15550200001', 'a2', 'simulator', ['whatsapp']],
          ['+15550200002', 'a3', 'twilio', ['voice']],
        ],
      );
      assert.equal(await store.deleteNumber('+15550200001'), true);
      assert.equal(await store.deleteNumber('+15550200001'), false);
      assert.deepEqual(
        (await store.listNumbers()).map((n) => n.number),
        ['+15550200002'],
      );
    });

    it('stores agents and seeds each key once', async () => {
      const now = new Date('2026-11-24T10:00:00Z');
      assert.ok(await store.createAgent('ag1', agentBody, now, 'seed-a'));
      assert.equal(await store.createAgent('ag2', agentBody, now, 'seed-a'), null);
      assert.ok(await store.createAgent('ag3', { ...agentBody, name: 'Other' }, now));
      const all = await store.listAgents();
      assert.deepEqual(
        all.map((a) => a.id),
        ['ag1', 'ag3'],
      );
      assert.deepEqual((await store.getAgent('ag1'))?.flow, agentBody.flow);
      assert.equal(await store.getAgent('missing'), null);
    });

    it('appends events in order and keeps the newest summary', async () => {
      const start: EventWrite = {
        sessionId: 's1',
        event: { type: 'session.started', seq: 1, at: '2026-11-24T10:00:00.000Z', summary: summary('s1', 1) },
        summary: summary('s1', 1),
      };
      await store.appendEvents([start, line('s1', 2, 'hello'), line('s2', 1, 'other')]);
      await store.appendEvents([line('s1', 3, 'again')]);
      const events = await store.sessionEvents('s1', 0);
      assert.deepEqual(
        events.map((e) => e.seq),
        [1, 2, 3],
      );
      assert.deepEqual(events[2], line('s1', 3, 'again').event);
      assert.deepEqual(
        (await store.sessionEvents('s1', 2)).map((e) => e.seq),
        [3],
      );
      assert.equal((await store.getSession('s1'))?.seq, 3);
      assert.equal(await store.getSession('none'), null);
    });

    it('rejects a duplicate event and writes nothing of that batch', async () => {
      // 23505 (unique_violation) on both engines: the event log relies on it to skip what is already stored.
      await assert.rejects(store.appendEvents([line('s1', 4, 'new'), line('s1', 3, 'dup')]), { code: '23505' });
      assert.deepEqual(
        (await store.sessionEvents('s1', 0)).map((e) => e.seq),
        [1, 2, 3],
      );
      assert.equal((await store.getSession('s1'))?.seq, 3);
    });

    it('lists live sessions apart from ended ones', async () => {
      await store.appendEvents([
        {
          sessionId: 's2',
          event: { type: 'session.ended', seq: 2, at: '2026-11-24T10:05:00.000Z', reason: 'caller_hangup' },
          summary: summary('s2', 2, 'ended'),
        },
      ]);
      assert.deepEqual(
        (await store.listSessions({ live: true })).map((s) => s.id),
        ['s1'],
      );
      assert.deepEqual((await store.listSessions({})).map((s) => s.id).sort(), ['s1', 's2']);
    });

    it("updates a live session's row in place as its events commit (no new index entries: migration 023)", async () => {
      // The commits' connection: a backend's counts reach pg_stat_user_tables when it flushes them, and the next
      // flush is forced on the connection that asks (sequential commits reuse the one idle connection).
      const db = (store as unknown as { db: { commits: { query<T>(text: string, params?: unknown[]): Promise<T[]> } } })
        .db.commits;
      const stats = async () => {
        await db.query('select pg_stat_force_next_flush()');
        const [r] = await db.query<{ upd: string; hot: string }>(
          `select n_tup_upd::text as upd, n_tup_hot_upd::text as hot from pg_stat_user_tables where relname = 'sessions'`,
        );
        return { upd: Number(r?.upd), hot: Number(r?.hot) };
      };
      const outbound = {
        ...summary('hot-1', 1),
        outbound: { kind: 'campaign', campaignId: 'c-hot' },
      } as SessionSummary;
      await store.appendEvents([
        {
          sessionId: 'hot-1',
          event: { type: 'session.started', seq: 1, at: outbound.startedAt, summary: outbound },
          summary: outbound,
        },
      ]);
      const before = await stats();
      for (let seq = 2; seq <= 21; seq++) {
        const w = line('hot-1', seq, `line ${seq}`);
        await store.appendEvents([{ ...w, summary: { ...w.summary, outbound: outbound.outbound } }]);
      }
      const after = await stats();
      assert.equal(after.upd - before.upd, 20, 'each commit updates the row');
      // A page can run out of room before its dead versions are pruned; nearly all must be in place.
      assert.ok(after.hot - before.hot >= 18, `in place: ${after.hot - before.hot} of 20`);
      assert.deepEqual(
        (await store.listSessions({ campaignId: 'c-hot' })).map((s) => s.id),
        ['hot-1'],
        "found by its campaign (the index's column)",
      );
    });

    it("leaves a live session's row as it was for partial lines, yet reads it with its newest event's seq", async () => {
      const spoken = (type: 'line.partial' | 'line.final', seq: number, text: string): EventWrite => {
        const at = new Date(Date.UTC(2026, 10, 24, 10, 0, seq)).toISOString();
        return {
          sessionId: 'part-1',
          event: { type, seq, at, lineId: 'lp', speaker: 'caller', text },
          summary: { ...summary('part-1', seq), lastLine: { speaker: 'caller', text, at } },
        };
      };
      await store.appendEvents([
        {
          sessionId: 'part-1',
          event: { type: 'session.started', seq: 1, at: '2026-11-24T10:00:00.000Z', summary: summary('part-1', 1) },
          summary: summary('part-1', 1),
        },
      ]);
      await store.appendEvents([spoken('line.partial', 2, 'I would'), spoken('line.partial', 3, 'I would like')]);
      assert.deepEqual(
        (await store.sessionEvents('part-1', 0)).map((e) => e.type),
        ['session.started', 'line.partial', 'line.partial'],
        'the partials are stored',
      );
      const read = await store.getSession('part-1');
      assert.equal(read?.seq, 3, 'an event appended next follows the partials');
      assert.equal(read?.lastLine, null, 'the last line waits for its final words');
      assert.equal((await store.listSessions({ live: true })).find((s) => s.id === 'part-1')?.seq, 3);

      // A final line (any event but a partial) writes the row, with partials in its batch or not.
      await store.appendEvents([
        spoken('line.partial', 4, 'I would like a'),
        spoken('line.final', 5, 'I want a refund'),
      ]);
      await store.appendEvents([spoken('line.partial', 6, 'Now')]);
      const after = await store.getSession('part-1');
      assert.equal(after?.lastLine?.text, 'I want a refund');
      assert.equal(after?.seq, 6);

      // A process that dies mid-sentence: its orphan is ended after the partials, not on top of one of them.
      const orphan = (await store.orphanedSessions(new Date('2100-01-01T00:00:00Z'))).find((s) => s.id === 'part-1');
      assert.equal(orphan?.seq, 6);
      const at = '2026-11-24T10:05:00.000Z';
      await store.appendEvents([
        {
          sessionId: 'part-1',
          event: { type: 'session.ended', seq: 7, at, reason: 'server_lost' },
          summary: { ...orphan!, seq: 7, state: 'ended', endedAt: at, endReason: 'server_lost' },
        },
      ]);
      const ended = await store.getSession('part-1');
      assert.equal(ended?.state, 'ended');
      assert.equal(ended?.seq, 7);
    });

    it('knows which server process owns a session', async () => {
      await store.appendEvents([line('owned-by-a', 1, 'hi')], 'node-a');
      await store.appendEvents([line('owned-by-a', 2, 'again')], 'node-b');
      assert.equal(await store.sessionOwner('owned-by-a'), 'node-a', 'the node that created it keeps it');
      assert.equal(await store.sessionOwner('s1'), null);
      assert.equal(await store.sessionOwner('none'), null);
    });

    it('finds the live message conversation with a customer, and its owner', async () => {
      const wa = (
        id: string,
        seq: number,
        number: string,
        state: SessionSummary['state'] = 'ai_active',
      ): EventWrite => ({
        sessionId: id,
        event: {
          type: 'line.final',
          seq,
          at: '2026-11-24T10:00:00.000Z',
          lineId: `l${seq}`,
          speaker: 'caller',
          text: 'hi',
        },
        summary: { ...summary(id, seq, state), channel: 'whatsapp', callerNumber: number },
      });
      await store.appendEvents([wa('wa-old', 1, '+14155550190', 'ended')], 'node-a');
      await store.appendEvents([wa('wa-live', 1, '+14155550190')], 'node-b');
      assert.deepEqual(await store.liveConversationWith('whatsapp', '+14155550190'), {
        id: 'wa-live',
        owner: 'node-b',
      });
      assert.equal(
        await store.liveConversationWith('sms', '+14155550190'),
        null,
        'another channel is another conversation',
      );
      assert.equal(await store.liveConversationWith('whatsapp', '+14155550191'), null);
    });

    it('finds the live sessions of processes that stopped beating', async () => {
      const t0 = new Date('2026-11-24T10:00:00Z');
      await store.heartbeat('node-a', t0);
      await store.heartbeat('node-b', t0);
      await store.appendEvents([line('on-a', 1, 'x')], 'node-a');
      await store.appendEvents([line('on-b', 1, 'x')], 'node-b');
      await store.appendEvents([line('on-a', 2, 'y')], 'node-b'); // ownership is set once, by the first write
      await store.heartbeat('node-b', new Date(t0.getTime() + 60_000));
      const orphans = (await store.orphanedSessions(new Date(t0.getTime() + 30_000))).map((s) => s.id);
      assert.ok(orphans.includes('on-a'));
      assert.ok(!orphans.includes('on-b'));
      assert.ok(orphans.includes('s1'), 'a session with no known owner is an orphan');
      assert.ok(!orphans.includes('s2'), 'ended sessions are never orphans');
    });

    it('records supervisor actions and lists them per session, oldest first', async () => {
      await store.recordAction({
        id: 'a2',
        sessionId: 's1',
        action: 'end',
        userId: 'u1',
        userName: 'Ann',
        result: 'rejected',
        error: 'wrong_state',
        at: '2026-11-24T10:02:00.000Z',
      });
      await store.recordAction({
        id: 'a1',
        sessionId: 's1',
        action: 'whisper',
        userId: 'u1',
        userName: 'Ann',
        text: 'be kind',
        result: 'ok',
        at: '2026-11-24T10:01:00.000Z',
      });
      await store.recordAction({
        id: 'a3',
        sessionId: 's2',
        action: 'barge',
        userId: 'u1',
        userName: 'Ann',
        text: 'hi',
        result: 'ok',
        at: '2026-11-24T10:01:00.000Z',
      });
      assert.deepEqual(await store.listActions('s1'), [
        {
          id: 'a1',
          sessionId: 's1',
          action: 'whisper',
          userId: 'u1',
          userName: 'Ann',
          text: 'be kind',
          result: 'ok',
          at: '2026-11-24T10:01:00.000Z',
        },
        {
          id: 'a2',
          sessionId: 's1',
          action: 'end',
          userId: 'u1',
          userName: 'Ann',
          result: 'rejected',
          error: 'wrong_state',
          at: '2026-11-24T10:02:00.000Z',
        },
      ]);
      assert.deepEqual(await store.listActions('none'), []);
    });

    it('writes a large batch in one go', async () => {
      const batch = Array.from({ length: 5000 }, (_, i) => line('big', i + 1, `line ${i}`));
      await store.appendEvents(batch);
      assert.equal((await store.sessionEvents('big', 0)).length, 5000);
      assert.equal((await store.getSession('big'))?.seq, 5000);
    });

    it('keeps escalations as their events say, and lets exactly one of 50 concurrent claims win', async () => {
      const info = (status: EscalationInfo['status'], extra: Partial<EscalationInfo> = {}): EscalationInfo => ({
        id: 'esc1',
        queue: 'billing',
        priority: 'high',
        reason: 'wants_human',
        status,
        waitingSince: '2026-11-24T10:00:10.000Z',
        claimedBy: null,
        claimedAt: null,
        endedAt: null,
        resolution: null,
        notes: null,
        ...extra,
      });
      const ev = (seq: number, x: EscalationInfo): EventWrite => ({
        sessionId: 'se1',
        event: { type: 'escalation', seq, at: '2026-11-24T10:00:10.000Z', escalation: x },
        summary: { ...summary('se1', seq, 'queued'), escalation: x },
      });
      await store.appendEvents([ev(1, info('waiting'))]);
      const waiting = await store.getEscalation('esc1');
      assert.deepEqual(waiting, {
        ...info('waiting'),
        sessionId: 'se1',
        channel: 'voice',
        callerNumber: '+15555550100',
        agentName: 'Test agent',
      });
      assert.deepEqual(
        (await store.listEscalations(['waiting'])).map((e) => e.id),
        ['esc1'],
      );

      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.claimEscalation('esc1', { id: `agent${i}`, name: `Agent ${i}` }, new Date('2026-11-24T10:00:40.000Z')),
        ),
      );
      const winners = results.filter((r) => r !== null);
      assert.equal(winners.length, 1, 'one winner');
      assert.equal(winners[0]!.status, 'claimed');
      assert.equal(winners[0]!.claimedAt, '2026-11-24T10:00:40.000Z');
      const winner = winners[0]!.claimedBy!;
      assert.equal(await store.claimEscalation('esc1', { id: 'late', name: 'Late' }, new Date()), null);

      // A release by someone else changes nothing; the winner's release makes it waiting again.
      await store.releaseEscalation('esc1', 'someone-else');
      assert.equal((await store.getEscalation('esc1'))!.status, 'claimed');
      await store.releaseEscalation('esc1', winner.id);
      assert.equal((await store.getEscalation('esc1'))!.status, 'waiting');
      assert.ok(await store.claimEscalation('esc1', winner, new Date('2026-11-24T10:00:45.000Z')));

      // The session's later events move the row on.
      await store.appendEvents([
        ev(
          2,
          info('resolved', {
            claimedBy: winner,
            claimedAt: '2026-11-24T10:00:45.000Z',
            endedAt: '2026-11-24T10:03:00.000Z',
            resolution: 'follow_up',
            notes: 'call back Friday',
          }),
        ),
      ]);
      const done = (await store.getEscalation('esc1'))!;
      assert.equal(done.status, 'resolved');
      assert.equal(done.resolution, 'follow_up');
      assert.equal(done.notes, 'call back Friday');
      assert.deepEqual(await store.listEscalations(['waiting', 'claimed']), []);
      assert.deepEqual(
        (await store.escalationsSince(new Date('2026-11-24T00:00:00Z'))).map((e) => e.id),
        ['esc1'],
      );
      assert.deepEqual(await store.escalationsSince(new Date('2026-11-25T00:00:00Z')), []);
    });

    it("keeps human agents' presence: offline until set, conditional changes, seen and gone", async () => {
      await store.createUser({
        id: 'ag1',
        email: 'ag1@example.com',
        name: 'Ava',
        role: 'agent',
        queues: ['billing'],
        passwordHash: 'h',
      });
      await store.createUser({
        id: 'ag2',
        email: 'ag2@example.com',
        name: 'Ben',
        role: 'agent',
        queues: ['billing', 'sales'],
        passwordHash: 'h',
      });
      let all = await store.listPresence();
      assert.deepEqual(
        all.map((p) => [p.name, p.status]),
        [
          ['Ava', 'offline'],
          ['Ben', 'offline'],
        ],
        'agents only (no supervisors), offline at first',
      );
      const t0 = new Date('2026-11-24T11:00:00.000Z');
      assert.equal(await store.setPresence('ag1', 'available', t0, { chosen: true }), true);
      assert.equal(await store.setPresence('ag1', 'busy', t0, { expect: 'away' }), false, 'not away: no change');
      assert.equal(
        await store.setPresence('ag1', 'busy', new Date('2026-11-24T11:01:00.000Z'), { expect: 'available' }),
        true,
      );
      all = await store.listPresence();
      assert.deepEqual(all[0], {
        userId: 'ag1',
        name: 'Ava',
        queues: ['billing'],
        status: 'busy',
        since: '2026-11-24T11:01:00.000Z',
      });
      await store.setPresence('ag2', 'away', t0);
      assert.deepEqual(
        await store.goneHumanAgents(new Date('2026-11-24T11:00:30.000Z')),
        ['ag2'],
        'busy agents are not taken for gone',
      );
      await store.touchPresence(['ag2'], new Date('2026-11-24T11:00:40.000Z'));
      assert.deepEqual(await store.goneHumanAgents(new Date('2026-11-24T11:00:30.000Z')), []);

      // What each comes back to: Ava chose available (then was busy), Ben set away without it being his choice.
      assert.deepEqual(await store.returningHumanAgents(['ag1', 'ag2']), [], 'nobody is offline');
      await store.setPresence('ag1', 'offline', t0);
      await store.setPresence('ag2', 'offline', t0);
      assert.deepEqual(await store.returningHumanAgents(['ag1', 'ag2']), [{ userId: 'ag1', chosen: 'available' }]);
      await store.setPresence('ag1', 'offline', t0, { chosen: true });
      assert.deepEqual(await store.returningHumanAgents(['ag1', 'ag2']), [], 'chose offline: stays offline');
    });

    it("keeps queue settings in priority order, and makes exactly the given users a queue's members", async () => {
      const now = new Date('2026-11-24T11:00:00.000Z');
      for (const [id, queues] of [
        ['qm1', ['q-billing']],
        ['qm2', ['q-sales']],
        ['qm3', ['q-sales', 'q-billing']],
      ] as const) {
        await store.createUser({
          id,
          email: `${id}@example.com`,
          name: id,
          role: 'agent',
          queues: [...queues],
          passwordHash: 'h',
        });
      }
      assert.deepEqual(await store.createQueueSettings({ name: 'q-sales', slaSeconds: 30, priority: 2 }, now), {
        name: 'q-sales',
        slaSeconds: 30,
        priority: 2,
      });
      assert.deepEqual(await store.createQueueSettings({ name: 'q-billing', slaSeconds: 90, priority: 1 }, now), {
        name: 'q-billing',
        slaSeconds: 90,
        priority: 1,
      });
      assert.equal(await store.createQueueSettings({ name: 'q-sales', slaSeconds: 10, priority: 9 }, now), 'exists');
      assert.deepEqual(
        (await store.listQueueSettings()).map((q) => q.name),
        ['q-billing', 'q-sales'],
      );
      assert.deepEqual(await store.updateQueueSettings('q-sales', { slaSeconds: 45 }, now), {
        name: 'q-sales',
        slaSeconds: 45,
        priority: 2,
      });
      assert.equal(await store.updateQueueSettings('nowhere', { slaSeconds: 45 }, now), null);

      const changed = await store.setQueueMembers('q-billing', ['qm1', 'qm2']);
      assert.deepEqual([...changed].sort(), ['qm2', 'qm3'], 'qm1 had it already');
      const queuesOf = async (id: string) => (await store.findUserById(id))!.queues;
      assert.deepEqual(await queuesOf('qm1'), ['q-billing']);
      assert.deepEqual(await queuesOf('qm2'), ['q-sales', 'q-billing']);
      assert.deepEqual(await queuesOf('qm3'), ['q-sales']);
      assert.deepEqual(
        await store.setQueueMembers('q-billing', ['qm1', 'qm2']),
        [],
        'the same members again: nothing changes',
      );
    });

    it('a human agent claims one call at a time: of two claims at once on two escalations, one wins and the other is busy', async () => {
      await store.createUser({
        id: 'solo',
        email: 'solo@example.com',
        name: 'Sol',
        role: 'agent',
        queues: ['billing'],
        passwordHash: 'h',
      });
      const x = (id: string): EscalationInfo => ({
        id,
        queue: 'billing',
        priority: 'normal',
        reason: 'r',
        status: 'waiting',
        waitingSince: '2026-11-24T10:00:10.000Z',
        claimedBy: null,
        claimedAt: null,
        endedAt: null,
        resolution: null,
        notes: null,
      });
      const sol = { id: 'solo', name: 'Sol' };
      const ava = {
        id: 'ava',
        email: 'ava@example.com',
        name: 'Ava',
        role: 'agent' as const,
        queues: ['billing'],
        passwordHash: 'h',
      };
      for (let round = 0; round < 5; round++) {
        const [a, b] = [`ex${round}a`, `ex${round}b`];
        await store.appendEvents(
          [a, b].map((id, n) => ({
            sessionId: `sx${round}${n}`,
            event: { type: 'escalation', seq: 1, at: '2026-11-24T10:00:10.000Z', escalation: x(id) },
            summary: { ...summary(`sx${round}${n}`, 1, 'queued'), escalation: x(id) },
          })),
        );
        const results = await Promise.all(
          [a, b].map((id) => store.claimEscalationAlone(id, sol, new Date('2026-11-24T10:00:40.000Z'))),
        );
        assert.equal(
          results.filter((r) => r === 'busy').length,
          1,
          `round ${round}: ${JSON.stringify(results.map((r) => (r && r !== 'busy' ? r.id : r)))}`,
        );
        assert.equal(results.filter((r) => r && r !== 'busy').length, 1);
        const won = results.find((r) => r && r !== 'busy') as EscalationRecord;
        assert.deepEqual(
          { status: won.status, claimedBy: won.claimedBy, claimedAt: won.claimedAt, waitingSince: won.waitingSince },
          {
            status: 'claimed',
            claimedBy: sol,
            claimedAt: '2026-11-24T10:00:40.000Z',
            waitingSince: '2026-11-24T10:00:10.000Z',
          },
          'the claimed row as it now is',
        );
        const other = won.id === a ? b : a;
        await store.createUser({ ...ava, id: `ava${round}`, email: `ava${round}@example.com` });
        assert.equal(
          await store.claimEscalationAlone(won.id, { id: `ava${round}`, name: 'Ava' }, new Date()),
          null,
          'taken: no claim',
        );
        // Done with it: the next round starts free (the other escalation stays waiting, and is claimed by nobody).
        assert.equal((await store.getEscalation(other))?.status, 'waiting');
        await store.appendEvents([
          {
            sessionId: won.sessionId,
            event: {
              type: 'escalation',
              seq: 2,
              at: '2026-11-24T10:01:00.000Z',
              escalation: { ...x(won.id), status: 'resolved' },
            },
            summary: { ...summary(won.sessionId, 2, 'queued') },
          },
        ]);
      }
    });

    it('keeps callbacks durable; an insert of a known id books once; changes are refused in the wrong state', async () => {
      const c = callback('cb-a', '2026-11-24T12:00:00.000Z');
      assert.deepEqual(await store.insertCallback(c), c);
      assert.deepEqual(await store.insertCallback({ ...c, note: 'again' }), c, 'the first booking stays');
      assert.deepEqual(await store.getCallback('cb-a'), c);
      const moved = await store.updateCallback(
        'cb-a',
        apply({ type: 'reschedule', at: '2026-11-24T13:00:00.000Z', now: '2026-11-24T11:00:00.000Z' }),
      );
      assert.equal(moved?.after?.at, '2026-11-24T13:00:00.000Z');
      const canceled = await store.updateCallback('cb-a', apply({ type: 'cancel', now: '2026-11-24T11:01:00.000Z' }));
      assert.equal(canceled?.after?.status, 'canceled');
      const refused = await store.updateCallback('cb-a', apply({ type: 'call_now', now: '2026-11-24T11:02:00.000Z' }));
      assert.equal(refused?.after, null);
      assert.equal((await store.getCallback('cb-a'))?.status, 'canceled');
      assert.equal(
        await store.updateCallback('cb-none', apply({ type: 'cancel', now: '2026-11-24T11:02:00.000Z' })),
        null,
      );
      assert.ok(
        (await store.listCallbacks()).some((x) => x.id === 'cb-a'),
        'recent finished ones are listed',
      );
      assert.deepEqual(
        (await store.listCallbacks({ statuses: ['scheduled'] })).map((x) => x.id),
        [],
      );
    });

    it('claims each due callback exactly once among concurrent claimers (FOR UPDATE SKIP LOCKED)', async () => {
      for (let i = 0; i < 30; i++)
        await store.insertCallback(
          callback(`cb-due-${String(i).padStart(2, '0')}`, `2026-11-24T12:${String(i).padStart(2, '0')}:00.000Z`),
        );
      await store.insertCallback(callback('cb-later', '2026-11-25T09:00:00.000Z'));
      const now = new Date('2026-11-24T12:45:00.000Z');
      let n = 0;
      const claimers = Array.from({ length: 6 }, (_, k) =>
        store.claimDueCallbacks(now, 4, `node-${k % 2}`, (c) =>
          apply({ type: 'dial', sessionId: `ses-${c.id}-${n++}`, now: now.toISOString() })(c),
        ),
      );
      const first = (await Promise.all(claimers)).flat();
      let rest = first;
      while (rest.length > 0) {
        rest = await store.claimDueCallbacks(now, 4, 'node-0', (c) =>
          apply({ type: 'dial', sessionId: `ses-${c.id}-${n++}`, now: now.toISOString() })(c),
        );
        first.push(...rest);
      }
      const ids = first.map((c) => c.id).sort();
      assert.equal(ids.length, 30, 'every due callback once');
      assert.equal(new Set(ids).size, 30, 'none twice');
      assert.ok(!ids.includes('cb-later'), 'not before its time');
      const dialing = await store.listCallbacks({ statuses: ['dialing'] });
      assert.equal(dialing.length, 30);
      assert.ok(dialing.every((c) => c.attempts.length === 1));
      assert.equal((await store.orphanedCallbacks(null)).length, 30);
      await store.heartbeat('node-0', new Date('2026-11-24T12:45:00.000Z'));
      await store.heartbeat('node-1', new Date('2026-11-24T12:40:00.000Z'));
      const orphans = await store.orphanedCallbacks(new Date('2026-11-24T12:44:00.000Z'));
      assert.ok(orphans.length > 0 && orphans.length < 30, 'only those of the silent process');
      const ended = await store.updateCallback(ids[0]!, (c) =>
        apply({
          type: 'attempt_ended',
          sessionId: c.attempts[0]!.sessionId,
          result: 'answered',
          now: now.toISOString(),
          retryAt: now.toISOString(),
        })(c),
      );
      assert.equal(ended?.after?.status, 'completed');
    });

    historyContractCases(() => store);
    retentionContractCases(() => store);
    analyticsContractCases(() => store);
  });
}
