/**
 * A keyed topic's events are numbered at each tick and encoded only when first sent: a client resuming with `since`
 * gets the same frames whether or not anyone was sent them at the time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyedTopic } from './keyed-topic';

test('events nobody was sent are encoded when a client resumes with since, numbered as they were drained', () => {
  const topic = new KeyedTopic<{ n: number }>('queues', { ringSize: 10 });
  topic.set('a', { n: 1 }, { type: 'upsert', n: 1 });
  topic.set('a', { n: 2 }, { type: 'upsert', n: 2 }); // coalesced: only the newest per tick
  topic.set('b', { n: 3 }, { type: 'upsert', n: 3 });
  const first = topic.drain();
  assert.deepEqual(
    first.map((e) => e.encoded),
    [undefined, undefined],
    'nothing encoded until it is sent',
  );
  const sent = topic.encoded(first[0]!);
  assert.equal(sent, JSON.stringify({ type: 'event', topic: 'queues', seq: 1, event: { type: 'upsert', n: 2 } }));
  topic.remove('b', { type: 'remove', key: 'b' });
  topic.drain();
  assert.deepEqual(topic.since(1), [
    { seq: 2, encoded: JSON.stringify({ type: 'event', topic: 'queues', seq: 2, event: { type: 'upsert', n: 3 } }) },
    {
      seq: 3,
      encoded: JSON.stringify({ type: 'event', topic: 'queues', seq: 3, event: { type: 'remove', key: 'b' } }),
    },
  ]);
  assert.equal(
    topic.since(0)?.[0]?.encoded,
    sent,
    'an event is encoded once: the frame sent and the one resumed agree',
  );
  assert.deepEqual(topic.since(3), []);
  assert.equal(topic.since(4), null, 'a seq from another run');
});

test('a ring that no longer reaches back to since says so (the client takes a snapshot)', () => {
  const topic = new KeyedTopic<number>('presence', { ringSize: 2 });
  for (let i = 0; i < 5; i++) {
    topic.set(`k${i}`, i, { i });
    topic.drain();
  }
  assert.equal(topic.since(1), null);
  assert.deepEqual(
    topic.since(3)?.map((e) => e.seq),
    [4, 5],
  );
});
