/**
 * The work that runs by itself once the server answers: due callbacks, the campaigns' dialer, retention, and the
 * sweeps of presence and of ended logins. (The process's heartbeat starts earlier, with the session engine.)
 */
import { RetentionJob, type PresenceService, type QueueStatsService, type RecordingEraser } from '@livespace/app';
import type { AuthService } from './auth/auth-service';
import type { Core } from './core';
import type { Demo } from './demo';
import type { OutboundJobs } from './engine';
import { storeErrorForLog } from './http/errors';
import type { LiveGateway } from './live/gateway';

export interface BackgroundDeps {
  jobs: OutboundJobs;
  recordings: RecordingEraser;
  auth: AuthService;
  presence: PresenceService;
  gateway: LiveGateway;
  queueStats: QueueStatsService;
  demo: Demo | null;
}

export function startBackgroundJobs(core: Core, deps: BackgroundDeps) {
  deps.jobs.callbacks.start();
  deps.jobs.campaigns.start();
  return { retention: startRetention(core, deps.recordings), ...startSweeps(core, deps) };
}

export type BackgroundJobs = ReturnType<typeof startBackgroundJobs>;

/** Retention: every process checks hourly (first soon after start); the store lets one of them run each UTC day. */
function startRetention({ config, log, clock, store }: Core, recordings: RecordingEraser): RetentionJob {
  const retention = new RetentionJob({
    store,
    clock,
    recordings,
    policy: {
      transcriptDays: config.LIVESPACE_RETENTION_DAYS,
      recordingDays: config.LIVESPACE_RECORDING_RETENTION_DAYS ?? config.LIVESPACE_RETENTION_DAYS,
      auditDays: config.LIVESPACE_AUDIT_RETENTION_DAYS,
    },
    onRun: (report) =>
      log.info({ component: 'retention', ...report }, "retention: the day's run deleted old sessions and recordings"),
    onError: (err, during) =>
      log.error(
        { component: 'retention', err: storeErrorForLog(err), during },
        "retention failed (a failed check is tried again within the hour; a run cut short is finished by the next day's)",
      ),
  });
  retention.start({ firstDelayMs: 2000, everyMs: 3_600_000 });
  return retention;
}

function startSweeps({ config, log }: Core, { auth, presence, gateway, queueStats, demo }: BackgroundDeps) {
  // Presence: connected agents are seen (the simulated ones count as connected); the figures are refreshed too (the
  // day's reset, waits growing).
  const presenceSweep = setInterval(
    () => {
      presence
        .sweep([...gateway.connectedUserIds(), ...(demo?.userIds() ?? [])])
        .catch((err: unknown) => log.error({ err }, 'presence sweep failed'));
      queueStats.changed();
    },
    Math.min(15_000, Math.max(1000, Math.floor(config.LIVESPACE_AGENT_GONE_MS / 4))),
  );
  presenceSweep.unref();
  // Word of an ended login lost in a bus outage: its WebSockets close within 5 s anyway (expiry closes them on time).
  const loginSweep = setInterval(() => {
    gateway
      .recheckLogins((tokenHash) => auth.isLive(tokenHash))
      .catch((err: unknown) => log.error({ err }, 'login recheck failed'));
  }, 5000);
  loginSweep.unref();
  return { presenceSweep, loginSweep };
}
