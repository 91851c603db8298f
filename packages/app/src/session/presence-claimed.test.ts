/** A claim makes the human agent busy: with their presence as the claim read it, without reading it again. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HumanAgentPresence } from '@livespace/protocol';
import type { Bus, Store } from '../ports/index';
import { PresenceService } from './presence';

const ava: HumanAgentPresence = {
  userId: 'u-ava',
  name: 'Ava',
  queues: ['billing'],
  status: 'available',
  since: '2026-12-08T09:00:00.000Z',
};

function service(stored: HumanAgentPresence | null) {
  const reads: string[] = [];
  const writes: Array<[string, string]> = [];
  const published: unknown[] = [];
  const store = {
    async getPresence(id: string) {
      reads.push(id);
      return stored;
    },
    async setPresence(id: string, status: string) {
      writes.push([id, status]);
      return true;
    },
  } as unknown as Store;
  const bus = {
    async publish(_channel: string, m: unknown) {
      published.push(m);
    },
  } as unknown as Bus;
  const now = new Date('2026-12-08T10:00:00.000Z');
  const presence = new PresenceService({ store, bus, clock: { now: () => now }, goneAfterMs: 60_000 });
  return { presence, reads, writes, published };
}

describe('PresenceService.claimed', () => {
  it('with the presence the claim read: busy in one write, no read, everyone told', async () => {
    const s = service(ava);
    await s.presence.claimed(ava.userId, ava);
    assert.deepEqual(s.reads, []);
    assert.deepEqual(s.writes, [[ava.userId, 'busy']]);
    assert.deepEqual(s.published, [{ ...ava, status: 'busy', since: '2026-12-08T10:00:00.000Z' }]);
  });

  it('from any status the claim read (away, offline) the agent is busy', async () => {
    for (const status of ['away', 'offline'] as const) {
      const s = service(null);
      await s.presence.claimed(ava.userId, { ...ava, status });
      assert.deepEqual(s.writes, [[ava.userId, 'busy']], status);
    }
  });

  it('without it: read from the store first', async () => {
    const s = service(ava);
    await s.presence.claimed(ava.userId);
    assert.deepEqual(s.reads, [ava.userId]);
    assert.deepEqual(s.writes, [[ava.userId, 'busy']]);
  });

  it('not a human agent (nothing stored, nothing known): nothing changes', async () => {
    const s = service(null);
    await s.presence.claimed('u-sue');
    assert.deepEqual(s.writes, []);
    assert.deepEqual(s.published, []);
  });
});
