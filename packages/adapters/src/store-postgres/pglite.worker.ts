/**
 * Worker thread: the embedded database (PGlite, PostgreSQL compiled to WebAssembly) runs here, so its
 * queries never block the event loop that serves calls. Speaks `PgliteRequest`/`PgliteReply` with
 * pglite-thread.ts; a transaction holds PGlite's own lock until the main thread commits or rolls back.
 */
import { writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { oneMessage, type LiteralWriter } from './one-message';
import { seedFromTemplate } from './pglite-template';
import type { PgliteReply, PgliteRequest } from './pglite-thread';

const port = parentPort!;
const { dataDir, sharedBuffers } = workerData as { dataDir: string; sharedBuffers?: string };
/**
 * Where the thread's time goes, for benches (LIVESPACE_PGLITE_PROFILE=<file>): per statement (its first 160
 * characters, whitespace folded), how many ran, their time from arrival to answer (waits for the connection
 * included) and their own time (from when the statement before ended, or it arrived, to its answer: PGlite runs one
 * at a time), written to the file every 5 s, busiest first.
 */
const profileFile = process.env.LIVESPACE_PGLITE_PROFILE;
const profile = new Map<string, { n: number; ms: number; own: number }>();
let lastEnd = 0;
async function timed<T>(text: string, run: () => Promise<T>): Promise<T> {
  if (!profileFile) return run();
  const t0 = performance.now();
  try {
    return await run();
  } finally {
    const t1 = performance.now();
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 160);
    const p = profile.get(key) ?? { n: 0, ms: 0, own: 0 };
    p.n++;
    p.ms += t1 - t0;
    p.own += t1 - Math.max(t0, lastEnd);
    lastEnd = t1;
    profile.set(key, p);
  }
}
if (profileFile) {
  const started = performance.now();
  setInterval(() => {
    const rows = [...profile].sort((a, b) => b[1].own - a[1].own);
    const own = rows.reduce((t, [, p]) => t + p.own, 0);
    const f = (ms: number) => ms.toFixed(0).padStart(8);
    const lines = rows.map(([k, p]) => `${f(p.own)} ${f(p.ms)} ${String(p.n).padStart(7)}× ${k}`);
    const secs = (performance.now() - started) / 1000;
    const head = `${secs.toFixed(0)} s; statements' own time ${own.toFixed(0)} ms (${((own / secs) * 0.1).toFixed(0)} %)\n  own ms  waited+own ms  count  statement`;
    writeFileSync(profileFile, `${head}\n${lines.join('\n')}\n`);
  }, 5000).unref();
}
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
/** node-postgres's literals (pg-literals.ts), loaded with the first batch: ~12 ms a server starting need not wait for. */
let loading: Promise<LiteralWriter> | undefined;
const literals = () => (loading ??= import('./pg-literals').then((m) => m.pgLiterals));
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
      const r = await timed(req.text, () => client.query(req.text, req.params));
      return reply({ id: req.id, ok: true, rows: r.rows });
    }
    case 'exec':
      await db.exec(req.script);
      return reply({ id: req.id, ok: true });
    case 'batch': {
      // One script, parsed and run by PGlite in one call (one-message.ts): less of its JavaScript per statement.
      const script = req.statements.length > 1 ? oneMessage(req.statements, await literals()) : null;
      await db.transaction(async (tx) => {
        if (script !== null) await timed(script, () => tx.exec(script));
        else for (const s of req.statements) await timed(s.text, () => tx.query(s.text, s.params));
      });
      return reply({ id: req.id, ok: true });
    }
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
