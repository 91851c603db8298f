/**
 * Post-call summaries a stopped process never wrote: for the sessions it left open (ended as orphans on the next
 * start, or by another process's heartbeat) and for those whose summary the chat model was still writing when it
 * stopped. Each gets its summary now, like any session that ends.
 */
import type { Clock, PostCallSummaries, Store } from '@livespace/app';
import { detailFromEvents, type Agent } from '@livespace/protocol';

/** How far back a start looks for sessions left without a summary. */
const LOOKBACK_MS = 24 * 3_600_000;
/** Another process may still be writing a summary this young (its chat model has up to 30 s): left to it. */
const OTHERS_GRACE_MS = 120_000;
/** At most this many at a start (each may be a chat model request). */
const BATCH = 200;

type AgentOf = (id: string) => Agent | undefined;

/** Summarizes these ended sessions (read from the store now: they no longer change). */
export async function summarizeSessions(
  store: Store,
  summaries: PostCallSummaries,
  agent: AgentOf,
  ids: readonly string[],
): Promise<void> {
  for (const id of ids) {
    const detail = detailFromEvents(await store.sessionEvents(id, 0));
    if (detail) summaries.summarize(detail, agent(detail.agentId)?.summaryFields ?? []);
  }
}

/**
 * At a start: the sessions this start just ended as orphans, and the day's other ended sessions without a summary —
 * alone (`singleProcess`) every one is this process's to finish; beside others, only those ended long enough ago that
 * no process is still writing theirs. Each once; answers how many.
 */
export async function summarizeLeftovers(
  store: Store,
  summaries: PostCallSummaries,
  agent: AgentOf,
  clock: Clock,
  opts: { singleProcess: boolean; justEnded: readonly string[] },
): Promise<number> {
  const now = clock.now().getTime();
  const found = await store.unsummarizedSessions(
    new Date(now - LOOKBACK_MS),
    new Date(opts.singleProcess ? now + 1 : now - OTHERS_GRACE_MS),
    BATCH,
  );
  const ids = [...new Set([...opts.justEnded, ...found])];
  await summarizeSessions(store, summaries, agent, ids);
  return ids.length;
}
