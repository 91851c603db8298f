/**
 * Analytics' part of the store contract (run inside `storeContract`, on every adapter): every figure of one day,
 * written the way the product writes it (session events, supervisor actions, callbacks, presence changes) and checked
 * against numbers worked out by hand below. The day is in 2031, away from the other cases' rows.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Callback, EscalationInfo, SessionEventInput, SessionSummary } from '@livespace/protocol';
import type { EventWrite, Store } from '@livespace/app/ports/index';
import { sessionWrites } from './session-writes';

const DAY = '2031-03-10T00:00:00.000Z';
const NEXT = '2031-03-11T00:00:00.000Z';
/** Seconds after 09:00 UTC that day. */
const T0 = Date.parse('2031-03-10T09:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

interface Plan {
  start: number;
  agentId: string;
  channel?: SessionSummary['channel'];
  direction?: SessionSummary['direction'];
  then: Array<[number, SessionEventInput]>;
  campaignId?: string;
}

/** A session's events at the given seconds, each with the summary right after it. */
function writes(id: string, plan: Plan): EventWrite[] {
  return sessionWrites(
    {
      id,
      channel: plan.channel ?? 'voice',
      direction: plan.direction ?? 'inbound',
      agentId: plan.agentId,
      agentName: plan.agentId,
      callerNumber: '+14155550100',
      startedAt: at(plan.start),
      ...(plan.campaignId ? { outbound: { campaignId: plan.campaignId } as SessionSummary['outbound'] } : {}),
    },
    plan.then.map(([s, e]) => [at(s), e]),
  );
}

const end = (reason = 'caller_hangup'): SessionEventInput => ({ type: 'session.ended', reason });
const escalation = (
  id: string,
  status: EscalationInfo['status'],
  waiting: number,
  claimed: number | null,
  ended: number | null,
  by: string | null,
): SessionEventInput => ({
  type: 'escalation',
  escalation: {
    id,
    queue: 'an-billing',
    priority: 'normal',
    reason: id === 'an-e3' ? 'caller_asked' : 'billing_dispute',
    status,
    waitingSince: at(waiting),
    claimedBy: by ? { id: by, name: by } : null,
    claimedAt: claimed === null ? null : at(claimed),
    endedAt: ended === null ? null : at(ended),
    resolution: status === 'resolved' ? 'resolved' : null,
    notes: null,
  },
});

export function analyticsContractCases(getStore: () => Store): void {
  it("analytics: a day's figures, worked out by hand", async () => {
    const store = getStore();
    await store.createUser({
      id: 'an-x',
      email: 'an-x@example.com',
      name: 'Xena',
      role: 'agent',
      queues: ['an-billing'],
      passwordHash: 'h',
    });
    await store.appendEvents([
      // S1 09:00, 60 s, no person: contained.
      ...writes('an-1', { start: 0, agentId: 'an-agent-a', then: [[60, end()]] }),
      // S2 10:00: waits 20 s in an-billing, Xena claims it, the call ends at +100 s, she completes 30 s later
      // (wrap-up).
      ...writes('an-2', {
        start: 3600,
        agentId: 'an-agent-a',
        then: [
          [3610, escalation('an-e2', 'waiting', 3610, null, null, null)],
          [3630, escalation('an-e2', 'claimed', 3610, 3630, null, 'an-x')],
          [3700, end()],
          [3730, escalation('an-e2', 'resolved', 3610, 3630, 3730, 'an-x')],
        ],
      }),
      // S3 11:00 WhatsApp: waits 70 s and the customer leaves (an abandon counted against the service level).
      ...writes('an-3', {
        start: 7200,
        agentId: 'an-agent-b',
        channel: 'whatsapp',
        then: [
          [7205, escalation('an-e3', 'waiting', 7205, null, null, null)],
          [7275, escalation('an-e3', 'abandoned', 7205, null, 7275, null)],
          [7275, end()],
        ],
      }),
      // S4 11:01:40, outbound for a campaign, 120 s, interested, went critical once: contained.
      ...writes('an-4', {
        start: 7300,
        agentId: 'an-agent-b',
        direction: 'outbound',
        campaignId: 'an-cmp',
        then: [
          [
            7310,
            {
              type: 'health',
              health: { level: 'critical', reasons: [{ code: 'long_silence', level: 'critical', text: 'silence' }] },
            } as SessionEventInput,
          ],
          [
            7400,
            {
              type: 'system',
              lineId: 'l-outcome',
              kind: 'outcome',
              text: 'Outcome: interested',
              data: { outcome: 'interested' },
            },
          ],
          [7420, end()],
        ],
      }),
      // S5 11:03:20, still live.
      ...writes('an-5', { start: 7400, agentId: 'an-agent-a', then: [] }),
      // The next day: outside the period.
      ...writes('an-6', { start: 86_400, agentId: 'an-agent-a', then: [[86_460, end()]] }),
    ]);
    const action = (
      id: string,
      sessionId: string,
      what: 'whisper' | 'takeover' | 'resume' | 'barge' | 'claim',
      s: number,
      result: 'ok' | 'rejected' = 'ok',
    ) => store.recordAction({ id, sessionId, action: what, userId: 'an-sup', userName: 'Sue', result, at: at(s) });
    await action('an-a1', 'an-1', 'whisper', 30);
    await action('an-a2', 'an-2', 'takeover', 3650);
    await action('an-a3', 'an-2', 'resume', 3660);
    await action('an-a4', 'an-2', 'barge', 3665, 'rejected');
    await action('an-a5', 'an-2', 'claim', 3630);
    // What followed: a whisper on S3 before it was escalated (escalated), one on S5 still live (live).
    await action('an-a6', 'an-3', 'whisper', 7201);
    await action('an-a7', 'an-5', 'whisper', 7450);
    const callback = (id: string, status: Callback['status'], due: string): Callback => ({
      id,
      to: '+14155550100',
      agentId: 'an-agent-a',
      at: due,
      timeZone: null,
      status,
      attempts: [],
      maxAttempts: 3,
      source: 'person',
      originSessionId: null,
      createdBy: null,
      note: null,
      createdAt: due,
      updatedAt: due,
    });
    await store.insertCallback(callback('an-c1', 'missed', at(100)));
    await store.insertCallback(callback('an-c2', 'completed', at(200)));
    await store.insertCallback(callback('an-c3', 'missed', NEXT));
    // Xena: available 08:00, busy with S2 10:00:30–10:02:10, available again, away at 11:00, offline at 12:00.
    for (const [status, s] of [
      ['available', -3600],
      ['busy', 3630],
      ['available', 3730],
      ['away', 7200],
      ['offline', 10_800],
    ] as const) {
      await store.setPresence('an-x', status, new Date(at(s)), { chosen: status !== 'busy' });
    }

    const sum = await store.analyticsSummary(new Date(DAY), new Date(NEXT), 'UTC', 60);
    assert.equal(sum.conversations, 5);
    assert.deepEqual(sum.byChannel, { voice: 4, whatsapp: 1 });
    assert.deepEqual(sum.byDirection, { inbound: 4, outbound: 1 });
    assert.equal(sum.ended, 4);
    assert.deepEqual([sum.contained, sum.containmentPercent], [2, 50], 'S1 and S4 of the 4 ended');
    assert.deepEqual([sum.escalated, sum.escalationPercent], [2, 40], 'S2 and S3 of 5');
    assert.deepEqual(sum.escalationReasons, [
      { key: 'billing_dispute', count: 1 },
      { key: 'caller_asked', count: 1 },
    ]);
    assert.equal(sum.averageHandleSeconds, 88.8, '(60 + 100 + 75 + 120) / 4');
    assert.deepEqual(sum.byOutcome, [
      { key: 'none', count: 4 },
      { key: 'interested', count: 1 },
    ]);
    assert.deepEqual(
      sum.byAgent.map((a) => [a.agentId, a.conversations, a.contained, a.escalated]),
      [
        ['an-agent-a', 3, 1, 1],
        ['an-agent-b', 2, 1, 1],
      ],
    );
    assert.deepEqual(sum.byCampaign, [
      { campaignId: 'an-cmp', conversations: 1, byOutcome: [{ key: 'interested', count: 1 }] },
    ]);
    // Queue: answered in 20 s (within 60), abandoned after 70 s (counted): 1 of 2.
    assert.deepEqual(sum.queues, [
      {
        queue: 'an-billing',
        waited: 2,
        answered: 1,
        abandoned: 1,
        serviceLevelPercent: 50,
        averageWaitSeconds: 20,
        longestWaitSeconds: 70,
      },
    ]);
    assert.deepEqual(
      [sum.serviceLevelPercent, sum.averageWaitSeconds, sum.longestWaitSeconds, sum.abandoned],
      [50, 20, 70, 1],
    );
    assert.deepEqual(sum.callbacks, { missed: 1, completed: 1 });
    assert.deepEqual(sum.health, { warning: 0, critical: 1 });
    assert.deepEqual(
      sum.interventions.byKind,
      { whisper: 3, takeover: 1, resume: 1 },
      "successful ones; claims are the agents'",
    );
    // S1: the AI finished after the whisper; S2: taken over and handed back, then the AI finished (its escalation came
    // before); S3: escalated after the whisper; S5: still live.
    assert.deepEqual(sum.interventions.bySupervisor, [
      {
        userId: 'an-sup',
        name: 'Sue',
        byKind: { whisper: 3, takeover: 1, resume: 1 },
        resumedAfterTakeover: 1,
        followed: { ended: 0, transferred: 0, escalated: 1, held: 0, live: 1, aiFinished: 2 },
      },
    ]);

    // An event after a session's end (its post-call summary) does not count it again; a period with edges inside
    // quarter hours counts its sessions exactly (09:00:30–11:02:00: S2, S3, S4).
    await store.appendEvents([
      {
        sessionId: 'an-1',
        event: { type: 'system', seq: 3, at: at(70), lineId: 'l-sum', kind: 'welcome', text: 'after the end' },
        summary: { ...(await store.getSession('an-1'))!, seq: 3 },
      },
    ]);
    assert.equal((await store.analyticsSummary(new Date(DAY), new Date(NEXT), 'UTC', 60)).conversations, 5);
    const edges = await store.analyticsSummary(new Date(at(30)), new Date(at(7320)), 'UTC', 60);
    assert.deepEqual([edges.conversations, edges.ended, edges.contained, edges.escalated], [3, 3, 1, 2]);
    assert.equal(edges.averageHandleSeconds, 98.3, '(100 + 75 + 120) / 3');

    // A queue's own threshold: with 10 s, the 20 s answer is late.
    await store.createQueueSettings({ name: 'an-billing', slaSeconds: 10, priority: 900 }, new Date(DAY));
    assert.equal((await store.analyticsSummary(new Date(DAY), new Date(NEXT), 'UTC', 60)).serviceLevelPercent, 0);

    // By hour (UTC): conversations at 09, 10, 11 (three); every hour present.
    const hours = await store.analyticsSeries(new Date(DAY), new Date(NEXT), 'UTC', 'hour', 'conversations', 60);
    assert.equal(hours.length, 24);
    assert.deepEqual(
      hours.filter((p) => p.value).map((p) => [p.at, p.value]),
      [
        [at(0), 1],
        [at(3600), 1],
        [at(7200), 3],
      ],
    );
    const waits = await store.analyticsSeries(new Date(DAY), new Date(NEXT), 'UTC', 'hour', 'averageWaitSeconds', 60);
    assert.deepEqual(
      waits.filter((p) => p.value !== null).map((p) => [p.at, p.value]),
      [[at(3600), 20]],
      'an average is null where nothing was answered',
    );
    // By day in Tokyo (UTC+9): 09:00Z–11:03Z is 18:00–20:03 on the 10th there; a Tokyo day starts at 15:00Z.
    const days = await store.analyticsSeries(
      new Date('2031-03-09T15:00:00Z'),
      new Date('2031-03-11T15:00:00Z'),
      'Asia/Tokyo',
      'day',
      'conversations',
      60,
    );
    assert.deepEqual(days, [
      { at: '2031-03-09T15:00:00.000Z', value: 5 },
      { at: '2031-03-10T15:00:00.000Z', value: 1 },
    ]);

    // Xena: one handled in 100 s with 30 s of wrap-up; 7230 + 3470 s available, 100 s busy, 3600 s away.
    const agents = await store.analyticsHumanAgents(new Date(DAY), new Date(NEXT), new Date('2032-01-01T00:00:00Z'));
    const x = agents.find((a) => a.userId === 'an-x')!;
    assert.deepEqual(x, {
      userId: 'an-x',
      name: 'Xena',
      teamId: null,
      handled: 1,
      averageHandleSeconds: 100,
      averageWrapUpSeconds: 30,
      availableSeconds: 10_700,
      busySeconds: 100,
      awaySeconds: 3600,
      occupancyPercent: 0.9,
    });
    // A period that starts while she was away counts that from its start.
    const late = (
      await store.analyticsHumanAgents(new Date(at(9000)), new Date(NEXT), new Date('2032-01-01T00:00:00Z'))
    ).find((a) => a.userId === 'an-x')!;
    assert.deepEqual([late.availableSeconds, late.busySeconds, late.awaySeconds, late.handled], [0, 0, 1800, 0]);
  });
}
