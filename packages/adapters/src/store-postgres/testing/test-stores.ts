/**
 * For the store's tests: the stores to run them on (PGlite in a folder of its own and, when DATABASE_URL is set, a
 * PostgreSQL database of its own), and a caller's line to write.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventWrite } from '@livespace/app';
import type { SessionSummary } from '@livespace/protocol';
import { createTestDatabase } from '../../../../../tests/support/test-database';
import { PostgresStore } from '../postgres.store';

interface TestStore {
  store: PostgresStore;
  /** The PostgreSQL database's URL; undefined on PGlite. */
  databaseUrl: string | undefined;
  /** Removes the folder or drops the database; close the store first. */
  cleanup(): Promise<void>;
}

/** By engine name, an opener of a fresh store; the PGlite folder is made in the temporary folder with this prefix. */
export function testStores(folderPrefix: string): Array<[string, () => Promise<TestStore>]> {
  const stores: Array<[string, () => Promise<TestStore>]> = [
    [
      'PGlite',
      async () => {
        const dir = await mkdtemp(join(tmpdir(), folderPrefix));
        return {
          store: await PostgresStore.open({ dataDir: dir }),
          databaseUrl: undefined,
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
        return {
          store: await PostgresStore.open({ databaseUrl: db.url, dataDir: '' }),
          databaseUrl: db.url,
          cleanup: () => db.drop(),
        };
      },
    ]);
  }
  return stores;
}

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

/** The caller's line `text` as event `seq` of session `id`, with the session's summary. */
export const line = (id: string, seq: number, text: string): EventWrite => ({
  sessionId: id,
  event: { type: 'line.final', seq, at: '2026-12-04T10:00:01.000Z', lineId: `l${seq}`, speaker: 'caller', text },
  summary: summary(id, seq),
});
