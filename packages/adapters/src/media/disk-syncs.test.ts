import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiskSyncs } from './disk-syncs';

/** A sync that stays running until `open()` is called. */
function gate(): { sync: () => Promise<void>; open: () => void } {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { sync: () => p, open };
}

test('syncs run one at a time, in the order asked', async () => {
  const syncs = new DiskSyncs();
  const order: string[] = [];
  let running = 0;
  let most = 0;
  const job = (name: string) => async () => {
    most = Math.max(most, ++running);
    await new Promise((r) => setTimeout(r, 2));
    order.push(name);
    running--;
  };
  for (const name of ['a', 'b', 'c', 'd']) syncs.want({ name }, job(name));
  await syncs.idle();
  assert.deepEqual(order, ['a', 'b', 'c', 'd']);
  assert.equal(most, 1);
  assert.equal(syncs.done, 4);
});

test('a file that asks again while it waits keeps its place and is synced once', async () => {
  const syncs = new DiskSyncs();
  const first = gate();
  const ran: string[] = [];
  const a = {};
  const b = {};
  const c = {};
  syncs.want(a, first.sync);
  syncs.want(b, async () => void ran.push('b'));
  syncs.want(c, async () => void ran.push('c'));
  syncs.want(b, async () => void ran.push('b again'));
  assert.equal(syncs.queued, 2, 'a runs; b and c wait, b once');
  first.open();
  await syncs.idle();
  assert.deepEqual(ran, ['b', 'c']);
});

test('a file that asks while its sync runs is queued again', async () => {
  const syncs = new DiskSyncs();
  const a = {};
  const first = gate();
  let runs = 0;
  syncs.want(a, async () => {
    runs++;
    await first.sync();
  });
  syncs.want(a, async () => void runs++);
  assert.equal(syncs.queued, 1);
  first.open();
  await syncs.idle();
  assert.equal(runs, 2);
});

test('a dropped file is not synced; a failed sync does not stop the others', async () => {
  const syncs = new DiskSyncs();
  const first = gate();
  const ran: string[] = [];
  const closing = {};
  syncs.want({}, first.sync);
  syncs.want({}, () => Promise.reject(new Error('EIO')));
  syncs.want(closing, async () => void ran.push('closing'));
  syncs.want({}, async () => void ran.push('after the failure'));
  syncs.drop(closing);
  first.open();
  await syncs.idle();
  assert.deepEqual(ran, ['after the failure']);
  assert.equal(syncs.done, 3);
});
