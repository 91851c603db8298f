/** The load: an agent whose flow loops forever, and 1,000 "chatter" callers who never stop talking to it. */
import type { ServerProcess } from './server-process';

/**
 * The agent's lines set the event rate (the issue asks ~5 transcript events a second per call): while a line
 * plays, its words appear as partials every LIVESPACE_PARTIAL_MS (200 ms) when they change, and each line,
 * node and matched intent is one more event. Tune these texts, never the product, to move the rate.
 *
 * Why the " - ": text-only speech is paced at ~230 ms a word (speech/estimate.ts), slower than the 200 ms
 * partial interval, so plain sentences give ~4 partials a second and a whole call ~3.5 events/s. A
 * free-standing "-" is a word to partialText but takes no speaking time and no pause, so the agent's hesitant
 * listener lines update every 200 ms. With the chatter caller's fixed lines and the 700 ms reply pause this
 * gives ~4.7 events/s per call at best, the most one say node and one ask allow. ASCII on purpose: one
 * non-Latin-1 character ("…") turns a whole batched frame into a two-byte string, which made Buffer.byteLength
 * and UTF-8 encoding in ws.send cost the server ~15% more in a profile; the chatter caller's lines are ASCII too.
 */
const LOAD_AGENT = {
  name: 'Bench load agent',
  voice: 'en-us',
  flow: {
    start: 'ask',
    nodes: {
      ask: {
        type: 'ask',
        prompt: 'So - and - what - else - happened - then - to - you - today?',
        intents: [{ name: 'any', when: { any: true }, next: 'nod' }],
      },
      nod: {
        type: 'say',
        next: 'ask',
        text: 'Mm - right - I see - go on - and then - oh - really - wow - okay - uh huh - mm - yes - and - then - what - did - you - do - about - it - all - mm - hm - right - I see',
      },
    },
  },
};

export async function createLoadAgent(server: ServerProcess): Promise<string> {
  const agent = await server.api<{ id: string }>('/api/agents', LOAD_AGENT);
  return agent.id;
}

/**
 * Places `n` simulated calls at about `perSecond`, so the calls' turns do not all start on the same tick.
 * Returns their session ids.
 */
export async function placeCalls(
  server: ServerProcess,
  agentId: string,
  n: number,
  perSecond: number,
): Promise<string[]> {
  const ids: string[] = [];
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < n; i++) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const p = server
      .api<{ sessionId: string }>('/api/simulator/calls', { persona: 'chatter', agentId })
      .then((r) => {
        ids.push(r.sessionId);
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= 32) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return ids;
}
