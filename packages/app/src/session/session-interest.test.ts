/**
 * Which sessions the other processes watch: announced on change and by heartbeat, forgotten when a process goes quiet.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Bus } from '../ports/index';
import { SessionInterest } from './session-interest';

/** Every subscriber of a channel gets every message, as the bus between processes does. */
function sharedBus(): Bus {
  const handlers = new Map<string, Set<(m: unknown) => void>>();
  return {
    kind: 'redis',
    async publish(channel, m) {
      for (const h of handlers.get(channel) ?? []) h(structuredClone(m));
    },
    async subscribe(channel, h) {
      if (!handlers.has(channel)) handlers.set(channel, new Set());
      handlers.get(channel)!.add(h);
      return async () => {
        handlers.get(channel)?.delete(h);
      };
    },
    async ping() {},
    async close() {},
  };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SessionInterest', () => {
  it('tells a process what the others watch, never its own, and forgets a process that stopped announcing', async () => {
    const bus = sharedBus();
    const a = new SessionInterest(bus, 'a', { debounceMs: 5, announceEveryMs: 40, expireMs: 150 });
    const b = new SessionInterest(bus, 'b', { debounceMs: 5, announceEveryMs: 40, expireMs: 150 });
    await a.start();
    await b.start();
    b.setWatching(['s1', 's2']);
    a.setWatching(['s9']);
    await wait(20);
    assert.equal(a.watchedElsewhere('s1'), true);
    assert.equal(a.watchedElsewhere('s9'), false, 'its own watching is not "elsewhere"');
    assert.equal(b.watchedElsewhere('s9'), true);
    b.setWatching(['s2']);
    await wait(20);
    assert.equal(a.watchedElsewhere('s1'), false, 'the whole set replaces the last one');
    assert.equal(a.watchedElsewhere('s2'), true);
    await wait(100);
    assert.equal(a.watchedElsewhere('s2'), true, 'kept alive by the heartbeat');
    await b.close();
    await wait(200);
    assert.equal(a.watchedElsewhere('s2'), false, 'a process gone quiet is forgotten');
    await a.close();
  });
});
