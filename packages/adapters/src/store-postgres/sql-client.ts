/**
 * The little SQL surface the store needs, over PGlite (embedded, on its own thread: pglite-thread.ts) or node-postgres
 * (a server). Both throw the store port's `StoreError` for a permanent refusal (`asStoreError`); other errors are
 * outages, thrown as they are.
 */
import { StoreError } from '@livespace/app/ports/index';
import { oneMessage } from './one-message';

export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

/** A statement whose result nobody reads (a write of a batch). */
export interface Statement {
  text: string;
  params?: unknown[];
}

export interface SqlClient extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs a script of several statements (migrations). */
  exec(script: string): Promise<void>;
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Runs `statements` in order in one transaction, all or none, with no round trip between them: one script
   * (one-message.ts), on the embedded database in one message to its thread, on PostgreSQL in one Query message. On
   * PostgreSQL on connections of their own (the event log's commits), so the calls' events never queue behind
   * requests: 100 human agents racing for one escalation hold the request pool for a moment, not the commits.
   */
  batch(statements: readonly Statement[]): Promise<void>;
  /** Queries on the connections `batch` commits on: what a commit reads before it writes. */
  readonly commits: Sql;
  close(): Promise<void>;
}

/**
 * A database error that retrying can never change, as the store port's `StoreError`: SQLSTATE class 22 (data
 * exception: a NUL in text, an invalid byte sequence…), 23 (integrity constraint violation; 23505 unique_violation
 * is `duplicate`) or 54 (program limit exceeded: a row too large). Anything else (a lost connection, a database
 * restarting, an error that is not the database's) is returned as it is.
 */
export function asStoreError<E>(err: E): E | StoreError {
  if (err instanceof StoreError) return err;
  const code = (err as { code?: unknown } | null | undefined)?.code;
  if (typeof code !== 'string' || !/^(22|23|54)[0-9A-Z]{3}$/.test(code)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new StoreError(code === '23505' ? 'duplicate' : 'refused', code, message, { cause: err });
}

/** `promise`, its refusals as `StoreError`. */
async function refusing<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (err) {
    throw asStoreError(err);
  }
}

/** Connections for requests, and apart from them for the event log's commits (as many as its lanes: engine.ts). */
const REQUEST_CONNECTIONS = 8;
const COMMIT_CONNECTIONS = 4;

/** node-postgres pools on DATABASE_URL. */
export async function openPostgres(url: string): Promise<SqlClient> {
  // Loaded here: a server on the embedded PGlite never needs node-postgres (~80 ms of start-up).
  const [{ default: pg }, { pgLiterals }] = await Promise.all([import('pg'), import('./pg-literals')]);
  const pool = new pg.Pool({ connectionString: url, max: REQUEST_CONNECTIONS });
  const commitPool = new pg.Pool({ connectionString: url, max: COMMIT_CONNECTIONS });
  for (const p of [pool, commitPool])
    p.on('error', () => {
      /* an idle client died; the pool replaces it */
    });
  const queryOn =
    (p: InstanceType<typeof pg.Pool>) =>
    async <T>(text: string, params?: unknown[]): Promise<T[]> =>
      (await refusing(p.query(text, params as unknown[]))).rows as T[];
  const transactionOn = async <T>(p: InstanceType<typeof pg.Pool>, fn: (tx: Sql) => Promise<T>): Promise<T> => {
    const c = await p.connect();
    try {
      await c.query('begin');
      const result = await fn({
        query: async <R>(t: string, params?: unknown[]) =>
          (await refusing(c.query(t, params as unknown[]))).rows as R[],
      });
      await c.query('commit');
      return result;
    } catch (err) {
      await c.query('rollback').catch(() => {});
      // A commit can be refused too (a deferred constraint).
      throw asStoreError(err);
    } finally {
      c.release();
    }
  };
  const client: SqlClient = {
    kind: 'postgres',
    query: queryOn(pool),
    exec: async (script) => {
      await refusing(pool.query(script));
    },
    transaction: (fn) => transactionOn(pool, fn),
    batch: async (statements) => {
      const [only] = statements;
      if (statements.length === 1 && only) {
        await refusing(commitPool.query(only.text, only.params as unknown[]));
        return;
      }
      // One message, one round trip (one-message.ts); statement by statement when a value cannot be written in it.
      const script = oneMessage(statements, pgLiterals);
      if (script !== null) {
        await refusing(commitPool.query(script));
        return;
      }
      await transactionOn(commitPool, async (tx) => {
        for (const s of statements) await tx.query(s.text, s.params);
      });
    },
    commits: { query: queryOn(commitPool) },
    close: async () => {
      await Promise.all([pool.end(), commitPool.end()]);
    },
  };
  await client.query('select 1');
  return client;
}
