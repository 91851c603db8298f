/**
 * A batch as one Query message: the parameters written as the literals node-postgres would have sent; on PGlite and on
 * a real PostgreSQL (DATABASE_URL) the values read back exactly as written by parameters, the statements in order in
 * one transaction, and the connections usable after a refusal.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestDatabase } from '../../../../tests/support/test-database';
import { oneMessage } from './one-message';
import { pgLiterals as writer } from './pg-literals';
import { openPgliteThread } from './pglite-thread';
import { openPostgres, type SqlClient } from './sql-client';

/** Strings a caller, an agent or a vendor may send: quotes, backslashes, placeholders, JSON, and beyond ASCII. */
const AWKWARD = [
  "O'Brien",
  "''",
  'C:\\calls\\new',
  "\\'; drop table t; --",
  'costs $1 and $20',
  '{"text":"she said \\"hi\\"\\n"}',
  'emoji 📞 and ünïcödé',
  ' leading and trailing ',
  '',
];

describe('oneMessage', () => {
  it('writes each parameter as node-postgres sends it, quoted, and $10 apart from $1', () => {
    const script = oneMessage(
      [
        { text: 'insert into t values ($1, $2, $3, $4)', params: ["it's", 'a\\b', null, 42] },
        {
          text: 'select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text[]',
          params: [1, 2, 3, 4, 5, 6, 7, 8, 9, ['x', 'y,z']],
        },
        { text: 'update t set n = n + 1' },
      ],
      writer,
    );
    assert.equal(
      script,
      [
        `insert into t values ('it''s',  E'a\\\\b', NULL, '42')`,
        `select '1', '2', '3', '4', '5', '6', '7', '8', '9', '{"x","y,z"}'::text[]`,
        'update t set n = n + 1',
      ].join(';\n'),
    );
  });

  it('gives up (null) when a value cannot be written faithfully: NUL in a string, bytes, a missing parameter', () => {
    assert.equal(oneMessage([{ text: 'select $1', params: ['a\u0000b'] }], writer), null);
    assert.equal(oneMessage([{ text: 'select $1', params: [['ok', 'a\u0000b']] }], writer), null);
    assert.equal(oneMessage([{ text: 'select $1', params: [Buffer.from('ab')] }], writer), null);
    assert.equal(oneMessage([{ text: 'select $1, $2', params: ['a'] }], writer), null);
  });
});

const DATABASE_URL = process.env.DATABASE_URL;

type Engine = () => Promise<{ client: SqlClient; cleanup(): Promise<void> }>;

/** Each engine's SQL client on an empty database of its own. */
const engines: Array<[string, Engine]> = [
  [
    'PGlite',
    async () => {
      const client = await openPgliteThread('memory://');
      return { client, cleanup: () => client.close() };
    },
  ],
];
if (DATABASE_URL)
  engines.push([
    'PostgreSQL',
    async () => {
      const db = await createTestDatabase(DATABASE_URL);
      const client = await openPostgres(db.url);
      return {
        client,
        cleanup: async () => {
          await client.close();
          await db.drop();
        },
      };
    },
  ]);

for (const [name, openEngine] of engines)
  describe(`a batch in one message on ${name}`, () => {
    const open = async () => {
      const e = await openEngine();
      await e.client.exec('create table t (id int primary key, s text, j jsonb, a text[], n int, at timestamptz)');
      return e;
    };

    it('stores every value exactly as parameters do, and each statement sees the ones before it', async () => {
      const { client, cleanup } = await open();
      try {
        const at = new Date('2026-12-07T19:00:00.123Z');
        const insert = 'insert into t (id, s, j, a, n, at) values ($1, $2, $3::jsonb, $4::text[], $5, $6)';
        await client.batch([
          ...AWKWARD.map((s, i) => ({ text: insert, params: [i, s, JSON.stringify({ s }), [s, 'x'], -i, at] })),
          { text: 'update t set n = n * 10 where id = any($1::int[])', params: [[1, 2]] },
        ]);
        // The same rows written statement by statement with parameters, to compare.
        for (const [i, s] of AWKWARD.entries())
          await client.query(insert, [100 + i, s, JSON.stringify({ s }), [s, 'x'], -i, at]);
        await client.query('update t set n = n * 10 where id = any($1::int[])', [[101, 102]]);
        const rows = await client.query<{ id: number; s: string; j: unknown; a: string[]; n: number; at: Date }>(
          'select * from t order by id',
        );
        const batched = rows.filter((r) => r.id < 100);
        const alone = rows.filter((r) => r.id >= 100).map((r) => ({ ...r, id: r.id - 100 }));
        assert.deepEqual(batched, alone);
        assert.deepEqual(
          batched.map((r) => r.s),
          AWKWARD,
        );
        assert.deepEqual(batched[1], { id: 1, s: "''", j: { s: "''" }, a: ["''", 'x'], n: -10, at });
      } finally {
        await cleanup();
      }
    });

    it('a refused statement takes the whole batch back and leaves the connections usable', async () => {
      const { client, cleanup } = await open();
      try {
        await client.query('insert into t (id, s) values (1, $1)', ['first']);
        // More batches than the commit pool has connections: each must find its connection idle, not aborted.
        for (let round = 0; round < 6; round++) {
          await assert.rejects(
            client.batch([
              { text: 'insert into t (id, s) values ($1, $2)', params: [10 + round, 'kept?'] },
              { text: 'insert into t (id, s) values ($1, $2)', params: [1, 'duplicate'] },
            ]),
            { code: '23505' },
          );
        }
        await client.batch([
          { text: 'insert into t (id, s) values ($1, $2)', params: [2, 'second'] },
          { text: 'update t set s = s || $1', params: ['!'] },
        ]);
        assert.deepEqual(await client.query('select id, s from t order by id'), [
          { id: 1, s: 'first!' },
          { id: 2, s: 'second!' },
        ]);
      } finally {
        await cleanup();
      }
    });
  });
