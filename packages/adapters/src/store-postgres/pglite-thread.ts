/**
 * The embedded database on its own thread: a `SqlClient` whose PGlite runs in a worker (pglite.worker.ts),
 * in a data folder (or in memory for 'memory://'). The main thread only posts queries and receives rows.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker, workerUrl } from '../worker/start-worker';
import { asStoreError, type Sql, type SqlClient, type Statement } from './sql-client';

/** A message to the worker. `begin` opens a transaction whose id is the request's; `end` commits or rolls it back. */
export type PgliteRequest =
  | { id: number; op: 'query'; text: string; params?: unknown[]; tx?: number }
  | { id: number; op: 'exec'; script: string }
  /** Statements run in order in one transaction. */
  | { id: number; op: 'batch'; statements: readonly Statement[] }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' };

/** The worker's answer to request `id` (a transaction's end answers `-id`). */
export type PgliteReply =
  | { id: number; ok: true; rows?: unknown[] }
  | { id: number; ok: false; error: { message: string; code?: string } };

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

const WORKER_URL = workerUrl('pglite.worker', import.meta.url);

/**
 * A PostgreSQL error from the worker: its message and SQLSTATE `code` (a refusal reaches the store as the `StoreError`
 * it causes).
 */
class PgliteError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * `sharedBuffers`: PostgreSQL's buffer cache inside PGlite's WebAssembly heap (`shared_buffers`, e.g. `32MB`); PGlite's
 * default is 128MB.
 */
export async function openPgliteThread(dataDir: string, opts: { sharedBuffers?: string } = {}): Promise<SqlClient> {
  // A new data folder starts as a copy of the empty cluster made at build time (pglite-template.ts), not with PGlite's
  // slow initdb: the worker copies it before it opens PGlite.
  const worker: Worker = startWorker(WORKER_URL, { workerData: { dataDir, sharedBuffers: opts.sharedBuffers } });
  const pending = new Map<number, { resolve(rows: unknown[]): void; reject(err: Error): void }>();
  let next = 1;
  let dead: Error | null = null;
  const failAll = (err: Error) => {
    dead = err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('message', (r: PgliteReply) => {
    const p = pending.get(r.id);
    if (!p) return;
    pending.delete(r.id);
    if (r.ok) p.resolve(r.rows ?? []);
    // Every query, exec, batch, transaction's begin and end answers here: a refusal becomes a StoreError once, for all
    // of them.
    else p.reject(asStoreError(new PgliteError(r.error.message, r.error.code)));
  });
  worker.on('error', (err) => failAll(err));
  worker.on('exit', (code) => failAll(new Error(`the database thread stopped (exit ${code})`)));

  /** Posts a request and waits for its answer. */
  const ask = (req: WithoutId<PgliteRequest>, id = next++): Promise<unknown[]> => {
    if (dead) return Promise.reject(dead);
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...req, id } as PgliteRequest);
    });
  };
  const sql = (tx?: number): Sql => ({
    query: async <T>(text: string, params?: unknown[]) =>
      (await ask({ op: 'query', text, ...(params ? { params } : {}), ...(tx !== undefined ? { tx } : {}) })) as T[],
  });

  const client: SqlClient = {
    kind: 'pglite',
    ...sql(),
    exec: async (script) => {
      await ask({ op: 'exec', script });
    },
    batch: async (statements) => {
      if (statements.length > 0) await ask({ op: 'batch', statements });
    },
    // One connection: the commits' reads queue with everything else.
    commits: sql(),
    async transaction(fn) {
      const tx = next++;
      const ended = new Promise<unknown[]>((resolve, reject) => pending.set(-tx, { resolve, reject }));
      try {
        await ask({ op: 'begin' }, tx);
      } catch (err) {
        pending.delete(-tx);
        throw err;
      }
      let result;
      try {
        result = await fn(sql(tx));
      } catch (err) {
        worker.postMessage({ id: next++, op: 'end', tx, commit: false } satisfies PgliteRequest);
        await ended.catch(() => {});
        throw err;
      }
      worker.postMessage({ id: next++, op: 'end', tx, commit: true } satisfies PgliteRequest);
      await ended;
      return result;
    },
    async close() {
      if (!dead) await ask({ op: 'close' }).catch(() => {});
      await worker.terminate();
    },
  };
  await client.query('select 1');
  return client;
}
