/** The waiting line of synthesis jobs: urgent ones (a supervisor's barge, a person's words) go before the AI's. */
export interface QueuedJob {
  urgent: boolean;
}

/** Adds `job` behind the other urgent jobs when it is urgent, else at the end. */
export function enqueue<J extends QueuedJob>(queue: J[], job: J): void {
  if (!job.urgent) {
    queue.push(job);
    return;
  }
  const firstRoutine = queue.findIndex((j) => !j.urgent);
  queue.splice(firstRoutine === -1 ? queue.length : firstRoutine, 0, job);
}
