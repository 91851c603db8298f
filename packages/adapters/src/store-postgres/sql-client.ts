/** The little SQL surface the store needs, over PGlite (embedded, on its own thread: pglite-thread.ts) or node-postgres (a server). */

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
   * Runs `statements` in order in one transaction, all or none, with no round trip between them: on the embedded
   * database one message to its thread, so a commit never waits for the main thread to send its next statement.
   */
  batch(statements: readonly Statement[]): Promise<void>;
  close(): Promise<void>;
}

/** node-postgres pool on DATABASE_URL. */
export async function openPostgres(url: string): Promise<SqlClient> {
  // Loaded here: a server on the embedded PGlite never needs node-postgres (~80 ms of start-up).
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  pool.on('error', () => { /* an idle client died; the pool replaces it */ });
  const client: SqlClient = {
    kind: 'postgres',
    async query<T>(text: string, params?: unknown[]) {
      return (await pool.query(text, params as unknown[])).rows as T[];
    },
    exec: async (script) => { await pool.query(script); },
    async transaction(fn) {
      const c = await pool.connect();
      try {
        await c.query('begin');
        const result = await fn({ query: async <T>(t: string, p?: unknown[]) => (await c.query(t, p as unknown[])).rows as T[] });
        await c.query('commit');
        return result;
      } catch (err) {
        await c.query('rollback').catch(() => {});
        throw err;
      } finally {
        c.release();
      }
    },
    batch: (statements) => client.transaction(async (tx) => {
      for (const s of statements) await tx.query(s.text, s.params);
    }),
    close: () => pool.end(),
  };
  await client.query('select 1');
  return client;
}
