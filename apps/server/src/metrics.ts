/** Prometheus metrics of one server process. */
import client from 'prom-client';
import type { MediaPlane } from '@livespace/adapters/media/call-audio';
import type { MediaClockStats } from '@livespace/adapters/media/media-clock';

export function createMetrics(plane: MediaPlane) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  mediaClockMetrics(registry, plane);
  return {
    registry,
    liveSessions: new client.Gauge({
      name: 'livespace_live_sessions',
      help: 'Live sessions owned by this process',
      labelNames: ['channel'] as const,
      registers: [registry],
    }),
    sessionsStarted: new client.Counter({
      name: 'livespace_sessions_started_total',
      help: 'Sessions started',
      labelNames: ['channel', 'direction'] as const,
      registers: [registry],
    }),
    eventsCommitted: new client.Counter({
      name: 'livespace_events_committed_total',
      help: 'Session events committed to the store',
      registers: [registry],
    }),
    // Per event, exact: from the actor's append to the committed row.
    bargeLatency: new client.Histogram({
      name: 'livespace_barge_first_frame_seconds',
      help: 'From a barge request to the first frame of its audio leaving for the caller (synthesis included)',
      buckets: [0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5],
      registers: [registry],
    }),
    bargeStages: new client.Histogram({
      name: 'livespace_barge_stage_seconds',
      help: "A barge's first-frame time by stage: request (to its line's speaking), synthesis, send (to the first frame)",
      labelNames: ['stage'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5],
      registers: [registry],
    }),
    claimStages: new client.Histogram({
      name: 'livespace_claim_stage_seconds',
      help: "A won claim's time by stage: wait (behind this process's earlier claims on it), decide (the store's answer), hand_over (the call handed over and committed, the action recorded, the agent busy), and the hand-over's parts, which overlap: hand_over_commit, hand_over_record, hand_over_busy",
      labelNames: ['stage'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5],
      registers: [registry],
    }),
    speechFirstFrame: new client.Histogram({
      name: 'livespace_speech_first_frame_seconds',
      help: "From an AI or human line's words to its first audio frame leaving for the caller (synthesis and pacing included)",
      buckets: [0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5],
      registers: [registry],
    }),
    commitLag: new client.Histogram({
      name: 'livespace_event_commit_lag_seconds',
      help: 'From event to committed row, per event',
      buckets: [0.0025, 0.005, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5],
      registers: [registry],
    }),
    storeErrors: new client.Counter({
      name: 'livespace_store_errors_total',
      help: 'Failed store writes (retried)',
      registers: [registry],
    }),
    busErrors: new client.Counter({
      name: 'livespace_bus_publish_errors_total',
      help: 'Session event batches the bus refused (kept and retried in order)',
      registers: [registry],
    }),
    eventsRepaired: new client.Counter({
      name: 'livespace_events_repaired_total',
      help: 'Events the store refused as they were: stored cleaned of invalid text, or replaced by a note',
      labelNames: ['how'],
      registers: [registry],
    }),
    wsClients: new client.Gauge({
      name: 'livespace_ws_clients',
      help: 'Connected live WebSocket clients',
      registers: [registry],
    }),
    wsMessagesSent: new client.Counter({
      name: 'livespace_ws_messages_sent_total',
      help: 'Messages sent to live clients',
      registers: [registry],
    }),
    wsSlowDropped: new client.Counter({
      name: 'livespace_ws_slow_clients_dropped_total',
      help: 'Clients closed for falling behind',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** The media plane's 20 ms clock(s) that pace every call's audio: how many ticks ran, and how many ran late. */
function mediaClockMetrics(registry: client.Registry, plane: MediaPlane): void {
  // One question to the plane's threads per scrape, shared by its gauges.
  let asked: { at: number; stats: Promise<MediaClockStats> } | undefined;
  const stats = () => {
    const now = Date.now();
    if (!asked || now - asked.at > 100) asked = { at: now, stats: plane.clockStats() };
    return asked.stats;
  };
  const gauge = (name: string, help: string, read: (s: MediaClockStats) => number) =>
    new client.Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(read(await stats()));
      },
    });
  gauge('livespace_media_clock_ticks', 'Ticks of the 20 ms media clock since start', (s) => s.ticks);
  gauge('livespace_media_clock_late_10ms_ticks', 'Ticks run more than 10 ms late', (s) => s.lateOver10ms);
  gauge('livespace_media_clock_late_40ms_ticks', 'Ticks run more than 40 ms late', (s) => s.lateOver40ms);
  gauge('livespace_media_clock_skipped_ticks', 'Ticks dropped after a stall', (s) => s.skipped);
  gauge('livespace_media_clock_p99_late_seconds', 'p99 lateness of media ticks since start', (s) => s.p99LateMs / 1000);
  gauge('livespace_media_active_calls', 'Calls whose audio is being paced right now', (s) => s.handlers);
}
