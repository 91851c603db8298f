/**
 * A refusal of the database (SQLSTATE class 22, 23, 54) reaches the store's callers as the store port's StoreError,
 * through every path of the SQL client (query, exec, transaction, batch), on PGlite and, when DATABASE_URL is set,
 * on PostgreSQL; anything else is thrown as it is.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoreError } from '@livespace/app';
import { openPgliteThread } from './pglite-thread';
import { asStoreError, openPostgres } from './sql-client';
import { line, testStores } from './testing/test-stores';

/** A StoreError of `reason` whose SQLSTATE matches `code`, keeping the database's error as its cause. */
const refusal =
  (reason: StoreError['reason'], code: RegExp) =>
  (err: unknown): boolean => {
    assert.ok(err instanceof StoreError, `a StoreError, not ${String(err)}`);
    assert.equal(err.reason, reason);
    assert.match(err.code, code);
    assert.equal(err.message, (err.cause as Error).message);
    assert.equal((err.cause as { code?: string }).code, err.code);
    return true;
  };
const duplicate = refusal('duplicate', /^23505$/);

/** Each store with a SQL client of the same engine (a database of its own). */
const engines = testStores('livespace-store-error-').map(
  ([name, open]) =>
    [
      name,
      async () => {
        const { store, databaseUrl, cleanup } = await open();
        const client = databaseUrl ? await openPostgres(databaseUrl) : await openPgliteThread('memory://');
        return {
          client,
          store,
          cleanup: async () => {
            await client.close();
            await store.close();
            await cleanup();
          },
        };
      },
    ] as const,
);

for (const [name, open] of engines) {
  describe(`StoreError on ${name}`, () => {
    it('a duplicate or refused write through the store is a StoreError, with the SQLSTATE as its code', async () => {
      const { store, cleanup } = await open();
      try {
        await store.migrate();
        await store.appendEvents([line('s1', 1, 'hello')]);
        await assert.rejects(store.appendEvents([line('s1', 1, 'again')]), duplicate);
        await assert.rejects(store.appendEvents([line('s2', 1, 'bad \u0000 byte')]), refusal('refused', /^22/));
        const user = {
          id: 'usr_1',
          email: 'a@example.com',
          name: 'A',
          role: 'admin' as const,
          queues: [],
          passwordHash: 'x',
        };
        await store.createUser(user);
        await assert.rejects(store.createUser({ ...user, id: 'usr_2' }), duplicate);
      } finally {
        await cleanup();
      }
    });

    it('the SQL client turns refusals into StoreError on query, exec, transaction and batch; other errors pass as they are', async () => {
      const { client, cleanup } = await open();
      try {
        await client.exec('create table t (id int primary key, n smallint)');
        await client.query('insert into t (id) values (1)');
        await assert.rejects(client.query('insert into t (id) values (1)'), duplicate);
        await assert.rejects(client.exec('insert into t (id) values (1)'), duplicate);
        await assert.rejects(client.query('insert into t (id, n) values (2, 100000)'), refusal('refused', /^22003$/));
        await assert.rejects(
          client.transaction((tx) => tx.query('insert into t (id) values (1)')),
          duplicate,
        );
        await assert.rejects(
          client.batch([{ text: 'insert into t (id) values (3)' }, { text: 'insert into t (id) values (1)' }]),
          duplicate,
        );
        assert.deepEqual(
          await client.query('select id from t order by id'),
          [{ id: 1 }],
          'nothing of the refused batch is written',
        );
        await assert.rejects(client.query('select * from no_such_table'), (err: unknown) => {
          assert.ok(!(err instanceof StoreError));
          assert.equal((err as { code?: string }).code, '42P01');
          return true;
        });
      } finally {
        await cleanup();
      }
    });
  });
}

describe('asStoreError', () => {
  it('maps SQLSTATE classes 22, 23 and 54, and leaves anything else alone', () => {
    const pg = (code: string) => Object.assign(new Error(`e ${code}`), { code });
    assert.equal((asStoreError(pg('23505')) as StoreError).reason, 'duplicate');
    for (const code of ['23503', '22P05', '22001', '54000'])
      assert.equal((asStoreError(pg(code)) as StoreError).reason, 'refused', code);
    for (const err of [
      pg('40001'),
      pg('57P01'),
      pg('08006'),
      pg('ECONNRESET'),
      pg('2350'),
      new Error('x'),
      null,
      undefined,
      'text',
    ]) {
      assert.equal(asStoreError(err), err);
    }
    const already = new StoreError('duplicate', '23505', 'dup');
    assert.equal(asStoreError(already), already);
  });
});
