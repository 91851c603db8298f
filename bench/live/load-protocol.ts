/** IPC between the load run and its client processes. */
import type { EventWrite } from '@livespace/app';
import type { SessionsView } from '@livespace/protocol/sessions-view';
import type { Histogram } from './histogram';

export type LoadClientIn =
  | {
      type: 'init';
      url: string;
      token: string;
      sessionsClients: number;
      /** The `sessions` clients' view (Live Calls asks for `{limit: 100, intervalMs: 250}`); none: every live session. */
      sessionsView?: SessionsView;
      sessionTopics: string[];
      recordMax: number;
    }
  | { type: 'start' }
  | { type: 'stop' };

export interface LoadClientResult {
  type: 'result';
  /** Latencies of `sessions` topic upserts (from summary.lastLine.at) and of `session:<id>` events (from event.at). */
  sessionsLatency: Histogram;
  sessionLatency: Histogram;
  sessionsEvents: number;
  sessionEvents: number;
  /** Connections the server closed during the window (e.g. 4008 too slow). */
  closed: number;
  cpuSeconds: number;
  /** This client process's own event-loop delay p99: how long frames may have waited here before being timed. */
  loopDelayP99Ms: number;
  seconds: number;
  recorded: EventWrite[];
}

export type LoadClientOut = { type: 'ready' } | LoadClientResult;

/** `--sessions-view`: what the `sessions` clients subscribe to. */
export const SESSIONS_VIEW_OPTION = { 'sessions-view': { type: 'string', default: 'live-calls' } } as const;

/**
 * live-calls: the window and filters the Live Calls tab asks for (its first 100 rows and the counts: docs/api.md), sent
 * every tick of the gateway: the tab also asks for its changes only every 250 ms (`intervalMs`), which would measure
 * that choice and not the gateway's latency. all: every live session (no view), as an integration that lists every
 * call would. With its label for the tables.
 */
export function sessionsViewOf(name: string): { view?: SessionsView; label: string } {
  if (name === 'live-calls')
    return { view: { limit: 100 }, label: "Live Calls' view (the first 100 rows and the counts)" };
  if (name === 'all') return { label: 'every live session (no view)' };
  throw new Error('--sessions-view is live-calls or all');
}
