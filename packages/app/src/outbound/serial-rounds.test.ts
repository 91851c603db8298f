import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SerialRounds } from './serial-rounds';

describe('serial rounds', () => {
  it('never overlaps rounds, runs one more for wakes during a round, none after stop', async () => {
    let running = 0;
    let maxRunning = 0;
    let rounds = 0;
    let release: () => void = () => {};
    const r = new SerialRounds(
      async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        rounds++;
        await new Promise<void>((res) => (release = res));
        running--;
      },
      () => {},
    );
    r.wake();
    r.wake();
    r.wake();
    assert.equal(rounds, 1, 'one round at a time');
    release();
    await new Promise((res) => setImmediate(res));
    assert.equal(rounds, 2, 'the wakes during the round asked for exactly one more');
    r.stop();
    release();
    await r.idle();
    r.wake();
    assert.deepEqual([rounds, maxRunning], [2, 1]);
  });

  it('reports a failed round and goes on', async () => {
    const errors: unknown[] = [];
    let n = 0;
    const r = new SerialRounds(
      async () => {
        if (++n === 1) throw new Error('boom');
      },
      (e) => errors.push(e),
    );
    r.wake();
    await r.idle();
    r.wake();
    await r.idle();
    assert.equal(n, 2);
    assert.equal(errors.length, 1);
  });
});
