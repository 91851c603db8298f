/**
 * Reads a contacts CSV on a worker thread: a 100,000-row upload parses and checks for seconds, which on
 * the main thread would delay every call's media and every live update meanwhile.
 */
import type { CountryCode } from '@livespace/domain';
import type { ContactsCsv } from './contacts-csv';
import { startWorker, workerUrl } from '../worker/start-worker';

const WORKER_URL = workerUrl('contacts-csv.worker', import.meta.url);

export function readContactsCsvOffThread(text: string, country: CountryCode): Promise<ContactsCsv> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(WORKER_URL);
    let settled = false;
    const done = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.once('message', (r: ContactsCsv) => done(() => resolve(r)));
    worker.once('error', (err) => done(() => reject(err)));
    worker.once('exit', (code) => done(() => reject(new Error(`the CSV reader stopped (exit ${code})`))));
    worker.postMessage({ text, country });
  });
}
