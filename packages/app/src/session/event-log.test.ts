/** The event log: committed before published, in order, never dropped when the store fails for a while. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionSummary } from '@livespace/protocol';
import type { Bus, EventWrite, SessionEventsMessage, Store } from '../ports/index';
import { SESSION_EVENTS_CHANNEL, StoreError } from '../ports/index';
import { EventLog } from './event-log';

const summary = (seq: number): SessionSummary => ({
  id: 's',
  channel: 'voice',
  direction: 'inbound',
  agentId: 'a',
  agentName: 'A',
  callerNumber: '+1',
  state: 'ai_active',
  startedAt: '',
  endedAt: null,
  endReason: null,
  currentNode: null,
  lastLine: null,
  seq,
});
const write = (seq: number): EventWrite => ({
  sessionId: 's',
  event: { type: 'system', seq, at: '', lineId: `l${seq}`, kind: 'welcome', text: 't' },
  summary: summary(seq),
});

/** A store that keeps rows in memory and fails the next `failures` writes. */
function flakyStore(failures: number, duplicateOn?: number) {
  const rows: number[] = [];
  const timeline: string[] = [];
  const store = {
    async appendEvents(batch: readonly EventWrite[]) {
      if (failures-- > 0) throw Object.assign(new Error('connection lost'), { code: 'ECONNRESET' });
      if (duplicateOn !== undefined && batch.some((w) => w.event.seq === duplicateOn) && rows.includes(duplicateOn)) {
        throw new StoreError('duplicate', '23505', 'duplicate key');
      }
      for (const w of batch) {
        rows.push(w.event.seq);
        timeline.push(`commit ${w.event.seq}`);
      }
    },
  } as unknown as Store;
  return { store, rows, timeline };
}

function recordingBus(timeline: string[]): Bus & { published: number[] } {
  const published: number[] = [];
  return {
    kind: 'memory',
    published,
    async publish(channel: string, m: unknown) {
      assert.equal(channel, SESSION_EVENTS_CHANNEL.name);
      for (const w of (m as SessionEventsMessage).batch) {
        published.push(w.event.seq);
        timeline.push(`publish ${w.event.seq}`);
      }
    },
    async subscribe() {
      return async () => {};
    },
    async ping() {},
    async close() {},
  };
}

describe('EventLog', () => {
  it('commits before it publishes, in append order, batching what arrives together', async () => {
    const { store, timeline } = flakyStore(0);
    const bus = recordingBus(timeline);
    const batches: number[] = [];
    const log = new EventLog(store, bus, { onCommit: (waits) => batches.push(waits.length) });
    for (let i = 1; i <= 100; i++) log.append(write(i));
    await log.flushed();
    assert.deepEqual(
      bus.published,
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    for (let i = 1; i <= 100; i++) assert.ok(timeline.indexOf(`commit ${i}`) < timeline.indexOf(`publish ${i}`));
    assert.equal(batches.length, 1, 'one transaction for a burst');
  });

  it('keeps events and retries while the store is down', async () => {
    const { store, rows, timeline } = flakyStore(3);
    const bus = recordingBus(timeline);
    const errors: number[] = [];
    const log = new EventLog(store, bus, { onError: (_e, attempt) => errors.push(attempt) });
    log.append(write(1));
    log.append(write(2));
    await log.flushed();
    assert.deepEqual(rows, [1, 2]);
    assert.deepEqual(bus.published, [1, 2]);
    assert.deepEqual(errors, [1, 2, 3]);
  });

  it('skips an event the store already holds instead of stalling every session', async () => {
    const { store, rows, timeline } = flakyStore(0, 2);
    const bus = recordingBus(timeline);
    const log = new EventLog(store, bus);
    log.append(write(1));
    log.append(write(2));
    await log.flushed();
    log.append(write(2)); // a bug elsewhere wrote seq 2 twice
    log.append(write(3));
    await log.flushed();
    assert.deepEqual(rows, [1, 2, 3]);
    assert.deepEqual(bus.published, [1, 2, 3], 'the duplicate is not published again');
  });
});

describe('EventLog.flushed', () => {
  it('waits for what was appended before it, not for what keeps coming after', async () => {
    let release!: () => void;
    let calls = 0;
    const store = {
      async appendEvents() {
        calls++;
        // The first commit is slow; later ones are quick but never stop coming.
        if (calls === 1) await new Promise<void>((r) => (release = r));
      },
    } as unknown as Store;
    const log = new EventLog(store, recordingBus([]));
    log.append(write(1));
    await new Promise((r) => setImmediate(r));
    const first = log.flushed();
    let firstDone = false;
    void first.then(() => {
      firstDone = true;
    });
    log.append(write(2));
    const second = log.flushed();
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(firstDone, false, 'not before its event is committed');
    release();
    await first;
    // Keep appending: the second waiter must still resolve once event 2 is in.
    for (let i = 3; i < 50; i++) log.append(write(i));
    await second;
  });
});

describe('EventLog: an event the store can never take', () => {
  /**
   * A store that refuses, as the PostgreSQL store does (a StoreError), any batch holding a NUL character (SQLSTATE
   * 22P05), and any batch holding seq `never`.
   */
  function pickyStore(never?: number) {
    const rows: Array<{ seq: number; text: string }> = [];
    let calls = 0;
    const store = {
      async appendEvents(batch: readonly EventWrite[]) {
        calls++;
        if (batch.some((w) => JSON.stringify(w).includes('\\u0000')))
          throw new StoreError('refused', '22P05', 'unsupported Unicode escape sequence');
        if (batch.some((w) => w.event.seq === never && w.event.type !== 'system'))
          throw new StoreError('refused', '22001', 'value too long');
        for (const w of batch) rows.push({ seq: w.event.seq, text: (w.event as { text?: string }).text ?? '' });
      },
    } as unknown as Store;
    return { store, rows, calls: () => calls };
  }
  const line = (seq: number, text: string): EventWrite => ({
    sessionId: 's',
    event: { type: 'line.final', seq, at: '', lineId: `l${seq}`, speaker: 'caller', text },
    summary: summary(seq),
  });

  it('is written cleaned of invalid text, and the others in its batch go on, in order, never retried forever', async () => {
    const { store, rows, calls } = pickyStore();
    const bus = recordingBus([]);
    const repaired: string[] = [];
    const log = new EventLog(store, bus, { onRepaired: (w, how) => repaired.push(`${w.event.seq}:${how}`) });
    log.append(line(1, 'hello'));
    log.append(line(2, 'bad \u0000 byte'));
    log.append(line(3, 'after'));
    assert.equal(await log.flushed(1000), true, 'not stuck');
    assert.deepEqual(rows, [
      { seq: 1, text: 'hello' },
      { seq: 2, text: 'bad  byte' },
      { seq: 3, text: 'after' },
    ]);
    assert.deepEqual(bus.published, [1, 2, 3]);
    assert.deepEqual(repaired, ['2:cleaned']);
    assert.ok(calls() <= 5, `a few writes, not a retry loop (${calls()})`);
    log.append(line(4, 'later lines flow as usual'));
    assert.equal(await log.flushed(1000), true);
    assert.deepEqual(bus.published, [1, 2, 3, 4]);
  });

  it("refused even when cleaned: a note takes its place, so the session's sequence has no gap", async () => {
    const { store, rows } = pickyStore(2);
    const bus = recordingBus([]);
    const repaired: string[] = [];
    const log = new EventLog(store, bus, { onRepaired: (w, how) => repaired.push(`${w.event.seq}:${how}`) });
    for (const [seq, text] of [
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ] as const)
      log.append(line(seq, text));
    assert.equal(await log.flushed(1000), true);
    assert.deepEqual(
      rows.map((r) => r.seq),
      [1, 2, 3],
    );
    assert.equal(rows[1]!.text, 'An event of this session could not be stored');
    assert.deepEqual(bus.published, [1, 2, 3]);
    assert.deepEqual(repaired, ['2:replaced']);
  });
});

describe('EventLog: delivery while the bus is down', () => {
  /** A bus that refuses every publish while `down` (Redis gone). */
  function outageBus() {
    const published: number[] = [];
    const bus = {
      kind: 'redis' as const,
      down: true,
      published,
      froms: [] as string[],
      async publish(_c: string, m: unknown) {
        if (bus.down) throw new Error('Connection is closed.');
        bus.froms.push((m as SessionEventsMessage).from);
        for (const w of (m as SessionEventsMessage).batch) published.push(w.event.seq);
      },
      async subscribe() {
        return async () => {};
      },
      async ping() {},
      async close() {},
    };
    return bus;
  }

  it("this process's clients get every event at once; the other processes get them all, in order, once the bus is back", async () => {
    const { store, rows } = flakyStore(0);
    const bus = outageBus();
    const delivered: number[] = [];
    const errors: number[] = [];
    const log = new EventLog(
      store,
      bus,
      { deliver: (b) => delivered.push(...b.map((w) => w.event.seq)), onPublishError: (_e, n) => errors.push(n) },
      'node-a',
    );
    for (let i = 1; i <= 5; i++) log.append(write(i));
    assert.equal(await log.flushed(1000), true, 'commits never wait for the bus');
    for (let i = 6; i <= 8; i++) log.append(write(i));
    assert.equal(await log.flushed(1000), true);
    assert.deepEqual(rows, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(delivered, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(bus.published, []);
    assert.equal(log.unpublished, 8);
    bus.down = false;
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(bus.published, [1, 2, 3, 4, 5, 6, 7, 8], 'none lost, none reordered');
    assert.ok(
      bus.froms.every((f) => f === 'node-a'),
      'each batch says which process it comes from',
    );
    assert.ok(errors.length >= 1);
    assert.equal(log.unpublished, 0);
  });
});

describe('EventLog: commits in lanes', () => {
  /**
   * A store whose every commit takes `ms`, recording each session's seqs in commit order and how many commits
   * overlapped.
   */
  function slowStore(ms: number) {
    const bySession = new Map<string, number[]>();
    let inFlight = 0;
    let most = 0;
    const store = {
      async appendEvents(batch: readonly EventWrite[]) {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, ms));
        inFlight--;
        for (const w of batch) bySession.set(w.sessionId, [...(bySession.get(w.sessionId) ?? []), w.event.seq]);
      },
    } as unknown as Store;
    return { store, bySession, most: () => most };
  }
  const writeFor = (sessionId: string, seq: number): EventWrite => ({
    ...write(seq),
    sessionId,
    summary: { ...summary(seq), id: sessionId },
  });

  it("several commits are in flight at once, and each session's events still commit and arrive in order", async () => {
    const { store, bySession, most } = slowStore(20);
    const delivered = new Map<string, number[]>();
    const log = new EventLog(
      store,
      recordingBus([]),
      {
        deliver: (batch) => {
          for (const w of batch) delivered.set(w.sessionId, [...(delivered.get(w.sessionId) ?? []), w.event.seq]);
        },
      },
      'node',
      { lanes: 4 },
    );
    const sessions = Array.from({ length: 16 }, (_, i) => `session-${i}`);
    // Events keep coming while commits are in flight: five rounds, each a few ms apart.
    for (let round = 0; round < 5; round++) {
      for (const id of sessions) log.append(writeFor(id, round + 1));
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.equal(await log.flushed(2000), true);
    assert.ok(most() > 1, `at most ${most()} commit in flight`);
    for (const id of sessions) {
      assert.deepEqual(bySession.get(id), [1, 2, 3, 4, 5], `${id} committed in order`);
      assert.deepEqual(delivered.get(id), [1, 2, 3, 4, 5], `${id} delivered in order`);
    }
  });

  it("a session's flush waits for its own lane, not for a slow commit in another", async () => {
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    const store = {
      async appendEvents(batch: readonly EventWrite[]) {
        if (batch.some((w) => w.sessionId === 'slow')) await stuck;
      },
    } as unknown as Store;
    const log = new EventLog(store, recordingBus([]), {}, 'node', { lanes: 4 });
    // flushed's timeout does not keep a process alive (nor the stuck commit): this test's wait does.
    const alive = setInterval(() => {}, 1000);
    // Two sessions in different lanes (a lane is a hash of the id).
    const ids = Array.from({ length: 20 }, (_, i) => `s${i}`);
    const lane = (id: string) => (log as unknown as { laneIndex(id: string): number }).laneIndex(id);
    const other = ids.find((id) => lane(id) !== lane('slow'))!;
    log.append(writeFor('slow', 1));
    log.append(writeFor(other, 1));
    assert.equal(await log.flushed(500, other), true, 'its own commit is done');
    assert.equal(await log.flushed(50), false, 'everything: the slow lane holds it');
    assert.equal(await log.flushed(50, 'slow'), false);
    release();
    assert.equal(await log.flushed(500, 'slow'), true);
    assert.equal(await log.flushed(500), true);
    clearInterval(alive);
  });

  it('one lane: one commit at a time (the embedded database)', async () => {
    const { store, most } = slowStore(5);
    const log = new EventLog(store, recordingBus([]));
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 8; i++) log.append(writeFor(`s${i}`, round + 1));
      await new Promise((r) => setTimeout(r, 2));
    }
    await log.flushed();
    assert.equal(most(), 1);
  });
});

describe('EventLog: what the other processes get', () => {
  it("a watched session's events in full; of the others only each one's newest summary", async () => {
    const { store } = flakyStore(0);
    const messages: SessionEventsMessage[] = [];
    const bus = {
      ...recordingBus([]),
      async publish(_c: string, m: unknown) {
        messages.push(m as SessionEventsMessage);
      },
    };
    const at = (id: string, seq: number): EventWrite => ({
      sessionId: id,
      event: { type: 'system', seq, at: '', lineId: `l${seq}`, kind: 'welcome', text: 't' },
      summary: { ...summary(seq), id },
    });
    const asked: string[] = [];
    const log = new EventLog(store, bus, {}, 'node-a', {
      watchedElsewhere: (id) => (asked.push(id), id === 'watched'),
    });
    for (const w of [
      at('watched', 1),
      at('quiet', 1),
      at('watched', 2),
      at('quiet', 2),
      at('quiet', 3),
      at('other', 7),
    ])
      log.append(w);
    await log.flushed();
    assert.equal(messages.length, 1);
    const [m] = messages;
    assert.deepEqual(
      m!.batch.map((w) => `${w.sessionId}:${w.event.seq}`),
      ['watched:1', 'watched:2'],
    );
    assert.deepEqual(
      m!.summaries?.map((s) => `${s.id}:${s.seq}`),
      ['quiet:3', 'other:7'],
    );
    assert.deepEqual(asked.sort(), ['other', 'quiet', 'watched'], 'asked once per session and batch');
  });
});
