/** Worker thread: reads one contacts CSV off the event loop that serves calls (see read-contacts-csv.ts). */
import { parentPort } from 'node:worker_threads';
import type { CountryCode } from '@livespace/domain';
import { runInBackground } from '../worker/background-priority';
import { readContactsCsv } from './contacts-csv';

runInBackground();
parentPort!.once('message', (job: { text: string; country: CountryCode }) => {
  parentPort!.postMessage(readContactsCsv(job.text, job.country));
});
