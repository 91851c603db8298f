/**
 * Worker thread: the embedded database (PGlite, PostgreSQL compiled to WebAssembly) runs here, so its
 * queries never block the event loop that serves calls. Speaks `PgliteRequest`/`PgliteReply` with
 * pglite-thread.ts; a transaction holds PGlite's own lock until the main thread commits or rolls back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { seedFromTemplate } from './pglite-template';
import type { PgliteReply, PgliteRequest } from './pglite-thread';

const port = parentPort!;
const { dataDir, sharedBuffers } = workerData as { dataDir: string; sharedBuffers?: string };
const ready = (async () => {
  // A new data folder starts as a copy of the empty cluster made at build time, not with PGlite's slow initdb. Copied
  // here, on this thread, while the main thread loads the rest of the server; a failure fails every request, `select 1`
  // first.
  seedFromTemplate(dataDir);
  return PGlite.create({
    dataDir,
    // Trigram indexes (migration 016: a caller's number found by any run of its digits).
    extensions: { pg_trgm },
    // The buffer cache is allocated in the WebAssembly heap and touched at start: its size is most of PGlite's memory.
    ...(sharedBuffers ? { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`] } : {}),
  });
})();
/** Open transactions by id: their client, and how the main thread ends them. */
const open = new Map<number, { tx: Transaction; end(commit: boolean): void }>();

function reply(r: PgliteReply): void {
  port.postMessage(r);
}

function fail(id: number, err: unknown): void {
  const e = err as { message?: string; code?: string };
  reply({ id, ok: false, error: { message: e.message ?? String(err), ...(e.code ? { code: e.code } : {}) } });
}

port.on('message', (req: PgliteRequest) => {
  void handle(req).catch((err: unknown) => fail(req.id, err));
});

async function handle(req: PgliteRequest): Promise<void> {
  const db = await ready;
  switch (req.op) {
    case 'query': {
      const client = req.tx === undefined ? db : open.get(req.tx)?.tx;
      if (!client) throw new Error(`transaction ${req.tx} is not open`);
      const r = await client.query(req.text, req.params);
      return reply({ id: req.id, ok: true, rows: r.rows });
    }
    case 'exec':
      await db.exec(req.script);
      return reply({ id: req.id, ok: true });
    case 'batch':
      await db.transaction(async (tx) => {
        for (const s of req.statements) await tx.query(s.text, s.params);
      });
      return reply({ id: req.id, ok: true });
    case 'begin': {
      // PGlite commits when the callback returns and rolls back when it throws; the main thread says which.
      let began!: () => void;
      const started = new Promise<void>((r) => {
        began = r;
      });
      const done = db.transaction(
        (tx) =>
          new Promise<void>((resolve, reject) => {
            open.set(req.id, { tx, end: (commit) => (commit ? resolve() : reject(new Error('rolled back'))) });
            began();
          }),
      );
      await Promise.race([started, done]);
      reply({ id: req.id, ok: true });
      done.then(
        () => {
          open.delete(req.id);
          reply({ id: -req.id, ok: true });
        },
        (err: unknown) => {
          open.delete(req.id);
          (err as Error).message === 'rolled back' ? reply({ id: -req.id, ok: true }) : fail(-req.id, err);
        },
      );
      return;
    }
    case 'end':
      open.get(req.tx)?.end(req.commit);
      return;
    case 'close':
      await db.close();
      return reply({ id: req.id, ok: true });
  }
}
