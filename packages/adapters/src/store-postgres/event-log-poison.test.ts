/**
 * The event log on the real store (PGlite, and PostgreSQL when DATABASE_URL is set): an event holding text
 * the database refuses (a NUL, a lone surrogate) is stored cleaned, and no session's events wait for it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventLog, type Bus } from '@livespace/app';
import { line, testStores } from './testing/test-stores';

const nullBus: Bus = {
  kind: 'memory',
  async publish() {},
  async subscribe() {
    return async () => {};
  },
  async ping() {},
  async close() {},
};

for (const [name, open] of testStores('livespace-poison-')) {
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
