/**
 * The drawer's bar offers only what the server allows: claim a waiting escalation, transfer a held or waiting session,
 * complete a claimed one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EscalationInfo } from '@livespace/protocol/escalation';
import type { PublicUser } from '@livespace/protocol/http';
import type { SessionState } from '@livespace/protocol/session';
import { barOffer, canClaim } from './bar-offer';

const user = (role: PublicUser['role'], queues: string[] = []): PublicUser => ({
  id: `u-${role}`,
  email: `${role}@x`,
  name: role,
  role,
  queues,
});
const supervisor = user('supervisor');
const agent = user('agent', ['collections']);

const escalation = (over: Partial<EscalationInfo> = {}): EscalationInfo => ({
  id: 'x1',
  queue: 'collections',
  priority: 'high',
  reason: 'asked_for_person',
  status: 'waiting',
  waitingSince: '2026-01-01T10:00:00.000Z',
  claimedBy: null,
  claimedAt: null,
  endedAt: null,
  resolution: null,
  notes: null,
  ...over,
});

const session = (state: SessionState, holder: PublicUser | null = null, x: EscalationInfo | null = null) => ({
  state,
  takenOverBy: holder ? { id: holder.id, name: holder.name } : null,
  escalation: x,
});

describe('barOffer', () => {
  it('a queued session with a waiting escalation is claimed, not taken over', () => {
    const queued = session('queued', null, escalation());
    assert.deepEqual(barOffer(queued, supervisor), {
      modes: ['whisper', 'barge'],
      primary: 'claim',
      transfer: true,
      end: true,
      complete: false,
      held: false,
    });
    // An agent of the queue gets the Claim button only; of another queue, no bar.
    assert.deepEqual(barOffer(queued, agent), {
      modes: [],
      primary: 'claim',
      transfer: false,
      end: false,
      complete: false,
      held: false,
    });
    assert.equal(barOffer(queued, user('agent', ['sales'])), null);
    assert.equal(
      canClaim(session('queued', null, escalation({ status: 'claimed' })), supervisor),
      false,
      'claimed already',
    );
  });

  it('the holder of a claimed session says, transfers and completes; barge and resume are not offered', () => {
    for (const me of [supervisor, agent]) {
      const o = barOffer(session('claimed', me, escalation({ status: 'claimed' })), me)!;
      assert.deepEqual(o.modes, me === agent ? ['say'] : ['whisper', 'say']);
      assert.equal(o.primary, null);
      assert.equal(o.transfer, true);
      assert.equal(o.complete, true);
      assert.equal(o.end, me === supervisor, 'an agent completes rather than ends');
    }
  });

  it("someone else's claimed session: supervisors whisper and transfer; agents get nothing", () => {
    const other = user('agent', ['collections']);
    const claimed = session('claimed', { ...other, id: 'u-other', name: 'Ava' }, escalation({ status: 'claimed' }));
    assert.deepEqual(barOffer(claimed, supervisor), {
      modes: ['whisper'],
      primary: null,
      transfer: true,
      end: true,
      complete: false,
      held: false,
    });
    assert.equal(barOffer(claimed, agent), null);
  });

  it('take over while the AI talks; resume and transfer once held; no transfer from the AI', () => {
    assert.deepEqual(barOffer(session('ai_active'), supervisor), {
      modes: ['whisper', 'barge'],
      primary: 'takeover',
      transfer: false,
      end: true,
      complete: false,
      held: false,
    });
    assert.deepEqual(barOffer(session('human_active', supervisor), supervisor), {
      modes: ['whisper', 'barge', 'say'],
      primary: 'resume',
      transfer: true,
      end: true,
      complete: false,
      held: true,
    });
    assert.equal(
      barOffer(session('human_active', user('admin')), supervisor)?.primary,
      'takeover',
      'refused with who holds it',
    );
    assert.equal(barOffer(session('ai_active'), agent), null);
  });

  it('ringing and wrap-up offer End only; ended, nothing', () => {
    for (const state of ['ringing', 'wrap_up'] as const)
      assert.deepEqual(barOffer(session(state), supervisor), {
        modes: [],
        primary: null,
        transfer: false,
        end: true,
        complete: false,
        held: false,
      });
    assert.equal(barOffer(session('ended'), supervisor), null);
    assert.equal(barOffer(session('ai_active'), null), null);
  });
});
