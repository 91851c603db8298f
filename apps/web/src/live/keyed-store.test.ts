/** The store of a live collection topic: snapshot, upserts, removals, resets, one update per frame. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyedStore } from './keyed-store';

interface Item {
  id: string;
  n: number;
}

const settle = () => new Promise<void>((r) => queueMicrotask(r));

describe('KeyedStore', () => {
  it('is not ready before the snapshot; the snapshot replaces everything', async () => {
    const s = new KeyedStore<Item>((i) => i.id);
    assert.deepEqual(s.getView(), { ready: false, items: [] });
    s.upsert({ id: 'old', n: 0 });
    s.applySnapshot({
      items: [
        { id: 'a', n: 1 },
        { id: 'b', n: 2 },
      ],
    });
    await settle();
    assert.equal(s.getView().ready, true);
    assert.deepEqual(
      s.getView().items.map((i) => i.id),
      ['a', 'b'],
    );
    s.applySnapshot(null);
    await settle();
    assert.deepEqual(s.getView().items, [], 'a snapshot without items is an empty collection');
  });

  it('upserts replace by key, removals drop, and the changes of one frame make one update', async () => {
    const s = new KeyedStore<Item>((i) => i.id);
    let updates = 0;
    s.subscribe(() => updates++);
    s.applySnapshot({ items: [{ id: 'a', n: 1 }] });
    s.upsert({ id: 'a', n: 5 });
    s.upsert({ id: 'b', n: 1 });
    s.remove('zzz');
    await settle();
    assert.equal(updates, 1);
    assert.deepEqual(s.getView().items, [
      { id: 'a', n: 5 },
      { id: 'b', n: 1 },
    ]);
    assert.equal(s.get('a')?.n, 5);
    const before = s.getView();
    s.remove('a');
    await settle();
    assert.equal(updates, 2);
    assert.notEqual(s.getView(), before, 'a new view for useSyncExternalStore');
    assert.deepEqual(
      s.getView().items.map((i) => i.id),
      ['b'],
    );
  });

  it('fillMissing adds only what the topic lacks; reset forgets all and the completion mark', async () => {
    const s = new KeyedStore<Item>((i) => i.id);
    s.applySnapshot({ items: [{ id: 'a', n: 9 }] });
    s.fillMissing([
      { id: 'a', n: 0 },
      { id: 'c', n: 3 },
    ]);
    s.completed = true;
    await settle();
    assert.deepEqual(
      s.getView().items,
      [
        { id: 'a', n: 9 },
        { id: 'c', n: 3 },
      ],
      'the live item wins',
    );
    s.reset();
    await settle();
    assert.deepEqual(s.getView(), { ready: false, items: [] });
    assert.equal(s.completed, false);
  });
});
