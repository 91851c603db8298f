/** On PostgreSQL the event log commits on connections of its own: requests filling their pool never hold a commit. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventWrite } from '@livespace/app/ports/index';
import type { SessionSummary } from '@livespace/protocol';
import { createTestDatabase } from '../../../../tests/support/test-database';
import { PostgresStore } from './postgres.store';

const url = process.env.DATABASE_URL;

const summary: SessionSummary = {
  id: 'busy-1',
  channel: 'voice',
  direction: 'inbound',
  agentId: 'a1',
  agentName: 'Test agent',
  callerNumber: '+15555550100',
  state: 'ai_active',
  startedAt: '2026-11-24T10:00:00.000Z',
  endedAt: null,
  endReason: null,
  currentNode: null,
  lastLine: null,
  seq: 1,
};
const started: EventWrite = {
  sessionId: 'busy-1',
  event: { type: 'session.started', seq: 1, at: summary.startedAt, summary },
  summary,
};

describe('PostgreSQL: commits beside busy requests', { skip: url ? false : 'DATABASE_URL is not set' }, () => {
  it('commits a batch while every request connection is busy for a second', async () => {
    const db = await createTestDatabase(url!);
    const store = await PostgresStore.open({ databaseUrl: db.url, dataDir: '' });
    try {
      await store.migrate();
      const sql = (store as unknown as { db: { query(text: string): Promise<unknown[]> } }).db;
      // Twelve slow requests: the request pool's eight connections are all taken, four more wait for one.
      const slow = Array.from({ length: 12 }, () => sql.query('select pg_sleep(1)'));
      await new Promise((r) => setTimeout(r, 100));
      const t0 = performance.now();
      await store.appendEvents([started], 'node-a');
      const ms = performance.now() - t0;
      assert.ok(ms < 500, `the commit took ${ms.toFixed(0)} ms behind the requests`);
      assert.equal((await store.getSession('busy-1'))?.seq, 1);
      await Promise.all(slow);
    } finally {
      await store.close();
      await db.drop();
    }
  });
});
