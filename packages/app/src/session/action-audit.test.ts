import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ActionRecord } from '@livespace/protocol';
import { ActionAudit } from './action-audit';

const rec = (id: string): ActionRecord => ({
  id,
  sessionId: 's1',
  action: 'whisper',
  userId: 'u1',
  userName: 'Ann',
  text: 'be kind',
  result: 'ok',
  at: '2026-12-05T10:00:00.000Z',
});

/** A store whose recordAction fails while `down`. */
function flakyStore() {
  const stored: string[] = [];
  const s = {
    down: true,
    stored,
    async recordAction(a: ActionRecord) {
      if (s.down) throw new Error('connection refused');
      stored.push(a.id);
    },
  };
  return s;
}

describe('action audit', () => {
  it('never throws: a record the store refuses waits, later ones queue behind it, all are written in order when it is back', async () => {
    const store = flakyStore();
    const errors: number[] = [];
    const audit = new ActionAudit({ store, retryMs: 10, onError: (_e, pending) => errors.push(pending) });
    assert.equal(await audit.keep(rec('a')), false);
    assert.equal(await audit.keep(rec('b')), false);
    assert.equal(audit.pending, 2);
    assert.deepEqual(errors, [1], 'the refusal is reported once, not for each record queued behind it');
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(store.stored, [], 'still down: nothing written, nothing lost');
    store.down = false;
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(store.stored, ['a', 'b']);
    assert.equal(audit.pending, 0);
    assert.equal(await audit.keep(rec('c')), true, 'the store is back: written at once');
    assert.deepEqual(store.stored, ['a', 'b', 'c']);
    audit.close();
  });

  it('keeps at most maxPending records, dropping the oldest and saying so', async () => {
    const store = flakyStore();
    const dropped: boolean[] = [];
    const audit = new ActionAudit({ store, retryMs: 10_000, maxPending: 2, onError: (_e, _p, d) => dropped.push(d) });
    for (const id of ['a', 'b', 'c']) await audit.keep(rec(id));
    assert.equal(audit.pending, 2);
    assert.deepEqual(dropped, [false, true]);
    audit.close();
  });
});
