/**
 * The event log on the real store (PGlite, and PostgreSQL when DATABASE_URL is set): an event holding text
 * the database refuses (a NUL, a lone surrogate) is stored cleaned, and no session's events wait for it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EventLog, type Bus, type EventWrite } from '@livespace/app';
import type { SessionSummary } from '@livespace/protocol';
import { createTestDatabase } from '../../../../tests/support/test-database';
import { PostgresStore } from './postgres.store';

const summary = (id: string, seq: number): SessionSummary => ({
  id,
  channel: 'voice',
  direction: 'inbound',
  agentId: 'a',
  agentName: 'A',
  callerNumber: '+15550100001',
  state: 'ai_active',
  startedAt: '2026-12-04T10:00:00.000Z',
  endedAt: null,
  endReason: null,
  currentNode: null,
  lastLine: null,
  seq,
});
const line = (id: string, seq: number, text: string): EventWrite => ({
  sessionId: id,
  event: { type: 'line.final', seq, at: '2026-12-04T10:00:01.000Z', lineId: `l${seq}`, speaker: 'caller', text },
  summary: summary(id, seq),
});
const nullBus: Bus = {
  kind: 'memory',
  async publish() {},
  async subscribe() {
    return async () => {};
  },
  async ping() {},
  async close() {},
};

const stores: Array<[string, () => Promise<{ store: PostgresStore; cleanup(): Promise<void> }>]> = [
  [
    'PGlite',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'livespace-poison-'));
      return {
        store: await PostgresStore.open({ dataDir: dir }),
        cleanup: () => rm(dir, { recursive: true, force: true }),
      };
    },
  ],
];
if (process.env.DATABASE_URL) {
  stores.push([
    'PostgreSQL',
    async () => {
      const db = await createTestDatabase(process.env.DATABASE_URL!);
      return { store: await PostgresStore.open({ databaseUrl: db.url, dataDir: '' }), cleanup: () => db.drop() };
    },
  ]);
}

for (const [name, open] of stores) {
  describe(`event log on ${name}: text the database refuses`, () => {
    it("a NUL and a lone surrogate are stored cleaned; the other sessions' events are committed with them", async () => {
      const { store, cleanup } = await open();
      try {
        await store.migrate();
        const repaired: string[] = [];
        const log = new EventLog(store, nullBus, {
          onRepaired: (w, how) => repaired.push(`${w.sessionId}/${w.event.seq}:${how}`),
        });
        log.append(line('s1', 1, 'hello'));
        log.append(line('s2', 1, 'bad \u0000 byte'));
        log.append(line('s1', 2, 'x \ud83d'));
        log.append(line('s3', 1, 'fine'));
        assert.equal(await log.flushed(10_000), true, 'the log is not stuck');
        const texts = async (id: string) =>
          (await store.sessionEvents(id, 0)).map((e) => (e as { text?: string }).text);
        assert.deepEqual(await texts('s1'), ['hello', 'x \uFFFD']);
        assert.deepEqual(await texts('s2'), ['bad  byte']);
        assert.deepEqual(await texts('s3'), ['fine']);
        assert.deepEqual(repaired.sort(), ['s1/2:cleaned', 's2/1:cleaned']);
        log.append(line('s3', 2, 'and on'));
        assert.equal(await log.flushed(10_000), true);
        assert.deepEqual(await texts('s3'), ['fine', 'and on']);
      } finally {
        await store.close();
        await cleanup();
      }
    });
  });
}
