import { describe, it } from 'node:test';
import { createTestDatabase } from '../../../../tests/support/test-database';
import { PostgresStore } from './postgres.store';
import { storeContract } from './testing/store.contract';

const url = process.env.DATABASE_URL;
if (url) {
  storeContract('PostgreSQL (DATABASE_URL)', async () => {
    const db = await createTestDatabase(url);
    return { store: await PostgresStore.open({ databaseUrl: db.url, dataDir: '' }), cleanup: () => db.drop() };
  });
} else {
  describe('Store contract: PostgreSQL', () => {
    it('runs when DATABASE_URL is set', { skip: 'DATABASE_URL is not set' }, () => {});
  });
}
