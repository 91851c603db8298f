/**
 * Claims on one escalation in one process: decided one after another, so the store sees one claim, not one per click.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EscalationRecord, Store } from '../ports/index';
import { type ClaimStages, Escalations } from './escalations';
import type { PresenceService } from './presence';
import type { ActingUser, SupervisorActions } from './supervisor-actions';

const waiting: EscalationRecord = {
  id: 'esc-1',
  sessionId: 's-1',
  queue: 'billing',
  priority: 'normal',
  reason: 'asked',
  status: 'waiting',
  waitingSince: '2026-12-06T10:00:00.000Z',
  claimedBy: null,
  claimedAt: null,
  endedAt: null,
  resolution: null,
  notes: null,
  channel: 'voice',
  callerNumber: '+15550100001',
  agentName: 'AI',
};

/**
 * The store's claim as the database decides it (the first wins), slow enough that every click arrives while it runs;
 * `busyUsers` hold another call.
 */
function storeDeciding(busyUsers: readonly string[] = []) {
  let row = { ...waiting };
  const claims: string[] = [];
  const store = {
    async getEscalation() {
      return { ...row };
    },
    async getPresence() {
      return null;
    },
    async claimEscalationAlone(_id: string, by: { id: string; name: string }) {
      claims.push(by.id);
      await new Promise((r) => setTimeout(r, 5));
      if (busyUsers.includes(by.id)) return 'busy' as const;
      if (row.status !== 'waiting') return null;
      row = { ...row, status: 'claimed', claimedBy: by, claimedAt: '2026-12-06T10:00:01.000Z' };
      return { ...row };
    },
    async releaseEscalation() {
      row = { ...waiting };
    },
  };
  return { store: store as unknown as Store, claims };
}

/** `handOver`: what the session's owner answers to each hand-over, in turn (default: taken). */
function escalations(
  store: Store,
  handOver: Array<{ ok: boolean }> = [],
  staleView = false,
  onClaimWon?: (stages: ClaimStages) => void,
) {
  // The session's owner as SupervisorActions.perform: a taken hand-over commits (10 ms) while the agent is marked busy
  // (3 ms), and reports its parts.
  const actions = {
    perform: async (
      _session: string,
      _user: ActingUser,
      _input: unknown,
      opts: { alongside?: () => Promise<void>; timed?: (p: { commit: number; record: number }) => void },
    ) => {
      const next = handOver.shift() ?? { ok: true };
      if (!next.ok) return next;
      await Promise.all([new Promise((r) => setTimeout(r, 10)), opts.alongside?.()]);
      opts.timed?.({ commit: 10, record: 2 });
      return next;
    },
  } as unknown as SupervisorActions;
  const presence = {
    claimed: () => new Promise((r) => setTimeout(r, 3)),
  } as unknown as PresenceService;
  return new Escalations({
    store,
    clock: { now: () => new Date() },
    actions,
    presence,
    eventLog: {} as never,
    newId: (p) => `${p}-1`,
    // A view that has not yet seen any claim: the escalation still looks waiting to this process.
    ...(staleView ? { view: { escalation: () => ({ ...waiting, lastLine: null }), presence: () => undefined } } : {}),
    ...(onClaimWon ? { onClaimWon } : {}),
  });
}

const agent = (n: number): ActingUser & { queues: string[] } =>
  ({ id: `u${n}`, name: `Agent ${n}`, role: 'agent', queues: ['billing'] }) as ActingUser & { queues: string[] };

describe('Escalations.claim: many clicks on one escalation', () => {
  it('one wins, every other is told who won, and the store decided one claim', async () => {
    const { store, claims } = storeDeciding();
    const x = escalations(store);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => x.claim('esc-1', agent(i))));
    const won = results.filter((r) => r.ok);
    assert.equal(won.length, 1);
    assert.deepEqual(claims, ['u0'], 'the first click went to the store; the others waited for it');
    for (const r of results.filter((o) => !o.ok)) {
      assert.deepEqual(r, {
        ok: false,
        kind: 'conflict',
        code: 'already_claimed',
        message: 'Cannot claim: Agent 0 claimed it first',
      });
    }
  });

  it('a claim refused for its own reason (the agent holds another call) does not stop the next one', async () => {
    const { store, claims } = storeDeciding(['u0']);
    const x = escalations(store);
    const [first, second, third] = await Promise.all([0, 1, 2].map((i) => x.claim('esc-1', agent(i))));
    assert.equal(first!.ok ? 'won' : first!.code, 'busy');
    assert.equal(second!.ok, true);
    assert.equal(third!.ok ? 'won' : third!.code, 'already_claimed');
    assert.deepEqual(claims, ['u0', 'u1']);
  });

  it('a click after the win is refused without the store, before this process has seen the win on its topics', async () => {
    const { store, claims } = storeDeciding();
    const x = escalations(store, [], true);
    assert.equal((await x.claim('esc-1', agent(0))).ok, true);
    const late = await x.claim('esc-1', agent(1));
    assert.equal(late.ok ? 'won' : late.message, 'Cannot claim: Agent 0 claimed it first');
    assert.deepEqual(claims, ['u0'], 'the late click did not reach the store');
    const outsider = { ...agent(2), queues: ['sales'] };
    const refused = await x.claim('esc-1', outsider);
    assert.equal(refused.ok ? 'won' : refused.code, 'not_in_queue', 'not theirs to claim comes before who won');
  });

  it("a won claim reports its stages' times; refused and given-back claims do not", async () => {
    const given = storeDeciding();
    const timed: ClaimStages[] = [];
    const y = escalations(given.store, [{ ok: false }], false, (t) => timed.push(t));
    assert.equal((await y.claim('esc-1', agent(0))).ok, false, 'given back: the caller left');
    assert.equal(timed.length, 0);
    // u0 holds another call: the store refuses them (5 ms), then u1's click, queued behind, wins.
    const { store } = storeDeciding(['u0']);
    const x = escalations(store, [], false, (t) => timed.push(t));
    const [first, second, third] = await Promise.all([0, 1, 2].map((i) => x.claim('esc-1', agent(i))));
    assert.deepEqual([first!.ok, second!.ok, third!.ok], [false, true, false]);
    assert.equal(timed.length, 1, 'one claim won');
    const [t] = timed;
    assert.ok(t!.wait >= 4, `waited behind u0's claim being decided: ${t!.wait} ms`);
    assert.ok(t!.decide >= 4, `the store's 5 ms decision: ${t!.decide} ms`);
    assert.ok(t!.handOver >= 9, `the 10 ms hand-over: ${t!.handOver} ms`);
    assert.equal(t!.parts?.commit, 10, "the hand-over's parts as the session's owner timed them");
    assert.equal(t!.parts?.record, 2);
    assert.ok(t!.parts!.busy! >= 2, `the agent marked busy (3 ms): ${t!.parts!.busy} ms`);
  });

  it('a claim given back (the caller left before the hand-over) can be claimed again', async () => {
    const { store, claims } = storeDeciding();
    const x = escalations(store, [{ ok: false }]);
    assert.equal((await x.claim('esc-1', agent(0))).ok, false);
    assert.equal((await x.claim('esc-1', agent(1))).ok, true);
    assert.deepEqual(claims, ['u0', 'u1']);
  });
});
