/**
 * Keeps a number of simulated voice calls live on a bench's server: calls end when their conversation does, new ones
 * replace them.
 */
import { metricValue, scrape } from './prom';
import type { ServerProcess } from './server-process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface KeepCallsOptions {
  /** Personas taken in turn (default: the talking `chatter`). */
  personas?: readonly string[];
  /** The AI agent that answers (default: the number's). */
  agentId?: string;
  /** Most calls placed per round (every 500 ms). */
  perRound?: number;
}

export function keepCallsUp(
  server: ServerProcess,
  target: number,
  opts: KeepCallsOptions = {},
): { stop(): void; placed(): number } {
  const personas = opts.personas ?? ['chatter'];
  let placed = 0;
  let stopped = false;
  void (async () => {
    while (!stopped) {
      // The server may be gone (stopping, or died): the bench notices; this loop only must not crash it.
      const live =
        metricValue(await scrape(server.url).catch(() => ''), 'livespace_live_sessions', { channel: 'voice' }) || 0;
      const missing = Math.max(0, Math.min(opts.perRound ?? 50, target - live));
      await Promise.all(
        Array.from({ length: missing }, (_, i) =>
          server
            .api('/api/simulator/calls', {
              persona: personas[(placed + i) % personas.length],
              channel: 'voice',
              ...(opts.agentId ? { agentId: opts.agentId } : {}),
            })
            .catch(() => {}),
        ),
      );
      placed += missing;
      await sleep(500);
    }
  })();
  return {
    stop: () => {
      stopped = true;
    },
    placed: () => placed,
  };
}
