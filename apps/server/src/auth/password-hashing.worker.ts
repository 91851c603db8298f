/**
 * Worker thread: bcrypt, one hash at a time, at background priority (see passwords.ts). Speaks `HashJob` / `HashReply`
 * with passwords.ts.
 */
import { parentPort } from 'node:worker_threads';
import bcrypt from 'bcrypt';
import { runInBackground } from '@livespace/adapters/worker/background-priority';

export type HashJob =
  | { id: number; op: 'hash'; password: string; rounds: number }
  | { id: number; op: 'verify'; password: string; hash: string };
export type HashReply = { id: number; ok: true; value: string | boolean } | { id: number; ok: false; message: string };

runInBackground();
parentPort!.on('message', (job: HashJob) => {
  try {
    const value =
      job.op === 'hash' ? bcrypt.hashSync(job.password, job.rounds) : bcrypt.compareSync(job.password, job.hash);
    parentPort!.postMessage({ id: job.id, ok: true, value } satisfies HashReply);
  } catch (err) {
    parentPort!.postMessage({
      id: job.id,
      ok: false,
      message: err instanceof Error ? err.message : String(err),
    } satisfies HashReply);
  }
});
