/** Worker thread: reads one contacts CSV off the event loop that serves calls (see read-contacts-csv.ts). */
import { parentPort } from 'node:worker_threads';
import type { CountryCode } from '@livespace/domain';
import { readContactsCsv } from './contacts-csv';

parentPort!.once('message', (job: { text: string; country: CountryCode }) => {
  parentPort!.postMessage(readContactsCsv(job.text, job.country));
});
