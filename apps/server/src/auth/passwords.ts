/**
 * Password hashing with bcrypt (the native `bcrypt` package; same hash format as before), on worker threads of its
 * own at background priority (runInBackground): a burst of sign-ins takes the CPU the calls leave, not the other way
 * round, and never fills libuv's thread pool, which file reads share. The threads start with the first hashes (at
 * most one per core, up to four) and keep the process alive only while a hash runs.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker, workerUrl } from '@livespace/adapters/worker/start-worker';
import type { HashJob, HashReply } from './password-hashing.worker';

const ROUNDS = 10;
const WORKER_URL = workerUrl('password-hashing.worker', import.meta.url);
const MAX_THREADS = Math.max(1, Math.min(4, availableParallelism()));

interface Waiting {
  resolve(value: string | boolean): void;
  reject(err: Error): void;
}
interface HashingThread {
  worker: Worker;
  /** Jobs sent to it and not answered yet, by id: it runs them one after the other. */
  running: Map<number, Waiting>;
}

const threads: HashingThread[] = [];
let nextId = 1;

export const hashPassword = (password: string): Promise<string> =>
  run({ op: 'hash', password, rounds: ROUNDS }) as Promise<string>;
export const verifyPassword = (password: string, hash: string): Promise<boolean> =>
  run({ op: 'verify', password, hash }) as Promise<boolean>;

function run(job: Omit<Extract<HashJob, { op: 'hash' }>, 'id'> | Omit<Extract<HashJob, { op: 'verify' }>, 'id'>) {
  const thread = leastBusy();
  const id = nextId++;
  return new Promise<string | boolean>((resolve, reject) => {
    thread.running.set(id, { resolve, reject });
    if (thread.running.size === 1) thread.worker.ref();
    thread.worker.postMessage({ ...job, id } satisfies HashJob);
  });
}

/** An idle thread, else a new one while there is room, else the one with the fewest jobs waiting. */
function leastBusy(): HashingThread {
  const idle = threads.find((t) => t.running.size === 0);
  if (idle) return idle;
  if (threads.length < MAX_THREADS) return startThread();
  return threads.reduce((a, b) => (b.running.size < a.running.size ? b : a));
}

function startThread(): HashingThread {
  const worker = startWorker(WORKER_URL);
  const thread: HashingThread = { worker, running: new Map() };
  threads.push(thread);
  worker.unref();
  worker.on('message', (r: HashReply) => {
    const waiting = thread.running.get(r.id);
    if (!waiting) return;
    thread.running.delete(r.id);
    if (thread.running.size === 0) worker.unref();
    if (r.ok) waiting.resolve(r.value);
    else waiting.reject(new Error(r.message));
  });
  // A thread that failed or stopped answers its jobs with the error; the next hash starts a new one.
  const fail = (err: Error) => {
    const at = threads.indexOf(thread);
    if (at >= 0) threads.splice(at, 1);
    for (const waiting of thread.running.values()) waiting.reject(err);
    thread.running.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the password hashing thread stopped (exit ${code})`)));
  return thread;
}
